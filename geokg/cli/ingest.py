"""``geokg ingest`` and ``geokg demo``: inputs into the store, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from geokg.cli.app import StoreOption, app, console, console_err, store_spec
from geokg.cli.output import print_result
from geokg.errors import InputError
from geokg.graph.stores import open_store
from geokg.graph.stores.base import GraphStore, QueryResult
from geokg.ingest.pipeline import FORMATS, IngestReport, ingest_paths

MAX_ERRORS_SHOWN = 50


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files or folders: claims (.jsonl, .csv), articles (.txt, .md, .html, "
            "documents .jsonl, '-' for stdin), RDF (.ttl, .trig, .nq, .nt, .jsonld), "
            "GDELT (*.export.CSV[.zip])."
        ),
    ],
    store: StoreOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help=f"Input format: {', '.join(FORMATS)}.")
    ] = "auto",
    strict: Annotated[
        bool, typer.Option("--strict", help="Write nothing if any row is bad.")
    ] = False,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            help="Claims per transaction. Default: 2,000; with --bulk, 50,000 per "
            "embedded COPY chunk and 10,000 per Neo4j batch.",
        ),
    ] = None,
    bulk: Annotated[
        bool,
        typer.Option(
            "--bulk",
            help="Big claim files: write through the stores' bulk path (COPY chunks into "
            "the embedded store, batched CREATEs into Neo4j), 10x faster or more. On the "
            "embedded store RELATES is then folded once at the end: a killed load leaves "
            "it behind the claims until the next bulk load. GDELT exports always do this.",
        ),
    ] = False,
    published: Annotated[
        str | None, typer.Option(help="Publication date for articles without one.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Source URL for a single article.")] = None,
    title: Annotated[str | None, typer.Option(help="Title for a single article.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Processes for text extraction (with --distributed: local "
            "Dask workers, default one per core).",
        ),
    ] = None,
    distributed: Annotated[
        bool,
        typer.Option(
            "--distributed",
            help="INPUTs are shards of documents (.jsonl, .parquet): "
            "extract them on a Dask cluster, then bulk-load the claim shards.",
        ),
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="A Dask scheduler address (tcp://host:8786); implies "
            "--distributed. Default: $GEOKG_CLUSTER, else a local cluster.",
        ),
    ] = None,
    fresh_import: Annotated[
        str | None,
        typer.Option(
            "--fresh-import",
            metavar="NEO4J_HOME",
            help="First load of a new, empty Neo4j database: build it with neo4j-admin "
            "database import in this (stopped) server home, start the server "
            "(--start-command) and connect to --store. 10x the UNWIND path or more.",
        ),
    ] = None,
    start_command: Annotated[
        str | None,
        typer.Option(
            "--start-command",
            help="With --fresh-import: the command that starts "
            "the server (default: scripts/neo4j/start.sh NEO4J_HOME PORT).",
        ),
    ] = None,
    claims_dir: Annotated[
        str | None,
        typer.Option("--claims-dir", help="With --distributed: keep the claim shards here."),
    ] = None,
) -> None:
    """Read claims, articles, RDF or GDELT events and store their claims.

    Bad rows are reported as FILE:LINE: REASON and the rest is loaded (with
    --strict, nothing is written). Exit code 0: all read; 2: some input was bad.
    """
    missing = [p for p in inputs if p != "-" and not Path(p).exists()]
    if len(missing) == len(inputs):
        # Nothing to read: do not leave a new, empty store behind either.
        for path in missing:
            console_err.print(f"{escape(path)}: no such file", highlight=False, soft_wrap=True)
        console_err.print("nothing to ingest; no store was opened or created")
        raise typer.Exit(2)
    if fresh_import:
        from geokg.cli.corpus import run_fresh_import

        report = run_fresh_import(inputs, fresh_import, store_spec(store), fmt, start_command)
        print_summary(report, store_spec(store), strict=False)
        if report.errors:
            raise typer.Exit(2)
        return
    if distributed or cluster:
        from geokg.cli.corpus import run_ingest_corpus

        with open_store(store_spec(store)) as graph:
            report = run_ingest_corpus(graph, inputs, cluster=cluster, workers=workers,
                                       claims_dir=claims_dir, batch_size=batch_size)  # fmt: skip
            location = graph.location
        print_summary(report, location, strict=False)
        if report.errors:
            raise typer.Exit(2)
        return
    workers = workers or 1
    with open_store(store_spec(store)) as graph:
        report = run_ingest(
            graph, inputs, format=fmt, strict=strict, batch_size=batch_size,
            published=published, url=url, title=title, workers=workers, bulk=bulk,
        )  # fmt: skip
        location = graph.location
    print_summary(report, location, strict=strict)
    if report.errors:
        raise typer.Exit(2)


def run_ingest(graph: object, inputs: list[str], **options: object) -> IngestReport:
    """Ingest with a live progress line: documents and claims read, claims written, the rate."""
    with Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[documents]:,} documents · {task.fields[read]:,} claims read"),
        TextColumn("· {task.completed:,} written"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console_err,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, rate="", documents=0, read=0)

        def advance(n: int) -> None:
            bar.advance(task, n)
            speed = bar.tasks[0].speed
            bar.update(task, rate=f"{speed:,.0f}/s" if speed else "")

        def watch(report: IngestReport) -> None:
            bar.update(task, documents=report.documents, read=report.claims_seen)

        return ingest_paths(graph, inputs, progress=advance, watch=watch, **options)  # type: ignore[arg-type]


def print_summary(report: IngestReport, location: str, *, strict: bool) -> None:
    for error in report.errors[:MAX_ERRORS_SHOWN]:
        console_err.print(escape(str(error)), highlight=False, soft_wrap=True)
    if len(report.errors) > MAX_ERRORS_SHOWN:
        console_err.print(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more bad rows")
    rows = [
        ["files", report.files],
        ["documents", report.documents],
        ["sentences", report.sentences],
        ["claims read", report.claims_seen],
        ["claims new to the store", report.claims_new],
        ["bad rows", len(report.errors)],
    ]
    rows += [[f"  {p}", n] for p, n in sorted(report.predicates.items())]
    print_result(QueryResult(["ingest", "count"], rows), "table", title=f"into {location}")
    for note in report.notes:
        console.print(escape(note), highlight=False, soft_wrap=True)
    if strict and report.errors:
        console_err.print("[bold red]--strict: nothing was written[/]")


RELATIONS_OF = """
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
WHERE (a.id = $a AND b.id = $b) OR (a.id = $b AND b.id = $a)
RETURN a.id AS subject, r.predicate AS predicate, b.id AS object,
       r.claims AS claims, r.sentences AS sentences, r.max_confidence AS confidence,
       r.items AS items,
       r.modalities AS modalities, r.first_date AS first, r.last_date AS last
ORDER BY predicate, subject
"""


@app.command()
def demo(
    store: StoreOption = None,
    samples: Annotated[
        Path | None,
        typer.Option(help="Folder of articles to ingest (default: the samples geokg ships)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where to write the view and the RDF.")] = Path("."),
) -> None:
    """Ingest the sample articles, print Russia–Iran relations, write the view and RDF."""
    if samples is None:
        samples = sample_articles()
    if not samples.exists():
        raise InputError("sample folder not found", path=str(samples))
    with open_store(store_spec(store)) as graph:
        report = run_ingest(graph, [str(samples)])
        print_summary(report, graph.location, strict=False)
        from geokg.graph.stores.events import build_events

        build_events(graph)
        result = graph.query(RELATIONS_OF, {"a": "RUS", "b": "IRN"})
        print_result(with_corroboration(graph, result), "table", title="Russia – Iran")
        write_outputs(graph, out)


def sample_articles() -> Path:
    """The sample articles inside the installed package (a folder on disk)."""
    from importlib import resources

    return Path(str(resources.files("geokg.samples").joinpath("articles")))


CORROBORATION_OF = """
MATCH (e:Event)
WHERE (e.subject = $a AND e.object = $b) OR (e.subject = $b AND e.object = $a)
RETURN e.subject AS subject, e.predicate AS predicate, e.object AS object,
       count(e) AS events, max(e.asserting) AS publishers, sum(e.denying) AS denials
"""


def with_corroboration(graph: GraphStore, result: QueryResult) -> QueryResult:
    """The relation rows with a column: events, and the most independent publishers of one."""
    found = {
        (r["subject"], r["predicate"], r["object"]): r
        for r in graph.query(CORROBORATION_OF, {"a": "RUS", "b": "IRN"}).records()
    }
    rows = []
    for row in result.records():
        e = found.get((row["subject"], row["predicate"], row["object"]))
        text = "-"
        if e:
            text = f"{e['events']} event{'s' if e['events'] != 1 else ''}, " + (
                f"≤{e['publishers']} publisher{'s' if e['publishers'] != 1 else ''}"
            )
            if e["denials"]:
                text += f", {e['denials']} denial{'s' if e['denials'] != 1 else ''}"
        rows.append([*row.values(), text])
    return QueryResult([*result.columns, "corroboration"], rows)


def write_outputs(graph: GraphStore, out: Path) -> None:
    """The demo's pyvis page (``alliance.html``) and RDF export (``alliance.ttl``)."""
    from geokg.cli.rdf import write_rdf
    from geokg.queries.view import write_view

    out.mkdir(parents=True, exist_ok=True)
    page = write_view(graph, out / "alliance.html")
    triples = write_rdf(graph, out / "alliance.ttl", "ttl")
    console.print(f"wrote the alliance network to [bold]{escape(str(page.resolve()))}[/]")
    ttl = (out / "alliance.ttl").resolve()
    console.print(f"wrote {triples:,} RDF triples to [bold]{escape(str(ttl))}[/]")
