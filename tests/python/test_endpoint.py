"""The SPARQL 1.1 Protocol endpoint of `diplograph serve`, driven with `requests`."""

from __future__ import annotations

import csv
import io
import re
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import rdflib

from conftest import DG, IDLIB, KERRY, MOSCOW_2020, PREFIXES, RUS, SOCHI_2018, USA

SRX = "{http://www.w3.org/2005/sparql-results#}"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
FORM = "application/x-www-form-urlencoded"
TIMEOUT = 60  # seconds, per request

# English labels of the states: a stable, ordered result with IRIs and literals.
STATES = PREFIXES + """
SELECT ?state ?label WHERE {
  ?state a dg:State ; rdfs:label ?label .
  FILTER(langMatches(lang(?label), "en"))
} ORDER BY ?state
"""

AGREEMENTS_IDLIB = PREFIXES + f"""
SELECT DISTINCT ?agreement WHERE {{
  {{ ?agreement dg:concerns <{IDLIB}> }}
  UNION
  {{ ?event dg:place <{IDLIB}> ; dg:agreement ?agreement }}
}} ORDER BY ?agreement
"""

PROVENANCE = PREFIXES + f"""
SELECT ?text ?doc WHERE {{
  ?event dg:agreement <{SOCHI_2018}> ; dg:participant <{RUS}> ; prov:wasDerivedFrom ?sentence .
  ?sentence nif:anchorOf ?text ; nif:referenceContext ?doc .
}}
"""

COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

CONSTRUCT_RUS = PREFIXES + f"""
CONSTRUCT {{ <{RUS}> ?p ?o }} WHERE {{ <{RUS}> ?p ?o }}
"""


def media_type(resp: requests.Response) -> str:
    return resp.headers.get("Content-Type", "").split(";")[0].strip().lower()


def get(endpoint: str, query: str, accept: str | None = JSON, **kw) -> requests.Response:
    headers = {"Accept": accept} if accept is not None else {}
    return requests.get(endpoint, params={"query": query}, headers=headers, timeout=TIMEOUT, **kw)


def select(endpoint: str, query: str) -> list[dict]:
    resp = get(endpoint, query)
    assert resp.status_code == 200, resp.text
    return resp.json()["results"]["bindings"]


def values(bindings: list[dict], var: str) -> list[str]:
    return [b[var]["value"] for b in bindings if var in b]


def count(endpoint: str, query: str) -> int:
    return int(select(endpoint, query)[0]["n"]["value"])


def check_json_select(resp: requests.Response) -> dict:
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == JSON
    doc = resp.json()
    assert doc["head"]["vars"] == ["state", "label"]
    rows = doc["results"]["bindings"]
    assert rows, "the gazetteer states are missing"
    for row in rows:
        assert row["state"]["type"] == "uri"
        assert row["label"]["type"] == "literal"
        assert row["label"].get("xml:lang", "").lower().startswith("en")
    assert {"type": "uri", "value": RUS} in [r["state"] for r in rows]
    return doc


# --- the three ways of sending a query ---------------------------------------------------


def test_get(endpoint):
    check_json_select(get(endpoint, STATES))


def test_post_form(endpoint):
    resp = requests.post(
        endpoint, data={"query": STATES}, headers={"Accept": JSON}, timeout=TIMEOUT
    )
    assert resp.request.headers["Content-Type"].startswith(FORM)
    assert check_json_select(resp) == check_json_select(get(endpoint, STATES))


def test_post_sparql_query(endpoint):
    resp = requests.post(
        endpoint,
        data=STATES.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": JSON},
        timeout=TIMEOUT,
    )
    assert check_json_select(resp) == check_json_select(get(endpoint, STATES))


def test_select_json_is_default(endpoint):
    for accept in (None, "*/*"):  # no Accept header at all, then requests' own default
        headers = {"Accept": accept}  # None removes the header
        resp = requests.get(endpoint, params={"query": STATES}, headers=headers, timeout=TIMEOUT)
        check_json_select(resp)


# --- result formats ----------------------------------------------------------------------


def test_select_xml(endpoint):
    expected = check_json_select(get(endpoint, STATES))["results"]["bindings"]
    resp = get(endpoint, STATES, XML)
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == XML
    root = ET.fromstring(resp.content)
    assert root.tag == f"{SRX}sparql"
    assert [v.get("name") for v in root.iter(f"{SRX}variable")] == ["state", "label"]
    results = root.findall(f"{SRX}results/{SRX}result")
    assert len(results) == len(expected)
    first = {b.get("name"): b for b in results[0].findall(f"{SRX}binding")}
    assert first["state"].find(f"{SRX}uri").text == expected[0]["state"]["value"]
    assert first["label"].find(f"{SRX}literal").text == expected[0]["label"]["value"]


def test_select_csv(endpoint):
    expected = check_json_select(get(endpoint, STATES))["results"]["bindings"]
    resp = get(endpoint, STATES, CSV)
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == CSV
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8"))))
    assert rows[0] == ["state", "label"]
    assert len(rows) - 1 == len(expected)
    assert rows[1] == [expected[0]["state"]["value"], expected[0]["label"]["value"]]
    # the SPARQL CSV format ends lines with CRLF
    assert len(resp.content.decode("utf-8").splitlines()) == len(expected) + 1


def test_select_tsv(endpoint):
    expected = check_json_select(get(endpoint, STATES))["results"]["bindings"]
    resp = get(endpoint, STATES, TSV)
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == TSV
    lines = resp.content.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?state", "?label"]
    assert len(lines) - 1 == len(expected)
    state, label = lines[1].split("\t")
    assert state == f"<{expected[0]['state']['value']}>"  # TSV cells are in Turtle syntax
    assert label.startswith(f"\"{expected[0]['label']['value']}\"@")


def test_ask(endpoint):
    yes = PREFIXES + f"ASK {{ <{RUS}> dg:partyTo <{SOCHI_2018}> }}"
    no = PREFIXES + f"ASK {{ <{KERRY}> dg:partyTo <{SOCHI_2018}> }}"
    for query, answer in ((yes, True), (no, False)):
        resp = get(endpoint, query, accept=None)
        assert resp.status_code == 200, resp.text
        assert media_type(resp) == JSON
        assert resp.json()["boolean"] is answer
        resp = get(endpoint, query, XML)
        assert resp.status_code == 200, resp.text
        assert media_type(resp) == XML
        boolean = ET.fromstring(resp.content).find(f"{SRX}boolean")
        assert boolean is not None and boolean.text.strip() == str(answer).lower()


# --- graphs ------------------------------------------------------------------------------


def parse_graph(resp: requests.Response, fmt: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=resp.content, format=fmt)
    return graph


def test_construct_turtle_is_default(endpoint):
    for accept in (None, "text/turtle"):
        resp = get(endpoint, CONSTRUCT_RUS, accept)
        assert resp.status_code == 200, resp.text
        assert media_type(resp) == "text/turtle"
        graph = parse_graph(resp, "turtle")
        assert len(graph) > 0
        label = rdflib.Literal("Russia", lang="en")
        assert (rdflib.URIRef(RUS), rdflib.RDFS.label, label) in graph
        assert (rdflib.URIRef(RUS), rdflib.URIRef(DG + "partyTo"), rdflib.URIRef(SOCHI_2018)) in graph


@pytest.mark.parametrize(
    "accept,fmt", [("application/n-triples", "nt"), ("application/rdf+xml", "xml")]
)
def test_construct_other_formats(endpoint, accept, fmt):
    turtle = parse_graph(get(endpoint, CONSTRUCT_RUS, "text/turtle"), "turtle")
    resp = get(endpoint, CONSTRUCT_RUS, accept)
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == accept
    graph = parse_graph(resp, fmt)
    assert len(graph) == len(turtle) > 0
    assert set(graph) == set(turtle)


def test_describe(endpoint):
    resp = get(endpoint, f"DESCRIBE <{RUS}>", accept=None)
    assert resp.status_code == 200, resp.text
    assert media_type(resp) == "text/turtle"
    graph = parse_graph(resp, "turtle")
    assert (rdflib.URIRef(RUS), rdflib.RDFS.label, rdflib.Literal("Russia", lang="en")) in graph


# --- errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,accept",
    [
        (STATES, "image/png"),
        (STATES, "text/turtle"),  # not a results format
        (CONSTRUCT_RUS, "image/png"),
        (CONSTRUCT_RUS, JSON),  # not a graph format
    ],
)
def test_unsupported_accept_is_406(endpoint, query, accept):
    resp = get(endpoint, query, accept)
    assert resp.status_code == 406, f"{accept}: {resp.status_code} {resp.text[:300]}"
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"


def test_bad_query_is_400_with_message(endpoint):
    for resp in (
        get(endpoint, "SELECT ?s WHERE { ?s ?p "),
        requests.post(endpoint, data={"query": "SELEKT * WHERE {}"}, timeout=TIMEOUT),
        requests.post(
            endpoint, data=b"SELECT * WHERE { ?s ?p ?o ",
            headers={"Content-Type": "application/sparql-query"}, timeout=TIMEOUT,
        ),
    ):
        assert resp.status_code == 400, resp.text
        assert media_type(resp) == "text/plain"
        message = resp.text
        assert message.strip(), "empty error message"
        assert re.search(r"error|line|column|position|offset|\d+:\d+", message, re.I), message
        assert resp.headers.get("Access-Control-Allow-Origin") == "*"


def test_federated_query_is_501_not_a_server_error(endpoint):
    """SERVICE is valid SPARQL 1.1 that this endpoint does not evaluate: 501 Not Implemented,
    with a message that says so (not a 500, which would mean the server is broken)."""
    resp = get(endpoint, "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }")
    assert resp.status_code == 501, resp.text
    assert media_type(resp) == "text/plain"
    assert "SERVICE" in resp.text and "not supported" in resp.text, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"


INSERT = f'INSERT DATA {{ <{USA}> <https://example.org/p> "must not be stored" }}'
ASK_INSERTED = 'ASK { ?s <https://example.org/p> ?o }'


def test_update_is_403_and_store_unchanged(endpoint):
    triples, quads = count(endpoint, COUNT_TRIPLES), count(endpoint, COUNT_QUADS)
    assert triples > 0 and quads > 0
    form = requests.post(endpoint, data={"update": INSERT}, timeout=TIMEOUT)
    body = requests.post(
        endpoint, data=INSERT.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"}, timeout=TIMEOUT,
    )
    drop = requests.post(endpoint, data={"update": "DROP ALL"}, timeout=TIMEOUT)
    for resp in (form, body, drop):
        assert resp.status_code == 403, f"{resp.request.body!r}: {resp.status_code} {resp.text[:300]}"
        assert resp.headers.get("Access-Control-Allow-Origin") == "*"
    assert get(endpoint, ASK_INSERTED).json()["boolean"] is False
    assert count(endpoint, COUNT_TRIPLES) == triples
    assert count(endpoint, COUNT_QUADS) == quads


# --- CORS and the help page --------------------------------------------------------------


def header_items(resp: requests.Response, name: str) -> set[str]:
    return {item.strip().lower() for item in resp.headers.get(name, "").split(",") if item.strip()}


def test_options_preflight(endpoint):
    resp = requests.options(
        endpoint,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, accept",
        },
        timeout=TIMEOUT,
    )
    assert resp.status_code == 204, resp.text
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"
    assert {"get", "post", "options"} <= header_items(resp, "Access-Control-Allow-Methods")
    assert {"content-type", "accept"} <= header_items(resp, "Access-Control-Allow-Headers")


def test_cors_on_normal_responses(endpoint):
    origin = {"Origin": "https://example.org"}
    resp = requests.get(endpoint, params={"query": STATES}, headers=origin, timeout=TIMEOUT)
    assert resp.status_code == 200
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"
    resp = requests.post(endpoint, data={"query": STATES}, headers=origin, timeout=TIMEOUT)
    assert resp.status_code == 200
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"


def test_help_page(server):
    resp = requests.get(server.base + "/", timeout=TIMEOUT)
    assert resp.status_code == 200
    assert media_type(resp) == "text/html"
    assert "<" in resp.text and "sparql" in resp.text.lower()
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"


# --- timeout and concurrency -------------------------------------------------------------

# the cross product of all triples, three times: ~10^12 rows on the one-document store
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_timeout_is_503(timeout_server):
    small = timeout_server.endpoint
    assert count(small, COUNT_TRIPLES) > 100, "the one-document store is too small for the test"
    start = time.monotonic()
    try:
        resp = requests.get(small, params={"query": EXPENSIVE}, headers={"Accept": JSON}, timeout=60)
    except requests.Timeout:
        pytest.fail("no answer in 60 s to a query that should time out after 1 s")
    elapsed = time.monotonic() - start
    assert resp.status_code == 503, f"{resp.status_code} after {elapsed:.1f} s: {resp.text[:300]}"
    assert elapsed < 10, f"503 only after {elapsed:.1f} s with --timeout 1"
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"
    # the server is still serving after a timed-out query
    assert count(small, COUNT_TRIPLES) > 0


def test_concurrent_readers(endpoint):
    query = PREFIXES + """
    SELECT ?event ?type ?sentence WHERE {
      ?event dg:participant ?actor ; a ?type ; prov:wasDerivedFrom ?sentence .
    } ORDER BY ?event ?type ?sentence
    """

    def one(_):
        resp = requests.post(endpoint, data={"query": query}, headers={"Accept": JSON}, timeout=TIMEOUT)
        return resp.status_code, resp.json() if resp.status_code == 200 else resp.text

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(one, range(30)))
    assert [status for status, _ in answers] == [200] * 30, [a for a in answers if a[0] != 200][:3]
    first = answers[0][1]
    assert first["results"]["bindings"], "no events in the store"
    assert all(body == first for _, body in answers)


# --- content -----------------------------------------------------------------------------


def test_agreements_concerning_idlib(endpoint):
    agreements = values(select(endpoint, AGREEMENTS_IDLIB), "agreement")
    assert SOCHI_2018 in agreements, agreements
    assert MOSCOW_2020 in agreements, agreements


def test_default_graph_is_a_set(endpoint):
    """The default graph holds every fact once: a fact that several documents state (a party
    to an agreement) matches a plain pattern once."""
    matched = count(endpoint, COUNT_TRIPLES)
    distinct = count(
        endpoint, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    )
    assert matched == distinct, f"{matched} matches of ?s ?p ?o for {distinct} distinct triples"


def test_provenance_of_a_fact(endpoint):
    rows = select(endpoint, PROVENANCE)
    texts = values(rows, "text")
    assert texts, "no sentence states that Russia is party to the 2018 Sochi memorandum"
    assert all(t.strip() for t in texts)
    assert all(r["doc"]["value"].startswith("https://w3id.org/diplograph/id/doc/") for r in rows)
