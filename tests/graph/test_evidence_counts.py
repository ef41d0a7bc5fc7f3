"""RELATES counts distinct evidence sentences and sources, not only claims, on every write path.

"Russia supplied radars and other equipment to Iran" is two SUPPLIES claims
(two items) but one sentence: the edge says ``claims`` 2 and ``sentences`` 1,
and its strength counts the sentence once. The sentences here are our own.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source
from geokg.graph.stores import GraphStore, open_store, write_claims_in_bulk
from geokg.graph.stores.bulk import claim_table_chunks
from geokg.graph.stores.neo4j_import import write_import_files
from geokg.queries.library import run_named
from geokg.queries.view import write_view
from tests.conftest import run_cli

RADARS = "Russia supplied radars and other equipment to Iran in the spring, two officials said."
DRONES = "Iran later sent drones to Russia and got more radars in return, the officials added."
RUS, IRN = Actor("RUS", "Russia"), Actor("IRN", "Iran")
SOURCE_A = Source.create(url="https://example.org/a", title="Note A", published="2024-05-02")
SOURCE_B = Source.create(url="https://example.org/b", title="Note B", published="2024-05-09")
COUNTS = ("claims", "positive_claims", "sentences", "sources", "positive_sentences",
          "positive_sources")  # fmt: skip


def supplies(item: str, source: Source = SOURCE_A, text: str = RADARS, *, start: int = 0,
             modality: str = "reported", confidence: float = 0.6) -> Claim:  # fmt: skip
    return Claim(source=source, subject=RUS, predicate="SUPPLIES", object=IRN,
                 item=Item(item, "Equipment"), modality=modality, confidence=confidence,
                 evidence=Evidence(text, start, start + len(text)))  # fmt: skip


ONE_SENTENCE = [supplies("radar"), supplies("equipment")]


def edge(store: GraphStore, a: str = "RUS", predicate: str = "SUPPLIES", b: str = "IRN") -> dict:
    rows = store.query(
        "MATCH (a:Actor {id: $a})-[r:RELATES]->(b:Actor {id: $b}) WHERE r.predicate = $p "
        "RETURN " + ", ".join(f"r.{c} AS {c}" for c in COUNTS),
        {"a": a, "b": b, "p": predicate},
    ).records()
    assert len(rows) == 1
    return rows[0]


def counts(*values: int) -> dict[str, int]:
    return dict(zip(COUNTS, values, strict=True))


Writer = Callable[[GraphStore, Iterable[Claim]], Any]


def claim_by_claim(store: GraphStore, claims: Iterable[Claim]) -> Any:
    return store.write_claims(claims)


def in_bulk(store: GraphStore, claims: Iterable[Claim]) -> Any:
    return write_claims_in_bulk(store, claims, batch_size=2)  # several chunks or batches


WRITERS = pytest.mark.parametrize("write", [claim_by_claim, in_bulk], ids=["claims", "bulk"])


@WRITERS
def test_one_sentence_with_two_items_is_one_sentence(store: GraphStore, write: Writer) -> None:
    write(store, ONE_SENTENCE)
    assert edge(store) == counts(2, 2, 1, 1, 1, 1)
    write(store, ONE_SENTENCE)  # re-ingest: nothing new
    assert edge(store) == counts(2, 2, 1, 1, 1, 1)


@WRITERS
def test_a_later_batch_from_a_counted_sentence_adds_claims_not_sentences(
    store: GraphStore, write: Writer
) -> None:
    write(store, ONE_SENTENCE)
    # The same sentence read again, elsewhere in the same document, with a third item.
    write(store, [supplies("missile", start=400)])
    assert edge(store) == counts(3, 3, 1, 1, 1, 1)
    # Another sentence of the same document: one more sentence, the same source.
    write(store, [supplies("radar", text=DRONES)])
    assert edge(store) == counts(4, 4, 2, 1, 2, 1)
    # A second document with a different sentence.
    write(store, [supplies("radar", SOURCE_B, DRONES.replace("later", "then"))])
    assert edge(store) == counts(5, 5, 3, 2, 3, 2)


@WRITERS
def test_the_same_sentence_in_two_sources_counts_twice(store: GraphStore, write: Writer) -> None:
    write(store, [*ONE_SENTENCE, supplies("radar", SOURCE_B), supplies("equipment", SOURCE_B)])
    assert edge(store) == counts(4, 4, 2, 2, 2, 2)


@WRITERS
def test_denied_claims_count_towards_sentences_not_positive_ones(
    store: GraphStore, write: Writer
) -> None:
    # One sentence asserts one item and denies another; another source only denies.
    write(store, [supplies("radar"), supplies("missile", modality="denied"),
                  supplies("radar", SOURCE_B, DRONES, modality="denied")])  # fmt: skip
    assert edge(store) == counts(3, 1, 2, 2, 1, 1)


@WRITERS
def test_the_named_queries_weigh_sentences_the_same_on_both_stores(
    store: GraphStore, write: Writer
) -> None:
    write(store, [*ONE_SENTENCE, replace(supplies("radar", text=DRONES), confidence=0.8)])
    rows = run_named(store, "arms-flows").records()
    assert [(r["claims"], r["sentences"], r["sources"]) for r in rows] == [(3, 2, 1)]
    # Strength: 2 sentences x best confidence 0.8, not 3 claims x 0.8.
    assert rows[0]["strength"] == pytest.approx(1.6)
    network = run_named(store, "network").records()
    assert [(r["source"], r["target"], r["strength"]) for r in network] == [
        ("RUS", "IRN", pytest.approx(1.6))
    ]


@pytest.mark.neo4j
def test_both_stores_give_the_same_rows(
    embedded_store: GraphStore, neo4j_store: GraphStore
) -> None:
    claims = [*ONE_SENTENCE, supplies("radar", SOURCE_B),
              supplies("missile", SOURCE_B, DRONES, modality="denied")]  # fmt: skip
    for store in (embedded_store, neo4j_store):
        store.write_claims(claims[:2])
        write_claims_in_bulk(store, claims[1:])
    assert edge(embedded_store) == edge(neo4j_store) == counts(4, 3, 3, 2, 2, 2)
    for query in ("network", "arms-flows", "partners-of", "ego-network"):
        params = {"country": "IRN"} if query in ("partners-of", "ego-network") else {}
        assert rows(run_named(embedded_store, query, params)) == rows(
            run_named(neo4j_store, query, params)
        ), query


def rows(result: Any) -> list[dict[str, Any]]:
    """Records with their lists sorted (the stores keep list order differently)."""
    return [
        {k: sorted(v) if isinstance(v, list) else v for k, v in r.items()} for r in result.records()
    ]


def test_the_fresh_import_files_count_a_sentence_once_across_chunks(tmp_path: Path) -> None:
    claims = [*ONE_SENTENCE, supplies("missile", start=400), supplies("radar", SOURCE_B)]
    write_import_files(claim_table_chunks(claims, 1), tmp_path)
    with open(tmp_path / "RELATES.csv", newline="", encoding="utf-8") as f:
        (row,) = list(csv.DictReader(f))
    got = {name.split(":")[0]: value for name, value in row.items()}
    assert {c: int(got[c]) for c in COUNTS} == counts(4, 4, 2, 2, 2, 2)


def test_an_older_embedded_store_gets_its_counts_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        store.write_claims([*ONE_SENTENCE, supplies("radar", SOURCE_B)])
        for name in ("sentences", "sources", "positive_sentences", "positive_sources"):
            store.query(f"ALTER TABLE RELATES DROP {name}", write=True)  # as older geokg left it
    with open_store(str(path)) as store:
        assert edge(store) == counts(3, 3, 2, 2, 2, 2)


@pytest.mark.neo4j
def test_an_older_neo4j_store_gets_its_counts_when_opened(neo4j_store: GraphStore) -> None:
    neo4j_store.write_claims([*ONE_SENTENCE, supplies("radar", SOURCE_B)])
    neo4j_store.query(
        "MATCH ()-[r:RELATES]->() "
        "REMOVE r.sentences, r.sources, r.positive_sentences, r.positive_sources",
        write=True,
    )
    with open_store(neo4j_store.location) as store:
        assert edge(store) == counts(3, 3, 2, 2, 2, 2)


@pytest.mark.parametrize(
    "store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True
)
def test_an_extracted_sentence_is_one_sentence_in_the_cli_and_the_view(
    store_spec: str, tmp_path: Path
) -> None:
    article = tmp_path / "note.txt"
    article.write_text(
        "---\ntitle: A note of ours\npublished: 2024-05-02\nurl: https://example.org/note\n---\n"
        "Last month Russia supplied radars and other equipment to Iran, officials in Tehran "
        "said on Tuesday.\n",
        encoding="utf-8",
    )
    for _ in range(2):  # ingesting it again changes nothing
        done = run_cli("ingest", str(article), "--store", store_spec)
        assert done.returncode == 0, done.stdout + done.stderr
    done = run_cli("query", "network", "--store", store_spec, "--format", "json")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)
    assert (row["claims"], row["sentences"], row["sources"]) == (2, 1, 1)
    assert row["strength"] == pytest.approx(row["max_confidence"])
    # The hover box: the sentence once, with both its items, and the counts of the store.
    with open_store(store_spec) as store:
        page = write_view(store, tmp_path / "view.html").read_text(encoding="utf-8")
    assert page.count("Last month Russia supplied radars") == 1
    assert "from 1 sentence in 1 source" in page
    assert "2 claims" in page


def test_the_marks_lookups_agree_with_numpy_isin_and_unique() -> None:
    """What is counted already is looked up by binary search and merged by sorting (numpy's
    hashing ``isin``/``unique`` were the importer's bottleneck); the answers are numpy's."""
    import numpy as np

    from geokg.graph.stores.projection import _sorted_member, _sorted_unique

    rng = np.random.default_rng(7)
    values = rng.integers(0, 2**63, 5000, dtype=np.uint64)
    values = np.concatenate([values, values[:800]])  # duplicates
    seen = np.unique(rng.choice(values, 3000))
    assert (_sorted_member(values, seen) == np.isin(values, seen)).all()
    assert (_sorted_unique(values) == np.unique(values)).all()
    assert not _sorted_member(values, seen[:0]).any()
