//! Gazetteer and extraction results as quads.

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
    /// Every quad (document graph and sentence graphs).
    pub quads: Vec<Quad>,
    /// Fingerprint of the document text, metadata and the data it was extracted with.
    pub content_hash: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Number of events (before merging events stated twice).
    pub events: usize,
}

/// The IRI of an event: one node for one event however many sentences state it.
pub fn event_iri(g: &Gazetteer, doc: &str, e: &Event) -> String {
    let mut f = Fingerprint::default()
        .with(e.event_type.as_str())
        .with(&g.sides_of(e).join(","));
    let dated = e
        .date
        .as_ref()
        .filter(|d| d.value.starts_with(|c: char| c.is_ascii_digit()));
    f = match (&e.agreement, dated) {
        (Some(a), _) => f.with("agreement").with(&a.id),
        (None, Some(d)) => f.with("date").with(&d.value),
        (None, None) => f.with("doc").with(doc),
    };
    format!("{DGR}event/{}", f.hex())
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

/// A document, its sentences and its events as quads: the document graph, and one graph per
/// sentence holding what that sentence states (see `ontology/README.md`).
pub fn document_quads(
    g: &Gazetteer,
    doc: &Document,
    extraction: &Extraction,
    data_fingerprint: &str,
) -> DocumentGraph {
    let d = document_iri(&doc.id);
    let content_hash = content_hash(doc, data_fingerprint);
    let mut w = GraphWriter::new(&d);
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
    for s in &extraction.sentences {
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
        w.add(&si, &dcterms("language"), Term::string(&s.lang));
    }
    for e in &extraction.events {
        let si = sentence_iri(&doc.id, e.sentence);
        for r in &e.rules {
            w.add(&si, &dg("firedRule"), Term::string(r));
        }
        for m in &e.mentions {
            let mi = sentence_iri(&doc.id, m.sentence);
            w.add(&mi, &dg("firedRule"), Term::string(&m.rule));
        }
    }
    let mut quads = w.quads;
    // Every sentence stating an event states it in its own graph: an event restated later
    // in the document is derived from each of its sentences.
    let mut by_sentence: std::collections::BTreeMap<usize, Vec<(&Event, &str)>> =
        Default::default();
    for e in &extraction.events {
        by_sentence
            .entry(e.sentence)
            .or_default()
            .push((e, e.rule.as_str()));
        for m in &e.mentions {
            by_sentence
                .entry(m.sentence)
                .or_default()
                .push((e, m.rule.as_str()));
        }
    }
    for (index, events) in by_sentence {
        let si = sentence_iri(&doc.id, index);
        let mut w = GraphWriter::new(&si);
        for (e, rule) in events {
            event_statements(g, &doc.id, &si, e, rule, &mut w);
        }
        quads.extend(w.quads);
    }
    DocumentGraph {
        quads,
        content_hash,
        sentences: extraction.sentences.len(),
        events: extraction.events.len(),
    }
}

fn event_statements(
    g: &Gazetteer,
    doc: &str,
    sentence: &str,
    e: &Event,
    rule: &str,
    w: &mut GraphWriter,
) {
    let ev = event_iri(g, doc, e);
    w.iri(&ev, RDF_TYPE, &event_class(e.event_type));
    w.iri(&ev, PROV_WAS_DERIVED_FROM, sentence);
    w.add(&ev, &dg("rule"), Term::string(rule));
    w.add(
        &ev,
        &dg("confidence"),
        Term::typed(format!("{:.2}", e.confidence), XSD_DECIMAL),
    );
    w.add(
        &ev,
        &dg("negated"),
        Term::typed(e.negated.to_string(), XSD_BOOLEAN),
    );
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
            w.add(&pi, RDFS_LABEL, Term::string(&p.label));
            w.add(&pi, &dg("knownEntity"), Term::typed("false", XSD_BOOLEAN));
            if let Some(st) = &p.state {
                w.iri(&pi, &dg("servesState"), &entity_iri(st));
            }
        }
    }
    for p in &e.places {
        w.iri(&ev, &dg("place"), &entity_iri(&p.id));
    }
    if let Some(o) = e.outcome {
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
            w.add(&ai, RDFS_LABEL, Term::lang_string(&a.label, "en"));
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
    direct_edges(e, w);
}

/// The edges a SPARQL user expects between actors, agreements and places.
fn direct_edges(e: &Event, w: &mut GraphWriter) {
    let ids: Vec<(String, EntityKind, Option<Role>)> = e
        .participants
        .iter()
        .map(|p| (entity_iri(&p.id), p.kind, p.role))
        .collect();
    let symmetric = |w: &mut GraphWriter, prop: &str| {
        for (a, ka, _) in &ids {
            for (b, kb, _) in &ids {
                // Persons with persons, states with states: "Kerry talked with Lavrov",
                // "the United States talked with Russia".
                let comparable = (*ka == EntityKind::Person) == (*kb == EntityKind::Person);
                if a != b && comparable {
                    w.iri(a, &dg(prop), b);
                }
            }
        }
    };
    match e.event_type {
        // A ceasefire agreed with its agreement named is that agreement, signed.
        EventType::Agreement | EventType::Ceasefire
            if e.outcome == Some(Outcome::Agreed) && !e.negated =>
        {
            if let Some(a) = &e.agreement {
                let ai = entity_iri(&a.id);
                for (p, kind, _) in &ids {
                    w.iri(p, &dg("signed"), &ai);
                    if *kind != EntityKind::Person {
                        w.iri(p, &dg("partyTo"), &ai);
                    }
                }
            }
        }
        EventType::Talks => symmetric(w, "talkedWith"),
        EventType::Meeting if !e.negated => symmetric(w, "metWith"),
        EventType::PhoneCall if !e.negated => symmetric(w, "calledWith"),
        EventType::Visit if !e.negated => {
            for (p, _, _) in &ids {
                for place in &e.places {
                    w.iri(p, &dg("visited"), &entity_iri(&place.id));
                }
            }
        }
        EventType::Accusation | EventType::MilitaryOperation if !e.negated => {
            let prop = if e.event_type == EventType::Accusation {
                "accused"
            } else {
                "attacked"
            };
            for (s, _, rs) in &ids {
                for (t, _, rt) in &ids {
                    if *rs == Some(Role::Source) && *rt == Some(Role::Target) && s != t {
                        w.iri(s, &dg(prop), t);
                    }
                }
            }
        }
        _ => {}
    }
}
