//! The fuzz targets' checks (`diplograph::fuzzing`), run briefly by `cargo test`: each
//! target's check over every file of `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/`
//! (the crashes `scripts/fuzz` found), then over deterministic mutations of them, for at most
//! a few seconds per target. `scripts/fuzz` runs the same checks under libFuzzer for longer.

mod common;

use common::Rng;
use diplograph::fuzzing::{Check, TARGETS, warm_up};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Mutations tried per target, unless the time below runs out first.
const MUTATIONS: usize = 3000;
/// Time for the mutations of one target.
const BUDGET: Duration = Duration::from_secs(3);

/// Byte strings that make inputs interesting: markup, separators, numbers, multi-byte and
/// combining characters, and the words the formats and grammars look for.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"<p>",
    b"&amp;",
    b"&#x",
    b"\"",
    b"'",
    b"=",
    b"&",
    b"%",
    b"%2",
    b"%E1%BB",
    b"+",
    b"?",
    b"\n",
    b"\r\n",
    b"\n\n",
    b"\t",
    b" ",
    b"\0",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"\\u00",
    b"-",
    b"/",
    b"0",
    b"9",
    b"31",
    b"29",
    b"2147483647",
    b"1999",
    b"2020",
    b"-1",
    "é".as_bytes(),
    "ệ".as_bytes(),
    "\u{301}".as_bytes(),
    "\u{a0}".as_bytes(),
    "İ".as_bytes(),
    "’".as_bytes(),
    "…".as_bytes(),
    "😀".as_bytes(),
    b"\xff",
    b"\xc3",
    b"\x1f\x8b\x08",
    b"WARC/1.0\r\n",
    b"Content-Length: ",
    b"WARC-Type: response\r\n",
    b"HTTP/1.1 200 OK\r\n",
    b"Transfer-Encoding: chunked\r\n",
    b"charset=",
    b"<rss",
    b"<item>",
    b"<entry>",
    b"<html",
    b"\"text\":",
    b"\"date\":",
    b"Monday",
    b"yesterday",
    b"last week",
    b"March",
    "ngày".as_bytes(),
    "hôm qua".as_bytes(),
    "tháng".as_bytes(),
    b"lundi",
    b"hier",
    b"mars",
    b"between",
    b" and ",
    b"Russia",
    b"Turkey",
    b"in 2020",
    b"SELECT",
    b"INSERT DATA",
    b"query=",
    b"update=",
    b"GET\n",
    b"POST\n",
    b"/sparql",
    b"application/sparql-query",
    b"application/sparql-update",
    b"*/*",
];

/// One mutation of `seed`, sometimes spliced with `other`.
fn mutate(rng: &mut Rng, seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            2 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                let i = rng.below(len + 1);
                data.splice(i..i, token.iter().copied());
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                data.drain(i..i + n);
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let chunk = data[i..i + n].to_vec();
                let at = rng.below(len + 1);
                data.splice(at..at, chunk);
            }
            5 if !other.is_empty() => {
                let cut = rng.below(len + 1);
                let from = rng.below(other.len());
                data.truncate(cut);
                data.extend_from_slice(&other[from..]);
            }
            6 if len > 0 => data.truncate(rng.below(len)),
            _ => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(i..i, bytes);
            }
        }
    }
    data
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    !p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs `check` on `data`; on a panic, says which input it was and fails.
fn run(target: &str, check: Check, what: &str, data: &[u8]) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(data))) {
        let shown: String = data
            .iter()
            .take(512)
            .flat_map(|&b| std::ascii::escape_default(b))
            .map(char::from)
            .collect();
        eprintln!(
            "fuzz target {target} fails on {what} ({} bytes): \"{shown}\"",
            data.len()
        );
        resume_unwind(panic);
    }
}

fn check_target(target: &str, check: Check) {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = files(&fuzz.join("seeds").join(target));
    assert!(!seeds.is_empty(), "no seeds in fuzz/seeds/{target}");
    let regressions = files(&fuzz.join("regressions").join(target));
    let mut inputs = Vec::new();
    for path in seeds.iter().chain(&regressions) {
        let data = std::fs::read(path).expect("readable input");
        run(target, check, &path.display().to_string(), &data);
        inputs.push(data);
    }
    // The seed depends on the target only, so a failure can be replayed alone.
    let mut rng = Rng(target.bytes().fold(0x9e37_79b9_7f4a_7c15, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }));
    let start = Instant::now();
    for i in 0..MUTATIONS {
        if start.elapsed() > BUDGET {
            break;
        }
        let seed = &inputs[rng.below(inputs.len())];
        let other = &inputs[rng.below(inputs.len())];
        let data = mutate(&mut rng, seed, other);
        run(target, check, &format!("mutation {i}"), &data);
    }
}

#[test]
fn every_target_has_a_check_here() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    let mut targets: Vec<String> = files(&fuzz)
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    targets.sort();
    let mut known: Vec<String> = TARGETS.iter().map(|(n, _)| n.to_string()).collect();
    known.sort();
    assert_eq!(targets, known);
}

macro_rules! target_tests {
    ($($name:ident),*) => {$(
        #[test]
        fn $name() {
            warm_up();
            let name = stringify!($name);
            let check = diplograph::fuzzing::check(name).expect("a fuzz target");
            check_target(name, check);
        }
    )*};
}

target_tests!(
    extract, read_jsonl, read_html, read_feed, read_warc, question, dates, endpoint
);
