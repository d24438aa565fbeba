//! The facts the sample corpus must yield (issue "Done when"), through `diplograph extract`.

mod common;
use common::*;
use serde_json::Value;

fn corpus_events() -> Vec<Value> {
    let out = run(&["extract", "data/corpus"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_lines(&out.stdout)
}

fn has_all(e: &Value, ids: &[&str]) -> bool {
    let got = common::ids(e);
    ids.iter().all(|i| got.iter().any(|g| g == i))
}

/// The sentence text equals the NFC document text at `span`.
fn span_matches(e: &Value) {
    let doc = e["doc"].as_str().unwrap();
    let raw = std::fs::read_to_string(format!("data/corpus/{doc}.txt")).unwrap();
    let nfc: Vec<char> = diplograph::text::normalize::nfc(&raw).chars().collect();
    let (a, b) = (
        e["span"][0].as_u64().unwrap() as usize,
        e["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(
        nfc[a..b].iter().collect::<String>(),
        e["text"].as_str().unwrap()
    );
}

fn find<'a>(events: &'a [Value], what: &str, pred: impl Fn(&Value) -> bool) -> &'a Value {
    let e = events
        .iter()
        .find(|e| pred(e))
        .unwrap_or_else(|| panic!("not extracted: {what}"));
    span_matches(e);
    e
}

#[test]
fn russia_and_turkey_agree_on_22_october_on_ypg_withdrawal() {
    let events = corpus_events();
    let e = find(&events, "RUS-TUR agreement of 22 October", |e| {
        e["type"] == "agreement"
            && has_all(e, &["state:RUS", "state:TUR"])
            && e["date"]["value"] == "--10-22"
            && e["text"].as_str().unwrap().contains("YPG")
    });
    assert_eq!(e["lang"], "vi");
    assert_eq!(e["agreement"]["id"], "agreement:sochi-memorandum-2019");
    assert_eq!(e["date"]["precision"], "day");
}

#[test]
fn kerry_lavrov_talks_at_the_g20_ended_without_agreement() {
    let events = corpus_events();
    let e = find(&events, "Kerry-Lavrov failed talks", |e| {
        e["type"] == "talks"
            && has_all(
                e,
                &[
                    "person:john-kerry",
                    "person:sergey-lavrov",
                    "state:USA",
                    "state:RUS",
                ],
            )
            && e["text"].as_str().unwrap().contains("without agreement")
    });
    assert_eq!(e["outcome"], "failed");
    assert!(
        !common::ids(e).contains(&"org:g20".to_string()),
        "the G20 is the venue"
    );
}

#[test]
fn obama_putin_talks_in_china_failed_to_produce_a_deal() {
    let events = corpus_events();
    let e = find(&events, "Obama-Putin failed talks", |e| {
        e["type"] == "talks" && has_all(e, &["person:barack-obama", "person:vladimir-putin"])
    });
    assert_eq!(e["outcome"], "failed");
    assert!(
        events.iter().all(|x| !(x["sentence"] == e["sentence"]
            && x["doc"] == e["doc"]
            && x["type"] == "agreement")),
        "a failed deal is never an agreement"
    );
    assert!(
        e["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "state:CHN")
    );
    assert!(!common::ids(e).contains(&"state:CHN".to_string()));
}

#[test]
fn russia_accuses_turkey_over_idlib() {
    let events = corpus_events();
    let e = find(&events, "Russia accuses Turkey", |e| {
        e["type"] == "accusation"
            && e["text"].as_str().unwrap().contains("Idlib")
            && has_all(e, &["state:RUS", "state:TUR"])
    });
    let role = |id: &str| {
        e["participants"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()["role"]
            .clone()
    };
    assert_eq!(role("state:RUS"), "source");
    assert_eq!(role("state:TUR"), "target");
    assert_eq!(e["date"]["value"], "--03-04");
    assert!(
        e["places"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "place:idlib")
    );
}

#[test]
fn the_2018_sochi_agreement_has_russia_and_turkey_as_parties() {
    let events = corpus_events();
    let e = find(&events, "2018 Sochi agreement", |e| {
        e["agreement"]["id"] == "agreement:sochi-memorandum-2018"
    });
    assert_eq!(e["agreement"]["year"], 2018);
    assert_eq!(e["agreement"]["label"], "Sochi agreement");
    assert!(has_all(e, &["state:RUS", "state:TUR"]));
}

#[test]
fn the_march_5_moscow_agreement_between_erdogan_and_putin() {
    let events = corpus_events();
    find(
        &events,
        "March 5 agreement between Turkey and Russia",
        |e| {
            e["type"] == "agreement"
                && e["agreement"]["id"] == "agreement:moscow-protocol-2020"
                && e["text"].as_str().unwrap().contains("March 5")
                && has_all(e, &["state:TUR", "state:RUS"])
        },
    );
    find(
        &events,
        "Erdoğan and Putin shook hands on that deal",
        |e| {
            e["type"] == "agreement"
                && e["agreement"]["id"] == "agreement:moscow-protocol-2020"
                && has_all(e, &["person:recep-tayyip-erdogan", "person:vladimir-putin"])
        },
    );
}

#[test]
fn the_trump_putin_phone_call() {
    let events = corpus_events();
    let e = find(&events, "Trump-Putin phone call", |e| {
        e["type"] == "phone_call"
            && has_all(
                e,
                &[
                    "person:donald-trump",
                    "person:vladimir-putin",
                    "state:USA",
                    "state:RUS",
                ],
            )
    });
    assert_eq!(e["lang"], "en");
    assert!(e["rule"].as_str().unwrap().starts_with("en."));
}

#[test]
fn every_event_carries_valid_provenance_and_canonical_labels() {
    let events = corpus_events();
    assert!(events.len() > 40);
    for e in &events {
        span_matches(e);
        let c = e["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
        for p in e["participants"].as_array().unwrap() {
            assert!(
                ["state", "person", "organisation", "group"].contains(&p["kind"].as_str().unwrap())
            );
        }
    }
    let labels: Vec<&str> = events
        .iter()
        .flat_map(|e| {
            e["participants"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["label"].as_str().unwrap())
        })
        .collect();
    for l in ["Turkey", "United States", "Vladimir Putin", "Russia"] {
        assert!(labels.contains(&l), "missing canonical label {l}");
    }
}
