"""The built graph satisfies the SHACL shapes of ontology/shapes.ttl (with the ontology's
RDFS entailments), checked with pyshacl on `diplograph export --format turtle`."""

from __future__ import annotations

import pytest
import rdflib
from pyshacl import validate

from conftest import ONTOLOGY, RUS


def load(path, what) -> rdflib.Graph:
    if not path.is_file():
        pytest.fail(f"{what} {path} is missing", pytrace=False)
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    assert len(graph) > 0, f"{path} is empty"
    return graph


def test_export_conforms_to_shapes(corpus_turtle):
    if corpus_turtle.error:
        pytest.fail(f"export failed: {corpus_turtle.error}", pytrace=False)
    data = rdflib.Graph()
    data.parse(corpus_turtle.path, format="turtle")
    assert len(data) > 0
    assert (rdflib.URIRef(RUS), rdflib.RDFS.label, rdflib.Literal("Russia", lang="en")) in data
    ontology = load(ONTOLOGY / "diplograph.ttl", "the ontology")
    shapes = load(ONTOLOGY / "shapes.ttl", "the SHACL shapes")

    conforms, _report_graph, report = validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        meta_shacl=False,
        advanced=True,
    )
    if not conforms:
        print(report)
    assert conforms, report[:20000]
