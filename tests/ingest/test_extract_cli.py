"""``geokg extract``: the JSONL contract, the table, and errors on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from geokg.cli import app
from tests.ingest.extraction_support import FIXTURES

CONTRACT = {
    "doc_id",
    "subject",
    "predicate",
    "object",
    "item",
    "modality",
    "attributed_to",
    "time",
    "confidence",
    "evidence",
}


def run(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["extract", *args], input=stdin)


def test_jsonl_output_follows_the_contract() -> None:
    result = run(str(FIXTURES / "korea-munitions.md"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(CONTRACT <= set(line) for line in lines)
    supplies = [c for c in lines if c["predicate"] == "SUPPLIES"]
    assert supplies[0]["subject"]["id"] == "PRK" and supplies[0]["object"]["id"] == "RUS"
    assert supplies[0]["item"] == {"name": "artillery shell", "type": "Munition"}
    assert supplies[0]["attributed_to"] == "the White House"
    assert supplies[0]["source"]["url"] == "https://example.org/news/pyongyang-shells"
    people = [c["subject"] for c in lines if c["subject"]["type"] == "Person"]
    assert people and all(p.get("country") for p in people)


def test_doc_id_is_the_documents_id_field() -> None:
    stdin = json.dumps({"id": "doc-7", "text": "Iran attacked Israel.", "published": "2024-04-14"})
    result = run("-", stdin=stdin + "\n")
    (claim,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert claim["doc_id"] == "doc-7" and claim["predicate"] == "ATTACKS"


def test_table_format_is_for_people() -> None:
    result = run(
        str(FIXTURES / "seed-article.txt"), "--format", "table", "--published", "2024-09-20"
    )
    assert result.exit_code == 0
    assert "Shoigu" in result.stdout and "SIGNS_AGREEMENT" in result.stdout
    assert not result.stdout.lstrip().startswith("{")


def test_bad_lines_go_to_stderr_and_the_rest_is_extracted() -> None:
    geokg = Path(sys.executable).with_name("geokg")  # the console script of this environment
    proc = subprocess.run(
        [str(geokg), "extract", str(FIXTURES / "documents.jsonl")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    doc_ids = {json.loads(line)["doc_id"] for line in proc.stdout.splitlines()}
    assert {"a1", "a2", "a5"} <= doc_ids
    assert f"{FIXTURES / 'documents.jsonl'}:3:" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_table_shows_the_evidence_and_the_title_not_a_hash() -> None:
    result = CliRunner().invoke(
        app, ["extract", str(FIXTURES / "korea-munitions.md"), "--format", "table"],
        env={"COLUMNS": "400"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [
        json.loads(line) for line in run(str(FIXTURES / "korea-munitions.md")).stdout.splitlines()
    ]
    doc_id = lines[0]["doc_id"]
    assert doc_id[:12] not in result.stdout
    header = next(line for line in result.stdout.splitlines() if "evidence" in line)
    columns = [c.strip() for c in header.split("┃")[1:-1]]
    first_row: list[list[str]] = [[] for _ in columns]
    for line in result.stdout.splitlines()[3:]:
        if line.startswith("├"):
            break
        for index, cell in enumerate(line.split("│")[1:-1]):
            first_row[index].append(cell.strip())
    cells = {
        name: " ".join(" ".join(parts).split())
        for name, parts in zip(columns, first_row, strict=True)
    }
    assert cells["document"] == lines[0]["source"]["title"]
    assert (
        cells["evidence"].rstrip("…").split()[:-1]
        == lines[0]["evidence"]["text"].split()[: len(cells["evidence"].split()) - 1]
    )


def test_csv_format_has_one_row_per_claim_with_its_evidence() -> None:
    import csv
    import io

    result = run(str(FIXTURES / "korea-munitions.md"), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    claims = [
        json.loads(line) for line in run(str(FIXTURES / "korea-munitions.md")).stdout.splitlines()
    ]
    assert len(rows) == len(claims)
    assert rows[0]["predicate"] == claims[0]["predicate"]
    assert rows[0]["evidence"] == " ".join(claims[0]["evidence"]["text"].split())
    assert rows[0]["subject"] == claims[0]["subject"]["id"]
