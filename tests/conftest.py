"""Fixtures shared by every room's tests: real stores, the CLI, the seed claims.

``store`` is parametrised over both backends: a fresh embedded store on disk,
and the Neo4j server that ``make test`` started (``$NEO4J_URI``), emptied
first. Without a server the Neo4j half fails; it never skips.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from geokg.graph.stores import GraphStore, open_store

FIXTURES = Path(__file__).parent / "fixtures"
SEED_CLAIMS = FIXTURES / "seed-article.claims.jsonl"


def neo4j_uri() -> str:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        pytest.fail(
            "NEO4J_URI is not set: run the suite with `make test` (it starts Neo4j), "
            "or `make neo4j-up` and export the NEO4J_URI it prints"
        )
    return uri


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[GraphStore]:
    with open_store(str(tmp_path / "graph.db")) as store:
        yield store


@pytest.fixture
def neo4j_store() -> Iterator[GraphStore]:
    with open_store(neo4j_uri()) as store:
        store.clear()
        yield store
        store.clear()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """A real, empty store of each kind."""
    name = "embedded_store" if request.param == "embedded" else "neo4j_store"
    return request.getfixturevalue(name)


@pytest.fixture
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A ``--store`` value for CLI tests, per backend (parametrise with ``indirect``)."""
    kind = getattr(request, "param", "embedded")
    if kind == "embedded":
        yield str(tmp_path / "cli.db")
        return
    uri = neo4j_uri()
    with open_store(uri) as store:
        store.clear()
    yield uri
    with open_store(uri) as store:
        store.clear()


def run_cli(*args: str, input: str | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run ``geokg ARGS`` as a user would, in a subprocess."""
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "geokg", *args],
        capture_output=True,
        text=True,
        input=input,
        env=full_env,
        cwd=cwd,
        timeout=600,
    )
