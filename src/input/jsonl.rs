//! JSONL: one JSON object per line, as scrapers and news APIs export them.
//!
//! Fields read (the first present of each list wins; every other field is ignored):
//! - id: `id`, `doc_id`, `guid`, else the url without its scheme (as feeds and WARC files
//!   name the same article)
//! - text: `text`, `content`, `body`, `article`, `maintext`
//! - title: `title`, `headline` (becomes the document's first paragraph)
//! - date: `date`, `published`, `published_at`, `publishedAt`, `pubDate`,
//!   `datePublished`, `date_publish`, `publish_date` (a day or a timestamp)
//! - lang: `lang`, `language`
//! - source: `url`, `link`, else `source` (a string, or a news API's object: its `url`
//!   or `name`)
//!
//! A line that is not a JSON object, or lacks an id or a text, or has a date that names no
//! day, is one error naming file and line; the other lines are read.

use super::{InputError, decode, published::publication_date, read_reason, url_id, with_title};
use crate::extract::Document;
use serde_json::{Map, Value};
use std::io::BufRead;

const ID: &[&str] = &["id", "doc_id", "guid"];
const TEXT: &[&str] = &["text", "content", "body", "article", "maintext"];
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "pubDate",
    "datePublished",
    "date_publish",
    "publish_date",
];
const LANG: &[&str] = &["lang", "language"];
const URL: &[&str] = &["url", "link"];

/// Reads `input` line by line (from the file shown as `shown`): one line in memory at a time,
/// so an export of any size needs little memory.
pub(super) fn read<R: BufRead>(
    shown: &str,
    mut input: R,
    gzip: bool,
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                return on_error(InputError {
                    culprit: format!("{shown}:{}", number + 1),
                    message: format!("cannot read: {}", read_reason(&e, gzip)),
                });
            }
        }
        number += 1;
        let culprit = format!("{shown}:{number}");
        // A binary file is one error, not one per "line".
        let binary = line.contains(&0);
        let text = match decode(std::mem::take(&mut line)) {
            Ok(t) => t,
            Err(message) if binary => {
                return on_error(InputError {
                    culprit: shown.to_string(),
                    message,
                });
            }
            Err(message) => {
                on_error(InputError { culprit, message });
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match record(text.trim_end_matches(['\n', '\r']), &culprit) {
            Ok(doc) => on_document(doc),
            Err(message) => on_error(InputError { culprit, message }),
        }
    }
}

/// One record as a document.
fn record(line: &str, culprit: &str) -> Result<Document, String> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| format!("malformed JSONL record: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("malformed JSONL record: not a JSON object".into());
    };
    let url = first_string(&fields, URL)?;
    let id = match first_id(&fields)? {
        Some(id) => id,
        None => url
            .as_deref()
            .map(url_id)
            .filter(|id| !id.is_empty())
            .ok_or("record has no id (nor a url to use as one)")?,
    };
    let body = first_string(&fields, TEXT)?;
    let title = first_string(&fields, TITLE)?;
    if body.is_none() && title.is_none() {
        return Err(format!(
            "record '{id}' has no text (expected one of: {})",
            TEXT.join(", ")
        ));
    }
    let mut doc = with_title(id, title, body.as_deref().unwrap_or(""));
    if let Some((field, raw)) = first_with_name(&fields, DATE)? {
        match publication_date(&raw) {
            Some(d) => doc.date = Some(d.to_string()),
            None => {
                return Err(format!(
                    "{field} '{raw}' is not a date (expected YYYY-MM-DD or a timestamp)"
                ));
            }
        }
    }
    doc.lang = first_string(&fields, LANG)?;
    doc.source = url
        .or(source(&fields)?)
        .or_else(|| Some(culprit.to_string()));
    Ok(doc)
}

/// The id: a non-empty string or a number.
fn first_id(fields: &Map<String, Value>) -> Result<Option<String>, String> {
    for &name in ID {
        match fields.get(name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) if s.trim().is_empty() => {
                return Err("record has an empty id".into());
            }
            Some(Value::String(s)) => return Ok(Some(s.trim().to_string())),
            Some(Value::Number(n)) => return Ok(Some(n.to_string())),
            Some(_) => return Err(format!("field '{name}' must be a string or a number")),
        }
    }
    Ok(None)
}

fn first_string(fields: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    Ok(first_with_name(fields, names)?.map(|(_, v)| v))
}

/// The first of `names` holding a non-empty string, with the name it was found under.
fn first_with_name(
    fields: &Map<String, Value>,
    names: &[&str],
) -> Result<Option<(String, String)>, String> {
    for &name in names {
        match fields.get(name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) if s.trim().is_empty() => continue,
            Some(Value::String(s)) => return Ok(Some((name.to_string(), s.trim().to_string()))),
            Some(_) => return Err(format!("field '{name}' must be a string")),
        }
    }
    Ok(None)
}

/// `source` as a string, or a news API's `{"name","url"}` object.
fn source(fields: &Map<String, Value>) -> Result<Option<String>, String> {
    match fields.get("source") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(Value::Object(o)) => first_string(o, &["url", "name", "id"]),
        Some(_) => Err("field 'source' must be a string or an object".into()),
    }
}
