"""The order of the ``RELATES`` edges, kept by the loaders for the network queries.

The network queries (``network``, ``alliance-network``, ``arms-flows``,
``ego-network``) return the strongest edges first and stop at ``$limit``; at
a million events that meant filtering and sorting all 231k edges for 5,000
rows. So each edge stores its place in that order, ``r.rank`` (0: the
strongest), computed here, once, when a load ends; a query then reads only
the edges ranked below a window (``queries/library.py``).

A rank is trusted only while it is fresh. Every write of the projection
(``writes.merge_relates``) adds one to ``RelatesRank.version`` in its own
transaction; a refresh records the version it ranked as ``ranked``. A load
killed before its refresh, or another writer still running, leaves
``ranked < version`` and the queries scan every edge as before.
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
"""The ranks are those of projection version ``$version`` (unless a writer came since)."""

RANKED_COLUMNS = ["from", "to", "predicate", "positive_claims", "max_confidence"]


def edge_ranks(edges: pd.DataFrame) -> np.ndarray:
    """Each edge's rank in the queries' order: strength descending, then from, to, predicate.

    THE place the order is defined (the query files' ``ORDER BY strength DESC,
    source, target, predicate`` must agree): ``edges`` has the columns
    ``RANKED_COLUMNS``; strength is ``positive_claims * max_confidence``, the
    ``strength`` column the queries return.
    """
    strength = edges["positive_claims"].astype("float64") * edges["max_confidence"].astype(
        "float64"
    )
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
    """How many ranks the window may cover (max rank + 1) if the ranks are fresh, else None."""
    found = state(store)
    if found is None or found[0] != found[1]:
        return None
    return found[2]


# -- refreshing, one function per store ----------------------------------------------------

RELATES_WITH_RANK = """
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
RETURN a.id, b.id, r.predicate, r.family, r.weight, r.symmetric, r.claims, r.positive_claims,
       r.max_confidence, r.first_date, r.last_date, r.items, r.modalities, r.rank
"""


def refresh_embedded(store: EmbeddedStore) -> None:
    """Rank the embedded store's edges if they are stale: all edges rewritten in one transaction.

    LadybugDB sets a property row by row (22 s for 231k edges, measured) but
    copies a table in seconds, so the edges are read, ranked, deleted and
    copied back, as the bulk writer's ``finish`` does.
    """
    from geokg.graph.stores.bulk import RANKED_SCHEMA, arrow_file

    found = state(store)
    if found is not None and found[0] == found[1]:
        return
    version = found[0] if found else 0
    table = store._execute(RELATES_WITH_RANK).get_as_arrow()
    edges = table.rename_columns([*RANKED_SCHEMA.names]).to_pandas()
    ranks = edge_ranks(edges)
    store._execute("BEGIN TRANSACTION")
    try:
        if not np.array_equal(edges["rank"].to_numpy(dtype="float64"), ranks):
            edges["rank"] = ranks
            store._execute("MATCH ()-[r:RELATES]->() DELETE r")
            with tempfile.TemporaryDirectory(prefix="geokg-rank-") as folder:
                data = pa.Table.from_pandas(edges, schema=RANKED_SCHEMA, preserve_index=False)
                store._execute(f"COPY RELATES FROM {arrow_file(Path(folder), 'RELATES', data)}")
        store._execute(MARK, {"version": version, "edges": len(edges)})
        store._execute("COMMIT")
    except BaseException:
        store._rollback()
        raise
    store._execute("CHECKPOINT")


RANK_BATCH = 20_000
"""Ranks set per Neo4j transaction."""


def refresh_neo4j(store: Neo4jStore) -> None:
    """Rank a Neo4j database's edges if they are stale: only changed ranks are set.

    Set in several transactions; the marker says fresh only after the last,
    and only if no writer bumped the version meanwhile.
    """
    found = state(store)
    if found is not None and found[0] == found[1]:
        return
    version = found[0] if found else 0
    rows = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN elementId(r) AS id, a.id AS from, "
        "b.id AS to, r.predicate AS predicate, r.positive_claims AS positive_claims, "
        "r.max_confidence AS max_confidence, r.rank AS rank"
    )
    edges = pd.DataFrame(rows.rows, columns=rows.columns)
    ranks = edge_ranks(edges) if len(edges) else np.empty(0, dtype=np.int64)
    old = edges["rank"].to_numpy(dtype="float64") if len(edges) else np.empty(0)
    changed = np.flatnonzero(old != ranks)  # NaN (no rank yet) differs from every rank
    ids = edges["id"].to_numpy(dtype=object)
    for start in range(0, len(changed), RANK_BATCH):
        part = changed[start : start + RANK_BATCH]
        store.query(
            "UNWIND $rows AS x MATCH ()-[r:RELATES]->() WHERE elementId(r) = x.id "
            "SET r.rank = x.rank",
            {"rows": [{"id": ids[i], "rank": int(ranks[i])} for i in part]},
            write=True,
        )
    store.query(MARK, {"version": version, "edges": len(edges)}, write=True)


def refresh(store: Any) -> None:
    """Bring a store's ranks up to date with its projection (a no-op when they are)."""
    if store.kind == "neo4j":
        refresh_neo4j(store)
    else:
        refresh_embedded(store)
