//! Reading documents: text files, JSONL records, saved HTML pages, RSS and Atom feeds, WARC
//! archives (plain or gzip-compressed), directories of any mix of them (recursively, in name
//! order), and standard input (`-`).
//!
//! The reader is picked by extension (`.txt`, `.jsonl`/`.ndjson`, `.html`/`.htm`,
//! `.rss`/`.atom`/`.xml`, `.warc`, any of them with `.gz`) or, for other names and standard
//! input, by the first bytes (a gzip header, `WARC/1.`, `<rss`/`<feed`/`<rdf:RDF`, an HTML
//! tag, `{`). A directory may hold a `manifest.csv` (`doc,file,lang,date`) giving the id,
//! language and publication date of its files. Bad input (unreadable, binary, not UTF-8, a
//! malformed JSONL line, a broken feed, a truncated gzip stream, a WARC record with a bad
//! length) is reported as an [`InputError`] naming the file and line or record; reading goes
//! on with the rest.

mod feed;
mod html;
mod jsonl;
mod published;
mod warc;

pub use published::publication_date;

use crate::calendar::Date;
use crate::extract::Document;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
pub(super) fn decode(bytes: Vec<u8>) -> Result<String, String> {
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
    on_document: impl FnMut(Document),
    on_error: impl FnMut(InputError),
) {
    read_inputs_counting(paths, &AtomicU64::new(0), on_document, on_error)
}

/// [`read_inputs`], adding to `bytes_read` the bytes of each file as they are read (for a
/// compressed file, its compressed bytes), to set against [`input_size`] for progress.
pub fn read_inputs_counting(
    paths: &[PathBuf],
    bytes_read: &AtomicU64,
    mut on_document: impl FnMut(Document),
    mut on_error: impl FnMut(InputError),
) {
    let mut sink = Sink {
        on_document: &mut on_document,
        on_error: &mut on_error,
        bytes_read,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin().lock();
            read_stream(
                &Source {
                    shown: "<stdin>".into(),
                    name: String::new(),
                    stem: "stdin".into(),
                    row: None,
                },
                BufReader::new(Counting::new(stdin, bytes_read)),
                &mut sink,
            );
            continue;
        }
        read_path(path, None, &mut sink);
    }
}

/// Reads `bytes` as the content of a file named `file_name`, as [`read_inputs`] reads such a
/// file (format by extension or else by the first bytes, gzip unpacked; no manifest): what
/// the fuzz targets and their regression test feed the readers.
pub fn read_file_bytes(
    file_name: &str,
    bytes: &[u8],
    mut on_document: impl FnMut(Document),
    mut on_error: impl FnMut(InputError),
) {
    let bytes_read = AtomicU64::new(0);
    let mut sink = Sink {
        on_document: &mut on_document,
        on_error: &mut on_error,
        bytes_read: &bytes_read,
    };
    let source = Source {
        shown: file_name.to_string(),
        name: file_name.to_lowercase(),
        stem: file_stem(file_name).unwrap_or_else(|| file_name.to_string()),
        row: None,
    };
    read_stream(
        &source,
        BufReader::with_capacity(buffer_size(bytes.len() as u64), bytes),
        &mut sink,
    );
}

/// The total size of the files under `paths` (standard input counts 0), for progress.
pub fn input_size(paths: &[PathBuf]) -> u64 {
    fn size(path: &Path) -> u64 {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => std::fs::read_dir(path)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .filter(|e| listed(&e.path()))
                        .map(|e| size(&e.path()))
                        .sum()
                })
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| size(p))
        .sum()
}

/// The read buffer of a large or compressed input.
const BUFFER: usize = 256 * 1024;

/// Where documents and problems go, and the count of bytes read.
struct Sink<'a> {
    on_document: &'a mut dyn FnMut(Document),
    on_error: &'a mut dyn FnMut(InputError),
    bytes_read: &'a AtomicU64,
}

impl Sink<'_> {
    fn error(&mut self, culprit: impl Into<String>, message: impl Into<String>) {
        (self.on_error)(InputError {
            culprit: culprit.into(),
            message: message.into(),
        })
    }
}

/// A reader that adds what it reads to a shared count.
struct Counting<'a, R> {
    inner: R,
    count: &'a AtomicU64,
}

impl<'a, R> Counting<'a, R> {
    fn new(inner: R, count: &'a AtomicU64) -> Self {
        Counting { inner, count }
    }
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What is known of an input before its content is read.
struct Source<'a> {
    /// How problems name it: the path, or `<stdin>`.
    shown: String,
    /// The file name, lowercased, for the format (`a.warc.gz`); empty for standard input.
    name: String,
    /// The file stem: the id of a one-document file.
    stem: String,
    /// Its row of the directory's manifest.
    row: Option<&'a ManifestRow>,
}

/// The formats diplograph reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Html,
    Feed,
    Warc,
}

/// The format of a file, by its name or else by its first bytes.
fn format(name: &str, head: &[u8]) -> Format {
    let by_name = name.rsplit_once('.').and_then(|(_, ext)| match ext {
        "txt" | "text" | "md" => Some(Format::Text),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "rss" | "atom" | "xml" => Some(Format::Feed),
        "warc" | "arc" => Some(Format::Warc),
        _ => None,
    });
    by_name.unwrap_or_else(|| sniff(head))
}

/// The format the first bytes of a document show.
fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if head.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if head.starts_with(b"{") {
        return Format::Jsonl;
    }
    let lower: Vec<u8> = head.iter().take(2048).map(u8::to_ascii_lowercase).collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
        return Format::Feed;
    }
    if lower.starts_with(b"<!doctype html") || has(b"<html") || has(b"<body") {
        return Format::Html;
    }
    Format::Text
}

/// Whether a directory entry is an input (not hidden, not the manifest).
fn listed(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| !n.starts_with('.') && n != MANIFEST)
}

fn read_path(path: &Path, manifest: Option<&HashMap<String, ManifestRow>>, sink: &mut Sink) {
    let shown = path.display().to_string();
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return sink.error(shown, format!("cannot read: {}", io_reason(&e))),
    };
    if meta.is_dir() {
        return read_dir(path, sink);
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink.error(shown, format!("cannot read: {}", io_reason(&e))),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = file_name.to_lowercase();
    let stem = file_stem(&file_name).unwrap_or_else(|| shown.clone());
    let source = Source {
        shown,
        name,
        stem,
        row: manifest.and_then(|m| m.get(&file_name)),
    };
    read_stream(
        &source,
        BufReader::with_capacity(
            buffer_size(meta.len()),
            Counting::new(file, sink.bytes_read),
        ),
        sink,
    );
}

/// The stem of a file name, the id of a one-document file: `a` for `a.txt` and `a.txt.gz`.
fn file_stem(file_name: &str) -> Option<String> {
    match file_name.to_lowercase().strip_suffix(".gz") {
        Some(_) => Path::new(file_name).file_stem().map(Path::new),
        None => Some(Path::new(file_name)),
    }
    .and_then(Path::file_stem)
    .map(|n| n.to_string_lossy().into_owned())
}

/// The read buffer of a file of `len` bytes: no bigger than the file, as a corpus of many
/// small files would otherwise spend its time clearing buffers.
fn buffer_size(len: u64) -> usize {
    (len.min(BUFFER as u64) as usize + 1).clamp(4 * 1024, BUFFER)
}

/// Reads one input, unpacking gzip first.
fn read_stream<R: BufRead>(source: &Source, mut input: R, sink: &mut Sink) {
    let gzip = match input.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => return sink.error(&source.shown, format!("cannot read: {}", io_reason(&e))),
    };
    if gzip {
        let inner = Source {
            shown: source.shown.clone(),
            name: source
                .name
                .strip_suffix(".gz")
                .or_else(|| source.name.strip_suffix(".tgz"))
                .unwrap_or("")
                .to_string(),
            stem: source.stem.clone(),
            row: source.row,
        };
        let unpacked =
            BufReader::with_capacity(BUFFER, flate2::bufread::MultiGzDecoder::new(input));
        return read_content(&inner, unpacked, true, sink);
    }
    read_content(source, input, false, sink)
}

/// Reads one (unpacked) input in the format its name or first bytes show.
fn read_content<R: BufRead>(source: &Source, mut input: R, gzip: bool, sink: &mut Sink) {
    let shown = source.shown.as_str();
    let head = match input.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return sink.error(shown, format!("cannot read: {}", read_reason(&e, gzip))),
    };
    let format = format(&source.name, &head);
    match format {
        Format::Warc => return warc::read(shown, input, gzip, sink.on_document, sink.on_error),
        Format::Jsonl => return jsonl::read(shown, input, gzip, sink.on_document, sink.on_error),
        _ => {}
    }
    let mut bytes = Vec::new();
    if let Err(e) = input.read_to_end(&mut bytes) {
        return sink.error(shown, format!("cannot read: {}", read_reason(&e, gzip)));
    }
    match format {
        Format::Feed => feed::read(shown, &source.stem, &bytes, sink.on_document, sink.on_error),
        Format::Html => match html::decode_html(&bytes, None, true).and_then(|t| html::article(&t))
        {
            Ok(page) => {
                let mut doc = with_title(source.stem.clone(), page.title, &page.text);
                doc.source = page.url.or_else(|| Some(shown.to_string()));
                doc.lang = page.lang;
                if let Some(raw) = page.published {
                    match publication_date(&raw) {
                        Some(d) => doc.date = Some(d.to_string()),
                        None => sink.error(
                            shown,
                            format!("publication date '{raw}' is not a date; loaded without one"),
                        ),
                    }
                }
                (sink.on_document)(apply_manifest(doc, source.row));
            }
            Err(message) => sink.error(shown, message),
        },
        Format::Text => match decode(bytes) {
            Ok(text) => {
                let mut doc = Document::new(source.stem.clone(), &text);
                doc.source = Some(shown.to_string());
                (sink.on_document)(apply_manifest(doc, source.row));
            }
            Err(message) => sink.error(shown, message),
        },
        Format::Warc | Format::Jsonl => unreachable!("read as a stream above"),
    }
}

/// What a manifest row says of a file wins over what the file says of itself.
fn apply_manifest(mut doc: Document, row: Option<&ManifestRow>) -> Document {
    if let Some(r) = row {
        if let Some(id) = non_empty(&r.doc) {
            doc.id = id;
        }
        if let Some(lang) = non_empty(&r.lang) {
            doc.lang = Some(lang);
        }
        if let Some(date) = non_empty(&r.date) {
            doc.date = Some(date);
        }
    }
    doc
}

/// A document whose title (if any) is its first paragraph, in NFC like the text.
pub(crate) fn with_title(id: String, title: Option<String>, body: &str) -> Document {
    let title = title
        .map(|t| crate::text::normalize::nfc(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|t| !t.is_empty());
    let mut doc = match &title {
        Some(t) if !body.trim().is_empty() => Document::new(id, &format!("{t}\n\n{}", body.trim())),
        Some(t) => Document::new(id, t),
        None => Document::new(id, body.trim()),
    };
    doc.title = title;
    doc
}

/// A document id from a URL: without its scheme, `www.`, fragment and trailing slash, so
/// the same article has the same id in a feed, a WARC file and a JSONL export.
pub(crate) fn url_id(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(
        url,
        |(scheme, rest)| if scheme.contains('/') { url } else { rest },
    );
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest.split('#').next().unwrap_or(rest);
    rest.trim_end_matches('/').to_string()
}

/// Why a read failed, naming gzip when the data was compressed.
pub(crate) fn read_reason(e: &std::io::Error, gzip: bool) -> String {
    if gzip
        && matches!(
            e.kind(),
            std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::InvalidInput
                | std::io::ErrorKind::InvalidData
        )
    {
        return format!("truncated or corrupt gzip data ({e})");
    }
    io_reason(e)
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

fn read_dir(dir: &Path, sink: &mut Sink) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            return sink.error(
                dir.display().to_string(),
                format!("cannot read directory: {}", io_reason(&e)),
            );
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| listed(p))
        .collect();
    paths.sort();
    let manifest = read_manifest(dir, sink.on_error);
    for p in paths {
        read_path(&p, manifest.as_ref(), sink);
    }
}
