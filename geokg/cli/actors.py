"""``geokg actors``: list and search the stored actors; ``geokg actors merge FROM INTO``.

A thin skin over ``geokg.queries.actors.list_actors``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from geokg.cli.app import StoreOption, app, console, open_existing
from geokg.cli.output import OUTPUT_FORMATS, print_result
from geokg.errors import QueryError
from geokg.queries.actors import list_actors, merge_actors


@app.command(context_settings={"allow_extra_args": True})
def actors(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Argument(
            help="Part of an id, name or alias, or any name the gazetteer knows. "
            "'geokg actors merge FROM INTO' moves FROM's claims to INTO instead."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
    ] = "table",
    store: StoreOption = None,
) -> None:
    """List the actors in the store with their claim counts; SEARCH narrows the list."""
    if search == "merge":
        if len(ctx.args) != 2:
            raise QueryError("usage: geokg actors merge FROM INTO (two stored actor ids)")
        merge(ctx.args[0], ctx.args[1], store)
        return
    if ctx.args:
        raise QueryError(f"one SEARCH at a time, not {[search, *ctx.args]!r}")
    with open_existing(store) as graph:
        result = list_actors(graph, search)
    print_result(result, fmt, title=f"actors matching {search!r}" if search else "actors")


def merge(source: str, into: str, store: str | None) -> None:
    """Move every claim of SOURCE to INTO, keep SOURCE as an alias of INTO (idempotent)."""
    with open_existing(store, read_only=False) as graph:
        done = merge_actors(graph, source, into)
    if done["merged"]:
        console.print(
            f"merged {source} into {into}: {done['claims']} claim(s) moved; "
            f"{source} is now an alias of {into}",
            highlight=False,
        )
    else:
        console.print(f"{source} is already merged into {into}: nothing to do", highlight=False)
