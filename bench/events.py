"""Bench: grouping claims into events against loading them, in one run, one store.

Seeded synthetic claims (actors, predicates, items, dates over two years,
publishers, a share of syndicated copies and denials) are bulk-loaded into a
fresh embedded store; then ``build_events`` reads them back, groups them and
writes the Event and Stage nodes. Prints both times, the peak resident memory
of each step (sampled from /proc) and the load average, and appends to RESULTS.md.

    .venv/bin/python bench/events.py --claims 1000000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.stores import open_store, write_claims_in_bulk
from geokg.graph.stores.events import build_events

PREDICATES = ("SUPPLIES", "ATTACKS", "SIGNS_AGREEMENT", "VISITS", "SANCTIONS", "SUPPORTS")
ITEMS = (None, "Shahed-136", "Iskander", "Fath-360", "Su-35", "S-400", "partnership treaty")
MODALITIES = ("reported",) * 6 + ("asserted",) * 3 + ("planned", "alleged", "denied")


def synthetic_claims(n: int, seed: int = 20240920) -> Iterator[Claim]:
    rng = random.Random(seed)
    actors = [Actor(f"A{i:03d}", f"Actor {i}") for i in range(250)]
    publishers = [f"Outlet {i}" for i in range(400)]
    start = date(2023, 1, 1)
    story = ""
    for k in range(n):
        a, b = rng.sample(actors, 2)
        day = start + timedelta(days=rng.randrange(730))
        pred = rng.choice(PREDICATES)
        item = rng.choice(ITEMS)
        copy = k > 0 and rng.random() < 0.1
        text = story if copy else f"Report {k}: {a.name} {pred.lower()} {b.name} {item or ''}."
        story = text
        yield Claim(
            source=Source.create(url=f"https://news.example/{k}", publisher=rng.choice(publishers),
                                 published=day.isoformat()),
            subject=a, predicate=pred, object=b,
            item=Item(item, "Agreement" if "treaty" in item else "Item") if item else None,
            modality=rng.choice(MODALITIES), confidence=round(rng.uniform(0.3, 0.95), 2),
            time=TimeSpan.parse(day.isoformat()[: rng.choice((7, 10))]),
            evidence=Evidence(text, 0, len(text)), extractor="bench",
        )  # fmt: skip


class PeakMemory:
    """The highest resident set size of this process while the block runs (Linux /proc)."""

    def __init__(self) -> None:
        self.peak = self.start = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def resident() -> int:
        try:
            return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            return 0

    def _sample(self) -> None:
        while not self._done.wait(0.05):
            self.peak = max(self.peak, self.resident())

    def __enter__(self) -> PeakMemory:
        self.start = self.peak = self.resident()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def __str__(self) -> str:
        if not self.peak:
            return "n/a"
        return f"{self.peak / 2**30:.2f} GB ({self.start / 2**30:.2f} at the start)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="geokg-events-bench-"))
    try:
        with open_store(str(work / "bench.db")) as store:
            with PeakMemory() as load_memory:
                t0 = time.perf_counter()
                written = write_claims_in_bulk(store, synthetic_claims(args.claims))
                load = time.perf_counter() - t0
            with PeakMemory() as group_memory:
                t0 = time.perf_counter()
                report = build_events(store)
                group = time.perf_counter() - t0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    text = (
        f"\n## Events: grouping {args.claims:,} claims against loading them "
        f"({time.strftime('%Y-%m-%d')})\n\n"
        f"`.venv/bin/python bench/events.py --claims {args.claims}` on {machine}, embedded "
        "store, one run (the machine shared with other work).\n\n"
        "| step | seconds | claims/s | peak RSS |\n|---|---:|---:|---:|\n"
        f"| bulk load (`write_claims_in_bulk`) | {load:.1f} | {written.claims_new / load:,.0f} | "
        f"{load_memory} |\n"
        f"| events (`build_events`: read, group, write) | {group:.1f} | "
        f"{report.claims / group:,.0f} | {group_memory} |\n\n"
        f"{report.events:,} events ({report.corroborated:,} with 2+ independent publishers, "
        f"{report.denied:,} denied), {report.stages:,} agreement stages; "
        f"grouping/load = {group / load:.2f}; load average at the end "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.\n"
    )
    print(text)
    if not args.no_record:
        with open(Path(__file__).with_name("RESULTS.md"), "a", encoding="utf-8") as out:
            out.write(text)


if __name__ == "__main__":
    main()
