"""Benchmark: streamed N-Triples/N-Quads export against rdflib's Graph.serialize.

Builds seeded synthetic claims, exports them with ``export_claims`` (streamed)
and, as the baseline measured in the same run, builds an rdflib Graph of the
same triples and serialises it to N-Triples. Runs at N and 10*N claims to
show the stream scales linearly, and measures peak Python memory of each.
Prints a table and appends it to bench/RESULTS.md with the machine.

    .venv/bin/python bench/export.py [--claims 2000] [--factor 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.rdf import claims_graph, export_claims
from geokg.graph.vocabulary import MODALITIES, predicates

RESULTS = Path(__file__).with_name("RESULTS.md")


def synthetic_claims(n: int, *, seed: int = 7) -> list[Claim]:
    """``n`` claims over 200 actors, 50 items and n/5 sources, the same for a seed."""
    rng = random.Random(seed)
    actors = [
        Actor(f"A{i:03d}", f"Actor {i}", rng.choice(["State", "Organization", "Person"]),
              aliases=(f"Alias {i}",), wikidata=f"Q{1000 + i}")
        for i in range(200)
    ]  # fmt: skip
    items = [Item(f"System {i}", "WeaponSystem") for i in range(50)]
    sources = [
        Source.create(url=f"https://news.example.org/{i}", title=f"Story {i}",
                      publisher="Example Wire", published="2024-05-01")
        for i in range(max(1, n // 5))
    ]  # fmt: skip
    names = list(predicates())
    claims = []
    for i in range(n):
        a, b = rng.sample(actors, 2)
        claims.append(
            Claim(
                source=rng.choice(sources),
                subject=a,
                predicate=rng.choice(names),
                object=b,
                item=rng.choice(items) if rng.random() < 0.5 else None,
                modality=rng.choice(MODALITIES),
                time=TimeSpan.parse(f"2024-{rng.randint(1, 12):02d}"),
                confidence=round(rng.random(), 3),
                evidence=Evidence(
                    f'Sentence {i} says "{a.name}" and {b.name}.', i * 80, i * 80 + 60
                ),
                extractor="bench",
            )
        )
    return claims


def timed(run: Callable[[], int], repeats: int) -> tuple[float, int]:
    """Best wall time of ``repeats`` runs, and what the run returned."""
    best, result = float("inf"), 0
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mib(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure(n: int, folder: Path, repeats: int) -> dict[str, float]:
    claims = synthetic_claims(n)
    out = folder / f"bench-{n}.nt"

    def stream() -> int:
        return export_claims(claims, out, "nt")

    def rdflib_build() -> int:
        return len(claims_graph(claims))

    graph = claims_graph(claims)

    def rdflib_serialize() -> int:
        graph.serialize(destination=str(folder / f"rdflib-{n}.nt"), format="nt", encoding="utf-8")
        return len(graph)

    t_stream, triples = timed(stream, repeats)
    t_build, _ = timed(rdflib_build, repeats)
    t_serialize, graph_triples = timed(rdflib_serialize, repeats)
    assert triples == graph_triples, (triples, graph_triples)
    graph.remove((None, None, None))  # free it before measuring memory
    return {
        "claims": n,
        "triples": triples,
        "stream_s": t_stream,
        "build_s": t_build,
        "serialize_s": t_serialize,
        "stream_mib": peak_mib(stream),
        "rdflib_mib": peak_mib(lambda: claims_graph(claims).serialize(format="nt")),
    }


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc={os.cpu_count()}, CPU: {cpu}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000, help="claims in the small run")
    parser.add_argument("--factor", type=int, default=10, help="the large run is this many times")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            measure(n, Path(tmp), args.repeats) for n in (args.claims, args.claims * args.factor)
        ]

    lines = [
        f"## RDF export (bench/export.py) — {dt.date.today().isoformat()}",
        "",
        f"Machine: {machine()}. Best of {args.repeats}; peak = tracemalloc peak of Python memory.",
        "",
        "| claims | triples | stream nt s | stream triples/s | rdflib build s | rdflib "
        "serialize s | rdflib build+serialize triples/s | speed-up | stream peak MiB | "
        "rdflib peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        rdflib_total = r["build_s"] + r["serialize_s"]
        lines.append(
            f"| {r['claims']:,} | {r['triples']:,} | {r['stream_s']:.2f} | "
            f"{r['triples'] / r['stream_s']:,.0f} | {r['build_s']:.2f} | {r['serialize_s']:.2f} | "
            f"{r['triples'] / rdflib_total:,.0f} | {rdflib_total / r['stream_s']:.1f}× | "
            f"{r['stream_mib']:.1f} | {r['rdflib_mib']:.1f} |"
        )
    small, large = rows

    def grew(key: str) -> str:
        return f"×{large[key] / small[key]:.1f}"

    rdflib_grew = (large["build_s"] + large["serialize_s"]) / (
        small["build_s"] + small["serialize_s"]
    )
    lines += [
        "",
        f"Scaling, {args.factor}× the claims: stream time {grew('stream_s')} (triples "
        f"{grew('triples')}); rdflib build+serialize time ×{rdflib_grew:.1f}; stream peak "
        f"memory {grew('stream_mib')}, rdflib {grew('rdflib_mib')}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


if __name__ == "__main__":
    main()
