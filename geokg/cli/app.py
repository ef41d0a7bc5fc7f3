"""The Typer application and the options every command shares."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from rich.console import Console

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
