"""Stores behind one interface, chosen by the ``--store`` value.

A Neo4j URI (``neo4j://``, ``bolt://``, ``neo4j+s://`` …, or just ``neo4j``
for ``$NEO4J_URI``) opens Neo4j; anything else is a path to an embedded store.
"""

from __future__ import annotations

import os

from geokg.graph.stores.base import GraphStore, QueryResult, WriteReport

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")

__all__ = [
    "GraphStore", "QueryResult", "WriteReport", "open_store", "is_neo4j", "split_statements",
]  # fmt: skip


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


def split_statements(cypher: str) -> list[str]:
    """The text split at top-level semicolons, without comments (strings and `names` kept)."""
    statements, current, i, n = [], [], 0, len(cypher)
    while i < n:
        ch = cypher[i]
        if ch in "'\"`":
            end = i + 1
            while end < n and cypher[end] != ch:
                end += 2 if cypher[end] == "\\" and ch != "`" else 1
            current.append(cypher[i : end + 1])
            i = end + 1
        elif cypher.startswith("//", i):
            i = cypher.find("\n", i) if "\n" in cypher[i:] else n
        elif cypher.startswith("/*", i):
            close = cypher.find("*/", i + 2)
            i = n if close < 0 else close + 2
            current.append(" ")
        elif ch == ";":
            statements.append("".join(current))
            current = []
            i += 1
        else:
            current.append(ch)
            i += 1
    statements.append("".join(current))
    return statements
