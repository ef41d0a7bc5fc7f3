"""Events across reports and agreement stages: the pure grouping (with hypothesis for the
merged confidence) and the Event/Stage nodes and evidence queries on both stores."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geokg.errors import StoreError
from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.events import EventConfig, group_events, merged_confidence
from geokg.graph.stages import agreement_stages
from geokg.graph.stores.base import GraphStore
from geokg.graph.stores.events import build_events, write_events
from geokg.ingest.claimfiles import read_claims_jsonl
from geokg.queries.library import run_named
from tests.conftest import FIXTURES, run_cli

CORPUS = FIXTURES / "events-corpus.claims.jsonl"
FATH = "64c1551c8ae114a3"


def corpus() -> list[Claim]:
    errors: list = []
    claims = list(read_claims_jsonl(CORPUS, errors=errors))
    assert not errors
    return claims


def test_corpus_events() -> None:
    events = {e.id: e for e in group_events(corpus())}
    assert len(events) == 8
    fath = events[FATH]
    assert (fath.subject, fath.predicate, fath.object, fath.item) == (
        "IRN", "SUPPLIES", "RUS", "fath-360",
    )  # fmt: skip
    # AP and its two syndicated copies are one voice; Reuters, CNN; Press TV denies
    assert (fath.claims, fath.sources, fath.publishers) == (6, 6, 4)
    assert (fath.asserting, fath.denying, fath.syndicated) == (3, 1, 2)
    assert (fath.strongest, fath.weakest, fath.denied) == ("asserted", "reported", True)
    assert (fath.first_reported, fath.last_reported) == ("2024-09-06", "2024-09-11")
    assert fath.confidence == round((1 - 0.3 * 0.4 * 0.2) * (1 - 0.7), 4)
    su35 = sorted((e for e in events.values() if e.item == "su-35"), key=lambda e: e.time_start)
    assert [(e.claims, e.publishers, e.strongest, e.weakest) for e in su35] == [
        (2, 1, "planned", "possible"),  # one publisher twice, five days apart
        (1, 1, "asserted", "asserted"),  # two years later: another event
    ]


def test_events_do_not_depend_on_order() -> None:
    claims = corpus()
    expected = group_events(claims)
    for seed in range(3):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        assert group_events(shuffled + shuffled[:4]) == expected


def test_window_is_configurable() -> None:
    wide = group_events(corpus(), EventConfig(window_days={"day": 7, "month": 45, "year": 1000}))
    narrow = group_events(corpus(), EventConfig(window_days={"day": 0, "month": 0, "year": 0}))
    assert len(wide) == 8  # no claim of the corpus has year granularity
    assert len(narrow) == 10  # the denial (day) and the Su-35 reports split off


def test_agreement_stages() -> None:
    stages = agreement_stages(corpus())
    assert [(s.stage, s.date, s.expected, s.publishers) for s in stages] == [
        ("proposed", "2024-09-20", "2024-10-01", ("Newsweek",)),  # "could be signed in October"
        ("signed", "2025-01-17", None, ("Al Jazeera", "TASS")),
        ("ratified", "2025-04-08", None, ("TASS",)),
        ("in_force", "2025-10-02", None, ("Reuters",)),
    ]


# -- the merged confidence, as properties --------------------------------------------------

RUS, IRN = Actor("RUS", "Russia"), Actor("IRN", "Iran")
confidences = st.floats(min_value=0.05, max_value=0.95)


def report(n: int, confidence: float, *, modality: str = "reported", text: str = "") -> Claim:
    return Claim(
        source=Source.create(
            url=f"https://outlet{n}.example/a", publisher=f"Outlet {n}", published="2024-09-10"
        ),
        subject=IRN, predicate="SUPPLIES", object=RUS, item=Item("Fath-360"),
        modality=modality, confidence=confidence, time=TimeSpan.parse("2024-09"),
        evidence=Evidence(text or f"Outlet {n} says Iran shipped missiles, story number {n}."),
    )  # fmt: skip


def confidence_of(claims: list[Claim]) -> float:
    (event,) = group_events(claims)
    return event.confidence


@settings(max_examples=60, deadline=None)
@given(st.lists(confidences, min_size=1, max_size=6), confidences)
def test_confidence_grows_with_independent_sources(base: list[float], extra: float) -> None:
    claims = [report(n, c) for n, c in enumerate(base)]
    more = [*claims, report(len(base), extra)]
    assert confidence_of(more) >= confidence_of(claims)
    (event,) = group_events(more)
    assert event.asserting == len(base) + 1


@settings(max_examples=60, deadline=None)
@given(st.lists(confidences, min_size=1, max_size=6), st.data())
def test_a_duplicate_copy_moves_nothing(base: list[float], data: st.DataObject) -> None:
    claims = [report(n, c) for n, c in enumerate(base)]
    original = data.draw(st.sampled_from(claims))
    copy = replace(
        original,
        source=Source.create(url="https://wire-copy.example/x", publisher="Copy Daily",
                             published="2024-09-12"),
        id="",
    )  # fmt: skip
    copy = replace(copy, id=copy.compute_id())
    (before,) = group_events(claims)
    (after,) = group_events([*claims, copy])
    assert after.confidence == before.confidence
    assert (after.asserting, after.publishers) == (before.asserting, before.publishers)
    assert (after.sources, after.syndicated) == (before.sources + 1, 1)


@settings(max_examples=60, deadline=None)
@given(st.lists(confidences, min_size=1, max_size=5), confidences)
def test_confidence_falls_with_a_denial(base: list[float], denial: float) -> None:
    claims = [report(n, c) for n, c in enumerate(base)]
    denied = [*claims, report(99, denial, modality="denied", text="Tehran denied it all.")]
    assert confidence_of(denied) < confidence_of(claims)


def test_one_report_keeps_its_confidence() -> None:
    assert merged_confidence([0.7], []) == 0.7
    assert merged_confidence([], [0.5]) == 0.0


# -- the stores ----------------------------------------------------------------------------


def test_events_in_store(store: GraphStore) -> None:
    claims = corpus()
    store.write_claims(claims)
    report = build_events(store)
    assert (report.claims, report.events, report.stages) == (15, 8, 4)
    assert (report.corroborated, report.denied) == (2, 1)
    count = "MATCH (e:Event)-[d:DERIVED_FROM]->(c:Claim) RETURN count(DISTINCT e), count(d)"
    assert store.query(count).rows == [[8, 15]]
    ids = store.query("MATCH (e:Event) RETURN e.id ORDER BY e.id").rows
    # re-ingest in another order, rebuild: the same events
    store.write_claims(list(reversed(claims)))
    build_events(store)
    assert store.query("MATCH (e:Event) RETURN e.id ORDER BY e.id").rows == ids
    assert store.query(count).rows == [[8, 15]]
    stage_items = "MATCH (s:Stage)-[:STAGE_OF]->(i:Item) RETURN i.id, count(s)"
    assert store.query(stage_items).rows == [["comprehensive-strategic-partnership-treaty", 4]]

    rows = run_named(store, "corroborated").records()
    assert [(r["event"], r["asserting"], r["publishers"], r["denied"]) for r in rows] == [
        (FATH, 3, 4, True),
        ("dad56f8d48c7e291", 2, 2, False),
    ]
    assert run_named(store, "corroborated", {"min_publishers": 3}).rows[0][0] == FATH
    rows = run_named(store, "contested-events").records()
    assert [(r["side"], r["publisher"], r["copy"]) for r in rows] == [
        ("asserts", "AP", False), ("asserts", "ABC News", True),
        ("asserts", "Washington Post", True), ("asserts", "Reuters", False),
        ("asserts", "CNN", False), ("denies", "Press TV", False),
    ]  # fmt: skip
    rows = run_named(
        store, "first-reported", {"a": "IRN", "b": "RUS", "predicate_name": "SUPPLIES"}
    )
    assert [(r["item"], r["first_reported"], r["publisher"]) for r in rows.records()] == [
        ("su-35", "2023-01-15", "Tasnim"),  # either direction
        ("fath-360", "2024-09-06", "AP"),
        ("su-35", "2025-02-01", "Financial Times"),
    ]
    rows = run_named(store, "agreement-timeline", {"item": "partnership treaty"}).records()
    assert [(r["date"], r["stage"]) for r in rows] == [
        ("2024-09-20", "proposed"), ("2025-01-17", "signed"),
        ("2025-04-08", "ratified"), ("2025-10-02", "in_force"),
    ]  # fmt: skip
    rows = run_named(store, "corroborated-network", {"min_publishers": 2}).records()
    assert [(r["source"], r["predicate"], r["target"], r["claims"]) for r in rows] == [
        ("IRN", "SIGNS_AGREEMENT", "RUS", 1),
        ("IRN", "SUPPLIES", "RUS", 1),
    ]
    store.clear()
    assert store.query("MATCH (n) RETURN count(n)").rows == [[0]]


def test_events_naming_claims_the_store_lacks_are_refused(store: GraphStore) -> None:
    claims = corpus()
    store.write_claims(claims)
    build_events(store)
    before = store.query("MATCH (e:Event) RETURN e.id ORDER BY e.id").rows
    events = group_events(claims)
    stray = replace(
        events[0], links=(*events[0].links, replace(events[0].links[0], claim_id="no-such-claim"))
    )
    with pytest.raises(StoreError, match="Claim ids the events name are not in the store"):
        write_events(store, [stray, *events[1:]], agreement_stages(claims))
    assert store.query("MATCH (e:Event) RETURN e.id ORDER BY e.id").rows == before


def test_events_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert run_cli("ingest", str(CORPUS), "--store", db).returncode == 0
    done = run_cli("events", "--store", db)
    assert done.returncode == 0, done.stderr
    assert "│ events" in done.stdout and "│ 8" in done.stdout
    timeline = run_cli(
        "query", "agreement-timeline", "--param", "item=comprehensive", "--store", db,
        "--format", "csv",
    )  # fmt: skip
    assert timeline.returncode == 0, timeline.stderr
    assert [line.split(",")[:2] for line in timeline.stdout.splitlines()[1:]] == [
        ["2024-09-20", "proposed"], ["2025-01-17", "signed"],
        ["2025-04-08", "ratified"], ["2025-10-02", "in_force"],
    ]  # fmt: skip
    bad = run_cli("events", "--store", db, "--window", "week=3")
    assert bad.returncode == 2 and "--window" in bad.stderr
