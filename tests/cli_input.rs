//! `diplograph extract` and `diplograph sentences` on good, bad and pathological input,
//! through the binary as a user runs it.

mod common;
use common::*;

#[test]
fn bad_inputs_are_reported_one_line_each_and_the_rest_is_processed() {
    let dir = temp_dir("bad-inputs");
    let good = write(
        &dir,
        "good.txt",
        "Russia and Ukraine signed the Minsk II agreement in February 2015.\n".as_bytes(),
    );
    let binary = write(&dir, "image.bin", &[0x89, b'P', b'N', b'G', 0, 0, 1, 2, 3]);
    let latin1 = write(&dir, "latin1.txt", b"Caf\xe9 de la Paix \xe0 Gen\xe8ve");
    let jsonl = write(
        &dir,
        "records.jsonl",
        concat!(
            "{\"id\":\"a\",\"text\":\"Putin and Erdogan met in Sochi on Friday.\",\"lang\":\"en\"}\n",
            "{\"id\":\"b\",\"text\": oops}\n",
            "{\"text\":\"no id\"}\n",
            "{\"id\":\"c\",\"text\":\"x\",\"date\":\"5 March\"}\n"
        )
        .as_bytes(),
    );
    let missing = dir.join("missing.txt").display().to_string();
    let out = run(
        &["extract", &good, &binary, &latin1, &jsonl, &missing],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "non-zero exit on bad input");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 6, "one line per problem:\n{stderr}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("image.bin") && l.contains("binary"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("latin1.txt") && l.contains("UTF-8"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("records.jsonl:2") && l.contains("malformed"))
    );
    assert!(lines.iter().any(|l| l.contains("records.jsonl:3")));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("records.jsonl:4") && l.contains("date"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("missing.txt") && l.contains("no such file"))
    );
    assert!(!stderr.contains("panicked"));
    let events = json_lines(&out.stdout);
    assert!(
        events
            .iter()
            .any(|e| e["doc"] == "good" && e["type"] == "agreement")
    );
    assert!(
        events
            .iter()
            .any(|e| e["doc"] == "a" && e["type"] == "meeting")
    );
}

/// A small deterministic generator (xorshift), so the test needs no extra crate.
struct Xorshift(u64);
impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn never_panics_on_pathological_input() {
    let dir = temp_dir("pathological");
    let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
    let random: Vec<u8> = (0..200_000).map(|_| rng.next() as u8).collect();
    let mut paths = vec![write(&dir, "random.bin", &random)];
    // Random but valid UTF-8 from several scripts, with punctuation and digits.
    let alphabet: Vec<char> =
        "aZ.?!…\"'“”«»()-–—/ 0123456789ĐđươạÀéçİığşЖжΩ中文ไทยعربي\u{301}\u{300}\n\t"
            .chars()
            .collect();
    let mixed: String = (0..100_000)
        .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
        .collect();
    paths.push(write(&dir, "mixed.txt", mixed.as_bytes()));
    let long_line = "Russia and Turkey agreed on a ceasefire in Idlib, ".repeat(20_000);
    paths.push(write(&dir, "long.txt", long_line.as_bytes()));
    paths.push(write(
        &dir,
        "punct.txt",
        ".!?…;:,\"'()[]{}–—/\\".repeat(5_000).as_bytes(),
    ));
    paths.push(write(&dir, "empty.txt", b""));
    paths.push(write(
        &dir,
        "dots.txt",
        "U.S. U.N. Mr. Gen. St. 4/3 30 km. "
            .repeat(3_000)
            .as_bytes(),
    ));
    let mut args = vec!["extract"];
    args.extend(paths.iter().map(String::as_str));
    let out = run(&args, None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "only random.bin is bad: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("random.bin"));
    let events = json_lines(&out.stdout);
    assert!(
        events.iter().any(|e| e["doc"] == "long"),
        "the long line still yields events"
    );
}

#[test]
fn spans_point_at_the_sentence_in_the_nfc_text() {
    // Decomposed Vietnamese: offsets refer to the NFC text.
    let text = "Nga va\u{300} Thô\u{309} Nhi\u{303} Ky\u{300} nga\u{300}y 22/10 đa\u{303} nhâ\u{301}t tri\u{301} mô\u{323}t tho\u{309}a thuâ\u{323}n.\n\nU.S. President Barack Obama met Russian President Vladimir Putin in China. The two leaders failed to agree on a deal.";
    let out = run(&["sentences", "-"], Some(text.as_bytes()));
    assert!(out.status.success());
    let sentences = json_lines(&out.stdout);
    assert_eq!(sentences.len(), 3, "{sentences:?}");
    let nfc: Vec<char> = diplograph::text::normalize::nfc(text).chars().collect();
    for s in &sentences {
        let a = s["span"][0].as_u64().unwrap() as usize;
        let b = s["span"][1].as_u64().unwrap() as usize;
        let slice: String = nfc[a..b].iter().collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
    }
    assert!(
        sentences[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("Nga và Thổ Nhĩ Kỳ")
    );
    assert_eq!(
        sentences[1]["text"],
        "U.S. President Barack Obama met Russian President Vladimir Putin in China."
    );
}

#[test]
fn reads_stdin_text_and_jsonl_and_directories_in_order() {
    let out = run(
        &["extract", "-"],
        Some(b"Putin and Erdogan met in Sochi on Friday to discuss Idlib."),
    );
    assert!(out.status.success());
    let events = json_lines(&out.stdout);
    assert_eq!(events[0]["doc"], "stdin");
    assert_eq!(events[0]["type"], "meeting");

    let dir = temp_dir("dir-order");
    std::fs::create_dir_all(dir.join("b")).unwrap();
    write(
        &dir,
        "b/2.txt",
        b"Russia accused Ukraine of violating the ceasefire.",
    );
    write(
        &dir,
        "a.txt",
        b"Obama and Medvedev signed the New START treaty in Prague.",
    );
    write(
        &dir,
        "manifest.csv",
        b"doc,file,lang,date\ndoc-a,a.txt,en,2010-04-08\n",
    );
    let out = run(&["extract", dir.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events = json_lines(&out.stdout);
    let docs: Vec<&str> = events.iter().map(|e| e["doc"].as_str().unwrap()).collect();
    assert_eq!(docs, vec!["doc-a", "2"]);
}

#[test]
fn table_format_prints_a_header_and_one_row_per_event() {
    let out = run(
        &["extract", "--format", "table", "-"],
        Some(b"Biden and Putin held a summit in Geneva on June 16, 2021."),
    );
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].starts_with("DOC"));
    assert!(
        lines[1].contains("meeting")
            && lines[1].contains("Joe Biden")
            && lines[1].contains("2021-06-16")
    );
}

#[test]
fn segmentation_handles_french_and_vietnamese_punctuation() {
    let input = concat!(
        "{\"id\":\"fr\",\"lang\":\"fr\",\"text\":\"M. Lavrov a déclaré : « Nous ne signerons pas. » Puis il est parti. Pourquoi\u{a0}? Personne ne le sait\u{a0}!\"}\n",
        "{\"id\":\"vi\",\"lang\":\"vi\",\"text\":\"TS. Nguyễn Văn An cho biết Nga và Mỹ sẽ đàm phán vào ngày 4/3. Theo ông, hai bên đã đạt được tiến triển.\"}\n",
        "{\"id\":\"en\",\"lang\":\"en\",\"text\":\"Gen. Mark Milley met Mr. Gerasimov at St. Petersburg, 30 km. from the U.S. consulate. The U.N. said Lt. Col. Smith left.\"}\n"
    );
    let out = run(&["sentences", "-"], Some(input.as_bytes()));
    assert!(out.status.success());
    let sentences = json_lines(&out.stdout);
    let texts = |doc: &str| -> Vec<String> {
        sentences
            .iter()
            .filter(|s| s["doc"] == doc)
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        texts("fr"),
        vec![
            "M. Lavrov a déclaré : « Nous ne signerons pas. »",
            "Puis il est parti.",
            "Pourquoi\u{a0}?",
            "Personne ne le sait\u{a0}!"
        ]
    );
    assert_eq!(texts("vi").len(), 2, "{:?}", texts("vi"));
    assert_eq!(texts("en").len(), 2, "{:?}", texts("en"));
}
