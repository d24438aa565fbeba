//! `diplograph serve` under load: many concurrent clients for a while, each sending a mix of
//! good queries (GET, form POST, direct POST), bad queries, updates, huge queries, queries
//! past the time limit, slow clients and oversized bodies. Every good query gets the answer
//! it gets alone, byte for byte; every update is refused; every slow query is cut at the
//! time limit; the server never dies and its memory stays bounded. Prints requests/s and
//! latency percentiles.
//!
//! `DIPLOGRAPH_LOAD_CLIENTS` (default 16) and `DIPLOGRAPH_LOAD_SECONDS` (default 5) size
//! the run; `scripts/stress` runs 200 clients for 60 s.

mod common;
use common::{Endpoint, serve};

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The outcome of an answerable request the endpoint refused with 503 (saturated): not a
/// wrong answer, counted apart.
const SHED: &str = "shed";

/// How long after the time limit the server says it cancelled a query ("… cancelled 0.3s
/// after it").
fn cancelled_late(body: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(body);
    let rest = text.split("cancelled ").nth(1)?;
    rest.split('s').next()?.parse().ok()
}

/// The endpoint's time limit in these runs.
const TIMEOUT_S: u64 = 2;

const PREFIXES: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX state: <https://w3id.org/diplograph/id/state/>
PREFIX place: <https://w3id.org/diplograph/id/place/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
";

/// Queries with one right answer each (ordered results), as the notebook asks them.
fn good_queries() -> Vec<String> {
    [
        "SELECT ?what (COUNT(?node) AS ?count) WHERE { VALUES (?what ?class) { (\"documents\" dg:Document) (\"sentences\" dg:Sentence) } ?node a ?class } GROUP BY ?what ORDER BY ?what",
        "SELECT ?agreement ?label WHERE { ?agreement dg:concerns place:idlib ; rdfs:label ?label FILTER(lang(?label) = \"en\") } ORDER BY ?agreement ?label",
        "SELECT ?event ?text WHERE { ?event a dg:Talks ; dg:outcome dg:Failed ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?text } ORDER BY ?event ?text",
        "SELECT ?actor (COUNT(?event) AS ?events) WHERE { ?event dg:participant ?actor } GROUP BY ?actor ORDER BY DESC(?events) ?actor LIMIT 15",
        "ASK { state:RUS dg:partyTo ?agreement }",
    ]
    .iter()
    .map(|q| format!("{PREFIXES}{q}"))
    .collect()
}

fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A response: status and body (None: the connection failed or was reset).
struct Reply {
    status: u16,
    body: Vec<u8>,
}

/// Sends `head` then `body` (in `pieces` with `pause` between them: a slow client) and
/// reads the whole response.
fn exchange(
    addr: &str,
    head: &str,
    body: &[u8],
    pieces: usize,
    pause: Duration,
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let request = [head.as_bytes(), body].concat();
    let chunk = request.len().div_ceil(pieces.max(1));
    for (i, part) in request.chunks(chunk.max(1)).enumerate() {
        if i > 0 {
            std::thread::sleep(pause);
        }
        stream.write_all(part)?;
    }
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let n = usize::from_str_radix(size.trim(), 16).map_err(std::io::Error::other)?;
            let mut part = vec![0; n + 2];
            reader.read_exact(&mut part)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&part[..n]);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        reader.read_exact(&mut body)?;
    } else {
        reader.read_to_end(&mut body)?;
    }
    Ok(Reply { status, body })
}

fn get(addr: &str, query_string: &str, accept: &str) -> std::io::Result<Reply> {
    let head = format!(
        "GET /sparql?{query_string} HTTP/1.1\r\nHost: {addr}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    );
    exchange(addr, &head, b"", 1, Duration::ZERO)
}

fn post(
    addr: &str,
    content_type: &str,
    body: &[u8],
    pieces: usize,
    pause: Duration,
) -> std::io::Result<Reply> {
    let head = format!(
        "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nAccept: text/csv\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    exchange(addr, &head, body, pieces, pause)
}

/// The server process, killed when dropped.
fn start(store: &std::path::Path, threads: usize) -> Endpoint {
    serve(
        store,
        &[
            "--timeout",
            &TIMEOUT_S.to_string(),
            "--threads",
            &threads.to_string(),
        ],
    )
}

/// Resident memory of a process, in MiB.
fn rss_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024)
}

#[derive(Default)]
struct Tally {
    /// Requests per kind.
    sent: BTreeMap<&'static str, u64>,
    /// Answerable requests refused with 503 because the endpoint was saturated.
    shed: BTreeMap<&'static str, u64>,
    /// Problems found: wrong answers, accepted updates, uncut slow queries, failures.
    problems: Vec<String>,
    /// Latency of the good queries, ms.
    good_ms: Vec<f64>,
    /// The latest cancellation after the time limit, s.
    late_s: f64,
    /// Latency of the slow queries, ms.
    slow_ms: Vec<f64>,
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((p / 100.0) * (v.len() - 1) as f64).round() as usize]
}

#[test]
fn the_endpoint_under_load_answers_right_refuses_updates_and_cuts_slow_queries() {
    let clients: usize = common::env_or("DIPLOGRAPH_LOAD_CLIENTS", 16);
    let seconds: u64 = common::env_or("DIPLOGRAPH_LOAD_SECONDS", 5);
    let dir = common::temp_dir("load");
    let store = dir.join("store");
    common::ok(&["build", "data/corpus", "--store", store.to_str().unwrap()]);
    let server = start(&store, 4);
    let addr = server.addr.clone();
    let pid = server.child.id();

    // The answers each query gets alone.
    let queries = good_queries();
    let expected: Vec<Vec<u8>> = queries
        .iter()
        .map(|q| {
            let r = get(&addr, &format!("query={}", url_encode(q)), "text/csv").unwrap();
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            assert!(!r.body.is_empty());
            r.body
        })
        .collect();
    let huge_query = {
        let values: String = (0..12_000)
            .map(|i| format!("<https://w3id.org/diplograph/id/state/X{i}> "))
            .collect();
        format!("{PREFIXES}SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?s {{ {values}}} ?s ?p ?o }}")
    };
    let slow_query = format!(
        "{PREFIXES}SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }}"
    );
    let oversized = vec![b'#'; 11 * 1024 * 1024];

    let tally = Arc::new(Mutex::new(Tally::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let max_rss = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (stop, max_rss) = (stop.clone(), max_rss.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some(m) = rss_mib(pid) {
                    max_rss.fetch_max(m, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..clients)
        .map(|client| {
            let (addr, queries, expected) = (addr.clone(), queries.clone(), expected.clone());
            let (huge_query, slow_query, oversized) =
                (huge_query.clone(), slow_query.clone(), oversized.clone());
            let tally = tally.clone();
            std::thread::spawn(move || {
                let mut n = client as u64 * 7919;
                while Instant::now() < deadline {
                    n += 1;
                    let pick = (n.wrapping_mul(2_654_435_761) >> 8) % 100;
                    let qi = (n % queries.len() as u64) as usize;
                    let t0 = Instant::now();
                    let (kind, outcome): (&'static str, Result<(), String>) = match pick {
                        // Good queries in the three forms of the protocol.
                        0..=54 => {
                            let q = &queries[qi];
                            let r = match n % 3 {
                                0 => get(&addr, &format!("query={}", url_encode(q)), "text/csv"),
                                1 => post(
                                    &addr,
                                    "application/x-www-form-urlencoded",
                                    format!("query={}", url_encode(q)).as_bytes(),
                                    1,
                                    Duration::ZERO,
                                ),
                                _ => post(
                                    &addr,
                                    "application/sparql-query",
                                    q.as_bytes(),
                                    1,
                                    Duration::ZERO,
                                ),
                            };
                            let ms = t0.elapsed().as_secs_f64() * 1000.0;
                            tally.lock().unwrap().good_ms.push(ms);
                            (
                                "good",
                                match r {
                                    Ok(r) if r.status == 200 && r.body == expected[qi] => Ok(()),
                                    // Saturated: refused within the time limit, not answered wrong.
                                    Ok(r) if r.status == 503 => Err(SHED.into()),
                                    Ok(r) => Err(format!(
                                        "query {qi}: HTTP {} {:?}",
                                        r.status,
                                        String::from_utf8_lossy(&r.body[..r.body.len().min(200)])
                                    )),
                                    Err(e) => Err(format!("query {qi}: {e}")),
                                },
                            )
                        }
                        // Bad queries get 400.
                        55..=64 => {
                            let r = get(&addr, "query=SELECT%20%3Fx%20WHERE%20%7B", "text/csv");
                            (
                                "bad",
                                match r {
                                    Ok(r) if r.status == 400 => Ok(()),
                                    Ok(r) => Err(format!("bad query: HTTP {}", r.status)),
                                    Err(e) => Err(format!("bad query: {e}")),
                                },
                            )
                        }
                        // Updates, in every form, are refused.
                        65..=74 => {
                            let update = "INSERT DATA { <urn:x> <urn:y> <urn:z> }";
                            let r = match n % 4 {
                                0 => get(
                                    &addr,
                                    &format!("update={}", url_encode(update)),
                                    "text/csv",
                                ),
                                1 => {
                                    get(&addr, &format!("query={}", url_encode(update)), "text/csv")
                                }
                                2 => post(
                                    &addr,
                                    "application/sparql-update",
                                    update.as_bytes(),
                                    1,
                                    Duration::ZERO,
                                ),
                                _ => post(
                                    &addr,
                                    "application/x-www-form-urlencoded",
                                    format!("update={}", url_encode(update)).as_bytes(),
                                    1,
                                    Duration::ZERO,
                                ),
                            };
                            (
                                "update",
                                match r {
                                    Ok(r) if r.status == 403 => Ok(()),
                                    Ok(r) => Err(format!("update: HTTP {}", r.status)),
                                    Err(e) => Err(format!("update: {e}")),
                                },
                            )
                        }
                        // A huge query (600 kB) is answered.
                        75..=79 => {
                            let r = post(
                                &addr,
                                "application/sparql-query",
                                huge_query.as_bytes(),
                                1,
                                Duration::ZERO,
                            );
                            (
                                "huge",
                                match r {
                                    Ok(r) if r.status == 200 && r.body == b"n\r\n0\r\n" => Ok(()),
                                    Ok(r) if r.status == 503 => Err(SHED.into()),
                                    Ok(r) => Err(format!(
                                        "huge query: HTTP {} {:?}",
                                        r.status,
                                        String::from_utf8_lossy(&r.body[..r.body.len().min(200)])
                                    )),
                                    Err(e) => Err(format!("huge query: {e}")),
                                },
                            )
                        }
                        // A query past the limit is cut: 503 at the time limit.
                        80..=84 => {
                            let r = post(
                                &addr,
                                "application/sparql-query",
                                slow_query.as_bytes(),
                                1,
                                Duration::ZERO,
                            );
                            let ms = t0.elapsed().as_secs_f64() * 1000.0;
                            tally.lock().unwrap().slow_ms.push(ms);
                            // The server says how long after the limit it cancelled; the
                            // client's own time also holds the queues of a saturated machine.
                            let late = r.as_ref().ok().and_then(|r| cancelled_late(&r.body));
                            if let Some(late) = late {
                                let mut t = tally.lock().unwrap();
                                t.late_s = t.late_s.max(late);
                            }
                            (
                                "slow query",
                                match r {
                                    Ok(r) if r.status == 503 && late.is_some_and(|l| l <= 1.5) => {
                                        Ok(())
                                    }
                                    // Refused as busy: no thread was free within the limit.
                                    Ok(r) if r.status == 503 && late.is_none() => Err(SHED.into()),
                                    Ok(r) => Err(format!(
                                        "slow query: HTTP {} after {ms:.0} ms: {}",
                                        r.status,
                                        String::from_utf8_lossy(&r.body).trim()
                                    )),
                                    Err(e) => Err(format!("slow query: {e}")),
                                },
                            )
                        }
                        // A slow client, sending its request in ten pieces over a second.
                        85..=94 => {
                            let q = &queries[qi];
                            let r = post(
                                &addr,
                                "application/sparql-query",
                                q.as_bytes(),
                                10,
                                Duration::from_millis(100),
                            );
                            (
                                "slow client",
                                match r {
                                    Ok(r) if r.status == 200 && r.body == expected[qi] => Ok(()),
                                    // Saturated: refused within the time limit, not answered wrong.
                                    Ok(r) if r.status == 503 => Err(SHED.into()),
                                    Ok(r) => Err(format!("slow client: HTTP {}", r.status)),
                                    Err(e) => Err(format!("slow client: {e}")),
                                },
                            )
                        }
                        // An 11 MiB body: 413, or the connection closed while it was sent.
                        _ => {
                            let r = post(
                                &addr,
                                "application/sparql-query",
                                &oversized,
                                1,
                                Duration::ZERO,
                            );
                            (
                                "oversized",
                                match r {
                                    Ok(r) if r.status == 413 => Ok(()),
                                    Ok(r) => Err(format!("oversized body: HTTP {}", r.status)),
                                    Err(e)
                                        if matches!(
                                            e.kind(),
                                            std::io::ErrorKind::ConnectionReset
                                                | std::io::ErrorKind::BrokenPipe
                                                | std::io::ErrorKind::ConnectionAborted
                                        ) =>
                                    {
                                        Ok(())
                                    }
                                    Err(e) => Err(format!("oversized body: {e}")),
                                },
                            )
                        }
                    };
                    let mut t = tally.lock().unwrap();
                    *t.sent.entry(kind).or_default() += 1;
                    match outcome {
                        Err(p) if p == SHED => *t.shed.entry(kind).or_default() += 1,
                        Err(problem) => t.problems.push(problem),
                        Ok(()) => {}
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();

    // Still alive, still right.
    let alive = get(
        &addr,
        &format!("query={}", url_encode(&queries[0])),
        "text/csv",
    )
    .unwrap();
    assert_eq!(alive.body, expected[0]);
    let mut server = server;
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server died"
    );

    let mut t = tally.lock().unwrap();
    let total: u64 = t.sent.values().sum();
    let good_p50 = percentile(&mut t.good_ms, 50.0);
    let good_p95 = percentile(&mut t.good_ms, 95.0);
    let slow_max = t.slow_ms.iter().cloned().fold(0.0, f64::max);
    let rss = max_rss.load(Ordering::Relaxed);
    println!(
        "endpoint load: {clients} clients, {elapsed:.0} s, {total} requests ({:.0}/s): {:?}; \
         good queries p50 {good_p50:.0} ms, p95 {good_p95:.0} ms; slow queries cut at most \
         {:.1} s after the limit of {TIMEOUT_S} s by the server (at most {slow_max:.0} ms for the client); refused as busy (503): {:?}; peak server memory \
         {rss} MiB; {} wrong answers or failures",
        total as f64 / elapsed,
        t.sent,
        t.late_s,
        t.shed,
        t.problems.len()
    );
    assert!(
        t.problems.is_empty(),
        "{} problems, first ones: {:#?}",
        t.problems.len(),
        &t.problems[..t.problems.len().min(10)]
    );
    assert!(rss < 1024, "server memory reached {rss} MiB");
    // Saturated by design (a twentieth of the requests run for the whole time limit), the
    // endpoint still answers most good queries.
    let good = t.sent.get("good").copied().unwrap_or(0);
    let shed = t.shed.get("good").copied().unwrap_or(0);
    assert!(
        good > 0 && shed * 2 < good,
        "{shed} of {good} good queries refused as busy"
    );
    drop(t);
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
