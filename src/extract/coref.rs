//! References to actors that are not named where they act: "the two leaders", "hai bên",
//! "les deux pays" (to the actors just mentioned), and "his Russian counterpart" without a
//! name (to whoever held the same office in that state at the time).

use super::analysis::{Actor, SentenceAnalysis, Via};
use super::world::World;
use crate::calendar::Date;
use crate::gazetteer::{EntityId, Office};
use crate::lexicon::{Cue, RefKind};
use crate::model::EntityKind;
use std::collections::VecDeque;

/// How many previous sentences a reference may reach back to.
const REACH: usize = 2;

/// How many previous sentences "that deal" may reach back to: an agreement stays the topic
/// longer than the actors of one sentence.
const AGREEMENT_REACH: usize = 4;

/// What the document has said so far, for references back.
#[derive(Debug, Default)]
pub(super) struct Discourse {
    /// (sentence index, actors named in it), most recent last.
    recent: VecDeque<(usize, Vec<EntityId>)>,
    /// (sentence index, participants) of the latest event.
    last_event: Option<(usize, Vec<EntityId>)>,
    /// (sentence index, agreement) of the latest known agreement named.
    last_agreement: Option<(usize, EntityId)>,
    /// Head nouns and the actor they were last used with ("regime" → Syria).
    head_nouns: std::collections::HashMap<String, EntityId>,
}

impl Discourse {
    /// Records the actors of a finished sentence.
    pub fn remember_sentence(&mut self, sentence: usize, actors: Vec<EntityId>) {
        self.recent.push_back((sentence, actors));
        while self.recent.len() > REACH {
            self.recent.pop_front();
        }
    }

    /// Records the participants of an event.
    pub fn remember_event(&mut self, sentence: usize, participants: Vec<EntityId>) {
        if !participants.is_empty() {
            self.last_event = Some((sentence, participants));
        }
    }

    /// The participants of the latest event within reach of `sentence`.
    pub fn last_event_participants(&self, sentence: usize) -> Option<&[EntityId]> {
        self.last_event
            .as_ref()
            .filter(|(s, _)| sentence.saturating_sub(*s) <= REACH)
            .map(|(_, p)| p.as_slice())
    }

    /// Records a known agreement referred to in a sentence.
    pub fn remember_agreement(&mut self, sentence: usize, agreement: EntityId) {
        self.last_agreement = Some((sentence, agreement));
    }

    /// The latest known agreement within reach of `sentence` ("that deal").
    pub fn last_agreement(&self, sentence: usize) -> Option<EntityId> {
        self.last_agreement
            .filter(|(s, _)| sentence.saturating_sub(*s) <= AGREEMENT_REACH)
            .map(|(_, a)| a)
    }

    /// Actors named in the previous sentences within reach, oldest first.
    fn recent_actors(&self, sentence: usize) -> Vec<EntityId> {
        self.recent
            .iter()
            .filter(|(s, _)| *s < sentence && sentence - *s <= REACH)
            .flat_map(|(_, a)| a.iter().copied())
            .collect()
    }
}

/// The state an actor stands for: itself for a state, the person's state, else none.
pub(super) fn side_state(gazetteer: &World, entity: EntityId) -> Option<EntityId> {
    let e = gazetteer.entity(entity);
    match e.kind {
        EntityKind::State => Some(entity),
        EntityKind::Person => e.state,
        _ => None,
    }
}

/// The last two distinct actors of `kind` in `candidates` (most recent last).
fn last_two(gazetteer: &World, candidates: &[EntityId], kind: RefKind) -> Vec<EntityId> {
    let pick = |want: EntityKind| -> Vec<EntityId> {
        let mut out: Vec<EntityId> = Vec::new();
        for &c in candidates.iter().rev() {
            let e = match want {
                EntityKind::State => match side_state(gazetteer, c) {
                    Some(s) => s,
                    None => continue,
                },
                k => {
                    if gazetteer.entity(c).kind != k {
                        continue;
                    }
                    c
                }
            };
            if !out.contains(&e) {
                out.push(e);
            }
            if out.len() == 2 {
                break;
            }
        }
        out
    };
    let found = match kind {
        RefKind::Person => {
            let persons = pick(EntityKind::Person);
            if persons.len() == 2 {
                persons
            } else {
                pick(EntityKind::State)
            }
        }
        RefKind::State => pick(EntityKind::State),
        RefKind::Any => {
            let states = pick(EntityKind::State);
            if states.len() == 2 {
                states
            } else {
                pick(EntityKind::Person)
            }
        }
    };
    if found.len() == 2 { found } else { Vec::new() }
}

/// Adds actors for group references ("the two leaders") in the sentence.
pub(super) fn resolve_group_refs(
    gazetteer: &World,
    a: &mut SentenceAnalysis,
    discourse: &Discourse,
    sentence: usize,
) {
    let refs: Vec<(usize, usize, RefKind)> = a
        .hits
        .iter()
        .filter_map(|h| match h.cue {
            Cue::GroupRef(k) => Some((h.start, h.end, k)),
            _ => None,
        })
        .collect();
    for &(start, end, kind) in &refs {
        // "both" inside "both leaders": the longer phrase says what it refers to.
        if refs
            .iter()
            .any(|&(s, e, _)| s <= start && end <= e && (s, e) != (start, end))
        {
            continue;
        }
        if a.actors.iter().any(|x| x.start < end && start < x.end) {
            continue;
        }
        let before: Vec<EntityId> = a
            .actors
            .iter()
            .filter(|x| x.end <= start && !x.topic)
            .map(|x| x.entity)
            .collect();
        let mut found = last_two(gazetteer, &before, kind);
        if found.is_empty()
            && let Some(p) = discourse.last_event_participants(sentence)
        {
            found = last_two(gazetteer, p, kind);
        }
        if found.is_empty() {
            found = last_two(gazetteer, &discourse.recent_actors(sentence), kind);
        }
        // Named only after the reference, at the start of a text: "The delegations of the two
        // countries held talks in Beijing - the delegation of Saudi Arabia … and that of Iran".
        if found.is_empty() {
            let after: Vec<EntityId> = a
                .actors
                .iter()
                .filter(|x| x.start >= end && !x.topic)
                .map(|x| x.entity)
                .rev()
                .collect();
            found = last_two(gazetteer, &after, kind);
        }
        for entity in found {
            a.actors
                .push(Actor::referred(start, end, entity, Via::Coreference));
        }
    }
    a.actors.sort_by_key(|x| (x.start, x.end));
}

/// The last actor fitting `fits` named before `pos` in this sentence, else in the previous
/// sentences within reach.
fn last_named_before(
    a: &SentenceAnalysis,
    discourse: &Discourse,
    sentence: usize,
    pos: usize,
    fits: impl Fn(&EntityId) -> bool,
) -> Option<EntityId> {
    a.actors
        .iter()
        .rev()
        .filter(|x| x.end <= pos)
        .map(|x| x.entity)
        .find(|e| fits(e))
        .or_else(|| {
            discourse
                .recent_actors(sentence)
                .into_iter()
                .rev()
                .find(|e| fits(e))
        })
}

/// Adds an actor for each pronoun: a person pronoun ("his meeting with Putin") stands for
/// the person named last, an actor pronoun ("its attacks", "nước này") for the state,
/// organisation or group named last, in this sentence before it or in the previous ones.
pub(super) fn resolve_pronouns(
    gazetteer: &World,
    a: &mut SentenceAnalysis,
    discourse: &Discourse,
    sentence: usize,
) {
    let pronouns: Vec<(usize, usize, bool)> = a
        .hits
        .iter()
        .filter_map(|h| match h.cue {
            Cue::Pronoun => Some((h.start, h.end, true)),
            Cue::ActorPronoun => Some((h.start, h.end, false)),
            _ => None,
        })
        .collect();
    for (start, end, person) in pronouns {
        if a.actors.iter().any(|x| x.start < end && start < x.end) {
            continue;
        }
        let fits = |e: &EntityId| (gazetteer.entity(*e).kind == EntityKind::Person) == person;
        let found = last_named_before(a, discourse, sentence, start, fits);
        if let Some(entity) = found {
            a.actors
                .push(Actor::referred(start, end, entity, Via::Coreference));
        }
    }
    a.actors.sort_by_key(|x| (x.start, x.end));
}

/// Learns and resolves head nouns: "the Assad regime" teaches that "regime" stands for
/// Syria in this document; a later bare "the regime" then names Syria.
pub(super) fn resolve_head_nouns(
    gazetteer: &World,
    a: &mut SentenceAnalysis,
    discourse: &mut Discourse,
) {
    let nouns: Vec<(usize, usize)> = a
        .hits
        .iter()
        .filter(|h| h.cue == Cue::HeadNoun)
        .map(|h| (h.start, h.end))
        .collect();
    for (start, end) in nouns {
        let key = crate::text::normalize::fold(&a.chars[start..end].iter().collect::<String>());
        let touching = |s: usize, e: usize| {
            (s <= start && end <= e)
                || (e <= start && a.blank_between(e, start))
                || (end <= s && a.blank_between(end, s))
        };
        let named_with = a.actors.iter().find(|x| {
            matches!(x.via, Via::Name | Via::Metonym)
                && gazetteer.entity(x.entity).kind != EntityKind::Person
                && touching(x.start, x.end)
        });
        if let Some(x) = named_with {
            discourse.head_nouns.insert(key, x.entity);
            continue;
        }
        let named_nearby = a.mentions.iter().any(|m| touching(m.start, m.end));
        if named_nearby || a.actors.iter().any(|x| x.start < end && start < x.end) {
            continue;
        }
        if let Some(&actor) = discourse.head_nouns.get(&key) {
            a.actors.push(Actor {
                start,
                end,
                entity: actor,
                via: Via::Coreference,
                topic: false,
                agent: a.cue_before(start, |c| c == Cue::Agent),
                possessive: false,
            });
        }
    }
    a.actors.sort_by_key(|x| (x.start, x.end));
}

/// The office a person held at `date` (or, without a date, the only kind of office they held
/// that has counterparts).
fn office_at<'g>(gazetteer: &'g World, person: EntityId, date: Option<Date>) -> Option<&'g Office> {
    let offices: Vec<&Office> = gazetteer.offices_of(person).collect();
    match date {
        Some(d) => offices.into_iter().find(|o| o.covers(d)),
        None => {
            // Prefer the latest leader or minister office.
            offices.into_iter().max_by_key(|o| o.start.first_day())
        }
    }
}

/// The holder of the counterpart office in `state`: at `date` when known, else the only
/// holder whose term overlaps the subject's.
fn counterpart(
    gazetteer: &World,
    subject: &Office,
    state: EntityId,
    date: Option<Date>,
) -> Option<EntityId> {
    let mut holders: Vec<EntityId> = gazetteer
        .offices
        .iter()
        .filter(|o| o.state == state && o.role.is_counterpart_of(subject.role))
        .filter(|o| match date {
            Some(d) => o.covers(d),
            None => o.overlaps(subject),
        })
        .map(|o| o.person)
        .collect();
    holders.sort_unstable();
    holders.dedup();
    match holders.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Adds actors for unnamed counterparts ("his Russian counterpart", "người đồng cấp Nga").
pub(super) fn resolve_counterparts(
    gazetteer: &World,
    a: &mut SentenceAnalysis,
    discourse: &Discourse,
    sentence: usize,
    date: Option<Date>,
) {
    let words: Vec<(usize, usize)> = a
        .hits
        .iter()
        .filter(|h| h.cue == Cue::Counterpart)
        .map(|h| (h.start, h.end))
        .collect();
    for (start, end) in words {
        // The state next to the word: "Russian counterpart" or "counterpart Nga/russe".
        let state_actor = a.actors.iter().copied().find(|x| {
            gazetteer.entity(x.entity).kind == EntityKind::State
                && ((x.end <= start && a.blank_between(x.end, start))
                    || (x.start >= end && a.blank_between(end, x.start)))
        });
        let Some(state_actor) = state_actor else {
            continue;
        };
        let after = state_actor.end.max(end);
        // Already named right after: "his Russian counterpart Vladimir Putin".
        let named = a.actors.iter().any(|x| {
            gazetteer.entity(x.entity).kind == EntityKind::Person
                && x.start >= after
                && a.chars[after..x.start]
                    .iter()
                    .all(|c| c.is_whitespace() || *c == ',')
        });
        if named {
            continue;
        }
        let is_person = |e: &EntityId| gazetteer.entity(*e).kind == EntityKind::Person;
        let subject = last_named_before(a, discourse, sentence, start, is_person);
        let Some(subject) = subject else { continue };
        let Some(office) = office_at(gazetteer, subject, date) else {
            continue;
        };
        if let Some(person) = counterpart(gazetteer, office, state_actor.entity, date) {
            a.actors
                .push(Actor::referred(start, after, person, Via::Counterpart));
        }
    }
    a.actors.sort_by_key(|x| (x.start, x.end));
}
