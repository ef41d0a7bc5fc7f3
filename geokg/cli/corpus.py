"""Distributed extraction from the CLI: ``geokg extract --out`` and ``geokg ingest --distributed``.

A thin skin over ``geokg.ingest.cluster``: a progress line of documents
extracted across the cluster and their rate, then a summary and the bad
lines and shards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.markup import escape
from rich.progress import Progress, TextColumn, TimeElapsedColumn

from geokg.cli.app import console, console_err
from geokg.ingest.cluster import ShardResult


def default_workers(workers: int | None) -> int:
    """Worker processes of a local cluster: as given, else one per core."""
    return workers or os.cpu_count() or 1


@contextmanager
def shard_progress() -> Iterator[Callable[[ShardResult], None]]:
    """A live line of shards and documents done across the cluster, with documents/s."""
    with Progress(
        TextColumn("[bold]extract[/]"),
        TextColumn("{task.fields[shards]} shards"),
        TextColumn("{task.completed:,} documents"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
    ) as bar:
        task = bar.add_task("extract", total=None, shards=0, rate="")
        state: dict[str, Any] = {"shards": 0}

        def advance(result: ShardResult) -> None:
            state["shards"] += 1
            bar.advance(task, result.documents)
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{bar.tasks[0].completed / elapsed:,.1f} documents/s" if elapsed else ""
            bar.update(task, shards=state["shards"], rate=rate)

        yield advance


def run_extract(inputs: list[str], out: str, *, cluster: str | None, workers: int | None) -> int:
    """Extract a sharded corpus into claim shards in ``out``; the exit code (2: bad input)."""
    from geokg.ingest.cluster import extract_corpus

    with shard_progress() as progress:
        report = extract_corpus(
            inputs, out, cluster=cluster, workers=default_workers(workers), progress=progress
        )
    rate = report.documents / max(report.seconds, 1e-9)
    console.print(
        f"{report.documents:,} documents, {report.sentences:,} sentences, {report.claims:,} "
        f"claims from {len(report.shards)} shards on {report.workers} worker(s) at "
        f"{report.address} in {report.seconds:.1f} s ({rate:,.1f} documents/s); "
        f"claim shards in {escape(str(out))}",
        highlight=False,
        soft_wrap=True,
    )
    for error in report.errors:
        console_err.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False)
    return 2 if report.errors else 0


def run_ingest_corpus(
    graph: Any,
    inputs: list[str],
    *,
    cluster: str | None,
    workers: int | None,
    claims_dir: str | None,
    batch_size: int | None,
) -> Any:
    """``ingest_corpus`` with a progress line of the extraction."""
    from geokg.ingest.cluster import cluster_address, ingest_corpus

    with shard_progress() as progress:
        return ingest_corpus(
            graph, inputs, claims_dir=claims_dir, cluster=cluster_address(cluster),
            workers=default_workers(workers), batch_size=batch_size, progress=progress,
        )  # fmt: skip


def run_fresh_import(
    inputs: list[str], home: str, uri: str, fmt: str, start_command: str | None
) -> Any:
    """``neo4j_import.load_fresh`` over the inputs' claim tables, with a progress line."""
    import shlex

    from rich.progress import BarColumn

    from geokg.graph.stores.neo4j_import import load_fresh
    from geokg.ingest.pipeline import IngestReport, table_chunks

    if not uri.startswith(("bolt://", "neo4j://", "bolt+s://", "neo4j+s://")):
        from geokg.errors import InputError

        raise InputError("--fresh-import needs --store to be the Neo4j server's bolt:// URI")
    report = IngestReport()
    with Progress(
        TextColumn("[bold]import files[/]"), BarColumn(bar_width=None),
        TextColumn("{task.completed:,} rows"), TimeElapsedColumn(),
        console=console_err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("import", total=None)
        start = shlex.split(start_command) if start_command else None
        done = load_fresh(table_chunks(inputs, report, format=fmt), home, uri, start=start,
                          progress=lambda n: bar.advance(task, n))  # fmt: skip
    report.written = True
    report.claims_new = done.claims_seen
    report.predicates.update(done.predicates)
    report.notes.append(
        f"neo4j-admin database import: files {done.seconds_files:.1f} s, import "
        f"{done.seconds_import:.1f} s, server start {done.seconds_start:.1f} s; nodes "
        f"{done.nodes}, relationships {done.relationships}"
    )
    return report
