"""Exports are valid RDF: SHACL shapes hold, two independent parsers agree, IRIs are safe.

pyshacl checks ``shapes.ttl`` (with ``ontology.ttl`` mixed in); pyoxigraph
is the second parser, a Rust implementation that shares no code with rdflib.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyshacl import validate
from rdflib import Dataset, Graph, Literal, URIRef, namespace
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from geokg.graph.claims import Actor, Claim, Source
from geokg.graph.rdf import (
    FORMATS,
    claims_graph,
    export_claims,
    ontology_graph,
    parse_graph,
    shapes_graph,
)
from geokg.graph.rdf.vocabulary import (
    CAMEO_CODE,
    GEOKG,
    actor_iri,
    is_safe_url,
    predicate_properties,
)
from geokg.graph.vocabulary import predicates
from tests.rdf.samples import sample_claims
from tests.rdf.test_rdf_roundtrip import claim_lists

OX_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def shacl(data: Graph) -> tuple[bool, str]:
    conforms, _, report = validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), advanced=True
    )
    return bool(conforms), str(report)


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / f"graph.{fmt}"
        export_claims(sample_claims(), paths[fmt], fmt)
    return paths


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_passes_the_shacl_shapes(exports: dict[str, Path], fmt: str):
    conforms, report = shacl(parse_graph(exports[fmt]))
    assert conforms, report


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_pyoxigraph_reads_the_same_triples_as_rdflib(exports: dict[str, Path], fmt: str):
    quads = list(ox.parse(path=str(exports[fmt]), format=OX_FORMATS[fmt]))
    rdflib_graph = parse_graph(exports[fmt])
    oxi = {(str(q.subject), str(q.predicate), _lexical(q.object)) for q in quads}
    # Blank nodes get fresh labels in each parser; compare everything else.
    named = {t for t in oxi if not t[0].startswith("_:") and not t[2].startswith("_:")}
    ours = {
        (f"<{s}>", f"<{p}>", _lexical_rdflib(o))
        for s, p, o in rdflib_graph
        if isinstance(s, URIRef) and not o.n3().startswith("_:")
    }
    assert named == ours
    assert len(set(oxi)) == len(rdflib_graph)


def _lexical(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.Literal):
        return f"{term.value!r}^^{term.datatype.value}"
    return str(term)


def _lexical_rdflib(term: object) -> str:
    if isinstance(term, Literal):
        return f"{str(term)!r}^^{term.datatype or namespace.XSD.string}"
    return f"<{term}>" if isinstance(term, URIRef) else str(term)


def test_quad_formats_put_each_claim_in_its_source_graph(exports: dict[str, Path]):
    dataset = Dataset()
    dataset.parse(str(exports["trig"]), format="trig")
    claims = {c.id: c for c in sample_claims()}
    graphs = [g for g in dataset.graphs() if g.identifier != dataset.default_graph.identifier]
    assert graphs, "no named graphs in the TriG export"
    for graph in graphs:
        for node in graph.subjects(RDF.type, GEOKG.Claim):
            claim_id = str(graph.value(node, URIRef("http://purl.org/dc/terms/identifier")))
            assert str(graph.identifier).endswith(claims[claim_id].source.id)


def test_denied_claims_never_become_direct_facts(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    supplies = predicate_properties()["SUPPLIES"]
    rus, irn = actor_iri("RUS"), actor_iri("IRN")
    # Russia denies supplying Iran; Iran supplying Russia is asserted.
    assert (irn, supplies, rus) in graph
    assert (rus, supplies, irn) not in graph
    # A planned agreement is a direct fact, both ways for a symmetric predicate.
    signs = predicate_properties()["SIGNS_AGREEMENT"]
    assert (rus, signs, irn) in graph and (irn, signs, rus) in graph


def test_shacl_catches_a_denied_claim_stated_as_fact(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    graph.add((actor_iri("RUS"), predicate_properties()["SUPPLIES"], actor_iri("IRN")))
    conforms, report = shacl(graph)
    assert not conforms
    assert "denied or negated claim" in report


def test_shacl_catches_a_claim_without_a_source(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    graph.remove((None, PROV.wasDerivedFrom, None))
    conforms, report = shacl(graph)
    assert not conforms
    assert "wasDerivedFrom" in report


@settings(max_examples=200, deadline=None)
@given(url=st.text(max_size=30).map(lambda s: "https://example.org/" + s) | st.text(max_size=40))
def test_a_url_becomes_an_iri_only_when_it_is_a_valid_http_iri(url: str):
    if is_safe_url(url):
        assert url.startswith(("http://", "https://"))
        ox.NamedNode(url)  # pyoxigraph rejects anything that is not an IRI


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://a.org/x y",
        'https://a.org/">',
        "ftp://x",
    ],
)
def test_unsafe_urls_stay_literals_and_parse_everywhere(tmp_path: Path, url: str):
    claim = Claim(Source.create(url=url), Actor("RUS", "Russia"), "VISITS", Actor("IRN", "Iran"))
    for fmt in FORMATS:
        path = tmp_path / f"c.{fmt}"
        export_claims([claim], path, fmt)
        iris = {str(q.object) for q in ox.parse(path=str(path), format=OX_FORMATS[fmt])}
        assert f"<{url}>" not in iris


def test_ontology_has_one_property_per_predicate_with_label_and_cameo_code():
    ontology = ontology_graph()
    relations = set(ontology.subjects(RDF.type, GEOKG.Relation))
    assert relations == set(predicate_properties().values()), (
        "graph/rdf/ontology.ttl and graph/data/predicates.toml disagree: "
        "add or remove the relation's property in ontology.ttl"
    )
    for name, spec in predicates().items():
        prop = predicate_properties()[name]
        assert str(ontology.value(prop, RDFS.label)) == spec.label
        notations = list(ontology.objects(prop, SKOS.notation))
        assert {str(n) for n in notations} == ({spec.cameo} if spec.cameo else set())
        assert all(n.datatype == CAMEO_CODE for n in notations)  # type: ignore[attr-defined]
        assert ((prop, RDF.type, OWL.SymmetricProperty) in ontology) == spec.symmetric
        assert ontology.value(prop, RDFS.comment) is not None


def test_every_class_and_property_the_export_uses_is_in_the_ontology(exports: dict[str, Path]):
    ontology = ontology_graph()
    described = set(ontology.subjects())
    graph = parse_graph(exports["ttl"])
    used = {p for p in graph.predicates() if str(p).startswith(str(GEOKG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(GEOKG))}
    assert used <= described, used - described


def test_shacl_catches_a_direct_fact_no_claim_supports(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    graph.add((actor_iri("IRN"), predicate_properties()["ATTACKS"], actor_iri("RUS")))
    conforms, report = shacl(graph)
    assert not conforms
    assert "direct fact that no" in report


def test_shacl_catches_an_unknown_predicate_and_modality(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    claim = next(graph.subjects(RDF.type, GEOKG.Claim))
    graph.set((claim, RDF.predicate, GEOKG.befriends))
    graph.set((claim, GEOKG.modality, GEOKG.rumoured))
    conforms, report = shacl(graph)
    assert not conforms
    assert "rdf:predicate" in report and "geokg:modality" in report


@settings(max_examples=10, deadline=None)
@given(claims=claim_lists())
def test_generated_claims_with_hostile_text_pass_the_shapes(claims: list[Claim]):
    conforms, report = shacl(claims_graph(claims))
    assert conforms, report
