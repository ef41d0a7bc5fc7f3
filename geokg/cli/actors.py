"""``geokg actors``: list and search the stored actors (id, name, type, aliases, claims).

A thin skin over ``geokg.queries.actors.list_actors``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from geokg.cli.app import StoreOption, app, open_existing
from geokg.cli.output import OUTPUT_FORMATS, print_result
from geokg.queries.actors import list_actors


@app.command()
def actors(
    search: Annotated[
        str | None,
        typer.Argument(help="Part of an id, name or alias, or any name the gazetteer knows."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
    ] = "table",
    store: StoreOption = None,
) -> None:
    """List the actors in the store with their claim counts; SEARCH narrows the list."""
    with open_existing(store) as graph:
        result = list_actors(graph, search)
    print_result(result, fmt, title=f"actors matching {search!r}" if search else "actors")
