//! Gazetteer and extraction results as quads.

use super::askkeys::{KeyFacts, ask_keys, bucket};
use super::vocab::*;
use super::{Quad, Term};
use crate::calendar::PartialDate;
use crate::extract::{Document, Extraction};
use crate::fingerprint::Fingerprint;
use crate::gazetteer::{AliasForm, Gazetteer, OfficeRole};
use crate::model::{EntityKind, Event, EventType, Outcome, Precision, Role};
use std::collections::HashSet;

/// Collects quads for one graph without repeats.
struct GraphWriter {
    graph: Option<String>,
    quads: Vec<Quad>,
    seen: HashSet<(String, String, Term)>,
}

impl GraphWriter {
    fn default_graph() -> Self {
        GraphWriter {
            graph: None,
            quads: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn new(graph: &str) -> Self {
        GraphWriter {
            graph: Some(graph.to_string()),
            quads: Vec::new(),
            seen: HashSet::new(),
        }
    }

    fn add(&mut self, s: &str, p: &str, o: Term) {
        if self.seen.insert((s.to_string(), p.to_string(), o.clone())) {
            self.quads.push(Quad {
                subject: s.to_string(),
                predicate: p.to_string(),
                object: o,
                graph: self.graph.clone(),
            });
        }
    }

    fn iri(&mut self, s: &str, p: &str, o: &str) {
        self.add(s, p, Term::iri(o));
    }
}

fn kind_class(kind: EntityKind) -> String {
    dg(match kind {
        EntityKind::State => "State",
        EntityKind::Person => "Person",
        EntityKind::Organisation => "Organisation",
        EntityKind::Group => "Group",
        EntityKind::Place => "Place",
        EntityKind::Agreement => "Agreement",
    })
}

/// The class of an event type.
pub fn event_class(t: EventType) -> String {
    dg(match t {
        EventType::Agreement => "AgreementEvent",
        EventType::Talks => "Talks",
        EventType::Meeting => "Meeting",
        EventType::PhoneCall => "PhoneCall",
        EventType::Visit => "Visit",
        EventType::Accusation => "Accusation",
        EventType::Ceasefire => "Ceasefire",
        EventType::MilitaryOperation => "MilitaryOperation",
        EventType::Statement => "Statement",
    })
}

/// The event type of an event class IRI, the inverse of [`event_class`].
pub fn event_type_of_class(iri: &str) -> Option<EventType> {
    EventType::ALL.into_iter().find(|t| event_class(*t) == iri)
}

fn role_individual(role: OfficeRole) -> String {
    dg(match role {
        OfficeRole::HeadOfState => "HeadOfState",
        OfficeRole::HeadOfGovernment => "HeadOfGovernment",
        OfficeRole::HeadOfStateAndGovernment => "HeadOfStateAndGovernment",
        OfficeRole::ForeignMinister => "ForeignMinister",
        OfficeRole::DeputyForeignMinister => "DeputyForeignMinister",
        OfficeRole::Spokesperson => "Spokesperson",
        OfficeRole::Envoy => "Envoy",
        OfficeRole::Ambassador => "Ambassador",
        OfficeRole::Other => "OtherRole",
    })
}

fn partial_date(d: PartialDate) -> Term {
    match (d.month, d.day) {
        (Some(m), Some(day)) => Term::typed(format!("{:04}-{m:02}-{day:02}", d.year), XSD_DATE),
        (Some(m), None) => Term::typed(format!("{:04}-{m:02}", d.year), XSD_G_YEAR_MONTH),
        _ => Term::typed(format!("{:04}", d.year), XSD_G_YEAR),
    }
}

/// The gazetteer (entities, names, offices, known agreements) in the gazetteer graph.
pub fn gazetteer_quads(g: &Gazetteer) -> Vec<Quad> {
    let mut w = GraphWriter::new(GAZETTEER_GRAPH);
    let label = RDFS_LABEL;
    for (i, e) in g.entities.iter().enumerate() {
        let s = entity_iri(&e.id);
        w.iri(&s, RDF_TYPE, &kind_class(e.kind));
        w.add(&s, label, Term::lang_string(&e.label, "en"));
        if let Some(q) = &e.qid {
            w.iri(&s, OWL_SAME_AS, &format!("{WD}{q}"));
        }
        if let Some(iso3) = &e.iso3 {
            w.add(&s, &dg("iso3"), Term::string(iso3));
        }
        if let Some(st) = e.state {
            let state = g.entity(st);
            let p = match e.kind {
                EntityKind::Place => "locatedIn",
                _ if state.kind == EntityKind::State => "servesState",
                _ => "memberOf",
            };
            w.iri(&s, &dg(p), &entity_iri(&state.id));
        }
        if let Some(m) = e.metonym_of {
            w.iri(&s, &dg("metonymOf"), &entity_iri(&g.entity(m).id));
        }
        // Names per language: the first name (or variant) is the label, the rest alternatives.
        let mut labelled: HashSet<String> = HashSet::from(["en".to_string()]);
        let mut aliases: Vec<_> = g.aliases.iter().filter(|a| a.entity == Some(i)).collect();
        aliases.sort_by_key(|a| a.form != AliasForm::Name);
        for a in aliases {
            let lang = (a.lang != "*").then_some(a.lang.as_str());
            let named = matches!(a.form, AliasForm::Name | AliasForm::Variant);
            match lang {
                Some(l) if named && labelled.insert(l.to_string()) => {
                    w.add(&s, label, Term::lang_string(&a.text, l))
                }
                Some(l) => w.add(&s, SKOS_ALT_LABEL, Term::lang_string(&a.text, l)),
                None => w.add(&s, SKOS_ALT_LABEL, Term::string(&a.text)),
            }
        }
    }
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for o in &g.offices {
        let person = g.entity(o.person);
        let n = counts.entry(o.person).or_default();
        *n += 1;
        let key = person
            .id
            .split_once(':')
            .map_or(person.id.as_str(), |x| x.1);
        let office = format!("{DGR}office/{}/{n}", segment(key));
        let p = entity_iri(&person.id);
        let holder = entity_iri(&g.entity(o.state).id);
        w.iri(&office, RDF_TYPE, &dg("Office"));
        w.iri(&p, &dg("holdsOffice"), &office);
        w.iri(&office, &dg("officeIn"), &holder);
        w.iri(&office, &dg("officeRole"), &role_individual(o.role));
        w.add(&office, &dg("officeTitle"), Term::string(&o.title));
        w.add(&office, &schema("startDate"), partial_date(o.start));
        if let Some(end) = o.end {
            w.add(&office, &schema("endDate"), partial_date(end));
        }
        w.iri(&p, &dg("holdsOfficeIn"), &holder);
    }
    for f in &g.agreements {
        let a = entity_iri(&g.entity(f.entity).id);
        w.add(&a, &dg("knownAgreement"), Term::typed("true", XSD_BOOLEAN));
        if let Some(y) = f.year {
            w.add(&a, &dg("year"), Term::typed(format!("{y:04}"), XSD_G_YEAR));
        }
        if let Some(d) = f.date {
            w.add(&a, &dg("agreementDate"), partial_date(d));
        }
        for &p in &f.parties {
            w.iri(&entity_iri(&g.entity(p).id), &dg("partyTo"), &a);
        }
        if let Some(s) = f.signed_at {
            w.iri(&a, &dg("signedAt"), &entity_iri(&g.entity(s).id));
        }
        for &p in &f.places {
            w.iri(&a, &dg("concerns"), &entity_iri(&g.entity(p).id));
        }
    }
    w.quads
}

/// A document's quads and what they hold.
#[derive(Debug, Clone)]
pub struct DocumentGraph {
    /// Every quad, all in the default graph (see `ontology/README.md`, "Layout").
    pub quads: Vec<Quad>,
    /// Fingerprint of the document text, metadata and the data it was extracted with.
    pub content_hash: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Number of events.
    pub events: usize,
}

/// The key of an event: the same for the same event in every document that reports it (a
/// hash of its type, its sides, and its agreement, else its date with a year, else its
/// document and its date without a year, if any).
pub fn event_key(g: &Gazetteer, doc: &str, e: &Event) -> String {
    let mut f = Fingerprint::default()
        .with(e.event_type.as_str())
        .with(&g.sides_of(e).join(","));
    let with_year =
        |d: &&crate::model::DateValue| d.value.starts_with(|c: char| c.is_ascii_digit());
    f = match (&e.agreement, &e.date) {
        (Some(a), _) => f.with("agreement").with(&a.id),
        (None, Some(d)) if with_year(&d) => f.with("date").with(&d.value),
        (None, Some(d)) => f.with("doc").with(doc).with(&d.value),
        (None, None) => f.with("doc").with(doc),
    };
    f.hex()
}

/// The IRI of an event as one document reports it: one node per document and event key,
/// however many sentences of the document state it. The node belongs to the document.
pub fn event_iri(g: &Gazetteer, doc: &str, e: &Event) -> String {
    let key = event_key(g, doc, e);
    format!(
        "{DGR}event/{}",
        Fingerprint::default().with(&key).with(doc).hex()
    )
}

/// The IRI of an event key: the node every document's report of one event points to, which
/// holds the keys `ask` looks up.
pub fn event_key_iri(key: &str) -> String {
    format!("{DGR}eventkey/{key}")
}

/// The year an event key files it under: its agreement's year for an event keyed by
/// agreement, its date's year for one keyed by date, else none (the same for every report).
pub fn key_year(e: &Event) -> Option<i32> {
    match (&e.agreement, &e.date) {
        (Some(a), _) => a.year,
        (None, Some(d)) => d.value.get(0..4).and_then(|y| y.parse().ok()),
        (None, None) => None,
    }
}

/// The date an event key sorts by, the same for every report: its agreement's year for an
/// event keyed by agreement, its date for one keyed by date (or by document), none without a
/// year.
pub fn key_sort_date(e: &Event) -> Option<String> {
    match (&e.agreement, &e.date) {
        (Some(a), _) => a.year.map(|y| format!("{y:04}")),
        (None, Some(d)) if d.value.starts_with(|c: char| c.is_ascii_digit()) => {
            Some(d.value.clone())
        }
        _ => None,
    }
}

/// What an event says that its `ask` keys depend on, with its node's `verdict`.
fn key_facts(e: &Event, verdict: &NodeVerdict) -> KeyFacts {
    KeyFacts {
        event_type: Some(e.event_type),
        participants: e
            .participants
            .iter()
            .map(|p| (p.id.clone(), p.kind == EntityKind::Person, p.role))
            .collect(),
        failed: e.event_type == EventType::Talks
            && (verdict.negated || verdict.outcome == Some(Outcome::Failed)),
    }
}

fn precision_individual(p: Precision) -> String {
    dg(match p {
        Precision::Day => "DayPrecision",
        Precision::Week => "WeekPrecision",
        Precision::Month => "MonthPrecision",
        Precision::Year => "YearPrecision",
    })
}

/// The fingerprint of a document's text and metadata and of the data it is extracted with:
/// the same hash means the same statements.
pub fn content_hash(doc: &Document, data_fingerprint: &str) -> String {
    let f = Fingerprint::default()
        .with(&doc.text)
        .with(doc.lang.as_deref().unwrap_or(""))
        .with(doc.date.as_deref().unwrap_or(""))
        .with(data_fingerprint);
    // Only documents with a title hash it, so documents stored before titles keep theirs.
    match &doc.title {
        Some(t) => f.with("title").with(t).hex(),
        None => f.hex(),
    }
}

/// A document, the sentences that state its events, and its events as quads of the default
/// graph (see `ontology/README.md`): the nodes of the document, of those sentences and of its
/// events belong to it; the descriptions of actors and agreements the gazetteer lacks, and
/// the parties of agreements, are facts other documents may state too.
pub fn document_quads(
    g: &Gazetteer,
    doc: &Document,
    extraction: &Extraction,
    data_fingerprint: &str,
) -> DocumentGraph {
    let d = document_iri(&doc.id);
    let content_hash = content_hash(doc, data_fingerprint);
    let mut w = GraphWriter::default_graph();
    w.iri(&d, RDF_TYPE, &dg("Document"));
    w.add(&d, &dcterms("identifier"), Term::string(&doc.id));
    w.add(&d, &dg("contentHash"), Term::string(&content_hash));
    if let Some(date) = doc.publication_date() {
        w.add(
            &d,
            &schema("datePublished"),
            Term::typed(date.to_string(), XSD_DATE),
        );
    }
    if let Some(src) = &doc.source {
        w.add(&d, &dcterms("source"), Term::string(src));
    }
    if let Some(title) = &doc.title {
        w.add(&d, &dcterms("title"), Term::string(title));
    }
    let lang = doc
        .lang
        .clone()
        .or_else(|| extraction.sentences.first().map(|s| s.lang.clone()));
    if let Some(l) = &lang {
        w.add(&d, &dcterms("language"), Term::string(l));
    }
    // Only the sentences that state an event are provenance; the others are not stored.
    let stating: std::collections::BTreeSet<usize> = extraction
        .events
        .iter()
        .flat_map(|e| e.sentences())
        .collect();
    for s in extraction
        .sentences
        .iter()
        .filter(|s| stating.contains(&s.index))
    {
        let si = sentence_iri(&doc.id, s.index);
        w.iri(&si, RDF_TYPE, &dg("Sentence"));
        w.add(&si, &nif("anchorOf"), Term::string(&s.text));
        w.add(
            &si,
            &nif("beginIndex"),
            Term::typed(s.start.to_string(), XSD_INTEGER),
        );
        w.add(
            &si,
            &nif("endIndex"),
            Term::typed(s.end.to_string(), XSD_INTEGER),
        );
        w.iri(&si, &nif("referenceContext"), &d);
        w.add(
            &si,
            &dg("sentenceIndex"),
            Term::typed(s.index.to_string(), XSD_INTEGER),
        );
        // A sentence in another language than its document's says so.
        if lang.as_deref() != Some(s.lang.as_str()) {
            w.add(&si, &dcterms("language"), Term::string(&s.lang));
        }
    }
    // Events of the document with one key are one node: it says what they say together.
    let mut nodes: std::collections::HashMap<String, NodeVerdict> = Default::default();
    let iris: Vec<String> = extraction
        .events
        .iter()
        .map(|e| event_iri(g, &doc.id, e))
        .collect();
    for (e, iri) in extraction.events.iter().zip(&iris) {
        nodes
            .entry(iri.clone())
            .and_modify(|v| v.absorb(e))
            .or_insert_with(|| NodeVerdict::of(e));
    }
    for (e, iri) in extraction.events.iter().zip(&iris) {
        event_statements(g, &doc.id, e, iri, &nodes[iri], &mut w);
    }
    DocumentGraph {
        quads: w.quads,
        content_hash,
        sentences: extraction.sentences.len(),
        events: extraction.events.len(),
    }
}

/// What the events of a document that share a node say together: the most decisive outcome
/// (talks reported as under way and then as failed failed), negated only if every one is,
/// the highest confidence.
#[derive(Debug, Clone, Copy)]
struct NodeVerdict {
    outcome: Option<Outcome>,
    negated: bool,
    confidence: f32,
}

impl NodeVerdict {
    fn of(e: &Event) -> Self {
        NodeVerdict {
            outcome: e.outcome,
            negated: e.negated,
            confidence: e.confidence,
        }
    }

    fn absorb(&mut self, e: &Event) {
        if Outcome::decisiveness(e.outcome) > Outcome::decisiveness(self.outcome) {
            self.outcome = e.outcome;
        }
        self.negated &= e.negated;
        self.confidence = self.confidence.max(e.confidence);
    }
}

fn event_statements(
    g: &Gazetteer,
    doc: &str,
    e: &Event,
    ev: &str,
    verdict: &NodeVerdict,
    w: &mut GraphWriter,
) {
    let ev = ev.to_string();
    w.iri(&ev, RDF_TYPE, &event_class(e.event_type));
    let key = event_key_iri(&event_key(g, doc, e));
    w.iri(&ev, &dg("eventKey"), &key);
    for k in ask_keys(&key_facts(e, verdict), &bucket(key_year(e))) {
        w.add(&key, &dg("askKey"), Term::string(k));
    }
    if let Some(d) = key_sort_date(e) {
        w.add(&key, &dg("sortDate"), Term::string(d));
    }
    for s in e.sentences() {
        w.iri(&ev, PROV_WAS_DERIVED_FROM, &sentence_iri(doc, s));
    }
    for r in e
        .rules
        .iter()
        .map(String::as_str)
        .chain(e.mentions.iter().map(|m| m.rule.as_str()))
    {
        w.add(&ev, &dg("rule"), Term::string(r));
    }
    w.add(
        &ev,
        &dg("confidence"),
        Term::typed(format!("{:.2}", verdict.confidence), XSD_DECIMAL),
    );
    if verdict.negated {
        w.add(&ev, &dg("negated"), Term::typed("true", XSD_BOOLEAN));
    }
    for p in &e.participants {
        let prop = match p.role {
            Some(Role::Source) => "source",
            Some(Role::Target) => "target",
            None => "participant",
        };
        let pi = entity_iri(&p.id);
        w.iri(&ev, &dg(prop), &pi);
        if prop != "participant" {
            w.iri(&ev, &dg("participant"), &pi);
        }
        // An actor not in the gazetteer is described where it acts, like an agreement
        // not in the gazetteer.
        if !p.known {
            w.iri(&pi, RDF_TYPE, &kind_class(p.kind));
            w.add(&pi, RDFS_LABEL, Term::lang_string(&p.label, "en"));
            w.add(&pi, &dg("knownEntity"), Term::typed("false", XSD_BOOLEAN));
            if let Some(st) = &p.state {
                w.iri(&pi, &dg("servesState"), &entity_iri(st));
            }
        }
    }
    for p in &e.places {
        w.iri(&ev, &dg("place"), &entity_iri(&p.id));
    }
    if let Some(o) = verdict.outcome {
        let ind = match o {
            Outcome::Agreed => "Agreed",
            Outcome::Failed => "Failed",
            Outcome::Ongoing => "Ongoing",
        };
        w.iri(&ev, &dg("outcome"), &dg(ind));
    }
    if let Some(d) = &e.date {
        w.add(
            &ev,
            &dg("date"),
            Term::typed(&d.value, date_datatype(&d.value)),
        );
        w.iri(
            &ev,
            &dg("datePrecision"),
            &precision_individual(d.precision),
        );
        w.add(&ev, &dg("dateText"), Term::string(&d.text));
    }
    if let Some(a) = &e.agreement {
        let ai = entity_iri(&a.id);
        w.iri(&ev, &dg("agreement"), &ai);
        if !a.known {
            w.iri(&ai, RDF_TYPE, &dg("Agreement"));
            let label = a.node_label.as_deref().unwrap_or(&a.label);
            w.add(&ai, RDFS_LABEL, Term::lang_string(label, "en"));
            w.add(
                &ai,
                &dg("knownAgreement"),
                Term::typed("false", XSD_BOOLEAN),
            );
            if let Some(y) = a.year {
                w.add(&ai, &dg("year"), Term::typed(format!("{y:04}"), XSD_G_YEAR));
            }
        }
    }
    for (s, p, o) in agreement_edges(e) {
        w.iri(&s, &dg(p), &o);
    }
    // An agreement an event places somewhere concerns that place ("agreed a ceasefire in
    // Idlib"), as the gazetteer says of the agreements it knows.
    if let Some(a) = &e.agreement {
        for p in &e.places {
            w.iri(&entity_iri(&a.id), &dg("concerns"), &entity_iri(&p.id));
        }
    }
}

/// The parties of an agreement an event says was reached: `dg:partyTo` (states and other
/// actors) and `dg:signed` (persons). A ceasefire agreed with its agreement named is that
/// agreement, signed. These are the only relations between actors and agreements stored
/// apart from events; every other relation is read from the events (see
/// `ontology/README.md`).
pub fn agreement_edges(e: &Event) -> Vec<(String, &'static str, String)> {
    let agreed = matches!(e.event_type, EventType::Agreement | EventType::Ceasefire)
        && e.outcome == Some(Outcome::Agreed)
        && !e.negated;
    let Some(a) = e.agreement.as_ref().filter(|_| agreed) else {
        return Vec::new();
    };
    let ai = entity_iri(&a.id);
    e.participants
        .iter()
        .map(|p| {
            let prop = if p.kind == EntityKind::Person {
                "signed"
            } else {
                "partyTo"
            };
            (entity_iri(&p.id), prop, ai.clone())
        })
        .collect()
}
