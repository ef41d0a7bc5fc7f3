"""Store-level commands: ``cypher`` (the ad-hoc door), ``stats``, ``clear``."""

from __future__ import annotations

from typing import Annotated

import typer

from geokg.cli.app import StoreOption, app, console, console_err, open_existing
from geokg.cli.output import OUTPUT_FORMATS, parse_params, print_result
from geokg.errors import QueryError
from geokg.graph.stores.base import QueryResult
from geokg.graph.stores.writes import COUNT_LABELS, COUNT_TYPES

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help=f"Output: {', '.join(OUTPUT_FORMATS)}.")
]
ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A query parameter, name=value (repeatable)."),
]


@app.command()
def cypher(
    query: Annotated[str, typer.Argument(help="A Cypher query; pass values with --param.")],
    param: ParamOption = None,
    fmt: FormatOption = "table",
    write: Annotated[
        bool, typer.Option("--write", help="Allow the query to change the store.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Run a Cypher query (read-only unless --write)."""
    if not query.strip():
        raise QueryError("the query is empty")
    params = parse_params(param)
    with open_existing(store, read_only=not write) as graph:
        before = graph.counts() if write else {}
        result = graph.query(query, params, write=write)
        after = graph.counts() if write else {}
    print_result(result, fmt)
    if write:
        # As Neo4j reports a write: what it created and deleted (from the counts).
        (console if fmt == "table" else console_err).print(changes(before, after), highlight=False)


def changes(before: dict[str, int], after: dict[str, int]) -> str:
    """'nodes: 2 created, 0 deleted; relationships: …' from counts taken before and after."""
    parts = []
    for kind, names in (("nodes", COUNT_LABELS), ("relationships", COUNT_TYPES)):
        diffs = [after.get(n, 0) - before.get(n, 0) for n in names]
        created = sum(d for d in diffs if d > 0)
        deleted = -sum(d for d in diffs if d < 0)
        parts.append(f"{kind}: {created} created, {deleted} deleted")
    return "; ".join(parts)


@app.command()
def stats(store: StoreOption = None, fmt: FormatOption = "table") -> None:
    """Count nodes and relationships, and claims by predicate."""
    with open_existing(store) as graph:
        counts = graph.counts()
        by_predicate = graph.query(
            "MATCH (c:Claim) RETURN c.predicate AS predicate, count(c) AS claims "
            "ORDER BY claims DESC, predicate"
        )
        location = graph.location
    print_result(
        QueryResult(["what", "count"], [[k, v] for k, v in counts.items()]),
        fmt,
        title=f"geokg store {location}",
    )
    print_result(by_predicate, fmt, title="claims by predicate")


@app.command()
def clear(
    store: StoreOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False,
) -> None:
    """Delete every node and relationship in the store."""
    with open_existing(store, read_only=False) as graph:
        if not yes:
            typer.confirm(f"Delete everything in {graph.location}?", abort=True)
        graph.clear()
        console.print(f"cleared {graph.location}")
