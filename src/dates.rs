//! Date expressions: finding them in a sentence with a language's patterns, and resolving
//! them against the document date.
//!
//! A date without a year keeps its precision (`--03-04`) unless the document date is known;
//! a year is never invented. Relative dates ("Monday", "hôm qua", "last week") resolve only
//! against a known document date.

use crate::calendar::Date;
use crate::lexicon::DateSpec;
use crate::model::{DateValue, Precision};
use crate::text::normalize::{Folded, fold};
use aho_corasick::AhoCorasick;
use anyhow::{Context, Result};
use regex::Regex;
use std::collections::HashMap;

/// What a date expression says, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateExpr {
    /// A calendar date, possibly partial.
    Calendar {
        /// Year, if stated.
        year: Option<i32>,
        /// Month, if stated.
        month: Option<u32>,
        /// Day, if stated.
        day: Option<u32>,
    },
    /// A weekday (ISO number), meaning the latest such day up to the document date.
    Weekday(u32),
    /// A day relative to the document date.
    RelativeDays(i32),
    /// A week relative to the document's week.
    RelativeWeeks(i32),
}

/// A date expression found in a sentence (character offsets within the sentence).
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// What it says.
    pub expr: DateExpr,
    /// The words.
    pub text: String,
}

/// The compiled date patterns of one language.
pub struct DateGrammar {
    patterns: Vec<Regex>,
    /// Every month, weekday and relative-date word: a date expression holds a digit or one
    /// of them, so a sentence with neither is not searched (most sentences).
    date_words: AhoCorasick,
    months: HashMap<String, u32>,
    weekdays: HashMap<String, u32>,
    relative: Option<Regex>,
    relative_days: HashMap<String, i32>,
    relative_weeks: HashMap<String, i32>,
}

fn alternation<'a>(words: impl Iterator<Item = &'a String>) -> String {
    let mut folded: Vec<String> = words.map(|w| regex::escape(&fold(w))).collect();
    folded.sort_by_key(|w| std::cmp::Reverse(w.len()));
    folded.dedup();
    if folded.is_empty() {
        "(?!)".into()
    } else {
        folded.join("|")
    }
}

impl DateGrammar {
    /// Compiles a language's date section; `lang` names it in errors.
    pub fn new(lang: &str, spec: &DateSpec) -> Result<DateGrammar> {
        let month_names = alternation(spec.months.keys());
        let weekday_names = alternation(spec.weekdays.keys());
        let mut patterns = Vec::new();
        for p in &spec.patterns {
            let body = p
                .replace("{day}", "(?P<day>0?[1-9]|[12][0-9]|3[01])")
                .replace("{month}", "(?P<month>0?[1-9]|1[0-2])")
                .replace("{year}", "(?P<year>1[89][0-9]{2}|20[0-9]{2})")
                // The end of a year range ("2021-2022"): matched, not kept.
                .replace("{year_end}", "(?:1[89][0-9]{2}|20[0-9]{2})")
                .replace("{month_name}", &format!("(?P<month_name>{month_names})"))
                .replace("{weekday}", &format!("(?P<weekday>{weekday_names})"));
            let re = Regex::new(&bounded(&body))
                .with_context(|| format!("data/lang/{lang}.toml: bad date pattern '{p}'"))?;
            patterns.push(re);
        }
        let relative_words = spec.relative_days.keys().chain(spec.relative_weeks.keys());
        let relative = if spec.relative_days.is_empty() && spec.relative_weeks.is_empty() {
            None
        } else {
            Some(Regex::new(&bounded(&alternation(relative_words)))?)
        };
        let folded_map = |m: &std::collections::BTreeMap<String, u32>| {
            m.iter()
                .map(|(k, v)| (fold(k), *v))
                .collect::<HashMap<_, _>>()
        };
        let folded_rel = |m: &std::collections::BTreeMap<String, i32>| {
            m.iter()
                .map(|(k, v)| (fold(k), *v))
                .collect::<HashMap<_, _>>()
        };
        let date_words = AhoCorasick::new(
            spec.months
                .keys()
                .chain(spec.weekdays.keys())
                .chain(spec.relative_days.keys())
                .chain(spec.relative_weeks.keys())
                .map(|w| fold(w))
                .filter(|w| !w.is_empty()),
        )
        .with_context(|| format!("data/lang/{lang}.toml: cannot build the date words"))?;
        Ok(DateGrammar {
            patterns,
            date_words,
            months: folded_map(&spec.months),
            weekdays: folded_map(&spec.weekdays),
            relative,
            relative_days: folded_rel(&spec.relative_days),
            relative_weeks: folded_rel(&spec.relative_weeks),
        })
    }

    /// The date expressions of a sentence, left to right, not overlapping.
    pub fn find(&self, sentence: &[char], folded: &Folded) -> Vec<DateMention> {
        if !folded.text.bytes().any(|b| b.is_ascii_digit())
            && !self.date_words.is_match(&folded.text)
        {
            return Vec::new();
        }
        let mut found: Vec<(usize, usize, DateExpr)> = Vec::new();
        for re in &self.patterns {
            for caps in bounded_matches(re, &folded.text) {
                let whole = caps.name("whole").expect("bounded pattern");
                let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
                let expr = if let Some(w) = caps.name("weekday") {
                    match self.weekdays.get(w.as_str()) {
                        Some(&n) => DateExpr::Weekday(n),
                        None => continue,
                    }
                } else {
                    let month = num("month").or_else(|| {
                        caps.name("month_name")
                            .and_then(|m| self.months.get(m.as_str()).copied())
                    });
                    let day = num("day");
                    let year = num("year").map(|y| y as i32);
                    if day.is_some() && month.is_none() {
                        continue;
                    }
                    DateExpr::Calendar { year, month, day }
                };
                found.push((whole.start(), whole.end(), expr));
            }
        }
        if let Some(re) = &self.relative {
            for caps in bounded_matches(re, &folded.text) {
                let m = caps.name("whole").expect("bounded pattern");
                let expr = match self.relative_days.get(m.as_str()) {
                    Some(&d) => DateExpr::RelativeDays(d),
                    None => DateExpr::RelativeWeeks(self.relative_weeks[m.as_str()]),
                };
                found.push((m.start(), m.end(), expr));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut next_free = 0;
        for (s, e, expr) in found {
            if s < next_free {
                continue;
            }
            next_free = e;
            let (start, end) = (folded.char_index(s), folded.char_index(e));
            out.push(DateMention {
                start,
                end,
                expr,
                text: sentence[start..end].iter().collect(),
            });
        }
        out
    }
}

/// A character that ends a word: a space, punctuation other than connectors (`_`), a
/// symbol. Narrower to compile than `\W`, with the same effect on news text.
const NON_WORD: &str = r"[[\s\p{P}\p{S}]--\p{Pc}]";

/// `body` on word boundaries, as the group `whole`.
///
/// A Unicode `\b` makes the regex engine leave its fast automaton for a backtracking one on
/// every non-ASCII text (a fifth of extraction time went there). The boundaries are written
/// as a non-word character (or the text's edge) on each side instead, which the automaton
/// handles and which makes alternatives backtrack exactly as `\b` does ("April 24" is not
/// "April 2"); [`bounded_matches`] steps over the consumed characters.
fn bounded(body: &str) -> String {
    format!(r"(?:^|{NON_WORD})(?P<whole>{body})(?:{NON_WORD}|$)")
}

/// The matches of a [`bounded`] pattern, left to right, not overlapping. Two matches may
/// share the non-word character between them ("5 March, 6 April").
fn bounded_matches<'t>(
    re: &'t Regex,
    text: &'t str,
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    let mut from = 0;
    std::iter::from_fn(move || {
        if from > text.len() {
            return None;
        }
        let caps = re.captures_at(text, from)?;
        let whole = caps.name("whole").expect("bounded pattern");
        from = if whole.end() > whole.start() {
            whole.end()
        } else {
            whole.end() + text[whole.end()..].chars().next().map_or(1, char::len_utf8)
        };
        Some(caps)
    })
}

/// The year that puts `month`/`day` closest to the document date.
fn closest_year(doc: Date, month: u32, day: u32) -> i32 {
    let candidates = [doc.year - 1, doc.year, doc.year + 1];
    candidates
        .into_iter()
        .filter_map(|y| Date::new(y, month, day.min(crate::calendar::days_in_month(y, month))))
        .min_by_key(|d| (d.to_days() - doc.to_days()).abs())
        .map(|d| d.year)
        .unwrap_or(doc.year)
}

/// A year in XML Schema form: at least four digits, a sign before 1 (as [`Date`] writes it).
fn year_text(y: i32) -> String {
    if y < 0 {
        format!("-{:04}", y.unsigned_abs())
    } else {
        format!("{y:04}")
    }
}

/// Resolves a date expression against the document date, if it can be resolved.
pub fn resolve(mention: &DateMention, doc_date: Option<Date>) -> Option<DateValue> {
    let text = mention.text.clone();
    let day_value = |d: Date| DateValue {
        value: d.to_string(),
        precision: Precision::Day,
        text: text.clone(),
    };
    match mention.expr {
        DateExpr::Calendar { year, month, day } => {
            let year = year.or_else(|| {
                let doc = doc_date?;
                Some(match (month, day) {
                    (Some(m), Some(d)) => closest_year(doc, m, d),
                    (Some(m), None) => closest_year(doc, m, 15),
                    _ => doc.year,
                })
            });
            let (value, precision) = match (year, month, day) {
                (Some(y), Some(m), Some(d)) => (Date::new(y, m, d)?.to_string(), Precision::Day),
                (None, Some(m), Some(d)) => {
                    Date::new(2000, m, d)?;
                    (format!("--{m:02}-{d:02}"), Precision::Day)
                }
                (Some(y), Some(m), None) => (format!("{}-{m:02}", year_text(y)), Precision::Month),
                (None, Some(m), None) => (format!("--{m:02}"), Precision::Month),
                (Some(y), None, None) => (year_text(y), Precision::Year),
                _ => return None,
            };
            Some(DateValue {
                value,
                precision,
                text,
            })
        }
        DateExpr::Weekday(n) => {
            let doc = doc_date?;
            let back = (i64::from(doc.weekday()) - i64::from(n)).rem_euclid(7);
            Some(day_value(doc.add_days(-back)))
        }
        DateExpr::RelativeDays(k) => Some(day_value(doc_date?.add_days(i64::from(k)))),
        DateExpr::RelativeWeeks(k) => {
            let doc = doc_date?;
            let monday = doc.add_days(-(i64::from(doc.weekday()) - 1) + 7 * i64::from(k));
            Some(DateValue {
                value: monday.to_string(),
                precision: Precision::Week,
                text,
            })
        }
    }
}
