//! Helpers shared by the integration tests: run the real `diplograph` binary.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs `diplograph ARGS` with `stdin` as standard input.
pub fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("diplograph runs");
    {
        let mut input = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            input.write_all(bytes).expect("write stdin");
        }
    }
    child.wait_with_output().expect("diplograph finishes")
}

/// Parses JSON lines.
pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect()
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("diplograph-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Writes a file and returns its path as a string.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write file");
    p.display().to_string()
}

/// Participant ids of an event.
pub fn ids(event: &serde_json::Value) -> Vec<String> {
    event["participants"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Extracts events from JSONL records given as (lang, text, date).
pub fn extract_records(records: &[(&str, &str, Option<&str>)]) -> Vec<serde_json::Value> {
    let mut input = String::new();
    for (i, (lang, text, date)) in records.iter().enumerate() {
        let mut rec = serde_json::json!({"id": format!("t{i}"), "lang": lang, "text": text});
        if let Some(d) = date {
            rec["date"] = serde_json::json!(d);
        }
        input.push_str(&rec.to_string());
        input.push('\n');
    }
    let out = run(&["extract", "-"], Some(input.as_bytes()));
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out.stdout)
}

/// Runs `diplograph ARGS` holding a lock shared by the tests of one file, for commands on a
/// store those tests share: a process that writes a store needs it alone.
pub fn run_exclusive(args: &[&str], stdin: Option<&[u8]>) -> Output {
    exclusive(|| run(args, stdin))
}

/// Runs `f` holding the lock of [`run_exclusive`], for tests that start `diplograph` on a
/// shared store in their own way.
pub fn exclusive<T>(f: impl FnOnce() -> T) -> T {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f()
}

/// A store built once (per test binary) from the sample corpus, for tests that only read it;
/// use [`run_exclusive`] for commands on it.
pub fn corpus_store() -> &'static str {
    static STORE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    STORE
        .get_or_init(|| {
            let store = temp_dir("corpus-store").join("kg.db");
            let out = run_exclusive(
                &["build", "data/corpus", "--store", store.to_str().unwrap()],
                None,
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            store
        })
        .to_str()
        .unwrap()
}

/// Runs `diplograph ARGS`, which must succeed; its standard output.
pub fn ok(args: &[&str]) -> String {
    let out = run(args, None);
    assert!(
        out.status.success(),
        "diplograph {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The store as sorted N-Quads lines (the reference is built from the same folder, so even
/// the documents' source paths agree).
pub fn nquads(store: &Path) -> Vec<String> {
    let out = ok(&[
        "export",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "nquads",
    ]);
    let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// Prefixes of the provenance queries.
pub const PROV_PREFIXES: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
";

/// The SPARQL JSON results of `sparql` over the store, through `diplograph query`.
pub fn query_json(store: &Path, sparql: &str) -> serde_json::Value {
    let out = ok(&[
        "query",
        sparql,
        "--store",
        store.to_str().unwrap(),
        "--format",
        "json",
    ]);
    serde_json::from_str(&out).expect("SPARQL JSON results")
}

/// Per document (id, content hash): (stating sentences, events, statements about its
/// events); a document cut short by a crash has fewer.
pub type Signatures = BTreeMap<(String, String), (u64, u64, u64)>;

/// Every document's signature.
pub fn signatures(store: &Path) -> Signatures {
    let q = format!(
        "{PROV_PREFIXES}SELECT ?id ?h (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?e) AS ?ne) \
         (COUNT(DISTINCT ?fact) AS ?nf) WHERE {{\n  ?d a dg:Document ; dcterms:identifier ?id ; dg:contentHash ?h .\n  \
         OPTIONAL {{ ?s nif:referenceContext ?d . OPTIONAL {{ ?e prov:wasDerivedFrom ?s . ?e ?p ?o \
         BIND(CONCAT(STR(?e), \" \", STR(?p), \" \", STR(?o)) AS ?fact) }} }}\n}} GROUP BY ?id ?h"
    );
    let v = query_json(store, &q);
    let num = |b: &serde_json::Value, k: &str| b[k]["value"].as_str().unwrap().parse().unwrap();
    v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                (
                    b["id"]["value"].as_str().unwrap().to_string(),
                    b["h"]["value"].as_str().unwrap().to_string(),
                ),
                (num(b, "ns"), num(b, "ne"), num(b, "nf")),
            )
        })
        .collect()
}

/// A small deterministic generator (xorshift64*): the same seed, the same inputs, every run.
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Up to `k` of `items`, drawn without replacement.
    pub fn pick<T: Clone>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut items = items.to_vec();
        let mut out = Vec::new();
        while out.len() < k && !items.is_empty() {
            out.push(items.swap_remove(self.below(items.len())));
        }
        out
    }
}

/// A running `diplograph serve`, killed when dropped (also when an assertion fails).
pub struct Endpoint {
    pub child: std::process::Child,
    /// `host:port` the server listens on.
    pub addr: String,
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `diplograph serve --store STORE --bind 127.0.0.1:0 EXTRA...` and waits until it
/// listens (its first line on standard error).
pub fn serve(store: &Path, extra: &[&str]) -> Endpoint {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args([
            "serve",
            "--store",
            store.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .and_then(|l| l.strip_suffix("/sparql"))
        .unwrap_or_else(|| panic!("serve said {line:?}"))
        .to_string();
    Endpoint { child, addr }
}

/// The number in the environment variable `name`, else `default` (the short runs of
/// `scripts/test`; `scripts/stress` sets longer ones).
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
