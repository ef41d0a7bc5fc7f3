"""Events and agreement stages in RDF: valid against the shapes, and back unchanged.

The events and stages of the export are those ``graph/events.py`` and
``graph/stages.py`` build; reading the file gives them back equal, whether
built in memory or stored by ``build_events`` in either store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from rdflib import Literal
from rdflib.namespace import PROV, RDF, SH, XSD

from geokg.cli.rdf import write_rdf
from geokg.graph.claims import Claim
from geokg.graph.events import group_events
from geokg.graph.rdf import (
    FORMATS,
    export_claims,
    ontology_graph,
    parse_graph,
    read_claims,
    read_events,
    read_stages,
    shapes_graph,
)
from geokg.graph.rdf.vocabulary import GEOKG, claim_iri, event_iri
from geokg.graph.stages import STAGES, agreement_stages
from geokg.graph.stores import GraphStore
from geokg.graph.stores.events import build_events, stored_events, stored_stages, write_events
from tests.conftest import run_cli
from tests.rdf.samples import agreement_claims
from tests.rdf.test_rdf_roundtrip import by_id, claim_lists, xml_safe
from tests.rdf.test_rdf_validation import shacl


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    claims = agreement_claims()
    events, stages = group_events(claims), agreement_stages(claims)
    folder = tmp_path_factory.mktemp("events")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / f"graph.{fmt}"
        export_claims(claims, paths[fmt], fmt, events=events, stages=stages)
    return paths


def test_the_sample_has_what_the_export_must_carry():
    events, stages = group_events(agreement_claims()), agreement_stages(agreement_claims())
    assert any(e.denied for e in events)
    assert any(e.syndicated and e.publishers >= 3 for e in events)
    assert any(v.copy for e in events for v in e.links)
    assert [s.stage for s in stages] == ["proposed", "signed", "ratified"]
    assert stages[0].expected == "2025-01-17"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_events_and_stages_survive_every_format(exports: dict[str, Path], fmt: str):
    claims = agreement_claims()
    assert read_events(exports[fmt]) == group_events(claims)
    assert read_stages(exports[fmt]) == agreement_stages(claims)
    assert list(read_claims(exports[fmt])) == by_id(claims)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_with_events_and_stages_passes_the_shacl_shapes(
    exports: dict[str, Path], fmt: str
):
    conforms, report = shacl(parse_graph(exports[fmt]))
    assert conforms, report


def test_an_event_is_a_prov_entity_derived_from_its_claims(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    for event in group_events(agreement_claims()):
        e = event_iri(event.id)
        assert (e, RDF.type, PROV.Entity) in graph
        derived = set(graph.objects(e, PROV.wasDerivedFrom))
        assert derived == {claim_iri(v.claim_id) for v in event.links}
        assert graph.value(e, GEOKG.isDenied) == Literal(event.denied)
        assert graph.value(e, GEOKG.claimCount) == Literal(event.claims, datatype=XSD.integer)


def test_every_geokg_name_the_export_uses_is_in_the_ontology(exports: dict[str, Path]):
    described = set(ontology_graph().subjects())
    graph = parse_graph(exports["ttl"])
    used = {p for p in graph.predicates() if str(p).startswith(str(GEOKG))}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(str(GEOKG))}
    assert GEOKG.Event in used and GEOKG.AgreementStage in used
    assert used <= described, used - described


def test_the_shapes_know_the_stages_of_stages_toml():
    shapes = shapes_graph()
    prop = next(p for p in shapes.subjects(SH.path, GEOKG.stageName))
    allowed = [str(s) for s in shapes.items(shapes.value(prop, SH["in"]))]
    assert allowed == list(STAGES)


def test_shacl_catches_an_event_without_claims_and_a_wrong_denial_flag(
    exports: dict[str, Path],
):
    graph = parse_graph(exports["ttl"])
    event = next(e for e in group_events(agreement_claims()) if e.denied)
    e = event_iri(event.id)
    graph.remove((e, PROV.wasDerivedFrom, None))
    graph.set((e, GEOKG.isDenied, Literal(False)))
    conforms, report = shacl(graph)
    assert not conforms
    assert "wasDerivedFrom" in report
    assert "isDenied disagrees" in report


def test_shacl_catches_an_unknown_stage(exports: dict[str, Path]):
    graph = parse_graph(exports["ttl"])
    stage = next(iter(graph.subjects(RDF.type, GEOKG.AgreementStage)))
    graph.set((stage, GEOKG.stageName, Literal("annexed")))
    assert not shacl(graph)[0]


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_stored_events_and_stages_go_out_and_back_through_each_store(
    store: GraphStore, tmp_path: Path, fmt: str
):
    claims = agreement_claims()
    store.write_claims(claims)
    build_events(store)
    events, stages = stored_events(store), stored_stages(store)
    assert events == group_events(claims)
    assert stages == agreement_stages(claims)

    path = tmp_path / f"graph.{fmt}"
    write_rdf(store, path, fmt)
    assert read_events(path) == events
    assert read_stages(path) == stages

    # Into an empty store from the file alone: the same events and stages come back.
    store.clear()
    store.write_claims(read_claims(path))
    write_events(store, read_events(path), read_stages(path))
    assert stored_events(store) == events
    assert stored_stages(store) == stages
    again = tmp_path / f"again.{fmt}"
    write_rdf(store, again, fmt)
    assert read_events(again) == events and read_stages(again) == stages


def test_geokg_export_writes_the_events_the_store_holds(tmp_path: Path):
    spec = str(tmp_path / "cli.db")
    claims = tmp_path / "claims.ttl"
    export_claims(agreement_claims(), claims, "ttl")
    assert run_cli("ingest", str(claims), "--store", spec).returncode == 0
    assert run_cli("events", "--store", spec).returncode == 0
    out = tmp_path / "out.ttl"
    result = run_cli("export", "--out", str(out), "--store", spec)
    assert result.returncode == 0, result.stderr
    assert read_events(out) == group_events(agreement_claims())
    assert read_stages(out) == agreement_stages(agreement_claims())


@pytest.mark.parametrize("fmt", ["nq", "ttl", "xml"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claim_lists())
def test_events_of_generated_claims_survive_export_and_read(
    tmp_path_factory: pytest.TempPathFactory, fmt: str, claims: list[Claim]
):
    if fmt == "xml" and not xml_safe(claims):
        return  # what RDF/XML cannot carry is refused (test_rdf_roundtrip)
    events, stages = group_events(claims), agreement_stages(claims)
    path = tmp_path_factory.mktemp(fmt) / f"graph.{fmt}"
    export_claims(claims, path, fmt, events=events, stages=stages)
    assert read_events(path) == events
    assert read_stages(path) == stages
