//! The checks the fuzz targets (`fuzz/fuzz_targets/*.rs`, run by `scripts/fuzz`) and
//! `tests/fuzz_regressions.rs` run: one function per target, taking arbitrary bytes.
//!
//! Each check feeds the bytes to one part of the library the way the command line would
//! (a reader, the extractor, the date grammar, the question parser, the SPARQL endpoint) and
//! panics when the library panics or breaks an invariant it promises: offsets inside the
//! text, dates in their XML Schema forms and never with an invented year, endpoint statuses
//! from the documented set and never a success for SPARQL Update. The data files, the
//! extractor and a small in-memory store are loaded once per process.

use crate::ask::{AskError, Page, QuestionBook};
use crate::calendar::{Date, days_in_month};
use crate::datafiles::DataSource;
use crate::dates::{DateExpr, DateGrammar, resolve};
use crate::extract::{Document, Extraction, Extractor};
use crate::input::{InputError, read_file_bytes};
use crate::model::{DateValue, Precision};
use crate::output::{EventFormat, EventWriter};
use crate::rdf::document_quads;
use crate::server::{EndpointRequest, respond};
use crate::store::{KnowledgeStore, PreparedDocument};
use crate::text::normalize::{Folded, nfc};
use std::io::Write;
use std::sync::OnceLock;
use std::time::Duration;

/// A check: arbitrary bytes in, a panic when something is wrong.
pub type Check = fn(&[u8]);

/// Every fuzz target by name, with its check.
pub const TARGETS: [(&str, Check); 8] = [
    ("extract", extract),
    ("read_jsonl", read_jsonl),
    ("read_html", read_html),
    ("read_feed", read_feed),
    ("read_warc", read_warc),
    ("question", question),
    ("dates", dates),
    ("endpoint", endpoint),
];

/// The check of the target `name`.
pub fn check(name: &str) -> Option<Check> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The languages a selector byte picks from.
const LANGS: [&str; 3] = ["en", "vi", "fr"];

/// Longest a SPARQL query of the `endpoint` and `question` checks may run.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(2);

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::load(&DataSource::Embedded).expect("built-in data loads"))
}

fn question_book() -> &'static QuestionBook {
    static BOOK: OnceLock<QuestionBook> = OnceLock::new();
    BOOK.get_or_init(|| QuestionBook::load(&DataSource::Embedded).expect("question forms load"))
}

/// The date grammar of each language of [`LANGS`], compiled as the extractor compiles it.
fn grammars() -> &'static [(String, DateGrammar)] {
    static GRAMMARS: OnceLock<Vec<(String, DateGrammar)>> = OnceLock::new();
    GRAMMARS.get_or_init(|| {
        let x = extractor();
        LANGS
            .iter()
            .map(|code| {
                let model = x
                    .languages()
                    .find(|l| l.spec.code == *code)
                    .expect("language has data");
                let grammar = DateGrammar::new(code, &model.spec.dates).expect("date grammar");
                (code.to_string(), grammar)
            })
            .collect()
    })
}

/// A few documents, one per language, extracted and stored as `build` stores them.
const STORE_DOCUMENTS: [(&str, &str, &str); 3] = [
    (
        "news.example/japan-vietnam",
        "2016-03-09",
        "Japan and Vietnam signed a defence agreement in Hanoi on Tuesday. \
         Talks between Chile and Peru failed in Lima on 4 March.",
    ),
    (
        "news.example/nga-tho",
        "2019-10-25",
        "Nga và Thổ Nhĩ Kỳ ngày 22/10 đã nhất trí một thỏa thuận về miền Bắc Syria.",
    ),
    (
        "news.example/ghana-togo",
        "2021-03-04",
        "Le Ghana et le Togo ont signé un accord frontalier à Lomé. \
         La Russie a accusé l'Ukraine d'avoir violé le cessez-le-feu.",
    ),
];

/// A small in-memory store holding [`STORE_DOCUMENTS`].
fn store() -> &'static KnowledgeStore {
    static STORE: OnceLock<KnowledgeStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let x = extractor();
        let store = KnowledgeStore::in_memory().expect("in-memory store");
        let mut writer = store.document_writer();
        for (id, date, text) in STORE_DOCUMENTS {
            let mut doc = Document::new(id, text);
            doc.date = Some(date.to_string());
            let graph = document_quads(&x.gazetteer, &doc, &x.extract(&doc), &x.data_fingerprint);
            writer
                .load(PreparedDocument::new(id, &graph))
                .expect("document loads");
        }
        writer.finish().expect("documents stored");
        store
    })
}

/// Loads everything the checks use, so that the first input is not slower than the others.
pub fn warm_up() {
    grammars();
    question_book();
    store();
}

/// Reads bytes from the front of an input; zeros once it runs out.
struct Cursor<'a> {
    data: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The bytes up to the next newline (not included), or the rest.
    fn line(&mut self) -> &'a [u8] {
        let end = self
            .data
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(self.data.len());
        let line = &self.data[..end];
        self.data = self.data.get(end + 1..).unwrap_or_default();
        line
    }

    fn rest(self) -> &'a [u8] {
        self.data
    }

    /// A document date as the text `YYYY-MM-DD` (as a directory's `manifest.csv` may give
    /// it): none, one in 1900–2149, one in 0000–9999, or one with a longer year.
    fn document_date(&mut self) -> Option<String> {
        let mode = self.byte() % 4;
        let year = match mode {
            0 => return None,
            1 | 2 => 1900 + self.u32() % 250,
            _ => match self.u32() {
                y if y & 0x8000_0000 != 0 => y & 0x7fff_ffff,
                y => y % 10_000,
            },
        };
        let month = u32::from(self.byte()) % 12 + 1;
        let day = u32::from(self.byte()) % days_in_month(year as i32, month) + 1;
        Some(format!("{year:04}-{month:02}-{day:02}"))
    }
}

/// Arbitrary bytes as a plain-text document, then extraction. The first byte picks the
/// language (en, vi, fr, or detected), whether the text is decoded as the text reader decodes
/// a file (refusing binary data and invalid UTF-8) or lossily (as a crawled page is), and a
/// document date; the rest is the text.
pub fn extract(data: &[u8]) {
    let mut input = Cursor { data };
    let selector = input.byte();
    let lang = LANGS.get(usize::from(selector % 4)).copied();
    let lossy = selector & 0x10 != 0;
    let date = input.document_date();
    let bytes = input.rest();
    let mut doc = if lossy {
        Document::new("fuzz", &String::from_utf8_lossy(bytes))
    } else {
        let mut docs = Vec::new();
        read_file_bytes("fuzz.txt", bytes, |d| docs.push(d), |_| {});
        match docs.pop() {
            Some(d) => d,
            None => return,
        }
    };
    doc.lang = lang.map(str::to_string);
    doc.date = date;
    let x = extractor();
    let extraction = x.extract(&doc);
    check_extraction(&doc, &extraction);
    // As `extract` prints it and `build` stores it.
    let mut out = EventWriter::new(Vec::new(), EventFormat::Jsonl);
    for e in &extraction.events {
        out.write(e).expect("writes to memory");
    }
    out.flush().expect("writes to memory");
    let mut table = EventWriter::new(Vec::new(), EventFormat::Table);
    for e in &extraction.events {
        table.write(e).expect("writes to memory");
    }
    let graph = document_quads(&x.gazetteer, &doc, &extraction, &x.data_fingerprint);
    assert_eq!(graph.sentences, extraction.sentences.len());
    assert_eq!(graph.events, extraction.events.len());
}

/// What extraction promises of its sentences and events.
fn check_extraction(doc: &Document, x: &Extraction) {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut previous_end = 0;
    for (i, s) in x.sentences.iter().enumerate() {
        assert_eq!(s.index, i, "sentence numbering");
        assert!(
            previous_end <= s.start && s.start < s.end && s.end <= chars.len(),
            "sentence {i} at {}..{} after {previous_end} in {} characters",
            s.start,
            s.end,
            chars.len()
        );
        assert!(
            s.end - s.start <= 1000,
            "sentence {i} longer than 1000 characters"
        );
        assert_eq!(
            s.text,
            chars[s.start..s.end].iter().collect::<String>(),
            "sentence {i} text is not its span"
        );
        assert!(
            LANGS.contains(&s.lang.as_str()),
            "sentence language {}",
            s.lang
        );
        if let Some(lang) = &doc.lang {
            assert_eq!(&s.lang, lang, "a document's given language is kept");
        }
        previous_end = s.end;
    }
    for e in &x.events {
        assert_eq!(e.doc, doc.id);
        let s = x
            .sentences
            .get(e.sentence)
            .unwrap_or_else(|| panic!("event in sentence {} of {}", e.sentence, x.sentences.len()));
        assert_eq!(e.span, [s.start, s.end], "event span is its sentence's");
        assert_eq!(e.text, s.text);
        assert_eq!(e.lang, s.lang);
        assert!(
            s.start <= e.trigger[0] && e.trigger[0] < e.trigger[1] && e.trigger[1] <= s.end,
            "trigger {:?} outside sentence {:?}",
            e.trigger,
            e.span
        );
        assert!(
            e.confidence.is_finite() && (0.0..=1.0).contains(&e.confidence),
            "confidence {}",
            e.confidence
        );
        assert!(!e.rule.is_empty() && e.rules.first() == Some(&e.rule));
        for p in &e.participants {
            assert!(!p.id.is_empty() && !p.label.is_empty(), "participant {p:?}");
        }
        let mut last = e.sentence;
        for m in &e.mentions {
            assert!(m.sentence > last, "mentions after the event, in order");
            let ms = &x.sentences[m.sentence];
            assert_eq!(m.span, [ms.start, ms.end]);
            assert_eq!(m.text, ms.text);
            assert!(
                ms.start <= m.trigger[0] && m.trigger[0] < m.trigger[1] && m.trigger[1] <= ms.end,
                "mention trigger outside its sentence"
            );
            last = m.sentence;
        }
        if let Some(d) = &e.date {
            check_date_value(d);
            // A restated event may take its date from a later mention.
            assert!(
                s.text.contains(&d.text) || e.mentions.iter().any(|m| m.text.contains(&d.text)),
                "date words {:?} not in the sentences stating the event",
                d.text
            );
        }
    }
}

/// A year in XML Schema form: an optional `-`, four digits or more (no leading zero then).
fn xsd_year(s: &str) -> Option<i32> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let ok = digits.len() >= 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.len() == 4 || !digits.starts_with('0'));
    ok.then(|| s.parse().ok()).flatten()
}

/// A month or a day: two digits in `1..=max`.
fn two_digits(s: &str, max: u32) -> Option<u32> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|n| (1..=max).contains(n))
}

/// A day in XML Schema form (`2020-03-05`, `-0001-12-31`), written as [`Date`] writes it.
fn xsd_date(v: &str) -> Option<Date> {
    let (rest, day) = v.rsplit_once('-')?;
    let (year, month) = rest.rsplit_once('-')?;
    let date = Date::new(
        xsd_year(year)?,
        two_digits(month, 12)?,
        two_digits(day, 31)?,
    )?;
    (date.to_string() == v).then_some(date)
}

/// A date value is in the XML Schema form of its precision.
fn check_date_value(d: &DateValue) {
    let v = d.value.as_str();
    let ok = match (d.precision, v.strip_prefix("--")) {
        (Precision::Day, Some(md)) => md
            .split_once('-')
            .and_then(|(m, d)| Date::new(2000, two_digits(m, 12)?, two_digits(d, 31)?))
            .is_some(),
        (Precision::Day | Precision::Week, None) => xsd_date(v).is_some(),
        (Precision::Month, Some(m)) => two_digits(m, 12).is_some(),
        (Precision::Month, None) => v
            .rsplit_once('-')
            .is_some_and(|(y, m)| xsd_year(y).is_some() && two_digits(m, 12).is_some()),
        (Precision::Year, None) => xsd_year(v).is_some(),
        _ => false,
    };
    assert!(ok, "date value {v:?} is not of precision {:?}", d.precision);
}

/// Arbitrary text through each language's date grammar, each expression resolved against an
/// arbitrary document date. The first byte picks the language; a document date follows.
pub fn dates(data: &[u8]) {
    let mut input = Cursor { data };
    let grammars = grammars();
    let (_, grammar) = &grammars[usize::from(input.byte()) % grammars.len()];
    let doc_date = input.document_date().and_then(|d| Date::parse(&d));
    let text = nfc(&String::from_utf8_lossy(input.rest()));
    let chars: Vec<char> = text.chars().collect();
    let folded = Folded::new(&text);
    let mentions = grammar.find(&chars, &folded);
    let mut previous_end = 0;
    for m in &mentions {
        assert!(
            previous_end <= m.start && m.start < m.end && m.end <= chars.len(),
            "date mention at {}..{} after {previous_end} in {} characters",
            m.start,
            m.end,
            chars.len()
        );
        assert_eq!(m.text, chars[m.start..m.end].iter().collect::<String>());
        previous_end = m.end;
        let resolved = resolve(m, doc_date);
        if let Some(v) = &resolved {
            check_date_value(v);
            assert_eq!(v.text, m.text);
        }
        match (m.expr, doc_date) {
            (DateExpr::Calendar { year, month, day }, _) => {
                assert!(month.is_none_or(|m| (1..=12).contains(&m)), "{:?}", m.expr);
                assert!(day.is_none_or(|d| (1..=31).contains(&d)), "{:?}", m.expr);
                assert!(day.is_none() || month.is_some(), "a day without a month");
                if let (Some(v), None, None) = (&resolved, year, doc_date) {
                    // A year is never invented.
                    assert!(v.value.starts_with("--"), "{v:?} from {:?}", m.expr);
                }
                if let (Some(v), Some(y)) = (&resolved, year) {
                    assert!(
                        v.value.starts_with(&format!("{y:04}")),
                        "{v:?} from {:?}",
                        m.expr
                    );
                }
            }
            (_, None) => assert_eq!(resolved, None, "relative date without a document date"),
            (DateExpr::Weekday(n), Some(doc)) => {
                let v = resolved.expect("a weekday resolves against a document date");
                let day = xsd_date(&v.value).expect("a day");
                let back = doc.to_days() - day.to_days();
                assert!(
                    (0..7).contains(&back) && day.weekday() == n,
                    "{v:?} for {doc}"
                );
            }
            (DateExpr::RelativeDays(k), Some(doc)) => {
                let v = resolved.expect("a relative day resolves against a document date");
                assert_eq!(v.value, doc.add_days(i64::from(k)).to_string());
            }
            (DateExpr::RelativeWeeks(_), Some(_)) => {
                let v = resolved.expect("a relative week resolves against a document date");
                assert_eq!(v.precision, Precision::Week);
                let monday = xsd_date(&v.value).expect("a day");
                assert_eq!(monday.weekday(), 1, "a week is named by its Monday");
            }
        }
    }
}

/// What every reader promises of a document.
fn check_document(doc: &Document, shown: &str) {
    let id = doc.id.as_str();
    assert!(!id.is_empty(), "a document without an id from {shown}");
    assert!(
        unicode_normalization::is_nfc(&doc.text),
        "document {id}: text not NFC"
    );
    if let Some(date) = &doc.date {
        assert!(
            Date::parse(date).is_some_and(|d| d.to_string() == *date),
            "document {id}: date {date:?} is not YYYY-MM-DD"
        );
    }
    if let Some(title) = &doc.title {
        assert!(!title.trim().is_empty(), "document {id}: empty title");
        assert!(
            doc.text.starts_with(title.as_str()),
            "document {id}: the title {title:?} is not the first paragraph"
        );
    }
    if let Some(lang) = &doc.lang {
        assert!(!lang.trim().is_empty(), "document {id}: empty language");
    }
    assert!(
        doc.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
        "document {id}: no source"
    );
}

/// What every reader promises of a problem it reports.
fn check_error(e: &InputError, shown: &str) {
    assert!(
        e.culprit.starts_with(shown),
        "error culprit {:?} does not name {shown}",
        e.culprit
    );
    assert!(!e.message.trim().is_empty(), "empty error message");
}

/// Reads bytes as a file named `name`, checking what comes out.
fn read_as(name: &str, bytes: &[u8]) -> (Vec<Document>, Vec<InputError>) {
    let (mut docs, mut errors) = (Vec::new(), Vec::new());
    read_file_bytes(name, bytes, |d| docs.push(d), |e| errors.push(e));
    for d in &docs {
        check_document(d, name);
    }
    for e in &errors {
        check_error(e, name);
    }
    (docs, errors)
}

/// Arbitrary bytes as a `.jsonl` file.
pub fn read_jsonl(data: &[u8]) {
    let (docs, errors) = read_as("fuzz.jsonl", data);
    if !data.starts_with(&[0x1f, 0x8b]) {
        let lines = data
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        assert!(
            docs.len() + errors.len() <= lines,
            "{} documents and {} errors from {lines} lines",
            docs.len(),
            errors.len()
        );
    }
}

/// Arbitrary bytes as a saved `.html` page.
pub fn read_html(data: &[u8]) {
    let (docs, errors) = read_as("fuzz.html", data);
    assert!(docs.len() + errors.len() >= 1, "a page is read or reported");
    assert!(docs.len() <= 1, "a page is one document");
}

/// Arbitrary bytes as an RSS or Atom `.xml` feed.
pub fn read_feed(data: &[u8]) {
    read_as("fuzz.xml", data);
}

/// Arbitrary bytes as a WARC file. The first byte chooses whether the rest is read as it is
/// (`fuzz.warc`) or gzip-compressed first, whole or cut short (`fuzz.warc.gz`), as CC-NEWS
/// ships it.
pub fn read_warc(data: &[u8]) {
    let mut input = Cursor { data };
    let selector = input.byte();
    let cut = input.byte();
    let rest = input.rest();
    if selector & 1 == 0 {
        read_as("fuzz.warc", rest);
        return;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(rest).expect("compresses to memory");
    let mut compressed = gz.finish().expect("compresses to memory");
    if selector & 2 != 0 {
        compressed.truncate(compressed.len() * usize::from(cut) / 256);
    }
    read_as("fuzz.warc.gz", &compressed);
}

/// Arbitrary text as a question to `ask`: parsed against every question form; the names of a
/// parsed question resolved through the gazetteer and the question answered from a small
/// store, as `diplograph ask` does. The text is also tried as a cursor and as date bounds.
pub fn question(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = Page::new(Some(3), Some(&text), Some(&text), None);
    let _ = Page::new(None, None, None, Some(&text));
    let book = question_book();
    let Some(parsed) = book.parse(&text) else {
        return;
    };
    assert!(LANGS.contains(&parsed.lang.as_str()), "{parsed:?}");
    for slot in [&parsed.x, &parsed.y].into_iter().flatten() {
        assert!(!slot.trim().is_empty(), "an empty name in {parsed:?}");
    }
    if let Some(year) = parsed.year {
        assert!((1800..=2099).contains(&year), "{parsed:?}");
    }
    let page = Page::new(Some(3), None, None, None).expect("a valid page");
    match crate::ask::ask(book, &extractor().gazetteer, store(), &text, &page) {
        Ok(answer) => {
            assert!(
                answer.rows.len() <= 3,
                "a page of 3 holds {} rows",
                answer.rows.len()
            );
            for row in &answer.rows {
                assert_eq!(row.len(), answer.columns.len(), "a row per column");
            }
        }
        Err(AskError::Name(_)) => {}
        Err(AskError::Query(crate::store::QueryError::Timeout(_))) => {}
        Err(e) => panic!("{parsed:?}: {e}"),
    }
}

/// The statuses the endpoint answers with (see `src/server.rs`).
const STATUSES: [u16; 8] = [200, 400, 403, 404, 405, 406, 415, 503];

/// Arbitrary requests to the SPARQL endpoint of `serve` over a small store: the input is
/// `METHOD\nURL\nCONTENT-TYPE\nACCEPT\nBODY` (an empty header line: no such header).
pub fn endpoint(data: &[u8]) {
    let mut input = Cursor { data };
    let method = String::from_utf8_lossy(input.line()).into_owned();
    let url = String::from_utf8_lossy(input.line()).into_owned();
    let content_type = String::from_utf8_lossy(input.line()).into_owned();
    let accept = String::from_utf8_lossy(input.line()).into_owned();
    let body = input.rest();
    let request = EndpointRequest {
        method: &method,
        url: &url,
        content_type: Some(content_type.as_str()).filter(|c| !c.is_empty()),
        accept: Some(accept.as_str()).filter(|a| !a.is_empty()),
        body,
    };
    let store = store();
    let before = store.len().expect("store readable");
    let reply = respond(store, QUERY_TIMEOUT, &request);
    assert_eq!(
        store.len().expect("store readable"),
        before,
        "the store changed"
    );
    // SERVICE (federated query) is valid SPARQL the endpoint does not evaluate: 501.
    let service = reply.status == 501
        && String::from_utf8_lossy(&reply.body).contains("SERVICE")
        && operation(&request)
            .0
            .is_some_and(|o| o.to_ascii_uppercase().contains("SERVICE"));
    assert!(
        STATUSES.contains(&reply.status) || service,
        "status {} for {request:?}: {}",
        reply.status,
        String::from_utf8_lossy(&reply.body)
    );
    assert!(!reply.content_type.is_empty());
    let path = url.split('?').next().unwrap_or("");
    match path {
        "/" if method == "GET" => assert_eq!(reply.status, 200),
        "/sparql" if method != "GET" && method != "POST" => assert_eq!(reply.status, 405),
        "/" | "/sparql" => {}
        _ => assert_eq!(reply.status, 404, "{path:?} is not the endpoint"),
    }
    if reply.status != 200 {
        assert!(
            reply.content_type.starts_with("text/plain") && !reply.body.is_empty(),
            "an error says why"
        );
        return;
    }
    if path == "/sparql" {
        let (operation, update) = operation(&request);
        assert!(
            !update && operation.is_some_and(|o| !is_update(&o)),
            "SPARQL Update answered with 200: {request:?}"
        );
        if reply.content_type == "application/sparql-results+json" {
            serde_json::from_slice::<serde_json::Value>(&reply.body)
                .expect("JSON results are JSON");
        }
    }
}

/// The SPARQL Protocol's reading of a request, written apart from the server's so that the
/// check does not share its mistakes: the operation to run, and whether an update parameter
/// or body came with it.
fn operation(request: &EndpointRequest<'_>) -> (Option<String>, bool) {
    let query_string = request.url.split_once('?').map_or("", |x| x.1);
    let body = std::str::from_utf8(request.body).ok();
    match request.method {
        "GET" => (
            form_value(query_string, "query"),
            form_value(query_string, "update").is_some(),
        ),
        "POST" => {
            let media = request
                .content_type
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            match media.as_str() {
                "application/sparql-query" => (body.map(str::to_string), false),
                "application/sparql-update" => (None, true),
                "application/x-www-form-urlencoded" | "" => (
                    body.and_then(|b| form_value(b, "query"))
                        .or_else(|| form_value(query_string, "query")),
                    body.is_some_and(|b| form_value(b, "update").is_some()),
                ),
                _ => (None, false),
            }
        }
        _ => (None, false),
    }
}

/// The value of the first `key` in a form.
fn form_value(form: &str, key: &str) -> Option<String> {
    form.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(k) == key).then(|| percent_decode(v))
    })
}

/// `application/x-www-form-urlencoded` decoding.
fn percent_decode(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len());
    let mut bytes = s.bytes();
    while let Some(b) = bytes.next() {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex: Vec<u8> = bytes.clone().take(2).collect();
                let value = match hex[..] {
                    [h, l] if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                        std::str::from_utf8(&hex)
                            .ok()
                            .and_then(|h| u8::from_str_radix(h, 16).ok())
                    }
                    _ => None,
                };
                match value {
                    Some(v) => {
                        out.push(v);
                        bytes.nth(1);
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Whether a text is a SPARQL Update that does something.
fn is_update(text: &str) -> bool {
    spargebra::SparqlParser::new()
        .parse_update(text)
        .is_ok_and(|u| !u.operations.is_empty())
}
