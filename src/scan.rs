//! The physical limit of extraction: one plain multi-pattern scan (`diplograph scan`).
//!
//! One Aho-Corasick automaton (leftmost-longest) over every gazetteer alias and every rule
//! trigger and lexicon phrase of every language, all folded as diplograph folds text, run over
//! the folded text of every input file, counting matches — and nothing else: no sentences,
//! no word boundaries, no rules. The benchmark compares extraction time with this.

use crate::extract::Extractor;
use crate::text::normalize::{Folded, fold, nfc};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What a scan saw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Files read.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    /// Pattern matches found.
    pub matches: u64,
}

/// Every phrase diplograph looks for, folded, sorted and without duplicates.
pub fn patterns(extractor: &Extractor) -> Vec<String> {
    let mut set = BTreeSet::new();
    let mut add = |p: &str| {
        let f = fold(p);
        if !f.trim().is_empty() {
            set.insert(f);
        }
    };
    for a in &extractor.gazetteer.aliases {
        add(&a.text);
    }
    for l in extractor.languages() {
        let s = &l.spec;
        for (list, _) in s.cue_lists() {
            for p in list {
                add(p);
            }
        }
        for g in &s.group_refs {
            add(&g.phrase);
        }
        for t in &s.titles {
            add(&t.phrase);
        }
        for words in [&s.dates.months, &s.dates.weekdays] {
            for w in words.keys() {
                add(w);
            }
        }
        for w in s
            .dates
            .relative_days
            .keys()
            .chain(s.dates.relative_weeks.keys())
        {
            add(w);
        }
        for r in &l.rules {
            for t in &r.triggers {
                add(t);
            }
        }
    }
    set.into_iter().collect()
}

/// The automaton over [`patterns`].
pub fn automaton(extractor: &Extractor) -> Result<AhoCorasick> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(patterns(extractor))
        .context("cannot build the scan automaton")
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("{}: cannot read", path.display()))?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot read directory", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy())
                    .is_some_and(|n| !n.starts_with('.') && n != crate::input::MANIFEST)
            })
            .collect();
        entries.sort();
        for e in entries {
            collect_files(&e, out)?;
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Scans every file under `paths` (directories recursively, as `extract` reads them): folds
/// its text and counts the matches of one automaton of all names, triggers and cue phrases.
pub fn scan(extractor: &Extractor, paths: &[PathBuf]) -> Result<ScanReport> {
    let automaton = automaton(extractor)?;
    let mut files = Vec::new();
    for p in paths {
        collect_files(p, &mut files)?;
    }
    let mut report = ScanReport::default();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("{}: cannot read", f.display()))?;
        report.files += 1;
        report.bytes += bytes.len() as u64;
        let text = String::from_utf8_lossy(&bytes);
        // The same folding extraction does (with its offset map), so the comparison is fair.
        let folded = Folded::new(&nfc(&text));
        report.matches += automaton.find_iter(&folded.text).count() as u64;
    }
    Ok(report)
}
