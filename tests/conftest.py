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


_USES_NEO4J = False


def _uses_neo4j(item: pytest.Item) -> bool:
    if item.get_closest_marker("neo4j") is not None:
        return True
    callspec = getattr(item, "callspec", None)
    params = callspec.params.values() if callspec is not None else ()
    return "neo4j_store" in getattr(item, "fixturenames", ()) or "neo4j" in [
        p for p in params if isinstance(p, str)
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that talks to the Neo4j server is marked ``neo4j``, however it gets there
    (a marked parameter, the ``neo4j_store`` fixture, ``store_spec`` given "neo4j"):
    ``make test`` runs ``-m neo4j`` and ``-m "not neo4j"`` as two processes side by side, and
    the tests sharing (and emptying) the one database must all be in the first."""
    for item in items:
        if _uses_neo4j(item) and item.get_closest_marker("neo4j") is None:
            item.add_marker(pytest.mark.neo4j)


@pytest.fixture(autouse=True)
def _neo4j_marked(request: pytest.FixtureRequest) -> Iterator[None]:
    """Remember whether the running test is marked ``neo4j`` (``neo4j_uri`` checks it)."""
    global _USES_NEO4J
    _USES_NEO4J = _uses_neo4j(request.node)
    yield
    _USES_NEO4J = False


def neo4j_uri() -> str:
    if not _USES_NEO4J:
        pytest.fail(
            "this test talks to Neo4j but is not marked `neo4j` (nor parametrised with "
            "'neo4j'): mark it, so that it runs in turn with the other Neo4j tests"
        )
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


def generated_export(path: Path, events: int) -> Path:
    """``events`` rows of bench/load.py's seeded synthetic GDELT export (250 actors, GDELT's
    code mix)."""
    import importlib.util

    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("bench_load", root / "bench" / "load.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.generate(path, events)
    return path
