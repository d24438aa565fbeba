//! The actor graph: a petgraph projection of the knowledge graph in which states, persons,
//! organisations, groups, agreements and places are nodes and every relation the sentences
//! state (party to, signed, met, talked with, called, visited, accused, attacked, holds office
//! in, concerns) is an edge with its weight (supporting sentences), first and last date,
//! event types, outcomes and evidence.
//!
//! `project` reads it from the store; `algo` answers path, cluster and centrality questions.
//! Exports to GraphML, GEXF and CSV live in `crate::export`.

pub mod algo;
mod project;
pub mod report;

pub use project::{GraphFilter, project};

use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// A relation between two nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// State, organisation or group → agreement.
    PartyTo,
    /// Actor (a person or the state signing) → agreement.
    Signed,
    /// Actors who met (symmetric).
    Met,
    /// Actors who held talks (symmetric; outcomes on the edge).
    TalkedWith,
    /// Actors who spoke by phone (symmetric).
    Called,
    /// Actor → place or state visited.
    Visited,
    /// Accuser → accused.
    Accused,
    /// Attacker → attacked.
    Attacked,
    /// Person → state or organisation served.
    HoldsOfficeIn,
    /// Agreement or event place: agreement → place it concerns.
    About,
}

impl Relation {
    /// The snake_case name used in exports and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::PartyTo => "party_to",
            Relation::Signed => "signed",
            Relation::Met => "met",
            Relation::TalkedWith => "talked_with",
            Relation::Called => "called",
            Relation::Visited => "visited",
            Relation::Accused => "accused",
            Relation::Attacked => "attacked",
            Relation::HoldsOfficeIn => "holds_office_in",
            Relation::About => "about",
        }
    }

    /// Whether the relation has a direction.
    pub fn directed(self) -> bool {
        !matches!(
            self,
            Relation::Met | Relation::TalkedWith | Relation::Called
        )
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Entity id (`state:RUS`).
    pub id: String,
    /// English label.
    pub label: String,
    /// `state`, `person`, `organisation`, `group`, `agreement` or `place`.
    pub kind: String,
    /// ISO 3166 alpha-3 code (states).
    pub iso3: Option<String>,
    /// Wikidata id.
    pub qid: Option<String>,
    /// Earliest dated evidence of the node's edges (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub first_date: Option<String>,
    /// Latest dated evidence.
    pub last_date: Option<String>,
    /// Community index, once computed.
    pub community: Option<usize>,
    /// PageRank, once computed.
    pub pagerank: Option<f64>,
}

impl Node {
    /// A node with an id, label and kind, and nothing computed yet.
    pub fn new(id: impl Into<String>, label: impl Into<String>, kind: impl Into<String>) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            kind: kind.into(),
            iso3: None,
            qid: None,
            first_date: None,
            last_date: None,
            community: None,
            pagerank: None,
        }
    }
}

/// A sentence supporting an edge.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Sentence index.
    pub sentence: usize,
    /// Sentence text.
    pub text: String,
}

/// An edge: one relation between two nodes, aggregated over every sentence stating it.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// The relation.
    pub relation: Relation,
    /// Number of supporting sentences.
    pub weight: usize,
    /// Earliest date with a known year.
    pub first_date: Option<String>,
    /// Latest date with a known year.
    pub last_date: Option<String>,
    /// Event types behind the edge.
    pub event_types: BTreeSet<String>,
    /// Outcomes of talks behind the edge.
    pub outcomes: BTreeSet<String>,
    /// Supporting sentences, in document order.
    pub evidence: BTreeSet<Evidence>,
}

impl Edge {
    /// An edge of `relation` with no evidence yet.
    pub fn new(relation: Relation) -> Edge {
        Edge {
            relation,
            weight: 0,
            first_date: None,
            last_date: None,
            event_types: BTreeSet::new(),
            outcomes: BTreeSet::new(),
            evidence: BTreeSet::new(),
        }
    }

    /// Whether the edge has a direction (see [`Relation::directed`]).
    pub fn directed(&self) -> bool {
        self.relation.directed()
    }
}

/// The actor graph. Edges of symmetric relations are stored once, from the smaller id to the
/// larger.
#[derive(Debug, Clone, Default)]
pub struct ActorGraph {
    /// The petgraph graph.
    pub graph: DiGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
}

impl ActorGraph {
    /// The node with this entity id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Adds a node unless present; returns its index.
    pub fn add_node(&mut self, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&node.id) {
            return i;
        }
        let id = node.id.clone();
        let i = self.graph.add_node(node);
        self.index.insert(id, i);
        i
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// Earlier of two optional dates (lexicographic order is date order for ISO forms).
pub(crate) fn min_date(a: Option<String>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b < a.as_str() { b.to_string() } else { a }),
        (a, b) => a.or(b.map(str::to_string)),
    }
}

/// Later of two optional dates.
pub(crate) fn max_date(a: Option<String>, b: Option<&str>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b > a.as_str() { b.to_string() } else { a }),
        (a, b) => a.or(b.map(str::to_string)),
    }
}
