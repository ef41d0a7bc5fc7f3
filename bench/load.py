"""Bulk-loading bench: a synthetic GDELT 2.0 export into both stores, and the named queries on it.

    python bench/load.py --events 1000000 --neo4j bolt://127.0.0.1:7702

Writes a seeded GDELT-format file (``--events`` rows over 250 actors), then,
each stage in its own process so its peak memory is its own: loads it into a
fresh embedded store and into Neo4j (after trying Neo4j batch sizes on a
slice), re-loads it (no duplicates), times a naive per-row baseline on a
``--baseline`` slice, and takes p50/p95 of ``alliance-network``,
``arms-flows`` and ``ego-network``. Prints a table and appends it to
bench/RESULTS.md with the machine. Neo4j stages need ``--neo4j`` (or
$NEO4J_URI) and CLEAR that database: give it a server of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pycountry

HERE = Path(__file__).resolve().parent
GROUPS = ("UNO", "NAT", "EEC", "OPC", "ARL", "ASN", "IMF", "WBK", "WTO")
TYPES = ("", "GOV", "GOV", "MIL", "BUS", "MED", "OPP")
# (CAMEO code, relative frequency): roughly GDELT's mix, talk-heavy.
EVENTS = (
    ("010", 10), ("020", 3), ("036", 4), ("040", 6), ("042", 6), ("043", 6), ("044", 3),
    ("046", 4), ("051", 5), ("057", 2), ("061", 2), ("071", 1), ("072", 1.5), ("073", 1),
    ("111", 3), ("112", 4), ("120", 2), ("130", 2), ("138", 1), ("161", 1), ("163", 1),
    ("172", 0.5), ("173", 1), ("190", 3), ("193", 1),
)  # fmt: skip
GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0,
             "11": -2.0, "12": -4.0, "13": -6.0, "16": -4.0, "17": -7.0, "19": -10.0}  # fmt: skip
QUERIES = ("alliance-network", "arms-flows", "ego-network")
QUERY_TIMEOUT = 60.0


# -- the synthetic export ------------------------------------------------------


def actors() -> list[tuple[str, str, str]]:
    """250 actors as (CAMEO country code, known-group code, name): 241 states, 9 groups."""
    states = sorted(pycountry.countries, key=lambda c: c.alpha_3)[:241]
    out = [(c.alpha_3, "", c.name.upper()) for c in states]
    out += [("", g, f"GROUP {g}") for g in GROUPS]
    return out


def generate(path: Path, events: int, seed: int = 20240920) -> None:
    """Write ``events`` rows in the exact 61-column GDELT 2.0 layout; same seed, same bytes."""
    rng = np.random.default_rng(seed)
    pool = actors()
    order = rng.permutation(len(pool))  # who is "big" (Zipf rank) is seeded, not alphabetical
    weights = 1.0 / np.arange(1, len(pool) + 1) ** 0.9
    weights = weights / weights.sum()
    codes = [c for c, _ in EVENTS]
    code_p = np.array([w for _, w in EVENTS], dtype=float)
    code_p /= code_p.sum()
    start = datetime(2024, 1, 1)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for base in range(0, events, 50_000):
            n = min(50_000, events - base)
            a1 = order[rng.choice(len(pool), size=n, p=weights)]
            a2 = order[rng.choice(len(pool), size=n, p=weights)]
            t1 = rng.integers(0, len(TYPES), size=n)
            t2 = rng.integers(0, len(TYPES), size=n)
            ev = rng.choice(len(codes), size=n, p=code_p)
            mentions = 1 + rng.geometric(0.3, size=n)
            sources = np.minimum(mentions, 1 + rng.geometric(0.6, size=n))
            tone = np.round(rng.normal(-1.5, 3.0, size=n), 4)
            lag = rng.integers(0, 4, size=n)
            kind = rng.random(size=n)  # 3 % one-sided, 1 % regional actor 1
            lines = []
            for k in range(n):
                i = base + k
                added = start + timedelta(minutes=15 * (i // 1500))
                day = (added - timedelta(days=int(lag[k]))).date()
                code = codes[ev[k]]
                root = code[:2]
                quad = 1 if root <= "05" else 2 if root <= "08" else 3 if root <= "14" else 4
                side1 = _actor(pool[a1[k]], TYPES[t1[k]]) if kind[k] >= 0.01 else _region()
                side2 = _actor(pool[a2[k]], TYPES[t2[k]]) if kind[k] >= 0.04 else [""] * 10
                name2 = pool[a2[k]][2].title()
                dateadded = added.strftime("%Y%m%d%H%M%S")
                fields = (
                    [str(100_000_000 + i), day.strftime("%Y%m%d"), day.strftime("%Y%m"),
                     str(day.year), f"{day.year + day.timetuple().tm_yday / 365:.4f}"]
                    + side1 + side2
                    + ["1", code, code[:3], root, str(quad), f"{GOLDSTEIN.get(root, 0.0):.1f}",
                       str(mentions[k]), str(sources[k]), str(mentions[k]), f"{tone[k]:.4f}"]
                    + _geo(pool[a1[k]][2].title()) + _geo(name2) + _geo(name2)
                    + [dateadded,
                       f"https://news{(i // 2) % 97}.example.com/{dateadded[:8]}/story-{i // 2}"]
                )  # fmt: skip
                lines.append("\t".join(fields))
            out.write("\n".join(lines) + "\n")


def _actor(actor: tuple[str, str, str], kind: str) -> list[str]:
    country, group, name = actor
    code = (country + kind) if country else ("IGO" + group)
    return [code, name, country, group, "", "", "", kind or ("IGO" if group else ""), "", ""]


def _region() -> list[str]:
    return ["EUR", "EUROPE", "EUR", "", "", "", "", "", "", ""]


def _geo(name: str) -> list[str]:
    return ["1", name, "XX", "XX", "", "0", "0", "XX"]


def remove_store(path: Path) -> None:
    """An embedded store is a file plus its WAL and checkpoint files (folders in older versions)."""
    for p in [path, *path.parent.glob(path.name + ".*")]:
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def head(path: Path, out: Path, rows: int) -> None:
    with open(path, "rb") as src, open(out, "wb") as dst:
        for _, line in zip(range(rows), src, strict=False):
            dst.write(line)


# -- stages, each run in a child process ----------------------------------------


def stage(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from geokg.graph.stores import open_store
    from geokg.ingest.gdelt import load_gdelt

    result: dict[str, Any] = {"stage": name}
    if name in ("embedded-load", "embedded-reload", "neo4j-load", "neo4j-reload", "neo4j-tune"):
        store = open_store(args.store)
        if name in ("embedded-load", "neo4j-load", "neo4j-tune") and store.kind == "neo4j":
            store.clear()
        t0 = time.perf_counter()
        report = load_gdelt(store, [args.file], batch_size=args.batch_size)
        result["seconds"] = time.perf_counter() - t0
        result["rows"] = report.stats.rows
        result["claims"] = report.claims
        result["new"] = report.written.claims_new
        result["errors"] = len(report.errors)
        result["counts"] = store.counts()
        store.close()
    elif name == "baseline":
        from geokg.ingest.gdelt import read_gdelt

        store = open_store(args.store)
        if store.kind == "neo4j":
            store.clear()
        claims = list(read_gdelt(args.file, errors=[]))
        t0 = time.perf_counter()
        written = 0
        for claim in claims:  # one transaction of MERGEs per event: the naive way
            written += store.write_claims([claim], batch_size=1).claims_new
        result["seconds"] = time.perf_counter() - t0
        result["rows"] = len(claims)
        result["new"] = written
        store.close()
    elif name == "queries":
        store = open_store(args.store, read_only=not args.store.startswith("bolt"))
        hubs = [r[0] for r in store.query(
            "MATCH (a:Actor)-[r:RELATES]-() RETURN a.id, count(r) AS n ORDER BY n DESC, a.id "
            "LIMIT 10").rows]  # fmt: skip
        for query in QUERIES:
            times: list[float] = []
            sizes: list[int] = []
            for rep in range(args.reps + 2):
                params = {"country": hubs[rep % len(hubs)]} if query == "ego-network" else {}
                took, rows = timed_query(store, query, params, args.query_timeout)
                if took is None:  # one run past the limit: the query is too slow at this size
                    times = []
                    break
                if rep >= 2:  # two warm-up runs
                    times.append(took)
                    sizes.append(rows)
            times.sort()
            result[query] = {
                "p50": statistics.median(times) if times else None,
                "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
                if times
                else None,
                "rows": statistics.median(sizes) if sizes else None,
            }
        store.close()
    # The stage's own peak plus its biggest child's (the GDELT reader process), each at its
    # own moment: an upper bound of what the two held at once.
    result["peak_rss_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ) / 1024
    result["child_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def timed_query(
    store: Any, query: str, params: dict[str, Any], timeout: float
) -> tuple[float | None, int]:
    """Milliseconds and rows of one run, or (None, 0) if it passed ``timeout`` seconds."""
    from geokg.queries.library import run_named

    out: dict[str, Any] = {}

    def work() -> None:
        try:
            out["rows"] = len(run_named(store, query, params))
        except Exception as exc:  # a stopped query raises; the timeout is what counts
            out["error"] = exc

    if store.kind == "embedded":
        store._conn.set_query_timeout(int(timeout * 1000))
    worker = threading.Thread(target=work, daemon=True)
    t0 = time.perf_counter()
    worker.start()
    worker.join(timeout)
    took = (time.perf_counter() - t0) * 1000
    if worker.is_alive() and store.kind == "neo4j":  # our own server: stop what still runs
        from neo4j import GraphDatabase

        with GraphDatabase.driver(store.location) as driver:
            running = driver.execute_query(
                "SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                "WHERE NOT currentQuery STARTS WITH 'SHOW' RETURN transactionId"
            ).records
            ids = [r["transactionId"] for r in running]
            if ids:
                driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=ids)
        worker.join(60)
    if worker.is_alive() or "error" in out or took > timeout * 1000:
        return None, 0
    return took, out["rows"]


def run_stage(name: str, store: str, file: Path, batch_size: int | None = None,
              reps: int = 20) -> dict[str, Any]:  # fmt: skip
    cmd = [sys.executable, __file__, "--stage", name, "--store", store, "--file", str(file),
           "--reps", str(reps), "--query-timeout", str(QUERY_TIMEOUT)]  # fmt: skip
    if batch_size:
        cmd += ["--batch-size", str(batch_size)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"stage {name} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {name:16} {json.dumps({k: v for k, v in result.items() if k != 'stage'})}",
          flush=True)  # fmt: skip
    return result


# -- the run ---------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--baseline", type=int, default=20_000, help="rows of the per-row slice")
    parser.add_argument("--tune-rows", type=int, default=50_000, help="rows per batch-size trial")
    parser.add_argument("--batch-sizes", default="5000,10000,20000,50000")
    parser.add_argument("--neo4j", default=os.environ.get("NEO4J_URI", ""))
    parser.add_argument(
        "--neo4j-events", type=int, default=0, help="load only the first N events into Neo4j"
    )
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument(
        "--neo4j-note", default="", help="how the Neo4j server was set up (heap, page cache)"
    )
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument(
        "--query-timeout", type=float, default=60.0, help="seconds before a query run is stopped"
    )
    parser.add_argument("--workdir", default="")
    parser.add_argument("--no-record", action="store_true", help="don't append to RESULTS.md")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--batch-size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    global QUERY_TIMEOUT
    QUERY_TIMEOUT = args.query_timeout
    if args.stage:
        print(json.dumps(stage(args.stage, args)))
        return

    work = Path(args.workdir or tempfile.mkdtemp(prefix="geokg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    export = work / "20240101000000.export.CSV"
    t0 = time.perf_counter()
    generate(export, args.events)
    print(f"generated {args.events:,} events ({export.stat().st_size / 2**20:,.0f} MiB) "
          f"in {time.perf_counter() - t0:.1f} s: {export}", flush=True)  # fmt: skip
    slice_file = work / "slice.export.CSV"
    head(export, slice_file, args.baseline)
    tune_file = work / "tune.export.CSV"
    head(export, tune_file, args.tune_rows)

    r: dict[str, Any] = {}
    db = work / "embedded.db"
    remove_store(db)
    r["emb"] = run_stage("embedded-load", str(db), export)
    r["emb_re"] = run_stage("embedded-reload", str(db), export)
    r["emb_q"] = run_stage("queries", str(db), export, reps=args.reps)
    base_db = work / "baseline.db"
    remove_store(base_db)
    r["emb_base"] = run_stage("baseline", str(base_db), slice_file)
    if not args.skip_neo4j:
        if not args.neo4j:
            sys.exit("give --neo4j URI (a server of its own: the bench clears it) or --skip-neo4j")
        tune = {}
        sizes = [int(s) for s in args.batch_sizes.split(",")]
        run_stage("neo4j-tune", args.neo4j, tune_file, batch_size=sizes[-1])  # warm the JVM
        for size in sizes:
            tune[size] = run_stage("neo4j-tune", args.neo4j, tune_file, batch_size=size)
        best = max(tune, key=lambda s: tune[s]["rows"] / tune[s]["seconds"])
        r["neo_tune"] = tune
        r["neo_batch"] = best
        neo_file = export
        if args.neo4j_events and args.neo4j_events < args.events:
            neo_file = work / "neo4j.export.CSV"
            head(export, neo_file, args.neo4j_events)
        r["neo"] = run_stage("neo4j-load", args.neo4j, neo_file, batch_size=best)
        r["neo_re"] = run_stage("neo4j-reload", args.neo4j, neo_file, batch_size=best)
        r["neo_q"] = run_stage("queries", args.neo4j, neo_file, reps=args.reps)
        r["neo_base"] = run_stage("baseline", args.neo4j, slice_file)
    text = report(args, r)
    print(text)
    if not args.no_record:
        with open(HERE / "RESULTS.md", "a", encoding="utf-8") as out:
            out.write(text + "\n")


def rate(stage: dict[str, Any]) -> float:
    return stage["rows"] / stage["seconds"]


def report(args: argparse.Namespace, r: dict[str, Any]) -> str:
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    argv = shlex.join(sys.argv[1:])
    out = [
        f"\n## bench/load.py — {date.today().isoformat()}, {args.events:,} events",
        "",
        f"Machine: {os.cpu_count()} cores (nproc), {cpu}, {platform.platform()}, "
        f"Python {platform.python_version()}; load average at the end "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} (a shared machine).",
        f"Command: `python bench/load.py {argv}`",
        *([f"Neo4j server: {args.neo4j_note}"] if args.neo4j_note else []),
        "",
        "| load | rows | claims | seconds | events/s | × baseline | peak RSS MB (+ reader) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def row(label: str, s: dict[str, Any], base: dict[str, Any] | None) -> str:
        times = f"{rate(s) / rate(base):,.0f}" if base else ""
        return (
            f"| {label} | {s['rows']:,} | {s['new']:,} | {s['seconds']:.1f} | {rate(s):,.0f} "
            f"| {times} | {s['peak_rss_mb']:,.0f} |"
        )

    eb = r["emb_base"]
    out.append(row("embedded, COPY bulk path", r["emb"], eb))
    out.append(row(f"embedded, re-load (new: {r['emb_re']['new']})", r["emb_re"], None))
    out.append(row("embedded, per-row baseline", eb, eb))
    if "neo" in r:
        nb = r["neo_base"]
        out.append(row(f"Neo4j, UNWIND bulk path, batch {r['neo_batch']:,}", r["neo"], nb))
        out.append(row(f"Neo4j, re-load (new: {r['neo_re']['new']})", r["neo_re"], None))
        out.append(row("Neo4j, per-row baseline", nb, nb))
        out += ["", "Neo4j batch size (UNWIND bulk path, first "
                f"{args.tune_rows:,} events, empty database):", "",
                "| batch | events/s |", "|---:|---:|"]  # fmt: skip
        for size, s in r["neo_tune"].items():
            out.append(f"| {size:,} | {rate(s):,.0f} |")
    out += ["", f"Named queries at this size ({args.reps} runs each after 2 warm-ups; "
            "ego-network over the 10 busiest actors, depth 1):", "",
            "| query | store | p50 ms | p95 ms | rows |", "|---|---|---:|---:|---:|"]  # fmt: skip
    neo_size = f"neo4j ({r['neo']['rows']:,} events)" if "neo" in r else "neo4j"
    for key, kind in (("emb_q", f"embedded ({r['emb']['rows']:,} events)"), ("neo_q", neo_size)):
        if key in r:
            for q in QUERIES:
                s = r[key][q]
                if s["p50"] is None:
                    out.append(f"| {q} | {kind} | > {args.query_timeout:.0f} s (stopped) | | |")
                else:
                    out.append(
                        f"| {q} | {kind} | {s['p50']:.0f} | {s['p95']:.0f} | {s['rows']:.0f} |"
                    )
    counts = r["emb"]["counts"]
    out += ["", "Embedded store after the load: "
            + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v)]  # fmt: skip
    return "\n".join(out)


if __name__ == "__main__":
    main()
