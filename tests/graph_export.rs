//! The actor-graph exports through the binary: `diplograph build data/corpus`, then
//! `diplograph export --format graphml|gexf|csv`. GraphML and GEXF are validated with xmllint
//! against the official schemas in tests/schemas (Debian package libxml2-utils).

mod common;

use common::{run, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

fn ok(args: &[&str]) {
    let out = run(args, None);
    assert!(
        out.status.success(),
        "`diplograph {}` failed ({}):\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn schema(rel: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(rel);
    assert!(
        p.is_file(),
        "schema {} is missing (expected in tests/schemas)",
        p.display()
    );
    p
}

/// Validates `file` with xmllint; fails (never skips) when xmllint is missing.
fn xmllint(file: &Path, xsd: &str) {
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema(xsd))
        .arg(file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint could not run ({e}): install libxml2-utils (sudo apt-get install libxml2-utils, or scripts/setup)")
        });
    assert!(
        out.status.success(),
        "{} does not validate against {xsd}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The elements `<tag …>…</tag>` of a document, as text (the exports write one per block).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    let close = format!("</{tag}>");
    xml.match_indices(&open)
        .map(|(i, _)| {
            let rest = &xml[i..];
            let end = match rest.find(&close) {
                Some(e) => e + close.len(),
                None => rest.find("/>").expect("element end") + 2,
            };
            &rest[..end]
        })
        .collect()
}

/// The value of attribute `name` in the start tag of `element`.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let head = &element[..element.find('>')?];
    let pat = format!(" {name}=\"");
    let start = head.find(&pat)? + pat.len();
    Some(&head[start..start + head[start..].find('"')?])
}

/// The GraphML `<data key="…">` value in an element.
fn data<'a>(element: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("<data key=\"{key}\">");
    let start = element.find(&pat)? + pat.len();
    Some(&element[start..start + element[start..].find("</data>")?])
}

fn is_rus_usa(a: &str, b: &str) -> bool {
    (a, b) == ("state:RUS", "state:USA") || (a, b) == ("state:USA", "state:RUS")
}

#[test]
fn corpus_graph_exports_to_graphml_gexf_and_csv() {
    let dir = temp_dir("graph-export");
    let store = dir.join("store");
    let store = store.to_str().unwrap();
    ok(&["build", "data/corpus", "--store", store]);

    // GraphML.
    let graphml = dir.join("kg.graphml");
    ok(&[
        "export",
        "--format",
        "graphml",
        "-o",
        graphml.to_str().unwrap(),
        "--store",
        store,
    ]);
    xmllint(&graphml, "graphml/graphml.xsd");
    let x = std::fs::read_to_string(&graphml).unwrap();
    assert!(x.contains("<graph id=\"G\" edgedefault=\"directed\">"));
    for key in [
        "label",
        "kind",
        "iso3",
        "qid",
        "community",
        "pagerank",
        "first_date",
        "last_date",
    ] {
        assert!(
            x.contains(&format!("for=\"node\" attr.name=\"{key}\"")),
            "no node key {key}"
        );
    }
    for key in [
        "label",
        "type",
        "weight",
        "evidence_count",
        "event_types",
        "outcomes",
        "evidence",
    ] {
        assert!(
            x.contains(&format!("for=\"edge\" attr.name=\"{key}\"")),
            "no edge key {key}"
        );
    }
    let nodes = elements(&x, "node");
    let edges = elements(&x, "edge");
    assert!(
        nodes.len() > 10 && edges.len() > 10,
        "{} nodes, {} edges",
        nodes.len(),
        edges.len()
    );
    let node = |id: &str| {
        *nodes
            .iter()
            .find(|n| attr(n, "id") == Some(id))
            .unwrap_or_else(|| panic!("no node {id} in the GraphML"))
    };
    let rus = node("state:RUS");
    assert_eq!(data(rus, "n_label"), Some("Russia"));
    assert_eq!(data(rus, "n_kind"), Some("state"));
    assert_eq!(data(rus, "n_iso3"), Some("RUS"));
    assert_eq!(data(rus, "n_qid"), Some("Q159"));
    assert!(
        data(rus, "n_community").is_some(),
        "communities computed before export: {rus}"
    );
    assert!(
        data(rus, "n_pagerank").is_some(),
        "PageRank computed before export: {rus}"
    );
    let putin = node("person:vladimir-putin");
    assert_eq!(data(putin, "n_kind"), Some("person"));
    assert_eq!(data(putin, "n_label"), Some("Vladimir Putin"));
    // Edge ids e0, e1, … in order; every endpoint is a node (xmllint checks it too).
    for (i, e) in edges.iter().enumerate() {
        assert_eq!(attr(e, "id"), Some(format!("e{i}").as_str()));
    }
    let talks = edges
        .iter()
        .find(|e| {
            is_rus_usa(attr(e, "source").unwrap(), attr(e, "target").unwrap())
                && data(e, "e_type") == Some("talked_with")
        })
        .expect("a talked_with edge between Russia and the United States");
    assert_eq!(data(talks, "e_label"), Some("talked_with"));
    assert_eq!(data(talks, "e_directed"), Some("false"), "{talks}");
    let weight: f64 = data(talks, "e_weight").unwrap().parse().unwrap();
    assert!(weight >= 2.0, "{talks}");
    assert!(
        data(talks, "e_evidence").is_some_and(|e| e.contains('#')),
        "{talks}"
    );
    assert!(!x.contains("></data>"), "empty <data> written");

    // GEXF.
    let gexf = dir.join("kg.gexf");
    ok(&[
        "export",
        "--format",
        "gexf",
        "-o",
        gexf.to_str().unwrap(),
        "--store",
        store,
    ]);
    xmllint(&gexf, "gexf-1.3/gexf.xsd");
    let g = std::fs::read_to_string(&gexf).unwrap();
    assert!(
        g.contains("<graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">")
    );
    let gnodes = elements(&g, "node");
    let gedges = elements(&g, "edge");
    assert_eq!((gnodes.len(), gedges.len()), (nodes.len(), edges.len()));
    let grus = gnodes
        .iter()
        .find(|n| attr(n, "id") == Some("state:RUS"))
        .expect("state:RUS");
    assert_eq!(attr(grus, "label"), Some("Russia"));
    for n in &gnodes {
        for a in ["start", "end"] {
            if let Some(d) = attr(n, a) {
                assert!(
                    d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-',
                    "{n}"
                );
            }
        }
    }
    let gtalks = gedges
        .iter()
        .find(|e| {
            is_rus_usa(attr(e, "source").unwrap(), attr(e, "target").unwrap())
                && attr(e, "label") == Some("talked_with")
        })
        .expect("a talked_with edge in the GEXF");
    assert_eq!(attr(gtalks, "type"), Some("undirected"));
    assert!(attr(gtalks, "weight").unwrap().parse::<f64>().unwrap() >= 2.0);

    // CSV.
    let csv_dir = dir.join("csv");
    ok(&[
        "export",
        "--format",
        "csv",
        "-o",
        csv_dir.to_str().unwrap(),
        "--store",
        store,
    ]);
    let mut r = csv::Reader::from_path(csv_dir.join("nodes.csv")).expect("nodes.csv");
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&head[..2], ["Id", "Label"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), nodes.len());
    let crus = rows
        .iter()
        .find(|r| &r[0] == "state:RUS")
        .expect("state:RUS in nodes.csv");
    assert_eq!(
        (&crus[1], &crus[2], &crus[3], &crus[4]),
        ("Russia", "state", "RUS", "Q159")
    );
    let mut r = csv::Reader::from_path(csv_dir.join("edges.csv")).expect("edges.csv");
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        &head[..6],
        ["Source", "Target", "Type", "Label", "relation", "Weight"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), edges.len());
    let ctalks = rows
        .iter()
        .find(|r| is_rus_usa(&r[0], &r[1]) && &r[4] == "talked_with")
        .expect("talked_with in edges.csv");
    assert_eq!(&ctalks[2], "Undirected");
    assert!(ctalks[5].parse::<f64>().unwrap() >= 2.0);

    let _ = std::fs::remove_dir_all(&dir);
}
