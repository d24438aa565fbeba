//! The families of questions `ask` answers.
//!
//! Event families read the `ask` keys of event key nodes (`crate::rdf::askkeys`): one
//! lookup per year counts the events, and only the years the page shows are read; the same
//! event reported by several documents is one row, with its number of reports and its best
//! quote. Agreement families read the few agreements linked to a name and count the events
//! about each. Text a user types never reaches SPARQL: only resolved IRIs, keys built from
//! entity ids and years, and validated dates.

use super::{Answer, AskError};
use crate::gazetteer::Gazetteer;
use crate::graph::{self, GraphFilter, algo, report};
use crate::model::EntityKind;
use crate::rdf::askkeys::{actor_key, bucket, pair_key};
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

/// The years a question can reach, newest first (undated events come after them).
const FIRST_YEAR: i32 = 1800;
const LAST_YEAR: i32 = 2100;

/// Which rows of an answer to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip (the cursor of the previous page).
    pub offset: usize,
    /// Rows to show; `None` for all.
    pub limit: Option<usize>,
    /// Only events (or agreements) dated on or after this `YYYY[-MM[-DD]]`.
    pub since: Option<String>,
    /// Only events (or agreements) dated on or before this `YYYY[-MM[-DD]]`.
    pub until: Option<String>,
}

impl Page {
    /// Whether a date (`2019-10-22`, `2019-10`, `2019`) falls within `since`..`until`; an
    /// undated row only when neither is given.
    fn admits(&self, date: Option<&str>) -> bool {
        let Some(d) = date.filter(|d| d.starts_with(|c: char| c.is_ascii_digit())) else {
            return self.since.is_none() && self.until.is_none();
        };
        // "2019" as a bound covers all of 2019: compare on the shorter precision.
        let cut = |bound: &str| d.len().min(bound.len());
        self.since
            .as_deref()
            .is_none_or(|s| d[..cut(s)] >= s[..cut(s)])
            && self
                .until
                .as_deref()
                .is_none_or(|u| d[..cut(u)] <= u[..cut(u)])
    }

    fn year_range(&self) -> (i32, i32) {
        let year = |d: &Option<String>| d.as_deref().and_then(|d| d.get(0..4)?.parse().ok());
        (
            year(&self.since).unwrap_or(FIRST_YEAR),
            year(&self.until).unwrap_or(LAST_YEAR),
        )
    }

    fn window<T>(&self, rows: Vec<T>) -> Vec<T> {
        let rows = rows.into_iter().skip(self.offset);
        match self.limit {
            Some(n) => rows.take(n).collect(),
            None => rows.collect(),
        }
    }

    fn next_cursor(&self, total: usize) -> Option<String> {
        let shown_to = self.offset + self.limit?;
        (shown_to < total).then(|| shown_to.to_string())
    }
}

/// English label of `?var` into `?var_label`.
fn label(var: &str) -> String {
    format!("OPTIONAL {{ ?{var} rdfs:label ?{var}_label FILTER(lang(?{var}_label) = \"en\") }}")
}

fn iri(id: &str) -> String {
    entity_iri(id)
}

/// A SPARQL string literal of text built from entity ids, years and fixed words only.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
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

fn text(v: &Option<Value>) -> String {
    v.as_ref()
        .map_or_else(String::new, |v| v.as_str().to_string())
}

/// The label of an entity id.
fn name(g: &Gazetteer, id: Option<&str>) -> String {
    id.and_then(|i| g.get(i))
        .map_or_else(String::new, |e| g.entity(e).label.clone())
}

/// An entity as one side of a pair: a person whose counterpart in the question is not a
/// person stands for the state they serve ("talks between John Kerry and Russia").
fn comparable(g: &Gazetteer, x: &str, y: &str) -> (String, String) {
    let is_person = |id: &str| {
        g.get(id)
            .is_some_and(|e| g.entity(e).kind == EntityKind::Person)
    };
    let side = |id: &str| {
        g.get(id)
            .and_then(|e| g.entity(e).state)
            .map_or_else(|| id.to_string(), |s| g.entity(s).id.clone())
    };
    match (is_person(x), is_person(y)) {
        (true, false) => (side(x), y.to_string()),
        (false, true) => (x.to_string(), side(y)),
        _ => (x.to_string(), y.to_string()),
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
    page: &Page,
) -> Result<Answer, AskError> {
    let (xn, yn) = (name(g, x), name(g, y));
    let x = x.unwrap_or_default();
    let y = y.unwrap_or_default();
    match family {
        Family::TalksBetween => {
            let (a, b) = comparable(g, x, y);
            events(
                store,
                &|bucket| pair_key("talks", &a, &b, bucket),
                format!("talks between {xn} and {yn}"),
                page,
                Best::Confident,
            )
        }
        Family::HappenedBetween => {
            let (a, b) = comparable(g, x, y);
            let mut page = page.clone();
            if let Some(y) = year {
                page.since = Some(format!("{y:04}"));
                page.until = Some(format!("{y:04}"));
            }
            events(
                store,
                &|bucket| pair_key("*", &a, &b, bucket),
                match year {
                    Some(y) => format!("what happened between {xn} and {yn} in {y}"),
                    None => format!("what happened between {xn} and {yn}"),
                },
                &page,
                Best::Confident,
            )
        }
        Family::MeetingsAndCalls => events(
            store,
            &|bucket| actor_key("meet", x, bucket),
            format!("meetings and calls of {xn}"),
            page,
            Best::Confident,
        ),
        Family::Accusations => events(
            store,
            &|bucket| actor_key("acc", x, bucket),
            format!("accusations by or against {xn}"),
            page,
            Best::Confident,
        ),
        Family::Timeline => events(
            store,
            &|bucket| actor_key("*", x, bucket),
            format!("timeline of {xn}"),
            page,
            Best::Confident,
        ),
        Family::FailedTalks => events(
            store,
            &|bucket| actor_key("failed", "*", bucket),
            "failed talks".into(),
            page,
            Best::Failed,
        ),
        Family::FailedTalksInvolving => events(
            store,
            &|bucket| actor_key("failed", x, bucket),
            format!("failed talks involving {xn}"),
            page,
            Best::Failed,
        ),
        Family::AgreementsInvolving => {
            let x = iri(x);
            agreements(
                store,
                format!(
                    "{{ ?a dg:concerns <{x}> }} UNION {{ ?a dg:signedAt <{x}> }} UNION {{ <{x}> dg:partyTo ?a }} UNION {{ <{x}> dg:signed ?a }}"
                ),
                format!("agreements involving {xn}"),
                page,
            )
        }
        Family::AgreementsBetween => {
            let (a, b) = (iri(x), iri(y));
            agreements(
                store,
                format!("<{a}> dg:partyTo|dg:signed ?a . <{b}> dg:partyTo|dg:signed ?a ."),
                format!("agreements between {xn} and {yn}"),
                page,
            )
        }
        Family::PartiesTo => small(
            store,
            format!(
                "{PREFIXES}SELECT ?p_label ?kind WHERE {{\n  ?p dg:partyTo|dg:signed <{}> .\n  ?p a ?class .\n  \
                 FILTER(?class IN (dg:State, dg:Person, dg:Organisation, dg:Group))\n  \
                 BIND(LCASE(STRAFTER(STR(?class), \"#\")) AS ?kind)\n  {}\n}}\nORDER BY ?kind ?p_label",
                iri(x),
                label("p")
            ),
            vec![("p_label", "party"), ("kind", "kind")],
            format!("parties to {xn}"),
            page,
        ),
        Family::Mediators => {
            let (x, y) = (iri(x), iri(y));
            small(
                store,
                format!(
                    "{PREFIXES}SELECT ?m_label (COUNT(DISTINCT ?e1) AS ?with_first) (COUNT(DISTINCT ?e2) AS ?with_second) WHERE {{\n  \
                     VALUES ?c1 {{ dg:Talks dg:Meeting dg:PhoneCall dg:AgreementEvent dg:Visit }}\n  \
                     VALUES ?c2 {{ dg:Talks dg:Meeting dg:PhoneCall dg:AgreementEvent dg:Visit }}\n  \
                     ?e1 dg:participant <{x}> ; a ?c1 ; dg:participant ?m .\n  ?e2 dg:participant <{y}> ; a ?c2 ; dg:participant ?m .\n  \
                     FILTER(?m != <{x}> && ?m != <{y}>)\n  \
                     FILTER NOT EXISTS {{ ?m dg:servesState <{x}> }} FILTER NOT EXISTS {{ ?m dg:servesState <{y}> }}\n  \
                     {}\n}}\nGROUP BY ?m_label\nORDER BY DESC(?with_first + ?with_second) ?m_label",
                    label("m")
                ),
                vec![
                    ("m_label", "mediator"),
                    ("with_first", "events with the first"),
                    ("with_second", "events with the second"),
                ],
                format!("who mediates between {xn} and {yn}"),
                page,
            )
        }
        Family::Connection => {
            let understood = format!("how {xn} is connected to {yn}");
            let graph = graph::project(store, &GraphFilter::default())?;
            let (from, to) = (graph.node(x), graph.node(y));
            let text = match (from, to) {
                (Some(a), Some(b)) => {
                    algo::shortest_path(&graph, a, b, 6).map(|p| report::path(&graph, &p))
                }
                _ => None,
            };
            Ok(Answer {
                understood,
                columns: Vec::new(),
                rows: Vec::new(),
                queries: Vec::new(),
                text,
                total: None,
                offset: 0,
                next_cursor: None,
            })
        }
    }
}

/// A question answered by one query whose rows are few (parties, mediators).
fn small(
    store: &KnowledgeStore,
    sparql: String,
    columns: Vec<(&str, &str)>,
    understood: String,
    page: &Page,
) -> Result<Answer, AskError> {
    let vars: Vec<&str> = columns.iter().map(|(v, _)| *v).collect();
    let rows: Vec<Vec<String>> = store
        .select(&sparql, &vars)?
        .iter()
        .map(|r| r.iter().map(text).collect())
        .collect();
    let total = rows.len();
    Ok(Answer {
        understood,
        columns: columns.iter().map(|(_, c)| c.to_string()).collect(),
        rows: page.window(rows),
        queries: vec![sparql],
        text: None,
        total: Some(total),
        offset: page.offset,
        next_cursor: page.next_cursor(total),
    })
}

/// Which report of an event an answer quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Best {
    /// The most confident.
    Confident,
    /// The most confident of those that say it failed (failed talks), else the most
    /// confident.
    Failed,
}

/// One event an answer shows: an event key, however many documents report it.
struct EventRow {
    key: String,
    sort_date: Option<String>,
}

/// An event family: the events whose key node holds `key(year)`, newest first, one row per
/// event key (the same event reported by several documents is one row, with the number of
/// reports and the best quote).
fn events(
    store: &KnowledgeStore,
    key: &dyn Fn(&str) -> String,
    understood: String,
    page: &Page,
    best: Best,
) -> Result<Answer, AskError> {
    let (from, to) = page.year_range();
    let mut buckets: Vec<String> = (from..=to).rev().map(|y| bucket(Some(y))).collect();
    if page.since.is_none() && page.until.is_none() {
        buckets.push(bucket(None));
    }
    let keys: Vec<String> = buckets.iter().map(|b| key(b)).collect();
    let values = |ks: &[&String]| ks.iter().map(|k| literal(k)).collect::<Vec<_>>().join(" ");
    // 1. How many events each year holds: one index lookup per year.
    let count_query = format!(
        "{PREFIXES}SELECT ?k (COUNT(?g) AS ?n) WHERE {{\n  VALUES ?k {{ {} }}\n  ?g dg:askKey ?k .\n}}\nGROUP BY ?k",
        values(&keys.iter().collect::<Vec<_>>())
    );
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for r in store.select(&count_query, &["k", "n"])? {
        counts.insert(text(&r[0]), text(&r[1]).parse().unwrap_or(0));
    }
    // A bound finer than a year cuts its boundary years: their rows are read to be counted.
    let partial = |b: &str| {
        [&page.since, &page.until].iter().any(|d| {
            d.as_deref()
                .is_some_and(|d| d.len() > 4 && d.starts_with(b))
        })
    };
    let mut queries = vec![count_query];
    let mut fetched: std::collections::HashMap<usize, Vec<EventRow>> = Default::default();

    type Fetched = std::collections::HashMap<usize, Vec<EventRow>>;
    let fetch = |ranks: &[usize],
                 queries: &mut Vec<String>,
                 fetched: &mut Fetched|
     -> Result<(), AskError> {
        if ranks.is_empty() {
            return Ok(());
        }
        let ks: Vec<&String> = ranks.iter().map(|&i| &keys[i]).collect();
        let rows_query = format!(
            "{PREFIXES}SELECT ?g ?k ?d WHERE {{\n  VALUES ?k {{ {} }}\n  ?g dg:askKey ?k .\n  OPTIONAL {{ ?g dg:sortDate ?d }}\n}}",
            values(&ks)
        );
        for r in store.select(&rows_query, &["g", "k", "d"])? {
            let k = text(&r[1]);
            let Some(rank) = keys.iter().position(|x| *x == k) else {
                continue;
            };
            let sort_date = r[2].as_ref().map(|v| v.as_str().to_string());
            if partial(&buckets[rank]) && !page.admits(sort_date.as_deref()) {
                continue;
            }
            fetched.entry(rank).or_default().push(EventRow {
                key: text(&r[0]),
                sort_date,
            });
        }
        queries.push(rows_query);
        Ok(())
    };
    let partial_ranks: Vec<usize> = (0..keys.len())
        .filter(|&i| partial(&buckets[i]) && counts.get(&keys[i]).is_some_and(|&n| n > 0))
        .collect();
    fetch(&partial_ranks, &mut queries, &mut fetched)?;
    // 2. The years the page needs, from the counts of the years before them.
    let size = |rank: usize, fetched: &std::collections::HashMap<usize, Vec<EventRow>>| {
        if partial(&buckets[rank]) {
            fetched.get(&rank).map_or(0, Vec::len)
        } else {
            counts.get(&keys[rank]).copied().unwrap_or(0)
        }
    };
    let end = page.limit.map(|n| page.offset + n);
    let (mut total, mut before, mut on_page) = (0usize, None, Vec::new());
    for rank in 0..keys.len() {
        let n = size(rank, &fetched);
        if n == 0 {
            continue;
        }
        let starts = total;
        total += n;
        if total > page.offset && end.is_none_or(|e| starts < e) {
            before.get_or_insert(starts);
            on_page.push(rank);
        }
    }
    let missing: Vec<usize> = on_page
        .iter()
        .copied()
        .filter(|r| !partial(&buckets[*r]))
        .collect();
    fetch(&missing, &mut queries, &mut fetched)?;
    let mut rows: Vec<EventRow> = Vec::new();
    for rank in &on_page {
        let mut year = fetched.remove(rank).unwrap_or_default();
        year.sort_by(|a, b| {
            b.sort_date
                .cmp(&a.sort_date)
                .then_with(|| a.key.cmp(&b.key))
        });
        rows.extend(year);
    }
    let skip = page.offset - before.unwrap_or(page.offset);
    let shown: Vec<EventRow> = match page.limit {
        Some(n) => rows.into_iter().skip(skip).take(n).collect(),
        None => rows.into_iter().skip(skip).collect(),
    };
    // 3. What each shown event is: its best report (highest confidence) and how many
    // documents report it.
    let mut out_rows = Vec::new();
    if !shown.is_empty() {
        let groups = shown
            .iter()
            .map(|r| format!("<{}>", r.key))
            .collect::<Vec<_>>()
            .join(" ");
        let reports_query = format!(
            "{PREFIXES}SELECT ?g ?e ?c ?failed WHERE {{\n  VALUES ?g {{ {groups} }}\n  ?e dg:eventKey ?g .\n  OPTIONAL {{ ?e dg:confidence ?c }}\n  \
             BIND(EXISTS {{ ?e dg:outcome dg:Failed }} || EXISTS {{ ?e dg:negated true }} AS ?failed)\n}}"
        );
        // key → (report, its rank, number of reports)
        type Rank = (bool, f64);
        let mut best_of: std::collections::HashMap<String, (String, Rank, usize)> =
            Default::default();
        for r in store.select(&reports_query, &["g", "e", "c", "failed"])? {
            let (g, e) = (text(&r[0]), text(&r[1]));
            let c: f64 = text(&r[2]).parse().unwrap_or(0.0);
            let rank = (best == Best::Failed && text(&r[3]) == "true", c);
            let entry = best_of.entry(g).or_insert((e.clone(), rank, 0));
            entry.2 += 1;
            if rank > entry.1 || (rank == entry.1 && e < entry.0) {
                entry.0 = e;
                entry.1 = rank;
            }
        }
        let chosen = shown
            .iter()
            .filter_map(|r| best_of.get(&r.key))
            .map(|(e, _, _)| format!("<{e}>"))
            .collect::<Vec<_>>()
            .join(" ");
        let details_query = format!(
            "{PREFIXES}SELECT ?e ?type ?date ?outcome (GROUP_CONCAT(DISTINCT ?pl; separator=\", \") AS ?with) ?quote ?doc ?idx WHERE {{\n  \
             VALUES ?e {{ {chosen} }}\n  ?e a ?class ; prov:wasDerivedFrom ?s .\n  \
             FILTER(STRSTARTS(STR(?class), STR(dg:)))\n  BIND(STRAFTER(STR(?class), \"#\") AS ?type)\n  \
             OPTIONAL {{ ?e dg:date ?date }}\n  OPTIONAL {{ ?e dg:outcome ?o }}\n  BIND(LCASE(STRAFTER(STR(?o), \"#\")) AS ?outcome)\n  \
             OPTIONAL {{ ?e dg:participant ?p . ?p rdfs:label ?pl FILTER(lang(?pl) = \"en\") }}\n  \
             ?s nif:anchorOf ?quote ; dg:sentenceIndex ?idx ; nif:referenceContext ?d .\n  ?d dcterms:identifier ?doc .\n}}\n\
             GROUP BY ?e ?type ?date ?outcome ?quote ?doc ?idx"
        );
        // event → (type, date, outcome, with, quote, doc, idx) of its first sentence
        let mut details: std::collections::HashMap<String, Vec<String>> = Default::default();
        for r in store.select(
            &details_query,
            &[
                "e", "type", "date", "outcome", "with", "quote", "doc", "idx",
            ],
        )? {
            let e = text(&r[0]);
            let idx: usize = text(&r[7]).parse().unwrap_or(usize::MAX);
            let replace = details
                .get(&e)
                .is_none_or(|d| d[6].parse::<usize>().unwrap_or(usize::MAX) > idx);
            if replace {
                details.insert(e, r[1..].iter().map(text).collect());
            }
        }
        for row in &shown {
            let Some((e, _, reports)) = best_of.get(&row.key) else {
                continue;
            };
            let Some(d) = details.get(e) else { continue };
            let date = if d[1].is_empty() {
                row.sort_date.clone().unwrap_or_default()
            } else {
                d[1].clone()
            };
            out_rows.push(vec![
                with_precision(&date),
                d[0].clone(),
                d[3].clone(),
                d[2].clone(),
                reports.to_string(),
                d[4].clone(),
                format!("{}#{}", d[5], d[6]),
            ]);
        }
        queries.push(reports_query);
        queries.push(details_query);
    }
    Ok(Answer {
        understood,
        columns: [
            "date",
            "event",
            "participants",
            "outcome",
            "reports",
            "quote",
            "source",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect(),
        rows: out_rows,
        queries,
        text: None,
        total: Some(total),
        offset: page.offset,
        next_cursor: page.next_cursor(total),
    })
}

/// An agreement family: the agreements `pattern` (binding `?a`) links to the names, newest
/// first, each with its parties, the number of events about it and one quote.
fn agreements(
    store: &KnowledgeStore,
    pattern: String,
    understood: String,
    page: &Page,
) -> Result<Answer, AskError> {
    // The pattern's properties (concerns, signedAt, partyTo, signed) have agreements for
    // objects or subjects; a type check would join every agreement of the store.
    let list_query = format!("{PREFIXES}SELECT DISTINCT ?a WHERE {{\n  {pattern}\n}}");
    let candidates: Vec<String> = store
        .select(&list_query, &["a"])?
        .iter()
        .map(|r| text(&r[0]))
        .collect();
    let mut queries = vec![list_query];
    // (iri, label, date)
    let mut infos: Vec<(String, String, String)> = Vec::new();
    if !candidates.is_empty() {
        let values = candidates
            .iter()
            .map(|a| format!("<{a}>"))
            .collect::<Vec<_>>()
            .join(" ");
        let info_query = format!(
            "{PREFIXES}SELECT ?a ?a_label ?date WHERE {{\n  \
             VALUES ?a {{ {values} }}\n  {}\n  OPTIONAL {{ ?a dg:agreementDate ?adate }} OPTIONAL {{ ?a dg:year ?ayear }}\n  \
             BIND(COALESCE(STR(?adate), STR(?ayear), \"\") AS ?date)\n}}",
            label("a")
        );
        for r in store.select(&info_query, &["a", "a_label", "date"])? {
            let a = text(&r[0]);
            if infos.iter().any(|i| i.0 == a) {
                continue;
            }
            infos.push((a, text(&r[1]), text(&r[2])));
        }
        queries.push(info_query);
    }
    infos.retain(|i| page.admits(Some(i.2.as_str()).filter(|d| !d.is_empty())));
    // Newest first, undated last.
    infos.sort_by(|a, b| {
        a.2.is_empty()
            .cmp(&b.2.is_empty())
            .then_with(|| b.2.cmp(&a.2))
            .then_with(|| a.1.cmp(&b.1))
    });
    let total = infos.len();
    let shown = page.window(infos);
    // The agreements shown: their number of events, their parties, and one quote each (a
    // sentence of one of its events). Counting the events of the page only keeps the cost
    // with the rows shown.
    let mut quotes: std::collections::HashMap<String, (String, String, String)> =
        Default::default();
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    if !shown.is_empty() {
        let values = shown
            .iter()
            .map(|i| format!("<{}>", i.0))
            .collect::<Vec<_>>()
            .join(" ");
        // LATERAL (a SPARQL 1.2 proposal Oxigraph implements) reads these agreements'
        // parties and one report each; a join would read every party and every report's
        // sentence of the store first.
        let parties_query = format!(
            "{PREFIXES}SELECT ?a ?parties WHERE {{\n  VALUES ?a {{ {values} }}\n  \
             LATERAL {{\n    SELECT ?a (GROUP_CONCAT(DISTINCT ?pl; separator=\"|\") AS ?parties) WHERE {{\n      \
             ?p dg:partyTo ?a . ?p rdfs:label ?pl FILTER(lang(?pl) = \"en\")\n    }} GROUP BY ?a\n  }}\n}}"
        );
        let quote_query = format!(
            "{PREFIXES}SELECT ?a ?quote ?doc ?idx WHERE {{\n  VALUES ?a {{ {values} }}\n  \
             LATERAL {{\n    SELECT ?a ?quote ?doc ?idx WHERE {{\n      ?e dg:agreement ?a ; prov:wasDerivedFrom ?s .\n      \
             ?s nif:anchorOf ?quote ; dg:sentenceIndex ?idx ; nif:referenceContext ?d .\n      \
             ?d dcterms:identifier ?doc .\n    }} LIMIT 1\n  }}\n}}"
        );
        let count_query = format!(
            "{PREFIXES}SELECT ?a (COUNT(?e) AS ?n) WHERE {{\n  VALUES ?a {{ {values} }}\n  ?e dg:agreement ?a .\n}}\nGROUP BY ?a"
        );
        for r in store.select(&count_query, &["a", "n"])? {
            counts.insert(text(&r[0]), text(&r[1]).parse().unwrap_or(0));
        }
        for r in store.select(&parties_query, &["a", "parties"])? {
            // In alphabetical order: GROUP_CONCAT's order is the store's.
            let mut parties: Vec<String> = text(&r[1]).split('|').map(str::to_string).collect();
            parties.sort();
            quotes.entry(text(&r[0])).or_default().0 = parties.join(", ");
        }
        for r in store.select(&quote_query, &["a", "quote", "doc", "idx"])? {
            let entry = quotes.entry(text(&r[0])).or_default();
            if entry.1.is_empty() {
                entry.1 = text(&r[1]);
                entry.2 = format!("{}#{}", text(&r[2]), text(&r[3]));
            }
        }
        queries.push(count_query);
        queries.push(parties_query);
        queries.push(quote_query);
    }
    let rows = shown
        .into_iter()
        .map(|(a, label, date)| {
            let (parties, quote, source) = quotes.get(&a).cloned().unwrap_or_default();
            let n = counts.get(&a).copied().unwrap_or(0);
            vec![
                label,
                parties,
                with_precision(&date),
                n.to_string(),
                quote,
                source,
            ]
        })
        .collect();
    Ok(Answer {
        understood,
        columns: ["agreement", "parties", "date", "events", "quote", "source"]
            .iter()
            .map(|c| c.to_string())
            .collect(),
        rows,
        queries,
        text: None,
        total: Some(total),
        offset: page.offset,
        next_cursor: page.next_cursor(total),
    })
}
