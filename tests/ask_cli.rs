//! `diplograph ask` on the sample corpus, in English, Vietnamese and French: every family of
//! questions, every example of the question files, `--explain`, and the error paths (questions
//! not understood, unknown names, names that try to smuggle SPARQL in).

mod common;
use common::*;
use serde_json::Value;
use std::path::PathBuf;

/// The store built from the sample corpus, shared by the tests of this file.
fn store() -> &'static str {
    corpus_store()
}

/// Runs `diplograph ask QUESTION EXTRA... --store STORE`: (exit code, stdout, stderr).
fn ask(question: &str, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["ask", question];
    args.extend(extra);
    args.extend(["--store", store()]);
    let out = run_exclusive(&args, None);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The JSON answer to a question that must be understood and answered.
fn answer(question: &str) -> Value {
    let (code, out, err) = ask(question, &["--format", "json"]);
    assert_eq!(code, 0, "{question}: {err}");
    let v: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{question}: bad JSON {e}: {out}"));
    assert_eq!(v["question"], question);
    v
}

/// The JSON answer, checked to be understood as `understood` (which names the family).
fn answer_as(question: &str, understood: &str) -> Value {
    let v = answer(question);
    assert_eq!(
        v["understood"].as_str().unwrap_or_default(),
        understood,
        "{question}"
    );
    v
}

fn rows(v: &Value) -> &Vec<Value> {
    v["rows"].as_array().expect("rows")
}

fn cell<'a>(row: &'a Value, column: &str) -> &'a str {
    row[column]
        .as_str()
        .unwrap_or_else(|| panic!("no column {column} in {row}"))
}

/// A source is "document#sentence".
fn is_source(s: &str) -> bool {
    match s.split_once('#') {
        Some((doc, idx)) => {
            !doc.is_empty() && !idx.is_empty() && idx.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// Every event row is what one sentence states: a quote and its source.
fn assert_event_rows_have_evidence(question: &str, v: &Value) {
    for r in rows(v) {
        assert!(!cell(r, "quote").is_empty(), "{question}: {r}");
        assert!(is_source(cell(r, "source")), "{question}: {r}");
    }
}

#[test]
fn agreements_involving_idlib_in_three_languages() {
    for q in [
        "all agreements involving Idlib",
        "agreements concerning Idlib",
        "tất cả các thỏa thuận liên quan đến Idlib",
        "các thỏa thuận về tỉnh Idlib",
        "tous les accords concernant Idlib",
        "liste des accords concernant la province d'Idlib",
    ] {
        let v = answer_as(q, "agreements involving Idlib");
        assert_eq!(
            v["columns"],
            serde_json::json!(["agreement", "parties", "date", "events", "quote", "source"])
        );
        let rs = rows(&v);
        for name in ["Sochi agreement", "Moscow agreement"] {
            let of: Vec<&Value> = rs.iter().filter(|r| cell(r, "agreement") == name).collect();
            assert!(!of.is_empty(), "{q}: no {name} in {v}");
            for r in of {
                assert!(!cell(r, "quote").is_empty(), "{q}: {r}");
                assert!(is_source(cell(r, "source")), "{q}: {r}");
                assert!(
                    cell(r, "parties").contains("Russia") && cell(r, "parties").contains("Turkey"),
                    "{q}: {r}"
                );
            }
        }
        // A quote always comes with its source.
        for r in rs {
            assert_eq!(
                cell(r, "quote").is_empty(),
                cell(r, "source").is_empty(),
                "{q}: {r}"
            );
        }
    }
}

#[test]
fn agreements_between_russia_and_turkey() {
    for q in [
        "agreements between Russia and Turkey",
        "the agreements signed between Russia and Türkiye",
        "các thỏa thuận giữa Nga và Thổ Nhĩ Kỳ",
        "những hiệp định đã ký giữa Liên bang Nga và Thổ Nhĩ Kỳ",
        "les accords entre la Russie et la Turquie",
        "quels sont les accords conclus entre la Russie et la Turquie ?",
    ] {
        let v = answer_as(q, "agreements between Russia and Turkey");
        let rs = rows(&v);
        assert!(
            rs.iter().any(|r| cell(r, "agreement") == "Moscow agreement"
                && !cell(r, "quote").is_empty()
                && is_source(cell(r, "source"))),
            "{q}: {v}"
        );
        for r in rs {
            let parties = cell(r, "parties");
            assert!(
                parties.contains("Russia") && parties.contains("Turkey"),
                "{q}: {r}"
            );
        }
    }
    // The order of the two names does not matter.
    let a = answer("agreements between Russia and Turkey");
    let b = answer("agreements between Turkey and Russia");
    assert_eq!(rows(&a).len(), rows(&b).len());
}

#[test]
fn parties_to_the_sochi_agreement() {
    for q in [
        "who signed the Sochi agreement",
        "parties to the Sochi memorandum",
        "ai đã ký thỏa thuận Sochi",
        "các bên tham gia thỏa thuận Sochi",
        "qui a signé l'accord de Sotchi",
        "qui sont les signataires de l’accord de Sotchi ?",
    ] {
        let v = answer_as(q, "parties to Sochi agreement");
        assert_eq!(v["columns"], serde_json::json!(["party", "kind"]));
        let rs = rows(&v);
        assert_eq!(v["total"], rs.len(), "{q}: {v}");
        for state in ["Turkey", "Russia"] {
            assert!(
                rs.iter()
                    .any(|r| cell(r, "party") == state && cell(r, "kind") == "state"),
                "{q}: {state} missing: {v}"
            );
        }
        for r in rs {
            assert!(
                ["state", "person", "organisation", "group"].contains(&cell(r, "kind")),
                "{q}: {r}"
            );
        }
    }
}

#[test]
fn talks_between_the_united_states_and_russia_with_their_outcome() {
    for q in [
        "talks between the US and Russia",
        "negotiations between the United States and Russia",
        "các cuộc đàm phán giữa Mỹ và Nga",
        "các cuộc hội đàm giữa Hoa Kỳ và Nga",
        "les pourparlers entre les États-Unis et la Russie",
        "les négociations entre Washington et Moscou",
    ] {
        let v = answer_as(q, "talks between United States and Russia");
        assert_eq!(
            v["columns"],
            serde_json::json!([
                "date",
                "event",
                "participants",
                "outcome",
                "reports",
                "quote",
                "source"
            ])
        );
        let rs = rows(&v);
        assert!(
            rs.iter().any(|r| cell(r, "outcome") == "failed"),
            "{q}: {v}"
        );
        for r in rs {
            assert_eq!(cell(r, "event"), "Talks", "{q}: {r}");
            let p = cell(r, "participants");
            assert!(
                p.contains("United States") && p.contains("Russia"),
                "{q}: {r}"
            );
        }
        assert_event_rows_have_evidence(q, &v);
    }
}

#[test]
fn failed_talks() {
    for q in [
        "failed talks",
        "which talks failed",
        "các cuộc đàm phán thất bại",
        "những cuộc đàm phán nào đã thất bại",
        "les négociations qui ont échoué",
        "quelles négociations ont échoué ?",
    ] {
        let v = answer_as(q, "failed talks");
        let rs = rows(&v);
        assert!(!rs.is_empty(), "{q}");
        for r in rs {
            assert_eq!(cell(r, "outcome"), "failed", "{q}: {r}");
            assert_eq!(cell(r, "event"), "Talks", "{q}: {r}");
        }
        let mentions = |who: &str| {
            rs.iter()
                .any(|r| cell(r, "participants").contains(who) || cell(r, "quote").contains(who))
        };
        assert!(mentions("Kerry") && mentions("Obama"), "{q}: {v}");
        assert_event_rows_have_evidence(q, &v);
    }
}

#[test]
fn failed_talks_involving_russia() {
    let all = rows(&answer("failed talks")).len();
    for q in [
        "failed talks involving Russia",
        "which talks with Russia failed",
        "các cuộc đàm phán thất bại với Nga",
        "những cuộc đàm phán với Nga đã thất bại",
        "les négociations ratées avec la Russie",
        "quelles négociations avec la Russie ont échoué",
    ] {
        let v = answer_as(q, "failed talks involving Russia");
        let rs = rows(&v);
        assert!(!rs.is_empty() && rs.len() <= all, "{q}");
        for r in rs {
            assert_eq!(cell(r, "outcome"), "failed", "{q}: {r}");
            assert!(cell(r, "participants").contains("Russia"), "{q}: {r}");
        }
        assert_event_rows_have_evidence(q, &v);
    }
}

#[test]
fn what_happened_between_russia_and_turkey() {
    for q in [
        "what happened between Russia and Turkey",
        "chuyện gì đã xảy ra giữa Nga và Thổ Nhĩ Kỳ",
        "que s'est-il passé entre la Russie et la Turquie ?",
    ] {
        let v = answer_as(q, "what happened between Russia and Turkey");
        let rs = rows(&v);
        assert!(rs.len() >= 3, "{q}: {v}");
        for r in rs {
            let p = cell(r, "participants");
            assert!(p.contains("Russia") && p.contains("Turkey"), "{q}: {r}");
        }
        assert_event_rows_have_evidence(q, &v);
    }
    // With a year: only that year's events (the sample corpus dates one of them to 2019).
    for q in [
        "what happened between Russia and Turkey in 2019",
        "chuyện gì đã xảy ra giữa Nga và Thổ Nhĩ Kỳ năm 2019",
        "que s'est-il passé entre la Russie et la Turquie en 2019",
    ] {
        let v = answer_as(q, "what happened between Russia and Turkey in 2019");
        let rs = rows(&v);
        assert!(!rs.is_empty(), "{q}");
        for r in rs {
            assert!(cell(r, "date").starts_with("2019"), "{q}: {r}");
        }
    }
    for q in [
        "what happened between Russia and Turkey in 2020",
        "chuyện gì đã xảy ra giữa Nga và Thổ Nhĩ Kỳ năm 2020",
        "que s'est-il passé entre la Russie et la Turquie en 2020",
    ] {
        let v = answer_as(q, "what happened between Russia and Turkey in 2020");
        for r in rows(&v) {
            assert!(cell(r, "date").starts_with("2020"), "{q}: {r}");
        }
    }
}

#[test]
fn meetings_and_calls_of_putin() {
    for q in [
        "meetings and calls of Vladimir Putin",
        "Putin's meetings and phone calls",
        "các cuộc gặp và điện đàm của Vladimir Putin",
        "các cuộc gặp của Putin",
        "les rencontres et appels de Vladimir Poutine",
        "les réunions et les appels téléphoniques de Poutine",
    ] {
        let v = answer_as(q, "meetings and calls of Vladimir Putin");
        let rs = rows(&v);
        assert!(!rs.is_empty(), "{q}");
        for r in rs {
            assert!(
                ["Meeting", "PhoneCall"].contains(&cell(r, "event")),
                "{q}: {r}"
            );
            assert!(
                cell(r, "participants").contains("Vladimir Putin"),
                "{q}: {r}"
            );
        }
        assert!(rs.iter().any(|r| cell(r, "event") == "Meeting"), "{q}");
        assert!(rs.iter().any(|r| cell(r, "event") == "PhoneCall"), "{q}");
        assert_event_rows_have_evidence(q, &v);
    }
}

/// The accusation of 4 March: Russia accuses Turkey of not meeting its obligations.
fn has_4_march_accusation(v: &Value) -> bool {
    rows(v).iter().any(|r| {
        cell(r, "date").starts_with("--03-04")
            && cell(r, "quote").contains("4/3")
            && cell(r, "participants").contains("Russia")
            && cell(r, "participants").contains("Turkey")
    })
}

#[test]
fn accusations_by_russia_and_against_turkey() {
    for (q, who) in [
        ("accusations by Russia", "Russia"),
        ("accusations against Turkey", "Turkey"),
        ("các cáo buộc của Nga", "Russia"),
        ("các cáo buộc nhằm vào Thổ Nhĩ Kỳ", "Turkey"),
        ("les accusations de la Russie", "Russia"),
        ("les accusations contre la Turquie", "Turkey"),
        (
            "les accusations portées à l'encontre de la Turquie",
            "Turkey",
        ),
    ] {
        let v = answer_as(q, &format!("accusations by or against {who}"));
        let rs = rows(&v);
        assert!(!rs.is_empty(), "{q}");
        for r in rs {
            assert_eq!(cell(r, "event"), "Accusation", "{q}: {r}");
            assert!(cell(r, "participants").contains(who), "{q}: {r}");
        }
        assert!(has_4_march_accusation(&v), "{q}: {v}");
        assert_event_rows_have_evidence(q, &v);
    }
}

/// The year of a date cell ("2019-10-22 (day)" → 2019; "--03-04 (day)", "" → none).
fn year_of(cell: &str) -> Option<i32> {
    cell.get(0..4)?.parse().ok()
}

#[test]
fn timeline_of_turkey_newest_first() {
    for q in [
        "timeline of Turkey",
        "Turkey timeline",
        "dòng thời gian của Thổ Nhĩ Kỳ",
        "la chronologie de la Turquie",
        "l'historique de la Turquie",
    ] {
        let v = answer_as(q, "timeline of Turkey");
        let rs = rows(&v);
        assert!(rs.len() >= 5, "{q}");
        for r in rs {
            assert!(cell(r, "participants").contains("Turkey"), "{q}: {r}");
        }
        // Events with a year come newest first, then those without one.
        let years: Vec<Option<i32>> = rs.iter().map(|r| year_of(cell(r, "date"))).collect();
        let with_year: Vec<i32> = years.iter().flatten().copied().collect();
        assert!(
            with_year.windows(2).all(|w| w[0] >= w[1]),
            "{q}: not newest first: {years:?}"
        );
        assert!(years[0].is_some(), "{q}: the newest has a year: {years:?}");
        assert!(years.last().unwrap().is_none(), "{q}: {years:?}");
        assert_event_rows_have_evidence(q, &v);
    }
}

#[test]
fn a_broad_question_pages_with_a_cursor_and_dates() {
    let all = answer("timeline of Turkey");
    let total = all["total"].as_u64().expect("total") as usize;
    assert!(total >= 5, "{all}");
    // Page by page with the cursor, two rows at a time: the same rows in the same order.
    let mut paged: Vec<Value> = Vec::new();
    let mut cursor = Some("0".to_string());
    while let Some(c) = cursor {
        let (code, out, err) = ask(
            "timeline of Turkey",
            &["--format", "json", "--limit", "2", "--cursor", &c],
        );
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).expect("JSON");
        assert_eq!(v["total"], total, "{v}");
        assert!(rows(&v).len() <= 2, "{v}");
        paged.extend(rows(&v).iter().cloned());
        cursor = v["next_cursor"].as_str().map(str::to_string);
    }
    let everything = {
        let (code, out, err) = ask("timeline of Turkey", &["--format", "json", "--all"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<Value>(&out).expect("JSON")
    };
    assert_eq!(&paged, rows(&everything));
    assert_eq!(paged.len(), total);
    // The table says how many there are and how to see more.
    let (_, text, _) = ask("timeline of Turkey", &["--limit", "2"]);
    assert!(
        text.starts_with(&format!("timeline of Turkey: {total} in all, newest first")),
        "{text}"
    );
    assert!(text.contains("--cursor 2"), "{text}");
    // --since/--until keep the events dated within, in years or days.
    let (code, out, err) = ask(
        "timeline of Turkey",
        &[
            "--format",
            "json",
            "--since",
            "2019",
            "--until",
            "2020-12-31",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(!rows(&v).is_empty(), "{v}");
    assert!(rows(&v).len() < total, "{v}");
    // Bad bounds and cursors are refused with a one-line error.
    for bad in [
        ["--since", "last year"],
        ["--until", "2019-13-01"],
        ["--cursor", "x"],
    ] {
        let (code, out, err) = ask("timeline of Turkey", &bad);
        assert_eq!(code, 2, "{bad:?}: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{bad:?}: {err}");
    }
}

#[test]
fn output_closed_early_is_not_an_error() {
    for args in [
        vec!["ask", "timeline of Turkey", "--all"],
        vec!["export", "--format", "nquads"],
        vec!["query", "SELECT * WHERE { ?s ?p ?o }"],
    ] {
        let mut args = args.clone();
        args.extend(["--store", store()]);
        let out = exclusive(|| {
            let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_diplograph"))
                .args(&args)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn");
            // The reader goes away before anything is written (`| head -0`).
            drop(child.stdout.take());
            child.wait_with_output().expect("wait")
        });
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {out:?}");
    }
    // A full output is one clear line and a failure.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = exclusive(|| {
        std::process::Command::new(env!("CARGO_BIN_EXE_diplograph"))
            .args(["ask", "timeline of Turkey", "--store", store()])
            .stdout(full)
            .output()
            .expect("run")
    });
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write to standard output") && err.trim().lines().count() == 1,
        "{err}"
    );
}

#[test]
fn connection_from_iran_to_the_united_states_goes_through_russia() {
    for q in [
        "how is Iran connected to the United States",
        "the connection between Iran and the US",
        "Iran liên quan thế nào với Mỹ",
        "mối liên hệ giữa Iran và Mỹ",
        "quel est le lien entre l'Iran et les États-Unis",
        "comment l'Iran est-il lié aux États-Unis ?",
    ] {
        let v = answer_as(q, "how Iran is connected to United States");
        let text = v["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{q}: no text: {v}"));
        assert!(text.contains("Iran"), "{q}: {text}");
        assert!(text.contains("Russia"), "{q}: {text}");
        assert!(text.contains("United States"), "{q}: {text}");
        assert!(text.contains('#'), "{q}: a quote with its source: {text}");
        assert!(
            rows(&v).is_empty() && v["sparql"].as_array().is_some_and(Vec::is_empty),
            "{q}: {v}"
        );
    }
    // --explain says the path engine answers it.
    let (code, out, _) = ask("how is Iran connected to the United States", &["--explain"]);
    assert_eq!(code, 0);
    assert!(out.starts_with('#') && out.contains("path"), "{out}");
}

#[test]
fn mediators_between_turkey_and_the_united_states() {
    for q in [
        "who mediates between Turkey and the United States",
        "mediators between Türkiye and the US",
        "ai làm trung gian giữa Thổ Nhĩ Kỳ và Mỹ",
        "các bên trung gian giữa Thổ Nhĩ Kỳ và Hoa Kỳ",
        "qui sert de médiateur entre la Turquie et les États-Unis",
        "les intermédiaires entre la Turquie et les États-Unis",
    ] {
        let v = answer_as(q, "who mediates between Turkey and United States");
        assert_eq!(
            v["columns"],
            serde_json::json!([
                "mediator",
                "events with the first",
                "events with the second"
            ])
        );
        let rs = rows(&v);
        let russia = rs
            .iter()
            .find(|r| cell(r, "mediator") == "Russia")
            .unwrap_or_else(|| panic!("{q}: Russia is no mediator: {v}"));
        for c in ["events with the first", "events with the second"] {
            let n: u32 = cell(russia, c).parse().expect("a count");
            assert!(n > 0, "{q}: {russia}");
        }
        for r in rs {
            assert!(
                !["Turkey", "United States"].contains(&cell(r, "mediator")),
                "{q}: {r}"
            );
        }
    }
}

/// Every question file, parsed: (file name, table).
fn question_files() -> Vec<(String, toml::Table)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/questions");
    let mut files: Vec<(String, toml::Table)> = std::fs::read_dir(&dir)
        .expect("data/questions")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let table: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), table)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

const FAMILIES: [&str; 12] = [
    "agreements_involving",
    "agreements_between",
    "parties_to",
    "talks_between",
    "failed_talks",
    "failed_talks_involving",
    "happened_between",
    "meetings_and_calls",
    "accusations",
    "timeline",
    "connection",
    "mediators",
];

#[test]
fn every_language_has_forms_and_examples_for_every_family() {
    let files = question_files();
    let langs: Vec<&str> = files
        .iter()
        .map(|(_, t)| t["lang"].as_str().expect("lang"))
        .collect();
    for lang in ["en", "vi", "fr"] {
        assert!(langs.contains(&lang), "no question file for {lang}");
    }
    for (name, table) in &files {
        let questions = table["question"].as_array().expect("[[question]]");
        for family in FAMILIES {
            let of: Vec<&toml::Table> = questions
                .iter()
                .filter_map(|q| q.as_table())
                .filter(|q| q["family"].as_str() == Some(family))
                .collect();
            assert!(!of.is_empty(), "{name}: no forms for {family}");
            let patterns: usize = of
                .iter()
                .map(|q| q["patterns"].as_array().map_or(0, Vec::len))
                .sum();
            let examples: usize = of
                .iter()
                .map(|q| {
                    q.get("examples")
                        .and_then(|e| e.as_array())
                        .map_or(0, Vec::len)
                })
                .sum();
            assert!(patterns > 0, "{name}: no patterns for {family}");
            assert!(examples > 0, "{name}: no examples for {family}");
        }
    }
}

#[test]
fn every_example_parses_and_is_answered() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (name, table) in question_files() {
        for q in table["question"].as_array().expect("[[question]]") {
            let family = q["family"].as_str().unwrap_or_default();
            let examples = q.get("examples").and_then(|e| e.as_array());
            for e in examples.into_iter().flatten() {
                let e = e.as_str().expect("an example is a string");
                count += 1;
                let (code, out, err) = ask(e, &["--explain"]);
                if code != 0 || out.trim().is_empty() {
                    failures.push(format!("{name} [{family}] {e:?}: exit {code}: {err}"));
                    continue;
                }
                let v = answer(e);
                if v["understood"].as_str().unwrap_or_default().is_empty() {
                    failures.push(format!("{name} [{family}] {e:?}: nothing understood"));
                }
            }
        }
    }
    assert!(count >= 36, "only {count} examples");
    assert!(
        failures.is_empty(),
        "examples that fail:\n{}",
        failures.join("\n")
    );
}

/// The rows `diplograph query --file` gives for a SPARQL file.
fn query_rows(file: &str) -> Vec<Value> {
    let out = run_exclusive(
        &[
            "query",
            "--file",
            file,
            "--format",
            "json",
            "--store",
            store(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "query --file {file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("SPARQL results JSON");
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .clone()
}

#[test]
fn explain_gives_the_sparql_that_answers_and_query_runs_it() {
    let dir = temp_dir("ask-explain");
    for (i, q) in [
        "all agreements involving Idlib",
        "các thỏa thuận giữa Nga và Thổ Nhĩ Kỳ",
        "qui a signé l'accord de Sotchi",
        "talks between the US and Russia",
        "các cuộc đàm phán thất bại",
        "les négociations ratées avec la Russie",
        "chuyện gì đã xảy ra giữa Nga và Thổ Nhĩ Kỳ năm 2019",
        "que s'est-il passé entre la Russie et la Turquie",
        "meetings and calls of Vladimir Putin",
        "các cáo buộc nhằm vào Thổ Nhĩ Kỳ",
        "la chronologie de la Turquie",
        "who mediates between Turkey and the United States",
        "failed talks involving Japan",
    ]
    .into_iter()
    .enumerate()
    {
        let (code, explained, err) = ask(q, &["--explain"]);
        assert_eq!(code, 0, "{q}: {err}");
        let v = answer(q);
        let sparql: Vec<&str> = v["sparql"]
            .as_array()
            .expect("sparql is a list")
            .iter()
            .map(|s| s.as_str().expect("a query"))
            .collect();
        assert!(!sparql.is_empty(), "{q}: {v}");
        // --explain prints the same queries, each under a header.
        let n = sparql.len();
        let mut expected = String::new();
        for (k, s) in sparql.iter().enumerate() {
            expected += &format!("# query {} of {n}\n{s}\n", k + 1);
        }
        assert_eq!(explained.trim(), expected.trim(), "{q}");
        // Each runs as it is; the first counts what the answer's total says.
        let mut first = Vec::new();
        for (k, s) in sparql.iter().enumerate() {
            let file = write(&dir, &format!("q{i}-{k}.rq"), s.as_bytes());
            let got = query_rows(&file);
            if k == 0 {
                first = got;
            }
        }
        let counted: usize = if first.iter().any(|r| r.get("n").is_some()) {
            first
                .iter()
                .map(|r| r["n"]["value"].as_str().unwrap().parse::<usize>().unwrap())
                .sum()
        } else {
            first.len()
        };
        assert_eq!(Some(counted as u64), v["total"].as_u64(), "{q}: {v}");
        assert_eq!(rows(&v).len(), counted.min(20), "{q}");
    }
}

#[test]
fn a_question_no_form_matches_lists_the_supported_forms() {
    for q in [
        "what is the meaning of life",
        "thời tiết hôm nay thế nào",
        "quel temps fait-il",
        "",
    ] {
        let (code, out, err) = ask(q, &[]);
        assert_eq!(code, 2, "{q:?}: {out}{err}");
        assert!(out.is_empty(), "{q:?}: {out}");
        assert!(err.contains("did not understand"), "{q:?}: {err}");
        for example in [
            "all agreements involving Idlib",
            "tất cả các thỏa thuận liên quan đến Idlib",
            "tous les accords concernant Idlib",
            "who signed the JCPOA",
            "ai đã ký thỏa thuận Sochi",
            "qui a signé l'accord de Sotchi",
        ] {
            assert!(err.contains(example), "{q:?}: {example} not listed: {err}");
        }
        for family in FAMILIES {
            assert!(err.contains(family), "{q:?}: {family} not listed");
        }
    }
}

#[test]
fn an_unknown_name_gets_did_you_mean() {
    for q in [
        "agreements involving Idlbb",
        "các thỏa thuận liên quan đến Idlbb",
        "les accords concernant Idlbb",
    ] {
        let (code, out, err) = ask(q, &["--format", "json"]);
        assert_eq!(code, 1, "{q}: {out}{err}");
        assert!(out.is_empty(), "{q}: {out}");
        assert!(err.contains("unknown name"), "{q}: {err}");
        assert!(err.contains("did you mean"), "{q}: {err}");
        assert!(err.contains("Idlib"), "{q}: {err}");
    }
}

#[test]
fn a_known_name_without_answers_says_so() {
    for (q, understood) in [
        (
            "failed talks involving Japan",
            "failed talks involving Japan",
        ),
        (
            "các cuộc đàm phán thất bại với Nhật Bản",
            "failed talks involving Japan",
        ),
        (
            "les négociations ratées avec le Japon",
            "failed talks involving Japan",
        ),
    ] {
        let (code, out, err) = ask(q, &[]);
        assert_eq!(code, 0, "{q}: {err}");
        assert!(out.starts_with(understood), "{q}: {out}");
        assert!(out.contains("no answers"), "{q}: {out}");
        let v = answer_as(q, understood);
        assert!(rows(&v).is_empty(), "{q}: {v}");
    }
}

#[test]
fn user_text_never_reaches_sparql() {
    let nasty = [
        "agreements involving Idlib\" } DROP ALL; #",
        "agreements involving {x}",
        "agreements involving {y}",
        "agreements involving Russia\nSELECT * WHERE { ?s ?p ?o }",
        "agreements involving Idlib> } ; DELETE WHERE { ?s ?p ?o } #",
        "agreements involving <https://w3id.org/diplograph/id/place/idlib>",
        "timeline of Turkey' . ?s ?p ?o",
        "agreements between Russia and Turkey\" } UNION { ?s ?p ?o",
        "talks between Russia and \\\" } CLEAR DEFAULT #",
        "các thỏa thuận liên quan đến Idlib\" } DROP ALL #",
        "tous les accords concernant l'Idlib\" } INSERT DATA { <a> <b> <c> } #",
        "what happened between Russia and Turkey in 2020\" } #",
        "who mediates between {x} and {y}",
        "accusations by ?s",
        "agreements involving Idlib # comment",
    ];
    for q in nasty {
        for format in ["table", "json"] {
            let (code, out, err) = ask(q, &["--format", format]);
            assert!(code == 1 || code == 2, "{q:?}: exit {code}\n{out}\n{err}");
            if code == 1 {
                assert!(err.contains("unknown name"), "{q:?}: {err}");
            } else {
                assert!(err.contains("did not understand"), "{q:?}: {err}");
            }
            for bad in [
                "panicked",
                "SPARQL",
                "parse error",
                "syntax error",
                "Error:",
            ] {
                assert!(!err.contains(bad), "{q:?}: {err}");
            }
            assert!(out.is_empty(), "{q:?}: {out}");
        }
        let (code, _, err) = ask(q, &["--explain"]);
        assert!(
            code == 1 || code == 2,
            "{q:?}: --explain exit {code}: {err}"
        );
    }
    // The store is untouched and still answers.
    let v = answer_as(
        "all agreements involving Idlib",
        "agreements involving Idlib",
    );
    assert!(
        rows(&v)
            .iter()
            .any(|r| cell(r, "agreement") == "Sochi agreement")
    );
    assert!(
        rows(&v)
            .iter()
            .any(|r| cell(r, "agreement") == "Moscow agreement")
    );
}
