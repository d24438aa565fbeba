//! `diplograph path`, `clusters` and `rank` on the sample corpus, with the shared filters.

mod common;
use common::*;

/// The store built from the sample corpus, shared by the tests of this file.
fn store() -> &'static str {
    corpus_store()
}

fn graph(args: &[&str]) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--store", store()]);
    let out = run_exclusive(&all, None);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn path_from_iran_to_the_united_states_goes_through_russia_with_evidence() {
    let (code, out, err) = graph(&["path", "Iran", "Hoa Kỳ"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Iran → United States: 2 hops");
    assert!(
        lines[1].contains("Iran") && lines[1].contains("Russia"),
        "{out}"
    );
    assert!(
        lines[2].trim_start().starts_with('“') && lines[2].contains("Iran"),
        "{out}"
    );
    assert!(
        lines[3].contains("Russia") && lines[3].contains("United States"),
        "{out}"
    );
    assert!(
        lines[4].contains('#'),
        "a quote with its document and sentence: {out}"
    );
    // Names in any language and alias; a capital stands for its state.
    let (code, out2, _) = graph(&["path", "state:IRN", "Washington"]);
    assert_eq!(code, 0);
    assert_eq!(out2.lines().next(), Some("Iran → United States: 2 hops"));
}

#[test]
fn all_paths_up_to_n_hops() {
    let (code, out, _) = graph(&["path", "Iran", "United States", "--all", "--max-hops", "3"]);
    assert_eq!(code, 0);
    let paths = out.lines().filter(|l| l.starts_with("path ")).count();
    assert!(paths >= 2, "{out}");
    assert!(
        out.lines().next().unwrap().contains("(2 hops)"),
        "shortest first: {out}"
    );
    let (code, out, _) = graph(&["path", "Iran", "United States", "--max-hops", "1"]);
    assert_eq!(code, 1);
    assert!(out.contains("no path from Iran to United States within 1 hops"));
}

#[test]
fn unknown_names_get_suggestions() {
    let (code, _, err) = graph(&["path", "Irn", "United Stats"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown name 'Irn'; did you mean Iran?"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let (code, _, err) = graph(&["path", "Iran", "Japan"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("Japan (state:JPN) has no relations in the graph"),
        "{err}"
    );
}

/// Turkey, Syria and Idlib are the corpus's Syrian theatre and stay together; Russia sits
/// between that theatre and its many talks with the United States (15 sentences, more than
/// with Turkey), so it joins one of its two strongest partners, whichever Louvain prefers.
#[test]
fn the_syrian_theatre_is_one_community_and_russia_joins_a_strong_partner() {
    let (code, out, _) = graph(&["clusters", "--top", "50"]);
    assert_eq!(code, 0);
    assert!(out.lines().next().unwrap().contains("connected components"));
    let modularity: f64 = out
        .lines()
        .nth(1)
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|m| m.parse().ok())
        .expect("modularity printed");
    assert!(modularity > 0.2 && modularity < 1.0, "{out}");
    let community = out
        .lines()
        .find(|l| l.contains("Turkey ("))
        .expect("Turkey in a community");
    assert!(
        community.contains("Syria (") && community.contains("Idlib ("),
        "{out}"
    );
    let russia = out
        .lines()
        .find(|l| l.contains("Russia ("))
        .expect("Russia in a community");
    assert!(
        russia.contains("Turkey (") || russia.contains("United States ("),
        "{out}"
    );
}

#[test]
fn rankings_by_three_measures() {
    for by in ["degree", "pagerank", "betweenness"] {
        let (code, out, err) = graph(&["rank", "--by", by, "--top", "5"]);
        assert_eq!(code, 0, "{err}");
        let top3: Vec<&str> = out.lines().skip(1).take(3).collect();
        assert!(top3[0].starts_with("1 "), "{by}: {out}");
        assert!(top3.iter().any(|l| l.contains("Russia")), "{by}: {out}");
        assert_eq!(out.lines().count(), 7, "{out}");
    }
}

#[test]
fn filters_restrict_the_graph() {
    // Only talks: no meeting edge, Russia still central.
    let (_, out, _) = graph(&["path", "Iran", "United States", "--type", "talks"]);
    assert!(!out.contains("—met—"), "{out}");
    // Only Vietnamese sentences: Kerry and Lavrov talked (000), Erdoğan met nobody in vi.
    let (code, out, _) = graph(&["rank", "--by", "degree", "--lang", "vi", "--top", "50"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("John Kerry") && !out.contains("Angela Merkel"),
        "{out}"
    );
    // Only what involves Kerry.
    let (_, out, _) = graph(&["rank", "--actor", "John Kerry", "--top", "50"]);
    assert!(
        out.contains("Sergey Lavrov") && !out.contains("Angela Merkel"),
        "{out}"
    );
    // Dated evidence only: everything left is dated within the range.
    let (code, out, _) = graph(&["rank", "--since", "2017", "--until", "2017", "--top", "50"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Russia") && out.contains("United States"),
        "{out}"
    );
    let (code, _, err) = graph(&["rank", "--type", "picnic"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown event type 'picnic'"));
}
