//! Precision and recall of `diplograph extract` on the sample corpus against our own gold
//! annotation (`tests/gold/<doc>.jsonl`, one line per sentence, every sentence present).
//!
//! A predicted event matches a gold event of the same sentence when they have the same type,
//! the same sides (states; persons count as their state; organisations and groups as
//! themselves), the same outcome where the gold gives one, and, for agreements and
//! ceasefires, the same agreement where the gold names a known one. Matching is one-to-one.
//! An event restated by later sentences counts as stated by each of them; a ceasefire
//! agreement is one ceasefire event (with its agreement), and types count as one where the
//! development set's scorer counts them so (meeting and talks, agreement and ceasefire). A
//! listed agreement named as existing is an agreement event with its listed parties, as in
//! the development set.

mod common;
use common::*;
use diplograph::datafiles::DataSource;
use diplograph::gazetteer::Gazetteer;
use diplograph::model::EntityKind;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.85;

fn sides(g: &Gazetteer, ids: &[String]) -> BTreeSet<String> {
    ids.iter()
        .map(|id| match g.get(id) {
            Some(e) if g.entity(e).kind == EntityKind::Person => g
                .entity(e)
                .state
                .map(|s| g.entity(s).id.clone())
                .unwrap_or_else(|| id.clone()),
            _ => id.clone(),
        })
        .collect()
}

#[derive(Debug)]
struct Annotated {
    doc: String,
    sentence: usize,
    text: String,
    kind: String,
    sides: BTreeSet<String>,
    outcome: Option<String>,
    agreement: Option<String>,
}

/// Types that count as one, as in the development set's scorer: a meeting is talks, a
/// ceasefire an agreement.
fn same_kind(gold: &str, pred: &str) -> bool {
    gold == pred
        || matches!(
            (gold, pred),
            ("talks", "meeting")
                | ("meeting", "talks")
                | ("agreement", "ceasefire")
                | ("ceasefire", "agreement")
        )
}

fn matches(gold: &Annotated, pred: &Annotated) -> bool {
    same_kind(&gold.kind, &pred.kind)
        && gold.sides == pred.sides
        && (gold.outcome.is_none() || gold.outcome == pred.outcome)
        && (!matches!(gold.kind.as_str(), "agreement" | "ceasefire")
            || gold.agreement.is_none()
            || gold.agreement == pred.agreement)
}

#[test]
fn extraction_meets_precision_and_recall_on_the_sample_corpus() {
    let g = Gazetteer::load(&DataSource::Embedded).expect("gazetteer loads");
    let gold_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");

    // Every sentence diplograph sees must be annotated, with the same text.
    let out = run(&["sentences", "data/corpus"], None);
    assert!(out.status.success());
    let sentences = json_lines(&out.stdout);
    let mut gold_lines: HashMap<(String, usize), Value> = HashMap::new();
    let mut gold: Vec<Annotated> = Vec::new();
    for entry in std::fs::read_dir(&gold_dir).expect("tests/gold exists") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let doc = path.file_stem().unwrap().to_string_lossy().to_string();
        for line in std::fs::read_to_string(&path).unwrap().lines() {
            let v: Value = serde_json::from_str(line).expect("gold line parses");
            let idx = v["sentence"].as_u64().unwrap() as usize;
            for e in v["events"].as_array().unwrap() {
                let ids: Vec<String> = e["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| p.as_str().unwrap().to_string())
                    .collect();
                for id in &ids {
                    assert!(g.get(id).is_some(), "{}: unknown id {id}", path.display());
                }
                gold.push(Annotated {
                    doc: doc.clone(),
                    sentence: idx,
                    text: v["text"].as_str().unwrap().to_string(),
                    kind: e["type"].as_str().unwrap().to_string(),
                    sides: sides(&g, &ids),
                    outcome: e["outcome"].as_str().map(str::to_string),
                    agreement: e["agreement"].as_str().map(str::to_string),
                });
            }
            gold_lines.insert((doc.clone(), idx), v);
        }
    }
    for s in &sentences {
        let key = (
            s["doc"].as_str().unwrap().to_string(),
            s["sentence"].as_u64().unwrap() as usize,
        );
        let line = gold_lines
            .get(&key)
            .unwrap_or_else(|| panic!("sentence {key:?} is not annotated: {}", s["text"]));
        assert_eq!(line["text"], s["text"], "gold text differs for {key:?}");
    }
    assert_eq!(
        gold_lines.len(),
        sentences.len(),
        "gold has sentences diplograph does not see"
    );

    let out = run(&["extract", "data/corpus"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An event restated by later sentences is stated by each of them.
    let predicted: Vec<Annotated> = json_lines(&out.stdout)
        .iter()
        .flat_map(|e| {
            let own = std::iter::once((
                e["sentence"].as_u64().unwrap() as usize,
                e["text"].as_str().unwrap().to_string(),
            ));
            let mentions = e["mentions"].as_array().cloned().unwrap_or_default();
            let restated = mentions.into_iter().map(|m| {
                (
                    m["sentence"].as_u64().unwrap() as usize,
                    m["text"].as_str().unwrap().to_string(),
                )
            });
            own.chain(restated)
                .map(|(sentence, text)| Annotated {
                    doc: e["doc"].as_str().unwrap().to_string(),
                    sentence,
                    text,
                    kind: e["type"].as_str().unwrap().to_string(),
                    sides: sides(&g, &ids(e)),
                    outcome: e["outcome"].as_str().map(str::to_string),
                    agreement: e["agreement"]["id"].as_str().map(str::to_string),
                })
                .collect::<Vec<_>>()
        })
        .collect();

    let mut used = vec![false; predicted.len()];
    let mut missed = Vec::new();
    for ge in &gold {
        let hit = predicted.iter().enumerate().position(|(i, p)| {
            !used[i] && p.doc == ge.doc && p.sentence == ge.sentence && matches(ge, p)
        });
        match hit {
            Some(i) => used[i] = true,
            None => missed.push(ge),
        }
    }
    let tp = used.iter().filter(|u| **u).count();
    let precision = tp as f64 / predicted.len().max(1) as f64;
    let recall = tp as f64 / gold.len().max(1) as f64;
    println!(
        "gold {} events, predicted {}, matched {tp}: precision {precision:.3}, recall {recall:.3}",
        gold.len(),
        predicted.len()
    );
    for m in &missed {
        println!(
            "MISSED  {}#{} {} {:?} {:?} {:?} | {}",
            m.doc, m.sentence, m.kind, m.sides, m.outcome, m.agreement, m.text
        );
    }
    for (p, u) in predicted.iter().zip(&used) {
        if !u {
            println!(
                "SPURIOUS {}#{} {} {:?} {:?} {:?} | {}",
                p.doc, p.sentence, p.kind, p.sides, p.outcome, p.agreement, p.text
            );
        }
    }
    assert!(
        precision >= MIN_PRECISION,
        "precision {precision:.3} < {MIN_PRECISION}"
    );
    assert!(recall >= MIN_RECALL, "recall {recall:.3} < {MIN_RECALL}");
}
