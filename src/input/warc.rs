//! WARC files (ISO 28500, the format of Common Crawl's CC-NEWS), plain or gzip-compressed,
//! read as a stream with the `warc` crate: one record in memory at a time, so a 1 GB file
//! needs little memory.
//!
//! Each `response` record whose HTTP payload is an HTML page with a 2xx status becomes one
//! document: the article found by [`super::html`], its target URI as source and id, and its
//! date the page's own publication date or else the record's `WARC-Date`. Other records
//! (request, metadata, revisit, non-HTML or failed responses) are skipped. A record that
//! cannot be framed (a bad `Content-Length`, a truncated file) is reported; reading resumes at
//! the next record header, so the records after it still load.

use super::html::{article, decode_html};
use super::published::publication_date;
use super::{InputError, read_reason, url_id, with_title};
use crate::extract::Document;
use ::warc::{RecordType, WarcHeader, WarcReader};
use std::io::{BufRead, Read};

/// Records bigger than this are skipped (news pages are far smaller).
const MAX_RECORD: u64 = 32 * 1024 * 1024;

/// Reads every record of the WARC stream `input` (from the file shown as `shown`).
pub(super) fn read<R: BufRead>(
    shown: &str,
    mut input: R,
    gzip: bool,
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    let mut number = 0usize;
    loop {
        // A record's document is delivered only once the next record header is found where
        // its Content-Length says: a wrong length shows only then.
        let mut pending: Option<Document> = None;
        let stopped_at = {
            let mut reader = WarcReader::new(&mut input);
            let mut records = reader.stream_records();
            loop {
                let Some(next) = records.next_item() else {
                    if let Some(doc) = pending.take() {
                        on_document(doc);
                    }
                    break None;
                };
                number += 1;
                let record = match next {
                    Ok(r) => r,
                    // The record is framed, but a header is missing or wrong: the next
                    // call skips its body.
                    Err(
                        e @ (::warc::Error::MissingHeader(_) | ::warc::Error::MalformedHeader(..)),
                    ) => {
                        if let Some(doc) = pending.take() {
                            on_document(doc);
                        }
                        on_error(InputError {
                            culprit: format!("{shown}: record {number}"),
                            message: format!("malformed record: {e}"),
                        });
                        continue;
                    }
                    Err(e) => break Some(e),
                };
                if let Some(doc) = pending.take() {
                    on_document(doc);
                }
                if *record.warc_type() != RecordType::Response {
                    continue;
                }
                if record.content_length() > MAX_RECORD {
                    on_error(InputError {
                        culprit: format!("{shown}: record {number}"),
                        message: format!(
                            "record of {} bytes is larger than {MAX_RECORD}: skipped",
                            record.content_length()
                        ),
                    });
                    continue;
                }
                let crawled = record.date().date_naive().format("%Y-%m-%d").to_string();
                let record = match record.into_buffered() {
                    Ok(r) => r,
                    Err(e) => break Some(::warc::Error::ReadData(e)),
                };
                // `Record::header` panics on a header that is not UTF-8: read the raw bytes.
                let (headers, body) = record.into_raw_parts();
                let uri = headers
                    .as_ref()
                    .get(&WarcHeader::TargetURI)
                    .map(|u| String::from_utf8_lossy(u).trim().to_string());
                let culprit = match &uri {
                    Some(uri) => format!("{shown}: record {number} ({uri})"),
                    None => format!("{shown}: record {number}"),
                };
                match response_document(&body, uri, &crawled) {
                    Ok(doc) => pending = doc,
                    Err(message) => on_error(InputError { culprit, message }),
                }
            }
        };
        let Some(error) = stopped_at else { return };
        // A read error or an end of data after a whole body leaves that body intact; a header
        // block in the wrong place means the length before it was wrong.
        let framing = matches!(error, ::warc::Error::ParseHeaders(_));
        if !framing && let Some(doc) = pending.take() {
            on_document(doc);
        }
        let dropped = if pending.is_some() {
            format!(" (record {} before it was dropped with it)", number - 1)
        } else {
            String::new()
        };
        let message = match &error {
            ::warc::Error::ReadData(e) => {
                format!("cannot read the record: {}", read_reason(e, gzip))
            }
            ::warc::Error::UnexpectedEOB => format!(
                "the data ends inside a record: truncated file or bad Content-Length{dropped}"
            ),
            ::warc::Error::ParseHeaders(_) => format!(
                "malformed record: a bad Content-Length here or in the record before{dropped}"
            ),
            other => format!("malformed record: {other}"),
        };
        on_error(InputError {
            culprit: format!("{shown}: record {number}"),
            message,
        });
        if !framing || !skip_to_next_record(&mut input) {
            return;
        }
    }
}

/// Moves `input` to the next line that starts a WARC record; false at the end of the data.
fn skip_to_next_record<R: BufRead>(input: &mut R) -> bool {
    let mut line = Vec::new();
    loop {
        match input.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(buf) if buf.starts_with(b"WARC/1.") => return true,
            Ok(_) => {}
        }
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// The document an HTTP response holds, `None` when it is not a successful HTML page.
fn response_document(
    payload: &[u8],
    uri: Option<String>,
    crawled: &str,
) -> Result<Option<Document>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(payload) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Err("HTTP response headers are cut off".into()),
        Err(e) => return Err(format!("malformed HTTP response: {e}")),
    };
    if !response.code.is_some_and(|c| (200..300).contains(&c)) {
        return Ok(None);
    }
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    if !content_type.is_empty() && !content_type.contains("html") {
        return Ok(None);
    }
    let mut body = payload[body_start..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or("malformed chunked HTTP body")?;
    }
    match header("content-encoding").as_deref().map(str::trim) {
        Some("gzip" | "x-gzip") => {
            let mut plain = Vec::new();
            flate2::read::MultiGzDecoder::new(body.as_slice())
                .take(MAX_RECORD)
                .read_to_end(&mut plain)
                .map_err(|e| format!("corrupt gzip-encoded HTTP body: {e}"))?;
            body = plain;
        }
        Some("deflate") => {
            let mut plain = Vec::new();
            flate2::read::ZlibDecoder::new(body.as_slice())
                .take(MAX_RECORD)
                .read_to_end(&mut plain)
                .map_err(|e| format!("corrupt deflate-encoded HTTP body: {e}"))?;
            body = plain;
        }
        Some("identity" | "") | None => {}
        Some(other) => return Err(format!("unsupported HTTP content encoding '{other}'")),
    }
    let charset = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset=").map(str::to_string));
    let html = decode_html(&body, charset.as_deref(), false)?;
    let page = article(&html)?;
    // A target URI that names no page ("http://") does not make an id.
    let source = uri
        .filter(|u| !url_id(u).is_empty())
        .or(page.url.clone())
        .filter(|u| !url_id(u).is_empty());
    let id = match &source {
        Some(u) => url_id(u),
        None => return Err("response record has no WARC-Target-URI".into()),
    };
    let mut doc = with_title(id, page.title, &page.text);
    doc.source = source;
    doc.lang = page.lang;
    doc.date = Some(
        page.published
            .as_deref()
            .and_then(publication_date)
            .map(|d| d.to_string())
            .unwrap_or_else(|| crawled.to_string()),
    );
    Ok(Some(doc))
}

/// Decodes an HTTP/1.1 chunked body.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").as_deref(),
            Some(&b"hello world"[..])
        );
        assert_eq!(dechunk(b"zz\r\nhello"), None);
    }

    #[test]
    fn non_html_and_failed_responses_are_skipped() {
        let json = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}";
        assert_eq!(
            response_document(json, Some("https://x.example/".into()), "2020-01-01"),
            Ok(None)
        );
        let missing = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
        assert_eq!(
            response_document(missing, Some("https://x.example/".into()), "2020-01-01"),
            Ok(None)
        );
    }
}
