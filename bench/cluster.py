"""Bench of distributed extraction: ``extract_corpus`` on local Dask clusters of 1 and N workers.

Writes bench/extract.py's seeded corpus as JSONL shards, then for each
worker count starts a local cluster on 127.0.0.1, loads the pipeline in
every worker (outside the timing, as a long-running cluster would have it),
and times the extraction of all shards into Parquet claim shards. Prints
documents/s, the speed-up over one worker and the per-worker rate, and puts
the table at the top of bench/RESULTS.md.

    python bench/cluster.py [--docs 240] [--shards 24] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from distributed import Client

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract import corpus, machine  # noqa: E402

from geokg.ingest.cluster import extract_corpus, extract_shard, local_cluster  # noqa: E402
from geokg.ingest.extraction import load_pipeline  # noqa: E402


def write_shards(folder: Path, docs: int, shards: int) -> tuple[list[Path], int]:
    """The corpus as ``shards`` JSONL files; also its word count."""
    documents = corpus(max(200, docs))
    paths = []
    for k in range(shards):
        path = folder / f"shard-{k:03d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for d in documents[k::shards]:
                out.write(json.dumps({"id": d.id, "text": d.text, "published": d.published}))
                out.write("\n")
        paths.append(path)
    return paths, sum(len(d.text.split()) for d in documents)


def run(paths: list[Path], workers: int, out: Path) -> dict[str, float]:
    with local_cluster(workers) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        client.run(load_pipeline)
        warm = time.perf_counter() - t0
        report = extract_corpus(paths, out, client=client)
    assert not report.errors, report.errors
    return {"workers": workers, "seconds": report.seconds, "documents": report.documents,
            "claims": report.claims, "warm": warm}  # fmt: skip


def _warm(_: int) -> int:
    load_pipeline()
    time.sleep(1.0)  # hold this process so the other warm-up call lands on the other one
    return os.getpid()


def run_bare(paths: list[Path], workers: int, out: Path) -> dict[str, float]:
    """The same tasks in a plain process pool, no Dask: the ceiling the machine allows."""
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        assert len(set(pool.map(_warm, range(workers)))) == workers
        t0 = time.perf_counter()
        results = list(pool.map(extract_shard, map(str, paths), [str(out)] * len(paths)))
        seconds = time.perf_counter() - t0
    return {"workers": workers, "seconds": seconds,
            "documents": sum(r.documents for r in results)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--shards", type=int, default=24)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-write", action="store_true", help="do not add to bench/RESULTS.md")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="geokg-bench-cluster-") as tmp:
        paths, words = write_shards(Path(tmp), args.docs, args.shards)
        runs = [run(paths, n, Path(tmp) / f"claims-{n}") for n in args.workers]
        bare = [run_bare(paths, n, Path(tmp) / f"bare-{n}") for n in args.workers]
    lines = [
        f"corpus: {runs[0]['documents']} documents in {args.shards} JSONL shards, {words:,} words,"
        f" {runs[0]['claims']:,} claims; workers load the pipeline before the timing",
        "",
        "| run | workers | seconds | documents/s | per worker | speed-up |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, rows in (("Dask LocalCluster", runs), ("plain process pool, no Dask", bare)):
        first = rows[0]["seconds"]
        for r in rows:
            rate = r["documents"] / r["seconds"]
            lines.append(
                f"| {name} | {r['workers']:.0f} | {r['seconds']:.2f} | {rate:.1f} | "
                f"{rate / r['workers']:.1f} | {first / r['seconds']:.2f}x |"
            )
    lines += [
        "",
        "Pipeline load per Dask worker (outside the timing): "
        + ", ".join(f"{r['workers']:.0f} worker(s) {r['warm']:.1f} s" for r in runs),
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        header = (
            f"## bench/cluster.py — {dt.date.today().isoformat()}, extraction on Dask\n\n"
            f"Machine: {machine()}; load average at the end {load} (a shared machine).\n"
            f"Command: `python bench/cluster.py --docs {args.docs} --shards {args.shards} "
            f"--workers {' '.join(map(str, args.workers))}`\n\n"
        )
        results = HERE / "RESULTS.md"
        results.write_text(header + report + "\n\n" + results.read_text(encoding="utf-8"),
                           encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
