//! Checks of the data files: every rule example and counterexample, and the gazetteer lint.
//! `diplograph check` and the test suite both run these, so a linguist sees the same verdict
//! as CI.

use crate::extract::{Document, Extractor};
use crate::gazetteer::{AliasForm, Gazetteer, OfficeRole};
use crate::model::Event;
use crate::rules::{Example, Rule};
use crate::text::normalize::fold;
use regex::Regex;
use std::collections::HashMap;
use std::fmt;

/// A failed check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rule id or data file at fault.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Counts of what was checked.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RuleCheckSummary {
    /// Rules checked.
    pub rules: usize,
    /// Examples run.
    pub examples: usize,
    /// Counterexamples run.
    pub counterexamples: usize,
}

fn extract_one(x: &Extractor, lang: &str, text: &str, date: Option<&str>) -> Vec<Event> {
    let mut doc = Document::new("example", text);
    doc.lang = Some(lang.to_string());
    doc.date = date.map(str::to_string);
    x.extract(&doc).events
}

fn describe(events: &[Event]) -> String {
    if events.is_empty() {
        return "no events".into();
    }
    events
        .iter()
        .map(|e| {
            let ids: Vec<&str> = e.participants.iter().map(|p| p.id.as_str()).collect();
            format!(
                "{}[{}] outcome={} agreement={} negated={} date={} by {}",
                e.event_type,
                ids.join(","),
                e.outcome.map_or("none", |o| o.as_str()),
                e.agreement.as_ref().map_or("none", |a| a.id.as_str()),
                e.negated,
                e.date.as_ref().map_or("none", |d| d.value.as_str()),
                e.rules.join("+"),
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn check_example(rule: &Rule, lang: &str, ex: &Example, x: &Extractor) -> Option<String> {
    let (text, date) = match ex {
        Example::Text(t) => (t.as_str(), None),
        Example::Detailed(d) => (d.text.as_str(), d.doc_date.as_deref()),
    };
    let events = extract_one(x, lang, text, date);
    let fired: Vec<&Event> = events
        .iter()
        .filter(|e| e.rules.contains(&rule.id))
        .collect();
    let Example::Detailed(d) = ex else {
        return fired
            .is_empty()
            .then(|| format!("did not fire on \"{text}\" (got {})", describe(&events)));
    };
    let want_type = d.event_type.unwrap_or(rule.event_type);
    let Some(e) = fired.iter().find(|e| e.event_type == want_type) else {
        return Some(format!(
            "no {want_type} event on \"{text}\" (got {})",
            describe(&events)
        ));
    };
    let ids: Vec<&str> = e.participants.iter().map(|p| p.id.as_str()).collect();
    let mut wrong = Vec::new();
    for p in &d.participants {
        if !ids.contains(&p.as_str()) {
            wrong.push(format!("missing participant {p}"));
        }
    }
    for p in &d.not_participants {
        if ids.contains(&p.as_str()) {
            wrong.push(format!("unexpected participant {p}"));
        }
    }
    if let Some(o) = &d.outcome {
        let got = e.outcome.map_or("none", |o| o.as_str());
        if got != o {
            wrong.push(format!("outcome {got}, expected {o}"));
        }
    }
    if let Some(a) = &d.agreement {
        let got = e.agreement.as_ref().map_or("none", |a| a.id.as_str());
        if got != a {
            wrong.push(format!("agreement {got}, expected {a}"));
        }
    }
    if let Some(n) = d.negated
        && e.negated != n
    {
        wrong.push(format!("negated {}, expected {n}", e.negated));
    }
    if let Some(dv) = &d.date {
        let got = e.date.as_ref().map_or("none", |d| d.value.as_str());
        if got != dv {
            wrong.push(format!("date {got}, expected {dv}"));
        }
    }
    for p in &d.places {
        if !e.places.iter().any(|q| &q.id == p) {
            wrong.push(format!("missing place {p}"));
        }
    }
    (!wrong.is_empty()).then(|| {
        format!(
            "on \"{text}\": {} (got {})",
            wrong.join(", "),
            describe(&events)
        )
    })
}

/// Runs every example and counterexample of every rule.
pub fn check_rules(x: &Extractor) -> (RuleCheckSummary, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut summary = RuleCheckSummary::default();
    for lang in x.languages() {
        for rule in &lang.rules {
            summary.rules += 1;
            let place = rule.id.clone();
            if rule.examples.is_empty() {
                problems.push(Problem {
                    place: place.clone(),
                    message: "has no examples".into(),
                });
            }
            if rule.counterexamples.is_empty() {
                problems.push(Problem {
                    place: place.clone(),
                    message: "has no counterexamples".into(),
                });
            }
            for ex in &rule.examples {
                summary.examples += 1;
                if let Some(message) = check_example(rule, &lang.spec.code, ex, x) {
                    problems.push(Problem {
                        place: place.clone(),
                        message,
                    });
                }
            }
            for text in &rule.counterexamples {
                summary.counterexamples += 1;
                let events = extract_one(x, &lang.spec.code, text, None);
                if events
                    .iter()
                    .any(|e| e.rules.contains(&rule.id) && e.event_type == rule.event_type)
                {
                    problems.push(Problem {
                        place: place.clone(),
                        message: format!(
                            "fired on counterexample \"{text}\" ({})",
                            describe(&events)
                        ),
                    });
                }
            }
        }
    }
    (summary, problems)
}

/// Lints the gazetteer: id and code shapes, aliases shared by two entities of one kind,
/// leader and minister terms that overlap.
pub fn lint_gazetteer(g: &Gazetteer) -> Vec<Problem> {
    let mut problems = Vec::new();
    let slug = Regex::new(r"^[a-z]+:[a-z0-9]+(-[a-z0-9]+)*$").expect("valid regex");
    let state_id = Regex::new(r"^state:[A-Z]{3}$").expect("valid regex");
    let qid = Regex::new(r"^Q[1-9][0-9]*$").expect("valid regex");
    let mut problem = |place: &str, message: String| {
        problems.push(Problem {
            place: place.to_string(),
            message,
        })
    };
    let mut qids: HashMap<&str, &str> = HashMap::new();
    for e in &g.entities {
        match e.kind {
            crate::model::EntityKind::State => {
                let iso_ok = e
                    .iso3
                    .as_deref()
                    .is_some_and(|c| e.id == format!("state:{c}"));
                if !state_id.is_match(&e.id) || !iso_ok {
                    problem(&e.id, "state id must be state:<ISO 3166 alpha-3>".into());
                }
            }
            _ if !slug.is_match(&e.id) => {
                problem(&e.id, "id must be kind:slug (lowercase a-z, 0-9, -)".into())
            }
            _ => {}
        }
        if let Some(q) = &e.qid {
            if !qid.is_match(q) {
                problem(&e.id, format!("Wikidata id '{q}' is not Q<number>"));
            } else if let Some(other) = qids.insert(q, &e.id) {
                problem(&e.id, format!("Wikidata id {q} is also given to {other}"));
            }
        }
        if e.label.trim().is_empty() {
            problem(&e.id, "empty label".into());
        }
    }
    // Aliases: one folded name must not mean two entities of the same kind.
    let mut by_key: HashMap<(String, crate::model::EntityKind), Vec<usize>> = HashMap::new();
    for a in &g.aliases {
        let Some(ent) = a.entity else { continue };
        if a.form == AliasForm::Blocker {
            continue;
        }
        let key = (fold(&a.text), g.entity(ent).kind);
        let list = by_key.entry(key).or_default();
        if !list.contains(&ent) {
            list.push(ent);
        }
    }
    let mut shared: Vec<_> = by_key.into_iter().filter(|(_, v)| v.len() > 1).collect();
    shared.sort();
    for ((name, kind), ents) in shared {
        let ids: Vec<&str> = ents.iter().map(|&e| g.entity(e).id.as_str()).collect();
        problem(
            &format!("alias '{name}'"),
            format!("names {} {kind} entities: {}", ids.len(), ids.join(", ")),
        );
    }
    // Terms: two people must not hold the same leading office in one state at once
    // (a hand-over on the same day is fine).
    let leading = |r: OfficeRole| {
        matches!(
            r,
            OfficeRole::HeadOfState
                | OfficeRole::HeadOfGovernment
                | OfficeRole::HeadOfStateAndGovernment
                | OfficeRole::ForeignMinister
        )
    };
    for (i, a) in g.offices.iter().enumerate() {
        if let Some(end) = a.end
            && end.last_day() < a.start.first_day()
        {
            problem(
                &g.entity(a.person).id,
                format!("term of '{}' ends before it starts", a.title),
            );
        }
        if !leading(a.role) {
            continue;
        }
        for b in &g.offices[i + 1..] {
            if b.state != a.state || b.role != a.role || b.person == a.person {
                continue;
            }
            // Only a certain overlap counts: a term given to the month may start late in
            // that month and end early in it.
            let earliest_end = |o: &crate::gazetteer::Office| {
                o.end
                    .map(|e| e.first_day())
                    .unwrap_or(crate::calendar::Date::new(9999, 12, 31).expect("valid"))
            };
            let overlap_start = a.start.last_day().max(b.start.last_day());
            let overlap_end = earliest_end(a).min(earliest_end(b));
            if overlap_end.to_days() - overlap_start.to_days() > 1 {
                problem(
                    &g.entity(a.person).id,
                    format!(
                        "'{}' of {} overlaps with {} ({} to {})",
                        a.title,
                        g.entity(a.state).id,
                        g.entity(b.person).id,
                        overlap_start,
                        overlap_end
                    ),
                );
            }
        }
    }
    problems
}
