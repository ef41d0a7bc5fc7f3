"""Disk faults on ``--store`` and ``--out``: no permission, a read-only file system, a full disk.

Permissions are tested on a child process that cannot override them (root
ignores them: run as root, the child loses those capabilities). The read-only and full
file systems are real mounts (a tmpfs of a few MiB, a read-only bind) made in
a private mount namespace, so nobody else sees them and they vanish with it.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from geokg.graph.stores import open_store
from tests.conftest import SEED_CLAIMS, run_cli
from tests.reliability.harness import (
    ROOT,
    generated_claims,
    geokg_argv,
    one_line_error,
    permission_checked_prefix,
    private_mount_prefix,
    reference_snapshot,
    snapshot,
    write_jsonl,
)


def run_as_user(*args: str) -> subprocess.CompletedProcess[str]:
    """``geokg ARGS`` in a process that file permissions apply to (even when we are root)."""
    return subprocess.run(
        [*permission_checked_prefix(), sys.executable, "-m", "geokg", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


def assert_refused(result: subprocess.CompletedProcess[str], path: Path) -> str:
    assert result.returncode == 3, result.stdout + result.stderr
    line = one_line_error(result.stderr)
    assert str(path) in line, line
    return line


def seeded_store(path: Path) -> Path:
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", str(path)).returncode == 0
    return path


def test_store_in_a_folder_without_write_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    for store in (locked / "g.db", locked / "sub" / "g.db"):
        line = assert_refused(run_as_user("ingest", str(SEED_CLAIMS), "--store", str(store)),
                              store)  # fmt: skip
        assert "ermission denied" in line
    assert list(locked.iterdir()) == []


def test_a_store_the_user_may_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    store = seeded_store(folder / "g.db")
    for file in folder.iterdir():
        file.chmod(0o444)
    folder.chmod(0o555)
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    try:
        assert_refused(run_as_user("ingest", str(SEED_CLAIMS), "--store", str(store)), store)
        # Reading needs no write permission: read commands open the store read-only.
        read = run_as_user("stats", "--format", "csv", "--store", str(store))
        assert read.returncode == 0, read.stderr
        assert "Claim,5" in read.stdout.splitlines()
        assert {f.name: f.read_bytes() for f in folder.iterdir()} == before
    finally:
        folder.chmod(0o755)


def test_out_in_a_folder_without_write_permission(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    seeded_store(mine / "g.db")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    out = locked / "graph.ttl"
    result = run_as_user("export", "--out", str(out), "--store", str(mine / "g.db"))
    assert "ermission denied" in assert_refused(result, out)
    assert not out.exists()


def in_private_mounts(script: str) -> subprocess.CompletedProcess[str]:
    """Run a shell script in a private mount namespace (its mounts vanish with it)."""
    result = subprocess.run(
        [*private_mount_prefix(), "sh", "-ec", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return result


def captured(tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    """The exit code, stdout and stderr a namespace script saved as NAME.rc/.out/.err."""
    return subprocess.CompletedProcess(
        [name],
        int((tmp_path / f"{name}.rc").read_text()),
        (tmp_path / f"{name}.out").read_text(),
        (tmp_path / f"{name}.err").read_text(),
    )


def step(tmp_path: Path, name: str, *args: str) -> str:
    """A shell line running geokg and saving what it said (it may fail: set -e is bypassed)."""
    base = tmp_path / name
    return f"{{ {geokg_argv(*args)} >{base}.out 2>{base}.err; echo $? >{base}.rc; }} || true\n"


def test_a_read_only_file_system(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    existing = seeded_store(ro / "existing.db")
    before = snapshot_of(existing)
    in_private_mounts(
        f"mount --bind {ro} {ro}\nmount -o remount,bind,ro {ro}\n"
        + step(tmp_path, "new", "ingest", str(SEED_CLAIMS), "--store", str(ro / "new.db"))
        + step(tmp_path, "old", "ingest", str(SEED_CLAIMS), "--store", str(existing))
        + step(
            tmp_path,
            "out",
            "export",
            "--out",
            str(ro / "g.ttl"),
            "--store",
            str(seeded_store(tmp_path / "elsewhere.db")),
        )  # fmt: skip
    )
    assert "ead-only file system" in assert_refused(captured(tmp_path, "new"), ro / "new.db")
    assert_refused(captured(tmp_path, "old"), existing)
    assert "ead-only file system" in assert_refused(captured(tmp_path, "out"), ro / "g.ttl")
    assert snapshot_of(existing) == before


def snapshot_of(path: Path) -> dict:
    with open_store(str(path)) as store:
        return snapshot(store)


SNAPSHOT_CHILD = """
import json, sys
from geokg.graph.stores import open_store
from tests.reliability.harness import snapshot, whole_batches_only
with open_store(sys.argv[1]) as store:
    print(json.dumps({"batches": whole_batches_only(store, int(sys.argv[2])),
                      "snapshot": snapshot(store)}))
"""


@pytest.mark.slow
def test_a_disk_that_fills_up_mid_ingest(tmp_path: Path) -> None:
    """A clear error naming the store, whole batches kept, and the re-run completes it.

    Two disks: one that fills up after some batches (36 MiB), and one too small
    for even the first (4 MiB), where a write would hit ENOSPC inside LadybugDB.
    """
    disk, tiny = tmp_path / "disk", tmp_path / "tiny"
    disk.mkdir()
    tiny.mkdir()
    claims_file = write_jsonl(tmp_path / "claims.jsonl", generated_claims(6000))
    store, batch = disk / "g.db", 200
    child = shlex.join([sys.executable, "-c", SNAPSHOT_CHILD])
    in_private_mounts(
        f"mount -t tmpfs -o size=36m tmpfs {disk}\n"
        f"mount -t tmpfs -o size=4m tmpfs {tiny}\n"
        + step(
            tmp_path,
            "full",
            "ingest",
            str(claims_file),
            "--batch-size",
            str(batch),
            "--store",
            str(store),
        )  # fmt: skip
        + step(tmp_path, "tiny", "ingest", str(claims_file), "--store", str(tiny / "g.db"))
        + f"mount -o remount,size=512m {disk}\n"
        + f"mount -o remount,size=512m {tiny}\n"
        + f"{child} {store} {batch} >{tmp_path}/mid.json\n"
        + f"{child} {tiny / 'g.db'} 1 >{tmp_path}/tiny.json\n"
        + step(tmp_path, "rerun", "ingest", str(claims_file), "--store", str(store))
        + f"{child} {store} 1 >{tmp_path}/end.json\n"
    )
    assert "full" in assert_refused(captured(tmp_path, "full"), store)
    assert "full" in assert_refused(captured(tmp_path, "tiny"), tiny / "g.db")
    mid = json.loads((tmp_path / "mid.json").read_text())
    assert 1 <= mid["batches"] < 6000 // batch
    assert json.loads((tmp_path / "tiny.json").read_text())["batches"] == 0
    assert captured(tmp_path, "rerun").returncode == 0
    end = json.loads((tmp_path / "end.json").read_text())
    expected = json.loads(json.dumps(reference_snapshot(tmp_path, claims_file)))
    assert end["snapshot"] == expected


def test_out_on_a_full_disk(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    store = tmp_path / "g.db"
    with open_store(str(store)) as graph:
        graph.write_claims(generated_claims(300))
    outs = {fmt: disk / f"graph.{fmt}" for fmt in ("nt", "ttl")}
    in_private_mounts(
        f"mount -t tmpfs -o size=64k tmpfs {disk}\n"
        + "".join(
            step(tmp_path, fmt, "export", "--out", str(out), "--store", str(store))
            for fmt, out in outs.items()
        )
    )
    for fmt, out in outs.items():
        assert "No space left" in assert_refused(captured(tmp_path, fmt), out)
