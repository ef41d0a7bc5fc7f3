"""The order of the ``RELATES`` edges, kept by the loaders for the network queries.

The network queries (``network``, ``alliance-network``, ``arms-flows``,
``ego-network``) return the strongest edges first and stop at ``$limit``; at
a million events that meant filtering and sorting all 231k edges for 5,000
rows. So each edge stores its place in that order, ``r.rank`` (0: the
strongest), computed here, once, when a load ends; a query then reads only
the edges ranked below a window (``queries/library.py``).

A rank is trusted only while it is fresh. Every write of the projection
(``writes.merge_relates``) clears the rank of the edges it touches and adds one
to ``RelatesRank.version``, in its own transaction; a refresh records the
version it ranked as ``ranked``. A load killed before its refresh, or another
writer still running, leaves ``ranked < version`` and the queries scan every
edge as before.

Ranks are numbers, not positions: an edge no write touched keeps its strength,
so the untouched edges stay in order, and a refresh gives only the touched
ones a rank between their new neighbours' (``place_ranks``): an ingest of a
few claims into a million-event store sets a few ranks, not 231k.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

if TYPE_CHECKING:
    from geokg.graph.stores.embedded import EmbeddedStore
    from geokg.graph.stores.neo4j import Neo4jStore

MARKER = "RelatesRank"
"""The label of the one node that says which projection version the ranks are for."""

STATE = f"MATCH (m:{MARKER} {{id: 'RELATES'}}) RETURN m.version, m.ranked, m.edges"

BUMP = f"""
WITH count(*) AS merged
MERGE (m:{MARKER} {{id: 'RELATES'}})
ON CREATE SET m.version = 1, m.ranked = 0, m.edges = 0
ON MATCH SET m.version = m.version + 1
"""
"""Appended to the projection's MERGE: the ranks are stale from this transaction on."""

MARK = f"""
MERGE (m:{MARKER} {{id: 'RELATES'}})
ON CREATE SET m.version = $version, m.ranked = -1, m.edges = 0
WITH m WHERE m.version = $version
SET m.ranked = $version, m.edges = $edges
"""
"""The ranks are those of projection version ``$version`` (unless a writer came since);
``$edges`` is above every rank (a window below it holds every edge)."""

STRENGTH_COUNT = "positive_sentences"
"""What strength counts: ``strength = r.<this> * r.max_confidence``, as the queries return it.
Change it here (and in the queries' ``strength`` column) and the ranks follow."""

RANKED_COLUMNS = ["from", "to", "predicate", STRENGTH_COUNT, "max_confidence"]


def edge_ranks(edges: pd.DataFrame) -> np.ndarray:
    """Each edge's rank in the queries' order: strength descending, then from, to, predicate.

    THE place the order is defined (the query files' ``ORDER BY strength DESC,
    source, target, predicate`` must agree): ``edges`` has the columns
    ``RANKED_COLUMNS``; strength is ``STRENGTH_COUNT * max_confidence``, the
    ``strength`` column the queries return.
    """
    count = edges[STRENGTH_COUNT].astype("float64")
    strength = count * edges["max_confidence"].astype("float64")
    keys = pd.DataFrame(
        {
            "strength": -strength.to_numpy(),
            "from": edges["from"].to_numpy(dtype=object),
            "to": edges["to"].to_numpy(dtype=object),
            "predicate": edges["predicate"].to_numpy(dtype=object),
        }
    )
    order = keys.sort_values(["strength", "from", "to", "predicate"], kind="stable").index
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order.to_numpy()] = np.arange(len(keys), dtype=np.int64)
    return ranks


def place_ranks(positions: np.ndarray, old: np.ndarray) -> np.ndarray:
    """New ranks: ``old`` kept where set (NaN: touched), the touched placed between them.

    ``positions`` is ``edge_ranks``' order. A run of touched edges between two
    kept ranks gets evenly spaced ranks in between; before the first kept
    rank or after the last, whole steps. If the kept ranks are not in order
    (they always are unless something wrote ranks by hand) or no room is left
    between two of them, every edge gets its position.
    """
    count = len(positions)
    order = np.argsort(positions, kind="stable")
    ranks = old.astype("float64")[order]
    kept = ~np.isnan(ranks)
    if not kept.any() or np.any(np.diff(ranks[kept]) <= 0):
        return positions.astype("float64")
    index = np.arange(count)
    last_kept = np.maximum.accumulate(np.where(kept, index, -1))  # kept index at or before
    next_kept = np.minimum.accumulate(np.where(kept, index, count)[::-1])[::-1]
    touched = ~kept
    lo = np.where(last_kept >= 0, ranks[np.maximum(last_kept, 0)], np.nan)
    hi = np.where(next_kept < count, ranks[np.minimum(next_kept, count - 1)], np.nan)
    step = index - last_kept  # 1.. within a run
    run = next_kept - last_kept  # touched in the run + 1
    between = lo + (hi - lo) * step / np.maximum(run, 1)  # run 0: a kept edge, unused
    ranks[touched] = np.where(
        np.isnan(lo), hi - (next_kept - index), np.where(np.isnan(hi), lo + step, between)
    )[touched]
    if np.any(np.diff(ranks) <= 0):  # floats ran out of room between two kept ranks
        return positions.astype("float64")
    out = np.empty(count, dtype="float64")
    out[order] = ranks
    return out


def span(ranks: np.ndarray) -> int:
    """A window bound above every rank."""
    return int(np.floor(ranks.max())) + 1 if len(ranks) else 0


def state(store: Any) -> tuple[int, int, int] | None:
    """(version, ranked, edges) of a store's marker; None if it has none (or cannot have one)."""
    from geokg.errors import GeokgError

    try:
        rows = store.query(STATE).rows
    except GeokgError:  # an embedded store made before ranks, opened read-only
        return None
    if not rows:
        return None
    version, ranked, edges = rows[0]
    return int(version or 0), int(ranked if ranked is not None else -1), int(edges or 0)


def fresh_edges(store: Any) -> int | None:
    """Above every rank (about the number of edges) if the ranks are fresh, else None."""
    found = state(store)
    if found is None or found[0] != found[1]:
        return None
    return found[2]


# -- refreshing, one function per store ----------------------------------------------------

SET_RANKS_EMBEDDED = """
UNWIND $rows AS x
MATCH (a:Actor {id: x.a})-[r:RELATES]->(b:Actor {id: x.b})
WHERE r.predicate = x.predicate
SET r.rank = x.rank
"""

SET_BY_ROW = 20_000
"""More changed ranks than this: the embedded store rewrites its edges instead (faster)."""


def refresh_embedded(store: EmbeddedStore) -> None:
    """Rank the embedded store's touched edges if the ranks are stale, in one transaction.

    LadybugDB sets a property row by row (22 s for 231k edges at 1M events,
    measured) but copies a table in seconds: past ``SET_BY_ROW`` changed
    ranks, the edges are deleted and copied back with their ranks, as the bulk
    writer's ``finish`` does.
    """
    from geokg.graph.stores.bulk import RANKED_SCHEMA, arrow_file, stored_relates_schema

    found = state(store)
    if found is not None and found[0] == found[1]:
        return
    version = found[0] if found else 0
    every = ", ".join(f"r.{name}" for name in RANKED_SCHEMA.names[2:])
    table = store._execute(
        f"MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, b.id, {every}"
    ).get_as_arrow()
    edges = table.rename_columns([*RANKED_SCHEMA.names]).to_pandas()
    old = edges["rank"].to_numpy(dtype="float64")
    ranks = place_ranks(edge_ranks(edges), old) if len(edges) else old
    changed = np.flatnonzero(old != ranks)  # NaN (touched) differs from every rank
    store._execute("BEGIN TRANSACTION")
    try:
        if len(changed) > SET_BY_ROW:
            edges["rank"] = ranks
            store._execute("MATCH ()-[r:RELATES]->() DELETE r")
            with tempfile.TemporaryDirectory(prefix="geokg-rank-") as folder:
                schema = stored_relates_schema(store)
                data = pa.Table.from_pandas(edges[schema.names], schema=schema,
                                            preserve_index=False)  # fmt: skip
                store._execute(f"COPY RELATES FROM {arrow_file(Path(folder), 'RELATES', data)}")
        elif len(changed):
            rows = edges.iloc[changed]
            store._execute(SET_RANKS_EMBEDDED, {"rows": [
                {"a": a, "b": b, "predicate": p, "rank": float(k)}
                for a, b, p, k in zip(rows["from"], rows["to"], rows["predicate"],
                                      ranks[changed], strict=True)
            ]})  # fmt: skip
        store._execute(MARK, {"version": version, "edges": span(ranks)})
        store._execute("COMMIT")
    except BaseException:
        store._rollback()
        raise
    if len(changed) > SET_BY_ROW:
        store._execute("CHECKPOINT")  # a COPY is not in the WAL (bulk.BulkWriter)


RANK_BATCH = 20_000
"""Ranks set per Neo4j transaction."""


def refresh_neo4j(store: Neo4jStore) -> None:
    """Rank a Neo4j database's touched edges if the ranks are stale.

    Set in several transactions; the marker says fresh only after the last,
    and only if no writer bumped the version meanwhile.
    """
    found = state(store)
    if found is not None and found[0] == found[1]:
        return
    version = found[0] if found else 0
    rows = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN elementId(r) AS id, a.id AS from, "
        f"b.id AS to, r.predicate AS predicate, r.{STRENGTH_COUNT} AS {STRENGTH_COUNT}, "
        "r.max_confidence AS max_confidence, r.rank AS rank"
    )
    edges = pd.DataFrame(rows.rows, columns=rows.columns)
    old = edges["rank"].to_numpy(dtype="float64") if len(edges) else np.empty(0)
    ranks = place_ranks(edge_ranks(edges), old) if len(edges) else old
    changed = np.flatnonzero(old != ranks)
    ids = edges["id"].to_numpy(dtype=object) if len(edges) else np.empty(0, dtype=object)
    for start in range(0, len(changed), RANK_BATCH):
        part = changed[start : start + RANK_BATCH]
        store.query(
            "UNWIND $rows AS x MATCH ()-[r:RELATES]->() WHERE elementId(r) = x.id "
            "SET r.rank = x.rank",
            {"rows": [{"id": ids[i], "rank": float(ranks[i])} for i in part]},
            write=True,
        )
    store.query(MARK, {"version": version, "edges": span(ranks)}, write=True)


def refresh(store: Any) -> None:
    """Bring a store's ranks up to date with its projection (a no-op when they are)."""
    if store.kind == "neo4j":
        refresh_neo4j(store)
    else:
        refresh_embedded(store)
