"""The reliability tests' harness: generated claim files, graph snapshots, fault tools.

Claim files are generated here (seeded, so every run writes the same bytes)
rather than committed; the snapshots compare two stores by what they hold,
not by how they hold it, so an embedded store can be the reference for Neo4j.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.stores import GraphStore, open_store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"

STATES = ("USA", "RUS", "IRN", "CHN", "ISR", "UKR", "SYR", "TUR", "FRA", "DEU", "GBR", "IND")
PREDICATES = ("SUPPLIES", "ATTACKS", "SANCTIONS", "ALLIES_WITH", "VISITS", "CRITICIZES")
MODALITIES = ("asserted", "reported", "alleged", "denied")
ITEMS = ("Iskander", "Shahed-136", "S-400", "radar", None)


def generated_claims(count: int, *, offset: int = 0, doc: str = "doc") -> list[Claim]:
    """``count`` distinct claims over a dozen states, so many share actors and RELATES edges."""
    claims = []
    for n in range(offset, offset + count):
        a = STATES[n % len(STATES)]
        b = STATES[(n * 7 + 1) % len(STATES)]
        if a == b:
            b = STATES[(n + 5) % len(STATES)]
        item = ITEMS[n % len(ITEMS)]
        claims.append(
            Claim(
                source=Source.create(
                    url=f"https://example.org/{doc}/{n // 20}", published="2024-06-01"
                ),
                subject=Actor(a, a),
                predicate=PREDICATES[n % len(PREDICATES)],
                object=Actor(b, b),
                item=Item(item) if item else None,
                modality=MODALITIES[n % len(MODALITIES)],
                time=TimeSpan.parse(f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"),
                confidence=round(0.5 + (n % 50) / 100, 2),
                evidence=Evidence(f"Sentence {n}: {a} and {b}.", n * 100, n * 100 + 40),
            )
        )
    return claims


def write_jsonl(path: Path, claims: Sequence[Claim]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for claim in claims:
            handle.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
    return path


def snapshot(store: GraphStore) -> dict[str, Any]:
    """What a store holds: counts, every claim id, and every RELATES edge with its aggregates."""
    edges = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id AS a, r.predicate AS p, b.id AS b, "
        "r.claims AS claims, r.positive_claims AS positive, r.max_confidence AS conf, "
        "r.first_date AS first, r.last_date AS last, r.items AS items, "
        "r.modalities AS modalities"
    ).records()
    return {
        "counts": store.counts(),
        "claims": sorted(r[0] for r in store.query("MATCH (c:Claim) RETURN c.id").rows),
        "relates": sorted(
            (
                e["a"],
                e["p"],
                e["b"],
                e["claims"],
                e["positive"],
                round(e["conf"], 6),
                e["first"],
                e["last"],
                sorted(e["items"] or []),
                sorted(e["modalities"] or []),
            )
            for e in edges
        ),  # fmt: skip
    }


def whole_batches_only(store: GraphStore, batch_size: int) -> int:
    """Assert the store holds whole batches of distinct claims, each fully linked; return them."""
    counts = store.counts()
    claims = counts["Claim"]
    assert claims % batch_size == 0, f"{claims} claims is not a whole number of batches"
    assert counts["SUBJECT"] == counts["OBJECT"] == counts["FROM_SOURCE"] == claims
    unlinked = store.query(
        "MATCH (c:Claim) WHERE NOT (c)-[:SUBJECT]->() OR NOT (c)-[:OBJECT]->() "
        "OR NOT (c)-[:FROM_SOURCE]->() RETURN count(c)"
    ).rows[0][0]
    assert unlinked == 0
    folded = store.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
    assert int(folded or 0) == claims, "RELATES aggregates do not match the claims stored"
    return claims // batch_size


def reference_snapshot(tmp_path: Path, *files: Path) -> dict[str, Any]:
    """A clean, single ingest of ``files`` into a fresh embedded store."""
    from geokg.ingest.pipeline import ingest_paths

    with open_store(str(tmp_path / "reference.db")) as store:
        report = ingest_paths(store, list(files))
        assert not report.errors
        return snapshot(store)


def one_line_error(stderr: str) -> str:
    """The single line a failing command printed; fails on a traceback or several lines."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, f"want one line, got:\n{stderr}"
    return lines[0]


def python_child(code: str, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    """A Python child process running ``code`` (line-buffered text pipes)."""
    return subprocess.Popen(
        [sys.executable, "-u", "-c", code, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        **kwargs,
    )


# -- Neo4j fault tools ------------------------------------------------------


def neo4j_controls() -> tuple[int, str]:
    """The pid of the test server's JVM and the command that restarts it.

    ``make test`` exports them (GEOKG_NEO4J_PID, GEOKG_NEO4J_RESTART). Without
    them a fault test cannot kill anything: it fails, never skips.
    """
    pid, restart = os.environ.get("GEOKG_NEO4J_PID"), os.environ.get("GEOKG_NEO4J_RESTART")
    if not (pid and restart and os.environ.get("NEO4J_URI")):
        pytest.fail(
            "the Neo4j fault tests need the server `make test` starts: NEO4J_URI, "
            "GEOKG_NEO4J_PID and GEOKG_NEO4J_RESTART (they never kill a server they were "
            "not given)"
        )
    with open(f"/proc/{pid}/cmdline", "rb") as handle:
        assert b"Neo4jTestServer" in handle.read(), f"pid {pid} is not the test Neo4j server"
    return int(pid), restart


# -- file-system fault tools ------------------------------------------------


def permission_checked_prefix() -> list[str]:
    """A command prefix under which file permissions apply, even to root.

    Root ignores them through three capabilities; the child runs without
    those (still as root, so it can read the root-owned interpreter).
    """
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.fail("the permission tests run as root need setpriv(1) (util-linux)")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def private_mount_prefix() -> list[str]:
    """Run a shell in its own mount namespace: mounts there vanish with it, and others see none."""
    if shutil.which("unshare") is None:
        pytest.fail("the disk tests need unshare(1) (util-linux)")
    if os.geteuid() == 0:
        return ["unshare", "--mount", "--propagation", "private"]
    return ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]


def geokg_argv(*args: str) -> str:
    """A shell-quoted ``python -m geokg ARGS`` line."""
    import shlex

    return shlex.join([sys.executable, "-m", "geokg", *args])
