//! Finding gazetteer names in a sentence.
//!
//! All aliases of all languages go into one Aho-Corasick automaton over folded text. Matches
//! must stand on word boundaries and satisfy their alias's case rule; among overlapping
//! matches the one that starts first wins, and the longest of those ("northern Syria" over
//! "Syria"). A `blocker` alias wins like any other and is then dropped.

use crate::gazetteer::{AliasForm, EntityId, Gazetteer};
use crate::model::EntityKind;
use crate::text::normalize::{Folded, fold};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result};
use std::collections::HashMap;

/// A name found in a sentence (character offsets within the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The entity.
    pub entity: EntityId,
    /// How the name was written (name, adjective, …).
    pub form: AliasForm,
}

/// The compiled name matcher.
pub struct MentionFinder {
    matcher: AhoCorasick,
    /// Alias indices per pattern.
    aliases: Vec<Vec<usize>>,
}

/// Preference between entities sharing one alias (of different kinds).
fn kind_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Agreement => 0,
        EntityKind::Person => 1,
        EntityKind::State => 2,
        EntityKind::Organisation => 3,
        EntityKind::Group => 4,
        EntityKind::Place => 5,
    }
}

impl MentionFinder {
    /// Compiles the aliases of `gazetteer`.
    pub fn new(gazetteer: &Gazetteer) -> Result<MentionFinder> {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in gazetteer.aliases.iter().enumerate() {
            let key = fold(&a.text);
            // A person's hyphen is often a space in news ("Kim Jong-un", "Kim Jong Un").
            let person = a
                .entity
                .is_some_and(|e| gazetteer.entity(e).kind == EntityKind::Person);
            if person && key.contains('-') {
                let spaced = key.replace('-', " ");
                by_key.entry(spaced).or_default().push(i);
            }
            by_key.entry(key).or_default().push(i);
        }
        for list in by_key.values_mut() {
            list.dedup();
        }
        let mut keys: Vec<(String, Vec<usize>)> = by_key.into_iter().collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, list) in &mut keys {
            list.sort_by_key(|&i| {
                let a = &gazetteer.aliases[i];
                a.entity
                    .map(|e| kind_rank(gazetteer.entity(e).kind))
                    .unwrap_or(0)
            });
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(keys.iter().map(|(k, _)| k.as_str()))
            .context("cannot build the name matcher")?;
        Ok(MentionFinder {
            matcher,
            aliases: keys.into_iter().map(|(_, v)| v).collect(),
        })
    }

    /// The names in a sentence of language `lang`, left to right, not overlapping. Where
    /// aliases of one entity share a spelling, the sentence's language decides how it is
    /// written: "Argentine" is the French name of Argentina, the English adjective.
    pub fn find(
        &self,
        gazetteer: &Gazetteer,
        sentence: &[char],
        folded: &Folded,
        lang: &str,
    ) -> Vec<Mention> {
        let lang_rank = |i: usize| {
            let l = gazetteer.aliases[i].lang.as_str();
            if l == lang {
                0
            } else if l == "*" {
                1
            } else {
                2
            }
        };
        // (start, end, alias) candidates in characters.
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.matcher.find_overlapping_iter(&folded.text) {
            if !folded.on_word_boundaries(m.start(), m.end()) {
                continue;
            }
            let (start, end) = (folded.char_index(m.start()), folded.char_index(m.end()));
            let found: String = sentence[start..end].iter().collect();
            let list = &self.aliases[m.pattern().as_usize()];
            let accepts = |i: usize| {
                let a = &gazetteer.aliases[i];
                a.case.accepts(&a.text, &found)
            };
            // The first entity the spelling may name (lists are sorted by kind), in the form
            // the sentence's language gives it.
            let accepted = list.iter().copied().find(|&i| accepts(i)).map(|first| {
                let entity = gazetteer.aliases[first].entity;
                list.iter()
                    .copied()
                    .filter(|&i| accepts(i) && gazetteer.aliases[i].entity == entity)
                    .min_by_key(|&i| lang_rank(i))
                    .unwrap_or(first)
            });
            if let Some(alias) = accepted {
                candidates.push((start, end, alias));
            }
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut next_free = 0usize;
        for (start, end, alias) in candidates {
            if start < next_free {
                continue;
            }
            next_free = end;
            let a = &gazetteer.aliases[alias];
            if let Some(entity) = a.entity {
                out.push(Mention {
                    start,
                    end,
                    entity,
                    form: a.form,
                });
            }
        }
        out
    }
}

/// In a language whose personal names are runs of capitalised syllables (Vietnamese), a
/// one-word state name between two capitalised words of no other name is a syllable of a
/// longer name ("Mã Anh Cửu" is Ma Ying-jeou, not Britain): those mentions are dropped.
pub fn drop_name_syllables(mentions: &mut Vec<Mention>, chars: &[char], gazetteer: &Gazetteer) {
    // The word ending at `end` (before) or starting at `start` (after), one space away.
    let capitalised_word = |from: usize, forward: bool| -> Option<(usize, usize)> {
        if forward {
            if chars.get(from) != Some(&' ') {
                return None;
            }
            let s = from + 1;
            let mut e = s;
            while e < chars.len() && chars[e].is_alphabetic() {
                e += 1;
            }
            (e > s && chars[s].is_uppercase()).then_some((s, e))
        } else {
            if from == 0 || chars[from - 1] != ' ' {
                return None;
            }
            let e = from - 1;
            let mut s = e;
            while s > 0 && chars[s - 1].is_alphabetic() {
                s -= 1;
            }
            (e > s && chars[s].is_uppercase()).then_some((s, e))
        }
    };
    let spans: Vec<(usize, usize)> = mentions.iter().map(|m| (m.start, m.end)).collect();
    let in_other_name = |(s, e): (usize, usize)| spans.iter().any(|&(ms, me)| ms < e && s < me);
    mentions.retain(|m| {
        let one_word = !chars[m.start..m.end].iter().any(|c| c.is_whitespace());
        if !one_word || gazetteer.entity(m.entity).kind != EntityKind::State {
            return true;
        }
        let before = capitalised_word(m.start, false).filter(|&w| !in_other_name(w));
        let after = capitalised_word(m.end, true).filter(|&w| !in_other_name(w));
        !(before.is_some() && after.is_some())
    });
}
