"""Bulk loading into Neo4j: column tables of claims in batched ``UNWIND`` write transactions.

The Neo4j side of ``bulk.py``: the same ``ClaimTables`` chunks (a GDELT
export, a large claim file) go in without becoming ``Claim`` objects. Each
batch is one managed write transaction (retried by the driver on transient
errors) that merges the batch's actors, items and sources, finds which of
its claims are stored already, ``CREATE``s the others together with their
links, and folds them into the ``RELATES`` projection, so the projection
always matches the claims, as with ``write_claims``.

A claim another writer creates between the lookup and the ``CREATE`` makes
the uniqueness constraint fail the batch; it is then run again, and the
second lookup finds that claim. Re-loading a file adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import neo4j
import pandas as pd
from neo4j import exceptions as neo4j_errors

from geokg.errors import StoreError
from geokg.graph.stores import ranking, writes
from geokg.graph.stores.base import Progress, WriteReport
from geokg.graph.stores.bulk import (
    CLAIM_COLUMNS,
    CLAIM_TABLE_SCHEMA,
    FLAT_COLUMNS,
    ClaimTables,
    _flat,
    _py,
    _within,
    actor_frame,
    aggregate,
    pair_frame,
    records,
    unmerged,
)
from geokg.graph.stores.neo4j import MERGE_RELATES
from geokg.graph.stores.projection import STORED_EVIDENCE, evidence_flags, marks_of
from geokg.graph.stores.rows import CLAIM_PROPERTIES

if TYPE_CHECKING:
    from geokg.graph.stores.neo4j import Neo4jStore

NEO4J_BATCH_SIZE = 10_000
"""Claims per Neo4j transaction (measured: docs/gdelt.md, bench/RESULTS.md)."""

KNOWN_CLAIMS = "UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN id"

CREATE_CLAIMS = f"""
UNWIND $rows AS r
MATCH (s:Actor {{id: r.subject_id}}), (o:Actor {{id: r.object_id}}),
      (src:Source {{id: r.source_id}})
CREATE (c:Claim {{id: r.id, {", ".join(f"{p}: r.{p}" for p in CLAIM_PROPERTIES)}}})
CREATE (c)-[:SUBJECT]->(s), (c)-[:OBJECT]->(o), (c)-[:FROM_SOURCE]->(src)
RETURN count(c) AS created
"""
"""The property names are the schema's own; every value is a parameter."""

ATTEMPTS = 3
"""Runs of a batch that lost a race for a claim id to another writer."""


def neo4j_bulk_write(
    store: Neo4jStore,
    chunks: Iterable[ClaimTables],
    *,
    batch_size: int = NEO4J_BATCH_SIZE,
    progress: Progress | None = None,
) -> WriteReport:
    """Write each chunk in transactions of ``batch_size`` claims; known claims are no-ops.

    The edges' ranks (``ranking.py``) are refreshed once, at the end.
    """
    writer = Neo4jBulkWriter(store, batch_size=batch_size)
    report = WriteReport()
    for chunk in chunks:
        report.add(writer.write(chunk))
        if progress:
            progress(chunk.input_rows or len(chunk))
    ranking.refresh_neo4j(store)
    return report


class Neo4jBulkWriter:
    """Writes ``ClaimTables`` into one Neo4j database, a transaction per batch."""

    def __init__(self, store: Neo4jStore, *, batch_size: int = NEO4J_BATCH_SIZE) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.store = store
        self.batch_size = batch_size
        self.merged: set[tuple[Any, ...]] = set()
        """Actor rows this writer has merged in a committed batch (sent again, they change
        nothing)."""

    def write(self, chunk: ClaimTables) -> WriteReport:
        claims = chunk.claims.drop_duplicates("id", keep="first")
        report = WriteReport(claims_seen=len(chunk.claims))
        for start in range(0, len(claims), self.batch_size):
            report.add(self._write_batch(claims.iloc[start : start + self.batch_size], chunk))
        return report

    def _write_batch(self, claims: pd.DataFrame, chunk: ClaimTables) -> WriteReport:
        merged = set(self.merged)
        params: dict[str, list[dict[str, Any]]] = {}

        def prepare() -> None:  # inside run_batch: a value no row can hold fails the batch
            actors, people = actor_frame(chunk.actors, claims)
            params["actors"] = records(unmerged(actors, merged))
            source_ids = set(_py(claims["source_id"]))
            params["sources"] = records(
                _within(chunk.sources, "id", source_ids).drop_duplicates("id")
            )
            with_item = set(_py(claims["item_id"].dropna()))
            params["items"] = records(_within(chunk.items, "id", with_item).drop_duplicates("id"))
            params["claims"] = records(claims[list(CLAIM_COLUMNS)], CLAIM_TABLE_SCHEMA)
            params["acts_for"] = records(people)

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            if params["actors"]:
                tx.run(writes.MERGE_ACTORS, rows=params["actors"]).consume()
            if params["items"]:
                tx.run(writes.MERGE_ITEMS, rows=params["items"]).consume()
            tx.run(writes.MERGE_SOURCES, rows=params["sources"]).consume()
            ids = [r["id"] for r in params["claims"]]
            known = {rec["id"] for rec in tx.run(KNOWN_CLAIMS, ids=ids)}
            new = [r for r in params["claims"] if r["id"] not in known]
            if not new:
                return new
            # What the stored claims of these sources count already, before the batch's own.
            sources = sorted({r["source_id"] for r in new})
            stored = [r.data() for r in tx.run(STORED_EVIDENCE, ids=sources)]
            seen = marks_of(pair_frame(pd.DataFrame(stored, columns=FLAT_COLUMNS)))
            created = tx.run(CREATE_CLAIMS, rows=new).single(strict=True)["created"]
            if created != len(new):  # an actor or source MATCH found nothing: a bug, not data
                raise StoreError(f"{len(new) - created} claim(s) lost their actor or source")
            linked = [r for r in new if r["item_id"] is not None]
            if linked:
                tx.run(writes.LINK_ITEMS, rows=linked).consume()
            if params["acts_for"]:
                tx.run(writes.MERGE_ACTS_FOR, rows=params["acts_for"]).consume()
            fresh = _within(claims, "id", {r["id"] for r in new})
            edges = aggregate(evidence_flags(pair_frame(_flat(fresh, chunk)), seen, marks=False)[0])
            tx.run(MERGE_RELATES, rows=records(edges.rename(columns={"from": "a", "to": "b"})))
            return new

        def write() -> list[dict[str, Any]]:
            prepare()
            for attempt in range(ATTEMPTS):
                try:
                    return self.store.execute_write(work)
                except neo4j_errors.ConstraintError:
                    if attempt == ATTEMPTS - 1:
                        raise
            raise AssertionError("unreachable")

        new = self.store.run_batch(write, len(claims))
        self.merged = merged
        report = WriteReport(claims_new=len(new), batches=1)
        for r in new:
            report.predicates[r["predicate"]] = report.predicates.get(r["predicate"], 0) + 1
        return report
