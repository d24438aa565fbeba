//! The families of questions `ask` answers, each as SPARQL over resolved IRIs.

use super::{Answer, AskError};
use crate::gazetteer::Gazetteer;
use crate::graph::{self, GraphFilter, algo, report};
use crate::rdf::vocab::entity_iri;
use crate::store::{KnowledgeStore, Value};
use serde::Deserialize;

/// A family of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Agreements involving X (about a place X, or with X as a party).
    AgreementsInvolving,
    /// Agreements between X and Y.
    AgreementsBetween,
    /// Who signed agreement X.
    PartiesTo,
    /// Talks between X and Y, with their outcome.
    TalksBetween,
    /// All failed talks.
    FailedTalks,
    /// Failed talks involving X.
    FailedTalksInvolving,
    /// Everything between X and Y, optionally in a year.
    HappenedBetween,
    /// Meetings and calls of X.
    MeetingsAndCalls,
    /// Accusations by or against X.
    Accusations,
    /// X's events in date order.
    Timeline,
    /// How X is connected to Y (the path engine).
    Connection,
    /// Who mediates between X and Y.
    Mediators,
}

impl Family {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::AgreementsInvolving => "agreements_involving",
            Family::AgreementsBetween => "agreements_between",
            Family::PartiesTo => "parties_to",
            Family::TalksBetween => "talks_between",
            Family::FailedTalks => "failed_talks",
            Family::FailedTalksInvolving => "failed_talks_involving",
            Family::HappenedBetween => "happened_between",
            Family::MeetingsAndCalls => "meetings_and_calls",
            Family::Accusations => "accusations",
            Family::Timeline => "timeline",
            Family::Connection => "connection",
            Family::Mediators => "mediators",
        }
    }
}

const PREFIXES: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
";

/// English label of `?var` into `?var_label`.
fn label(var: &str) -> String {
    format!("OPTIONAL {{ ?{var} rdfs:label ?{var}_label FILTER(lang(?{var}_label) = \"en\") }}")
}

fn iri(id: Option<&str>) -> String {
    entity_iri(id.expect("the question form has this slot"))
}

/// A date value and its precision, as the store holds it.
fn with_precision(value: &str) -> String {
    let precision = match value.len() {
        0 => return String::new(),
        4 => "year",
        7 if !value.starts_with("--") => "month",
        4..=5 if value.starts_with("--") => "month",
        _ => "day",
    };
    format!("{value} ({precision})")
}

/// What a family reports: its SPARQL, its columns, and how it is described.
struct Plan {
    sparql: String,
    columns: Vec<(&'static str, &'static str)>,
    understood: String,
}

fn plan(
    g: &Gazetteer,
    family: Family,
    x: Option<&str>,
    y: Option<&str>,
    year: Option<i32>,
) -> Plan {
    let name = |id: Option<&str>| {
        id.and_then(|i| g.get(i))
            .map_or_else(String::new, |e| g.entity(e).label.clone())
    };
    let (xn, yn) = (name(x), name(y));
    let event_columns = vec![
        ("date", "date"),
        ("type", "event"),
        ("with", "participants"),
        ("outcome", "outcome"),
        ("quote", "quote"),
        ("source", "source"),
    ];
    // Each row is what one sentence states: the sentence's own graph gives the event's
    // type, date, outcome and participants, so a quote never meets another sentence's facts.
    // The participants are gathered per row (GROUP BY), not by a subquery: a subquery is
    // evaluated on its own, over every event of the store. Oxigraph joins patterns in about
    // the order they are written and evaluates a UNION branch or VALUES block on its own, so
    // the patterns with named entities come first and each UNION branch names one.
    let events = |pattern: String, understood: String| Plan {
        sparql: format!(
            "{PREFIXES}SELECT ?date ?type (GROUP_CONCAT(DISTINCT ?pl; separator=\", \") AS ?with) ?outcome ?quote ?doc ?idx WHERE {{\n  \
             GRAPH ?s {{\n    {pattern}\n    ?e a ?class .\n    OPTIONAL {{ ?e dg:date ?date }}\n    \
             OPTIONAL {{ ?e dg:outcome ?o }}\n  }}\n  \
             FILTER(STRSTARTS(STR(?class), STR(dg:)) && ?class != dg:Agreement)\n  \
             BIND(STRAFTER(STR(?class), \"#\") AS ?type)\n  \
             BIND(LCASE(STRAFTER(STR(?o), \"#\")) AS ?outcome)\n  \
             OPTIONAL {{ GRAPH ?s {{ ?e dg:participant ?p }} ?p rdfs:label ?pl FILTER(lang(?pl) = \"en\") }}\n  \
             ?s nif:anchorOf ?quote ; dg:sentenceIndex ?idx ; nif:referenceContext ?d .\n  \
             ?d dcterms:identifier ?doc .\n\
             }}\nGROUP BY ?e ?s ?date ?type ?outcome ?quote ?doc ?idx\nORDER BY (!BOUND(?date)) ?date ?doc ?idx ?type"
        ),
        columns: event_columns.clone(),
        understood,
    };
    match family {
        Family::AgreementsInvolving | Family::AgreementsBetween | Family::PartiesTo => {
            let (pattern, understood) = match family {
                Family::AgreementsInvolving => {
                    let x = iri(x);
                    (
                        format!(
                            "{{ ?a dg:concerns <{x}> }} UNION {{ ?a dg:signedAt <{x}> }} UNION {{ <{x}> dg:partyTo ?a }}\n  \
                             UNION {{ ?e0 dg:agreement ?a ; dg:place <{x}> }} UNION {{ ?e0 dg:agreement ?a ; dg:participant <{x}> }}"
                        ),
                        format!("agreements involving {xn}"),
                    )
                }
                Family::AgreementsBetween => (
                    format!(
                        "{{ <{}> dg:partyTo ?a . <{}> dg:partyTo ?a }} UNION {{ ?e0 dg:agreement ?a ; dg:participant <{}>, <{}> }}",
                        iri(x),
                        iri(y),
                        iri(x),
                        iri(y)
                    ),
                    format!("agreements between {xn} and {yn}"),
                ),
                _ => (
                    format!("BIND(<{}> AS ?a) ?p0 dg:partyTo ?a .", iri(x)),
                    format!("parties to {xn}"),
                ),
            };
            Plan {
                sparql: format!(
                    "{PREFIXES}SELECT ?a_label (GROUP_CONCAT(DISTINCT ?pl; separator=\", \") AS ?parties) ?date ?quote ?doc ?idx WHERE {{\n  {{ SELECT DISTINCT ?a WHERE {{ {pattern} }} }}\n  ?a a dg:Agreement .\n  {}\n  OPTIONAL {{ ?a dg:agreementDate ?adate }} OPTIONAL {{ ?a dg:year ?ayear }}\n  BIND(COALESCE(?adate, ?ayear) AS ?date)\n  OPTIONAL {{ ?p dg:partyTo ?a . ?p rdfs:label ?pl FILTER(lang(?pl) = \"en\") }}\n  OPTIONAL {{ ?e dg:agreement ?a ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?quote ; dg:sentenceIndex ?idx ; nif:referenceContext ?d . ?d dcterms:identifier ?doc }}\n}}\nGROUP BY ?a ?a_label ?date ?quote ?doc ?idx\nORDER BY ?date ?a_label ?doc ?idx",
                    label("a")
                ),
                columns: vec![
                    ("a_label", "agreement"),
                    ("parties", "parties"),
                    ("date", "date"),
                    ("quote", "quote"),
                    ("source", "source"),
                ],
                understood,
            }
        }
        Family::TalksBetween => events(
            format!(
                "?e dg:participant <{}> . ?e dg:participant <{}> . ?e a dg:Talks .",
                iri(x),
                iri(y)
            ),
            format!("talks between {xn} and {yn}"),
        ),
        Family::FailedTalks => events(
            "?e a dg:Talks ; dg:outcome dg:Failed .".into(),
            "failed talks".into(),
        ),
        Family::FailedTalksInvolving => events(
            format!(
                "?e dg:participant <{}> . ?e a dg:Talks ; dg:outcome dg:Failed .",
                iri(x)
            ),
            format!("failed talks involving {xn}"),
        ),
        Family::HappenedBetween => {
            let year_filter = year.map_or_else(String::new, |y| {
                format!(" ?e dg:date ?yd FILTER(STRSTARTS(STR(?yd), \"{y:04}\"))")
            });
            events(
                format!(
                    "?e dg:participant <{}> . ?e dg:participant <{}> .{year_filter}",
                    iri(x),
                    iri(y)
                ),
                match year {
                    Some(y) => format!("what happened between {xn} and {yn} in {y}"),
                    None => format!("what happened between {xn} and {yn}"),
                },
            )
        }
        Family::MeetingsAndCalls => events(
            format!(
                "?e dg:participant <{}> . ?e a ?c . FILTER(?c IN (dg:Meeting, dg:PhoneCall))",
                iri(x)
            ),
            format!("meetings and calls of {xn}"),
        ),
        Family::Accusations => events(
            format!(
                "{{ ?e dg:source <{x}> . ?e a dg:Accusation }} UNION {{ ?e dg:target <{x}> . ?e a dg:Accusation }}",
                x = iri(x)
            ),
            format!("accusations by or against {xn}"),
        ),
        Family::Timeline => events(
            format!("?e dg:participant <{}> .", iri(x)),
            format!("timeline of {xn}"),
        ),
        Family::Mediators => {
            let (x, y) = (iri(x), iri(y));
            Plan {
                sparql: format!(
                    "{PREFIXES}SELECT ?m_label (COUNT(DISTINCT ?e1) AS ?with_first) (COUNT(DISTINCT ?e2) AS ?with_second) WHERE {{\n  \
                     VALUES ?c1 {{ dg:Talks dg:Meeting dg:PhoneCall dg:AgreementEvent dg:Visit }}\n  \
                     VALUES ?c2 {{ dg:Talks dg:Meeting dg:PhoneCall dg:AgreementEvent dg:Visit }}\n  \
                     ?e1 a ?c1 ; dg:participant ?m, <{x}> .\n  ?e2 a ?c2 ; dg:participant ?m, <{y}> .\n  \
                     FILTER(?m != <{x}> && ?m != <{y}>)\n  \
                     FILTER NOT EXISTS {{ ?m dg:servesState <{x}> }} FILTER NOT EXISTS {{ ?m dg:servesState <{y}> }}\n  \
                     {}\n}}\nGROUP BY ?m_label\nORDER BY DESC(?with_first + ?with_second) ?m_label",
                    label("m")
                ),
                columns: vec![
                    ("m_label", "mediator"),
                    ("with_first", "events with the first"),
                    ("with_second", "events with the second"),
                ],
                understood: format!("who mediates between {xn} and {yn}"),
            }
        }
        Family::Connection => Plan {
            sparql: String::new(),
            columns: Vec::new(),
            understood: format!("how {xn} is connected to {yn}"),
        },
    }
}

/// Answers one family of question for resolved ids.
pub(super) fn answer(
    g: &Gazetteer,
    store: &KnowledgeStore,
    family: Family,
    x: Option<&str>,
    y: Option<&str>,
    year: Option<i32>,
) -> Result<Answer, AskError> {
    let plan = plan(g, family, x, y, year);
    if family == Family::Connection {
        let graph = graph::project(store, &GraphFilter::default())?;
        let (from, to) = (x.and_then(|i| graph.node(i)), y.and_then(|i| graph.node(i)));
        let text = match (from, to) {
            (Some(a), Some(b)) => {
                algo::shortest_path(&graph, a, b, 6).map(|p| report::path(&graph, &p))
            }
            _ => None,
        };
        return Ok(Answer {
            understood: plan.understood,
            columns: Vec::new(),
            rows: Vec::new(),
            sparql: None,
            text,
        });
    }
    let mut vars: Vec<&str> = plan.columns.iter().map(|(v, _)| *v).collect();
    let wants_source = vars.contains(&"source");
    vars.retain(|v| *v != "source");
    if wants_source {
        vars.extend(["doc", "idx"]);
    }
    let raw = store.select(&plan.sparql, &vars)?;
    let cell = |v: &Option<Value>| {
        v.as_ref()
            .map_or_else(String::new, |v| v.as_str().to_string())
    };
    let mut rows = Vec::new();
    for r in raw {
        let mut row = Vec::new();
        for (i, (var, _)) in plan.columns.iter().enumerate() {
            if *var == "source" {
                let n = vars.len();
                let (doc, idx) = (cell(&r[n - 2]), cell(&r[n - 1]));
                row.push(if doc.is_empty() {
                    String::new()
                } else {
                    format!("{doc}#{idx}")
                });
            } else if *var == "date" {
                row.push(with_precision(&cell(&r[i])));
            } else {
                row.push(cell(&r[i]));
            }
        }
        rows.push(row);
    }
    Ok(Answer {
        understood: plan.understood,
        columns: plan.columns.iter().map(|(_, c)| c.to_string()).collect(),
        rows,
        sparql: Some(plan.sparql),
        text: None,
    })
}
