"""Stores behind one interface, chosen by the ``--store`` value.

A Neo4j URI (``neo4j://``, ``bolt://``, ``neo4j+s://`` …, or just ``neo4j``
for ``$NEO4J_URI``) opens Neo4j; anything else is a path to an embedded store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

from geokg.graph.claims import Claim
from geokg.graph.stores.base import GraphStore, Progress, QueryResult, WriteReport

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")

__all__ = [
    "GraphStore", "QueryResult", "WriteReport", "open_store", "is_neo4j", "split_statements",
    "write_claims_in_bulk", "check_parameters",
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


def write_claims_in_bulk(
    store: GraphStore,
    claims: Iterable[Claim],
    *,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> WriteReport:
    """Write many claims the fast way: the same graph ``store.write_claims`` makes.

    The embedded store gets ``COPY`` from column tables (``bulk.py``), in
    chunks of ``batch_size`` claims (default 50,000); Neo4j batched
    ``CREATE``s (``neo4j_bulk.py``), ``batch_size`` claims per transaction
    (default 10,000). Claim files and event exports take this door. Each
    chunk or batch is one transaction, as with ``write_claims``; on the
    embedded store the ``RELATES`` projection is folded once, at the end.
    """
    from geokg.graph.stores.bulk import BULK_BATCH_SIZE, claim_table_chunks

    if store.kind == "embedded":
        from geokg.graph.stores.bulk import bulk_write

        chunks = claim_table_chunks(claims, batch_size or BULK_BATCH_SIZE)
        return bulk_write(store, chunks, progress=progress)  # type: ignore[arg-type]
    from geokg.graph.stores.neo4j_bulk import NEO4J_BATCH_SIZE, neo4j_bulk_write

    return neo4j_bulk_write(
        store,  # type: ignore[arg-type]
        claim_table_chunks(claims, BULK_BATCH_SIZE),
        batch_size=batch_size or NEO4J_BATCH_SIZE,
        progress=progress,
    )


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


_PARAMETER = re.compile(r"\$(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))")


def check_parameters(cypher: str, params: Mapping[str, Any] | None) -> None:
    """Refuse (QueryError) a query that uses a ``$name`` it is not given.

    Without this the embedded engine reads a missing parameter as null, and a
    ``WHERE a.id = $x`` quietly matches nothing.
    """
    from geokg.errors import QueryError

    used: list[str] = []
    for statement in split_statements(cypher):
        # Strings and `names` can hold a '$' that is not a parameter.
        bare = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", statement)
        for quoted, plain in _PARAMETER.findall(bare):
            used.append(quoted or plain)
    missing = sorted(set(used) - set(params or {}))
    if missing:
        names = ", ".join(f"${m}" for m in missing)
        raise QueryError(
            f"the query uses {names} but no value was given: add --param {missing[0]}=VALUE"
        )
