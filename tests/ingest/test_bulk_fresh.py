"""An empty store is loaded in groups of chunks (``BulkWriter.add``): the graph must be the one
chunk-by-chunk writing makes, down to every ``RELATES`` count, list and rank."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geokg.graph.stores.bulk import ClaimTables, bulk_write, claim_table_chunks
from geokg.graph.stores.embedded import EmbeddedStore
from geokg.ingest.gdelt import read_gdelt_chunks
from tests.conftest import generated_export
from tests.ingest.test_gdelt import BAD, SAMPLE, sample_claims


def whole_graph(store: EmbeddedStore) -> dict[str, Any]:
    def rows(cypher: str) -> list[tuple[Any, ...]]:
        return sorted((tuple(r) for r in store.query(cypher).rows), key=repr)

    return {
        "counts": store.counts(),
        "claims": sorted(store.iter_claims(), key=lambda c: c.id),
        "sources": rows("MATCH (s:Source) RETURN s.id, s.url, s.title, s.publisher, s.published"),
        "actors": rows("MATCH (a:Actor) RETURN a.id, a.name, a.type, a.aliases, a.wikidata, "
                       "a.country, a.role"),  # fmt: skip
        "items": rows("MATCH (i:Item) RETURN i.id, i.name, i.type"),
        "links": rows(
            "MATCH (c:Claim)-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:FROM_SOURCE]->(src) "
            "OPTIONAL MATCH (c)-[:ABOUT]->(i) RETURN c.id, s.id, o.id, src.id, i.id"
        ),
        "acts_for": rows("MATCH (p:Actor)-[:ACTS_FOR]->(s:Actor) RETURN p.id, s.id"),
        "relates": rows(
            "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, b.id, r.predicate, r.family, "
            "r.weight, r.symmetric, r.claims, r.positive_claims, r.sentences, r.sources, "
            "r.positive_sentences, r.positive_sources, r.max_confidence, r.first_date, "
            "r.last_date, r.items, r.modalities, r.rank"
        ),
    }


def load_both(tmp_path: Path, loads: list[Any]) -> tuple[Any, Any]:
    """Each load (a function giving chunks) into a store in groups and into one chunk by chunk;
    the graphs and what each load reported (claims new, predicates, progress)."""
    out = []
    for group in (4, 1):
        reports = []
        with EmbeddedStore(tmp_path / f"g{group}.db") as store:
            for chunks in loads:
                seen: list[int] = []
                r = bulk_write(store, chunks(), progress=seen.append, group=group)
                reports.append((r.claims_seen, r.claims_new, r.predicates, sum(seen)))
            out.append((whole_graph(store), reports))
    return out[0], out[1]


def gdelt(*paths: Path, block: int = 64 << 10) -> Any:
    def chunks() -> Iterator[ClaimTables]:
        for path in paths:
            yield from read_gdelt_chunks(path, errors=[], block_bytes=block)

    return chunks


def test_a_fresh_store_in_groups_gets_what_chunk_by_chunk_gets(tmp_path: Path) -> None:
    export = generated_export(tmp_path / "20240101000000.export.CSV", 3000)
    half = tmp_path / "20240101000001.export.CSV"
    half.write_bytes(b"".join(export.read_bytes().splitlines(keepends=True)[:1700]))
    # the first load is fresh (groups), the second appends chunk by chunk in both stores;
    # the first repeats its file, so chunks repeat claims, sources and actors of earlier ones
    grouped, chunked = load_both(tmp_path, [gdelt(half, SAMPLE, half, BAD), gdelt(export)])
    assert grouped == chunked
    graph, reports = grouped
    assert reports[0][1] > 1000 and reports[1][1] > 1000
    assert graph["counts"]["Claim"] == sum(r[1] for r in reports)
    assert sum(r[6] for r in graph["relates"]) == graph["counts"]["Claim"]


def test_groups_keep_people_items_and_renamed_actors(tmp_path: Path) -> None:
    claims = sample_claims()
    grouped, chunked = load_both(
        tmp_path,
        [lambda: claim_table_chunks(claims[:5], 1), lambda: claim_table_chunks(claims, 2)],
    )
    assert grouped == chunked
    graph, _ = grouped
    assert ("sergei-shoigu", "RUS") in graph["acts_for"]
    assert any(a[0] == "PRK" and a[1] == "North Korea" for a in graph["actors"])
    assert graph["items"]


def test_a_load_in_one_group_of_many_chunks(tmp_path: Path) -> None:
    claims = sample_claims()
    grouped, chunked = load_both(tmp_path, [lambda: claim_table_chunks(claims, 3)])
    assert grouped == chunked
