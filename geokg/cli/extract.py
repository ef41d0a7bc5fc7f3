"""``geokg extract``: news text in, claims out (JSONL or CSV on stdout, or a table).

A thin skin over ``geokg.ingest.documents.read_documents`` and
``geokg.ingest.extraction.extract_claims``; input errors go to stderr with
file and line, and every good document is still extracted.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from geokg.cli.app import app, console, console_err
from geokg.errors import InputError
from geokg.graph.claims import Claim


class OutputFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"
    csv = "csv"


EVIDENCE_WIDTH = 90
"""Characters of the evidence sentence a table row shows."""

CSV_COLUMNS = (
    "document", "doc_id", "subject", "predicate", "object", "item", "modality", "attributed_to",
    "time", "confidence", "evidence",
)  # fmt: skip


def _document_label(document: object) -> str:
    """Where a claim comes from, as a reader knows it: the title, else the file (and line)."""
    from geokg.ingest.documents import Document

    assert isinstance(document, Document)
    if document.title:
        return document.title
    if document.path:
        return f"{document.path}:{document.line}" if document.line else document.path
    return document.url or document.id


def _shorten(text: str, width: int = EVIDENCE_WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _time(claim: Claim) -> str:
    if claim.time is None:
        return ""
    return {"day": claim.time.start, "month": claim.time.start[:7], "year": claim.time.start[:4]}[
        claim.time.granularity
    ]


def _actor(claim_actor: object) -> str:
    from geokg.graph.claims import Actor

    assert isinstance(claim_actor, Actor)
    if claim_actor.type in ("Person", "Unit") and claim_actor.country:
        return f"{claim_actor.name} ({claim_actor.country})"
    return claim_actor.id


@app.command("extract")
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Articles: .txt/.md (optional front matter), .html, .jsonl "
            "(id, text, published per line), folders of these, or - for stdin.",
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="jsonl: one claim per line; json: one array; csv: one flat row per claim; "
            "table: for people.",
        ),
    ] = OutputFormat.jsonl,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) for relative dates.")
    ] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL (its source id).")] = None,
    title: Annotated[str | None, typer.Option(help="The article's title.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="spaCy processes (nlp.pipe n_process); with --out, local Dask "
            "workers (default: one per core).",
        ),
    ] = None,
    out_dir: Annotated[
        str | None,
        typer.Option(
            "--out",
            help="Run on a Dask cluster: INPUTs are shards of documents "
            "(.jsonl, .parquet), claims go to one Parquet file per shard in this folder.",
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="With --out: a Dask scheduler "
            "address (tcp://host:8786); default: $GEOKG_CLUSTER, else a local cluster.",
        ),
    ] = None,
) -> None:
    """Extract sourced claims (who does what to whom, how sure, when, says who) from news text."""
    if out_dir is not None:
        from geokg.cli.corpus import run_extract

        raise typer.Exit(code=run_extract(inputs, out_dir, cluster=cluster, workers=workers))
    if cluster is not None:
        raise typer.BadParameter("--cluster needs --out (the folder for the claim shards)")
    from geokg.ingest.documents import read_documents
    from geokg.ingest.extraction import extract_claims

    errors: list[InputError] = []
    documents = read_documents(inputs, published=published, url=url, title=title, errors=errors)
    table = Table(show_lines=True)
    # Narrow fixed columns leave the evidence sentence the rest of the width.
    widths = {"document": 18, "subject": 12, "predicate": 15, "object": 12, "item": 12,
              "modality": 9, "said by": 10, "time": 10, "conf": 4}  # fmt: skip
    for column, width in widths.items():
        table.add_column(column, max_width=width)
    table.add_column("evidence", ratio=1)
    out = sys.stdout
    writer = csv.writer(out)
    first = True
    if output_format is OutputFormat.csv:
        writer.writerow(CSV_COLUMNS)
    for document, claims, _sentences in extract_claims(documents, workers=workers or 1):
        label = _document_label(document)
        for claim in claims:
            evidence = claim.evidence.text if claim.evidence else ""
            if output_format is OutputFormat.jsonl:
                out.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
            elif output_format is OutputFormat.json:
                out.write("[\n" if first else ",\n")
                out.write(json.dumps(claim.to_dict(), ensure_ascii=False))
                first = False
            elif output_format is OutputFormat.csv:
                writer.writerow(
                    [
                        label, document.id, claim.subject.id, claim.predicate, claim.object.id,
                        claim.item.name if claim.item else "", claim.modality,
                        claim.attributed_to or "", _time(claim), f"{claim.confidence:.2f}",
                        " ".join(evidence.split()),
                    ]
                )  # fmt: skip
            else:
                table.add_row(
                    escape(_shorten(label, 40)),
                    _actor(claim.subject),
                    claim.predicate,
                    _actor(claim.object),
                    claim.item.name if claim.item else "",
                    claim.modality,
                    claim.attributed_to or "",
                    _time(claim),
                    f"{claim.confidence:.2f}",
                    escape(_shorten(evidence)),
                )
        out.flush()
    if output_format is OutputFormat.json:
        out.write("[]\n" if first else "\n]\n")
    if output_format is OutputFormat.table:
        console.print(table)
    for error in errors:
        console_err.print(f"[bold red]error:[/] {error}", markup=True, highlight=False)
    if errors:
        raise typer.Exit(code=InputError.exit_code)
