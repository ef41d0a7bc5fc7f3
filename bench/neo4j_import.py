"""Bench of the Neo4j fresh-database fast path against the UNWIND path, in one run.

    python bench/neo4j_import.py --events 1000000 --unwind-events 200000

Writes bench/load.py's seeded GDELT export, then, on two throw-away servers
(scripts/neo4j/start.sh, homes under --workdir): (1) ``load_fresh`` of the
whole file into a new database (importer files, ``neo4j-admin database
import``, server start, constraints), timed end to end; (2) the UNWIND bulk
path (``load_gdelt``) of the first --unwind-events rows into an empty
database (UNWIND slows as the database grows, so a slice flatters it).
Prints events/s and the ratio, and puts the table at the top of
bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from extract import machine  # noqa: E402
from load import generate, head  # noqa: E402

from geokg.graph.stores import open_store  # noqa: E402
from geokg.graph.stores.neo4j_import import load_fresh  # noqa: E402
from geokg.ingest.gdelt import load_gdelt  # noqa: E402
from geokg.ingest.pipeline import IngestReport, table_chunks  # noqa: E402

START = ROOT / "scripts" / "neo4j" / "start.sh"
STOP = ROOT / "scripts" / "neo4j" / "stop.sh"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--unwind-events", type=int, default=200_000)
    ap.add_argument("--workdir", default="")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("NEO4J_HEAP", "2g")
    os.environ.setdefault("NEO4J_PAGECACHE", "1g")

    work = Path(args.workdir or tempfile.mkdtemp(prefix="geokg-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    export = work / "20240101000000.export.CSV"
    if not export.exists():
        generate(export, args.events)
    rows: list[tuple[str, int, int, float]] = []
    homes = []
    try:
        home = work / "import-home"
        homes.append(home)
        uri = f"bolt://127.0.0.1:{free_port()}"
        t0 = time.perf_counter()  # the chunks as `geokg ingest --fresh-import` reads them
        report = load_fresh(table_chunks([export], IngestReport(), format="gdelt"), home, uri)
        seconds = time.perf_counter() - t0
        claims = report.claims_seen
        with open_store(uri) as store:
            counts = store.counts()
        rows.append(("fresh database: neo4j-admin import + start + constraints", args.events,
                     claims, seconds))  # fmt: skip
        phases = (
            f"importer files {report.seconds_files:.1f} s, neo4j-admin {report.seconds_import:.1f}"
            f" s, server start + constraints + indexes {report.seconds_start:.1f} s (start"
            f" {report.seconds_server:.1f} s, constraints and indexes"
            f" {report.seconds_schema:.1f} s, empty lists and rank marker"
            f" {report.seconds_start - report.seconds_server - report.seconds_schema:.1f} s)"
        )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        subprocess.run([str(STOP), str(home)], check=False)

        unwind_home = work / "unwind-home"
        homes.append(unwind_home)
        port = free_port()
        subprocess.run([str(START), str(unwind_home), str(port)], check=True, capture_output=True)
        piece = work / "unwind.export.CSV"
        head(export, piece, args.unwind_events)
        with open_store(f"bolt://127.0.0.1:{port}") as store:
            store.clear()
            t0 = time.perf_counter()
            loaded = load_gdelt(store, [piece])
            rows.append((f"UNWIND bulk path, first {args.unwind_events:,} events, empty database",
                         args.unwind_events, loaded.written.claims_new,
                         time.perf_counter() - t0))  # fmt: skip
    finally:
        for home in homes:
            subprocess.run([str(STOP), str(home)], check=False)
    fresh_rate = rows[0][1] / rows[0][3]
    unwind_rate = rows[1][1] / rows[1][3]
    lines = [
        "| load | events | claims | seconds | events/s |",
        "|---|---:|---:|---:|---:|",
        *(f"| {name} | {ev:,} | {cl:,} | {s:.1f} | {ev / s:,.0f} |" for name, ev, cl, s in rows),
        "",
        f"Fresh import / UNWIND: **{fresh_rate / unwind_rate:.1f}x**. Fresh import phases: "
        f"{phases}. Peak RSS of the Python side {peak:,.0f} MB.",
        f"Graph after the import: {counts}",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        header = (
            f"## bench/neo4j_import.py — {dt.date.today().isoformat()}, {args.events:,} events\n\n"
            f"Machine: {machine()}; load average at the end {load} (a shared machine). "
            f"Neo4j 5.26.30 Community (scripts/neo4j, NEO4J_HEAP={os.environ['NEO4J_HEAP']}, "
            f"NEO4J_PAGECACHE={os.environ['NEO4J_PAGECACHE']}).\n"
            f"Command: `python bench/neo4j_import.py --events {args.events} "
            f"--unwind-events {args.unwind_events}`\n\n"
        )
        results = HERE / "RESULTS.md"
        results.write_text(header + text + "\n\n" + results.read_text(encoding="utf-8"),
                           encoding="utf-8")  # fmt: skip


if __name__ == "__main__":
    main()
