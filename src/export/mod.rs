//! Exports of the actor graph ([`crate::graph::ActorGraph`]) for graph tools: GraphML (Gephi,
//! yEd, networkx, igraph), GEXF 1.3 (Gephi, with a timeline) and a pair of CSV files (Gephi's
//! spreadsheet import, pandas). The only module that knows these formats.
//!
//! All three write the same nodes and edges in the same deterministic order: nodes by entity
//! id, edges by (source id, target id, relation). XML is written by hand: `& < > " '` are
//! escaped, tabs and line breaks in values become character references, and characters XML
//! 1.0 forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) are dropped, in the CSV
//! files as well so the three exports carry the same text.

mod csv;
mod gexf;
mod graphml;

pub use self::csv::write_csv;
pub use self::gexf::write_gexf;
pub use self::graphml::write_graphml;

use crate::calendar::PartialDate;
use crate::graph::{ActorGraph, Edge, Node};
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

/// At most this many evidence sentences go into an edge's `evidence` value.
pub const EVIDENCE_QUOTES: usize = 3;

/// Whether XML 1.0 allows the character.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text without the characters XML 1.0 forbids.
pub(crate) fn clean(s: &str) -> String {
    s.chars().filter(|&c| xml_char(c)).collect()
}

/// Escapes text for XML element content or a quoted attribute value, dropping forbidden
/// characters. Tab, LF and CR become character references so that attribute-value
/// normalisation keeps them.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Nodes in export order (by entity id).
pub(crate) fn sorted_nodes(g: &ActorGraph) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = g.graph.node_indices().collect();
    v.sort_by(|a, b| g.graph[*a].id.cmp(&g.graph[*b].id).then(a.cmp(b)));
    v
}

/// Edges in export order (by source id, target id, relation), with their endpoints.
pub(crate) fn sorted_edges(g: &ActorGraph) -> Vec<(EdgeIndex, &Node, &Node, &Edge)> {
    let mut v: Vec<(EdgeIndex, &Node, &Node, &Edge)> = g
        .graph
        .edge_references()
        .map(|e| {
            (
                e.id(),
                &g.graph[e.source()],
                &g.graph[e.target()],
                e.weight(),
            )
        })
        .collect();
    v.sort_by(|a, b| {
        (a.1.id.as_str(), a.2.id.as_str(), a.3.relation.as_str(), a.0).cmp(&(
            b.1.id.as_str(),
            b.2.id.as_str(),
            b.3.relation.as_str(),
            b.0,
        ))
    });
    v
}

/// Up to [`EVIDENCE_QUOTES`] supporting sentences, `doc#sentence: text`, joined by ` | `.
pub(crate) fn evidence_text(e: &Edge) -> String {
    e.evidence
        .iter()
        .take(EVIDENCE_QUOTES)
        .map(|ev| format!("{}#{}: {}", ev.doc, ev.sentence, ev.text.trim()))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Comma-joined members of a set.
pub(crate) fn joined(set: &std::collections::BTreeSet<String>) -> String {
    set.iter().map(String::as_str).collect::<Vec<_>>().join(",")
}

/// A float for XML and CSV (`None` for NaN and infinities, which xs:double spells
/// differently from Rust and Gephi cannot use).
pub(crate) fn float(x: f64) -> Option<String> {
    x.is_finite().then(|| format!("{x}"))
}

/// A date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) as the first day it can mean, `YYYY-MM-DD`.
pub(crate) fn start_day(d: &str) -> Option<String> {
    PartialDate::parse(d)
        .filter(|p| p.year >= 1)
        .map(|p| p.first_day().to_string())
}

/// A date as the last day it can mean: a year `2019` ends on 2019-12-31.
pub(crate) fn end_day(d: &str) -> Option<String> {
    PartialDate::parse(d)
        .filter(|p| p.year >= 1)
        .map(|p| p.last_day().to_string())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::graph::{Evidence, Relation};
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    fn node(id: &str, label: &str, kind: &str) -> Node {
        Node::new(id, label, kind)
    }

    /// Two states, a person and an agreement; a symmetric edge with awkward text and a
    /// directed one; one node without dates.
    pub(crate) fn sample() -> ActorGraph {
        let mut g = ActorGraph::default();
        let rus = g.add_node(Node {
            iso3: Some("RUS".into()),
            qid: Some("Q159".into()),
            first_date: Some("2019".into()),
            last_date: Some("2020-02".into()),
            community: Some(0),
            pagerank: Some(0.25),
            ..node("state:RUS", "Russia", "state")
        });
        let usa = g.add_node(Node {
            iso3: Some("USA".into()),
            qid: Some("Q30".into()),
            first_date: Some("2019".into()),
            last_date: Some("2020-02".into()),
            community: Some(0),
            pagerank: Some(0.5),
            ..node("state:USA", "United States & <Allies> \"Co\" 'x'", "state")
        });
        let putin = g.add_node(Node {
            qid: Some("Q7747".into()),
            first_date: Some("2018-09-17".into()),
            last_date: Some("2018-09-17".into()),
            community: Some(1),
            pagerank: Some(0.125),
            ..node("person:vladimir-putin", "Vladimir Putin", "person")
        });
        let sochi = g.add_node(Node {
            community: Some(1),
            pagerank: Some(0.125),
            ..node(
                "agreement:sochi-memorandum-2018",
                "Sochi memorandum",
                "agreement",
            )
        });
        let ev = |doc: &str, sentence: usize, text: &str| Evidence {
            doc: doc.into(),
            sentence,
            text: text.into(),
        };
        g.graph.add_edge(
            putin,
            sochi,
            Edge {
                relation: Relation::Signed,
                weight: 1,
                first_date: Some("2018-09-17".into()),
                last_date: Some("2018-09-17".into()),
                event_types: BTreeSet::from(["agreement".to_string()]),
                outcomes: BTreeSet::new(),
                evidence: BTreeSet::from([ev("d1", 0, "Putin signed the memorandum.")]),
            },
        );
        g.graph.add_edge(
            rus,
            usa,
            Edge {
                relation: Relation::TalkedWith,
                weight: 4,
                first_date: Some("2019".into()),
                last_date: Some("2020-02".into()),
                event_types: BTreeSet::from(["talks".to_string(), "meeting".to_string()]),
                outcomes: BTreeSet::from(["failed".to_string()]),
                evidence: BTreeSet::from([
                    ev(
                        "d2",
                        3,
                        "Moscow & Washington <failed> to agree on \"a deal\".\u{1}\u{7}",
                    ),
                    ev("d2", 5, "Talks\tresumed\r\nlater."),
                    ev("d3", 1, "Third."),
                    ev("d4", 0, "Fourth, not quoted."),
                ]),
            },
        );
        g.graph.add_edge(rus, sochi, Edge::new(Relation::PartyTo));
        g
    }

    /// Validates `xml` against a schema under `tests/schemas`; panics with xmllint's
    /// message (or, when xmllint is missing, with how to install it).
    pub(crate) fn xmllint(xml: &[u8], schema: &str, name: &str) {
        let schema = schema_path(schema);
        let dir = std::env::temp_dir().join(format!("diplograph-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join(name);
        std::fs::write(&file, xml).expect("write export");
        let out = match Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&schema)
            .arg(&file)
            .output()
        {
            Ok(o) => o,
            Err(e) => panic!(
                "xmllint could not run ({e}): install libxml2-utils (sudo apt-get install \
                 libxml2-utils, or scripts/setup) to validate the exports"
            ),
        };
        assert!(
            out.status.success(),
            "{} does not validate against {}:\n{}\n{}",
            file.display(),
            schema.display(),
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(xml)
        );
    }

    fn schema_path(rel: &str) -> PathBuf {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/schemas")
            .join(rel);
        assert!(
            p.is_file(),
            "schema {} is missing: the XSDs are committed in tests/schemas",
            p.display()
        );
        p
    }

    #[test]
    fn escapes_and_drops_forbidden_characters() {
        assert_eq!(
            xml_escape("a & b < c > d \"e\" 'f'\u{0}\u{1b}\u{FFFE}é"),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;é"
        );
        assert_eq!(xml_escape("a\tb\nc\rd"), "a&#9;b&#10;c&#13;d");
        assert_eq!(clean("x\u{1}y\u{FFFF}z\n"), "xyz\n");
    }

    #[test]
    fn partial_dates_expand_to_days() {
        assert_eq!(start_day("2019").as_deref(), Some("2019-01-01"));
        assert_eq!(end_day("2019").as_deref(), Some("2019-12-31"));
        assert_eq!(start_day("2020-02").as_deref(), Some("2020-02-01"));
        assert_eq!(end_day("2020-02").as_deref(), Some("2020-02-29"));
        assert_eq!(end_day("2019-02").as_deref(), Some("2019-02-28"));
        assert_eq!(end_day("2018-09-17").as_deref(), Some("2018-09-17"));
        assert_eq!(start_day("--03-05"), None);
        assert_eq!(end_day("2019-13"), None);
    }

    #[test]
    fn order_is_by_ids() {
        let g = sample();
        let nodes: Vec<&str> = sorted_nodes(&g)
            .iter()
            .map(|&i| g.graph[i].id.as_str())
            .collect();
        assert_eq!(
            nodes,
            [
                "agreement:sochi-memorandum-2018",
                "person:vladimir-putin",
                "state:RUS",
                "state:USA"
            ]
        );
        let edges: Vec<String> = sorted_edges(&g)
            .iter()
            .map(|(_, a, b, e)| format!("{} {} {}", a.id, e.relation, b.id))
            .collect();
        assert_eq!(
            edges,
            [
                "person:vladimir-putin signed agreement:sochi-memorandum-2018",
                "state:RUS party_to agreement:sochi-memorandum-2018",
                "state:RUS talked_with state:USA",
            ]
        );
        let (_, _, _, talks) = sorted_edges(&g)[2];
        assert_eq!(
            evidence_text(talks),
            "d2#3: Moscow & Washington <failed> to agree on \"a deal\".\u{1}\u{7} | \
             d2#5: Talks\tresumed\r\nlater. | d3#1: Third."
        );
    }
}
