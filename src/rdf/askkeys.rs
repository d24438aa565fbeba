//! The index `diplograph ask` reads: literals on each event key node naming the questions the
//! event answers, so that a question is one exact lookup per year, not a join over every
//! event of an actor.
//!
//! A key is `<family>|<entity>[|<entity>]|<year>`: `talks|state:RUS|state:USA|2019` (talks
//! between Russia and the United States, in 2019; talks are the only event type with pair keys
//! of their own), `*|person:john-kerry|person:sergey-lavrov|u`
//! (anything between Kerry and Lavrov, undated), `acc|state:TUR|2020` (accusations by or
//! against Turkey), `failed|*|2016` (failed talks). Pairs are of comparable actors (persons
//! with persons, states and other actors with each other), in sorted order. The year is the
//! event key's own: its agreement's year for an event keyed by agreement, its date's year for
//! one keyed by date, else `u`; so an event is in exactly one year of each family.

use crate::model::{EventType, Role};

/// What an event says that its keys depend on.
#[derive(Debug, Clone, Default)]
pub struct KeyFacts {
    /// Its type.
    pub event_type: Option<EventType>,
    /// Participants: entity id, whether a person, role in a directed event.
    pub participants: Vec<(String, bool, Option<Role>)>,
    /// Talks that failed (or were negated).
    pub failed: bool,
}

/// The year bucket: the year, or `u` for none.
pub fn bucket(year: Option<i32>) -> String {
    year.map_or_else(|| "u".to_string(), |y| format!("{y:04}"))
}

/// The key of a pair question: `family` is a type code or `*` (any type).
pub fn pair_key(family: &str, a: &str, b: &str, bucket: &str) -> String {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    format!("{family}|{a}|{b}|{bucket}")
}

/// The key of a one-actor question: `family` is `*` (timeline), `meet` (meetings and calls),
/// `acc` (accusations by or against), `failed` (failed talks); `actor` is an entity id, or
/// `*` for every failed talks.
pub fn actor_key(family: &str, actor: &str, bucket: &str) -> String {
    format!("{family}|{actor}|{bucket}")
}

/// The year bucket a key ends with.
pub fn bucket_of(key: &str) -> &str {
    key.rsplit('|').next().unwrap_or("u")
}

/// Every key of an event with `facts`, in year `bucket`.
pub fn ask_keys(facts: &KeyFacts, bucket: &str) -> Vec<String> {
    let Some(t) = facts.event_type else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let ps = &facts.participants;
    for (i, (a, a_person, _)) in ps.iter().enumerate() {
        for (b, b_person, _) in &ps[i + 1..] {
            if a != b && a_person == b_person {
                // Of the typed pair questions only "talks between" is asked; a key per
                // type would be the biggest share of the index for nothing.
                if t == EventType::Talks {
                    out.push(pair_key("talks", a, b, bucket));
                }
                out.push(pair_key("*", a, b, bucket));
            }
        }
    }
    for (x, _, _) in ps {
        out.push(actor_key("*", x, bucket));
        match t {
            EventType::Meeting | EventType::PhoneCall => out.push(actor_key("meet", x, bucket)),
            EventType::Accusation => out.push(actor_key("acc", x, bucket)),
            EventType::Talks if facts.failed => out.push(actor_key("failed", x, bucket)),
            _ => {}
        }
    }
    if t == EventType::Talks && facts.failed {
        out.push(actor_key("failed", "*", bucket));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_failed_talks_between_two_states_and_their_ministers() {
        let facts = KeyFacts {
            event_type: Some(EventType::Talks),
            participants: vec![
                ("state:USA".into(), false, None),
                ("state:RUS".into(), false, None),
                ("person:john-kerry".into(), true, None),
                ("person:sergey-lavrov".into(), true, None),
            ],
            failed: true,
        };
        let keys = ask_keys(&facts, "2016");
        for k in [
            "talks|state:RUS|state:USA|2016",
            "*|state:RUS|state:USA|2016",
            "talks|person:john-kerry|person:sergey-lavrov|2016",
            "failed|state:RUS|2016",
            "failed|*|2016",
            "*|person:john-kerry|2016",
        ] {
            assert!(keys.iter().any(|x| x == k), "{k} missing from {keys:?}");
        }
        // A person and a state are not a pair: "talks between Kerry and Russia" is asked
        // through the state.
        assert!(
            !keys
                .iter()
                .any(|k| k.contains("person:john-kerry|state:RUS"))
        );
        assert_eq!(bucket_of("failed|*|2016"), "2016");
    }

    #[test]
    fn only_talks_have_typed_pair_keys() {
        let facts = KeyFacts {
            event_type: Some(EventType::Meeting),
            participants: vec![
                ("state:USA".into(), false, None),
                ("state:RUS".into(), false, None),
            ],
            failed: false,
        };
        let keys = ask_keys(&facts, "u");
        assert!(
            keys.iter().any(|k| k == "*|state:RUS|state:USA|u"),
            "{keys:?}"
        );
        assert!(keys.iter().any(|k| k == "meet|state:USA|u"), "{keys:?}");
        assert!(!keys.iter().any(|k| k.starts_with("meeting|")), "{keys:?}");
    }
}
