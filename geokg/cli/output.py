"""Printing query results and summaries: rich tables, JSON or CSV on stdout."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from rich.markup import escape
from rich.table import Table

from geokg.cli.app import console
from geokg.errors import QueryError
from geokg.graph.stores.base import QueryResult

OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")


def print_result(result: QueryResult, fmt: str = "table", *, title: str | None = None) -> None:
    """Print a query result in ``fmt``: a table for people, JSON or CSV for programs."""
    if fmt == "json":
        sys.stdout.write(json.dumps(result.records(), ensure_ascii=False, default=str, indent=2))
        sys.stdout.write("\n")
    elif fmt == "jsonl":
        for record in result.records():
            sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([cell_text(v) for v in row])
    elif fmt == "table":
        table = Table(title=title, show_lines=False, header_style="bold")
        for column in result.columns:
            table.add_column(escape(column), overflow="fold")
        for row in result.rows:
            table.add_row(*(escape(cell_text(v)) for v in row))
        console.print(table)
        console.print(f"[dim]{len(result.rows)} row(s)[/]")
    else:
        raise QueryError(f"unknown format {fmt!r} (known: {', '.join(OUTPUT_FORMATS)})")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list) and all(not isinstance(v, list | dict) for v in value):
        return ", ".join(cell_text(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def parse_params(pairs: list[str] | None) -> dict[str, Any]:
    """``k=v`` pairs as query parameters; a value that is JSON (numbers, lists) is parsed."""
    params: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"bad --param {pair!r}: want name=value")
        try:
            params[key.strip()] = json.loads(value)
        except ValueError:
            params[key.strip()] = value
    return params
