//! `diplograph ask`: questions in plain English, Vietnamese or French.
//!
//! The question forms are data (`data/questions/<lang>.toml`: regular expressions with
//! `{x}`, `{y}` and `{year}` slots). A question is matched to a family, its names are resolved
//! through the gazetteer (any language, any alias; a capital means its state), and the family
//! builds SPARQL from the resolved IRIs and a validated year only: text a user types never
//! reaches SPARQL.

mod families;

use crate::datafiles::{DataSource, Folder};
use crate::gazetteer::Gazetteer;
use crate::names::{self, NameError};
use crate::store::{KnowledgeStore, QueryError};
use crate::text::normalize::fold;
use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;
use std::sync::OnceLock;

pub use families::{Family, Page};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    lang: String,
    #[serde(default)]
    question: Vec<QuestionSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionSpec {
    family: Family,
    patterns: Vec<String>,
    #[serde(default)]
    examples: Vec<String>,
}

/// One question form: its pattern is checked when the book loads and compiled the first time
/// a question is tried against it (a question process uses a few of some 150 forms, and
/// compiling them all took a third of a question's time).
#[derive(Debug)]
struct Form {
    lang: String,
    family: Family,
    pattern: String,
    regex: OnceLock<Regex>,
}

impl Form {
    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // The pattern parsed when the book loaded; only a size limit could fail here.
            Regex::new(&self.pattern).unwrap_or_else(|_| Regex::new("$^").expect("empty regex"))
        })
    }
}

/// Every question form of every language.
#[derive(Debug)]
pub struct QuestionBook {
    forms: Vec<Form>,
    examples: Vec<(String, Family, String)>,
}

/// A question matched to a family, its slots still as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The family.
    pub family: Family,
    /// The language of the form that matched.
    pub lang: String,
    /// The first name.
    pub x: Option<String>,
    /// The second name.
    pub y: Option<String>,
    /// The year.
    pub year: Option<i32>,
}

/// Why a question got no answer.
#[derive(Debug, thiserror::Error)]
pub enum AskError {
    /// No form matches; the message lists the supported forms.
    #[error("{0}")]
    NotUnderstood(String),
    /// A name is unknown.
    #[error(transparent)]
    Name(#[from] NameError),
    /// The query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
}

/// The answer to a question: one page of rows, and how many there are in all.
#[derive(Debug, Clone)]
pub struct Answer {
    /// What was understood ("agreements involving Idlib").
    pub understood: String,
    /// Column names.
    pub columns: Vec<String>,
    /// The rows of this page, as cell texts.
    pub rows: Vec<Vec<String>>,
    /// The SPARQL queries that produced them, in order (none for questions the graph engine
    /// answers).
    pub queries: Vec<String>,
    /// A text answer (relationship paths).
    pub text: Option<String>,
    /// How many events, agreements or parties match in all (none for text answers).
    pub total: Option<usize>,
    /// The rows skipped before this page.
    pub offset: usize,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Why a page request is malformed.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// A date bound is not `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("{0}: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")]
    Date(String),
    /// A cursor is not one this command printed.
    #[error("{0}: not a cursor (use the next_cursor an earlier answer printed)")]
    Cursor(String),
}

impl Page {
    /// A page of `limit` rows (`None`: all) after `cursor`, between `since` and `until`,
    /// checked.
    pub fn new(
        limit: Option<usize>,
        cursor: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
    ) -> Result<Page, PageError> {
        let date = |d: Option<&str>| -> Result<Option<String>, PageError> {
            let Some(d) = d else { return Ok(None) };
            let ok = match d.len() {
                4 => d.chars().all(|c| c.is_ascii_digit()),
                7 => crate::calendar::Date::parse(&format!("{d}-01")).is_some(),
                10 => crate::calendar::Date::parse(d).is_some(),
                _ => false,
            };
            if ok {
                Ok(Some(d.to_string()))
            } else {
                Err(PageError::Date(d.to_string()))
            }
        };
        let offset = match cursor {
            None => 0,
            Some(c) => c
                .trim()
                .parse()
                .map_err(|_| PageError::Cursor(c.to_string()))?,
        };
        Ok(Page {
            offset,
            limit,
            since: date(since)?,
            until: date(until)?,
        })
    }
}

/// Normalises a question for matching: NFC, lower case, spaces collapsed, final punctuation
/// dropped.
fn normalise(question: &str) -> String {
    let folded = fold(question);
    let collapsed: Vec<&str> = folded.split_whitespace().collect();
    collapsed
        .join(" ")
        .trim_end_matches(['?', '.', '!', '？', ' '])
        .trim()
        .to_string()
}

impl QuestionBook {
    /// Loads the question forms from `source`.
    pub fn load(source: &DataSource) -> Result<QuestionBook> {
        let mut forms = Vec::new();
        let mut examples = Vec::new();
        for f in source.files(Folder::Questions, ".toml")? {
            let file: QuestionFile = toml::from_str(&f.text)
                .with_context(|| format!("{}: invalid question file", f.path))?;
            for q in file.question {
                for p in &q.patterns {
                    let body = fold(p)
                        .replace("{x}", "(?P<x>.+?)")
                        .replace("{y}", "(?P<y>.+?)")
                        .replace("{year}", "(?P<year>(?:1[89]|20)[0-9]{2})");
                    let pattern = format!("^(?:{body})$");
                    regex_syntax::Parser::new()
                        .parse(&pattern)
                        .with_context(|| format!("{}: bad question pattern '{p}'", f.path))?;
                    forms.push(Form {
                        lang: file.lang.clone(),
                        family: q.family,
                        pattern,
                        regex: OnceLock::new(),
                    });
                }
                for e in q.examples {
                    examples.push((file.lang.clone(), q.family, e));
                }
            }
        }
        Ok(QuestionBook { forms, examples })
    }

    /// Every example question: (language, family, text).
    pub fn examples(&self) -> &[(String, Family, String)] {
        &self.examples
    }

    /// The family and slots of a question, if a form matches.
    pub fn parse(&self, question: &str) -> Option<Parsed> {
        let q = normalise(question);
        self.forms.iter().find_map(|f| {
            let c = f.regex().captures(&q)?;
            let slot = |name: &str| c.name(name).map(|m| m.as_str().trim().to_string());
            Some(Parsed {
                family: f.family,
                lang: f.lang.clone(),
                x: slot("x"),
                y: slot("y"),
                year: slot("year").and_then(|y| y.parse().ok()),
            })
        })
    }

    /// The message for a question no form matches: the supported forms with examples.
    pub fn help(&self) -> String {
        let mut out = String::from(
            "diplograph did not understand the question. It answers questions like:\n",
        );
        for (lang, family, e) in &self.examples {
            out.push_str(&format!("  [{lang}] {:<26} {e}\n", family.as_str()));
        }
        out
    }
}

/// Answers a question from the store: the rows of `page`.
pub fn ask(
    book: &QuestionBook,
    gazetteer: &Gazetteer,
    store: &KnowledgeStore,
    question: &str,
    page: &Page,
) -> Result<Answer, AskError> {
    let parsed = book
        .parse(question)
        .ok_or_else(|| AskError::NotUnderstood(book.help()))?;
    let resolve = |slot: &Option<String>| -> Result<Option<String>, NameError> {
        match slot {
            Some(name) => Ok(Some(
                gazetteer
                    .entity(names::resolve(gazetteer, name, true)?)
                    .id
                    .clone(),
            )),
            None => Ok(None),
        }
    };
    let x = resolve(&parsed.x)?;
    let y = resolve(&parsed.y)?;
    families::answer(
        gazetteer,
        store,
        parsed.family,
        x.as_deref(),
        y.as_deref(),
        parsed.year,
        page,
    )
}
