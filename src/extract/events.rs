//! Rules applied to an analysed sentence: triggers become events with participants, outcome,
//! agreement, date and places; events of one type in one sentence merge into one.

use super::agreements::{self, AgreementMention};
use super::analysis::{Actor, SentenceAnalysis, Via};
use super::coref::{self, Discourse, side_state};
use super::{Document, Extractor, LanguageModel, Sentence};
use crate::calendar::Date;
use crate::dates::{DateExpr, resolve};
use crate::gazetteer::{EntityId, Gazetteer};
use crate::lexicon::Cue;
use crate::model::{EntityKind, Event, EventType, Outcome, Participant, PlaceRef, Precision, Role};
use crate::rules::{OnFailure, RoleMode, Rule};
use crate::text::normalize::{Folded, fold};

/// Characters before a trigger in which a negation cue negates a meeting, call, visit…
const NEGATION_REACH: usize = 20;

/// A rule's context phrases, folded once.
pub(super) struct RuleContext {
    near: Vec<String>,
    after: Vec<String>,
    before: Vec<String>,
    unless: Vec<String>,
}

impl RuleContext {
    pub fn new(rule: &Rule) -> RuleContext {
        let f = |v: &Vec<String>| v.iter().map(|p| fold(p)).collect();
        RuleContext {
            near: f(&rule.near),
            after: f(&rule.after),
            before: f(&rule.before),
            unless: f(&rule.unless),
        }
    }
}

/// Whether `phrase` occurs in `text` on word boundaries.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = text[from..].find(phrase) {
        let s = from + i;
        let e = s + phrase.len();
        let first = phrase.chars().next();
        let last = phrase.chars().next_back();
        let ok_start = !word(first) || !word(text[..s].chars().next_back());
        let ok_end = !word(last) || !word(text[e..].chars().next());
        if ok_start && ok_end {
            return true;
        }
        from = s + text[s..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// A candidate event before merging.
struct Candidate {
    event: Event,
    sides: usize,
}

fn participant(gazetteer: &Gazetteer, entity: EntityId, role: Option<Role>) -> Participant {
    let e = gazetteer.entity(entity);
    Participant {
        id: e.id.clone(),
        label: e.label.clone(),
        kind: e.kind,
        role,
    }
}

/// Number of sides: states, plus actors that have no state.
fn count_sides(gazetteer: &Gazetteer, entities: &[EntityId]) -> usize {
    let mut sides: Vec<EntityId> = entities
        .iter()
        .map(|&e| side_state(gazetteer, e).unwrap_or(e))
        .collect();
    sides.sort_unstable();
    sides.dedup();
    sides.len()
}

/// Extracts the events of one sentence and updates the discourse memory.
pub(super) fn sentence_events(
    x: &Extractor,
    model: &LanguageModel,
    doc: &Document,
    doc_date: Option<Date>,
    sentence: &Sentence,
    discourse: &mut Discourse,
) -> Vec<Event> {
    let g = &x.gazetteer;
    let chars: Vec<char> = sentence.text.chars().collect();
    let folded = Folded::new(&sentence.text);
    let mentions = x.names.find(g, &chars, &folded);
    let hits = model.lexicon.find(&folded);
    let dates = model.dates.find(&chars, &folded);
    let mut a = SentenceAnalysis::new(g, chars, &folded, mentions, hits, dates);

    // The sentence's own date, for counterparts.
    let sentence_date = a
        .dates
        .iter()
        .filter_map(|d| resolve(d, doc_date))
        .find(|d| d.precision == Precision::Day)
        .and_then(|d| Date::parse(&d.value))
        .or(doc_date);
    coref::resolve_group_refs(g, &mut a, discourse, sentence.index);
    coref::resolve_counterparts(g, &mut a, discourse, sentence.index, sentence_date);
    let agreement_mentions = agreements::find(g, &a);

    let mut candidates: Vec<Candidate> = Vec::new();
    for hit in &a.hits {
        let Cue::Trigger(r) = hit.cue else { continue };
        let rule = &model.rules[r];
        if let Some(c) = apply_rule(
            g,
            rule,
            &model.rule_context[r],
            &a,
            (hit.start, hit.end),
            &agreement_mentions,
            doc,
            doc_date,
            sentence,
            discourse,
        ) {
            candidates.push(c);
        }
    }
    let events = merge(candidates);
    for e in &events {
        let ids: Vec<EntityId> = e.participants.iter().filter_map(|p| g.get(&p.id)).collect();
        discourse.remember_event(sentence.index, ids);
    }
    let named: Vec<EntityId> = a
        .actors
        .iter()
        .filter(|x| x.via == Via::Name || x.via == Via::Metonym)
        .map(|x| x.entity)
        .collect();
    discourse.remember_sentence(sentence.index, named);
    events
}

#[allow(clippy::too_many_arguments)]
fn apply_rule(
    g: &Gazetteer,
    rule: &Rule,
    ctx: &RuleContext,
    a: &SentenceAnalysis,
    (t_start, t_end): (usize, usize),
    agreement_mentions: &[AgreementMention],
    doc: &Document,
    doc_date: Option<Date>,
    sentence: &Sentence,
    discourse: &Discourse,
) -> Option<Candidate> {
    let (c_start, c_end) = a.clause_of(t_start);
    let lo = t_start.saturating_sub(rule.window).max(c_start);
    let hi = (t_end + rule.window).min(c_end);
    let window_text = |from: usize, to: usize| -> String {
        fold(&a.chars[from.min(to)..to].iter().collect::<String>())
    };
    let before_text = window_text(lo, t_start);
    let after_text = window_text(t_end, hi);
    let any_in = |phrases: &[String], text: &str| phrases.iter().any(|p| contains_phrase(text, p));
    if !ctx.near.is_empty() && !any_in(&ctx.near, &before_text) && !any_in(&ctx.near, &after_text) {
        return None;
    }
    if !ctx.after.is_empty() && !any_in(&ctx.after, &after_text) {
        return None;
    }
    if !ctx.before.is_empty() && !any_in(&ctx.before, &before_text) {
        return None;
    }
    if any_in(&ctx.unless, &window_text(lo, hi)) {
        return None;
    }
    // The agreement nearest to the trigger in its clause.
    let agreement = agreement_mentions
        .iter()
        .filter(|m| m.start >= c_start && m.end <= c_end)
        .min_by_key(|m| {
            if m.end <= t_start {
                t_start - m.end
            } else {
                m.start.saturating_sub(t_end)
            }
        });
    if rule.requires_agreement
        && !agreement
            .is_some_and(|m| m.end + rule.window >= t_start && m.start <= t_end + rule.window)
    {
        return None;
    }

    // Failure and future cues in the clause.
    // Failure of talks and agreements is read in the whole clause ("talks … ended without
    // agreement"); the negation of other events only right before them ("did not meet").
    let reach = match rule.on_failure() {
        OnFailure::TalksFailed | OnFailure::Failed => c_end - c_start,
        OnFailure::Negate | OnFailure::Drop => NEGATION_REACH,
    };
    let failed = a.hits.iter().any(|h| {
        h.cue == Cue::Failure
            && h.start >= c_start
            && h.end <= c_end
            && !(h.start < t_end && t_start < h.end)
            && ((h.end <= t_start && t_start - h.end <= reach)
                || (rule.failure_after() && h.start >= t_end))
    });
    let future = a
        .hits
        .iter()
        .any(|h| h.cue == Cue::Future && h.start >= lo && h.end <= t_start);

    // Participants: actors of the clause, narrowed to a "between" phrase right after the
    // trigger when there is one.
    let between = a
        .hits
        .iter()
        .find(|h| {
            h.cue == Cue::Between && h.start >= t_end && h.start <= t_end + 20 && h.end <= c_end
        })
        .map(|h| h.end);
    let in_clause: Vec<&Actor> = a
        .actors
        .iter()
        .filter(|x| x.start >= c_start && x.end <= c_end)
        .filter(|x| match between {
            Some(b) => x.start >= b,
            None => x.end + rule.window >= t_start && x.start <= t_end + rule.window,
        })
        .collect();
    let mut roles: Vec<(EntityId, Option<Role>)> = Vec::new();
    let mut indirect = false;
    for x in &in_clause {
        let before = x.end <= t_start;
        let role = match rule.roles {
            RoleMode::Symmetric => {
                if x.topic {
                    continue;
                }
                None
            }
            RoleMode::SourceTarget => Some(if before || x.agent {
                Role::Source
            } else {
                Role::Target
            }),
            RoleMode::TargetSource => Some(if before && !x.agent {
                Role::Target
            } else {
                Role::Source
            }),
            RoleMode::TargetOnly => Some(Role::Target),
        };
        if x.via != Via::Name && x.via != Via::Metonym {
            indirect = true;
        }
        roles.push((x.entity, role));
    }
    // Persons bring their states.
    let persons: Vec<(EntityId, Option<Role>)> = roles
        .iter()
        .filter(|(e, _)| g.entity(*e).kind == EntityKind::Person)
        .copied()
        .collect();
    for (p, role) in persons {
        if let Some(s) = g.entity(p).state {
            roles.push((s, role));
        }
    }
    let mut entities: Vec<EntityId> = roles.iter().map(|(e, _)| *e).collect();
    // Without actors in the clause, an agreement or talks may take its parties from the
    // agreement it names, or from the event just before ("the deal reached in 2018").
    if entities.is_empty() && matches!(rule.event_type, EventType::Agreement | EventType::Talks) {
        if let Some(p) = discourse.last_event_participants(sentence.index) {
            for &e in p {
                roles.push((e, None));
            }
            indirect = true;
        }
        entities = roles.iter().map(|(e, _)| *e).collect();
    }
    let mut party_states: Vec<EntityId> =
        entities.iter().filter_map(|&e| side_state(g, e)).collect();
    party_states.sort_unstable();
    party_states.dedup();

    // Date: the nearest date expression, not part of an agreement's name.
    let date_mention = a
        .dates
        .iter()
        .filter(|d| {
            !agreement_mentions
                .iter()
                .any(|m| m.named.is_some() && d.start >= m.start && d.end <= m.end)
        })
        .min_by_key(|d| {
            let in_clause = d.start >= c_start && d.end <= c_end;
            let dist = if d.end <= t_start {
                t_start - d.end
            } else {
                d.start.saturating_sub(t_end)
            };
            (!in_clause, dist)
        });
    let date = date_mention.and_then(|d| resolve(d, doc_date));
    let event_year = date_mention.and_then(|d| match d.expr {
        DateExpr::Calendar { year, .. } => year,
        _ => None,
    });

    // Type and outcome.
    let mut event_type = rule.event_type;
    let mut outcome = rule.outcome;
    let mut negated = false;
    if failed {
        match rule.on_failure() {
            OnFailure::Drop => return None,
            OnFailure::TalksFailed => {
                event_type = EventType::Talks;
                outcome = Some(Outcome::Failed);
                negated = true;
            }
            OnFailure::Failed => {
                outcome = Some(Outcome::Failed);
                negated = true;
            }
            OnFailure::Negate => negated = true,
        }
    } else if future {
        match event_type {
            EventType::Agreement => {
                event_type = EventType::Talks;
                outcome = Some(Outcome::Ongoing);
            }
            EventType::Talks => outcome = Some(Outcome::Ongoing),
            _ => {}
        }
    }

    let derive = event_type == EventType::Agreement;
    let agreement_ref =
        agreement.and_then(|m| agreements::reference(g, m, &party_states, event_year, derive));
    // A known agreement supplies missing parties.
    if let Some(r) = &agreement_ref
        && r.known
        && event_type == EventType::Agreement
        && count_sides(g, &entities) < rule.min_sides()
        && let Some(f) = g.get(&r.id).and_then(|e| g.agreement_facts(e))
    {
        for &p in &f.parties {
            if !entities.contains(&p) {
                roles.push((p, None));
                entities.push(p);
            }
        }
        indirect = true;
    }
    let sides = count_sides(g, &entities);
    if sides < rule.min_sides() {
        return None;
    }

    // Participants in order, without repeats.
    let mut participants: Vec<Participant> = Vec::new();
    for (e, role) in roles {
        let p = participant(g, e, role);
        if !participants.iter().any(|q| q.id == p.id) {
            participants.push(p);
        }
    }
    let mut places: Vec<PlaceRef> = Vec::new();
    for p in &a.places {
        let e = g.entity(p.entity);
        if !places.iter().any(|q| q.id == e.id) {
            places.push(PlaceRef {
                id: e.id.clone(),
                label: e.label.clone(),
            });
        }
    }
    let mut confidence = rule.confidence;
    if indirect {
        confidence *= 0.85;
    }
    let event = Event {
        doc: doc.id.clone(),
        sentence: sentence.index,
        span: [sentence.start, sentence.end],
        text: sentence.text.clone(),
        lang: sentence.lang.clone(),
        event_type,
        participants,
        agreement: agreement_ref,
        date,
        places,
        outcome,
        negated,
        rule: rule.id.clone(),
        confidence: (confidence * 100.0).round() / 100.0,
        trigger: [sentence.start + t_start, sentence.start + t_end],
        rules: vec![rule.id.clone()],
    };
    Some(Candidate { event, sides })
}

fn outcome_rank(o: Option<Outcome>) -> u8 {
    match o {
        Some(Outcome::Failed) => 3,
        Some(Outcome::Agreed) => 2,
        Some(Outcome::Ongoing) => 1,
        None => 0,
    }
}

/// Merges candidates of the same type in a sentence into one event.
fn merge(candidates: Vec<Candidate>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for Candidate { event: c, sides: _ } in candidates {
        if let Some(e) = out.iter_mut().find(|e| e.event_type == c.event_type) {
            for p in c.participants {
                if !e.participants.iter().any(|q| q.id == p.id) {
                    e.participants.push(p);
                }
            }
            if outcome_rank(c.outcome) > outcome_rank(e.outcome) {
                e.outcome = c.outcome;
            }
            e.negated |= c.negated;
            if e.agreement.is_none()
                || (c.agreement.as_ref().is_some_and(|a| a.known)
                    && !e.agreement.as_ref().is_some_and(|a| a.known))
            {
                e.agreement = c.agreement.or(e.agreement.take());
            }
            if e.date.is_none() {
                e.date = c.date;
            }
            e.confidence = e.confidence.max(c.confidence);
            for r in c.rules {
                if !e.rules.contains(&r) {
                    e.rules.push(r);
                }
            }
        } else {
            out.push(c);
        }
    }
    // Talks in a sentence that also reports an agreement reached ended in agreement.
    let agreed = out
        .iter()
        .any(|e| e.event_type == EventType::Agreement && e.outcome == Some(Outcome::Agreed));
    for e in &mut out {
        if e.event_type == EventType::Talks && e.outcome.is_none() && agreed {
            e.outcome = Some(Outcome::Agreed);
        }
    }
    out.sort_by_key(|e| e.trigger[0]);
    out
}
