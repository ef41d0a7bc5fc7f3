"""``geokg evaluate``: score extraction against a gold file, as ``spacy evaluate`` does.

A thin skin over ``geokg.ingest.extraction.evaluation.evaluate``: precision,
recall and F1 overall and per predicate, the modality confusion, and with
``--explain`` each miss and each extra with the frame that fired.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from geokg.cli.app import app, console


class EvaluateFormat(StrEnum):
    table = "table"
    json = "json"


def default_texts() -> Path:
    """Where eval/fetch.py keeps corpus texts (outside git)."""
    return Path(os.environ.get("GEOKG_CORPUS_CACHE", Path.home() / ".cache/geokg/corpus"))


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL: id, text (or --texts), gold claims.")],
    texts: Annotated[
        Path | None,
        typer.Option(
            help="Folder of ID.txt texts for documents without a text "
            "(default: $GEOKG_CORPUS_CACHE or ~/.cache/geokg/corpus)."
        ),
    ] = None,
    split: Annotated[
        str | None, typer.Option(help="Score only documents of this split (tune, heldout).")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="List each miss and each extra with its frame.")
    ] = False,
    output_format: Annotated[
        EvaluateFormat, typer.Option("--format", "-f", help="table for people, json for tools.")
    ] = EvaluateFormat.table,
    workers: Annotated[int, typer.Option(min=1, help="spaCy processes.")] = 1,
) -> None:
    """Score `geokg extract` against gold claims: P/R/F1 overall and per predicate."""
    from geokg.ingest.extraction.evaluation import evaluate, explain_lines

    report = evaluate(gold, texts or default_texts(), split=split, workers=workers)
    if output_format is EvaluateFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        table = Table("predicate", "gold", "extracted", "precision", "recall", "f1")
        for name, s in sorted(report.by_predicate.items()):
            table.add_row(
                name,
                str(s.gold),
                str(s.extracted),
                f"{s.precision:.2f}",
                f"{s.recall:.2f}",
                f"{s.f1:.2f}",
            )
        console.print(table)
        confusion = Table("gold modality", "extracted", "count")
        for (want, got), n in sorted(report.modality.items()):
            confusion.add_row(want, got, str(n))
        console.print(confusion)
    if explain:
        for line in explain_lines(report):
            typer.echo(line)
    typer.echo(report.summary())
