//! Reading documents: text files, directories (recursively, in name order), standard input
//! (`-`), and JSONL files of `{"id","text","date"?,"lang"?,"source"?}` records.
//!
//! A directory may hold a `manifest.csv` (`doc,file,lang,date`) giving the language and
//! publication date of its files. Bad input (unreadable, binary, not UTF-8, a malformed JSONL
//! line) is reported as an [`InputError`] naming the file and line; reading goes on with the
//! rest.

use crate::calendar::Date;
use crate::extract::Document;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A problem with one input, reported without stopping the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (and line) at fault: `corpus/a.jsonl:12`.
    pub culprit: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.culprit, self.message)
    }
}

/// One record of a JSONL input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    text: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// One row of a directory's `manifest.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ManifestRow {
    /// Document id.
    pub doc: String,
    /// File name, relative to the directory.
    pub file: String,
    /// Language code, or empty.
    #[serde(default)]
    pub lang: String,
    /// Publication date `YYYY-MM-DD`, or empty.
    #[serde(default)]
    pub date: String,
}

/// The name of the manifest file in a corpus directory.
pub const MANIFEST: &str = "manifest.csv";

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Checks a `date` value: `YYYY-MM-DD`.
fn check_date(date: &Option<String>) -> Result<(), String> {
    match date.as_deref().map(str::trim) {
        None | Some("") => Ok(()),
        Some(d) if Date::parse(d).is_some() => Ok(()),
        Some(d) => Err(format!("date '{d}' is not YYYY-MM-DD")),
    }
}

/// Decodes bytes as UTF-8 text, refusing binary data.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (contains NUL bytes), expected UTF-8 text".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads inputs and hands each document to `on_document` and each problem to `on_error`.
pub fn read_inputs(
    paths: &[PathBuf],
    mut on_document: impl FnMut(Document),
    mut on_error: impl FnMut(InputError),
) {
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                on_error(InputError {
                    culprit: "<stdin>".into(),
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
            match decode(bytes) {
                Ok(text) if text.trim_start().starts_with('{') => {
                    read_jsonl("<stdin>", &text, &mut on_document, &mut on_error)
                }
                Ok(text) => on_document(Document::new("stdin", &text)),
                Err(message) => on_error(InputError {
                    culprit: "<stdin>".into(),
                    message,
                }),
            }
            continue;
        }
        read_path(path, None, &mut on_document, &mut on_error);
    }
}

fn read_path(
    path: &Path,
    manifest: Option<&HashMap<String, ManifestRow>>,
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return on_error(InputError {
                culprit: shown,
                message: format!("cannot read: {}", io_reason(&e)),
            });
        }
    };
    if meta.is_dir() {
        return read_dir(path, on_document, on_error);
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            return on_error(InputError {
                culprit: shown,
                message: format!("cannot read: {}", io_reason(&e)),
            });
        }
    };
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(message) => {
            return on_error(InputError {
                culprit: shown,
                message,
            });
        }
    };
    if path.extension().is_some_and(|e| e == "jsonl") {
        return read_jsonl(&shown, &text, on_document, on_error);
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let row = manifest.and_then(|m| m.get(&file_name));
    let mut doc = Document::new(row.and_then(|r| non_empty(&r.doc)).unwrap_or(stem), &text);
    doc.source = Some(shown);
    if let Some(r) = row {
        doc.lang = non_empty(&r.lang);
        doc.date = non_empty(&r.date);
    }
    on_document(doc);
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn read_manifest(
    dir: &Path,
    on_error: &mut dyn FnMut(InputError),
) -> Option<HashMap<String, ManifestRow>> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read(&path).ok()?;
    let shown = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_slice());
    let mut rows = HashMap::new();
    for (i, rec) in reader.deserialize::<ManifestRow>().enumerate() {
        match rec {
            Ok(r) => {
                if let Err(message) = check_date(&non_empty(&r.date)) {
                    on_error(InputError {
                        culprit: format!("{shown}:{}", i + 2),
                        message,
                    });
                    continue;
                }
                rows.insert(r.file.clone(), r);
            }
            Err(e) => on_error(InputError {
                culprit: format!("{shown}:{}", i + 2),
                message: format!("malformed manifest row: {e}"),
            }),
        }
    }
    Some(rows)
}

fn read_dir(
    dir: &Path,
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return on_error(InputError {
                culprit: dir.display().to_string(),
                message: format!("cannot read directory: {}", io_reason(&e)),
            });
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| !n.starts_with('.') && n != MANIFEST)
        })
        .collect();
    paths.sort();
    let manifest = read_manifest(dir, on_error);
    for p in paths {
        read_path(&p, manifest.as_ref(), on_document, on_error);
    }
}

fn read_jsonl(
    shown: &str,
    text: &str,
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let culprit = format!("{shown}:{}", i + 1);
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                on_error(InputError {
                    culprit,
                    message: format!("malformed JSONL record: {e}"),
                });
                continue;
            }
        };
        if record.id.trim().is_empty() {
            on_error(InputError {
                culprit,
                message: "record has an empty id".into(),
            });
            continue;
        }
        if let Err(message) = check_date(&record.date) {
            on_error(InputError { culprit, message });
            continue;
        }
        let mut doc = Document::new(record.id, &record.text);
        doc.date = record.date.and_then(|d| non_empty(&d));
        doc.lang = record.lang.and_then(|l| non_empty(&l));
        doc.source = record.source.or_else(|| Some(culprit.clone()));
        on_document(doc);
    }
}
