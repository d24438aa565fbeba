//! `diplograph serve`: a read-only SPARQL 1.1 Protocol endpoint at `/sparql`.
//!
//! GET with `query=`, POST as a form or as `application/sparql-query`; the answer format is
//! negotiated from `Accept`; SPARQL Update is refused with 403; a bad query gets 400 and the
//! parser's message; a query past the time limit is cancelled and gets 503. Every response
//! carries CORS headers so a notebook in a browser can call it. Several worker threads answer
//! requests concurrently from one store, which the server holds while it runs.

use crate::store::{AnswerFormat, AnswerKind, KnowledgeStore, QueryError};
use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tiny_http::{Header, Method, Request, Response, Server};

/// How the endpoint runs.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on (`127.0.0.1:7878`).
    pub bind: String,
    /// Longest a query may run.
    pub timeout: Duration,
    /// Queries evaluated at once (each on its own thread); requests are read by four
    /// times as many threads, so that slow clients do not hold the query threads.
    pub threads: usize,
}

/// Largest request body accepted.
const MAX_BODY: u64 = 10 * 1024 * 1024;

const HELP_PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>diplograph SPARQL endpoint</title></head>\
<body><h1>diplograph SPARQL endpoint</h1><p>Send SPARQL 1.1 queries to <code>/sparql</code>: \
GET <code>/sparql?query=…</code>, or POST a form with <code>query=…</code>, or POST the query \
with <code>Content-Type: application/sparql-query</code>. The endpoint is read-only.</p>\
<p>The default graph holds every fact once. An event says which sentences state it \
(<code>?event prov:wasDerivedFrom ?sentence . ?sentence nif:anchorOf ?text</code>). The \
vocabulary is described in the project's <code>ontology/README.md</code>.</p></body></html>";

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header("Vary", "Accept"))
}

/// Decodes `application/x-www-form-urlencoded` text.
fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            // Two hex digits, as bytes: slicing the text could cut a character.
            b'%' if bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) =>
            {
                let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                out.push((hex(bytes[i + 1]) << 4) | hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `key` in a form or query string.
fn form_value(form: &str, key: &str) -> Option<String> {
    form.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (url_decode(k) == key).then(|| url_decode(v))
    })
}

/// The answer format to use for `kind` given the `Accept` header, or `None` (406).
pub fn negotiate(accept: Option<&str>, kind: AnswerKind) -> Option<AnswerFormat> {
    let offers: &[(&str, AnswerFormat)] = match kind {
        AnswerKind::Results => &[
            ("application/sparql-results+json", AnswerFormat::Json),
            ("application/json", AnswerFormat::Json),
            ("application/sparql-results+xml", AnswerFormat::Xml),
            ("application/xml", AnswerFormat::Xml),
            ("text/csv", AnswerFormat::Csv),
            ("text/tab-separated-values", AnswerFormat::Tsv),
        ],
        AnswerKind::Graph => &[
            ("text/turtle", AnswerFormat::Turtle),
            ("application/n-triples", AnswerFormat::Ntriples),
            ("text/plain", AnswerFormat::Ntriples),
            ("application/rdf+xml", AnswerFormat::Rdfxml),
        ],
    };
    let default = offers[0].1;
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(default);
    };
    // (quality, position) of each acceptable range, best first.
    let mut ranges: Vec<(f32, usize, String)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut it = part.split(';');
            let range = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, i, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, range) in ranges {
        if range == "*/*" {
            return Some(default);
        }
        if let Some(major) = range.strip_suffix("/*") {
            if let Some((_, f)) = offers
                .iter()
                .find(|(m, _)| m.starts_with(&format!("{major}/")))
            {
                return Some(*f);
            }
            continue;
        }
        if let Some((_, f)) = offers.iter().find(|(m, _)| *m == range) {
            return Some(*f);
        }
    }
    None
}

fn request_header(request: &Request, name: &'static str) -> Option<String> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
}

/// One HTTP request as the endpoint sees it (the transport has read the body).
#[derive(Debug, Clone, Copy)]
pub struct EndpointRequest<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// Path and query string (`/sparql?query=…`).
    pub url: &'a str,
    /// The `Content-Type` header.
    pub content_type: Option<&'a str>,
    /// The `Accept` header.
    pub accept: Option<&'a str>,
    /// The body, at most the size limit.
    pub body: &'a [u8],
}

/// The endpoint's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointReply {
    /// HTTP status.
    pub status: u16,
    /// Media type of the body.
    pub content_type: String,
    /// The body.
    pub body: Vec<u8>,
}

impl EndpointReply {
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> EndpointReply {
        EndpointReply {
            status,
            content_type: content_type.to_string(),
            body,
        }
    }

    fn text(status: u16, message: impl Into<String>) -> EndpointReply {
        let mut m = message.into();
        m.push('\n');
        EndpointReply::new(status, "text/plain; charset=utf-8", m.into_bytes())
    }
}

const READ_ONLY: &str = "this endpoint is read-only: SPARQL Update is refused";

/// What the request asks for: a query, an update (refused), or a problem.
fn read_operation(request: &EndpointRequest<'_>) -> Result<String, EndpointReply> {
    let query_string = request.url.split_once('?').map(|x| x.1).unwrap_or("");
    match request.method {
        "GET" => {
            if form_value(query_string, "update").is_some() {
                return Err(EndpointReply::text(403, READ_ONLY));
            }
            form_value(query_string, "query").ok_or_else(|| {
                EndpointReply::text(400, "missing the query parameter: GET /sparql?query=…")
            })
        }
        "POST" => {
            let Ok(body) = std::str::from_utf8(request.body) else {
                return Err(EndpointReply::text(
                    400,
                    "the request body is not UTF-8 text",
                ));
            };
            let media = request
                .content_type
                .unwrap_or_default()
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            match media.as_str() {
                "application/sparql-update" => Err(EndpointReply::text(403, READ_ONLY)),
                "application/sparql-query" => Ok(body.to_string()),
                "application/x-www-form-urlencoded" | "" => {
                    if form_value(body, "update").is_some() {
                        return Err(EndpointReply::text(403, READ_ONLY));
                    }
                    form_value(body, "query")
                        .or_else(|| form_value(query_string, "query"))
                        .ok_or_else(|| {
                            EndpointReply::text(400, "missing the query parameter in the form")
                        })
                }
                other => Err(EndpointReply::text(
                    415,
                    format!(
                        "unsupported Content-Type {other}: use application/sparql-query or a form"
                    ),
                )),
            }
        }
        _ => Err(EndpointReply::text(405, "use GET, POST or OPTIONS")),
    }
}

/// The endpoint's answer to `request`, whatever its bytes: the whole of the SPARQL Protocol
/// handling but the transport (and the CORS preflight, which is headers only).
pub fn respond(
    store: &KnowledgeStore,
    timeout: Duration,
    request: &EndpointRequest<'_>,
) -> EndpointReply {
    match prepare(request) {
        Ok(query) => evaluate(store, Instant::now() + timeout, &query),
        Err(reply) => reply,
    }
}

/// A query ready to run: it parses, and the client accepts a format for its answer.
struct PreparedQuery {
    sparql: String,
    format: AnswerFormat,
}

/// Everything that needs no evaluation: the page, the protocol, parsing, negotiation. Cheap:
/// a bad request or an update is answered without waiting for a query thread.
fn prepare(request: &EndpointRequest<'_>) -> Result<PreparedQuery, EndpointReply> {
    let path = request.url.split('?').next().unwrap_or("");
    match (request.method, path) {
        ("GET", "/") => Err(EndpointReply::new(
            200,
            "text/html; charset=utf-8",
            HELP_PAGE.as_bytes().to_vec(),
        )),
        (_, "/sparql") => {
            let sparql = read_operation(request)?;
            let kind = match KnowledgeStore::query_kind(&sparql) {
                Ok(k) => k,
                Err(QueryError::UpdateRefused) => return Err(EndpointReply::text(403, READ_ONLY)),
                Err(e) => return Err(EndpointReply::text(400, e.to_string())),
            };
            let Some(format) = negotiate(request.accept, kind) else {
                return Err(EndpointReply::text(
                    406,
                    format!(
                        "cannot answer in {}: results come as SPARQL JSON, XML, CSV or TSV, graphs as Turtle, N-Triples or RDF/XML",
                        request.accept.unwrap_or_default()
                    ),
                ));
            };
            Ok(PreparedQuery { sparql, format })
        }
        _ => Err(EndpointReply::text(
            404,
            "not found: the SPARQL endpoint is /sparql",
        )),
    }
}

/// A counting semaphore: at most `n` holders at once.
struct Permits {
    free: std::sync::Mutex<usize>,
    returned: std::sync::Condvar,
}

impl Permits {
    fn new(n: usize) -> Permits {
        Permits {
            free: std::sync::Mutex::new(n.max(1)),
            returned: std::sync::Condvar::new(),
        }
    }

    /// Runs `f` once a permit is free, unless none is before `deadline`.
    fn within<T>(&self, deadline: Instant, f: impl FnOnce() -> T) -> Option<T> {
        {
            let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
            while *free == 0 {
                let left = deadline.checked_duration_since(Instant::now())?;
                free = self
                    .returned
                    .wait_timeout(free, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            *free -= 1;
        }
        let out = f();
        *self.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.returned.notify_one();
        Some(out)
    }
}

fn handle(store: &KnowledgeStore, config: &ServerConfig, permits: &Permits, mut request: Request) {
    // The time limit counts from here: time spent waiting for a query thread is part of it.
    let arrived = Instant::now();
    let response = if *request.method() == Method::Options {
        reply(204, "text/plain", Vec::new())
            .with_header(header("Access-Control-Allow-Methods", "GET, POST, OPTIONS"))
            .with_header(header(
                "Access-Control-Allow-Headers",
                "Content-Type, Accept",
            ))
            .with_header(header("Access-Control-Max-Age", "86400"))
    } else {
        let declared = request_header(&request, "Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let mut body = Vec::new();
        // A body declared over the limit is refused unread.
        let read = request
            .as_reader()
            .take(if declared > MAX_BODY { 0 } else { MAX_BODY + 1 })
            .read_to_end(&mut body);
        let r = if declared > MAX_BODY || body.len() as u64 > MAX_BODY {
            EndpointReply::text(
                413,
                format!("the request body is over {} MiB", MAX_BODY >> 20),
            )
        } else if read.is_err() {
            EndpointReply::text(400, "the request body could not be read")
        } else {
            let method = request.method().as_str().to_string();
            let (content_type, accept) = (
                request_header(&request, "Content-Type"),
                request_header(&request, "Accept"),
            );
            let prepared = prepare(&EndpointRequest {
                method: &method,
                url: request.url(),
                content_type: content_type.as_deref(),
                accept: accept.as_deref(),
                body: &body,
            });
            match prepared {
                Err(reply) => reply,
                // A query to run: only now does it wait for a query thread.
                Ok(query) => {
                    let deadline = arrived + config.timeout;
                    permits
                        .within(deadline, || evaluate(store, deadline, &query))
                        .unwrap_or_else(|| {
                            EndpointReply::text(
                                503,
                                format!(
                                    "the endpoint is busy: no query thread was free within its time limit ({}s)",
                                    config.timeout.as_secs_f64()
                                ),
                            )
                        })
                }
            }
        };
        reply(r.status, &r.content_type, r.body)
    };
    // The client may have gone; nothing to do then.
    let _ = request.respond(response);
}

/// Runs a prepared query, cancelled at `deadline`.
fn evaluate(store: &KnowledgeStore, deadline: Instant, query: &PreparedQuery) -> EndpointReply {
    let timeout = deadline.saturating_duration_since(Instant::now());
    match store.query(&query.sparql, Some(query.format), Some(timeout)) {
        Ok(a) => EndpointReply::new(200, a.format.media_type(), a.body),
        Err(QueryError::Timeout(_)) => EndpointReply::text(
            503,
            format!(
                "the query ran past the endpoint's time limit (serve --timeout, counted from the request's arrival) and was cancelled {:.1}s after it",
                Instant::now()
                    .saturating_duration_since(deadline)
                    .as_secs_f64()
            ),
        ),
        Err(e @ QueryError::Syntax(_)) => EndpointReply::text(400, e.to_string()),
        Err(e @ QueryError::UpdateRefused) => EndpointReply::text(403, e.to_string()),
        Err(e @ QueryError::Format(_)) => EndpointReply::text(406, e.to_string()),
        Err(e @ QueryError::Unsupported(_)) => EndpointReply::text(501, e.to_string()),
        Err(e @ QueryError::Evaluation(_)) => EndpointReply::text(500, e.to_string()),
    }
}

/// Serves until the process is stopped. Prints `listening on http://ADDR/sparql` to stderr
/// once it accepts connections.
pub fn serve(store: KnowledgeStore, config: ServerConfig) -> anyhow::Result<()> {
    limit_malloc_arenas();
    let server = Server::http(&config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    let addr = server
        .server_addr()
        .to_ip()
        .map_or(config.bind.clone(), |a| a.to_string());
    eprintln!("listening on http://{addr}/sparql");
    let server = Arc::new(server);
    let store = Arc::new(store);
    let config = Arc::new(config);
    let permits = Arc::new(Permits::new(config.threads));
    let workers: Vec<_> = (0..config.threads.max(1) * 4)
        .map(|_| {
            let (server, store, config, permits) = (
                server.clone(),
                store.clone(),
                config.clone(),
                permits.clone(),
            );
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    handle(&store, &config, &permits, request);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}

/// glibc gives each thread its own malloc arena; with the endpoint's many threads reading
/// bodies of up to 10 MiB, freed memory stayed in the arenas and the server grew past 1 GiB
/// under load. Two arenas keep it bounded at no measurable cost in throughput.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; called before the threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_quality_and_defaults() {
        let r = AnswerKind::Results;
        assert_eq!(negotiate(None, r), Some(AnswerFormat::Json));
        assert_eq!(negotiate(Some("*/*"), r), Some(AnswerFormat::Json));
        assert_eq!(
            negotiate(Some("text/csv;q=0.5, application/sparql-results+xml"), r),
            Some(AnswerFormat::Xml)
        );
        assert_eq!(negotiate(Some("image/png"), r), None);
        assert_eq!(
            negotiate(Some("text/*"), AnswerKind::Graph),
            Some(AnswerFormat::Turtle)
        );
        assert_eq!(
            negotiate(Some("application/n-triples"), AnswerKind::Graph),
            Some(AnswerFormat::Ntriples)
        );
    }

    #[test]
    fn forms_decode() {
        assert_eq!(
            form_value("a=1&query=SELECT+%3Fs+%7B%7D", "query").unwrap(),
            "SELECT ?s {}"
        );
        assert_eq!(url_decode("%E1%BB%87%2"), "ệ%2");
    }
}
