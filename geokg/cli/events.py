"""``geokg events``: group the store's claims into events and agreement stages."""

from __future__ import annotations

from typing import Annotated

import typer

from geokg.cli.app import StoreOption, app, store_spec
from geokg.cli.output import print_result
from geokg.errors import InputError
from geokg.graph.events import WINDOW_DAYS, EventConfig
from geokg.graph.stores import open_store
from geokg.graph.stores.base import QueryResult
from geokg.graph.stores.events import build_events


@app.command()
def events(
    store: StoreOption = None,
    window: Annotated[
        list[str] | None,
        typer.Option(
            "--window",
            help="Days two reports of one event may lie apart, by granularity, e.g. "
            "--window day=3 (repeatable; default day=7, month=45, year=400).",
        ),
    ] = None,
    similarity: Annotated[
        float,
        typer.Option(
            min=0.0, max=1.0, help="Sentence similarity (word 3-shingle Jaccard) of a copy."
        ),
    ] = 0.8,
) -> None:
    """Group claims reporting the same happening into events; read agreement stages.

    Rebuilds every Event and Stage node from the claims: run it after ingesting.
    """
    config = EventConfig(window_days=parse_window(window), similarity=similarity)
    with open_store(store_spec(store)) as graph:
        report = build_events(graph, config)
        location = graph.location
    rows = [
        ["claims", report.claims],
        ["events", report.events],
        ["  asserted by 2+ independent publishers", report.corroborated],
        ["  denied by someone", report.denied],
        ["agreement stages", report.stages],
    ]
    print_result(QueryResult(["events", "count"], rows), "table", title=f"in {location}")


def parse_window(values: list[str] | None) -> dict[str, int]:
    """``["day=3"]`` → the default windows with day set to 3."""
    out = dict(WINDOW_DAYS)
    for value in values or []:
        key, _, days = value.partition("=")
        if key not in WINDOW_DAYS or not days.strip().isdigit():
            raise InputError(f"--window wants day=N, month=N or year=N, not {value!r}")
        out[key] = int(days)
    return out
