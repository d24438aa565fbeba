//! News as users have it: `examples/news`, the README's folder mixing plain text, JSONL with a
//! news API's extra fields, a saved HTML page, an RSS feed, an Atom feed and a gzip-compressed
//! WARC file, built into a store and asked about, through the binary; and broken files of each kind, each reported in
//! one line naming the culprit while the other documents still load.

mod common;
use common::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

/// A WARC record of `kind` with `block` as its content and `length` as its Content-Length.
fn warc_record(kind: &str, uri: &str, block: &[u8], length: usize) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-0000-0000-000000000000>\r\n\
         WARC-Date: 2016-03-09T12:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n",
        block.len() + uri.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// An HTTP response carrying `html`.
fn http(html: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    )
    .into_bytes()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>"
    )
}

/// A gzip-compressed WARC file: each record its own gzip member, as Common Crawl writes them.
fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(r).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

fn build(store: &Path, inputs: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--store", store.to_str().unwrap()];
    args.extend(inputs);
    run_exclusive(&args, None)
}

fn ask_json(store: &Path, question: &str) -> Value {
    let out = run_exclusive(
        &[
            "ask",
            question,
            "--format",
            "json",
            "--store",
            store.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{question}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON answer")
}

fn sources(answer: &Value) -> String {
    answer["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[test]
fn a_mixed_folder_builds_and_every_format_answers() {
    // The README's tour folder: one document per format, each about another pair of states.
    let dir = temp_dir("news-formats");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/news");
    let store = dir.join("store");
    let out = build(&store, &[corpus.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "no problems, no progress bar off a terminal: {stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("6 read, 6 added"), "{stdout}");

    for (question, doc) in [
        ("what happened between Chile and Peru", "chile-peru"),
        (
            "what happened between Kenya and Uganda",
            "api.example/kenya-uganda",
        ),
        ("what happened between Ghana and Togo", "ghana-togo"),
        (
            "what happened between Brazil and Argentina",
            "desk.example/2007/brazil-argentina",
        ),
        (
            "what happened between Norway and Sweden",
            "nordic.example/norway-sweden",
        ),
        (
            "what happened between Japan and Vietnam",
            "news.example/japan-vietnam",
        ),
    ] {
        let answer = ask_json(&store, question);
        let rows = sources(&answer);
        assert!(
            rows.contains(doc),
            "{question}: expected a row from {doc}:\n{rows}"
        );
        assert!(rows.contains("AgreementEvent"), "{question}: {rows}");
    }
    // Menus and scripts of the page are not text: nothing about Mali, Niger or Turkey.
    let page_noise = ask_json(&store, "what happened between Russia and Turkey");
    assert!(sources(&page_noise).is_empty(), "{}", sources(&page_noise));

    // Dates, titles and sources come from each format's own fields.
    let meta = run_exclusive(
        &[
            "query",
            "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> \
             SELECT ?id ?date ?title ?source WHERE { ?d dcterms:identifier ?id . \
             OPTIONAL { ?d schema:datePublished ?date } OPTIONAL { ?d dcterms:title ?title } \
             OPTIONAL { ?d dcterms:source ?source } } ORDER BY ?id",
            "--format",
            "csv",
            "--store",
            store.to_str().unwrap(),
        ],
        None,
    );
    let table = String::from_utf8_lossy(&meta.stdout);
    for expected in [
        "api.example/kenya-uganda,2013-08-28,Kenya and Uganda sign railway deal,https://api.example/kenya-uganda",
        "desk.example/2007/brazil-argentina,2007-02-22,Brazil and Argentina sign energy accord,https://desk.example/2007/brazil-argentina",
        "ghana-togo,2011-06-14,",
        "https://wire.example/2011/06/ghana-togo",
        "news.example/japan-vietnam,2016-03-09,Japan and Vietnam,https://news.example/japan-vietnam",
        "nordic.example/norway-sweden,2019-04-02,Norway and Sweden agree,",
    ] {
        assert!(table.contains(expected), "missing {expected} in:\n{table}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn broken_files_are_one_line_each_and_the_rest_loads() {
    let dir = temp_dir("news-broken");
    let corpus = dir.join("news");
    std::fs::create_dir_all(&corpus).unwrap();
    // A good document beside the broken ones.
    write(
        &corpus,
        "good.txt",
        b"Chile and Peru signed a maritime agreement in Lima.\n",
    );
    // A truncated gzip stream: the first record whole, the second cut in half.
    let good = {
        let block = http(&page(
            "Kenya and Uganda",
            "Kenya and Uganda signed a railway agreement.",
        ));
        warc_record(
            "response",
            "https://news.example/kenya-uganda",
            &block,
            block.len(),
        )
    };
    let cut = {
        let block = http(&page(
            "Ghana and Togo",
            "Ghana and Togo signed a border agreement.",
        ));
        warc_record(
            "response",
            "https://news.example/ghana-togo",
            &block,
            block.len(),
        )
    };
    let mut truncated = warc_gz(&[good.clone(), cut]);
    truncated.truncate(truncated.len() - 40);
    std::fs::write(corpus.join("truncated.warc.gz"), truncated).unwrap();
    // An HTML page without a body.
    write(
        &corpus,
        "nobody.html",
        b"<!DOCTYPE html><html><head><title>Nothing here</title></head></html>",
    );
    // A feed with a bad date: the item still loads, undated.
    write(
        &corpus,
        "baddate.rss",
        br#"<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>
<item><title>Brazil and Argentina sign accord</title><link>https://desk.example/ba</link>
<description>Brazil and Argentina signed an energy agreement.</description>
<pubDate>the day after tomorrow</pubDate></item></channel></rss>"#,
    );
    // A WARC record whose Content-Length is too short; the record after it still loads.
    let bad_length = {
        let block = http(&page(
            "Norway and Sweden",
            "Norway and Sweden signed a fisheries agreement.",
        ));
        warc_record(
            "response",
            "https://news.example/norway-sweden",
            &block,
            block.len() - 20,
        )
    };
    let after = {
        let block = http(&page(
            "Japan and Vietnam",
            "Japan and Vietnam signed a defence agreement.",
        ));
        warc_record(
            "response",
            "https://news.example/japan-vietnam",
            &block,
            block.len(),
        )
    };
    let mut plain = bad_length;
    plain.extend(after);
    std::fs::write(corpus.join("badlength.warc"), plain).unwrap();
    // A feed that is not XML at all.
    write(
        &corpus,
        "broken.atom",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x",
    );

    let store = dir.join("store");
    let out = build(&store, &[corpus.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "bad input exits non-zero");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let line_for = |file: &str, words: &str| {
        lines
            .iter()
            .any(|l| l.contains(file) && l.to_lowercase().contains(words))
    };
    assert!(line_for("truncated.warc.gz", "truncated"), "{stderr}");
    assert!(line_for("nobody.html", "no article text"), "{stderr}");
    assert!(
        line_for("baddate.rss", "the day after tomorrow"),
        "{stderr}"
    );
    assert!(line_for("badlength.warc", "content-length"), "{stderr}");
    assert!(line_for("broken.atom", "feed"), "{stderr}");
    assert_eq!(lines.len(), 5, "one line per problem:\n{stderr}");
    for l in &lines {
        assert!(l.starts_with("diplograph: "), "{l}");
    }

    for (question, expected) in [
        ("what happened between Chile and Peru", true),
        ("what happened between Kenya and Uganda", true),
        ("what happened between Brazil and Argentina", true),
        ("what happened between Japan and Vietnam", true),
        ("what happened between Ghana and Togo", false),
    ] {
        let rows = sources(&ask_json(&store, question));
        assert_eq!(!rows.is_empty(), expected, "{question}: {rows}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_records_with_extra_fields_and_bad_lines() {
    let input = concat!(
        r#"{"id":7,"headline":"Talks in Accra","body":"Ghana and Togo held talks in Accra.","published":"Tue, 14 Jun 2011 09:00:00 +0000","language":"en","extra":{"nested":[1,2]}}"#,
        "\n",
        r#"{"url":"https://x.example/only-url","text":"Chile and Peru signed an agreement."}"#,
        "\n",
        r#"{"id":"no-text","title":null,"tags":[]}"#,
        "\n",
        r#"{"id":"bad-date","text":"Kenya and Uganda met.","published":"soon"}"#,
        "\n",
        r#"["not","an","object"]"#,
        "\n",
    );
    let out = run(&["extract", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(
        lines[0].contains("<stdin>:3") && lines[0].contains("no text"),
        "{stderr}"
    );
    assert!(
        lines[1].contains("<stdin>:4") && lines[1].contains("soon"),
        "{stderr}"
    );
    assert!(
        lines[2].contains("<stdin>:5") && lines[2].contains("object"),
        "{stderr}"
    );
    let events = json_lines(&out.stdout);
    let talks = events
        .iter()
        .find(|e| e["doc"] == "7")
        .expect("record 7 extracted");
    assert_eq!(talks["sentence"], 1, "the headline is sentence 0: {talks}");
    assert!(
        events.iter().any(|e| e["doc"] == "x.example/only-url"),
        "the url is the id when there is none: {events:?}"
    );
}

#[test]
fn build_shows_a_progress_bar_on_a_terminal_only() {
    // `script` (util-linux) runs the build on a pseudo-terminal, as a user's shell would.
    let dir = temp_dir("news-progress");
    let store = dir.join("store");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus");
    let command = format!(
        "'{}' build '{}' --store '{}' -j 1",
        env!("CARGO_BIN_EXE_diplograph"),
        corpus.display(),
        store.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs the build on a terminal");
    assert!(out.status.success(), "{out:?}");
    let screen = String::from_utf8_lossy(&out.stdout);
    for part in ["documents", "sentences/s", "ETA", "%"] {
        assert!(
            screen.contains(part),
            "no '{part}' on the terminal: {screen}"
        );
    }
    assert!(screen.contains("documents: 5 read, 5 added"), "{screen}");

    // The same build off a terminal: the summary only, no escape codes.
    let store2 = dir.join("store2");
    let out = build(&store2, &[corpus.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.stdout.contains(&0x1b),
        "no escape codes off a terminal"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_is_read_line_by_line_plain_or_gzip() {
    let dir = temp_dir("news-jsonl-lines");
    let mut lines = Vec::new();
    lines.extend_from_slice(br#"{"id":"a","text":"Chile and Peru signed a maritime agreement."}"#);
    lines.extend_from_slice(b"\n{\"id\":\"b\",\"text\":\"Gen\xe8ve\"}\n");
    lines.extend_from_slice(br#"{"id":"c","text":"Kenya and Uganda signed a railway agreement."}"#);
    lines.push(b'\n');
    std::fs::write(dir.join("plain.jsonl"), &lines).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&lines).unwrap();
    std::fs::write(dir.join("packed.jsonl.gz"), gz.finish().unwrap()).unwrap();
    for file in ["plain.jsonl", "packed.jsonl.gz"] {
        let path = dir.join(file);
        let out = run(&["extract", path.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{file}: {stderr}");
        assert!(
            stderr.contains(&format!("{file}:2")) && stderr.contains("UTF-8"),
            "{file}: {stderr}"
        );
        let docs: Vec<String> = json_lines(&out.stdout)
            .iter()
            .map(|e| e["doc"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(
            docs.contains(&"a".to_string()) && docs.contains(&"c".to_string()),
            "{file}: {docs:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
