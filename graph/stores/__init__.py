"""Stores behind one interface, chosen by the ``--store`` value.

A Neo4j URI (``neo4j://``, ``bolt://``, ``neo4j+s://`` …, or just ``neo4j``
for ``$NEO4J_URI``) opens Neo4j; anything else is a path to an embedded store.
"""

from __future__ import annotations

import os

from geokg.graph.stores.base import GraphStore, QueryResult, WriteReport

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")

__all__ = ["GraphStore", "QueryResult", "WriteReport", "open_store", "is_neo4j"]


def is_neo4j(spec: str) -> bool:
    return spec == "neo4j" or spec.startswith(NEO4J_SCHEMES)


def open_store(spec: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open the store named by ``spec``, ``$GEOKG_STORE``, or ``./geokg.db``."""
    spec = spec or os.environ.get("GEOKG_STORE") or "geokg.db"
    if is_neo4j(spec):
        from geokg.graph.stores.neo4j import Neo4jStore

        uri = os.environ.get("NEO4J_URI", "") if spec == "neo4j" else spec
        return Neo4jStore(uri)
    from geokg.graph.stores.embedded import EmbeddedStore

    return EmbeddedStore(spec, read_only=read_only)
