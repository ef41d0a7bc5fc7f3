"""The Typer application and the options every command shares."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from geokg import __version__
from geokg.errors import StoreError

if TYPE_CHECKING:
    from geokg.graph.stores.base import GraphStore

app = typer.Typer(
    name="geokg",
    help="A knowledge graph of geopolitical relations: ingest, query, view, export.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Piped output gets a wide table rather than rich's 80-column default.
console = Console() if sys.stdout.isatty() else Console(width=160)
console_err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="GEOKG_STORE",
        help="A path (embedded store, default ./geokg.db) or a Neo4j URI "
        "(neo4j://, bolt://, neo4j+s://); 'neo4j' uses $NEO4J_URI. "
        "Credentials come from NEO4J_USER/NEO4J_PASSWORD only.",
        show_default=False,
    ),
]


def store_spec(value: str | None) -> str:
    return value or os.environ.get("GEOKG_STORE") or "geokg.db"


def open_existing(value: str | None, *, read_only: bool = True) -> GraphStore:
    """Open a store that must already be there: only ``geokg ingest`` (and ``demo``) create one.

    A mistyped ``--store`` would otherwise be a new, empty store that answers
    every question with zero rows.
    """
    from geokg.graph.stores import is_neo4j, open_store

    spec = store_spec(value)
    if not is_neo4j(spec) and not Path(spec).exists():
        raise StoreError(
            f"no geokg store at {spec}: check --store or $GEOKG_STORE "
            "(only `geokg ingest` creates a store)"
        )
    return open_store(spec, read_only=read_only)


def show_version(value: bool) -> None:
    if value:
        console.print(f"geokg {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """A knowledge graph of geopolitical relations: ingest, query, view, export."""
