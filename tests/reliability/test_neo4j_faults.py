"""Faults on the real Neo4j server: killed mid-ingest, down, and written by four processes at once.

The kill test SIGKILLs the JVM that ``make test`` started (GEOKG_NEO4J_PID)
and restarts it with GEOKG_NEO4J_RESTART; it is the one slow test here.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geokg.graph.stores import open_store
from tests.conftest import neo4j_uri, run_cli
from tests.reliability.harness import (
    ROOT,
    generated_claims,
    neo4j_controls,
    one_line_error,
    reference_snapshot,
    snapshot,
    whole_batches_only,
    write_jsonl,
)

pytestmark = pytest.mark.neo4j

SECRET = "s3cret-Neo4j-pw"


def geokg(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "geokg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
    )


def new_claims(stdout: str) -> int:
    found = re.search(r"claims new to the store\s*│\s*(\d+)", stdout)
    assert found, stdout
    return int(found.group(1))


def wait_for(condition: object, what: str, limit: float = 180) -> None:
    """Poll ``condition`` until true; a hang guard, not a timing assertion."""
    deadline = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.slow
def test_neo4j_killed_mid_ingest_then_rerun_equals_one_clean_ingest(tmp_path: Path) -> None:
    pid, restart = neo4j_controls()
    uri, batch = neo4j_uri(), 50
    path = write_jsonl(tmp_path / "claims.jsonl", generated_claims(2000))
    expected = reference_snapshot(tmp_path, path)
    with open_store(uri) as store:
        store.clear()

    # The file reaches geokg through a FIFO, so the ingest cannot finish
    # before the kill: half the lines now, the rest only after the server died.
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    lines = path.read_bytes().splitlines(keepends=True)
    server_dead = threading.Event()

    def feed() -> None:
        try:
            with open(fifo, "wb") as pipe:
                pipe.writelines(lines[: len(lines) // 2])
                pipe.flush()
                server_dead.wait()
                pipe.writelines(lines[len(lines) // 2 :])
        except BrokenPipeError:
            pass  # geokg gave up before reading it all: expected

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    ingest = geokg("ingest", str(fifo), "--format", "claims", "--batch-size", str(batch),
                   "--store", uri)  # fmt: skip
    with open_store(uri) as probe:
        wait_for(lambda: probe.counts()["Claim"] >= 2 * batch, "the first batches")
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not Path(f"/proc/{pid}").exists(), "the JVM to die", 30)
    server_dead.set()
    try:
        # While the server is down: one line naming the URI and what to check, exit 3.
        down = run_cli("ingest", str(path), "--store", uri, env={"NEO4J_PASSWORD": SECRET})
        assert down.returncode == 3
        line = one_line_error(down.stderr)
        assert f"cannot reach Neo4j at {uri}" in line and "is the server running" in line
        assert SECRET not in down.stdout + down.stderr
        # The ingest that was writing gives up after the driver's retries, the same way.
        out, err = ingest.communicate(timeout=180)
        assert ingest.returncode == 3, (out, err)
        assert f"Neo4j at {uri}" in one_line_error(err)
    finally:
        ingest.kill()
        started = subprocess.run(restart, shell=True, capture_output=True, text=True, check=False)
        assert started.returncode == 0, started.stderr[-2000:]
        os.environ["GEOKG_NEO4J_PID"] = started.stdout.strip().splitlines()[-1]
        feeder.join(timeout=30)

    with open_store(uri) as store:
        # After recovery: whole batches only, every claim linked and counted once.
        assert whole_batches_only(store, batch) >= 2
        assert store.counts()["Claim"] < len(lines)
    again = run_cli("ingest", str(path), "--batch-size", str(batch), "--store", uri)
    assert again.returncode == 0, again.stderr
    with open_store(uri) as store:
        assert snapshot(store) == expected
        store.clear()


def test_four_concurrent_ingests_of_overlapping_claims_end_exact(tmp_path: Path) -> None:
    uri = neo4j_uri()
    # Four files over the same twelve states; each shares half its claims with the next.
    files = [
        write_jsonl(tmp_path / f"part{n}.jsonl", generated_claims(400, offset=n * 200))
        for n in range(4)
    ]
    expected = reference_snapshot(tmp_path, *files)
    with open_store(uri) as store:
        store.clear()
    procs = [geokg("ingest", str(f), "--batch-size", "25", "--store", uri) for f in files]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert err.strip() == "", f"the user was shown: {err}"
    # Each claim was new to exactly one of the four.
    assert sum(new_claims(out) for out, _ in results) == len(expected["claims"]) == 1000
    with open_store(uri) as store:
        assert snapshot(store) == expected
        store.clear()
