//! Rules applied to an analysed sentence: triggers become events with participants, outcome,
//! agreement, date and places; events of one type in one sentence merge into one.

use super::agreements::{self, AgreementMention};
use super::analysis::{Actor, SentenceAnalysis, Via};
use super::coref::{self, Discourse, side_state};
use super::persons;
use super::world::World;
use super::{Document, Extractor, LanguageModel, Sentence};
use crate::calendar::Date;
use crate::dates::{DateExpr, resolve};
use crate::gazetteer::EntityId;
use crate::lexicon::Cue;
use crate::model::{EntityKind, Event, EventType, Outcome, Participant, PlaceRef, Precision, Role};
use crate::rules::{OnFailure, OnFuture, RoleMode, Rule};
use crate::text::normalize::{Folded, fold};

/// A `[start, end)` character span within a sentence.
type Span = (usize, usize);

/// Characters around a trigger in which symmetric events (talks, meetings) find their sides.
const SYMMETRIC_REACH: usize = 100;

/// Characters before a trigger in which a directed event finds its source ("Russia accused",
/// "Russian airstrikes").
const SOURCE_REACH: usize = 40;

/// Characters after a trigger in which a directed event finds its target ("accused Turkey").
const TARGET_REACH: usize = 40;

/// The first of `actors` (in text order) and those listed with it after it ("Poland,
/// Lithuania and Latvia"): the span of each.
fn listed_from_first(a: &SentenceAnalysis, actors: &[&&Actor]) -> Vec<(usize, usize)> {
    let Some(first) = actors.first() else {
        return Vec::new();
    };
    let mut out = vec![(first.start, first.end)];
    let mut edge = first.end;
    for x in actors.iter().skip(1) {
        if x.start == first.start || x.start == edge || a.listed_together(edge, x.start) {
            out.push((x.start, x.end));
            edge = x.end;
        } else {
            break;
        }
    }
    out
}

/// The actors a directed event may take: the nearest before the trigger and the nearest after
/// it, each with the actors listed together with it ("Russia and Iran"), and passive agents
/// ("attacks by the Syrian regime").
fn directed_sides(
    a: &SentenceAnalysis,
    t_start: usize,
    t_end: usize,
    c_start: usize,
    c_end: usize,
) -> Vec<(usize, usize)> {
    let in_clause: Vec<&Actor> = a
        .actors
        .iter()
        .filter(|x| x.start >= c_start && x.end <= c_end)
        .collect();
    let mut out = Vec::new();
    // "l'attaque russe contre Kiev": the adjective right after the event noun is its source
    // (no other), the target comes after it.
    let own = a
        .own_adjective(t_end)
        .filter(|&o| in_clause.iter().any(|x| (x.start, x.end) == o));
    if let Some(o) = own {
        out.push(o);
    }
    // Before: walk back from the nearest actor while actors are listed together.
    let before: Vec<&&Actor> = in_clause
        .iter()
        .filter(|x| x.end <= t_start && own.is_none())
        .collect();
    // "Saudi Arabia cut ties with Qatar, accusing it of …": after a comma, a participle's
    // subject is the main clause's, the first names of the clause (and those listed with
    // them), not the name nearest before the comma.
    let participial = a.hits.iter().any(|h| {
        // the participle may carry an object pronoun: ", l'accusant de …"
        h.cue == Cue::Participle
            && h.start <= t_start
            && h.end == t_end
            && a.chars[..h.start].iter().rev().find(|c| !c.is_whitespace()) == Some(&',')
    });
    if participial && !before.is_empty() {
        out.extend(listed_from_first(a, &before));
    } else if let Some(last) = before.last()
        && t_start - last.end <= SOURCE_REACH
    {
        let mut edge = last.start;
        out.push((last.start, last.end));
        for x in before.iter().rev().skip(1) {
            if x.end == edge || a.listed_together(x.end, edge) || x.start == last.start {
                out.push((x.start, x.end));
                edge = x.start;
            } else {
                break;
            }
        }
    }
    let after: Vec<&&Actor> = in_clause
        .iter()
        .filter(|x| x.start >= t_end && Some((x.start, x.end)) != own)
        .collect();
    let conjunction_between = |from: usize, to: usize| {
        a.hits
            .iter()
            .any(|h| h.cue == Cue::Conjunction && h.start >= from && h.end <= to)
    };
    if let Some(first) = after.first()
        && first.start - t_end <= TARGET_REACH
        && !conjunction_between(t_end, first.start)
    {
        out.extend(listed_from_first(a, &after));
    }
    out.extend(
        in_clause
            .iter()
            .filter(|x| x.agent || x.possessive)
            .map(|x| (x.start, x.end)),
    );
    out
}

/// The actors of a compound right before the trigger ("Putin-Merkel talks", "the
/// Erdoğan-Putin summit", "U.S.-Russian deal"): when there are two or more, they are the
/// parties, whoever else the clause names.
fn compound_parties(a: &SentenceAnalysis, t_start: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut edge = t_start;
    let mut first = true;
    for x in a.actors.iter().rev().filter(|x| x.end <= t_start) {
        let joined = if first {
            a.blank_between(x.end, edge)
        } else {
            x.end == edge || (x.end + 1 == edge && a.chars[x.end] == '-')
        };
        if !joined {
            if x.start == out.last().map_or(usize::MAX, |o| o.0) {
                continue;
            }
            break;
        }
        out.push((x.start, x.end));
        edge = x.start;
        first = false;
    }
    if out.len() >= 2 { out } else { Vec::new() }
}

/// Characters between an actor and the absence cue that removes it ("was conspicuously").
const ABSENCE_GAP: usize = 30;

/// Characters between a word standing for the event and the failure cue it governs.
const EVENT_PRONOUN_GAP: usize = 12;

/// Characters before a trigger in which a negation cue negates a meeting, call, visit…
const NEGATION_REACH: usize = 20;

/// Characters before the trigger of a meeting, call or visit in which a future cue makes it
/// planned ("will visit", "dự kiến sẽ gặp", "devrait se rendre").
const FUTURE_REACH: usize = 12;

/// Characters between a "hypothetical near" cue and the trigger it makes imagined ("any
/// Assad regime military offensive").
const HYPOTHETICAL_REACH: usize = 30;

/// Characters between a trigger and a "planned after" cue ("talks scheduled for").
const PLANNED_REACH: usize = 20;

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

fn participant(gazetteer: &World, entity: EntityId, role: Option<Role>) -> Participant {
    let e = gazetteer.entity(entity);
    let known = gazetteer.is_listed(entity);
    Participant {
        id: e.id.clone(),
        label: e.label.clone(),
        kind: e.kind,
        role,
        known,
        state: e
            .state
            .filter(|_| !known)
            .map(|s| gazetteer.entity(s).id.clone()),
    }
}

/// Number of sides: states, plus actors that have no state.
fn count_sides(gazetteer: &World, entities: &[EntityId]) -> usize {
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
    world: &mut World,
) -> Vec<Event> {
    let chars: Vec<char> = sentence.text.chars().collect();
    let folded = Folded::new(&sentence.text);
    let mut mentions = x
        .names
        .find(&x.gazetteer, &chars, &folded, &model.spec.code);
    if model.spec.syllable_names {
        crate::mentions::drop_name_syllables(&mut mentions, &chars, &x.gazetteer);
    }
    let hits = model.lexicon.find(&folded);
    persons::recognise(
        world,
        &model.names,
        &chars,
        &folded,
        &mut mentions,
        &hits,
        doc_date,
    );
    let g: &World = world;
    let dates = model.dates.find(&chars, &folded);
    let mut a = SentenceAnalysis::new(g, chars, folded, mentions, hits, dates);
    a.adjectives_follow_nouns = model.spec.adjectives_follow_nouns;

    // The sentence's own date, for counterparts.
    let sentence_date = a
        .dates
        .iter()
        .filter_map(|d| resolve(d, doc_date))
        .find(|d| d.precision == Precision::Day)
        .and_then(|d| Date::parse(&d.value))
        .or(doc_date);
    coref::resolve_head_nouns(g, &mut a, discourse);
    coref::resolve_group_refs(g, &mut a, discourse, sentence.index);
    coref::resolve_pronouns(g, &mut a, discourse, sentence.index);
    coref::resolve_counterparts(g, &mut a, discourse, sentence.index, sentence_date);
    demote_venues_and_destinations(g, model, &mut a);
    let agreement_mentions = agreements::find(g, &a, &model.agreement_words);

    // Actors of a compound before one trigger ("the Putin-Merkel talks") belong to it alone.
    let compounds: Vec<(Span, Vec<Span>)> = a
        .hits
        .iter()
        .filter(|h| matches!(h.cue, Cue::Trigger(_)))
        .map(|h| ((h.start, h.end), compound_parties(&a, h.start)))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let mut candidates: Vec<Event> = Vec::new();
    for hit in &a.hits {
        let Cue::Trigger(r) = hit.cue else { continue };
        let claimed: Vec<(usize, usize)> = compounds
            .iter()
            .filter(|(t, _)| t.0 != hit.start && !(t.0 < hit.end && hit.start < t.1))
            .filter(|(t, _)| {
                a.hits.iter().any(|h| {
                    (h.start, h.end) == *t
                        && matches!(h.cue, Cue::Trigger(o)
                            if model.rules[o].event_type != model.rules[r].event_type)
                })
            })
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        let rule = &model.rules[r];
        if let Some(c) = apply_rule(
            g,
            rule,
            &model.rule_context[r],
            &a,
            (hit.start, hit.end),
            &claimed,
            &agreement_mentions,
            doc,
            doc_date,
            sentence,
            discourse,
        ) {
            candidates.push(c);
        }
    }
    if let Some(r) = model.rules.iter().position(|r| r.on_named_agreement) {
        let unclaimed: Vec<&AgreementMention> = agreement_mentions
            .iter()
            .filter(|m| {
                m.named.is_some_and(|id| {
                    !candidates.iter().any(|c| {
                        c.agreement
                            .as_ref()
                            .is_some_and(|x| g.get(&x.id) == Some(id))
                    })
                })
            })
            .collect();
        for m in unclaimed {
            if let Some(e) = named_agreement(g, &model.rules[r], &a, m, doc, sentence) {
                candidates.push(e);
            }
        }
    }
    let events = merge(candidates);
    // A named agreement stays the topic for the next sentences ("The Moscow agreement is
    // fragile. … announced a cease-fire", "that deal").
    if let Some(m) = agreement_mentions.iter().rev().find(|m| m.named.is_some())
        && let Some(named) = m.named
    {
        discourse.remember_agreement(sentence.index, named);
    }
    for e in &events {
        if let Some(agreement) = e.agreement.as_ref().filter(|a| a.known)
            && let Some(id) = g.get(&agreement.id)
        {
            discourse.remember_agreement(sentence.index, id);
        }
        let ids: Vec<EntityId> = e.participants.iter().filter_map(|p| g.get(&p.id)).collect();
        discourse.remember_event(sentence.index, ids);
    }
    let named: Vec<EntityId> = a
        .actors
        .iter()
        .filter(|x| matches!(x.via, Via::Name | Via::Metonym | Via::Counterpart))
        .map(|x| x.entity)
        .collect();
    discourse.remember_sentence(sentence.index, named);
    events
}

/// Characters before an agreement's name in which a failure, future or hypothetical cue
/// keeps it from being stated as existing ("the collapse of", "a future").
const NAMED_AGREEMENT_REACH: usize = 40;

/// A listed agreement named with no event of its own: stated as existing, with the parties
/// the gazetteer gives it.
fn named_agreement(
    g: &World,
    rule: &Rule,
    a: &SentenceAnalysis,
    m: &AgreementMention,
    doc: &Document,
    sentence: &Sentence,
) -> Option<Event> {
    let id = m.named?;
    let (c_start, _) = a.clause_of(m.start);
    let doubtful = a.hits.iter().any(|h| {
        matches!(
            h.cue,
            Cue::Failure | Cue::Future | Cue::Hypothetical | Cue::HypotheticalNear
        ) && h.start >= c_start
            && h.end <= m.start
            && m.start - h.end <= NAMED_AGREEMENT_REACH
    });
    if doubtful {
        return None;
    }
    let facts = g.agreement_facts(id)?;
    let participants: Vec<Participant> = facts
        .parties
        .iter()
        .map(|&p| participant(g, p, None))
        .collect();
    if count_sides(g, &facts.parties) < rule.min_sides() {
        return None;
    }
    let e = g.entity(id);
    let places = a
        .places
        .iter()
        .filter(|p| !p.names_agreement)
        .map(|p| PlaceRef {
            id: g.entity(p.entity).id.clone(),
            label: g.entity(p.entity).label.clone(),
        })
        .collect();
    Some(Event {
        doc: doc.id.clone(),
        sentence: sentence.index,
        span: [sentence.start, sentence.end],
        text: sentence.text.clone(),
        lang: sentence.lang.clone(),
        event_type: rule.event_type,
        participants,
        agreement: Some(crate::model::AgreementRef {
            id: e.id.clone(),
            label: e.label.clone(),
            node_label: None,
            year: facts.year,
            known: true,
        }),
        date: None,
        places,
        outcome: rule.outcome,
        negated: false,
        rule: rule.id.clone(),
        confidence: rule.confidence,
        trigger: [sentence.start + m.start, sentence.start + m.end],
        rules: vec![rule.id.clone()],
        mentions: Vec::new(),
    })
}

/// Organisations named with a summit ("the G20 summit", "Hội nghị Thượng đỉnh G20") are where
/// an event happens, not who takes part; a capital right after a visit trigger ("visited
/// Moscow") is the place visited, not a second side.
fn demote_venues_and_destinations(g: &World, model: &LanguageModel, a: &mut SentenceAnalysis) {
    let trigger_of = |t: EventType| -> Vec<(usize, usize)> {
        a.hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Trigger(r) if model.rules[r].event_type == t => Some((h.start, h.end)),
                _ => None,
            })
            .collect()
    };
    let meetings = trigger_of(EventType::Meeting);
    let visits = trigger_of(EventType::Visit);
    let mut demoted: Vec<usize> = Vec::new();
    let mut new_places = Vec::new();
    for (i, x) in a.actors.iter().enumerate() {
        let kind = g.entity(x.entity).kind;
        let venue = matches!(kind, EntityKind::Organisation)
            && meetings.iter().any(|&(s, e)| {
                (x.end <= s && a.blank_between(x.end, s))
                    || (e <= x.start && a.blank_between(e, x.start))
            });
        // "visited Moscow", "thăm chính thức Việt Nam": a city or a state right after a
        // visit is where the visitor goes (the visit adds its state back as the host).
        let destination = (x.via == Via::Metonym
            || (x.via == Via::Name && kind == EntityKind::State))
            && visits
                .iter()
                .any(|&(_, e)| e <= x.start && a.blank_between(e, x.start));
        // "le sommet de Hanoï": a city right after a meeting is where it was held.
        let venue_city = x.via == Via::Metonym
            && meetings
                .iter()
                .any(|&(_, e)| e <= x.start && a.linked_between(e, x.start));
        if venue || destination || venue_city {
            demoted.push(i);
        }
        if (destination || venue_city)
            && let Some(m) = a
                .mentions
                .iter()
                .find(|m| m.start == x.start && m.end == x.end)
        {
            new_places.push(super::analysis::PlaceMention {
                start: m.start,
                end: m.end,
                entity: m.entity,
                names_agreement: false,
            });
        }
    }
    for i in demoted.into_iter().rev() {
        a.actors.remove(i);
    }
    a.places.extend(new_places);
    a.places.sort_by_key(|p| p.start);
}

#[allow(clippy::too_many_arguments)]
fn apply_rule(
    g: &World,
    rule: &Rule,
    ctx: &RuleContext,
    a: &SentenceAnalysis,
    (t_start, t_end): (usize, usize),
    claimed: &[(usize, usize)],
    agreement_mentions: &[AgreementMention],
    doc: &Document,
    doc_date: Option<Date>,
    sentence: &Sentence,
    discourse: &Discourse,
) -> Option<Event> {
    let (mut c_start, c_end) = a.clause_of(t_start);
    // "…, but failed to reach an agreement": a clause after "but" with no actor before its
    // trigger has the subject of the clause before.
    if rule.min_sides() >= 2
        && !a
            .actors
            .iter()
            .any(|x| x.start >= c_start && x.end <= t_start)
        && let Some(before) = a.contrast_before(c_start)
    {
        c_start = before;
    }
    let lo = t_start.saturating_sub(rule.window).max(c_start);
    let hi = (t_end + rule.window).min(c_end);
    let before_text = a.folded.slice(lo, t_start);
    let after_text = a.folded.slice(t_end, hi);
    let any_in = |phrases: &[String], text: &str| phrases.iter().any(|p| contains_phrase(text, p));
    if !ctx.near.is_empty() && !any_in(&ctx.near, before_text) && !any_in(&ctx.near, after_text) {
        return None;
    }
    if !ctx.after.is_empty() && !any_in(&ctx.after, after_text) {
        return None;
    }
    if !ctx.before.is_empty() && !any_in(&ctx.before, before_text) {
        return None;
    }
    if any_in(&ctx.unless, a.folded.slice(lo, hi)) {
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

    if rule.requires_place
        && !a
            .places
            .iter()
            .any(|p| p.start >= t_end && p.start <= t_end + rule.window && p.end <= c_end)
    {
        return None;
    }
    // A summit named by its venue or forum ("the Hangzhou summit", "the G20 summit") is
    // where other things happen; it is a meeting of the parties only when they are named
    // with it ("the Erdoğan-Putin summit", "a summit between …").
    if rule.event_type == EventType::Meeting
        && a.mentions.iter().any(|m| {
            m.end <= t_start
                && a.blank_between(m.end, t_start)
                && matches!(
                    g.entity(m.entity).kind,
                    EntityKind::Place | EntityKind::Organisation
                )
        })
        && compound_parties(a, t_start).is_empty()
        && !a
            .hits
            .iter()
            .any(|h| h.cue == Cue::Between && h.start >= t_end && h.start <= t_end + 20)
    {
        return None;
    }
    // Failure of talks and agreements is read in the whole clause ("talks … ended without
    // agreement"); the negation of other events only right before them ("did not meet").
    // A cue overlapping the trigger does not count ("đã không kích" is an airstrike).
    let reach = match rule.on_failure() {
        OnFailure::TalksFailed | OnFailure::Failed => rule.window,
        OnFailure::Negate | OnFailure::Drop => NEGATION_REACH,
    };
    let in_clause_failure = a.hits.iter().any(|h| {
        h.cue == Cue::Failure
            && h.start >= c_start
            && h.end <= c_end
            && ((h.end <= t_start && t_start - h.end <= reach)
                || (rule.failure_after() && h.start >= t_end))
    });
    // "…, but officials said it floundered": a later clause fails the event through a word
    // standing for it.
    let later_failure = rule.failure_after()
        && a.hits.iter().any(|p| {
            p.cue == Cue::EventPronoun
                && p.start >= c_end
                && a.hits.iter().any(|h| {
                    h.cue == Cue::Failure
                        && h.start >= p.end
                        && h.start - p.end <= EVENT_PRONOUN_GAP
                })
        });
    // "The summit ended without an agreement", "met … but failed to reach a deal": the
    // meeting was talks that failed.
    let meeting_failed = rule.event_type == EventType::Meeting && {
        let end = a.contrast_after(c_end).unwrap_or(c_end);
        a.hits
            .iter()
            .any(|h| h.cue == Cue::NoAgreement && h.start >= t_end && h.end <= end)
    };
    let failed = in_clause_failure || later_failure;
    // A meeting, call or visit is planned when its verb is ("will meet", "sẽ thăm", "devrait
    // se rendre"); an agreement or talks when the clause before them says so.
    let future_reach = match (rule.event_type, rule.on_future) {
        (EventType::Meeting | EventType::PhoneCall | EventType::Visit, None) => FUTURE_REACH,
        _ => rule.window,
    };
    let future_cue = |reach: usize| {
        a.hits.iter().find(|h| {
            h.cue == Cue::Future && h.start >= lo && h.end <= t_start && t_start - h.end <= reach
        })
    };
    let future = future_cue(future_reach).is_some();
    // "will hold talks", "sẽ đàm phán": planned talks are no event; "are expected to
    // continue the talks" are talks going on.
    // A rule whose trigger is the attempt itself ("tentent de parvenir à un accord") keeps
    // its talks (`on_future = "keep"`).
    let planned_talks = rule.event_type == EventType::Talks
        && rule.on_future != Some(OnFuture::Keep)
        && future_cue(FUTURE_REACH).is_some_and(|f| {
            !a.hits
                .iter()
                .any(|h| h.cue == Cue::Continuation && h.start >= f.end && h.end <= t_start)
        });
    // "the upcoming talks", "talks scheduled for Monday", "le sommet prévu": still to come.
    let planned_after = a.hits.iter().any(|h| {
        h.cue == Cue::PlannedAfter
            && h.start >= t_end
            && h.start - t_end <= PLANNED_REACH
            && h.end <= c_end
    });
    // "ready to talk", "called for a ceasefire": nothing has happened; "any military
    // offensive", "the threat of an invasion": only imagined.
    if a.hits.iter().any(|h| {
        h.cue == Cue::Hypothetical
            && h.start >= lo
            && h.end <= t_start
            && !a.inside(h, Cue::RealInvitation)
    }) || a.hits.iter().any(|h| {
        h.cue == Cue::HypotheticalNear
            && h.start >= c_start
            && h.end <= t_start
            && t_start - h.end <= HYPOTHETICAL_REACH
    }) {
        return None;
    }
    if planned_talks {
        return None;
    }

    // Participants: actors of the clause near the trigger, or those of a "between" phrase
    // right after it. Symmetric events gather their sides from further away than directed
    // ones, whose source and target stand next to the trigger.
    let between = a
        .hits
        .iter()
        .find(|h| {
            h.cue == Cue::Between && h.start >= t_end && h.start <= t_end + 20 && h.end <= c_end
        })
        .map(|h| h.end);
    let reach = if rule.roles == RoleMode::Symmetric && rule.min_sides() >= 2 {
        rule.window.max(SYMMETRIC_REACH)
    } else {
        rule.window
    };
    let introduced = |x: &Actor| {
        a.hits.iter().any(|h| {
            matches!(h.cue, Cue::With | Cue::Between) && h.start >= t_end && h.end <= x.start
        })
    };
    let directed = directed_sides(a, t_start, t_end, c_start, c_end);
    let compound = compound_parties(a, t_start);
    let near: Vec<&Actor> = a
        .actors
        .iter()
        .filter(|x| x.start >= c_start && x.end <= c_end)
        .filter(|x| match between {
            Some(b) => x.start >= b,
            None => {
                // the sides of a directed event reach as far as their list does ("Poland,
                // Lithuania and Latvia …, accusing …")
                (rule.roles != RoleMode::Symmetric && directed.contains(&(x.start, x.end)))
                    || ((x.end + reach >= t_start || (rule.subject && x.end <= t_start))
                        && x.start <= t_end + reach)
            }
        })
        .collect();
    // Actors listed together with one in reach come along ("along with Russia and Iran").
    let mut chosen: Vec<(usize, usize)> = near.iter().map(|x| (x.start, x.end)).collect();
    for x in a
        .actors
        .iter()
        .filter(|x| x.start >= c_start && x.end <= c_end)
    {
        if !chosen.contains(&(x.start, x.end))
            && chosen
                .iter()
                .any(|&(s, e)| a.listed_together(e, x.start) || a.listed_together(x.end, s))
        {
            chosen.push((x.start, x.end));
        }
    }
    let in_clause: Vec<&Actor> = a
        .actors
        .iter()
        .filter(|x| chosen.contains(&(x.start, x.end)))
        .filter(|x| !claimed.contains(&(x.start, x.end)))
        // "Ukraine was absent from the readouts of the call".
        .filter(|x| {
            !a.hits.iter().any(|h| {
                h.cue == Cue::Absence && h.start >= x.end && h.start - x.end <= ABSENCE_GAP
            })
        })
        .filter(|x| rule.roles == RoleMode::Symmetric || directed.contains(&(x.start, x.end)))
        .filter(|x| {
            rule.roles != RoleMode::Symmetric
                || compound.is_empty()
                || compound.contains(&(x.start, x.end))
        })
        .filter(|x| {
            // A possessor after a symmetric trigger qualifies a noun ("của Iran"), but after
            // a visit it is the visitor ("chuyến thăm của Tổng thống Pháp").
            !(rule.roles == RoleMode::Symmetric
                && x.possessive
                && x.start >= t_end
                && rule.event_type != EventType::Visit)
        })
        .filter(|x| {
            x.end <= t_start
                || rule.objects
                || between.is_some()
                || introduced(x)
                || x.agent
                // Named inside the agreement's name: "signed the U.S.-Taliban deal".
                || agreement.is_some_and(|m| m.start >= t_end && x.end <= m.end)
        })
        .collect();
    // "sau chuyến thăm của X": the possessor after a visit is its visitor, not whoever the
    // main clause is about.
    let visitor_after = rule.event_type == EventType::Visit
        && in_clause
            .iter()
            .any(|x| x.possessive && x.start >= t_end && x.start <= t_end + 20);
    let in_clause: Vec<&Actor> = in_clause
        .into_iter()
        .filter(|x| !visitor_after || (x.possessive && x.start >= t_end))
        .collect();
    let mut roles: Vec<(EntityId, Option<Role>)> = Vec::new();
    let mut indirect = false;
    let own_adjective = a.own_adjective(t_end);
    // A passive ("Turkey was attacked by Syria", "La Turquie a été attaquée par la Syrie",
    // "drawing condemnation from China"): the agent after the trigger is the source, and the
    // actors before it are what the event was done to.
    let passive = in_clause.iter().any(|x| x.agent && x.start >= t_end);
    for x in &in_clause {
        // "l'attaque russe": an adjective right after the event noun stands before it in
        // meaning.
        let before = x.end <= t_start || Some((x.start, x.end)) == own_adjective;
        let role = match rule.roles {
            RoleMode::Symmetric => {
                if x.topic {
                    continue;
                }
                None
            }
            RoleMode::SourceTarget => Some(if x.agent || (before && !passive) {
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
    // The parties an agreement is keyed by: states, and organisations and groups ("Ethiopia
    // and the TPLF signed the Pretoria agreement").
    let mut party_states: Vec<EntityId> = entities
        .iter()
        .filter_map(|&e| side_state(g, e).or((g.entity(e).kind != EntityKind::Person).then_some(e)))
        .collect();
    party_states.sort_unstable();
    party_states.dedup();

    // Date: the nearest date expression of the clause, not part of an agreement's name and
    // not background ("since March 2011").
    let date_mention = a
        .dates
        .iter()
        .filter(|d| d.start >= c_start && d.end <= c_end)
        .filter(|d| {
            !a.hits.iter().any(|h| {
                h.cue == Cue::BackgroundDate
                    && ((h.start >= d.start && h.end <= d.end)
                        || (h.end <= d.start && a.blank_between(h.end, d.start)))
            })
        })
        .filter(|d| {
            !agreement_mentions
                .iter()
                .any(|m| m.named.is_some() && d.start >= m.start && d.end <= m.end)
        })
        .min_by_key(|d| {
            if d.end <= t_start {
                t_start - d.end
            } else {
                d.start.saturating_sub(t_end)
            }
        });
    let date = date_mention.and_then(|d| resolve(d, doc_date));
    let event_year = date_mention.and_then(|d| match d.expr {
        DateExpr::Calendar { year, .. } => year,
        _ => None,
    });

    // An event dated after its document was written is planned ("talks next week").
    let dated_later = date
        .as_ref()
        .zip(doc_date)
        .is_some_and(|(d, doc)| after_document(d, doc));

    // Type and outcome.
    let mut event_type = rule.event_type;
    let mut outcome = rule.outcome;
    let mut negated = false;
    if meeting_failed {
        event_type = EventType::Talks;
        outcome = Some(Outcome::Failed);
        negated = true;
    } else if failed {
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
    } else if planned_after || dated_later {
        // Still to come: a hoped-for agreement is talks going on; a meeting, call, visit,
        // talks or operation has not happened. A ceasefire "to take effect at midnight" was
        // agreed all the same.
        match event_type {
            EventType::Agreement if planned_after => {
                event_type = EventType::Talks;
                outcome = Some(Outcome::Ongoing);
            }
            EventType::Agreement
            | EventType::Ceasefire
            | EventType::Accusation
            | EventType::Statement => {}
            _ => return None,
        }
    } else if future {
        match rule.on_future() {
            OnFuture::Drop => return None,
            OnFuture::TalksOngoing => {
                event_type = EventType::Talks;
                outcome = Some(Outcome::Ongoing);
            }
            OnFuture::Keep => {}
        }
    }
    // A rule whose events failed by themselves ("withdrew from the treaty", "suspended the
    // deal") states a negated event, like a failure cue does.
    if outcome == Some(Outcome::Failed) {
        negated = true;
    }
    // Talks that neither failed nor ended in agreement are ongoing.
    if event_type == EventType::Talks && outcome.is_none() {
        outcome = Some(Outcome::Ongoing);
    }

    let event_places: Vec<EntityId> = a
        .places
        .iter()
        .filter(|p| p.start >= c_start && p.end <= c_end)
        .map(|p| p.entity)
        .collect();
    // The year of the event's date once resolved ("yesterday" in a dated document).
    let date_year = date
        .as_ref()
        .and_then(|d| d.value.get(0..4))
        .and_then(|y| y.parse::<i32>().ok());
    let agreement_ref = agreement.and_then(|m| {
        let context = agreements::Context {
            parties: &party_states,
            places: &event_places,
            previous: discourse.last_agreement(sentence.index),
            event_year,
            date_year,
            derive: event_type == EventType::Agreement,
        };
        // An agreement event's own date ("agreed on 22 October") may single out the
        // agreement; when it does not, the reference stands without it.
        if event_type == EventType::Agreement
            && let Some(d) = date_mention
            && d.end + rule.window >= t_start
            && d.start <= t_end + rule.window
            && let DateExpr::Calendar { year, month, day } = d.expr
        {
            let mut dated = m.clone();
            dated.year = dated.year.or(year);
            if let (Some(mo), Some(da)) = (month, day) {
                dated.month_day = dated.month_day.or(Some((mo, da)));
            }
            if let Some(found) = agreements::reference(g, &dated, &context).filter(|r| r.known) {
                return Some(found);
            }
        }
        agreements::reference(g, m, &context)
    });
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
    if count_sides(g, &entities) < rule.min_sides() {
        return None;
    }
    // A visit takes the visitor to a state, which takes part ("visited Santiago", "is in
    // Chile on a working visit"): the place nearest the trigger, after it first.
    if event_type == EventType::Visit {
        let after = a
            .places
            .iter()
            .filter(|p| p.start >= t_end && p.end <= c_end && p.start <= t_end + rule.window)
            .min_by_key(|p| p.start);
        let before = a
            .places
            .iter()
            .filter(|p| p.end <= t_start && p.start >= c_start && p.end + 25 >= t_start)
            .max_by_key(|p| p.end);
        if let Some(first) = after.or(before) {
            // "tới Bỉ và Ukraine": every place listed with the first.
            let mut visited = vec![first];
            for p in a
                .places
                .iter()
                .filter(|p| p.start > first.end && p.end <= c_end)
            {
                let last = visited[visited.len() - 1];
                if a.listed_together(last.end, p.start) {
                    visited.push(p);
                } else {
                    break;
                }
            }
            for p in visited {
                let e = g.entity(p.entity);
                let host = match e.kind {
                    EntityKind::State => Some(p.entity),
                    EntityKind::Place => e.metonym_of.or(e.state),
                    _ => None,
                };
                if let Some(h) = host
                    && !entities.contains(&h)
                {
                    roles.push((h, None));
                    entities.push(h);
                }
            }
        }
    }

    // Participants in order, without repeats.
    let mut participants: Vec<Participant> = Vec::new();
    add_participants(
        &mut participants,
        roles.into_iter().map(|(e, role)| participant(g, e, role)),
    );
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
    Some(Event {
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
        mentions: Vec::new(),
    })
}

/// Whether a resolved date lies after the document's date (dates without a year never do).
fn after_document(d: &crate::model::DateValue, doc: Date) -> bool {
    let year = |v: &str| v.get(0..4).and_then(|y| y.parse::<i32>().ok());
    match d.precision {
        Precision::Day | Precision::Week => Date::parse(&d.value).is_some_and(|x| x > doc),
        Precision::Month => match (
            year(&d.value),
            d.value.get(5..7).and_then(|m| m.parse::<u32>().ok()),
        ) {
            (Some(y), Some(m)) => (y, m) > (doc.year, doc.month),
            _ => false,
        },
        Precision::Year => year(&d.value).is_some_and(|y| y > doc.year),
    }
}

/// Merges candidates of the same type in a sentence into one event.
fn merge(candidates: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::new();
    for c in candidates {
        // Visits to two places are two visits ("s'est rendu à Kiev après sa visite à Moscou").
        fn ids(e: &Event) -> Vec<&str> {
            let mut v: Vec<&str> = e.participants.iter().map(|p| p.id.as_str()).collect();
            v.sort_unstable();
            v
        }
        let same = |e: &Event| {
            e.event_type == c.event_type && (c.event_type != EventType::Visit || ids(e) == ids(&c))
        };
        if let Some(e) = out.iter_mut().find(|e| same(e)) {
            add_participants(&mut e.participants, c.participants);
            if Outcome::decisiveness(c.outcome) > Outcome::decisiveness(e.outcome) {
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
    // "met and held talks", "spoke by phone and discussed": the talks are what the meeting
    // or the call was about, one event with its parties.
    let shared = |a: &Event, b: &Event| {
        b.participants
            .iter()
            .filter(|p| p.kind == EntityKind::State && a.participants.iter().any(|q| q.id == p.id))
            .count()
    };
    let frame: Vec<usize> = (0..out.len())
        .filter(|&i| matches!(out[i].event_type, EventType::Meeting | EventType::PhoneCall))
        .filter(|&i| !out[i].negated)
        .collect();
    let mut absorbed = vec![false; out.len()];
    for i in 0..out.len() {
        let t = &out[i];
        if t.event_type != EventType::Talks || t.outcome == Some(Outcome::Failed) {
            continue;
        }
        if let Some(&f) = frame.iter().find(|&&f| shared(&out[f], t) >= 2) {
            absorbed[i] = true;
            let extra = out[i].participants.clone();
            add_participants(&mut out[f].participants, extra);
        }
    }
    // "hosted a call with…": a meeting and a call about the same sides are the call.
    for i in 0..out.len() {
        let absorbing = match out[i].event_type {
            EventType::Meeting => EventType::PhoneCall,
            _ => continue,
        };
        if out[i].negated {
            continue;
        }
        if let Some(f) = (0..out.len()).find(|&f| {
            !absorbed[f]
                && out[f].event_type == absorbing
                && !out[f].negated
                && shared(&out[f], &out[i]) >= 2
        }) {
            absorbed[i] = true;
            let extra = out[i].participants.clone();
            add_participants(&mut out[f].participants, extra);
            if out[f].places.is_empty() {
                out[f].places = out[i].places.clone();
            }
        }
    }
    // "met several times but failed to reach an agreement": the meeting was the talks that
    // failed.
    for i in 0..out.len() {
        if absorbed[i] || out[i].event_type != EventType::Meeting || out[i].negated {
            continue;
        }
        if let Some(f) = (0..out.len()).find(|&f| {
            !absorbed[f]
                && out[f].event_type == EventType::Talks
                && out[f].outcome == Some(Outcome::Failed)
                && shared(&out[f], &out[i]) >= 2
        }) {
            absorbed[i] = true;
            let extra = out[i].participants.clone();
            add_participants(&mut out[f].participants, extra);
        }
    }
    // "agreed to resume the dialogue", "issued a joint statement on upgrading relations": the
    // talks still to come and the statement are the agreement's content and form.
    for i in 0..out.len() {
        let t = &out[i];
        let content = (t.event_type == EventType::Talks && t.outcome == Some(Outcome::Ongoing))
            || t.event_type == EventType::Statement;
        if absorbed[i] || !content {
            continue;
        }
        if (0..out.len()).any(|f| {
            !absorbed[f]
                && out[f].event_type == EventType::Agreement
                && out[f].outcome == Some(Outcome::Agreed)
                && !out[f].negated
                && shared(&out[f], t) >= 2
                && (t.event_type == EventType::Statement || out[f].trigger[0] < t.trigger[0])
        }) {
            absorbed[i] = true;
        }
    }
    let mut out: Vec<Event> = out
        .into_iter()
        .zip(absorbed)
        .filter(|(_, gone)| !gone)
        .map(|(e, _)| e)
        .collect();
    out.sort_by_key(|e| e.trigger[0]);
    out
}

/// Appends the participants of `extra` that `to` does not have yet, in order.
fn add_participants(to: &mut Vec<Participant>, extra: impl IntoIterator<Item = Participant>) {
    for p in extra {
        if !to.iter().any(|q| q.id == p.id) {
            to.push(p);
        }
    }
}
