//! Questions over the actor graph: relationship paths, connected components, communities
//! (Louvain, with modularity) and centrality (degree, PageRank from petgraph, betweenness from
//! rustworkx-core). Centrality and communities treat every relation as a tie between two
//! actors, whatever its direction.

use super::ActorGraph;
use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// One step of a path: from a node to the next, along an edge (followed with or against its
/// direction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    /// Where the step starts.
    pub from: NodeIndex,
    /// Where it ends.
    pub to: NodeIndex,
    /// The edge.
    pub edge: EdgeIndex,
}

/// Neighbours with the connecting edges, both directions, heaviest edge first.
fn neighbours(g: &ActorGraph) -> Vec<Vec<(NodeIndex, EdgeIndex)>> {
    let mut adj = vec![Vec::new(); g.graph.node_count()];
    for e in g.graph.edge_references() {
        adj[e.source().index()].push((e.target(), e.id()));
        adj[e.target().index()].push((e.source(), e.id()));
    }
    for list in &mut adj {
        list.sort_by_key(|&(n, e)| (std::cmp::Reverse(g.graph[e].weight), n.index()));
    }
    adj
}

/// The shortest relationship path (fewest hops, heavier edges preferred), if within `max_hops`.
pub fn shortest_path(
    g: &ActorGraph,
    from: NodeIndex,
    to: NodeIndex,
    max_hops: usize,
) -> Option<Vec<Hop>> {
    if from == to {
        return Some(Vec::new());
    }
    let adj = neighbours(g);
    let mut previous: HashMap<NodeIndex, Hop> = HashMap::new();
    let mut depth: HashMap<NodeIndex, usize> = HashMap::from([(from, 0)]);
    let mut queue = VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        let d = depth[&n];
        if d >= max_hops {
            continue;
        }
        for &(m, e) in &adj[n.index()] {
            if depth.contains_key(&m) {
                continue;
            }
            depth.insert(m, d + 1);
            previous.insert(
                m,
                Hop {
                    from: n,
                    to: m,
                    edge: e,
                },
            );
            if m == to {
                let mut path = vec![previous[&m]];
                while path.last().expect("non-empty").from != from {
                    path.push(previous[&path.last().expect("non-empty").from]);
                }
                path.reverse();
                return Some(path);
            }
            queue.push_back(m);
        }
    }
    None
}

/// Depth-first search for simple paths.
struct PathSearch<'a> {
    adj: &'a [Vec<(NodeIndex, EdgeIndex)>],
    to: NodeIndex,
    max_hops: usize,
    cap: usize,
    stack: Vec<Hop>,
    on_path: Vec<bool>,
    found: Vec<Vec<Hop>>,
}

impl PathSearch<'_> {
    fn walk(&mut self, n: NodeIndex) {
        if self.found.len() >= self.cap {
            return;
        }
        if n == self.to {
            self.found.push(self.stack.clone());
            return;
        }
        if self.stack.len() == self.max_hops {
            return;
        }
        self.on_path[n.index()] = true;
        let adj = self.adj;
        for &(m, e) in &adj[n.index()] {
            if !self.on_path[m.index()] {
                self.stack.push(Hop {
                    from: n,
                    to: m,
                    edge: e,
                });
                self.walk(m);
                self.stack.pop();
            }
        }
        self.on_path[n.index()] = false;
    }
}

/// Every simple path of at most `max_hops` hops, shortest first, at most `limit` of them.
pub fn all_paths(
    g: &ActorGraph,
    from: NodeIndex,
    to: NodeIndex,
    max_hops: usize,
    limit: usize,
) -> Vec<Vec<Hop>> {
    let adj = neighbours(g);
    let mut search = PathSearch {
        adj: &adj,
        to,
        max_hops,
        // Collect more than asked so that sorting by length keeps the shortest.
        cap: limit.saturating_mul(4),
        stack: Vec::new(),
        on_path: vec![false; g.graph.node_count()],
        found: Vec::new(),
    };
    search.walk(from);
    let mut out = search.found;
    out.sort_by_key(|p| p.len());
    out.truncate(limit);
    out
}

/// Connected components (ignoring direction), largest first.
pub fn components(g: &ActorGraph) -> Vec<Vec<NodeIndex>> {
    let mut uf = UnionFind::<usize>::new(g.graph.node_count());
    for e in g.graph.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    let mut groups: BTreeMap<usize, Vec<NodeIndex>> = BTreeMap::new();
    for n in g.graph.node_indices() {
        groups.entry(uf.find(n.index())).or_default().push(n);
    }
    let mut out: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.len()));
    out
}

/// The graph as an undirected weighted petgraph graph with the same node indices; an edge's
/// weight is its number of supporting sentences, at least 1.
fn undirected(g: &ActorGraph) -> UnGraph<(), f64> {
    let mut u = UnGraph::with_capacity(g.graph.node_count(), g.graph.edge_count());
    for _ in g.graph.node_indices() {
        u.add_node(());
    }
    for e in g.graph.edge_references() {
        u.add_edge(e.source(), e.target(), e.weight().weight.max(1) as f64);
    }
    u
}

/// Number of distinct neighbours of every node.
pub fn degree(g: &ActorGraph) -> Vec<f64> {
    neighbours(g)
        .into_iter()
        .map(|list| {
            let mut ns: Vec<usize> = list.iter().map(|(n, _)| n.index()).collect();
            ns.sort_unstable();
            ns.dedup();
            ns.len() as f64
        })
        .collect()
}

/// PageRank (damping 0.85) of every node.
pub fn pagerank(g: &ActorGraph) -> Vec<f64> {
    petgraph::algo::page_rank(&undirected(g), 0.85_f64, 100)
}

/// Normalised betweenness centrality of every node.
pub fn betweenness(g: &ActorGraph) -> Vec<f64> {
    rustworkx_core::centrality::betweenness_centrality(&undirected(g), false, true, 200)
        .into_iter()
        .map(|b| b.unwrap_or(0.0))
        .collect()
}

/// Communities found by the Louvain method, and their modularity.
#[derive(Debug, Clone, PartialEq)]
pub struct Communities {
    /// Community index of every node (communities numbered largest first).
    pub membership: Vec<usize>,
    /// Modularity of the partition.
    pub modularity: f64,
}

/// Weighted undirected adjacency without repeated pairs: `adj[i]` maps neighbour → weight
/// (a self-loop counts its weight twice in the degree, as usual).
type Adjacency = Vec<BTreeMap<usize, f64>>;

/// The strength of a tie for community detection: sentence counts damped (a fact reported
/// ten times is not ten relations), and a person tied to the state they serve as strongly as
/// the strongest relation, since both are one side.
fn tie_strength(e: &super::Edge, strongest: f64) -> f64 {
    match e.relation {
        super::Relation::HoldsOfficeIn => strongest,
        _ => 1.0 + (e.weight.max(1) as f64).ln(),
    }
}

fn adjacency_of(g: &ActorGraph) -> Adjacency {
    let mut adj: Adjacency = vec![BTreeMap::new(); g.graph.node_count()];
    let strongest = g
        .graph
        .edge_references()
        .map(|e| 1.0 + (e.weight().weight.max(1) as f64).ln())
        .fold(1.0, f64::max);
    for e in g.graph.edge_references() {
        let (a, b) = (e.source().index(), e.target().index());
        let w = tie_strength(e.weight(), strongest);
        *adj[a].entry(b).or_default() += w;
        if a != b {
            *adj[b].entry(a).or_default() += w;
        }
    }
    adj
}

/// Modularity of `membership` on `adj`.
pub fn modularity(adj: &Adjacency, membership: &[usize]) -> f64 {
    let degree: Vec<f64> = adj.iter().map(|m| m.values().sum()).collect();
    let two_m: f64 = degree.iter().sum();
    if two_m == 0.0 {
        return 0.0;
    }
    let mut inside: HashMap<usize, f64> = HashMap::new();
    let mut total: HashMap<usize, f64> = HashMap::new();
    for (i, m) in adj.iter().enumerate() {
        *total.entry(membership[i]).or_default() += degree[i];
        for (&j, &w) in m {
            if membership[i] == membership[j] {
                *inside.entry(membership[i]).or_default() += w;
            }
        }
    }
    total
        .iter()
        .map(|(c, tot)| inside.get(c).copied().unwrap_or(0.0) / two_m - (tot / two_m).powi(2))
        .sum()
}

/// One level of Louvain: move nodes to the neighbouring community with the best modularity
/// gain until none moves. Returns the membership (communities renumbered 0..).
fn one_level(adj: &Adjacency) -> Vec<usize> {
    let n = adj.len();
    let degree: Vec<f64> = adj.iter().map(|m| m.values().sum()).collect();
    let two_m: f64 = degree.iter().sum();
    let mut community: Vec<usize> = (0..n).collect();
    let mut total: Vec<f64> = degree.clone();
    if two_m == 0.0 {
        return community;
    }
    loop {
        let mut moved = false;
        for i in 0..n {
            let own = community[i];
            let mut links: BTreeMap<usize, f64> = BTreeMap::new();
            for (&j, &w) in &adj[i] {
                if j != i {
                    *links.entry(community[j]).or_default() += w;
                }
            }
            total[own] -= degree[i];
            let gain = |c: usize, k_in: f64| k_in - total[c] * degree[i] / two_m;
            let mut best = own;
            let mut best_gain = gain(own, links.get(&own).copied().unwrap_or(0.0));
            for (&c, &k_in) in &links {
                let g = gain(c, k_in);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            total[best] += degree[i];
            if best != own {
                community[i] = best;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    let mut renumber: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &community {
        let next = renumber.len();
        renumber.entry(*c).or_insert(next);
    }
    community.iter().map(|c| renumber[c]).collect()
}

/// Louvain on a weighted adjacency: levels of local moving and aggregation until the
/// modularity stops rising.
pub fn louvain_adjacency(adj: &Adjacency) -> Communities {
    let n = adj.len();
    let mut membership: Vec<usize> = (0..n).collect();
    let mut current = adj.clone();
    let mut best = modularity(adj, &membership);
    loop {
        let level = one_level(&current);
        let count = level.iter().max().map_or(0, |m| m + 1);
        if count == current.len() {
            break;
        }
        let candidate: Vec<usize> = membership.iter().map(|&c| level[c]).collect();
        let q = modularity(adj, &candidate);
        if q <= best + 1e-12 {
            break;
        }
        best = q;
        membership = candidate;
        let mut next: Adjacency = vec![BTreeMap::new(); count];
        for (i, m) in current.iter().enumerate() {
            for (&j, &w) in m {
                *next[level[i]].entry(level[j]).or_default() += w;
            }
        }
        // Each pair was counted from both ends; self-loops once per end as well: keep it,
        // since degrees then stay equal to the sum of the members' degrees.
        current = next;
    }
    // Number communities largest first, ties by first member.
    let mut sizes: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (i, &c) in membership.iter().enumerate() {
        let e = sizes.entry(c).or_insert((0, i));
        e.0 += 1;
    }
    let mut order: Vec<(usize, (usize, usize))> = sizes.into_iter().collect();
    order.sort_by_key(|&(_, (size, first))| (std::cmp::Reverse(size), first));
    let rank: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(r, &(c, _))| (c, r))
        .collect();
    let membership: Vec<usize> = membership.iter().map(|c| rank[c]).collect();
    Communities {
        modularity: modularity(adj, &membership),
        membership,
    }
}

/// Louvain communities of the actor graph.
pub fn communities(g: &ActorGraph) -> Communities {
    louvain_adjacency(&adjacency_of(g))
}

/// Fills in every node's community and PageRank.
pub fn annotate(g: &mut ActorGraph) -> Communities {
    let c = communities(g);
    let pr = pagerank(g);
    for n in g.graph.node_indices() {
        let node = &mut g.graph[n];
        node.community = Some(c.membership[n.index()]);
        node.pagerank = Some(pr[n.index()]);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjacency(n: usize, edges: &[(usize, usize)]) -> Adjacency {
        let mut adj: Adjacency = vec![BTreeMap::new(); n];
        for &(a, b) in edges {
            *adj[a].entry(b).or_default() += 1.0;
            *adj[b].entry(a).or_default() += 1.0;
        }
        adj
    }

    fn clique(offset: usize, size: usize) -> Vec<(usize, usize)> {
        let mut e = Vec::new();
        for a in 0..size {
            for b in a + 1..size {
                e.push((offset + a, offset + b));
            }
        }
        e
    }

    #[test]
    fn two_cliques_joined_by_a_bridge_are_two_communities() {
        let mut edges = clique(0, 5);
        edges.extend(clique(5, 5));
        edges.push((4, 5));
        let adj = adjacency(10, &edges);
        let c = louvain_adjacency(&adj);
        assert_eq!(c.membership[..5], [0; 5]);
        assert_eq!(c.membership[5..], [1; 5]);
        // Q = 2 * (20/42 - (21/42)^2) = 0.452380…
        assert!(
            (c.modularity - (2.0 * (20.0 / 42.0 - 0.25))).abs() < 1e-9,
            "{}",
            c.modularity
        );
    }

    #[test]
    fn a_ring_of_cliques_splits_into_its_cliques() {
        // Six triangles in a ring: the best partition is one community per triangle.
        let mut edges = Vec::new();
        for k in 0..6 {
            edges.extend(clique(3 * k, 3));
            edges.push((3 * k + 2, (3 * k + 3) % 18));
        }
        let adj = adjacency(18, &edges);
        let c = louvain_adjacency(&adj);
        let distinct: std::collections::BTreeSet<usize> = c.membership.iter().copied().collect();
        assert!(
            distinct.len() >= 3 && distinct.len() <= 6,
            "{:?}",
            c.membership
        );
        for k in 0..6 {
            assert_eq!(c.membership[3 * k], c.membership[3 * k + 1]);
            assert_eq!(c.membership[3 * k], c.membership[3 * k + 2]);
        }
        assert!(c.modularity > 0.5, "{}", c.modularity);
    }

    #[test]
    fn modularity_of_known_partitions() {
        let adj = adjacency(4, &[(0, 1), (2, 3)]);
        assert!((modularity(&adj, &[0, 0, 1, 1]) - 0.5).abs() < 1e-12);
        assert!((modularity(&adj, &[0, 0, 0, 0])).abs() < 1e-12);
        assert_eq!(modularity(&adjacency(3, &[]), &[0, 1, 2]), 0.0);
    }
}
