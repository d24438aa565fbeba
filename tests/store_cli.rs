//! The knowledge graph through the CLI: build, rebuild, replace, remove, lock, interruption,
//! query in every format, export, provenance.

mod common;
use common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const DG: &str = "PREFIX dg: <https://w3id.org/diplograph/ontology#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> PREFIX doc: <https://w3id.org/diplograph/id/doc/> PREFIX state: <https://w3id.org/diplograph/id/state/> PREFIX person: <https://w3id.org/diplograph/id/person/> PREFIX agreement: <https://w3id.org/diplograph/id/agreement/> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn build(store: &Path, inputs: &[&str]) -> String {
    let mut args = vec!["build", "--store", store.to_str().unwrap()];
    args.extend(inputs);
    let out = run(&args, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

/// `sparql` with the project's prefixes, through `common::query_json`.
fn query_dg(store: &Path, sparql: &str) -> serde_json::Value {
    query_json(store, &format!("{DG}{sparql}"))
}

fn count(store: &Path, where_clause: &str) -> u64 {
    let v = query_dg(
        store,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {where_clause} }}"),
    );
    v["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn build_is_idempotent_and_replaces_changed_documents() {
    let dir = temp_dir("store-build");
    let store = dir.join("kg.db");
    let first = build(&store, &["data/corpus"]);
    assert!(
        first.contains("documents: 5 read, 5 added, 0 replaced, 0 unchanged"),
        "{first}"
    );
    assert!(first.contains("(and the gazetteer)"), "{first}");
    let before = nquads(&store);
    let second = build(&store, &["data/corpus"]);
    assert!(
        second.contains("5 read, 0 added, 0 replaced, 5 unchanged"),
        "{second}"
    );
    assert!(
        second.contains("added: 0 sentences, 0 events, 0 triples\n"),
        "{second}"
    );
    assert_eq!(nquads(&store), before);

    // A changed document replaces its facts; nothing of the old version stays.
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    write(
        &docs,
        "kyiv.txt",
        b"Russia and Ukraine signed the Minsk II agreement in February 2015.",
    );
    build(&store, &[docs.to_str().unwrap()]);
    assert_eq!(
        count(
            &store,
            "?e a dg:AgreementEvent ; prov:wasDerivedFrom ?s . ?s nif:referenceContext doc:kyiv"
        ),
        1
    );
    write(&docs, "kyiv.txt", b"Putin met Erdogan in Sochi on Friday.");
    let third = build(&store, &[docs.to_str().unwrap()]);
    assert!(
        third.contains("1 read, 0 added, 1 replaced, 0 unchanged"),
        "{third}"
    );
    assert_eq!(
        count(
            &store,
            "?e a dg:AgreementEvent ; prov:wasDerivedFrom ?s . ?s nif:referenceContext doc:kyiv"
        ),
        0
    );
    assert_eq!(
        count(
            &store,
            "?e a dg:Meeting ; prov:wasDerivedFrom ?s . ?s nif:referenceContext doc:kyiv"
        ),
        1
    );
    assert_eq!(
        count(
            &store,
            "?s nif:anchorOf \"Russia and Ukraine signed the Minsk II agreement in February 2015.\""
        ),
        0
    );

    // Removing it leaves the store exactly as it was: every fact it owned or alone stated
    // (its event keys, the derived descriptions it shared) goes.
    let out = run(
        &["remove", "kyiv", "--store", store.to_str().unwrap()],
        None,
    );
    assert!(out.status.success());
    assert_eq!(nquads(&store), before);
    let out = run(
        &["remove", "no-such-doc", "--store", store.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-doc: no such document"));
}

#[test]
fn one_node_per_agreement_and_event_with_all_its_evidence() {
    let dir = temp_dir("store-nodes");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus"]);
    // The Moscow agreement is named by several sentences: one node, several sentences.
    assert_eq!(
        count(
            &store,
            "?a a dg:Agreement ; rdfs:label \"Moscow agreement\"@en"
        ),
        1
    );
    let evidence = count(
        &store,
        "SELECT DISTINCT ?s WHERE { ?e dg:agreement agreement:moscow-protocol-2020 ; prov:wasDerivedFrom ?s }",
    );
    assert!(evidence >= 2, "{evidence}");
    // A provenance question: which sentences say that Russia is a party to the Sochi
    // agreement? The events that state it, and the sentences they come from.
    let v = query_dg(
        &store,
        "SELECT DISTINCT ?text WHERE { ?e dg:agreement agreement:sochi-memorandum-2018 ; dg:participant state:RUS ; prov:wasDerivedFrom ?s . ?s nif:anchorOf ?text }",
    );
    let texts: Vec<&str> = v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"]["value"].as_str().unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("Sochi agreement")),
        "{texts:?}"
    );
    // The parties of an agreement are facts of their own, shared by the documents that
    // state them; every other relation is read from the events.
    assert!(
        count(
            &store,
            "state:RUS dg:partyTo agreement:moscow-protocol-2020"
        ) == 1
    );
    assert!(
        count(
            &store,
            "?e a dg:Talks ; dg:participant person:john-kerry, person:sergey-lavrov"
        ) >= 1
    );
    assert!(
        count(
            &store,
            "?e a dg:Accusation ; dg:source state:RUS ; dg:target state:TUR"
        ) >= 1
    );
    // The same event reported by two documents: two events, one event key.
    let docs = dir.join("two");
    std::fs::create_dir_all(&docs).unwrap();
    write(
        &docs,
        "a.txt",
        b"Russia and Turkey signed the Sochi agreement in September 2018.",
    );
    write(
        &docs,
        "b.txt",
        b"In 2018 Turkey and Russia signed the Sochi agreement on Idlib.",
    );
    let two = dir.join("two.db");
    build(&two, &[docs.to_str().unwrap()]);
    assert_eq!(count(&two, "?e a dg:AgreementEvent"), 2);
    assert_eq!(
        count(&two, "SELECT DISTINCT ?k WHERE { ?e dg:eventKey ?k }"),
        1
    );
    // Removing one keeps what the other states (its event key and its keys, the parties,
    // the places the agreement concerns); removing both leaves the gazetteer alone.
    let keys = count(&two, "?k dg:askKey ?x");
    let remove = |doc: &str| {
        let out = run(&["remove", doc, "--store", two.to_str().unwrap()], None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    remove("a");
    assert_eq!(count(&two, "?e a dg:AgreementEvent"), 1);
    assert_eq!(count(&two, "?k dg:askKey ?x"), keys);
    assert_eq!(
        count(&two, "state:RUS dg:partyTo agreement:sochi-memorandum-2018"),
        1
    );
    remove("b");
    assert_eq!(count(&two, "?k dg:askKey ?x"), 0);
    assert_eq!(
        count(&two, "?s ?p ?o"),
        count(&two, "GRAPH ?g { ?s ?p ?o }"),
        "only the gazetteer's facts are left"
    );
    // The sentences that state events carry text, document, index and span; the events the
    // rules that fired.
    let stating = count(
        &store,
        "SELECT DISTINCT ?s WHERE { ?e prov:wasDerivedFrom ?s }",
    );
    assert_eq!(
        count(
            &store,
            "?s a dg:Sentence ; nif:anchorOf ?t ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:referenceContext ?d ; dg:sentenceIndex ?i"
        ),
        stating
    );
    assert!(stating > 40 && stating < 139, "{stating}");
    assert!(count(&store, "?e dg:rule ?r") > 40);
}

#[test]
fn a_second_process_gets_a_clear_error_while_a_build_runs() {
    let dir = temp_dir("store-lock");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus/004_c9f0a2cf9aed5e51.txt"]);
    // A build reading standard input holds the store open until its input ends.
    let spawn_holder = || {
        Command::new(env!("CARGO_BIN_EXE_diplograph"))
            .args(["build", "-", "--store", store.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut holder = spawn_holder();
    // Wait until the holder has the store; a quick probe that lost no race says so. If the
    // probe held the store just when the holder started, the holder gave up: start it again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let stderr = loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        if holder.try_wait().unwrap().is_some() {
            holder = spawn_holder();
            continue;
        }
        let out = run(
            &["remove", "no-such-doc", "--store", store.to_str().unwrap()],
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        if stderr.contains("in use") || std::time::Instant::now() > deadline {
            break stderr;
        }
    };
    assert!(
        stderr.contains("in use by another diplograph process"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
    assert!(!stderr.contains("panicked"));
    // Readers are refused too, with a clear message, rather than reading a store that
    // changes under them.
    let q = format!("{DG}ASK {{ ?e a dg:Talks }}");
    let out = run(&["query", &q, "--store", store.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in use"));
    holder
        .stdin
        .take()
        .unwrap()
        .write_all(b"Putin met Erdogan in Sochi.")
        .unwrap();
    let done = holder.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert_eq!(
        count(
            &store,
            "?e a dg:Meeting ; prov:wasDerivedFrom ?s . ?s nif:referenceContext doc:stdin"
        ),
        1
    );
}

#[test]
fn readers_share_a_store_with_serve_and_writers_wait_for_them() {
    let dir = temp_dir("store-readers");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus/004_c9f0a2cf9aed5e51.txt"]);
    let meetings = count(&store, "?e a dg:Meeting");
    assert!(meetings > 0);
    let s = store.to_str().unwrap();
    let endpoint = serve(&store, &[]);
    // While the endpoint serves, the CLI's readers open the same store...
    assert_eq!(count(&store, "?e a dg:Meeting"), meetings);
    let ask = ok(&["ask", "failed talks", "--store", s]);
    assert!(ask.contains("Vladimir Putin"), "{ask}");
    // ...and the writers are refused with one line that says why.
    for args in [
        vec![
            "build",
            "data/corpus/003_3b258cd7da7f345e.txt",
            "--store",
            s,
        ],
        vec!["remove", "004_c9f0a2cf9aed5e51", "--store", s],
        vec!["optimize", "--store", s],
    ] {
        let out = run(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("in use by another diplograph process that is reading it"),
            "{stderr}"
        );
    }
    // Once the endpoint is gone, the store is as it was, and writable.
    drop(endpoint);
    assert_eq!(count(&store, "?e a dg:Meeting"), meetings);
    ok(&["remove", "004_c9f0a2cf9aed5e51", "--store", s]);
    assert_eq!(count(&store, "?e a dg:Meeting"), 0);
}

#[test]
fn an_interrupted_build_leaves_every_document_fully_in_or_out() {
    let dir = temp_dir("store-kill");
    let store = dir.join("kg.db");
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let paragraph = "Russia and Turkey signed an agreement on Idlib in Moscow on March 5. Kerry and Lavrov held talks in Geneva but failed to agree on a ceasefire. ".repeat(20);
    // Enough documents for several bulk-loader batches (a batch holds a little over a
    // hundred of these), so that the kill can land between batches.
    for i in 0..1200 {
        write(&corpus, &format!("doc{i:04}.txt"), paragraph.as_bytes());
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_diplograph"))
        .args([
            "build",
            corpus.to_str().unwrap(),
            "--store",
            store.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(3000));
    let _ = child.kill();
    let _ = child.wait();
    // The store opens, and every document in it has all of its 40 sentences.
    let v = query_dg(
        &store,
        "SELECT ?d (COUNT(?s) AS ?n) WHERE { ?d a dg:Document . OPTIONAL { ?s nif:referenceContext ?d } } GROUP BY ?d",
    );
    for b in v["results"]["bindings"].as_array().unwrap() {
        assert_eq!(b["n"]["value"], "40", "{b}");
    }
    // Building again completes the corpus.
    let out = build(&store, &[corpus.to_str().unwrap()]);
    assert!(out.contains("1200 read"), "{out}");
    assert_eq!(count(&store, "?d a dg:Document"), 1200);
}

#[test]
fn queries_in_every_form_and_format_and_bad_queries() {
    let dir = temp_dir("store-query");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus"]);
    let s = store.to_str().unwrap();
    let select = format!("{DG}SELECT ?e ?o WHERE {{ ?e a dg:Talks ; dg:outcome ?o }} ORDER BY ?e");
    let json = run(&["query", &select, "--store", s, "--format", "json"], None);
    let rows =
        serde_json::from_slice::<serde_json::Value>(&json.stdout).unwrap()["results"]["bindings"]
            .as_array()
            .unwrap()
            .len();
    assert!(rows > 5);
    for (format, lines) in [("csv", rows + 1), ("tsv", rows + 1), ("table", rows + 2)] {
        let out = run(&["query", &select, "--store", s, "--format", format], None);
        assert!(out.status.success());
        assert_eq!(stdout(&out).lines().count(), lines, "{format}");
    }
    let xml = stdout(&run(
        &["query", &select, "--store", s, "--format", "xml"],
        None,
    ));
    assert_eq!(xml.matches("<result>").count(), rows);
    let ask = run(
        &[
            "query",
            &format!("{DG}ASK {{ state:RUS dg:partyTo ?a }}"),
            "--store",
            s,
        ],
        None,
    );
    assert_eq!(stdout(&ask).trim(), "true");
    let construct = run(
        &[
            "query",
            &format!("{DG}CONSTRUCT {{ ?a dg:partyTo ?b }} WHERE {{ ?a dg:partyTo ?b }}"),
            "--store",
            s,
        ],
        None,
    );
    assert!(stdout(&construct).contains("dg:partyTo"));
    let nt = run(
        &[
            "query",
            &format!("{DG}DESCRIBE agreement:sochi-memorandum-2018"),
            "--store",
            s,
            "--format",
            "ntriples",
        ],
        None,
    );
    assert!(stdout(&nt).lines().all(|l| l.ends_with(" .")) && !stdout(&nt).is_empty());
    // --file
    let file = dir.join("q.rq");
    std::fs::write(
        &file,
        format!("{DG}SELECT (COUNT(*) AS ?n) WHERE {{ ?d a dg:Document }}"),
    )
    .unwrap();
    let out = run(
        &[
            "query",
            "--file",
            file.to_str().unwrap(),
            "--store",
            s,
            "--format",
            "csv",
        ],
        None,
    );
    assert_eq!(stdout(&out).lines().nth(1), Some("5"));

    // Bad queries: the parser's message with its position, exit code 2.
    let out = run(&["query", "SELECT ?x WHERE { ?x ?y }", "--store", s], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("SPARQL syntax error") && err.contains("1:"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let out = run(
        &["query", "INSERT DATA { <a:b> <a:c> <a:d> }", "--store", s],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    // Federated query: valid SPARQL this store does not do, said in one line.
    let out = run(
        &[
            "query",
            "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
            "--store",
            s,
        ],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("SERVICE (federated query) is not supported"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    let out = run(
        &["query", &select, "--store", s, "--format", "turtle"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &[
            "query",
            "ASK {}",
            "--store",
            dir.join("nowhere").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store here"));
}

#[test]
fn a_query_past_its_timeout_is_cancelled() {
    let dir = temp_dir("store-timeout");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus"]);
    let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = std::time::Instant::now();
    let out = run(
        &[
            "query",
            heavy,
            "--store",
            store.to_str().unwrap(),
            "--timeout",
            "1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("timed out"));
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn export_in_three_formats() {
    let dir = temp_dir("store-export");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus"]);
    let s = store.to_str().unwrap();
    // The default graph holds every fact once; the gazetteer graph a copy of the
    // gazetteer's facts.
    let facts = count(&store, "?s ?p ?o") as usize;
    assert_eq!(
        count(&store, "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }") as usize,
        facts
    );
    let gazetteer = count(&store, "GRAPH ?g { ?s ?p ?o }") as usize;
    let quads = facts + gazetteer;
    let nq = dir.join("kg.nq");
    let out = run(
        &[
            "export",
            "--format",
            "nquads",
            "-o",
            nq.to_str().unwrap(),
            "--store",
            s,
        ],
        None,
    );
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&nq).unwrap().lines().count(), quads);
    let trig = stdout(&run(&["export", "--format", "trig", "--store", s], None));
    assert!(trig.contains("GRAPH") || trig.contains("{"));
    // Turtle is the set of facts: each once, whatever states it.
    let ttl_path = dir.join("kg.ttl");
    let out = run(
        &[
            "export",
            "--format",
            "turtle",
            "-o",
            ttl_path.to_str().unwrap(),
            "--store",
            s,
        ],
        None,
    );
    assert!(out.status.success());
    let ttl = std::fs::read_to_string(&ttl_path).unwrap();
    assert!(ttl.contains("@prefix dg:") && ttl.contains("dg:partyTo"));
    let parsed = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_reader(ttl.as_bytes())
        .count();
    assert_eq!(parsed, facts, "one triple per fact in the Turtle export");
}

#[test]
fn optimize_compacts_a_store_and_keeps_every_fact() {
    let dir = temp_dir("store-optimize");
    let store = dir.join("kg.db");
    build(&store, &["data/corpus"]);
    let s = store.to_str().unwrap();
    let before = stdout(&run(&["export", "--store", s], None));
    let out = run(&["optimize", "--store", s], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout(&out).contains("compacted in"), "{}", stdout(&out));
    let mut a: Vec<&str> = before.lines().collect();
    let after = stdout(&run(&["export", "--store", s], None));
    let mut b: Vec<&str> = after.lines().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // A store that is not there is named, as for every command.
    let missing = run(
        &["optimize", "--store", dir.join("none").to_str().unwrap()],
        None,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no store here"));
}
