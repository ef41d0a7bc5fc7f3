"""Bench of distributed extraction: ``extract_corpus`` on local Dask clusters of 1 and N workers.

Writes bench/extract.py's seeded corpus as JSONL shards, then for each
worker count starts a local cluster on 127.0.0.1, warms the pipeline in
every worker (loaded and run once, outside the timing, as a long-running
cluster would have it), and times the extraction of all shards into Parquet
claim shards. Each of the ``--repeat`` rounds starts new clusters, worker
counts alternating (1, 2, 2, 1, ...) so drifting load favours none; the
table gives the fastest run of each. The same tasks also run in a plain
process pool (no Dask, the same worker environment), the ceiling the
machine allows.

Besides documents/s and the speed-up, each row says where the wall time
went: the workers' busy share (their task seconds over workers × wall),
their CPU seconds per document (user + system, which other load on the
machine barely moves), their page faults per document, and the CPU that
other processes took during the timing (``/proc/stat`` minus this process
tree), so a run on a shared machine can be judged.

    python bench/cluster.py [--docs 240] [--shards 24] [--workers 1 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import psutil
from distributed import Client

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from extract import corpus, machine  # noqa: E402

from geokg.ingest.cluster import (  # noqa: E402
    WORKER_ENVIRON,
    ShardResult,
    extract_corpus,
    extract_shard,
    local_cluster,
)
from geokg.ingest.documents import Document  # noqa: E402
from geokg.ingest.extraction import extract_claims, load_pipeline  # noqa: E402

WARM_TEXT = "Russia has delivered artillery shells to Iran in May, Ukrainian officials said."


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


def warm(_: int = 0) -> int:
    """Load the pipeline and run it once (first-call costs out of the timing); the pid."""
    load_pipeline()
    list(extract_claims([Document(id="warm", text=WARM_TEXT, published="2024-09-20")]))
    return os.getpid()


@dataclass
class Timing:
    """One timed run: wall seconds, what the workers did, what the rest of the machine did."""

    workers: int
    seconds: float
    documents: int
    claims: int
    busy: float  # sum of the tasks' seconds over all workers
    cpu: float  # CPU seconds (user + system) of the workers
    faults: int  # minor page faults of the workers
    own_cpu: float  # CPU seconds of this process and all its children
    machine_cpu: float  # CPU seconds the whole machine spent (/proc/stat)

    @property
    def rate(self) -> float:
        return self.documents / self.seconds

    @property
    def other_share(self) -> float:
        """Share of the machine's CPU capacity that other processes took during the timing."""
        other = max(0.0, self.machine_cpu - self.own_cpu)
        return other / (self.seconds * (os.cpu_count() or 1))


def machine_busy() -> float:
    """CPU seconds the machine has spent busy since boot (all cores, without idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def tree_usage(pids: list[int]) -> tuple[float, float, int]:
    """CPU seconds of this process tree, CPU seconds and minor faults of the ``pids``."""
    me = psutil.Process()
    own = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            own += t.user + t.system
        except psutil.Error:
            continue
    cpu, faults = 0.0, 0
    for pid in pids:
        p = psutil.Process(pid)
        t = p.cpu_times()
        cpu += t.user + t.system
        faults += _minflt(pid)
    return own, cpu, faults


def _minflt(pid: int) -> int:
    """Minor page faults of a process so far (field 10 of ``/proc/PID/stat``)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[7])


def timed(workers: int, pids: list[int], job: Callable[[], list[ShardResult]]) -> Timing:
    """Run ``job`` once, measuring wall time, the workers' CPU and faults, the machine's CPU."""
    own0, cpu0, faults0 = tree_usage(pids)
    busy0 = machine_busy()
    t0 = time.perf_counter()
    results = job()
    seconds = time.perf_counter() - t0
    busy1 = machine_busy()
    own1, cpu1, faults1 = tree_usage(pids)
    assert not [e for r in results for e in r.errors], "shard errors"
    return Timing(
        workers=workers, seconds=seconds, documents=sum(r.documents for r in results),
        claims=sum(r.claims for r in results), busy=sum(r.seconds for r in results),
        cpu=cpu1 - cpu0, faults=faults1 - faults0, own_cpu=own1 - own0,
        machine_cpu=busy1 - busy0,
    )  # fmt: skip


def run_dask(paths: list[Path], workers: int, out: Path) -> tuple[Timing, float]:
    """One timing of ``extract_corpus`` on a new local cluster; also its warm-up seconds."""
    with local_cluster(workers) as cluster, Client(cluster) as client:
        t0 = time.perf_counter()
        pids = sorted(client.run(warm).values())
        warm_s = time.perf_counter() - t0

        def job() -> list[ShardResult]:
            report = extract_corpus(paths, out, client=client)
            assert not report.errors, report.errors
            return report.shards

        return timed(workers, pids, job), warm_s


@contextmanager
def worker_environ() -> Iterator[None]:
    """The local cluster's worker environment, for processes spawned inside the block."""
    saved = {k: os.environ.get(k) for k in WORKER_ENVIRON}
    for key, value in WORKER_ENVIRON.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = str(value)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _warm_held(_: int) -> int:
    pid = warm()
    time.sleep(1.0)  # hold this process so the other warm-up calls land on the other ones
    return pid


def run_bare(paths: list[Path], workers: int, out: Path) -> Timing:
    """The same tasks in a plain process pool, no Dask: the ceiling the machine allows."""
    with worker_environ(), ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        pids = sorted(set(pool.map(_warm_held, range(workers))))
        assert len(pids) == workers

        def job() -> list[ShardResult]:
            return list(pool.map(extract_shard, map(str, paths), [str(out)] * len(paths)))

        return timed(workers, pids, job)


def row(name: str, runs: list[Timing], base: list[Timing]) -> str:
    """A table row for the fastest of ``runs``; ``base`` are the 1-worker runs (speed-up)."""
    best = min(runs, key=lambda t: t.seconds)
    median = statistics.median(t.seconds for t in runs)
    base_best = min(t.seconds for t in base)
    base_median = statistics.median(t.seconds for t in base)
    return (
        f"| {name} | {best.workers} | {best.seconds:.2f} ({median:.2f}) | {best.rate:.1f} | "
        f"{best.rate / best.workers:.1f} | {base_best / best.seconds:.2f}x "
        f"({base_median / median:.2f}x) | {best.busy / (best.seconds * best.workers):.0%} | "
        f"{1000 * best.cpu / best.documents:.0f} | {best.faults / best.documents:,.0f} | "
        f"{best.other_share:.0%} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=240)
    ap.add_argument("--shards", type=int, default=24)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per row; the fastest shown")
    ap.add_argument("--no-bare", action="store_true", help="skip the plain process pool rows")
    ap.add_argument("--no-write", action="store_true", help="do not add to bench/RESULTS.md")
    args = ap.parse_args()

    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="geokg-bench-cluster-") as tmp:
        paths, words = write_shards(Path(tmp), args.docs, args.shards)
        dask: dict[int, list[Timing]] = {n: [] for n in args.workers}
        bare: dict[int, list[Timing]] = {n: [] for n in args.workers}
        warm_s: dict[int, list[float]] = {n: [] for n in args.workers}
        for k in range(args.repeat):
            # 1, 2, 2, 1, 1, 2, ...: a machine getting busier or quieter favours no worker count.
            for n in args.workers if k % 2 == 0 else args.workers[::-1]:
                timing, seconds = run_dask(paths, n, Path(tmp) / f"claims-{n}")
                dask[n].append(timing)
                warm_s[n].append(seconds)
                if not args.no_bare:
                    bare[n].append(run_bare(paths, n, Path(tmp) / f"bare-{n}"))
    first = dask[args.workers[0]][0]
    lines = [
        f"corpus: {first.documents} documents in {args.shards} JSONL shards, {words:,} words,"
        f" {first.claims:,} claims; workers warmed before the timing; fastest of {args.repeat}"
        " runs, each on a new cluster or pool, worker counts alternating (medians in brackets)",
        "",
        "| run | workers | seconds | documents/s | per worker | speed-up | workers busy "
        "| worker CPU ms/doc | page faults/doc | other processes' CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, runs in (("Dask LocalCluster", dask), ("plain process pool, no Dask", bare)):
        if runs[args.workers[0]]:
            lines += [row(name, runs[n], runs[args.workers[0]]) for n in args.workers]
    lines += [
        "",
        "Warm-up per Dask cluster (pipeline load + one sentence, outside the timing), median: "
        + ", ".join(f"{n} worker(s) {statistics.median(warm_s[n]):.1f} s" for n in args.workers),
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        load_end = os.getloadavg()
        header = (
            f"## bench/cluster.py — {dt.date.today().isoformat()}, extraction on Dask\n\n"
            f"Machine: {machine()}; load average at the start "
            f"{', '.join(f'{x:.1f}' for x in load_start)}, at the end "
            f"{', '.join(f'{x:.1f}' for x in load_end)} (a shared machine).\n"
            f"Command: `python bench/cluster.py --docs {args.docs} --shards {args.shards} "
            f"--workers {' '.join(map(str, args.workers))} --repeat {args.repeat}"
            f"{' --no-bare' if args.no_bare else ''}`\n\n"
        )
        results = HERE / "RESULTS.md"
        results.write_text(header + report + "\n\n" + results.read_text(encoding="utf-8"),
                           encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
