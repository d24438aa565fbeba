//! The data files checked through `diplograph check`: the gazetteer lint and every rule
//! example pass on the shipped data, and broken data is caught.

mod common;
use common::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// A copy of data/ (without the corpus) to break on purpose.
fn data_copy(name: &str) -> std::path::PathBuf {
    let dir = temp_dir(name);
    for sub in ["gazetteer", "lang", "rules"] {
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(sub),
            &dir.join(sub),
        );
    }
    dir
}

fn append(path: &Path, text: &str) {
    let mut s = std::fs::read_to_string(path).unwrap();
    s.push_str(text);
    std::fs::write(path, s).unwrap();
}

#[test]
fn shipped_data_passes_every_check() {
    let out = run(&["check"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.trim_end().ends_with(": 0 problems"), "{stdout}");
}

#[test]
fn every_language_has_rules_for_every_event_type_with_examples() {
    use diplograph::datafiles::DataSource;
    use diplograph::extract::Extractor;
    use diplograph::model::EventType;
    let x = Extractor::load(&DataSource::Embedded).unwrap();
    let langs: Vec<&str> = x.languages().map(|l| l.spec.code.as_str()).collect();
    for code in ["en", "vi", "fr"] {
        assert!(langs.contains(&code), "no data for {code}");
    }
    for l in x.languages() {
        for t in EventType::ALL {
            let rules: Vec<_> = l.rules.iter().filter(|r| r.event_type == t).collect();
            assert!(!rules.is_empty(), "{}: no {t} rule", l.spec.code);
            assert!(
                rules
                    .iter()
                    .all(|r| !r.examples.is_empty() && !r.counterexamples.is_empty())
            );
        }
    }
    assert!(x.gazetteer.agreements.len() >= 30);
    let states = x
        .gazetteer
        .entities
        .iter()
        .filter(|e| e.kind == diplograph::model::EntityKind::State)
        .count();
    assert_eq!(
        states, 197,
        "193 UN members, 2 observers and 2 partially recognised states (Taiwan, Kosovo)"
    );
}

#[test]
fn lint_catches_shared_aliases_overlapping_terms_and_bad_codes() {
    let dir = data_copy("lint");
    let g = dir.join("gazetteer");
    append(
        &g.join("state_aliases.csv"),
        "state:FRA,en,Russia,variant\n",
    );
    append(
        &g.join("offices.csv"),
        "person:donald-trump,state:RUS,President,head_of_state,2015-01-01,2016-01-01\n",
    );
    append(&g.join("people.csv"), "person:Bad_Id,Someone,,Q12x\n");
    let out = run(&["--data", dir.to_str().unwrap(), "check"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("alias 'russia'") && stdout.contains("state:FRA"),
        "{stdout}"
    );
    assert!(
        stdout.contains("overlaps with person:donald-trump")
            || stdout.contains("overlaps with person:vladimir-putin"),
        "{stdout}"
    );
    assert!(
        stdout.contains("person:Bad_Id: id must be kind:slug"),
        "{stdout}"
    );
    assert!(stdout.contains("Q12x"), "{stdout}");
}

#[test]
fn a_rule_that_misses_its_example_or_fires_on_its_counterexample_is_reported() {
    let dir = data_copy("rules");
    append(
        &dir.join("rules/en.toml"),
        r#"
[[rule]]
id = "en.meeting.broken"
type = "meeting"
triggers = ["rendezvous"]
examples = ["Putin met Erdoğan in Sochi."]
counterexamples = ["Putin and Erdoğan had a rendezvous in Sochi."]
"#,
    );
    let out = run(&["--data", dir.to_str().unwrap(), "check"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("en.meeting.broken: did not fire on \"Putin met Erdoğan in Sochi.\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("en.meeting.broken: fired on counterexample"),
        "{stdout}"
    );
}

#[test]
fn a_malformed_data_file_is_a_one_line_error() {
    let dir = data_copy("malformed");
    append(
        &dir.join("rules/fr.toml"),
        "\n[[rule]]\nid = \"fr.x\"\ntype = \"picnic\"\ntriggers = [\"x\"]\n",
    );
    let out = run(
        &["--data", dir.to_str().unwrap(), "extract", "-"],
        Some(b"text"),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("rules/fr.toml: invalid rule file"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(!stderr.contains("panicked"));
}
