//! Reading the actor graph out of the store.

use super::{ActorGraph, Edge, Evidence, Node, Relation, max_date, min_date};
use crate::model::EventType;
use crate::rdf::event_type_of_class;
use crate::rdf::vocab::iri_to_id;
use crate::store::{KnowledgeStore, QueryError, Value};
use std::collections::{BTreeMap, HashMap};

/// Which statements go into the graph; every graph command takes the same filters.
#[derive(Debug, Clone, Default)]
pub struct GraphFilter {
    /// Only statements dated on or after this (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only statements dated on or before this.
    pub until: Option<String>,
    /// Only these event types (empty: all).
    pub types: Vec<EventType>,
    /// Only statements in which this entity takes part.
    pub actor: Option<String>,
    /// Only sentences in these languages (empty: all).
    pub langs: Vec<String>,
}

const PREFIXES: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#> \
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> \
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/> \
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX owl: <http://www.w3.org/2002/07/owl#> ";

/// Adds (or strengthens) an edge: source, target, relation, the statement, its evidence.
type AddEdge<'a> = dyn FnMut(&str, &str, Relation, &Statement, Option<&Evidence>) + 'a;

/// One event as one sentence states it.
#[derive(Debug, Default)]
struct Statement {
    event_type: Option<EventType>,
    participants: Vec<(String, Option<String>)>,
    dates: Vec<String>,
    places: Vec<String>,
    agreement: Option<String>,
    outcome: Option<String>,
    negated: bool,
}

fn text(v: &Option<Value>) -> Option<&str> {
    v.as_ref().map(Value::as_str)
}

fn id(v: &Option<Value>) -> Option<String> {
    text(v).and_then(iri_to_id)
}

fn local(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

impl GraphFilter {
    fn dated_ok(&self, dates: &[String]) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let known: Vec<&String> = dates
            .iter()
            .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
            .collect();
        known.iter().any(|d| {
            self.since.as_ref().is_none_or(|s| d.as_str() >= s.as_str())
                // "2019" as an upper bound includes all of 2019.
                && self.until.as_ref().is_none_or(|u| d.as_str() <= format!("{u}~").as_str())
        })
    }
}

/// Projects the store onto an actor graph, keeping the statements `filter` admits.
pub fn project(store: &KnowledgeStore, filter: &GraphFilter) -> Result<ActorGraph, QueryError> {
    let q = |body: &str, vars: &[&str]| store.select(&format!("{PREFIXES}{body}"), vars);

    // Sentences that state something (a sentence names its language only when it differs
    // from its document's).
    let mut sentences: HashMap<String, (Evidence, String)> = HashMap::new();
    for r in q(
        "SELECT ?s ?text ?doc ?idx ?lang WHERE { ?s a dg:Sentence ; nif:anchorOf ?text ; \
         nif:referenceContext ?d ; dg:sentenceIndex ?idx . ?d dcterms:identifier ?doc . \
         OPTIONAL { ?s dcterms:language ?own } OPTIONAL { ?d dcterms:language ?docLang } \
         BIND(COALESCE(?own, ?docLang, \"\") AS ?lang) }",
        &["s", "text", "doc", "idx", "lang"],
    )? {
        let (Some(s), Some(t), Some(d), Some(i), Some(l)) = (
            text(&r[0]),
            text(&r[1]),
            text(&r[2]),
            text(&r[3]),
            text(&r[4]),
        ) else {
            continue;
        };
        let evidence = Evidence {
            doc: d.to_string(),
            sentence: i.parse().unwrap_or(0),
            text: t.to_string(),
        };
        sentences.insert(s.to_string(), (evidence, l.to_string()));
    }

    // Events: what each states, and the sentences it is derived from.
    let mut events: BTreeMap<String, Statement> = BTreeMap::new();
    let mut derived: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in q(
        "SELECT ?e ?s ?t WHERE { ?e prov:wasDerivedFrom ?s ; a ?t }",
        &["e", "s", "t"],
    )? {
        let (Some(e), Some(s), Some(t)) = (text(&r[0]), text(&r[1]), text(&r[2])) else {
            continue;
        };
        if let Some(t) = event_type_of_class(t) {
            events.entry(e.to_string()).or_default().event_type = Some(t);
            let from = derived.entry(e.to_string()).or_default();
            if !from.iter().any(|x| x == s) {
                from.push(s.to_string());
            }
        }
    }
    for r in q(
        "SELECT ?e ?role ?p WHERE { ?e ?role ?p \
         VALUES ?role { dg:participant dg:source dg:target } }",
        &["e", "role", "p"],
    )? {
        if let (Some(e), Some(role), Some(p)) = (text(&r[0]), text(&r[1]), id(&r[2])) {
            let Some(st) = events.get_mut(e) else {
                continue;
            };
            let role = local(role);
            if role == "participant" {
                if !st.participants.iter().any(|(x, _)| *x == p) {
                    st.participants.push((p, None));
                }
            } else {
                st.participants.retain(|(x, _)| *x != p);
                st.participants.push((p, Some(role.to_string())));
            }
        }
    }
    for (prop, var) in [
        ("date", "dates"),
        ("place", "places"),
        ("agreement", "agreement"),
        ("outcome", "outcome"),
        ("negated", "negated"),
    ] {
        for r in q(
            &format!("SELECT ?e ?v WHERE {{ ?e dg:{prop} ?v }}"),
            &["e", "v"],
        )? {
            let (Some(e), Some(v)) = (text(&r[0]), text(&r[1])) else {
                continue;
            };
            let Some(st) = events.get_mut(e) else {
                continue;
            };
            match var {
                "dates" => st.dates.push(v.to_string()),
                "places" => st.places.extend(iri_to_id(v)),
                "agreement" => st.agreement = iri_to_id(v),
                "outcome" => st.outcome = Some(local(v).to_lowercase()),
                _ => st.negated = v == "true",
            }
        }
    }
    // Statements: (event, sentence) → what that sentence says of the event.
    let statements: Vec<(&String, &Statement)> = events
        .iter()
        .flat_map(|(e, st)| derived.get(e).into_iter().flatten().map(move |s| (s, st)))
        .collect();

    // Entities: kind, English label, codes.
    let mut info: HashMap<String, Node> = HashMap::new();
    for r in q(
        "SELECT ?x ?t ?label ?iso ?qid WHERE { ?x a ?t . \
         VALUES ?t { dg:State dg:Person dg:Organisation dg:Group dg:Place dg:Agreement } \
         OPTIONAL { ?x rdfs:label ?label FILTER(lang(?label) = \"en\") } \
         OPTIONAL { ?x dg:iso3 ?iso } OPTIONAL { ?x owl:sameAs ?qid } }",
        &["x", "t", "label", "iso", "qid"],
    )? {
        let (Some(x), Some(t)) = (id(&r[0]), text(&r[1])) else {
            continue;
        };
        let kind = local(t).to_lowercase();
        info.entry(x.clone()).or_insert_with(|| {
            let label = text(&r[2]).map_or_else(|| x.clone(), str::to_string);
            let mut n = Node::new(x, label, kind);
            n.iso3 = text(&r[3]).map(str::to_string);
            n.qid = text(&r[4]).map(|q| local(q).to_string());
            n
        });
    }
    let kind_of = |x: &str| info.get(x).map(|n| n.kind.as_str()).unwrap_or("");

    // Edges from statements.
    type Key = (String, String, Relation);
    let mut edges: BTreeMap<Key, Edge> = BTreeMap::new();
    let mut add =
        |a: &str, b: &str, relation: Relation, st: &Statement, evidence: Option<&Evidence>| {
            let (a, b) = if relation.directed() || a <= b {
                (a, b)
            } else {
                (b, a)
            };
            let e = edges
                .entry((a.to_string(), b.to_string(), relation))
                .or_insert_with(|| Edge::new(relation));
            if let Some(ev) = evidence {
                e.evidence.insert(ev.clone());
                e.weight = e.evidence.len();
            }
            for d in st
                .dates
                .iter()
                .filter(|d| d.starts_with(|c: char| c.is_ascii_digit()))
            {
                e.first_date = min_date(e.first_date.take(), Some(d));
                e.last_date = max_date(e.last_date.take(), Some(d));
            }
            if let Some(t) = st.event_type {
                e.event_types.insert(t.as_str().to_string());
            }
            if relation == Relation::TalkedWith
                && let Some(o) = &st.outcome
            {
                e.outcomes.insert(o.clone());
            }
        };
    for (s, st) in statements {
        let Some(t) = st.event_type else { continue };
        let Some((evidence, lang)) = sentences.get(s) else {
            continue;
        };
        if !filter.langs.is_empty() && !filter.langs.contains(lang) {
            continue;
        }
        if !filter.types.is_empty() && !filter.types.contains(&t) {
            continue;
        }
        if filter
            .actor
            .as_ref()
            .is_some_and(|a| !st.participants.iter().any(|(p, _)| p == a))
        {
            continue;
        }
        if !filter.dated_ok(&st.dates) {
            continue;
        }
        // A negated meeting did not happen; failed talks did.
        if st.negated && t != EventType::Talks {
            continue;
        }
        let ev = Some(evidence);
        let persons = |p: &str| kind_of(p) == "person";
        let pairs = |rel: Relation, add: &mut AddEdge<'_>| {
            for (i, (a, _)) in st.participants.iter().enumerate() {
                for (b, _) in &st.participants[i + 1..] {
                    if persons(a) == persons(b) {
                        add(a, b, rel, st, ev);
                    }
                }
            }
        };
        match t {
            // A ceasefire with its agreement named is that agreement.
            EventType::Agreement | EventType::Ceasefire => {
                if let Some(a) = &st.agreement {
                    for (p, _) in &st.participants {
                        let rel = if persons(p) {
                            Relation::Signed
                        } else {
                            Relation::PartyTo
                        };
                        add(p, a, rel, st, ev);
                    }
                    for place in &st.places {
                        add(a, place, Relation::About, st, ev);
                    }
                }
            }
            EventType::Talks => pairs(Relation::TalkedWith, &mut add),
            EventType::Meeting => pairs(Relation::Met, &mut add),
            EventType::PhoneCall => pairs(Relation::Called, &mut add),
            EventType::Visit => {
                for (p, _) in &st.participants {
                    for place in &st.places {
                        add(p, place, Relation::Visited, st, ev);
                    }
                }
            }
            EventType::Accusation | EventType::MilitaryOperation => {
                let rel = if t == EventType::Accusation {
                    Relation::Accused
                } else {
                    Relation::Attacked
                };
                for (s_id, sr) in &st.participants {
                    for (t_id, tr) in &st.participants {
                        if sr.as_deref() == Some("source")
                            && tr.as_deref() == Some("target")
                            && s_id != t_id
                        {
                            add(s_id, t_id, rel, st, ev);
                        }
                    }
                }
            }
            EventType::Statement => {}
        }
    }

    let mut g = ActorGraph::default();
    let node_for = |g: &mut ActorGraph, x: &str| {
        let n = info
            .get(x)
            .cloned()
            .unwrap_or_else(|| Node::new(x, x, x.split(':').next().unwrap_or("")));
        g.add_node(n)
    };
    for ((a, b, _), e) in edges {
        let (ia, ib) = (node_for(&mut g, &a), node_for(&mut g, &b));
        for i in [ia, ib] {
            let n = &mut g.graph[i];
            n.first_date = min_date(n.first_date.take(), e.first_date.as_deref());
            n.last_date = max_date(n.last_date.take(), e.last_date.as_deref());
        }
        g.graph.add_edge(ia, ib, e);
    }

    // Gazetteer structure for the nodes present: offices, and what agreements concern.
    for (query, relation) in [
        (
            "SELECT DISTINCT ?a ?b WHERE { ?a dg:holdsOfficeIn ?b }",
            Relation::HoldsOfficeIn,
        ),
        (
            "SELECT DISTINCT ?a ?b WHERE { ?a dg:concerns ?b }",
            Relation::About,
        ),
    ] {
        for r in q(query, &["a", "b"])? {
            let (Some(a), Some(b)) = (id(&r[0]), id(&r[1])) else {
                continue;
            };
            let Some(ia) = g.node(&a) else { continue };
            if relation == Relation::HoldsOfficeIn && g.node(&b).is_none() {
                continue;
            }
            let ib = node_for(&mut g, &b);
            if g.graph
                .edges_connecting(ia, ib)
                .any(|e| e.weight().relation == relation)
            {
                continue;
            }
            g.graph.add_edge(ia, ib, Edge::new(relation));
        }
    }
    Ok(g)
}
