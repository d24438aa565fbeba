//! Events a document states more than once become one event.
//!
//! News says the same thing several times: "Russia and Turkey agreed to a cease-fire deal …
//! following marathon talks in Moscow. Putin and Erdoğan met for six hours of negotiations
//! at the Kremlin." holds one ceasefire agreement and one round of talks, not four events. A
//! later statement of an event already stated earlier in the document becomes a
//! [`Mention`] of it, so the event is counted once and keeps every sentence as provenance.
//!
//! Two statements are of the same event when:
//! - they are of the same type, or an agreement and a ceasefire, or a call and the talks
//!   held during it ("X spoke with Y. They discussed …"); a meeting and the talks held at it
//!   ("met in the Kremlin. The two leaders discussed …") are two events, as a visit and the
//!   meetings during it are;
//! - both succeeded, or both failed or were negated;
//! - they have the same sides; directed events (accusations, operations, statements) the
//!   same sources and the same targets;
//! - they name no two different agreements, and no two different dates;
//! - the later sentence is at most [`REACH`] sentences after the last one stating the event:
//!   a long article comes back to a pair of states for other reasons (a second meeting, an
//!   earlier deal), and the store still joins statements of one event by its IRI.

use crate::calendar::Date;
use crate::gazetteer::Gazetteer;
use crate::model::{EntityKind, Event, EventType, Mention, Outcome, Role};
use std::collections::BTreeSet;

/// Sentences after an event's last statement in which it may be stated again.
pub(super) const REACH: usize = 2;

/// Merges the later statements of an event into its first; keeps document order.
pub(super) fn merge_restated(g: &Gazetteer, events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match out.iter().position(|first| same_event(g, first, &e)) {
            Some(i) => absorb(g, &mut out[i], e),
            None => out.push(e),
        }
    }
    out
}

/// Whether `later` states the event `first` states.
fn same_event(g: &Gazetteer, first: &Event, later: &Event) -> bool {
    if !same_family(first.event_type, later.event_type) {
        return false;
    }
    let last = first.sentences().max().unwrap_or(first.sentence);
    if later.sentence > last + REACH {
        return false;
    }
    if failed(first) != failed(later) {
        return false;
    }
    if let (Some(a), Some(b)) = (&first.agreement, &later.agreement)
        && a.id != b.id
    {
        return false;
    }
    if let (Some(a), Some(b)) = (&first.date, &later.date)
        && !(a.value.starts_with(&b.value) || b.value.starts_with(&a.value))
    {
        // A ceasefire agreed on one day takes effect a few days later: "l'accord conclu
        // hier", "le cessez-le-feu entré en vigueur vendredi".
        let agreement_and_ceasefire = first.event_type != later.event_type;
        let near = match (Date::parse(&a.value), Date::parse(&b.value)) {
            (Some(x), Some(y)) => (x.to_days() - y.to_days()).abs() <= 7,
            _ => false,
        };
        if !(agreement_and_ceasefire && near) {
            return false;
        }
    }
    if directed(first.event_type) {
        return role_sides(g, first, Role::Source) == role_sides(g, later, Role::Source)
            && role_sides(g, first, Role::Target) == role_sides(g, later, Role::Target);
    }
    g.sides_of(first) == g.sides_of(later)
}

fn same_family(first: EventType, later: EventType) -> bool {
    use EventType::*;
    first == later
        || matches!(
            (first, later),
            (Agreement, Ceasefire) | (Ceasefire, Agreement) | (PhoneCall, Talks)
        )
}

fn directed(t: EventType) -> bool {
    matches!(
        t,
        EventType::Accusation | EventType::MilitaryOperation | EventType::Statement
    )
}

fn failed(e: &Event) -> bool {
    e.negated || e.outcome == Some(Outcome::Failed)
}

fn role_sides(g: &Gazetteer, e: &Event, role: Role) -> BTreeSet<String> {
    e.participants
        .iter()
        .filter(|p| p.role == Some(role))
        .map(|p| g.side_of(p))
        .collect()
}

/// Folds `later` into `first`: the more specific type, every participant and place, the
/// known agreement, the more precise date, and `later`'s sentences as mentions.
fn absorb(g: &Gazetteer, first: &mut Event, later: Event) {
    // The talks of a call are what the call was about: they add who took part, not an
    // outcome or an agreement of their own.
    let content = first.event_type == EventType::PhoneCall && later.event_type == EventType::Talks;
    if later.event_type == EventType::Ceasefire {
        first.event_type = EventType::Ceasefire;
    }
    if !content && Outcome::decisiveness(later.outcome) > Outcome::decisiveness(first.outcome) {
        first.outcome = later.outcome;
    }
    // The sides are the same; a person named by the restatement joins only a side that had
    // none ("Russia and Turkey agreed … Putin and Erdoğan shook hands on it"), not a second
    // spokesperson quoted about the same talks.
    for p in later.participants {
        let side = g.side_of(&p);
        let person = p.kind == EntityKind::Person;
        let taken = first.participants.iter().any(|q| {
            q.id == p.id || (person && q.kind == EntityKind::Person && g.side_of(q) == side)
        });
        if !taken {
            first.participants.push(p);
        }
    }
    for p in later.places {
        if !first.places.iter().any(|q| q.id == p.id) {
            first.places.push(p);
        }
    }
    match (&first.agreement, later.agreement) {
        _ if content => {}
        (None, Some(b)) => first.agreement = Some(b),
        (Some(a), Some(b)) if !a.known && b.known => first.agreement = Some(b),
        _ => {}
    }
    match (&first.date, later.date) {
        (None, Some(d)) => first.date = Some(d),
        (Some(a), Some(b)) if b.value.len() > a.value.len() => first.date = Some(b),
        _ => {}
    }
    first.confidence = first.confidence.max(later.confidence);
    for r in later.rules {
        if !first.rules.contains(&r) {
            first.rules.push(r);
        }
    }
    if later.sentence != first.sentence
        && !first.mentions.iter().any(|m| m.sentence == later.sentence)
    {
        first.mentions.push(Mention {
            sentence: later.sentence,
            span: later.span,
            text: later.text,
            rule: later.rule,
            trigger: later.trigger,
        });
    }
    for m in later.mentions {
        if m.sentence != first.sentence && !first.mentions.iter().any(|x| x.sentence == m.sentence)
        {
            first.mentions.push(m);
        }
    }
    first.mentions.sort_by_key(|m| m.sentence);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datafiles::DataSource;
    use crate::model::{AgreementRef, Participant};

    fn state(id: &str) -> Participant {
        Participant {
            id: id.into(),
            label: id.into(),
            kind: EntityKind::State,
            role: None,
            known: true,
            state: None,
        }
    }

    fn event(sentence: usize, t: EventType, sides: &[&str]) -> Event {
        Event {
            doc: "d".into(),
            sentence,
            span: [sentence * 10, sentence * 10 + 9],
            text: format!("sentence {sentence}"),
            lang: "en".into(),
            event_type: t,
            participants: sides.iter().map(|s| state(s)).collect(),
            agreement: None,
            date: None,
            places: Vec::new(),
            outcome: None,
            negated: false,
            rule: format!("r{sentence}"),
            confidence: 0.8,
            trigger: [sentence * 10, sentence * 10 + 1],
            rules: vec![format!("r{sentence}")],
            mentions: Vec::new(),
        }
    }

    fn gazetteer() -> Gazetteer {
        Gazetteer::load(&DataSource::Embedded).unwrap()
    }

    #[test]
    fn a_restated_meeting_is_one_event_with_two_sentences() {
        let g = gazetteer();
        let merged = merge_restated(
            &g,
            vec![
                event(0, EventType::Meeting, &["state:RUS", "state:TUR"]),
                event(1, EventType::Meeting, &["state:TUR", "state:RUS"]),
                event(2, EventType::Talks, &["state:TUR", "state:RUS"]),
            ],
        );
        assert_eq!(
            merged.len(),
            2,
            "the talks held at the meeting are their own event"
        );
        assert_eq!(merged[0].sentences().collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(merged[0].mentions[0].rule, "r1");
    }

    #[test]
    fn talks_during_a_call_are_the_call() {
        let g = gazetteer();
        let mut talks = event(1, EventType::Talks, &["state:USA", "state:RUS"]);
        talks.outcome = Some(Outcome::Ongoing);
        let merged = merge_restated(
            &g,
            vec![
                event(0, EventType::PhoneCall, &["state:RUS", "state:USA"]),
                talks,
            ],
        );
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].event_type, EventType::PhoneCall);
        assert_eq!(merged[0].outcome, None, "a call has no outcome of its own");
    }

    #[test]
    fn an_agreement_and_its_ceasefire_are_the_ceasefire() {
        let g = gazetteer();
        let mut deal = event(0, EventType::Agreement, &["state:RUS", "state:TUR"]);
        deal.agreement = Some(AgreementRef {
            id: "agreement:rus-tur".into(),
            label: "Russia–Turkey agreement".into(),
            node_label: None,
            year: None,
            known: false,
        });
        let truce = event(0, EventType::Ceasefire, &["state:RUS", "state:TUR"]);
        let merged = merge_restated(&g, vec![deal, truce]);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].event_type, EventType::Ceasefire);
        assert!(merged[0].agreement.is_some());
        assert!(
            merged[0].mentions.is_empty(),
            "one sentence, no second mention"
        );
    }

    #[test]
    fn different_sides_agreements_dates_or_outcomes_stay_apart() {
        let g = gazetteer();
        let a = event(0, EventType::Talks, &["state:RUS", "state:TUR"]);
        let other_pair = event(1, EventType::Talks, &["state:RUS", "state:IRN"]);
        let mut failed = event(2, EventType::Talks, &["state:RUS", "state:TUR"]);
        failed.outcome = Some(Outcome::Failed);
        let call = event(3, EventType::PhoneCall, &["state:RUS", "state:TUR"]);
        let merged = merge_restated(&g, vec![a.clone(), other_pair, failed, call]);
        assert_eq!(merged.len(), 4);

        let mut march = a.clone();
        march.date = Some(crate::model::DateValue {
            value: "2020-03-05".into(),
            precision: crate::model::Precision::Day,
            text: "5 March".into(),
        });
        let mut june = event(1, EventType::Talks, &["state:RUS", "state:TUR"]);
        june.date = Some(crate::model::DateValue {
            value: "2020-06-01".into(),
            precision: crate::model::Precision::Day,
            text: "1 June".into(),
        });
        assert_eq!(merge_restated(&g, vec![march, june]).len(), 2);
    }

    #[test]
    fn other_sides_or_a_distant_sentence_are_another_event() {
        let g = gazetteer();
        let two = event(0, EventType::Talks, &["state:RUS", "state:TUR"]);
        let one = event(1, EventType::Talks, &["state:RUS"]);
        let three = event(
            2,
            EventType::Talks,
            &["state:RUS", "state:TUR", "state:IRN"],
        );
        assert_eq!(merge_restated(&g, vec![two.clone(), one, three]).len(), 3);
        let far = event(REACH + 1, EventType::Talks, &["state:RUS", "state:TUR"]);
        assert_eq!(merge_restated(&g, vec![two.clone(), far]).len(), 2);
        // A chain of close restatements stays one event.
        let chain: Vec<Event> = (0..4)
            .map(|i| event(i * REACH, EventType::Talks, &["state:RUS", "state:TUR"]))
            .collect();
        assert_eq!(merge_restated(&g, chain).len(), 1);
    }
}
