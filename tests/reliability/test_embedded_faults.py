"""Faults on the embedded store: the ingest process killed, a torn WAL, a second writer.

LadybugDB writes each batch in one transaction through its write-ahead log;
these tests kill the writer for real (SIGKILL) and open what is left.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from geokg.errors import StoreError
from geokg.graph.stores import open_store
from geokg.ingest.gdelt import load_gdelt
from tests.conftest import SEED_CLAIMS, generated_export, run_cli
from tests.reliability.harness import (
    generated_claims,
    one_line_error,
    python_child,
    reference_snapshot,
    snapshot,
    whole_batches_only,
    write_jsonl,
)

# The same pipeline and store the CLI uses, with a progress hook that says when a
# batch has been committed, so the kill lands mid-load, after whole batches.
INGEST_CHILD = """
import sys
from geokg.graph.stores import open_store
from geokg.ingest.pipeline import ingest_paths

with open_store(sys.argv[1]) as store:
    ingest_paths(store, [sys.argv[2]], format="claims", batch_size=int(sys.argv[3]),
                 progress=lambda n: print("committed", n, flush=True))
"""

HOLD_CHILD = """
import sys
from geokg.graph.stores import open_store

with open_store(sys.argv[1]) as store:
    print("open", flush=True)
    sys.stdin.read()
"""

BATCH = 40

# A GDELT load through the reader process, saying when each chunk is committed.
GDELT_CHILD = """
import sys
from geokg.graph.stores import open_store
from geokg.ingest.gdelt import load_gdelt

with open_store(sys.argv[1]) as store:
    load_gdelt(store, [sys.argv[2]], block_bytes=int(sys.argv[3]), reader="process",
               progress=lambda n: print("committed", n, flush=True))
"""


def kill_mid_load(tmp_path: Path, store: Path, claims_file: Path, after: int) -> None:
    """Run an ingest fed through a FIFO and SIGKILL it after ``after`` committed batches."""
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    lines = claims_file.read_bytes().splitlines(keepends=True)

    def feed() -> None:
        try:
            with open(fifo, "wb") as pipe:
                pipe.writelines(lines)  # blocks once the pipe is full: never reaches the end
        except BrokenPipeError:
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    child = python_child(INGEST_CHILD, str(store), str(fifo), str(BATCH))
    assert child.stdout is not None
    for _ in range(after):
        line = child.stdout.readline()
        assert line.startswith("committed"), line + child.communicate()[1]
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    feeder.join(timeout=30)


def test_ingest_killed_mid_load_leaves_whole_batches_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    claims_file = write_jsonl(tmp_path / "claims.jsonl", generated_claims(1200))
    expected = reference_snapshot(tmp_path, claims_file)
    store = tmp_path / "killed.db"
    kill_mid_load(tmp_path, store, claims_file, after=3)
    with open_store(str(store)) as graph:
        assert whole_batches_only(graph, BATCH) >= 3
        assert graph.counts()["Claim"] < 1200
    again = run_cli("ingest", str(claims_file), "--store", str(store))
    assert again.returncode == 0, again.stderr
    with open_store(str(store)) as graph:
        assert snapshot(graph) == expected


def test_a_torn_wal_tail_is_dropped_and_the_committed_batches_kept(tmp_path: Path) -> None:
    claims_file = write_jsonl(tmp_path / "claims.jsonl", generated_claims(800))
    store = tmp_path / "torn.db"
    kill_mid_load(tmp_path, store, claims_file, after=4)
    wal = Path(f"{store}.wal")
    assert wal.stat().st_size > 4096, "the kill left no WAL to tear"
    # A crash or a full disk mid-write leaves the last WAL record half written.
    with wal.open("r+b") as handle:
        handle.truncate(wal.stat().st_size - 100)
    with open_store(str(store)) as graph:
        assert whole_batches_only(graph, BATCH) >= 3
    again = run_cli("ingest", str(claims_file), "--store", str(store))
    assert again.returncode == 0, again.stderr
    with open_store(str(store)) as graph:
        assert snapshot(graph) == reference_snapshot(tmp_path, claims_file)


def test_a_second_writer_is_told_which_process_holds_the_store(tmp_path: Path) -> None:
    store = tmp_path / "busy.db"
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", str(store)).returncode == 0
    holder = python_child(HOLD_CHILD, str(store))
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "open", holder.communicate()[1]
        busy = run_cli("ingest", str(SEED_CLAIMS), "--store", str(store))
        assert busy.returncode == 3, busy.stderr
        line = one_line_error(busy.stderr)
        assert f"store at {store} is in use by PID {holder.pid}" in line
        # Read commands open the store read-only: they answer beside the writer.
        for args in (("cypher", "MATCH (c:Claim) RETURN count(c) AS n"), ("stats",)):
            read = run_cli(*args, "--format", "csv", "--store", str(store))
            assert read.returncode == 0, read.stderr
        with pytest.raises(StoreError, match=f"in use by PID {holder.pid}"):
            open_store(str(store))
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0, holder.stderr.read() if holder.stderr else ""
    # Nothing was harmed: once the first writer is gone the store opens as it was.
    with open_store(str(store)) as graph:
        assert graph.counts()["Claim"] == 5
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", str(store)).returncode == 0


def test_a_copy_of_a_killed_store_opens_too(tmp_path: Path) -> None:
    """Backups taken after a crash (store file plus WAL) are as good as the original."""
    claims_file = write_jsonl(tmp_path / "claims.jsonl", generated_claims(400))
    store = tmp_path / "orig.db"
    kill_mid_load(tmp_path, store, claims_file, after=2)
    copy = tmp_path / "copy.db"
    shutil.copy(store, copy)
    shutil.copy(f"{store}.wal", f"{copy}.wal")
    with open_store(str(copy)) as graph:
        assert whole_batches_only(graph, BATCH) >= 2


HOLD_BRIEFLY = """
import sys, time
from geokg.graph.stores import open_store

with open_store(sys.argv[1]) as store:
    print("open", flush=True)
    time.sleep(2.5)
"""


def test_a_writer_waits_briefly_for_another_writer_then_names_it(tmp_path: Path) -> None:
    store = tmp_path / "busy.db"
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", str(store)).returncode == 0
    holder = python_child(HOLD_BRIEFLY, str(store))
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "open"
    waited = run_cli(
        "ingest", str(SEED_CLAIMS), "--store", str(store), env={"GEOKG_LOCK_WAIT": "20"}
    )
    holder.wait(timeout=60)
    assert waited.returncode == 0, waited.stderr  # the first writer finished within the wait
    holder = python_child(HOLD_CHILD, str(store))
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "open"
        busy = run_cli("ingest", str(SEED_CLAIMS), "--store", str(store),
                       env={"GEOKG_LOCK_WAIT": "0.5"})  # fmt: skip
        assert busy.returncode == 3
        line = one_line_error(busy.stderr)
        assert f"in use by PID {holder.pid} (waited 0.5 s)" in line and "retry" in line
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


def test_a_killed_gdelt_load_leaves_no_reader_behind_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    export = generated_export(tmp_path / "20240101000000.export.CSV", 20_000)
    with open_store(str(tmp_path / "reference.db")) as graph:
        expected = load_gdelt(graph, [export], reader="thread").written.claims_new
    store = tmp_path / "killed.db"
    child = python_child(GDELT_CHILD, str(store), str(export), str(256 << 10))
    assert child.stdout is not None
    for _ in range(3):
        line = child.stdout.readline()
        assert line.startswith("committed"), line + child.communicate()[1]
    child.send_signal(signal.SIGKILL)
    child.communicate()
    assert child.returncode == -signal.SIGKILL
    # The orphaned reader finds its pipe closed at its next chunk and ends.
    deadline = time.monotonic() + 60
    while readers_of(export) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert readers_of(export) == []
    with open_store(str(store)) as graph:
        assert 0 < graph.counts()["Claim"] < expected
        report = load_gdelt(graph, [export])
        assert 0 < report.written.claims_new < expected
        assert graph.counts()["Claim"] == expected
        counted = graph.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
        assert counted == expected


def readers_of(export: Path) -> list[int]:
    """Live GDELT reader processes reading ``export`` (from /proc; zombies have no command)."""
    found = []
    for command in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = command.read_bytes()
        except OSError:
            continue
        if b"_reader_main" in text and str(export).encode() in text:
            found.append(int(command.parent.name))
    return found
