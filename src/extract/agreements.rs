//! Agreements referred to in a sentence: by name ("the JCPOA"), or by an agreement noun with
//! qualifiers ("the 2018 Sochi agreement", "the March 5 deal", "thỏa thuận song phương năm
//! 2019"). A reference links to the gazetteer agreement its qualifiers single out; an agreement
//! that was reached but is not in the gazetteer gets an id derived from its parties, place and
//! year, so every sentence naming it the same way points to the same node.

use super::analysis::SentenceAnalysis;
use super::world::World;
use crate::dates::DateExpr;
use crate::gazetteer::{AgreementFacts, EntityId};
use crate::lexicon::Cue;
use crate::lexicon::LanguageSpec;
use crate::model::{AgreementRef, EntityKind};
use crate::text::normalize::fold;
use std::collections::{HashMap, HashSet};

/// Characters before and after an agreement noun searched for its year, date and place.
const BEFORE: usize = 25;
const AFTER: usize = 30;

/// The words of a language that name agreements in labels.
pub(super) struct AgreementWords {
    english: bool,
    labels: HashMap<String, String>,
    topic_stopwords: HashSet<String>,
}

impl AgreementWords {
    pub fn new(spec: &LanguageSpec) -> AgreementWords {
        AgreementWords {
            english: spec.code == "en",
            labels: spec
                .agreement_noun_labels
                .iter()
                .map(|(k, v)| (fold(k), v.clone()))
                .collect(),
            topic_stopwords: spec
                .agreement_topic_stopwords
                .iter()
                .map(|w| fold(w))
                .collect(),
        }
    }

    /// The English words for the agreement noun at `[start, end)`: "nuclear deal",
    /// "cooperation documents", "agreement".
    fn label(&self, a: &SentenceAnalysis, start: usize, end: usize) -> String {
        let noun = a.folded.slice(start, end);
        if let Some(l) = self.labels.get(noun) {
            return l.clone();
        }
        if !self.english {
            return "agreement".into();
        }
        let written: String = a.chars[start..end]
            .iter()
            .collect::<String>()
            .to_lowercase();
        // The word right before the noun, when it says what the agreement is about.
        let mut s = start;
        while s > 0 && a.chars[s - 1] == ' ' {
            s -= 1;
        }
        let mut w = s;
        while w > 0 && (a.chars[w - 1].is_alphabetic() || a.chars[w - 1] == '-') {
            w -= 1;
        }
        let word: String = a.chars[w..s].iter().collect();
        let topical = w < s
            && word.chars().all(|c| c.is_lowercase() || c == '-')
            && word.chars().count() >= 4
            && !self.topic_stopwords.contains(&fold(&word))
            && !a.mentions.iter().any(|m| m.start < s && w < m.end)
            && !a.hits.iter().any(|h| h.start < s && w < h.end);
        if topical {
            format!("{word} {written}")
        } else {
            written
        }
    }
}

/// An agreement reference in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AgreementMention {
    pub start: usize,
    pub end: usize,
    /// The gazetteer agreement it names, if it names one.
    pub named: Option<EntityId>,
    /// Introduced by an indefinite article ("a deal"): a new agreement, not one named before.
    pub indefinite: bool,
    pub year: Option<i32>,
    pub month_day: Option<(u32, u32)>,
    pub places: Vec<EntityId>,
    /// The agreement's own name as written, for one the gazetteer does not list: capitalised
    /// words before the noun ("the Dayton Agreement") or after it ("the Treaty of Tlatelolco",
    /// "l'accord de Lusaka"), else a noun of several words ("comprehensive strategic
    /// partnership", "văn kiện hợp tác").
    pub written: Option<String>,
    /// Whether `written` is a name (true) or only a descriptive noun.
    pub proper: bool,
    /// The English words for its noun ("nuclear deal", "cooperation documents"), for the
    /// label of an agreement derived from its parties.
    pub noun_label: String,
}

/// Every agreement reference of the sentence, left to right.
pub(super) fn find(
    gazetteer: &World,
    a: &SentenceAnalysis,
    words: &AgreementWords,
) -> Vec<AgreementMention> {
    let mut spans: Vec<(usize, usize, Option<EntityId>)> = a
        .mentions
        .iter()
        .filter(|m| gazetteer.entity(m.entity).kind == EntityKind::Agreement)
        .map(|m| (m.start, m.end, Some(m.entity)))
        .collect();
    // The longest noun at a position wins ("đối tác chiến lược toàn diện" over "đối tác").
    let mut nouns: Vec<&crate::lexicon::Hit> = a
        .hits
        .iter()
        .filter(|h| h.cue == Cue::AgreementNoun)
        .collect();
    nouns.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    for h in nouns {
        // "the Minsk II agreement": the noun after a name is part of it.
        if let Some(named) = spans.iter_mut().find(|(s, e, n)| {
            n.is_some() && *e <= h.start && a.blank_between(*e, h.start) && *s < h.start
        }) {
            named.1 = named.1.max(h.end);
            continue;
        }
        if !spans.iter().any(|&(s, e, _)| s < h.end && h.start < e) {
            spans.push((h.start, h.end, None));
        }
    }
    spans.sort();
    spans
        .into_iter()
        .map(|(start, end, named)| {
            let (cs, ce) = a.clause_of(start);
            let lo = start.saturating_sub(BEFORE).max(cs);
            let hi = (end + AFTER).min(ce);
            let indefinite = a.hits.iter().any(|h| {
                h.cue == Cue::Indefinite
                    && h.end <= start
                    && start - h.end <= 12
                    && a.chars[h.end..start]
                        .iter()
                        .all(|c| !matches!(c, ',' | ';' | '.'))
            });
            let (written, proper) = match named {
                Some(_) => (None, false),
                None => written_name(gazetteer, a, start, end),
            };
            let noun_label = words.label(a, start, end);
            let mut m = AgreementMention {
                start,
                end,
                named,
                indefinite,
                year: None,
                month_day: None,
                places: Vec::new(),
                written,
                proper,
                noun_label,
            };
            for d in a.dates.iter().filter(|d| d.start >= lo && d.end <= hi) {
                if let DateExpr::Calendar { year, month, day } = d.expr {
                    m.year = m.year.or(year);
                    if let (Some(mo), Some(da)) = (month, day) {
                        m.month_day = m.month_day.or(Some((mo, da)));
                    }
                }
            }
            // A bare year next to the noun: "the 2019 agreement", "thỏa thuận năm 2019".
            if m.year.is_none() {
                m.year = bare_year(&a.chars[lo..hi]);
            }
            for p in a.places.iter().filter(|p| p.start >= lo && p.end <= hi) {
                if p.names_agreement {
                    m.places.push(p.entity);
                }
            }
            m
        })
        .collect()
}

/// Whether `[from, to)` is free of gazetteer names.
fn unnamed(a: &SentenceAnalysis, from: usize, to: usize) -> bool {
    !a.mentions.iter().any(|m| m.start < to && from < m.end)
}

/// The capitalised words ending at `end` (going back), not starting the sentence.
fn capitalised_before(a: &SentenceAnalysis, end: usize) -> Option<usize> {
    let c = &a.chars;
    let mut start = end;
    let mut p = end;
    loop {
        // A blank, then a word.
        if p == 0 || c[p - 1] != ' ' {
            break;
        }
        let we = p - 1;
        let mut ws = we;
        while ws > 0 && (c[ws - 1].is_alphanumeric() || c[ws - 1] == '-') {
            ws -= 1;
        }
        if ws == we || !c[ws].is_uppercase() || ws == 0 {
            break;
        }
        start = ws;
        p = ws;
    }
    (start < end).then_some(start)
}

/// The capitalised words starting at `start`.
fn capitalised_after(a: &SentenceAnalysis, start: usize) -> Option<usize> {
    let c = &a.chars;
    let mut end = start;
    let mut p = start;
    while p < c.len() && c[p].is_uppercase() {
        let mut we = p;
        while we < c.len() && (c[we].is_alphanumeric() || c[we] == '-') {
            we += 1;
        }
        end = we;
        if we + 1 < c.len() && c[we] == ' ' && c[we + 1].is_uppercase() {
            p = we + 1;
        } else {
            break;
        }
    }
    (end > start).then_some(end)
}

/// What an agreement noun not in the gazetteer is called (see `AgreementMention::written`).
fn written_name(
    _gazetteer: &World,
    a: &SentenceAnalysis,
    start: usize,
    end: usize,
) -> (Option<String>, bool) {
    let text = |s: usize, e: usize| a.chars[s..e].iter().collect::<String>();
    // "the Dayton Agreement", "the Lusaka Protocol".
    if let Some(s) = capitalised_before(a, start)
        && unnamed(a, s, start)
    {
        return (Some(text(s, end)), true);
    }
    // "the Treaty of Tlatelolco", "l'accord d'Arusha", "hiệp định Geneva".
    let c = &a.chars;
    let mut p = end;
    if p < c.len() && c[p] == ' ' {
        p += 1;
        let rest = a.folded.slice(p, c.len());
        for link in ["of ", "for ", "de ", "du ", "d'"] {
            if rest.starts_with(link) {
                p += link.chars().count();
                break;
            }
        }
        if let Some(e) = capitalised_after(a, p)
            && unnamed(a, p, e)
        {
            return (Some(text(start, e)), true);
        }
    }
    let noun = text(start, end);
    if noun.contains(' ') {
        return (Some(noun), false);
    }
    (None, false)
}

/// The first four-digit year (1900-2099) standing alone in `chars`.
fn bare_year(chars: &[char]) -> Option<i32> {
    let n = chars.len();
    (0..n.saturating_sub(3)).find_map(|i| {
        let digits = &chars[i..i + 4];
        let alone = (i == 0 || !chars[i - 1].is_alphanumeric())
            && (i + 4 == n || !chars[i + 4].is_alphanumeric());
        if !alone || !digits.iter().all(char::is_ascii_digit) {
            return None;
        }
        let year: i32 = digits.iter().collect::<String>().parse().ok()?;
        (1900..2100).contains(&year).then_some(year)
    })
}

fn matches_qualifiers(
    gazetteer: &World,
    f: &AgreementFacts,
    m: &AgreementMention,
    parties: &[EntityId],
) -> bool {
    if m.year.is_some() && f.year != m.year {
        return false;
    }
    if let Some((mo, da)) = m.month_day {
        match f.date {
            Some(d) if d.month == Some(mo) && d.day == Some(da) => {}
            _ => return false,
        }
    }
    if !m.places.is_empty() {
        let here = |p: &EntityId| {
            f.signed_at == Some(*p)
                || f.places.contains(p)
                || gazetteer.entity(*p).metonym_of.is_some_and(|s| {
                    f.signed_at
                        .is_some_and(|sa| gazetteer.entity(sa).metonym_of == Some(s))
                })
        };
        if !m.places.iter().any(here) {
            return false;
        }
    }
    let shared = parties.iter().filter(|p| f.parties.contains(p)).count();
    match parties.len() {
        0 => true,
        1 => shared == 1,
        _ => shared >= 2,
    }
}

/// What the event around an agreement reference tells about it.
pub(super) struct Context<'a> {
    /// States taking part in the event.
    pub parties: &'a [EntityId],
    /// Places of the event's clause ("during Erdoğan's visit to Moscow").
    pub places: &'a [EntityId],
    /// The known agreement the previous sentences referred to ("that deal").
    pub previous: Option<EntityId>,
    /// Year of the event's date.
    pub event_year: Option<i32>,
    /// Year of the event's date once resolved against the document date.
    pub date_year: Option<i32>,
    /// Whether an agreement not in the gazetteer gets a derived reference.
    pub derive: bool,
}

fn find_unique(gazetteer: &World, pred: impl Fn(&AgreementFacts) -> bool) -> Option<EntityId> {
    let mut found = gazetteer.agreements.iter().filter(|f| pred(f));
    match (found.next(), found.next()) {
        (Some(one), None) => Some(one.entity),
        _ => None,
    }
}

/// Links a reference to a gazetteer agreement.
pub(super) fn link(gazetteer: &World, m: &AgreementMention, cx: &Context) -> Option<EntityId> {
    if let Some(named) = m.named {
        let facts = gazetteer.agreement_facts(named);
        let conflicting_year = m.year.is_some() && facts.is_some_and(|f| f.year != m.year);
        if !conflicting_year {
            return Some(named);
        }
        // "the 2019 Sochi agreement" when "Sochi agreement" names the 2018 one: look for the
        // agreement made at the same place in the stated year.
        let f = facts?;
        let probe = AgreementMention {
            places: f.signed_at.into_iter().collect(),
            ..m.clone()
        };
        return find_unique(gazetteer, |g| matches_qualifiers(gazetteer, g, &probe, &[]))
            .or(Some(named));
    }
    let qualified = m.year.is_some() || m.month_day.is_some() || !m.places.is_empty();
    // Other events name an agreement only explicitly ("accused Turkey of violating the 2018
    // Sochi agreement"); a bare "ceasefire" next to an attack is no reference.
    if !cx.derive && !qualified {
        return None;
    }
    if qualified
        && let Some(found) = find_unique(gazetteer, |f| {
            matches_qualifiers(gazetteer, f, m, cx.parties)
        })
    {
        return Some(found);
    }
    // "the agreement concluded yesterday between Russia and Turkey": the one those parties
    // made that year; "a deal between Iran and six powers": the one all of them made.
    if !qualified && cx.parties.len() >= 2 {
        let all = |f: &AgreementFacts| cx.parties.iter().all(|p| f.parties.contains(p));
        if let Some(y) = cx.date_year
            && let Some(found) = find_unique(gazetteer, |f| f.year == Some(y) && all(f))
        {
            return Some(found);
        }
        // Without a year, only a definite reference ("the deal between Iran and six powers"):
        // "a ceasefire" that Georgia, Russia and a French mediator agree is a new agreement,
        // not the one treaty all three happen to be parties to.
        if cx.parties.len() >= 3
            && !m.indefinite
            && let Some(found) = find_unique(gazetteer, all)
        {
            return Some(found);
        }
    }
    // Signed where the event took place: "the Turkish-Russian agreement … during Erdoğan's
    // visit to Moscow".
    // Signed where the event took place ("the Turkish-Russian agreement … during Erdoğan's
    // visit to Moscow"), else about a place the clause names.
    if cx.parties.len() >= 2 && !cx.places.is_empty() {
        let probe = AgreementMention {
            places: Vec::new(),
            ..m.clone()
        };
        let fits = |f: &AgreementFacts| matches_qualifiers(gazetteer, f, &probe, cx.parties);
        let signed_here = |f: &AgreementFacts| f.signed_at.is_some_and(|s| cx.places.contains(&s));
        let about_here = |f: &AgreementFacts| f.places.iter().any(|p| cx.places.contains(p));
        if let Some(found) = find_unique(gazetteer, |f| signed_here(f) && fits(f))
            .or_else(|| find_unique(gazetteer, |f| about_here(f) && fits(f)))
        {
            return Some(found);
        }
        // Several agreements fit: the one the text was just talking about wins.
        if let Some(previous) = cx.previous
            && let Some(f) = gazetteer.agreement_facts(previous)
            && (signed_here(f) || about_here(f))
            && fits(f)
        {
            return Some(previous);
        }
    }
    // "that deal", "last week's agreement between Turkey and Russia": the agreement the
    // previous sentences named, if its parties fit.
    if qualified || m.indefinite {
        return None;
    }
    let previous = cx.previous?;
    let f = gazetteer.agreement_facts(previous)?;
    cx.parties
        .iter()
        .all(|p| f.parties.contains(p))
        .then_some(previous)
}

/// The reference for an agreement: the gazetteer's, or one derived from parties, place and year.
pub(super) fn reference(
    gazetteer: &World,
    m: &AgreementMention,
    cx: &Context,
) -> Option<AgreementRef> {
    if let Some(e) = link(gazetteer, m, cx) {
        let ent = gazetteer.entity(e);
        return Some(AgreementRef {
            id: ent.id.clone(),
            label: ent.label.clone(),
            node_label: None,
            year: gazetteer.agreement_facts(e).and_then(|f| f.year),
            known: true,
        });
    }
    if !cx.derive {
        return None;
    }
    // An agreement named in the text but not in the gazetteer: keyed by its name.
    if let Some(name) = m
        .written
        .as_ref()
        .filter(|_| m.proper && m.places.is_empty())
    {
        let year = m.year.or(cx.event_year);
        let mut id = format!("agreement:derived-{}", super::world::slug(name));
        let mut label = name.clone();
        if let Some(y) = year {
            id.push_str(&format!("-{y}"));
            label.push_str(&format!(" ({y})"));
        }
        return Some(AgreementRef {
            id,
            label,
            node_label: None,
            year,
            known: false,
        });
    }
    if cx.parties.len() < 2 {
        return None;
    }
    let parties = cx.parties;
    let event_year = cx.event_year;
    let mut codes: Vec<(String, String)> = parties
        .iter()
        .map(|&p| {
            let e = gazetteer.entity(p);
            let code = e
                .iso3
                .clone()
                .unwrap_or_else(|| e.id.split_once(':').map_or(e.id.clone(), |x| x.1.into()));
            (code.to_lowercase(), e.label.clone())
        })
        .collect();
    codes.sort();
    codes.dedup();
    let year = m.year.or(event_year);
    let mut key: Vec<String> = codes.iter().map(|(c, _)| c.clone()).collect();
    let place = m.places.first().map(|&p| gazetteer.entity(p));
    if let Some(p) = place {
        key.push(p.id.split_once(':').map_or("", |x| x.1).to_string());
    }
    match (year, m.month_day) {
        (Some(y), _) => key.push(y.to_string()),
        (None, Some((mo, da))) => key.push(format!("{mo:02}-{da:02}")),
        _ => {}
    }
    let names: Vec<&str> = codes.iter().map(|(_, l)| l.as_str()).collect();
    // The label says what the agreement is about where the sentence does ("nuclear deal");
    // the id does not, so every language and every wording of it is one node, whose label
    // in the graph is the wording-free one.
    let noun = m.noun_label.as_str();
    let year_suffix = year.map(|y| format!(" ({y})")).unwrap_or_default();
    // Named after a place ("the Treaty of Lisbon", "le traité de Lisbonne"), else after its
    // parties ("a Russia–Turkey deal").
    let named_after = match place {
        Some(p) => p.label.clone(),
        None => names.join("–"),
    };
    let node = format!("{named_after} agreement{year_suffix}");
    let said = format!("{named_after} {noun}{year_suffix}");
    let (label, node_label) = if said == node {
        (said, None)
    } else {
        (said, Some(node))
    };
    Some(AgreementRef {
        id: format!("agreement:{}", key.join("-")),
        label,
        node_label,
        year,
        known: false,
    })
}
