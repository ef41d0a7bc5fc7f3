"""The Neo4j fresh-database fast path against the UNWIND path, on a real Neo4j server of its own.

``geokg ingest --fresh-import`` builds a new database with ``neo4j-admin
database import`` (the Maven Central jars) in a server home of this test's,
starts the server on it; then incremental UNWIND loads go on top. The graph
must equal, node for node and relationship for relationship, property types
included, what the UNWIND path alone builds from the same claims.
"""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geokg.errors import InputError, StoreError
from geokg.graph.stores import open_store, ranking
from geokg.graph.stores.base import GraphStore
from geokg.graph.stores.bulk import ClaimTables, claim_table_chunks
from geokg.graph.stores.neo4j_bulk import neo4j_bulk_write
from geokg.graph.stores.neo4j_import import import_fresh
from geokg.ingest.claimfiles import read_claims_jsonl
from geokg.ingest.gdelt import read_gdelt_chunks
from tests.conftest import SEED_CLAIMS, run_cli

ROOT = Path(__file__).resolve().parents[2]
GDELT = sorted((ROOT / "tests" / "ingest" / "fixtures" / "gdelt").glob("*.export.CSV"))
STOP = ROOT / "scripts" / "neo4j" / "stop.sh"

pytestmark = pytest.mark.neo4j


def seed_chunks() -> Iterator[ClaimTables]:
    errors: list[InputError] = []
    yield from claim_table_chunks(read_claims_jsonl(SEED_CLAIMS, errors=errors), 7)
    assert errors == []


def gdelt_chunks(path: Path) -> Iterator[ClaimTables]:
    errors: list[InputError] = []
    yield from read_gdelt_chunks(path, errors=errors)


def typed(value: Any) -> Any:
    """A value with its type spelled out, so 1 and 1.0, or [] and null, differ."""
    if isinstance(value, list):
        return ("list", tuple(typed(v) for v in value))
    return (type(value).__name__, value)


def dump(store: GraphStore) -> tuple[list[Any], list[Any], list[Any]]:
    # The rank marker counts the projection's write transactions, which differ by path;
    # the ranks themselves (on every RELATES edge) are compared.
    nodes = store.query("MATCH (n) WHERE NOT n:RelatesRank RETURN labels(n), properties(n)").rows
    rels = store.query(
        "MATCH (a)-[r]->(b) RETURN type(r), labels(a), a.id, labels(b), b.id, properties(r)"
    ).rows
    node_set = sorted(
        (tuple(labels), sorted((k, typed(v)) for k, v in p.items())) for labels, p in nodes
    )
    rel_set = sorted(
        (t, tuple(la), a, tuple(lb), b, sorted((k, typed(v)) for k, v in p.items() if k != "rank"))
        for t, la, a, lb, b, p in rels
    )
    # A rank's value depends on the loads that placed it; the order it gives must not.
    ranked = sorted(
        (p["rank"], a, p["predicate"], b) for t, _, a, _, b, p in rels if t == "RELATES"
    )
    return node_set, rel_set, [edge[1:] for edge in ranked]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_home(tmp_path: Path) -> Iterator[Path]:
    """A Neo4j home no server has run in yet; the server started on it is stopped at the end."""
    home = tmp_path / "neo4j-home"
    home.mkdir()
    yield home
    subprocess.run([str(STOP), str(home)], check=False)


def test_fresh_import_then_unwind_equals_the_unwind_path_alone(
    server_home: Path, tmp_path: Path
) -> None:
    port = free_port()
    uri = f"bolt://127.0.0.1:{port}"
    env = {"NEO4J_HEAP": "512m", "NEO4J_PAGECACHE": "64m"}
    claims = tmp_path / "seed.jsonl"
    claims.write_bytes(SEED_CLAIMS.read_bytes())
    # The first load: a claim file and a GDELT export, through the CLI.
    result = run_cli("ingest", "--fresh-import", str(server_home), "--store", uri,
                     str(claims), str(GDELT[0]), env=env)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "neo4j-admin database import" in result.stdout
    with open_store(uri) as store:
        imported = dump(store)
        edges = store.query("MATCH ()-[r:RELATES]->() RETURN count(r)").rows[0][0]
        assert ranking.fresh_edges(store) == edges > 0  # the importer wrote every rank
        constraints = {r[0] for r in store.query("SHOW CONSTRAINTS YIELD name").rows}
        assert {"actor_id", "item_id", "source_id", "claim_id"} <= constraints
        # An incremental load on top goes through UNWIND, as always.
        report = neo4j_bulk_write(store, gdelt_chunks(GDELT[1]))
        assert report.claims_new > 0
        both = dump(store)
        # The UNWIND path alone, from the same claims in the same order.
        store.clear()
        neo4j_bulk_write(store, seed_chunks())
        neo4j_bulk_write(store, gdelt_chunks(GDELT[0]))
        assert dump(store) == imported
        neo4j_bulk_write(store, gdelt_chunks(GDELT[1]))
        assert dump(store) == both
    assert imported[0] and any(r[0] == "RELATES" for r in imported[1])


def test_the_importer_refuses_a_database_that_holds_data(server_home: Path) -> None:
    import_fresh(seed_chunks(), server_home)
    with pytest.raises(StoreError, match="import failed") as refused:
        import_fresh(gdelt_chunks(GDELT[0]), server_home)
    assert "already exist" in str(refused.value)  # the importer's reason, not its file list
