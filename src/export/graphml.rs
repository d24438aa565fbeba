//! GraphML 1.0 (<http://graphml.graphdrawing.org/>): one directed graph, typed keys for
//! nodes and edges.
//!
//! Keys carry `for`, `attr.name` and `attr.type`, which Gephi's importer needs; `label` and
//! `weight` are the names Gephi reads as label and weight. Whether an edge has a direction is
//! the boolean edge key `directed` (`false` for met, talked_with, called), not GraphML's
//! `directed` XML attribute: networkx refuses `directed="false"` edges in a directed graph.
//! Absent values are left out (no empty `<data>`).

use super::{evidence_text, float, joined, sorted_edges, sorted_nodes, xml_escape};
use crate::graph::ActorGraph;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

/// (key id, for, attr.name, attr.type), in declaration order.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_iso3", "node", "iso3", "string"),
    ("n_qid", "node", "qid", "string"),
    ("n_community", "node", "community", "int"),
    ("n_pagerank", "node", "pagerank", "double"),
    ("n_first_date", "node", "first_date", "string"),
    ("n_last_date", "node", "last_date", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_type", "edge", "type", "string"),
    ("e_directed", "edge", "directed", "boolean"),
    ("e_weight", "edge", "weight", "double"),
    ("e_first_date", "edge", "first_date", "string"),
    ("e_last_date", "edge", "last_date", "string"),
    ("e_evidence_count", "edge", "evidence_count", "int"),
    ("e_event_types", "edge", "event_types", "string"),
    ("e_outcomes", "edge", "outcomes", "string"),
    ("e_evidence", "edge", "evidence", "string"),
];

/// Whether GraphML (whose ids are `xs:NMTOKEN`) takes the character in an id as is. Entity
/// ids (`state:RUS`, `person:vladimir-putin`) are plain ASCII name characters, `:` included.
fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')
}

/// The GraphML id of an entity id: the id itself when it is a plain NMTOKEN, otherwise every
/// other character as `_xHHHH_` (deterministic; never empty).
pub(crate) fn graphml_id(id: &str) -> String {
    if !id.is_empty() && id.chars().all(id_char) {
        return id.to_string();
    }
    let mut out = String::new();
    for c in id.chars() {
        if id_char(c) {
            out.push(c);
        } else {
            out.push_str(&format!("_x{:04X}_", u32::from(c)));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

fn data(s: &mut String, key: &str, value: &str) {
    s.push_str(&format!(
        "      <data key=\"{key}\">{}</data>\n",
        xml_escape(value)
    ));
}

/// Writes the graph as GraphML.
pub fn write_graphml(graph: &ActorGraph, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    )?;
    for (id, for_, name, ty) in KEYS {
        writeln!(
            out,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        )?;
    }
    out.write_all(b"  <graph id=\"G\" edgedefault=\"directed\">\n")?;

    // Entity id → GraphML id, unique even if two ids map to the same token.
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    let nodes = sorted_nodes(graph);
    for &i in &nodes {
        let n = &graph.graph[i];
        let base = graphml_id(&n.id);
        let mut gid = base.clone();
        let mut k = 2;
        while used.contains(&gid) {
            gid = format!("{base}.{k}");
            k += 1;
        }
        used.insert(gid.clone());
        ids.insert(n.id.as_str(), gid);
    }

    for &i in &nodes {
        let n = &graph.graph[i];
        let mut s = format!("    <node id=\"{}\">\n", xml_escape(&ids[n.id.as_str()]));
        data(&mut s, "n_label", &n.label);
        data(&mut s, "n_kind", &n.kind);
        for (key, v) in [("n_iso3", &n.iso3), ("n_qid", &n.qid)] {
            if let Some(v) = v {
                data(&mut s, key, v);
            }
        }
        if let Some(c) = n.community {
            data(&mut s, "n_community", &c.to_string());
        }
        if let Some(p) = n.pagerank.and_then(float) {
            data(&mut s, "n_pagerank", &p);
        }
        for (key, v) in [
            ("n_first_date", &n.first_date),
            ("n_last_date", &n.last_date),
        ] {
            if let Some(v) = v {
                data(&mut s, key, v);
            }
        }
        s.push_str("    </node>\n");
        out.write_all(s.as_bytes())?;
    }

    for (k, (_, a, b, e)) in sorted_edges(graph).into_iter().enumerate() {
        let mut s = format!(
            "    <edge id=\"e{k}\" source=\"{}\" target=\"{}\">\n",
            xml_escape(&ids[a.id.as_str()]),
            xml_escape(&ids[b.id.as_str()])
        );
        data(&mut s, "e_label", e.relation.as_str());
        data(&mut s, "e_type", e.relation.as_str());
        data(
            &mut s,
            "e_directed",
            if e.directed() { "true" } else { "false" },
        );
        data(&mut s, "e_weight", &e.weight.to_string());
        for (key, v) in [
            ("e_first_date", &e.first_date),
            ("e_last_date", &e.last_date),
        ] {
            if let Some(v) = v {
                data(&mut s, key, v);
            }
        }
        data(&mut s, "e_evidence_count", &e.evidence.len().to_string());
        for (key, set) in [
            ("e_event_types", &e.event_types),
            ("e_outcomes", &e.outcomes),
        ] {
            if !set.is_empty() {
                data(&mut s, key, &joined(set));
            }
        }
        let ev = evidence_text(e);
        if !ev.is_empty() {
            data(&mut s, "e_evidence", &ev);
        }
        s.push_str("    </edge>\n");
        out.write_all(s.as_bytes())?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{sample, xmllint};
    use super::*;

    fn render() -> String {
        let mut buf = Vec::new();
        write_graphml(&sample(), &mut buf).expect("write");
        String::from_utf8(buf).expect("UTF-8")
    }

    #[test]
    fn graphml_has_typed_keys_nodes_and_edges() {
        let x = render();
        assert!(
            x.contains("<graph id=\"G\" edgedefault=\"directed\">"),
            "{x}"
        );
        assert!(x.contains(
            "<key id=\"n_community\" for=\"node\" attr.name=\"community\" attr.type=\"int\"/>"
        ));
        assert!(x.contains(
            "<key id=\"e_weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>"
        ));
        assert!(x.contains("<node id=\"state:RUS\">\n      <data key=\"n_label\">Russia</data>\n"));
        assert!(x.contains("<data key=\"n_iso3\">RUS</data>"));
        assert!(x.contains("<data key=\"n_qid\">Q159</data>"));
        assert!(x.contains("<data key=\"n_pagerank\">0.25</data>"));
        assert!(x.contains(
            "<data key=\"n_label\">United States &amp; &lt;Allies&gt; &quot;Co&quot; &apos;x&apos;</data>"
        ));
        // Ordered edges with stable ids; the symmetric one says so.
        assert!(x.contains(
            "<edge id=\"e0\" source=\"person:vladimir-putin\" target=\"agreement:sochi-memorandum-2018\">"
        ));
        let talks = x.split("<edge id=\"e2\"").nth(1).expect("e2");
        assert!(
            talks.starts_with(" source=\"state:RUS\" target=\"state:USA\">"),
            "{talks}"
        );
        assert!(talks.contains("<data key=\"e_type\">talked_with</data>"));
        assert!(talks.contains("<data key=\"e_directed\">false</data>"));
        assert!(talks.contains("<data key=\"e_weight\">4</data>"));
        assert!(talks.contains("<data key=\"e_evidence_count\">4</data>"));
        assert!(talks.contains("<data key=\"e_event_types\">meeting,talks</data>"));
        assert!(talks.contains("<data key=\"e_outcomes\">failed</data>"));
        assert!(talks.contains(
            "<data key=\"e_evidence\">d2#3: Moscow &amp; Washington &lt;failed&gt; to agree on \
             &quot;a deal&quot;. | d2#5: Talks&#9;resumed&#13;&#10;later. | d3#1: Third.</data>"
        ));
        assert!(!x.contains('\u{1}') && !x.contains('\u{7}'));
        assert!(x.contains("<data key=\"e_directed\">true</data>"));
        // Absent values are left out.
        assert!(!x.contains("></data>"));
        let sochi = x
            .split("<node id=\"agreement:sochi-memorandum-2018\">")
            .nth(1)
            .unwrap();
        let sochi = sochi.split("</node>").next().unwrap();
        assert!(
            !sochi.contains("n_first_date") && !sochi.contains("n_iso3"),
            "{sochi}"
        );
        let party = x
            .split("<edge id=\"e1\"")
            .nth(1)
            .unwrap()
            .split("</edge>")
            .next()
            .unwrap();
        assert!(party.contains("<data key=\"e_evidence_count\">0</data>"));
        assert!(
            !party.contains("e_evidence\"") && !party.contains("e_first_date"),
            "{party}"
        );
    }

    #[test]
    fn graphml_output_is_deterministic() {
        assert_eq!(render(), render());
    }

    #[test]
    fn graphml_ids_are_nmtokens() {
        assert_eq!(graphml_id("state:RUS"), "state:RUS");
        assert_eq!(graphml_id("place:são paulo"), "place:s_x00E3_o_x0020_paulo");
        assert_eq!(graphml_id(""), "_");
    }

    #[test]
    fn graphml_validates_against_the_schema() {
        xmllint(render().as_bytes(), "graphml/graphml.xsd", "unit.graphml");
        let mut empty = Vec::new();
        write_graphml(&ActorGraph::default(), &mut empty).unwrap();
        xmllint(&empty, "graphml/graphml.xsd", "empty.graphml");
    }
}
