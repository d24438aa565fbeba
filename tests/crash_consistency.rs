//! Builds, rebuilds and removes killed (SIGKILL) at random moments: after each kill the store
//! opens, every document in it is whole (one of the versions it ever had, with all of its
//! sentences and events) and nothing is left of a document that is not, and running the
//! command again ends in exactly the graph a clean build of the same corpus gives (sorted
//! N-Quads compared).
//!
//! The corpus spans many bulk-loader batches (`DIPLOGRAPH_BATCH_QUADS` makes them small).
//! `DIPLOGRAPH_STRESS_KILLS` sets the number of kills (default 3, as `scripts/test` runs it;
//! `scripts/stress` runs 100), `DIPLOGRAPH_STRESS_SEED` the seed (default 1).

mod common;

use common::{PROV_PREFIXES as PREFIXES, Rng, Signatures, nquads, signatures};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Quads per bulk-loader batch in these runs: a document is some 300 quads, so an `add` of
/// 60 documents spans several batches.
const BATCH_QUADS: &str = "4000";

fn diplograph() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_diplograph"));
    c.env("DIPLOGRAPH_BATCH_QUADS", BATCH_QUADS)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn output(args: &[&str]) -> Output {
    diplograph()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("diplograph runs")
}

fn ok(args: &[&str]) -> String {
    let out = output(args);
    assert!(
        out.status.success(),
        "diplograph {} failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// One document of the pool: its id, file name, language, date and two texts (the second
/// is the "changed" version).
#[derive(Clone)]
struct PoolDoc {
    id: String,
    lang: String,
    date: String,
    texts: [String; 2],
}

/// The corpus folder the store should mirror: which documents, in which version.
struct Corpus {
    dir: PathBuf,
    docs: BTreeMap<String, (PoolDoc, usize)>,
}

impl Corpus {
    fn write(&self) {
        for entry in std::fs::read_dir(&self.dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        let mut manifest = String::from("doc,file,lang,date\n");
        for (id, (doc, version)) in &self.docs {
            std::fs::write(self.dir.join(format!("{id}.txt")), &doc.texts[*version]).unwrap();
            manifest.push_str(&format!("{id},{id}.txt,{},{}\n", doc.lang, doc.date));
        }
        std::fs::write(self.dir.join("manifest.csv"), manifest).unwrap();
    }
}

/// The documents of a generated corpus, each with a changed version: its sentences in
/// reverse order (other sentence indices and spans, the same facts stated again).
fn pool(dir: &Path, sentences: usize) -> Vec<PoolDoc> {
    let out = dir.join("generated");
    ok(&[
        "bench-corpus",
        "--sentences",
        &sentences.to_string(),
        "--seed",
        "11",
        "-o",
        out.to_str().unwrap(),
    ]);
    let mut docs = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let manifest = std::fs::read_to_string(folder.join("manifest.csv")).unwrap();
        for line in manifest.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let text = std::fs::read_to_string(folder.join(f[1])).unwrap();
            let mut lines: Vec<&str> = text.lines().collect();
            lines.reverse();
            docs.push(PoolDoc {
                id: f[0].to_string(),
                lang: f[2].to_string(),
                date: f[3].to_string(),
                texts: [text.clone(), lines.join("\n") + "\n"],
            });
        }
    }
    docs
}

/// Whatever a kill left: the store opens; every document is one complete version; no
/// sentence without its document, no event without its sentences.
fn check_whole(store: &Path, known: &Signatures, moment: &str) {
    let found = signatures(store);
    for (doc, sig) in &found {
        assert_eq!(
            known.get(doc),
            Some(sig),
            "{moment}: document {} (hash {}) is not whole: (sentences, events, event facts) = {sig:?}",
            doc.0,
            doc.1
        );
    }
    let s = store.to_str().unwrap();
    for (what, ask) in [
        (
            "a sentence without its document",
            "ASK { ?s nif:referenceContext ?d FILTER NOT EXISTS { ?d a dg:Document } }",
        ),
        (
            "an event without a stored sentence",
            "ASK { ?e dg:eventKey ?k FILTER NOT EXISTS { ?e prov:wasDerivedFrom ?s . ?s a dg:Sentence } }",
        ),
    ] {
        let out = ok(&["query", &format!("{PREFIXES}{ask}"), "--store", s]);
        assert_eq!(out.trim(), "false", "{moment}: the store holds {what}");
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Operation {
    Add,
    Change,
    Remove,
}

/// The command of an operation on `store` from `corpus`.
fn command(op: Operation, corpus: &Corpus, store: &Path, removed: &[String]) -> Vec<String> {
    match op {
        Operation::Add | Operation::Change => vec![
            "build".into(),
            corpus.dir.display().to_string(),
            "--store".into(),
            store.display().to_string(),
        ],
        Operation::Remove => {
            let mut c = vec!["remove".to_string()];
            c.extend(removed.iter().cloned());
            c.extend(["--store".into(), store.display().to_string()]);
            c
        }
    }
}

/// Runs `args`, killing it after `after` unless it ends first; whether it was killed.
fn run_killed(args: &[String], after: Duration) -> bool {
    let mut child = diplograph()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("diplograph runs");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            use std::io::Read;
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            // A remove of documents already removed reports them and exits 1.
            assert!(
                status.success() || err.lines().all(|l| l.contains("no such document")),
                "{} failed: {err}",
                args.join(" ")
            );
            return false;
        }
        if start.elapsed() >= after {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn killed_builds_rebuilds_and_removes_leave_whole_documents_and_end_like_a_clean_build() {
    let kills: usize = common::env_or("DIPLOGRAPH_STRESS_KILLS", 3);
    let seed: u64 = common::env_or("DIPLOGRAPH_STRESS_SEED", 1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed.wrapping_mul(0x1000_0001));
    let dir = common::temp_dir("crash");
    let pool = pool(&dir, 6000);
    assert!(pool.len() > 150, "{} documents", pool.len());
    let mut corpus = Corpus {
        dir: dir.join("corpus"),
        docs: BTreeMap::new(),
    };
    std::fs::create_dir_all(&corpus.dir).unwrap();
    let store = dir.join("store");
    let reference = dir.join("reference");
    let mut known = Signatures::new();
    // How long each operation took when it ran to the end: kills land anywhere in it.
    let mut durations: BTreeMap<Operation, Duration> = BTreeMap::new();
    let (mut killed, mut finished) = (0usize, 0usize);
    let mut killed_by_op: BTreeMap<Operation, usize> = BTreeMap::new();
    let started = Instant::now();
    let mut round = 0;
    while killed < kills {
        round += 1;
        // The next operation on the corpus folder: add new documents (many batches),
        // change some (replacements in transactions), or remove some.
        let absent: Vec<PoolDoc> = pool
            .iter()
            .filter(|d| !corpus.docs.contains_key(&d.id))
            .cloned()
            .collect();
        let present: Vec<String> = corpus.docs.keys().cloned().collect();
        let op = match rng.below(4) {
            _ if present.len() < 40 => Operation::Add,
            0 | 1 if !absent.is_empty() => Operation::Add,
            2 => Operation::Change,
            _ => Operation::Remove,
        };
        let mut removed = Vec::new();
        match op {
            Operation::Add => {
                for d in rng.pick(&absent, 60) {
                    corpus.docs.insert(d.id.clone(), (d, 0));
                }
            }
            Operation::Change => {
                for id in rng.pick(&present, 15) {
                    let entry = corpus.docs.get_mut(&id).unwrap();
                    entry.1 = 1 - entry.1;
                }
            }
            Operation::Remove => {
                removed = rng.pick(&present, 20);
                for id in &removed {
                    corpus.docs.remove(id);
                }
            }
        }
        corpus.write();
        // What the store must end as: a clean build of the folder.
        let _ = std::fs::remove_dir_all(&reference);
        ok(&[
            "build",
            corpus.dir.to_str().unwrap(),
            "--store",
            reference.to_str().unwrap(),
        ]);
        known.extend(signatures(&reference));
        let expected = nquads(&reference);

        let args = command(op, &corpus, &store, &removed);
        let typical = durations
            .get(&op)
            .copied()
            .unwrap_or(Duration::from_millis(1500));
        // Anywhere in the run, start-up and the last commit included.
        let after = Duration::from_micros(rng.next() % (typical.as_micros() as u64 * 19 / 20 + 1));
        let t0 = Instant::now();
        if run_killed(&args, after) {
            killed += 1;
            *killed_by_op.entry(op).or_default() += 1;
            check_whole(
                &store,
                &known,
                &format!("round {round}, {op:?} killed after {after:?}"),
            );
            // Run it again, to the end.
            let t1 = Instant::now();
            assert!(!run_killed(&args, Duration::from_secs(600)));
            durations.entry(op).or_insert_with(|| t1.elapsed());
        } else {
            finished += 1;
            durations.insert(op, t0.elapsed());
        }
        let got = nquads(&store);
        if got != expected {
            let got_set: BTreeSet<&String> = got.iter().collect();
            let want_set: BTreeSet<&String> = expected.iter().collect();
            let extra: Vec<_> = got_set.difference(&want_set).take(5).collect();
            let missing: Vec<_> = want_set.difference(&got_set).take(5).collect();
            panic!(
                "round {round} ({op:?}): the store differs from a clean build: {} quads vs {}; \
                 extra {extra:#?}; missing {missing:#?}",
                got.len(),
                expected.len()
            );
        }
    }
    println!(
        "crash test: {killed} kills ({killed_by_op:?}), {finished} operations that ended before \
         their kill, {round} rounds, {} documents at the end, {:.0} s; every kill left whole \
         documents and every store ended equal to a clean build",
        corpus.docs.len(),
        started.elapsed().as_secs_f64()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
