//! A node table and an edge table (`nodes.csv`, `edges.csv`) in the columns Gephi's
//! spreadsheet import expects (`Id`, `Label`; `Source`, `Target`, `Type`, `Label`, `Weight`),
//! followed by the same attributes as the GraphML export. Absent values are empty cells.

use super::{clean, evidence_text, float, joined, sorted_edges, sorted_nodes};
use crate::graph::ActorGraph;
use std::io;
use std::path::Path;

const NODE_COLUMNS: &[&str] = &[
    "Id",
    "Label",
    "kind",
    "iso3",
    "qid",
    "community",
    "pagerank",
    "first_date",
    "last_date",
];

const EDGE_COLUMNS: &[&str] = &[
    "Source",
    "Target",
    "Type",
    "Label",
    "relation",
    "Weight",
    "first_date",
    "last_date",
    "evidence_count",
    "event_types",
    "outcomes",
    "evidence",
];

fn io_err(e: ::csv::Error) -> io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map(clean).unwrap_or_default()
}

/// Writes `nodes.csv` and `edges.csv` into `dir`, creating it if needed.
pub fn write_csv(graph: &ActorGraph, dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;

    let mut w = ::csv::Writer::from_path(dir.join("nodes.csv")).map_err(io_err)?;
    w.write_record(NODE_COLUMNS).map_err(io_err)?;
    for i in sorted_nodes(graph) {
        let n = &graph.graph[i];
        w.write_record([
            clean(&n.id),
            clean(&n.label),
            clean(&n.kind),
            opt(&n.iso3),
            opt(&n.qid),
            n.community.map(|c| c.to_string()).unwrap_or_default(),
            n.pagerank.and_then(float).unwrap_or_default(),
            opt(&n.first_date),
            opt(&n.last_date),
        ])
        .map_err(io_err)?;
    }
    w.flush()?;

    let mut w = ::csv::Writer::from_path(dir.join("edges.csv")).map_err(io_err)?;
    w.write_record(EDGE_COLUMNS).map_err(io_err)?;
    for (_, a, b, e) in sorted_edges(graph) {
        let rel = e.relation.as_str().to_string();
        w.write_record([
            clean(&a.id),
            clean(&b.id),
            (if e.directed() {
                "Directed"
            } else {
                "Undirected"
            })
            .to_string(),
            rel.clone(),
            rel,
            e.weight.to_string(),
            opt(&e.first_date),
            opt(&e.last_date),
            e.evidence.len().to_string(),
            clean(&joined(&e.event_types)),
            clean(&joined(&e.outcomes)),
            clean(&evidence_text(e)),
        ])
        .map_err(io_err)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn csv_tables_have_gephi_columns_and_quoted_text() {
        let dir = std::env::temp_dir()
            .join(format!("diplograph-export-csv-{}", std::process::id()))
            .join("nested");
        let _ = std::fs::remove_dir_all(&dir);
        write_csv(&sample(), &dir).expect("write csv");
        let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
        let lines: Vec<&str> = nodes.lines().collect();
        assert_eq!(
            lines[0],
            "Id,Label,kind,iso3,qid,community,pagerank,first_date,last_date"
        );
        assert_eq!(lines.len(), 5);
        assert_eq!(
            lines[1],
            "agreement:sochi-memorandum-2018,Sochi memorandum,agreement,,,1,0.125,,"
        );
        assert_eq!(
            lines[3],
            "state:RUS,Russia,state,RUS,Q159,0,0.25,2019,2020-02"
        );
        assert_eq!(
            lines[4],
            "state:USA,\"United States & <Allies> \"\"Co\"\" 'x'\",state,USA,Q30,0,0.5,2019,2020-02"
        );

        let mut r = ::csv::Reader::from_path(dir.join("edges.csv")).unwrap();
        assert_eq!(
            r.headers().unwrap().iter().collect::<Vec<_>>(),
            EDGE_COLUMNS.to_vec()
        );
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        let talks = &rows[2];
        assert_eq!(&talks[0], "state:RUS");
        assert_eq!(&talks[1], "state:USA");
        assert_eq!(&talks[2], "Undirected");
        assert_eq!(&talks[3], "talked_with");
        assert_eq!(&talks[5], "4");
        assert_eq!(&talks[8], "4");
        assert_eq!(&talks[9], "meeting,talks");
        assert_eq!(
            &talks[11],
            "d2#3: Moscow & Washington <failed> to agree on \"a deal\". | \
             d2#5: Talks\tresumed\r\nlater. | d3#1: Third."
        );
        assert_eq!(&rows[0][2], "Directed");
        assert_eq!(&rows[1][6], "");
        let _ = std::fs::remove_dir_all(dir.parent().unwrap());
    }
}
