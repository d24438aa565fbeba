"""The actor-graph exports as graph tools read them: GraphML through networkx and igraph, the
CSV tables through pandas, all from one store built from the sample corpus.

The store is this module's own: the session's corpus store is held open by the running server.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import igraph
import networkx as nx
import pandas as pd
import pytest

from conftest import CORPUS, run

GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
RUS, USA, PUTIN = "state:RUS", "state:USA", "person:vladimir-putin"


@dataclass
class Exports:
    graphml: Path
    csv: Path


@pytest.fixture(scope="module")
def exports(diplograph_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> Exports:
    root = tmp_path_factory.mktemp("graph-export")
    store = root / "store"
    run([diplograph_bin, "build", CORPUS, "--store", store], "building a store for the graph exports")
    graphml = root / "kg.graphml"
    run(
        [diplograph_bin, "export", "--store", store, "--format", "graphml", "-o", graphml],
        "exporting GraphML",
    )
    csv_dir = root / "csv"
    run(
        [diplograph_bin, "export", "--store", store, "--format", "csv", "-o", csv_dir],
        "exporting CSV",
    )
    return Exports(graphml, csv_dir)


@pytest.fixture(scope="module")
def nxg(exports: Exports) -> nx.DiGraph:
    return nx.read_graphml(exports.graphml)


@pytest.fixture(scope="module")
def igg(exports: Exports) -> igraph.Graph:
    return igraph.Graph.Read_GraphML(str(exports.graphml))


@pytest.fixture(scope="module")
def tables(exports: Exports) -> tuple[pd.DataFrame, pd.DataFrame]:
    # keep_default_na=False: an ISO code such as "NAM" or a label "None" stays a string;
    # empty cells are "".
    opts = dict(dtype=str, keep_default_na=False)
    return pd.read_csv(exports.csv / "nodes.csv", **opts), pd.read_csv(exports.csv / "edges.csv", **opts)


def talked_with_rus_usa(g: nx.DiGraph) -> list[dict]:
    return [
        d
        for u, v, d in g.edges(data=True)
        if {u, v} == {RUS, USA} and d.get("type") == "talked_with"
    ]


def test_networkx_and_igraph_read_the_same_graph(exports: Exports, nxg, igg) -> None:
    root = ET.parse(exports.graphml).getroot()
    n_nodes = len(root.findall(f".//{GRAPHML_NS}node"))
    n_edges = len(root.findall(f".//{GRAPHML_NS}edge"))
    assert n_nodes > 10 and n_edges > 10
    assert nxg.is_directed() and igg.is_directed()
    assert (nxg.number_of_nodes(), nxg.number_of_edges()) == (n_nodes, n_edges)
    assert (igg.vcount(), igg.ecount()) == (n_nodes, n_edges)
    assert set(igg.vs["id"]) == set(nxg.nodes)
    # The same edges, by endpoints and relation.
    ig_edges = Counter(
        (igg.vs[e.source]["id"], igg.vs[e.target]["id"], e["type"]) for e in igg.es
    )
    nx_edges = Counter((u, v, d["type"]) for u, v, d in nxg.edges(data=True))
    assert ig_edges == nx_edges


def test_attribute_types(nxg, igg) -> None:
    for _, d in nxg.nodes(data=True):
        assert isinstance(d["label"], str) and d["label"]
        assert isinstance(d["kind"], str)
        assert isinstance(d["community"], int), d
        assert isinstance(d["pagerank"], float), d
    for _, _, d in nxg.edges(data=True):
        assert isinstance(d["weight"], float), d
        assert isinstance(d["label"], str) and d["label"] == d["type"]
        assert isinstance(d["evidence_count"], int)
        assert isinstance(d["directed"], bool)
        assert d["directed"] == (d["type"] not in {"met", "talked_with", "called"})
    assert all(isinstance(w, float) for w in igg.es["weight"])
    assert all(isinstance(x, str) for x in igg.vs["label"])
    ranks = [d["pagerank"] for _, d in nxg.nodes(data=True)]
    assert math.isclose(sum(ranks), 1.0, rel_tol=1e-3), sum(ranks)


def test_known_nodes_and_edge(nxg, igg) -> None:
    rus = nxg.nodes[RUS]
    assert (rus["label"], rus["kind"], rus["iso3"], rus["qid"]) == ("Russia", "state", "RUS", "Q159")
    assert nxg.nodes[PUTIN]["kind"] == "person"
    assert nxg.nodes[PUTIN]["label"] == "Vladimir Putin"
    talks = talked_with_rus_usa(nxg)
    assert len(talks) == 1, talks
    assert talks[0]["weight"] >= 2
    assert talks[0]["directed"] is False
    assert talks[0]["evidence_count"] == int(talks[0]["weight"])
    v = igg.vs.find(id=RUS)
    assert (v["label"], v["kind"], v["iso3"], v["qid"]) == ("Russia", "state", "RUS", "Q159")
    usa = igg.vs.find(id=USA)
    es = [e for e in igg.es.select(_between=([v.index], [usa.index])) if e["type"] == "talked_with"]
    assert len(es) == 1 and es[0]["weight"] == talks[0]["weight"]


def test_csv_tables_agree_with_graphml(nxg, tables) -> None:
    nodes, edges = tables
    assert list(nodes.columns) == [
        "Id", "Label", "kind", "iso3", "qid", "community", "pagerank", "first_date", "last_date",
    ]
    assert list(edges.columns[:6]) == ["Source", "Target", "Type", "Label", "relation", "Weight"]
    assert nodes["Id"].is_unique
    assert set(nodes["Id"]) == set(nxg.nodes)
    for row in nodes.itertuples(index=False):
        d = nxg.nodes[row.Id]
        assert row.Label == d["label"] and row.kind == d["kind"]
        assert row.iso3 == d.get("iso3", "") and row.qid == d.get("qid", "")
        assert int(row.community) == d["community"]
        assert math.isclose(float(row.pagerank), d["pagerank"])
        assert row.first_date == d.get("first_date", "")
    # Every edge endpoint is a node.
    assert set(edges["Source"]) | set(edges["Target"]) <= set(nodes["Id"])
    assert set(edges["Type"]) <= {"Directed", "Undirected"}
    csv_edges = Counter(
        (r.Source, r.Target, r.relation, float(r.Weight), r.Type == "Directed", r.evidence)
        for r in edges.itertuples(index=False)
    )
    nx_edges = Counter(
        (u, v, d["type"], d["weight"], d["directed"], d.get("evidence", ""))
        for u, v, d in nxg.edges(data=True)
    )
    assert csv_edges == nx_edges
    rus = nodes.set_index("Id").loc[RUS]
    assert (rus["Label"], rus["iso3"], rus["qid"]) == ("Russia", "RUS", "Q159")
    talks = edges[
        edges["Source"].isin([RUS, USA]) & edges["Target"].isin([RUS, USA]) & (edges["relation"] == "talked_with")
    ]
    assert len(talks) == 1 and talks.iloc[0]["Type"] == "Undirected"
    assert float(talks.iloc[0]["Weight"]) >= 2
