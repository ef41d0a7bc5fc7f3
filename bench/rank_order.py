"""Network queries read in rank order against the full scan, on one store, in one process.

    python bench/rank_order.py --store /tmp/bench/embedded.db --reps 10
    python bench/rank_order.py --store bolt://127.0.0.1:7813 --reps 10

For each of ``network``, ``alliance-network``, ``arms-flows`` and
``ego-network`` (depth 1, over the 10 busiest actors), alternates run by run
the query's scan text (every edge filtered and sorted: what ran before the
ranks, ``graph/stores/ranking.py``) and ``run_named`` (the rank window when the
ranks are fresh), checks both give the same rows, and prints p50/p95 of each
after two warm-ups. Read-only; the store must hold a load (bench/load.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from geokg.graph.stores import open_store, ranking
from geokg.queries.library import get_query, run_named

QUERIES = ("network", "alliance-network", "arms-flows", "ego-network")


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[
        min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args()
    store = open_store(args.store, read_only=not args.store.startswith(("bolt", "neo4j")))
    print(f"store {store.location} ({store.kind}); ranks fresh over "
          f"{ranking.fresh_edges(store)} edges; load average {os.getloadavg()}")  # fmt: skip
    hubs = [r[0] for r in store.query(
        "MATCH (a:Actor)-[r:RELATES]-() RETURN a.id, count(r) AS n ORDER BY n DESC, a.id "
        "LIMIT 10").rows]  # fmt: skip
    print("| query | store | scan p50 / p95 ms | rank order p50 / p95 ms | rows |")
    print("|---|---|---:|---:|---:|")
    for name in QUERIES:
        query = get_query(name)
        scan, ranked = [], []
        for rep in range(args.reps + 2):
            params = {"country": hubs[rep % len(hubs)]} if name == "ego-network" else {}
            t0 = time.perf_counter()
            old = store.query(query.text_for(store.kind), query.bind(params))
            t1 = time.perf_counter()
            new = run_named(store, name, params)
            t2 = time.perf_counter()
            if old.rows != new.rows:
                raise SystemExit(f"{name} {params}: the rank order gave other rows")
            if rep >= 2:
                scan.append((t1 - t0) * 1000)
                ranked.append((t2 - t1) * 1000)
        s50, s95 = percentiles(scan)
        r50, r95 = percentiles(ranked)
        print(f"| {name} | {store.kind} | {s50:,.0f} / {s95:,.0f} | {r50:,.0f} / {r95:,.0f} "
              f"| {len(new)} |", flush=True)  # fmt: skip
    print(f"load average at the end {os.getloadavg()}")
    store.close()


if __name__ == "__main__":
    main()
