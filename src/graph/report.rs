//! Text reports of graph answers: paths with their evidence, clusters, rankings.

use super::algo::{Communities, Hop};
use super::{ActorGraph, Edge};
use petgraph::graph::NodeIndex;
use std::fmt::Write;

fn dates(e: &Edge) -> String {
    match (&e.first_date, &e.last_date) {
        (Some(a), Some(b)) if a == b => a.clone(),
        (Some(a), Some(b)) => format!("{a}..{b}"),
        _ => "undated".into(),
    }
}

/// One hop: `Iran —met (2020, 1 sentence)— Russia` and its first quote.
fn hop(g: &ActorGraph, h: &Hop, out: &mut String) {
    let e = &g.graph[h.edge];
    let (a, b) = (&g.graph[h.from].label, &g.graph[h.to].label);
    let (s, _) = g.graph.edge_endpoints(h.edge).expect("edge exists");
    let arrow = if !e.directed() {
        format!("—{}—", e.relation)
    } else if s == h.from {
        format!("—{}→", e.relation)
    } else {
        format!("←{}—", e.relation)
    };
    let mut detail = format!(
        "{}, {} sentence{}",
        dates(e),
        e.weight,
        if e.weight == 1 { "" } else { "s" }
    );
    if !e.outcomes.is_empty() {
        let o: Vec<&str> = e.outcomes.iter().map(String::as_str).collect();
        detail.push_str(&format!("; {}", o.join(", ")));
    }
    let _ = writeln!(out, "  {a} {arrow} {b}  ({detail})");
    match e.evidence.iter().next() {
        Some(ev) => {
            let _ = writeln!(out, "      “{}” [{}#{}]", ev.text, ev.doc, ev.sentence);
        }
        None => {
            let _ = writeln!(out, "      (from the gazetteer)");
        }
    }
}

/// A path, hop by hop.
pub fn path(g: &ActorGraph, hops: &[Hop]) -> String {
    let mut out = String::new();
    for h in hops {
        hop(g, h, &mut out);
    }
    out
}

/// Components, communities with modularity, and members ranked by PageRank.
pub fn clusters(
    g: &ActorGraph,
    components: &[Vec<NodeIndex>],
    c: &Communities,
    pagerank: &[f64],
    top: usize,
) -> String {
    let mut out = String::new();
    let sizes: Vec<String> = components
        .iter()
        .take(8)
        .map(|c| c.len().to_string())
        .collect();
    let _ = writeln!(
        out,
        "{} nodes, {} edges; {} connected components (sizes {}{})",
        g.node_count(),
        g.edge_count(),
        components.len(),
        sizes.join(", "),
        if components.len() > 8 { ", …" } else { "" }
    );
    let count = c.membership.iter().max().map_or(0, |m| m + 1);
    let _ = writeln!(
        out,
        "{count} communities (Louvain), modularity {:.3}",
        c.modularity
    );
    for k in 0..count {
        let mut members: Vec<NodeIndex> = g
            .graph
            .node_indices()
            .filter(|n| c.membership[n.index()] == k)
            .collect();
        members.sort_by(|a, b| pagerank[b.index()].total_cmp(&pagerank[a.index()]));
        let shown: Vec<String> = members
            .iter()
            .take(top)
            .map(|n| format!("{} ({:.3})", g.graph[*n].label, pagerank[n.index()]))
            .collect();
        let more = members.len().saturating_sub(top);
        let _ = writeln!(
            out,
            "community {k} ({} members): {}{}",
            members.len(),
            shown.join(", "),
            if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            }
        );
    }
    out
}

/// The `top` nodes by `score`, as a table.
pub fn ranking(
    g: &ActorGraph,
    score: &[f64],
    measure: &str,
    top: usize,
    actors_only: bool,
) -> String {
    let mut nodes: Vec<NodeIndex> = g
        .graph
        .node_indices()
        .filter(|n| {
            !actors_only
                || matches!(
                    g.graph[*n].kind.as_str(),
                    "state" | "person" | "organisation" | "group"
                )
        })
        .collect();
    nodes.sort_by(|a, b| {
        score[b.index()]
            .total_cmp(&score[a.index()])
            .then(g.graph[*a].label.cmp(&g.graph[*b].label))
    });
    let header = vec![
        "rank".to_string(),
        "actor".into(),
        "kind".into(),
        measure.to_string(),
    ];
    let rows: Vec<Vec<String>> = nodes
        .iter()
        .take(top)
        .enumerate()
        .map(|(i, n)| {
            vec![
                (i + 1).to_string(),
                g.graph[*n].label.clone(),
                g.graph[*n].kind.clone(),
                format!("{:.4}", score[n.index()]),
            ]
        })
        .collect();
    crate::store::table(&header, &rows)
}
