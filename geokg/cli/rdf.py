"""``geokg export``: the store, or a named query's subgraph, as RDF.

A thin skin over ``geokg.graph.rdf.export_claims``; ``geokg ingest FILE.ttl``
reads such a file back (``geokg.graph.rdf.read_claims``).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.markup import escape

from geokg.cli.app import StoreOption, app, console_err, open_existing
from geokg.cli.output import parse_params
from geokg.errors import InputError, QueryError, StoreError
from geokg.graph.rdf import FORMATS, export_claims, format_for
from geokg.graph.rdf.export import select_claims
from geokg.graph.stores import GraphStore
from geokg.queries.library import run_named


@app.command()
def export(
    out: Annotated[
        str, typer.Option("--out", "-o", help="File to write; '-' for standard output.")
    ] = "-",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"{', '.join(FORMATS)} (default: from the --out suffix)."
        ),
    ] = None,
    query: Annotated[
        str | None,
        typer.Option("--query", "-q", help="Export only the claims behind a named query's rows."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="A parameter of --query, name=value (repeatable)."),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the claims of the store as RDF: direct facts, reified claims, events, stages."""
    if fmt is None:
        if out == "-":
            raise InputError("give --format when writing to standard output")
        fmt = format_for(out)
    if fmt not in FORMATS:
        raise InputError(f"unknown RDF format {fmt!r} (known: {', '.join(FORMATS)})")
    params = parse_params(param)
    if params and not query:
        raise QueryError("--param needs --query")
    with open_existing(store) as graph:
        target = sys.stdout if out == "-" else Path(out)
        try:
            count = write_rdf(graph, target, fmt, query=query, params=params)
        except OSError as exc:
            # No partial file left behind: a half-written export looks whole.
            if isinstance(target, Path):
                target.unlink(missing_ok=True)
            reason = exc.strerror or str(exc)
            raise StoreError(f"cannot write {out}: {reason}") from None
    if out != "-":
        console_err.print(f"wrote {count:,} triples to {escape(out)}", highlight=False)


def write_rdf(
    graph: GraphStore,
    out: Path | IO[str],
    fmt: str,
    *,
    query: str | None = None,
    params: Mapping[str, Any] | None = None,
) -> int:
    """Export the store, or the claims behind a named query's rows; returns triples written.

    ``geokg demo`` writes ``alliance.ttl`` with
    ``write_rdf(graph, out / "alliance.ttl", "ttl", query="alliance-network")``.
    """
    from geokg.graph.stores.events import stored_events, stored_stages

    claims = graph.iter_claims()
    if query:
        # A subgraph: its claims only; an event may draw on claims outside it.
        claims = select_claims(claims, run_named(graph, query, params or {}).records())
        return export_claims(claims, out, fmt)
    return export_claims(claims, out, fmt, events=stored_events(graph), stages=stored_stages(graph))
