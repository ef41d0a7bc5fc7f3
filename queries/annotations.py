"""Analytics written back onto the graph: centrality and bloc as ``Actor`` properties.

After ``geokg analyze --write-back`` a Cypher user can ask
``MATCH (a:Actor) RETURN a.id, a.bloc, a.betweenness``. The embedded store's
schema is fixed, so the columns are added there first (names from this
module, never from user text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geokg.graph.stores.base import GraphStore

ACTOR_METRICS = {
    "degree": "INT64",
    "degree_centrality": "DOUBLE",
    "betweenness": "DOUBLE",
    "eigenvector": "DOUBLE",
    "bloc": "INT64",
}
"""Property name → Ladybug column type. ``bloc`` 0 means no bloc."""

SET_METRICS = (
    "UNWIND $rows AS r MATCH (a:Actor {id: r.id}) "
    + "SET "
    + ", ".join(f"a.{name} = r.{name}" for name in ACTOR_METRICS)
    + " RETURN count(a) AS actors"
)


def annotate_actors(store: GraphStore, rows: Iterable[Mapping[str, Any]]) -> int:
    """Set the metrics of ``rows`` (``analyze``'s centrality rows) on their actors; how many."""
    values = [
        {
            "id": str(r["id"]),
            "degree": int(r["degree"]),
            "degree_centrality": float(r["degree_centrality"]),
            "betweenness": float(r["betweenness"]),
            "eigenvector": float(r["eigenvector"]),
            "bloc": int(r.get("bloc") or 0),
        }
        for r in rows
    ]
    if not values:
        return 0
    if store.kind == "embedded":
        for name, column in ACTOR_METRICS.items():
            store.query(f"ALTER TABLE Actor ADD IF NOT EXISTS {name} {column}", write=True)
    result = store.query(SET_METRICS, {"rows": values}, write=True)
    return int(result.rows[0][0]) if result.rows else 0
