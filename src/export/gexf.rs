//! GEXF 1.3 (<https://gexf.net/>): a dynamic graph Gephi's timeline can play.
//!
//! Nodes and edges with dates get `start`/`end` as `xs:date`: a partial date is widened to
//! the days it can mean (`2019` starts on 2019-01-01 and ends on 2019-12-31, `2020-02` ends on
//! 2020-02-29); undated nodes and edges have no `start`/`end` and so exist at all times.
//! Symmetric relations are `type="undirected"` edges in a graph whose default is directed.

use super::{
    end_day, evidence_text, float, joined, sorted_edges, sorted_nodes, start_day, xml_escape,
};
use crate::graph::ActorGraph;
use std::io::{self, Write};

/// (id, title, type) of node attributes.
const NODE_ATTRS: &[(&str, &str, &str)] = &[
    ("n_kind", "kind", "string"),
    ("n_iso3", "iso3", "string"),
    ("n_qid", "qid", "string"),
    ("n_community", "community", "integer"),
    ("n_pagerank", "pagerank", "double"),
    ("n_first_date", "first_date", "string"),
    ("n_last_date", "last_date", "string"),
];

/// (id, title, type) of edge attributes.
const EDGE_ATTRS: &[(&str, &str, &str)] = &[
    ("e_relation", "relation", "string"),
    ("e_first_date", "first_date", "string"),
    ("e_last_date", "last_date", "string"),
    ("e_evidence_count", "evidence_count", "integer"),
    ("e_event_types", "event_types", "string"),
    ("e_outcomes", "outcomes", "string"),
    ("e_evidence", "evidence", "string"),
];

/// ` start="…" end="…"` for the dates that parse, or nothing.
fn spell(first: &Option<String>, last: &Option<String>) -> String {
    let mut s = String::new();
    if let Some(d) = first.as_deref().and_then(start_day) {
        s.push_str(&format!(" start=\"{d}\""));
    }
    if let Some(d) = last.as_deref().and_then(end_day) {
        s.push_str(&format!(" end=\"{d}\""));
    }
    s
}

fn attvalues(values: &[(&str, Option<String>)]) -> String {
    let present: Vec<String> = values
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref().map(|v| {
                format!(
                    "          <attvalue for=\"{k}\" value=\"{}\"/>\n",
                    xml_escape(v)
                )
            })
        })
        .collect();
    if present.is_empty() {
        return String::new();
    }
    format!(
        "        <attvalues>\n{}        </attvalues>\n",
        present.concat()
    )
}

fn declare(out: &mut dyn Write, class: &str, attrs: &[(&str, &str, &str)]) -> io::Result<()> {
    writeln!(out, "    <attributes class=\"{class}\">")?;
    for (id, title, ty) in attrs {
        writeln!(
            out,
            "      <attribute id=\"{id}\" title=\"{title}\" type=\"{ty}\"/>"
        )?;
    }
    writeln!(out, "    </attributes>")
}

/// Writes the graph as GEXF 1.3.
pub fn write_gexf(graph: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n  \
<meta>\n    <creator>diplograph</creator>\n    <description>Actor graph: states, persons, \
organisations, groups, agreements and places, and the relations the sentences state</description>\n  \
</meta>\n  <graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">\n",
    )?;
    declare(out, "node", NODE_ATTRS)?;
    declare(out, "edge", EDGE_ATTRS)?;

    writeln!(out, "    <nodes count=\"{}\">", graph.node_count())?;
    for i in sorted_nodes(graph) {
        let n = &graph.graph[i];
        let mut s = format!(
            "      <node id=\"{}\" label=\"{}\"{}>\n",
            xml_escape(&n.id),
            xml_escape(&n.label),
            spell(&n.first_date, &n.last_date)
        );
        s.push_str(&attvalues(&[
            ("n_kind", Some(n.kind.clone())),
            ("n_iso3", n.iso3.clone()),
            ("n_qid", n.qid.clone()),
            ("n_community", n.community.map(|c| c.to_string())),
            ("n_pagerank", n.pagerank.and_then(float)),
            ("n_first_date", n.first_date.clone()),
            ("n_last_date", n.last_date.clone()),
        ]));
        s.push_str("      </node>\n");
        out.write_all(s.as_bytes())?;
    }
    writeln!(out, "    </nodes>")?;

    writeln!(out, "    <edges count=\"{}\">", graph.edge_count())?;
    for (k, (_, a, b, e)) in sorted_edges(graph).into_iter().enumerate() {
        let ty = if e.directed() {
            "directed"
        } else {
            "undirected"
        };
        let mut s = format!(
            "      <edge id=\"e{k}\" source=\"{}\" target=\"{}\" type=\"{ty}\" weight=\"{}\" label=\"{}\"{}>\n",
            xml_escape(&a.id),
            xml_escape(&b.id),
            e.weight,
            e.relation.as_str(),
            spell(&e.first_date, &e.last_date)
        );
        let ev = evidence_text(e);
        s.push_str(&attvalues(&[
            ("e_relation", Some(e.relation.as_str().to_string())),
            ("e_first_date", e.first_date.clone()),
            ("e_last_date", e.last_date.clone()),
            ("e_evidence_count", Some(e.evidence.len().to_string())),
            (
                "e_event_types",
                (!e.event_types.is_empty()).then(|| joined(&e.event_types)),
            ),
            (
                "e_outcomes",
                (!e.outcomes.is_empty()).then(|| joined(&e.outcomes)),
            ),
            ("e_evidence", (!ev.is_empty()).then_some(ev)),
        ]));
        s.push_str("      </edge>\n");
        out.write_all(s.as_bytes())?;
    }
    writeln!(out, "    </edges>")?;
    out.write_all(b"  </graph>\n</gexf>\n")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{sample, xmllint};
    use super::*;

    fn render() -> String {
        let mut buf = Vec::new();
        write_gexf(&sample(), &mut buf).expect("write");
        String::from_utf8(buf).expect("UTF-8")
    }

    #[test]
    fn gexf_is_dynamic_with_widened_dates() {
        let x = render();
        assert!(x.contains("<gexf xmlns=\"http://gexf.net/1.3\""), "{x}");
        assert!(x.contains("version=\"1.3\">"));
        assert!(
            x.contains("<graph mode=\"dynamic\" defaultedgetype=\"directed\" timeformat=\"date\">")
        );
        assert!(x.contains("<attribute id=\"n_community\" title=\"community\" type=\"integer\"/>"));
        assert!(x.contains("<nodes count=\"4\">") && x.contains("<edges count=\"3\">"));
        assert!(x.contains(
            "<node id=\"state:RUS\" label=\"Russia\" start=\"2019-01-01\" end=\"2020-02-29\">"
        ));
        assert!(x.contains(
            "<node id=\"state:USA\" label=\"United States &amp; &lt;Allies&gt; &quot;Co&quot; &apos;x&apos;\""
        ));
        assert!(x.contains(
            "<node id=\"person:vladimir-putin\" label=\"Vladimir Putin\" start=\"2018-09-17\" end=\"2018-09-17\">"
        ));
        // Undated: no start/end.
        assert!(
            x.contains("<node id=\"agreement:sochi-memorandum-2018\" label=\"Sochi memorandum\">")
        );
        assert!(x.contains(
            "<edge id=\"e2\" source=\"state:RUS\" target=\"state:USA\" type=\"undirected\" weight=\"4\" \
             label=\"talked_with\" start=\"2019-01-01\" end=\"2020-02-29\">"
        ));
        assert!(x.contains(
            "<edge id=\"e0\" source=\"person:vladimir-putin\" target=\"agreement:sochi-memorandum-2018\" \
             type=\"directed\" weight=\"1\" label=\"signed\" start=\"2018-09-17\" end=\"2018-09-17\">"
        ));
        assert!(x.contains(
            "<edge id=\"e1\" source=\"state:RUS\" target=\"agreement:sochi-memorandum-2018\" \
             type=\"directed\" weight=\"0\" label=\"party_to\">"
        ));
        assert!(x.contains("<attvalue for=\"n_iso3\" value=\"RUS\"/>"));
        assert!(x.contains("<attvalue for=\"n_pagerank\" value=\"0.25\"/>"));
        assert!(x.contains("<attvalue for=\"e_event_types\" value=\"meeting,talks\"/>"));
        assert!(x.contains("<attvalue for=\"e_evidence\" value=\"d2#3: Moscow &amp; Washington"));
        assert!(!x.contains('\u{1}') && !x.contains("value=\"\""));
    }

    #[test]
    fn gexf_validates_against_the_schema() {
        xmllint(render().as_bytes(), "gexf-1.3/gexf.xsd", "unit.gexf");
        let mut empty = Vec::new();
        write_gexf(&ActorGraph::default(), &mut empty).unwrap();
        xmllint(&empty, "gexf-1.3/gexf.xsd", "empty.gexf");
    }
}
