"""Distributed extraction on a real local Dask cluster (two worker processes on 127.0.0.1).

The cluster is started once for the module and its workers load the spaCy
pipeline once; every test compares against ``extract_claims`` run in this
process on the same documents.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import Client

from geokg.errors import InputError
from geokg.graph.stores import GraphStore
from geokg.ingest.cluster import (
    extract_corpus,
    ingest_corpus,
    local_cluster,
    read_claim_shard,
    read_shard,
)
from geokg.ingest.documents import read_documents
from geokg.ingest.extraction import extract_claims, load_pipeline
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Russia has delivered artillery shells to Iran, Ukrainian officials said.",
    "China accused the United States of supplying F-16 jets to Ukraine.",
    "France and Germany signed a strategic partnership agreement in May.",
    "Britain imposed new sanctions on Iran after the talks collapsed.",
    "Turkey may send drones to Poland next month, according to diplomats.",
    "Israeli forces struck targets in Syria on Monday.",
]


def documents(n: int) -> list[dict[str, Any]]:
    """n small articles, each a different mix of the sentences, the same on every run."""
    docs = []
    for k in range(n):
        text = " ".join(SENTENCES[(k + j) % len(SENTENCES)] for j in range(1 + k % 4))
        docs.append({"id": f"doc-{k:03d}", "text": text, "published": "2024-09-20"})
    samples = list(read_documents([str(ROOT / "samples" / "articles")]))
    for s in samples[:2]:
        docs.append({"id": s.id, "text": s.text, "published": s.published, "title": s.title})
    return docs


def write_corpus(folder: Path, docs: list[dict[str, Any]], shards: int) -> list[Path]:
    """The documents as ``shards`` files: JSONL, and the last one Parquet."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(shards):
        part = docs[k::shards]
        if k == shards - 1:
            path = folder / f"part-{k:02d}.parquet"
            pq.write_table(pa.Table.from_pylist(part), path)
        else:
            path = folder / f"part-{k:02d}.jsonl"
            path.write_text("".join(json.dumps(d) + "\n" for d in part), encoding="utf-8")
        paths.append(path)
    return paths


def single_process(paths: list[Path]) -> list[dict[str, Any]]:
    """The claims ``extract_claims`` finds in the shards in this one process, sorted by id."""
    errors: list[InputError] = []
    docs = [d for p in paths for d in read_shard(p, errors)]
    claims = [c for _d, found, _n in extract_claims(docs) for c in found]
    return sorted((c.to_dict() for c in claims), key=lambda c: c["id"])


def shard_claims(outputs: list[Path]) -> list[dict[str, Any]]:
    errors: list[InputError] = []
    claims = [c.to_dict() for p in outputs for c in read_claim_shard(p, errors=errors)]
    assert errors == []
    return sorted(claims, key=lambda c: c["id"])


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with local_cluster(2) as cluster, Client(cluster) as c:
        c.run(load_pipeline)  # each worker loads spaCy once, before any test's timing matters
        yield c


def test_a_multi_shard_corpus_gives_exactly_the_single_process_claims(
    client: Client, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "corpus", documents(14), shards=4)
    report = extract_corpus([tmp_path / "corpus"], tmp_path / "claims", client=client)
    assert report.errors == []
    assert report.workers == 2
    assert report.address.startswith("tcp://127.0.0.1:")
    assert len(report.outputs) == 4 and all(p.suffix == ".parquet" for p in report.outputs)
    expected = single_process(paths)
    assert expected and shard_claims(report.outputs) == expected
    assert report.documents == 16 and report.claims == len(expected)
    # A re-run writes the same files with the same bytes' worth of claims: nothing doubles.
    again = extract_corpus([tmp_path / "corpus"], tmp_path / "claims", client=client)
    assert again.outputs == report.outputs
    assert shard_claims(again.outputs) == expected


def test_ingest_loads_the_claim_shards_once(
    client: Client, store: GraphStore, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "corpus", documents(9), shards=3)
    expected = single_process(paths)
    report = ingest_corpus(store, paths, claims_dir=tmp_path / "claims", client=client)
    assert report.errors == []
    assert report.documents == 11
    assert report.claims_seen == report.claims_new == len(expected)
    ids = [r[0] for r in store.query("MATCH (c:Claim) RETURN c.id ORDER BY c.id").rows]
    assert ids == [c["id"] for c in expected]
    again = ingest_corpus(store, paths, client=client)  # a re-run adds no duplicates
    assert again.claims_seen == len(expected) and again.claims_new == 0
    assert store.query("MATCH (c:Claim) RETURN count(c)").rows[0][0] == len(expected)


def test_a_bad_shard_is_reported_with_its_file_and_line_and_the_others_load(
    client: Client, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, documents(6), shards=2)
    bad_lines = corpus / "part-bad.jsonl"
    good = json.dumps(documents(1)[0] | {"id": "in-a-bad-shard"})
    bad_lines.write_text(good + "\n{not json\n", encoding="utf-8")
    broken = corpus / "part-broken.parquet"
    broken.write_bytes(b"PAR1 this is not a Parquet file")
    report = extract_corpus(
        [corpus, tmp_path / "missing.jsonl"], tmp_path / "claims", client=client
    )
    found = {(e.path, e.line) for e in report.errors}
    assert (str(bad_lines), 2) in found
    assert any(e.path == str(broken) and "Parquet" in e.reason for e in report.errors)
    assert any(e.path == str(tmp_path / "missing.jsonl") for e in report.errors)
    assert len(report.errors) == 3
    claims = shard_claims(report.outputs)
    expected = single_process([*paths, bad_lines])
    assert claims == expected and any(c["doc_id"] == "in-a-bad-shard" for c in claims)


def test_cli_extract_and_ingest_on_the_cluster_by_its_address(
    client: Client, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "corpus", documents(5), shards=2)
    address = client.scheduler.address
    result = run_cli("extract", str(tmp_path / "corpus"), "--out", str(tmp_path / "claims"),
                     "--cluster", address)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"on 2 worker(s) at {address}" in result.stdout
    assert "documents/s" in result.stdout
    outputs = sorted((tmp_path / "claims").glob("*.parquet"))
    assert shard_claims(outputs) == single_process(paths)
    db = str(tmp_path / "cli.db")
    result = run_cli("ingest", "--distributed", *map(str, paths), "--store", db,
                     env={"GEOKG_CLUSTER": address})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"Dask worker(s) at {address}" in result.stdout
    count = run_cli("cypher", "MATCH (c:Claim) RETURN count(c) AS n", "--store", db)
    assert str(len(single_process(paths))) in count.stdout


def test_a_worker_killed_mid_run_loses_nothing(client: Client, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", documents(24), shards=8)
    pids: dict[str, int] = client.run(os.getpid)
    killed: list[tuple[int, list[str]]] = []

    def kill_a_busy_worker(_result: object) -> None:
        if killed:
            return
        for address, keys in client.processing().items():
            if keys:  # this worker holds a shard's task right now: kill it, no goodbye
                killed.append((pids[address], list(keys)))
                os.kill(pids[address], signal.SIGKILL)
                return

    report = extract_corpus(paths, tmp_path / "claims", client=client,
                            progress=kill_a_busy_worker)  # fmt: skip
    assert killed, "no worker was busy when the first shard finished"
    assert report.errors == []
    assert len(report.outputs) == 8
    assert shard_claims(report.outputs) == single_process(paths)
    client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker
