//! Persons the gazetteer does not list, recognised from the words around their name: a title
//! and a capitalised name ("Foreign Minister Ana Ruiz", "Chairman Kim Jong Un", "Thủ tướng
//! Nhật Bản Kishida Fumio", "le ministre des Affaires étrangères chilien, Ana Ruiz",
//! "President Ana Ruiz of Chile"), with the state from the title's adjective or complement.
//! Once introduced, the person is found again by full name, first or last name.
//!
//! Titles come from `titles` and `counterpart_words` of the language file; the words that
//! may stand between a title and a name (`honorifics`, `title_complements`, `title_links`)
//! and inside a name (`name_particles`) too. Only title positions are examined, so the cost
//! is nothing on sentences without a title.

use super::world::World;
use crate::calendar::Date;
use crate::gazetteer::{AliasForm, EntityId, Gazetteer, OfficeRole};
use crate::lexicon::{Cue, Hit, LanguageSpec};
use crate::mentions::Mention;
use crate::model::EntityKind;
use crate::text::normalize::{Folded, fold};
use std::collections::HashSet;

/// Most words in a name ("Mohammed bin Salman bin Abdulaziz Al Saud").
const MAX_NAME_WORDS: usize = 7;

/// Steps (state, complement, link, courtesy word) between a title and a name.
const MAX_STEPS: usize = 6;

/// The folded words of one language that frame a name.
pub(super) struct NameWords {
    honorifics: Vec<String>,
    complements: Vec<String>,
    links: Vec<String>,
    particles: HashSet<String>,
    stopwords: HashSet<String>,
    /// Folded titles that name a state by themselves, with that state and the role.
    home_titles: Vec<(String, EntityId, OfficeRole)>,
}

fn folded_longest_first(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = list
        .iter()
        .map(|p| fold(p))
        .filter(|p| !p.is_empty())
        .collect();
    out.sort_by_key(|p| std::cmp::Reverse(p.len()));
    out.dedup();
    out
}

impl NameWords {
    pub fn new(spec: &LanguageSpec, gazetteer: &Gazetteer) -> anyhow::Result<NameWords> {
        let mut stopwords: HashSet<String> = spec.name_stopwords.iter().map(|w| fold(w)).collect();
        // Month and weekday names are never names ("President Ruiz Monday").
        for w in spec.dates.months.keys().chain(spec.dates.weekdays.keys()) {
            if !w.contains(' ') {
                stopwords.insert(fold(w));
            }
        }
        let mut home_titles = Vec::new();
        for t in &spec.titles {
            let Some(id) = &t.home_state else { continue };
            let state = gazetteer
                .get(id)
                .filter(|&e| gazetteer.entity(e).kind == EntityKind::State)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "data/lang/{}.toml: title '{}' has home_state '{id}', which is no state of the gazetteer",
                        spec.code,
                        t.phrase
                    )
                })?;
            home_titles.push((fold(&t.phrase), state, t.role));
        }
        Ok(NameWords {
            honorifics: folded_longest_first(&spec.honorifics),
            complements: folded_longest_first(&spec.title_complements),
            links: folded_longest_first(&spec.title_links),
            particles: spec.name_particles.iter().map(|w| fold(w)).collect(),
            stopwords,
            home_titles,
        })
    }

    /// The home state and role of the title at `[s, e)`, when it is a home title.
    fn home_title(&self, folded: &Folded, s: usize, e: usize) -> Option<(EntityId, OfficeRole)> {
        let phrase = folded.slice(s, e);
        self.home_titles
            .iter()
            .find(|(p, _, _)| p == phrase)
            .map(|&(_, state, role)| (state, role))
    }
}

/// The sentence as the recogniser reads it.
struct Text<'s> {
    chars: &'s [char],
    folded: &'s Folded,
    mentions: &'s [Mention],
}

impl Text<'_> {
    fn skip_blanks(&self, mut p: usize) -> usize {
        while p < self.chars.len() && self.chars[p].is_whitespace() {
            p += 1;
        }
        p
    }

    /// The longest phrase of `list` at `p`, on word boundaries: its end.
    fn phrase_at(&self, p: usize, list: &[String]) -> Option<usize> {
        let rest = self.folded.slice(p, self.chars.len());
        let found = list.iter().find(|w| {
            rest.starts_with(w.as_str()) && {
                let after = rest[w.len()..].chars().next();
                let last = w.chars().next_back();
                !(last.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
        })?;
        Some(p + found.chars().count())
    }

    /// The state named at `p` (name or adjective), with the end of its mention.
    fn state_at(&self, world: &World, p: usize) -> Option<(usize, usize)> {
        self.mentions
            .iter()
            .find(|m| m.start == p && world.entity(m.entity).kind == EntityKind::State)
            .map(|m| (m.entity, m.end))
    }

    /// The state named right before `p` ("Chilean President", "Chile's President").
    fn state_before(&self, world: &World, p: usize) -> Option<usize> {
        self.mentions
            .iter()
            .rev()
            .find(|m| m.end <= p && world.entity(m.entity).kind == EntityKind::State)
            .filter(|m| {
                let gap: String = self.chars[m.end..p].iter().collect();
                let gap = gap.trim();
                gap.is_empty() || gap == "'s" || gap == "’s"
            })
            .map(|m| m.entity)
    }

    fn word_end(&self, start: usize) -> usize {
        let n = self.chars.len();
        let mut e = start;
        while e < n {
            let c = self.chars[e];
            let joiner = (c == '-' || c == '\'' || c == '’')
                && e > start
                && e + 1 < n
                && self.chars[e + 1].is_alphanumeric();
            if c.is_alphanumeric() || joiner {
                e += 1;
            } else {
                break;
            }
        }
        e
    }

    /// A capitalised name at `p`: its span and folded words.
    fn name_at(&self, words: &NameWords, p: usize) -> Option<(usize, usize, Vec<String>)> {
        let n = self.chars.len();
        let mut q = p;
        let mut tokens: Vec<(String, bool)> = Vec::new(); // (folded word, is particle)
        let mut end = p;
        while tokens.len() < MAX_NAME_WORDS {
            let we = self.word_end(q);
            if we == q {
                break;
            }
            let key = fold(&self.chars[q..we].iter().collect::<String>());
            let first = self.chars[q];
            let upper_count = self.chars[q..we]
                .iter()
                .filter(|c| c.is_uppercase())
                .count();
            let acronym = upper_count > 1 && upper_count == we - q;
            if first.is_uppercase()
                && !acronym
                && !(tokens.is_empty() && words.stopwords.contains(&key))
            {
                tokens.push((key, false));
            } else if !tokens.is_empty() && words.particles.contains(&key) {
                tokens.push((key, true));
            } else {
                break;
            }
            // An initial: "Ana M. Ruiz".
            if we - q == 1 && upper_count == 1 && we < n && self.chars[we] == '.' {
                q = we + 1;
            } else {
                q = we;
            }
            if !tokens.last().is_some_and(|t| t.1) {
                end = q;
            }
            if q + 1 < n
                && self.chars[q] == ' '
                && (self.chars[q + 1].is_uppercase() || self.chars[q + 1].is_lowercase())
            {
                q += 1;
            } else {
                break;
            }
        }
        while tokens.last().is_some_and(|t| t.1) {
            tokens.pop();
        }
        if tokens.is_empty() {
            return None;
        }
        // "Ruiz's visit": the possessive is not part of the name.
        if end >= 2 && matches!(self.chars[end - 2], '\'' | '’') && self.chars[end - 1] == 's' {
            end -= 2;
            if let Some(t) = tokens.last_mut() {
                t.0.truncate(t.0.len().saturating_sub(2));
            }
        }
        Some((p, end, tokens.into_iter().map(|t| t.0).collect()))
    }
}

/// The one person holding `role` in `state` at `date`.
fn holder(
    world: &World,
    state: EntityId,
    role: OfficeRole,
    date: Option<Date>,
) -> Option<EntityId> {
    let date = date?;
    let mut people: Vec<EntityId> = world
        .offices
        .iter()
        .filter(|o| o.state == state && o.role.is_counterpart_of(role) && o.covers(date))
        .map(|o| o.person)
        .collect();
    people.sort_unstable();
    people.dedup();
    match people.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Adds mentions for persons named with a title, and for persons the document introduced
/// earlier, to `mentions` (kept sorted and non-overlapping).
pub(super) fn recognise(
    world: &mut World,
    words: &NameWords,
    chars: &[char],
    folded: &Folded,
    mentions: &mut Vec<Mention>,
    hits: &[Hit],
    date: Option<Date>,
) {
    let mut found: Vec<Mention> = Vec::new();
    {
        let text = Text {
            chars,
            folded,
            mentions,
        };
        let titles: Vec<(usize, usize)> = hits
            .iter()
            .filter_map(|h| match h.cue {
                Cue::Title(_) | Cue::Counterpart => Some((h.start, h.end)),
                _ => None,
            })
            .collect();
        for &(s, e) in &titles {
            // "Vice President", "Bộ trưởng Ngoại giao": the longest title reads on.
            if titles
                .iter()
                .any(|&(s2, e2)| s2 <= s && e <= e2 && (s2, e2) != (s, e))
            {
                continue;
            }
            // A title inside a name ("the Presidential Palace") is no title.
            if e < chars.len() && chars[e].is_alphanumeric() {
                continue;
            }
            let mut state = text.state_before(world, s);
            let mut p = e;
            let mut comma = false;
            for _ in 0..MAX_STEPS {
                p = text.skip_blanks(p);
                if let Some((st, end)) = text.state_at(world, p) {
                    state = state.or(Some(st));
                    p = end;
                    continue;
                }
                if let Some(end) = text.phrase_at(p, &words.complements) {
                    p = end;
                    continue;
                }
                if let Some(end) = text.phrase_at(p, &words.honorifics) {
                    p = end;
                    if p < chars.len() && chars[p] == '.' {
                        p += 1;
                    }
                    continue;
                }
                if let Some(end) = text.phrase_at(p, &words.links)
                    && let Some((st, end)) = text.state_at(world, text.skip_blanks(end))
                {
                    state = state.or(Some(st));
                    p = end;
                    continue;
                }
                if !comma && p < chars.len() && chars[p] == ',' {
                    let next = text.skip_blanks(p + 1);
                    if next < chars.len() && chars[next].is_uppercase() {
                        comma = true;
                        p = next;
                        continue;
                    }
                }
                break;
            }
            // "le Président de la République": the home state's office holder, or the state.
            let home = words.home_title(folded, s, e).filter(|_| state.is_none());
            let Some((ns, mut ne, mut tokens)) = text.name_at(words, p) else {
                if let Some((home_state, role)) = home
                    && !mentions.iter().any(|m| m.start < p && s < m.end)
                    && !found.iter().any(|m| m.start < e && s < m.end)
                {
                    found.push(Mention {
                        start: s,
                        end: e,
                        entity: holder(world, home_state, role, date).unwrap_or(home_state),
                        form: AliasForm::Name,
                    });
                }
                continue;
            };
            if let Some((home_state, _)) = home {
                state = Some(home_state);
            }
            // A listed person is already named; a listed state or place ends the name.
            let inside: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.start < ne && ns < m.end)
                .collect();
            if inside
                .iter()
                .any(|m| m.start <= ns || world.entity(m.entity).kind == EntityKind::Person)
            {
                continue;
            }
            if let Some(first) = inside.first() {
                let keep: String = chars[ns..first.start].iter().collect();
                let keep = keep.trim_end();
                ne = ns + keep.chars().count();
                tokens = keep.split_whitespace().map(fold).collect();
                if tokens.is_empty() {
                    continue;
                }
            }
            // "President Ana Ruiz of Chile".
            if state.is_none()
                && let Some(end) = text.phrase_at(text.skip_blanks(ne), &words.links)
                && let Some((st, _)) = text.state_at(world, text.skip_blanks(end))
            {
                state = Some(st);
            }
            let entity = match known_again(world, &tokens) {
                Some(e) => e,
                None => {
                    // One word is a name only with a state to pin it ("President Ruiz" of
                    // Chile), and never a bare courtesy word.
                    if tokens.len() < 2 && (state.is_none() || tokens[0].chars().count() < 3) {
                        continue;
                    }
                    let name: String = chars[ns..ne].iter().collect();
                    world.derive_person(name.trim(), state)
                }
            };
            if !found.iter().any(|m| m.start < ne && ns < m.end) {
                found.push(Mention {
                    start: ns,
                    end: ne,
                    entity,
                    form: AliasForm::Name,
                });
            }
        }
    }
    // Persons introduced before, named again: "Ruiz said", "ông Kishida".
    if !world.persons.is_empty() {
        let text = Text {
            chars,
            folded,
            mentions,
        };
        let mut p = 0;
        while p < chars.len() {
            let we = text.word_end(p);
            if we == p {
                p += 1;
                continue;
            }
            let starts_word = p == 0 || !chars[p - 1].is_alphanumeric();
            let free = |found: &[Mention], s: usize, e: usize| {
                !mentions.iter().any(|m| m.start < e && s < m.end)
                    && !found.iter().any(|m| m.start < e && s < m.end)
            };
            if starts_word && chars[p].is_uppercase() && free(&found, p, we) {
                if let Some((end, entity)) = full_name_at(world, &text, p) {
                    if free(&found, p, end) {
                        found.push(Mention {
                            start: p,
                            end,
                            entity,
                            form: AliasForm::Name,
                        });
                    }
                    p = end;
                    continue;
                }
                let mut key = fold(&chars[p..we].iter().collect::<String>());
                if key.ends_with("'s") {
                    key.truncate(key.len() - 2);
                }
                if let Some(entity) = known_again(world, &[key.clone()]) {
                    let end = p + key.chars().count();
                    found.push(Mention {
                        start: p,
                        end,
                        entity,
                        form: AliasForm::Name,
                    });
                }
            }
            p = we;
        }
    }
    if !found.is_empty() {
        mentions.extend(found);
        mentions.sort_by_key(|m| (m.start, m.end));
    }
}

/// A derived person whose whole written name starts at `p`.
fn full_name_at(world: &World, text: &Text, p: usize) -> Option<(usize, usize)> {
    world
        .persons
        .iter()
        .filter(|d| d.tokens.len() >= 2)
        .find_map(|d| {
            let mut q = p;
            for (i, t) in d.tokens.iter().enumerate() {
                if i > 0 {
                    if q >= text.chars.len() || text.chars[q] != ' ' {
                        return None;
                    }
                    q += 1;
                }
                let we = text.word_end(q);
                if we == q || fold(&text.chars[q..we].iter().collect::<String>()) != *t {
                    return None;
                }
                q = we;
            }
            Some((q, d.entity))
        })
}

/// The derived person `tokens` name again: the same words, or one word that is the first or
/// last of exactly one derived name ("Ruiz", "Kishida", "ông Sơn").
fn known_again(world: &World, tokens: &[String]) -> Option<usize> {
    if let Some(d) = world.persons.iter().find(|d| d.tokens == tokens) {
        return Some(d.entity);
    }
    let [one] = tokens else { return None };
    if one.chars().count() < 3 {
        return None;
    }
    let mut fits = world.persons.iter().filter(|d| {
        d.tokens.len() >= 2 && (d.tokens.first() == Some(one) || d.tokens.last() == Some(one))
    });
    match (fits.next(), fits.next()) {
        (Some(d), None) => Some(d.entity),
        _ => None,
    }
}
