"""geokg evaluate: scoring extraction against a gold file, through the library and the CLI,
on sentences written for the test; and eval/fetch.py's fingerprint and excerpt search."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.ingest.extraction.evaluation import evaluate, matches, read_gold
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]

DOCS = [
    {
        "id": "a",
        "text": "Norway expelled three Russian diplomats on Monday. Sweden joined NATO.",
        "gold": [
            {"subject": "NOR", "predicate": "EXPELS", "object": "RUS", "modality": "asserted"},
            {"subject": "SWE", "predicate": "JOINS", "object": "nato", "modality": "asserted"},
            {"subject": "FIN", "predicate": "MEETS", "object": "SWE", "modality": "asserted"},
        ],
    },
    {
        "id": "b",
        "split": "heldout",
        "text": "Cuba denied sending troops to Venezuela.",
        "gold": [
            {"subject": "CUB", "predicate": "DEPLOYS_TO|SUPPLIES", "object": "VEN",
             "modality": "denied"},
        ],
    },
]  # fmt: skip


def write_gold(tmp_path: Path, docs: list[dict], *, with_text: bool = True) -> Path:
    path = tmp_path / "gold.jsonl"
    rows = docs if with_text else [{k: v for k, v in d.items() if k != "text"} for d in docs]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_the_report_counts_hits_misses_and_the_modality(tmp_path: Path) -> None:
    report = evaluate(write_gold(tmp_path, DOCS))
    assert report.documents == 2
    assert (report.overall.gold, report.overall.gold_hit) == (4, 3)  # the meeting is missed
    assert report.overall.recall == pytest.approx(0.75)
    assert report.by_predicate["EXPELS"].recall == 1.0
    assert report.by_predicate["MEETS"].recall == 0.0
    assert report.modality[("denied", "denied")] == 1
    (miss,) = report.misses
    assert miss[1]["predicate"] == "MEETS"


def test_a_split_scores_only_its_documents(tmp_path: Path) -> None:
    report = evaluate(write_gold(tmp_path, DOCS), split="heldout")
    assert report.documents == 1 and report.overall.gold == 1


def test_texts_come_from_a_folder_when_the_gold_has_none(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for d in DOCS:
        (texts / f"{d['id']}.txt").write_text(d["text"], "utf-8")
    gold = write_gold(tmp_path, DOCS, with_text=False)
    assert evaluate(gold, texts).overall.gold_hit == 3
    with pytest.raises(InputError, match="2 documents have no text"):
        read_gold(gold, tmp_path / "nowhere")


def test_a_malformed_gold_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps(DOCS[0]) + "\n"
        + json.dumps({"id": "x", "text": "t", "gold": [{"subject": "A", "predicate": "LIKES",
                                                        "object": "B"}]}) + "\n",
        "utf-8",
    )  # fmt: skip
    with pytest.raises(InputError, match=r"gold\.jsonl:2: .*unknown predicate 'LIKES'"):
        read_gold(path)


def test_symmetric_predicates_match_either_way_and_states_match_their_officials() -> None:
    gold = {"subject": "FIN", "predicate": "MEETS", "object": "SWE"}
    swapped = {"predicate": "MEETS", "subject": {"id": "SWE"}, "object": {"id": "FIN"}}
    official = {"predicate": "MEETS", "subject": {"id": "sanna", "country": "FIN"},
                "object": {"id": "SWE"}}  # fmt: skip
    assert matches(gold, swapped) and matches(gold, official)
    directed = {"subject": "NOR", "predicate": "EXPELS", "object": "RUS"}
    assert not matches(directed, {"predicate": "EXPELS", "subject": {"id": "RUS"},
                                  "object": {"id": "NOR"}})  # fmt: skip


def test_the_cli_prints_per_predicate_scores_and_explains(tmp_path: Path) -> None:
    result = run_cli("evaluate", str(write_gold(tmp_path, DOCS)), "--explain")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "EXPELS" in out and "MEETS" in out
    assert "miss  a: FIN MEETS SWE (asserted)" in out
    last = out.strip().splitlines()[-1]
    assert last.startswith("precision=") and "recall=0.75" in last and "documents=2" in last


def test_the_cli_writes_json_for_tools(tmp_path: Path) -> None:
    result = run_cli("evaluate", str(write_gold(tmp_path, DOCS)), "--format", "json")
    assert result.returncode == 0, result.stderr
    body = result.stdout[: result.stdout.rindex("}") + 1]
    data = json.loads(body)
    assert data["overall"]["gold"] == 4 and data["by_predicate"]["JOINS"]["recall"] == 1.0


def test_a_bad_gold_file_is_exit_2_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "gold": [{"subject": "A"}]}\n', "utf-8")
    result = run_cli("evaluate", str(path))
    assert result.returncode == 2
    assert "gold.jsonl:1:" in result.stderr


def load_fetch():
    spec = importlib.util.spec_from_file_location("fetch", ROOT / "eval" / "fetch.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fetch_finds_an_excerpt_in_a_page_by_its_fingerprint() -> None:
    fetch = load_fetch()
    excerpt = "Kenya deployed police\nofficers to Haiti.  The mission began in June."
    words, digest = fetch.fingerprint(excerpt)
    page = (
        "Menu Home World\n\nKenya deployed police officers to Haiti. "
        "The mission began in June.\nMore"
    )
    found = fetch.find_window(page, words, digest)
    assert found == "Kenya deployed police officers to Haiti. The mission began in June."
    assert fetch.find_window("Something else entirely.", words, digest) is None


def test_the_corpus_keeps_facts_not_text() -> None:
    rows = [json.loads(line) for line in (ROOT / "eval" / "corpus.jsonl").open(encoding="utf-8")]
    assert len(rows) >= 300 and len({r["topic"] for r in rows}) >= 30
    assert all("text" not in r and r["words"] > 0 and len(r["sha256"]) == 64 for r in rows)
    heldout = {r["topic"] for r in rows if r["split"] == "heldout"}
    tune = {r["topic"] for r in rows if r["split"] == "tune"}
    assert heldout and tune and not heldout & tune  # split by topic
