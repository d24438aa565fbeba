//! What a sentence contains before any rule runs: names, lexicon cues, dates, clauses, and
//! which names are actors, places, topics or parts of an agreement's name.

use super::world::World;
use crate::dates::DateMention;
use crate::gazetteer::{AliasForm, EntityId};
use crate::lexicon::{Cue, Hit};
use crate::mentions::Mention;
use crate::model::EntityKind;
use crate::text::normalize::Folded;

/// How an actor was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Via {
    /// Named in the sentence.
    Name,
    /// A capital or seat of power standing for its state.
    Metonym,
    /// "the two leaders", "hai bên".
    Coreference,
    /// "his Russian counterpart" resolved through terms of office.
    Counterpart,
}

/// An actor in the sentence (character offsets within the sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Actor {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    pub via: Via,
    /// Named right after a topic preposition ("talks on Syria") or a mediator phrase
    /// ("under the auspices of the OSCE"): not a party.
    pub topic: bool,
    /// Named right after a passive-agent preposition ("attacks by Russia").
    pub agent: bool,
    /// Named right after a possessive preposition ("của Nga").
    pub possessive: bool,
}

impl Actor {
    /// An actor the sentence refers to without naming it ("the two leaders", "his
    /// counterpart", "its"), at the span of the referring words.
    pub fn referred(start: usize, end: usize, entity: EntityId, via: Via) -> Actor {
        Actor {
            start,
            end,
            entity,
            via,
            topic: false,
            agent: false,
            possessive: false,
        }
    }
}

/// A place mentioned in the sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct PlaceMention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    /// Part of an agreement's name ("the Sochi agreement").
    pub names_agreement: bool,
}

/// Everything found in one sentence.
pub(super) struct SentenceAnalysis {
    pub chars: Vec<char>,
    /// The folded sentence, for phrase tests on parts of it.
    pub folded: Folded,
    pub mentions: Vec<Mention>,
    pub hits: Vec<Hit>,
    pub dates: Vec<DateMention>,
    pub actors: Vec<Actor>,
    pub places: Vec<PlaceMention>,
    /// Spans of person mentions.
    person_flags: Vec<(usize, usize)>,
    /// For every character, whether an article covers it (computed once: `blank_between`
    /// is asked many times per sentence).
    in_article: Vec<bool>,
    /// For every character, whether a list link ("de l'", "with") covers it.
    in_link: Vec<bool>,
    /// The language puts state adjectives after their noun ("l'attaque russe").
    pub adjectives_follow_nouns: bool,
}

impl SentenceAnalysis {
    /// Analyses a sentence given its names, cues and dates.
    pub fn new(
        gazetteer: &World,
        chars: Vec<char>,
        folded: Folded,
        mentions: Vec<Mention>,
        hits: Vec<Hit>,
        dates: Vec<DateMention>,
    ) -> SentenceAnalysis {
        let mut a = SentenceAnalysis {
            chars,
            folded,
            mentions,
            hits,
            dates,
            actors: Vec::new(),
            places: Vec::new(),
            person_flags: Vec::new(),
            in_article: Vec::new(),
            in_link: Vec::new(),
            adjectives_follow_nouns: false,
        };
        a.in_article = a.mask(Cue::Article);
        a.in_link = a.mask(Cue::ListLink);
        a.classify(gazetteer);
        a
    }

    /// For every character, whether a hit of `cue` covers it.
    fn mask(&self, cue: Cue) -> Vec<bool> {
        let mut flags = vec![false; self.chars.len()];
        for h in self.hits.iter().filter(|h| h.cue == cue) {
            for flag in &mut flags[h.start..h.end] {
                *flag = true;
            }
        }
        flags
    }

    /// Whether `[from, to)` holds only spaces, apostrophes and articles.
    pub fn blank_between(&self, from: usize, to: usize) -> bool {
        if from > to {
            return false;
        }
        (from..to).all(|i| {
            let c = self.chars[i];
            c.is_whitespace() || c == '\'' || c == '’' || self.in_article[i]
        })
    }

    /// Whether only white space, articles and list links ("de", "of") stand in `[from, to)`,
    /// a few characters at most: "le sommet de Hanoï".
    pub fn linked_between(&self, from: usize, to: usize) -> bool {
        from <= to
            && to - from <= 8
            && (from..to).all(|i| {
                let c = self.chars[i];
                c.is_whitespace() || c == '\'' || c == '’' || self.in_article[i] || self.in_link[i]
            })
    }

    /// Whether a cue matching `pred` ends right before `pos` (only blanks between).
    pub fn cue_before(&self, pos: usize, pred: impl Fn(Cue) -> bool) -> bool {
        self.hits
            .iter()
            .any(|h| pred(h.cue) && h.end <= pos && self.blank_between(h.end, pos))
    }

    /// Whether a cue matching `pred` starts right after `pos` (only blanks between).
    pub fn cue_after(&self, pos: usize, pred: impl Fn(Cue) -> bool) -> bool {
        self.hits
            .iter()
            .any(|h| pred(h.cue) && h.start >= pos && self.blank_between(pos, h.start))
    }

    /// Whether `hit` lies inside a longer phrase of cue `outer`, which makes it no cue of its
    /// own: "lời mời" inside an accepted invitation ("nhận lời mời của", the visit took
    /// place), "from" inside an agent phrase ("condemnation from", no place).
    pub fn inside(&self, hit: &Hit, outer: Cue) -> bool {
        self.hits.iter().any(|h| {
            h.cue == outer
                && h.start <= hit.start
                && hit.end <= h.end
                && h.end - h.start > hit.end - hit.start
        })
    }

    /// The state adjective that names an event's own side, right after its trigger ending at
    /// `trigger_end` ("l'attaque russe"): only where adjectives follow their noun. In English
    /// one after a trigger qualifies its object ("bombed Iranian military targets").
    pub fn own_adjective(&self, trigger_end: usize) -> Option<(usize, usize)> {
        if !self.adjectives_follow_nouns {
            return None;
        }
        self.mentions
            .iter()
            .find(|m| {
                m.form == AliasForm::Adjective
                    && m.start >= trigger_end
                    && self.blank_between(trigger_end, m.start)
            })
            .map(|m| (m.start, m.end))
    }

    /// The clause `[start, end)` holding character `pos`.
    pub fn clause_of(&self, pos: usize) -> (usize, usize) {
        let mut start = 0;
        let mut end = self.chars.len();
        for h in self.hits.iter().filter(|h| h.cue == Cue::ClauseBreak) {
            if h.end <= pos {
                start = start.max(h.end);
            } else if h.start > pos {
                end = end.min(h.start);
            }
        }
        (start, end)
    }

    /// The break ("but") that joins the clause ending at `end` to the next one sharing its
    /// subject, and that next clause's end.
    pub fn contrast_after(&self, end: usize) -> Option<usize> {
        let b = self.contrast_break(|b| b.start == end)?;
        Some(self.clause_of(b.end).1)
    }

    /// The start of the clause before the one starting at `start`, when a contrast break
    /// joins them ("met several times, but failed to agree": the subject is in the first).
    pub fn contrast_before(&self, start: usize) -> Option<usize> {
        let b = self.contrast_break(|b| b.end == start)?;
        Some(self.clause_of(b.start.saturating_sub(1)).0)
    }

    fn contrast_break(&self, at: impl Fn(&Hit) -> bool) -> Option<&Hit> {
        self.hits.iter().find(|b| {
            b.cue == Cue::ClauseBreak
                && at(b)
                && self
                    .hits
                    .iter()
                    .any(|c| c.cue == Cue::Contrast && c.start < b.end && b.start < c.end)
        })
    }

    /// The characters of `[from, to)` without the blanks around them.
    fn trimmed(&self, from: usize, to: usize) -> &[char] {
        let mut gap = &self.chars[from.min(to)..to];
        while let [first, rest @ ..] = gap
            && first.is_whitespace()
        {
            gap = rest;
        }
        while let [rest @ .., last] = gap
            && last.is_whitespace()
        {
            gap = rest;
        }
        gap
    }

    /// Whether the text between two names lists them together ("A, B", "A and B").
    pub fn listed_together(&self, from: usize, to: usize) -> bool {
        from <= to && self.coordinated(from, to)
    }

    /// Whether the gap between two mentions links them in a list ("A, B", "A and B", "A (B)",
    /// "A, and B"); prepositions and articles repeated before the second name do not count
    /// ("du Qatar et de l'Égypte", "de l'Allemagne, de la France"). A preposition alone is no
    /// list: in "signed in Moscow by Armenia", "conclu à Genève entre l'Arménie", the second
    /// name is not a place like the first.
    fn coordinated(&self, from: usize, to: usize) -> bool {
        // A list's gap is a few characters; this is asked for many pairs, so it allocates
        // nothing and stops at the first word that is not a link.
        if from > to || to - from > 40 {
            return false;
        }
        let (mut commas, mut parens, mut conjunction, mut linked) = (0, 0, false, false);
        let mut i = from;
        while i < to {
            let c = self.chars[i];
            if self.in_link[i] && !self.in_article[i] && !c.is_whitespace() {
                linked = true;
            }
            if c.is_whitespace() || self.in_article[i] || self.in_link[i] || c == '\'' || c == '’'
            {
                i += 1;
                continue;
            }
            match c {
                ',' => commas += 1,
                '(' => parens += 1,
                _ => {
                    let Some(h) = self
                        .hits
                        .iter()
                        .find(|h| h.cue == Cue::Conjunction && h.start == i && h.end <= to)
                    else {
                        return false;
                    };
                    if conjunction {
                        return false;
                    }
                    conjunction = true;
                    i = h.end;
                    continue;
                }
            }
            i += 1;
        }
        if conjunction {
            parens == 0
        } else if linked && commas == 0 {
            false
        } else {
            (commas == 0 && parens <= 1) || (commas == 1 && parens == 0)
        }
    }

    /// Whether mention `m` is a modifier ("Russian", "Syria's") that names an actor only next
    /// to a person, a title, an actor noun, a counterpart, or in a compound ("U.S.-Russian").
    fn modifier_is_actor(&self, idx: usize) -> bool {
        let m = &self.mentions[idx];
        let n = self.chars.len();
        let mut q = m.end;
        if q + 1 < n && (self.chars[q] == '\'' || self.chars[q] == '’') && self.chars[q + 1] == 's'
        {
            q += 2;
        }
        let actorish = |c: Cue| matches!(c, Cue::Title(_) | Cue::ActorNoun | Cue::Counterpart);
        if self.cue_after(q, actorish) || self.cue_before(m.start, actorish) {
            return true;
        }
        // A possessor right after an event word: "condemns North Korea's launch",
        // "welcomed Chile's decision".
        let possessive = q == m.end + 2;
        if possessive
            && self.hits.iter().any(|h| {
                matches!(h.cue, Cue::Trigger(_))
                    && h.end <= m.start
                    && self.blank_between(h.end, m.start)
            })
        {
            return true;
        }
        // Adjectives may stand between: "Russia's premeditated, unprovoked and unjustified
        // attack", "Turkish unilateral military action".
        if self
            .hits
            .iter()
            .any(|h| actorish(h.cue) && h.start >= q && self.adjectives_only(q, h.start))
        {
            return true;
        }
        // A person follows directly or in apposition: "Russian Vladimir Putin", "les
        // présidents russe, Vladimir Poutine, et turc, Recep Tayyip Erdogan".
        if self.mentions.iter().any(|o| {
            o.start >= q
                && o.start != m.start
                && o.form != AliasForm::Adjective
                && self.person_mention(o)
                && (self.blank_between(q, o.start)
                    || matches!(self.trimmed(q, o.start), [','])
                        && self.chars[q..o.start].iter().filter(|c| **c == ',').count() == 1)
        }) {
            return true;
        }
        // Coordinated modifiers share their noun: "Russian and Ukrainian negotiators".
        if let Some(next) = self.mentions.iter().position(|o| {
            o.start > m.end
                && self.hits.iter().any(|h| {
                    h.cue == Cue::Conjunction
                        && h.start >= m.end
                        && h.end <= o.start
                        && self.blank_between(m.end, h.start)
                        && self.blank_between(h.end, o.start)
                })
        }) && self.mentions[next].form == AliasForm::Adjective
            && self.modifier_is_actor_forward(next)
        {
            return true;
        }
        // … and in French order: "les négociateurs russes et ukrainiens".
        if let Some(prev) = self.mentions.iter().position(|o| {
            o.end < m.start
                && o.form == AliasForm::Adjective
                && self.hits.iter().any(|h| {
                    h.cue == Cue::Conjunction
                        && h.start >= o.end
                        && h.end <= m.start
                        && self.blank_between(o.end, h.start)
                        && self.blank_between(h.end, m.start)
                })
        }) && self.cue_before(self.mentions[prev].start, actorish)
        {
            return true;
        }
        // Compounds: "U.S.-Russian deal", "Turkish-Russian agreement".
        let hyphen_after = m.end < n && self.chars[m.end] == '-';
        let hyphen_before = m.start > 0 && self.chars[m.start - 1] == '-';
        (hyphen_after && self.mentions.iter().any(|o| o.start == m.end + 1))
            || (hyphen_before && self.mentions.iter().any(|o| o.end + 1 == m.start))
    }

    /// `modifier_is_actor` looking only forward (for coordinated modifiers).
    /// Whether `[from, to)` holds at most four lowercase words (commas and conjunctions
    /// between them), none shorter than four letters but "and": the adjectives of a noun
    /// phrase, not a verb and its object ("has killed", "is to").
    fn adjectives_only(&self, from: usize, to: usize) -> bool {
        if from >= to || to - from > 60 {
            return false;
        }
        // Words as character ranges.
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut i = from;
        while i < to {
            if self.chars[i].is_whitespace() || self.chars[i] == ',' {
                i += 1;
                continue;
            }
            let start = i;
            while i < to && !self.chars[i].is_whitespace() && self.chars[i] != ',' {
                i += 1;
            }
            words.push((start, i));
        }
        let conjunction = |(s, e): (usize, usize)| {
            self.hits
                .iter()
                .any(|h| h.cue == Cue::Conjunction && h.start <= s && e <= h.end)
        };
        !words.is_empty()
            && words.len() <= 4
            && words.iter().all(|&(s, e)| {
                conjunction((s, e))
                    || (e - s >= 4
                        && self.chars[s..e]
                            .iter()
                            .all(|c| c.is_lowercase() || *c == '-'))
            })
    }

    fn modifier_is_actor_forward(&self, idx: usize) -> bool {
        let m = &self.mentions[idx];
        let actorish = |c: Cue| matches!(c, Cue::Title(_) | Cue::ActorNoun | Cue::Counterpart);
        self.cue_after(m.end, actorish)
    }

    fn person_mention(&self, m: &Mention) -> bool {
        self.person_flags
            .iter()
            .any(|&(s, e)| s == m.start && e == m.end)
    }

    fn classify(&mut self, gazetteer: &World) {
        self.person_flags = self
            .mentions
            .iter()
            .filter(|m| gazetteer.entity(m.entity).kind == EntityKind::Person)
            .map(|m| (m.start, m.end))
            .collect();
        // Locative and topic status flows through lists: "in Astana, Kazakhstan",
        // "tới Bỉ và Ukraine", "talks on Syria and Iran".
        // A phrase opening the sentence ends at its first comma: in "Under the auspices of
        // Moscow, Armenia and Azerbaijan signed", Armenia is no mediator.
        // (end, locative, topic, fronted, agent)
        let mut prev: Option<(usize, bool, bool, bool, bool)> = None;
        for idx in 0..self.mentions.len() {
            let m = self.mentions[idx].clone();
            let e = gazetteer.entity(m.entity);
            let inherited = prev.filter(|&(end, _, _, fronted, _)| {
                self.coordinated(end, m.start)
                    && !(fronted && self.chars[end..m.start].contains(&','))
            });
            let governing = |pred: &dyn Fn(&Hit) -> bool| {
                self.hits
                    .iter()
                    .find(|h| h.end <= m.start && self.blank_between(h.end, m.start) && pred(h))
                    .map(|h| h.start)
            };
            // "from" is no place inside "condemnation from" (an agent phrase).
            let own_locative =
                governing(&|h| h.cue == Cue::Locative && !self.inside(h, Cue::Agent));
            // A mediator is no more a party than a topic is ("sous l'égide du Qatar", "do Mỹ
            // làm trung gian").
            let mediated_after = self.hits.iter().any(|h| {
                h.cue == Cue::MediatorAfter
                    && h.start >= m.end
                    && self.blank_between(m.end, h.start)
            });
            let own_topic = governing(&|h| matches!(h.cue, Cue::Topic | Cue::Mediator))
                .or(mediated_after.then_some(m.start));
            let locative = own_locative.is_some() || inherited.is_some_and(|(_, l, _, _, _)| l);
            let topic = own_topic.is_some() || inherited.is_some_and(|(_, _, t, _, _)| t);
            let fronted = match own_locative.or(own_topic) {
                Some(start) => self.chars[..start]
                    .iter()
                    .all(|c| c.is_whitespace() || matches!(c, '"' | '“' | '«' | '\'')),
                None => inherited.is_some_and(|(_, _, _, f, _)| f),
            };
            // "conclu par les présidents russe, Vladimir Poutine, et turc, Recep Tayyip
            // Erdogan": every name of the list is an agent.
            let agent = self.cue_before(m.start, |c| c == Cue::Agent)
                || inherited.is_some_and(|(_, _, _, _, a)| a);
            let possessive_of = self.cue_before(m.start, |c| c == Cue::Possessive);
            prev = Some((m.end, locative, topic, fronted, agent));
            let names_agreement = e.kind == EntityKind::Place && self.names_agreement(&m);
            // A capital after an article is a place or a modifier ("the Astana talks"); seats
            // of power keep their article ("the Kremlin said").
            let after_article =
                e.subkind != "seat" && self.cue_before(m.start, |c| c == Cue::Article);
            let possessive = m.end + 1 < self.chars.len()
                && matches!(self.chars[m.end], '\'' | '’')
                && self.chars[m.end + 1] == 's';
            // "Trump's phone call": a person's possessive still names the person.
            let modifier = m.form == AliasForm::Adjective
                || (possessive && matches!(e.kind, EntityKind::State | EntityKind::Place));
            match e.kind {
                EntityKind::Agreement => {}
                EntityKind::Place => match e.metonym_of {
                    Some(state)
                        if !locative
                            && !names_agreement
                            // "the Damascus government" acts; "the Astana talks" do not.
                            && (!(modifier || after_article) || self.modifier_is_actor(idx)) =>
                    {
                        self.actors.push(Actor {
                            start: m.start,
                            end: m.end,
                            entity: state,
                            via: Via::Metonym,
                            topic,
                            agent,
                            possessive: possessive_of,
                        })
                    }
                    _ => self.places.push(PlaceMention {
                        start: m.start,
                        end: m.end,
                        entity: m.entity,
                        names_agreement,
                    }),
                },
                EntityKind::State if locative => self.places.push(PlaceMention {
                    start: m.start,
                    end: m.end,
                    entity: m.entity,
                    names_agreement: false,
                }),
                _ => {
                    if modifier && !self.modifier_is_actor(idx) {
                        continue;
                    }
                    // "Turkey, a NATO member, invaded": a description, not an actor.
                    if e.kind == EntityKind::Organisation
                        && self.cue_before(m.start, |c| c == Cue::Indefinite)
                    {
                        continue;
                    }
                    // A person after "to" is addressed, not a place ("spoke to Putin").
                    if locative && e.kind != EntityKind::Person {
                        continue;
                    }
                    self.actors.push(Actor {
                        start: m.start,
                        end: m.end,
                        entity: m.entity,
                        via: Via::Name,
                        topic,
                        agent,
                        // "Russia's attack": the possessor of the event, like "của Nga".
                        possessive: possessive_of || (possessive && e.kind != EntityKind::Person),
                    });
                }
            }
        }
    }

    /// Whether a place mention is part of an agreement's name: "the Moscow agreement",
    /// "thỏa thuận Sochi", "l'accord de Sotchi".
    fn names_agreement(&self, m: &Mention) -> bool {
        let noun_after = self.cue_after(m.end, |c| c == Cue::AgreementNoun);
        // "l'accord de Sotchi" names the agreement; "un accord à Moscou" says where it was made.
        let noun_before = self.hits.iter().any(|h| {
            h.cue == Cue::AgreementNoun && h.end <= m.start && {
                let g = self.trimmed(h.end, m.start);
                g.len() <= 3
                    && !g.iter().any(|c| c.is_whitespace())
                    && !self.cue_before(m.start, |c| c == Cue::Locative)
            }
        });
        noun_after || noun_before
    }
}
