//! `diplograph bench-corpus` and `diplograph scan`: the benchmark corpus is deterministic, has
//! exactly the sentences asked for in the three languages, and extraction finds every event
//! type in it.

mod common;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn generate(dir: &Path, sentences: usize, seed: u64) {
    let out = run(
        &[
            "bench-corpus",
            "--sentences",
            &sentences.to_string(),
            "--seed",
            &seed.to_string(),
            "-o",
            &dir.display().to_string(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "bench-corpus failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`, by relative path, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("read dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("prefix").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let dir = temp_dir("bench-corpus-seed");
    generate(&dir.join("a"), 3000, 42);
    generate(&dir.join("b"), 3000, 42);
    generate(&dir.join("c"), 3000, 43);
    let (a, b, c) = (
        files(&dir.join("a")),
        files(&dir.join("b")),
        files(&dir.join("c")),
    );
    assert!(
        a.len() > 10,
        "expected documents and manifests, got {} files",
        a.len()
    );
    assert_eq!(a, b, "same seed must give byte-identical files");
    assert_ne!(a, c, "another seed must give another corpus");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corpus_has_exactly_n_sentences_in_three_languages_and_every_event_type() {
    let dir = temp_dir("bench-corpus-extract");
    let corpus = dir.join("corpus");
    generate(&corpus, 2000, 7);
    let path = corpus.display().to_string();

    let out = run(&["sentences", &path], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sentences = json_lines(&out.stdout);
    assert_eq!(
        sentences.len(),
        2000,
        "the corpus must hold exactly the sentences asked for"
    );
    let langs: BTreeSet<String> = sentences
        .iter()
        .filter_map(|s| s["lang"].as_str().map(str::to_string))
        .collect();
    for l in ["en", "vi", "fr"] {
        assert!(langs.contains(l), "no {l} sentences: {langs:?}");
    }

    let out = run(&["extract", &path], None);
    assert!(
        out.status.success(),
        "extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = json_lines(&out.stdout);
    let types: BTreeSet<String> = events
        .iter()
        .filter_map(|e| e["type"].as_str().map(str::to_string))
        .collect();
    for t in [
        "agreement",
        "talks",
        "meeting",
        "phone_call",
        "visit",
        "accusation",
        "ceasefire",
        "military_operation",
        "statement",
    ] {
        assert!(types.contains(t), "no {t} event in the corpus: {types:?}");
    }
    let outcomes: BTreeSet<String> = events
        .iter()
        .filter_map(|e| e["outcome"].as_str().map(str::to_string))
        .collect();
    for o in ["agreed", "failed", "ongoing"] {
        assert!(outcomes.contains(o), "no {o} outcome: {outcomes:?}");
    }
    assert!(
        events.iter().any(|e| !e["date"].is_null()),
        "no dated event"
    );

    let out = run(&["scan", &path], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let matches: u64 = text
        .split("matches: ")
        .nth(1)
        .and_then(|m| m.trim().parse().ok())
        .unwrap_or_else(|| panic!("no match count in {text}"));
    assert!(
        matches > 2000,
        "a scan of 2000 news sentences finds names and cues: {text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_non_empty_output_directory_is_refused() {
    let dir = temp_dir("bench-corpus-refuse");
    write(&dir, "keep.txt", b"do not overwrite");
    let out = run(
        &[
            "bench-corpus",
            "--sentences",
            "10",
            "-o",
            &dir.display().to_string(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read(dir.join("keep.txt")).unwrap(),
        b"do not overwrite"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn ok(out: std::process::Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Sorted N-Quads of a whole store.
fn dump(store: &Path) -> Vec<String> {
    let out = ok(run(
        &[
            "export",
            "--format",
            "nquads",
            "--store",
            store.to_str().unwrap(),
        ],
        None,
    ));
    let mut lines: Vec<String> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

#[test]
fn output_and_store_do_not_depend_on_the_number_of_threads() {
    // 12k sentences: about half a million statements with their default-graph copies, so the
    // build goes through several bulk-loader batches.
    let dir = temp_dir("threads");
    let corpus = dir.join("corpus");
    generate(&corpus, 12_000, 3);
    let corpus = corpus.to_str().unwrap();
    let one = ok(run(&["extract", "-j", "1", corpus], None));
    let two = ok(run(&["extract", "-j", "2", corpus], None));
    let four = ok(run(&["extract", "--threads", "4", corpus], None));
    assert!(one.len() > 1_000_000);
    assert!(
        one == two && one == four,
        "extract output depends on threads"
    );

    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    let report = String::from_utf8(ok(run(
        &["build", "-j", "1", corpus, "--store", a.to_str().unwrap()],
        None,
    )))
    .unwrap();
    assert!(report.contains("0 replaced, 0 unchanged"), "{report}");
    ok(run(
        &["build", "-j", "2", corpus, "--store", b.to_str().unwrap()],
        None,
    ));
    let quads = dump(&a);
    assert!(quads.len() > 250_000, "{} quads", quads.len());
    assert!(quads == dump(&b), "store contents depend on threads");

    // A rebuild reads every document, extracts none and writes nothing.
    let again = String::from_utf8(ok(run(
        &["build", corpus, "--store", a.to_str().unwrap()],
        None,
    )))
    .unwrap();
    assert!(again.contains("0 added, 0 replaced"), "{again}");
    assert!(again.contains("added: 0 sentences"), "{again}");
    assert!(quads == dump(&a));
}

#[test]
fn files_left_by_an_interrupted_bulk_load_are_removed_and_never_read() {
    let dir = temp_dir("leftover");
    let store = dir.join("kg.db");
    let s = store.to_str().unwrap();
    ok(run(&["build", "data/corpus", "--store", s], None));
    let before = dump(&store);
    // What a build killed while writing a batch leaves: a half-written sorted file.
    std::fs::write(store.join("bulk-1234.sst"), b"half a batch").unwrap();
    ok(run(&["build", "data/corpus", "--store", s], None));
    assert!(!store.join("bulk-1234.sst").exists());
    assert_eq!(dump(&store), before);
}
