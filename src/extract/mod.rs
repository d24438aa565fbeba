//! The extraction pipeline: document → paragraphs → sentences → mentions → events.
//!
//! [`Extractor`] holds everything loaded from `data/` (gazetteer, languages, rules) and turns a
//! [`Document`] into its [`Sentence`]s and [`Event`]s. It never touches the store.

mod agreements;
mod analysis;
mod coref;
mod events;
mod persons;
mod restated;
mod world;

use crate::calendar::Date;
use crate::datafiles::{DataSource, Folder};
use crate::dates::DateGrammar;
use crate::gazetteer::Gazetteer;
use crate::lexicon::{LanguageSpec, Lexicon};
use crate::mentions::MentionFinder;
use crate::model::Event;
use crate::rules::{Rule, RuleFile};
use crate::text::lang::LanguageIdentifier;
use crate::text::normalize::{fold, nfc};
use crate::text::segment::{Abbreviations, paragraphs, sentences};
use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

/// A document to extract from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (file stem or JSONL `id`).
    pub id: String,
    /// The text, NFC-normalised.
    pub text: String,
    /// Language code, when known in advance.
    pub lang: Option<String>,
    /// Publication date, when known.
    pub date: Option<String>,
    /// Where it came from (path, URL).
    pub source: Option<String>,
    /// The headline, when the input names one (it is also the text's first paragraph).
    #[serde(default)]
    pub title: Option<String>,
}

impl Document {
    /// A document with NFC-normalised text.
    pub fn new(id: impl Into<String>, text: &str) -> Document {
        Document {
            id: id.into(),
            text: nfc(text),
            lang: None,
            date: None,
            source: None,
            title: None,
        }
    }

    /// The publication date, if it is a valid `YYYY-MM-DD`.
    pub fn publication_date(&self) -> Option<Date> {
        self.date.as_deref().and_then(Date::parse)
    }
}

/// A sentence of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Index in the document (0-based).
    pub index: usize,
    /// First character (in the document's NFC text).
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The text.
    pub text: String,
    /// Language code.
    pub lang: String,
}

/// What extraction found in a document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// Every sentence.
    pub sentences: Vec<Sentence>,
    /// Every event, in sentence order.
    pub events: Vec<Event>,
}

/// A language: its words, its rules, and their compiled matchers.
pub struct LanguageModel {
    /// The language file.
    pub spec: LanguageSpec,
    /// Its rules, in file order.
    pub rules: Vec<Rule>,
    /// Folded `near`/`after`/`before`/`unless` phrases per rule.
    rule_context: Vec<events::RuleContext>,
    lexicon: Lexicon,
    dates: DateGrammar,
    abbreviations: Abbreviations,
    names: persons::NameWords,
    agreement_words: agreements::AgreementWords,
}

/// Everything extraction needs, loaded once.
pub struct Extractor {
    /// The gazetteer.
    pub gazetteer: Gazetteer,
    /// Fingerprint of every data file read, so stored results can tell they are stale.
    pub data_fingerprint: String,
    names: MentionFinder,
    languages: Vec<LanguageModel>,
    identifier: LanguageIdentifier,
}

impl Extractor {
    /// Loads the gazetteer, the language files and the rule files from `source`.
    pub fn load(source: &DataSource) -> Result<Extractor> {
        let gazetteer = Gazetteer::load(source)?;
        let mut fingerprint = crate::fingerprint::Fingerprint::default();
        for folder in [Folder::Gazetteer, Folder::Lang, Folder::Rules] {
            for f in source.files(folder, "")? {
                fingerprint = fingerprint.with(&f.name).with(&f.text);
            }
        }
        let names = MentionFinder::new(&gazetteer)?;
        let mut specs = Vec::new();
        for f in source.files(Folder::Lang, ".toml")? {
            specs.push(LanguageSpec::parse(&f.path, &f.text)?);
        }
        let mut rule_files = Vec::new();
        for f in source.files(Folder::Rules, ".toml")? {
            rule_files.push((f.path.clone(), RuleFile::parse(&f.path, &f.text)?));
        }
        let mut languages = Vec::new();
        for spec in specs {
            let mut rules = Vec::new();
            for (_, file) in rule_files.iter().filter(|(_, r)| r.lang == spec.code) {
                rules.extend(file.rule.iter().cloned());
            }
            let triggers: Vec<Vec<String>> = rules.iter().map(|r| r.triggers.clone()).collect();
            let lexicon = Lexicon::build(&spec, &triggers)?;
            let dates = DateGrammar::new(&spec.code, &spec.dates)?;
            let abbreviations = Abbreviations::new(&spec.abbreviations);
            let rule_context = rules.iter().map(events::RuleContext::new).collect();
            let names = persons::NameWords::new(&spec, &gazetteer)?;
            let agreement_words = agreements::AgreementWords::new(&spec);
            languages.push(LanguageModel {
                agreement_words,
                names,
                spec,
                rules,
                rule_context,
                lexicon,
                dates,
                abbreviations,
            });
        }
        for (path, file) in &rule_files {
            if !languages.iter().any(|l| l.spec.code == file.lang) {
                bail!("{path}: no language file data/lang/{}.toml", file.lang);
            }
        }
        if languages.is_empty() {
            bail!("no language files found in data/lang");
        }
        let mut seen = std::collections::HashSet::new();
        for l in &languages {
            for r in &l.rules {
                if !seen.insert(r.id.clone()) {
                    bail!("rule id '{}' is used twice", r.id);
                }
            }
        }
        let identifier = LanguageIdentifier::new(
            languages
                .iter()
                .map(|l| (l.spec.code.as_str(), l.spec.iso639_3.as_str())),
        );
        Ok(Extractor {
            gazetteer,
            data_fingerprint: fingerprint.hex(),
            names,
            languages,
            identifier,
        })
    }

    /// The languages with data, in code order.
    pub fn languages(&self) -> impl Iterator<Item = &LanguageModel> {
        self.languages.iter()
    }

    fn language_index(&self, code: &str) -> Option<usize> {
        let code = fold(code);
        self.languages.iter().position(|l| l.spec.code == code)
    }

    fn default_language(&self) -> usize {
        self.language_index("en").unwrap_or(0)
    }

    /// The gazetteer names found in a text of language `lang`: `(start, end, entity id,
    /// form)` in characters.
    pub fn names_in(
        &self,
        text: &str,
        lang: &str,
    ) -> Vec<(usize, usize, String, crate::gazetteer::AliasForm)> {
        let chars: Vec<char> = text.chars().collect();
        let folded = crate::text::normalize::Folded::new(text);
        self.names
            .find(&self.gazetteer, &chars, &folded, lang)
            .into_iter()
            .map(|m| {
                (
                    m.start,
                    m.end,
                    self.gazetteer.entity(m.entity).id.clone(),
                    m.form,
                )
            })
            .collect()
    }

    /// Splits a document into sentences and extracts its events.
    pub fn extract(&self, doc: &Document) -> Extraction {
        let forced = doc.lang.as_deref().and_then(|l| self.language_index(l));
        let doc_lang = forced
            .or_else(|| {
                self.identifier
                    .identify(&doc.text)
                    .and_then(|c| self.language_index(c))
            })
            .unwrap_or_else(|| self.default_language());
        let doc_date = doc.publication_date();
        let mut out = Extraction::default();
        let mut discourse = coref::Discourse::default();
        let mut world = world::World::new(&self.gazetteer);
        for para in paragraphs(&doc.text) {
            let lang = forced
                .or_else(|| {
                    self.identifier
                        .identify(para.text)
                        .and_then(|c| self.language_index(c))
                })
                .unwrap_or(doc_lang);
            let model = &self.languages[lang];
            let chars: Vec<char> = para.text.chars().collect();
            for (s, e) in sentences(para.text, &model.abbreviations) {
                let sentence = Sentence {
                    index: out.sentences.len(),
                    start: para.start + s,
                    end: para.start + e,
                    text: chars[s..e].iter().collect(),
                    lang: model.spec.code.clone(),
                };
                let found = events::sentence_events(
                    self,
                    model,
                    doc,
                    doc_date,
                    &sentence,
                    &mut discourse,
                    &mut world,
                );
                out.events.extend(found);
                out.sentences.push(sentence);
            }
        }
        out.events = restated::merge_restated(&self.gazetteer, out.events);
        out
    }
}
