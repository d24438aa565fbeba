//! Helpers shared by the integration tests: run the real `diplograph` binary.
#![allow(dead_code)]

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
/// store those tests share: one process at a time may use a store.
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
