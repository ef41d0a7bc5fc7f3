"""One contract, both stores: the embedded store on disk and a real Neo4j server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from geokg.errors import GeokgError, QueryError
from geokg.graph.claims import Actor, Claim, EventCode, Evidence, Item, Source, TimeSpan
from geokg.graph.stores import GraphStore
from geokg.ingest.claimfiles import read_claims_jsonl
from tests.conftest import SEED_CLAIMS

EMPTY = {
    "Actor": 0, "Item": 0, "Source": 0, "Claim": 0, "SUBJECT": 0, "OBJECT": 0, "ABOUT": 0,
    "FROM_SOURCE": 0, "ACTS_FOR": 0, "RELATES": 0,
}  # fmt: skip


def seed_claims() -> list[Claim]:
    errors: list = []
    claims = list(read_claims_jsonl(SEED_CLAIMS, errors=errors))
    assert not errors
    return claims


def relates(store: GraphStore) -> dict[tuple[str, str, str], dict]:
    result = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id AS a, r.predicate AS p, b.id AS b, "
        "r.claims AS claims, r.items AS items, r.modalities AS modalities, "
        "r.max_confidence AS max_confidence, r.first_date AS first_date, "
        "r.last_date AS last_date, r.family AS family"
    )
    return {(r["a"], r["p"], r["b"]): r for r in result.records()}


def test_seed_claims_make_the_expected_graph(store: GraphStore) -> None:
    report = store.write_claims(seed_claims())
    assert (report.claims_seen, report.claims_new) == (5, 5)
    assert store.counts() == {
        "Actor": 3, "Item": 3, "Source": 1, "Claim": 5, "SUBJECT": 5, "OBJECT": 5,
        "ABOUT": 3, "FROM_SOURCE": 5, "ACTS_FOR": 1, "RELATES": 4,
    }  # fmt: skip
    edges = relates(store)
    # Shoigu's visit counts for Russia; symmetric predicates run from the smaller id.
    assert set(edges) == {
        ("RUS", "SUPPLIES", "IRN"), ("RUS", "VISITS", "IRN"),
        ("IRN", "SIGNS_AGREEMENT", "RUS"), ("IRN", "ALLIES_WITH", "RUS"),
    }  # fmt: skip
    supplies = edges[("RUS", "SUPPLIES", "IRN")]
    assert supplies["claims"] == 2
    assert sorted(supplies["items"]) == ["Iskander", "radar"]
    assert supplies["modalities"] == ["reported"]
    assert supplies["max_confidence"] == pytest.approx(0.7)
    assert (supplies["first_date"], supplies["last_date"]) == ("2024-09-01", "2024-09-30")
    assert supplies["family"] == "material_support"
    acts_for = store.query("MATCH (p:Actor)-[:ACTS_FOR]->(s:Actor) RETURN p.id, p.role, s.id")
    assert acts_for.rows == [["sergei-shoigu", "Defence Minister", "RUS"]]


def test_writing_the_same_claims_again_changes_nothing(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    before, edges_before = store.counts(), relates(store)
    again = store.write_claims(seed_claims(), batch_size=2)
    assert (again.claims_seen, again.claims_new, again.batches) == (5, 0, 3)
    assert store.counts() == before
    assert relates(store) == edges_before


def test_stored_claims_read_back_equal_to_what_was_written(store: GraphStore) -> None:
    seed = seed_claims()[0]
    coded = Claim(  # an event dataset's claim keeps its coding
        seed.source, seed.object, "CRITICIZES", seed.subject,
        event=EventCode("111", "CAMEO", 3, -2.0), extractor="gdelt-2.0",
    )  # fmt: skip
    claims = [*seed_claims(), coded]
    store.write_claims(claims)
    assert list(store.iter_claims()) == sorted(claims, key=lambda c: c.id)


def test_new_claims_fold_into_the_projection(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    later = Claim(
        source=Source.create(url="https://example.org/later", published="2025-03-02"),
        subject=Actor("RUS", "Russia"),
        predicate="SUPPLIES",
        object=Actor("IRN", "Iran"),
        item=Item("Su-35", "Aircraft"),
        modality="asserted",
        time=TimeSpan.parse("2025-03-02"),
        confidence=0.9,
    )
    store.write_claims([later])
    supplies = relates(store)[("RUS", "SUPPLIES", "IRN")]
    assert supplies["claims"] == 3
    assert sorted(supplies["items"]) == ["Iskander", "Su-35", "radar"]
    assert sorted(supplies["modalities"]) == ["asserted", "reported"]
    assert supplies["max_confidence"] == pytest.approx(0.9)
    assert (supplies["first_date"], supplies["last_date"]) == ("2024-09-01", "2025-03-02")


HOSTILE = "'}) MATCH (n) DETACH DELETE n // `$param` <script>alert(1)</script>"


def test_hostile_text_is_stored_and_returned_verbatim(store: GraphStore) -> None:
    claim = Claim(
        source=Source.create(url="https://example.org/x?a=1&b='2'", title=HOSTILE),
        subject=Actor("hostile-group", HOSTILE, "ArmedGroup", aliases=(HOSTILE,)),
        predicate="ATTACKS",
        object=Actor("ISR", "Israel"),
        item=Item(HOSTILE),
        evidence=Evidence(HOSTILE, 0, len(HOSTILE)),
    )
    store.write_claims([claim])
    assert store.query("MATCH (a:Actor {name: $name}) RETURN a.id", {"name": HOSTILE}).rows == [
        ["hostile-group"]
    ]
    assert list(store.iter_claims()) == [claim]
    assert store.counts()["Claim"] == 1


def test_reads_are_read_only_unless_asked(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    before = store.counts()
    for query in (
        "CREATE (:Actor {id: 'x', name: 'x'})",
        "match (a:Actor) set a.name = 'changed'",
        "MATCH (c:Claim) DETACH DELETE c",
    ):
        with pytest.raises(QueryError, match="read-only"):
            store.query(query)
    assert store.counts() == before
    assert store.query("MATCH (a:Actor {id: 'RUS'}) RETURN a.name").rows == [["Russia"]]
    store.query("MATCH (a:Actor {id: 'RUS'}) SET a.name = 'Russian Federation'", write=True)
    assert store.query("MATCH (a:Actor {id: 'RUS'}) RETURN a.name").rows == [["Russian Federation"]]


def test_a_failed_batch_leaves_the_store_as_it_was(store: GraphStore) -> None:
    store.write_claims(seed_claims()[:2])
    before, edges_before = store.counts(), relates(store)
    good = seed_claims()[2:]
    # An evidence offset no database integer holds: the batch fails mid-transaction,
    # after its actors and sources were merged.
    broken = replace(good[0], evidence=Evidence("x", 2**70, 2**70 + 1), id="")
    with pytest.raises(GeokgError, match="not written"):
        store.write_claims([*good[1:], broken])
    assert store.counts() == before
    assert relates(store) == edges_before


def test_a_bad_query_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.query("MATCH (a:Actor RETURN a")


def test_clear_empties_the_store(store: GraphStore) -> None:
    store.write_claims(seed_claims())
    store.clear()
    assert store.counts() == EMPTY


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "query",
    [
        "LOAD CSV FROM 'file:///etc/hostname' AS row RETURN row",
        "load csv with headers from 'file:///etc/hostname' as row return row",
        "CALL apoc.periodic.iterate('MATCH (c:Claim) RETURN c', 'DETACH DELETE c', {})",
        "CALL apoc.export.csv.all('/tmp/geokg-export.csv', {})",
    ],
)
def test_neo4j_reads_cannot_reach_files_or_run_their_own_transactions(
    neo4j_store: GraphStore, query: str
) -> None:
    neo4j_store.write_claims(seed_claims())
    before = neo4j_store.counts()
    with pytest.raises(QueryError, match="read-only unless --write"):
        neo4j_store.query(query)
    assert neo4j_store.counts() == before


def test_an_embedded_store_from_before_the_event_columns_gets_them(tmp_path: Path) -> None:
    import ladybug

    from geokg.graph.stores.embedded import SCHEMA, EmbeddedStore

    path = tmp_path / "old.db"
    old = [ddl.split(", event_scheme")[0] + ")" if "TABLE IF NOT EXISTS Claim(" in ddl else ddl
           for ddl in SCHEMA]  # fmt: skip
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    for ddl in old:
        conn.execute(ddl)
    conn.close()
    db.close()
    claims = seed_claims()
    coded = replace(claims[0], event=EventCode("061", "CAMEO", 2, 6.4), id="")
    with EmbeddedStore(path) as store:
        store.write_claims([coded])
        assert list(store.iter_claims()) == [coded]
