"""Bad input, one case per file of ``corpus/`` (plus the big ones, generated here).

Each case is run as a user runs it: ``geokg ingest FILE`` must print every bad
row as ``FILE:LINE: REASON``, load the good rows, count both in the summary and
exit 2 (0 when nothing was bad); ``--strict`` must write nothing at all.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.graph.stores import open_store
from geokg.ingest.pipeline import ingest_paths
from tests.conftest import SEED_CLAIMS, run_cli
from tests.reliability.harness import CORPUS

# file -> (good claims, [(line, start of the reason)]); line None: the whole file.
CASES: dict[str, tuple[int, list[tuple[int | None, str]]]] = {
    "malformed.jsonl": (2, [
        (2, "bad JSON: Expecting ',' delimiter"), (3, "bad JSON: Expecting value"),
        (4, "a claim must be a JSON object, not list"),
        (5, "a claim must be a JSON object, not str"),
    ]),
    "unknown-predicate.jsonl": (2, [
        (2, "unknown predicate 'HUGS' (known: SUPPLIES"),
        (3, "unknown predicate 'sanctions'"),
    ]),
    "bad-dates.jsonl": (2, [
        (2, "bad date 'May the first'"), (3, "bad date '2024-13-01'"),
        (4, "bad date '2024-02-30'"),
    ]),
    "invalid-utf8.jsonl": (2, [(2, "not UTF-8")]),
    "bom-crlf.jsonl": (2, []),
    "empty.jsonl": (0, []),
    "binary.jsonl": (0, [(n, "") for n in range(1, 6)]),
    "missing-columns.csv": (2, [(3, "3 columns, the header has 5")]),
    "extra-columns.csv": (1, [(2, "7 columns, the header has 5")]),
    "bad-header.csv": (0, [
        (1, "bad header: missing column(s) predicate; unknown column(s) colour"),
    ]),
    "bad-rows.csv": (1, [
        (2, "unknown predicate 'HUGS'"), (3, "bad date 'someday'"), (4, "missing 'subject'"),
    ]),
    "bom-crlf.csv": (2, []),
    "invalid-utf8.csv": (1, [(2, "not UTF-8")]),
    "empty.csv": (0, []),
    "binary.csv": (0, [(1, "header is not UTF-8 text")]),
    "syntax-error.ttl": (0, [(3, "syntax error")]),
}  # fmt: skip


def summary(stdout: str, row: str) -> int:
    found = re.search(rf"{row}\s*│\s*(\d+)", stdout)
    assert found, stdout
    return int(found.group(1))


def check_ingest(path: Path, good: int, bad: list[tuple[int | None, str]], tmp_path: Path) -> None:
    result = run_cli("ingest", str(path), "--store", str(tmp_path / "g.db"))
    assert "Traceback" not in result.stderr
    assert result.returncode == (2 if bad else 0), result.stderr
    reported = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    if not [n for n, _ in bad if n is not None and n > 5]:  # binary.jsonl has more lines
        assert len(reported) == len(bad), result.stderr
    for line, reason in bad:
        where = f"{path}:{line}: " if line is not None else f"{path}: "
        assert any(r.startswith(where + reason) for r in reported), (where + reason, reported)
    assert summary(result.stdout, "claims new to the store") == good
    assert summary(result.stdout, "bad rows") >= len(bad)
    with open_store(str(tmp_path / "g.db")) as store:
        assert store.counts()["Claim"] == good


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_corpus_case_reports_bad_rows_and_loads_good_ones(name: str, tmp_path: Path) -> None:
    good, bad = CASES[name]
    check_ingest(CORPUS / name, good, bad, tmp_path)


@pytest.mark.parametrize("name", sorted(n for n, (_, bad) in CASES.items() if bad))
def test_strict_writes_nothing_when_a_corpus_file_is_bad(name: str, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "strict.db")) as store:
        report = ingest_paths(store, [SEED_CLAIMS, CORPUS / name], strict=True)
        assert report.errors and not report.written
        assert store.counts()["Claim"] == 0


def test_strict_on_the_cli_writes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "strict.db"
    result = run_cli("ingest", str(SEED_CLAIMS), str(CORPUS / "bad-rows.csv"), "--strict",
                     "--store", str(store))  # fmt: skip
    assert result.returncode == 2 and "--strict: nothing was written" in result.stderr
    with open_store(str(store)) as graph:
        assert graph.counts()["Claim"] == 0


def test_a_bad_file_does_not_stop_the_other_files(tmp_path: Path) -> None:
    """A Turtle file the parser gives up on is one bad input; the next file still loads."""
    result = run_cli("ingest", str(CORPUS / "syntax-error.ttl"), str(SEED_CLAIMS),
                     "--store", str(tmp_path / "g.db"))  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert f"{CORPUS / 'syntax-error.ttl'}:3: syntax error" in result.stderr
    assert summary(result.stdout, "claims new to the store") == 5


GOOD_LINE = SEED_CLAIMS.read_text(encoding="utf-8").splitlines()[0]
TEN_MB = 10 * 2**20


def test_a_10_mb_single_line(tmp_path: Path) -> None:
    """One huge bad line: reported briefly (not echoed), the lines around it load."""
    for suffix, header, junk in (
        (".jsonl", "", "{" + "x" * TEN_MB),
        (".csv", "doc_id,subject_id,predicate,object_id\n", "d1,USA,SANCTIONS," + "x" * TEN_MB),
    ):
        path = tmp_path / f"huge{suffix}"
        first = GOOD_LINE if suffix == ".jsonl" else "d1,USA,SANCTIONS,IRN"
        last = (
            GOOD_LINE.replace("SUPPLIES", "VISITS") if suffix == ".jsonl" else "d2,FRA,VISITS,RUS"
        )
        path.write_text(header + first + "\n" + junk + "\n" + last + "\n", encoding="utf-8")
        line = 2 if suffix == ".jsonl" else 3
        result = run_cli("ingest", str(path), "--store", str(tmp_path / f"g{suffix}.db"))
        assert result.returncode == 2, result.stderr[-2000:]
        assert f"{path}:{line}: " in result.stderr
        assert len(result.stderr) < 2000, "the bad line was echoed"
        assert summary(result.stdout, "claims new to the store") == 2


def test_a_valid_claim_with_10_mb_of_evidence_is_stored_whole(tmp_path: Path) -> None:
    import json

    record = json.loads(GOOD_LINE)
    record["evidence"] = {"text": "é" * TEN_MB, "start": 0, "end": TEN_MB}
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    store = tmp_path / "g.db"
    assert run_cli("ingest", str(path), "--store", str(store)).returncode == 0
    with open_store(str(store)) as graph:
        [[text]] = graph.query("MATCH (c:Claim) RETURN c.evidence_text").rows
    assert text == "é" * TEN_MB


def test_a_file_that_cannot_be_read_is_one_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "named-like-a-file.jsonl"
    folder.mkdir()
    (folder / "inner.jsonl").write_text(GOOD_LINE + "\n", encoding="utf-8")
    errors: list[InputError] = []
    from geokg.ingest.claimfiles import read_claims_csv, read_claims_jsonl

    assert list(read_claims_jsonl(tmp_path / "absent.jsonl", errors=errors)) == []
    assert list(read_claims_csv(tmp_path / "absent.csv", errors=errors)) == []
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'absent.jsonl'}: cannot read: No such file or directory",
        f"{tmp_path / 'absent.csv'}: cannot read: No such file or directory",
    ]


# -- other readers: GDELT, articles, RDF ------------------------------------


def test_a_truncated_gdelt_zip_is_one_bad_input(tmp_path: Path) -> None:
    from geokg.ingest.gdelt import read_gdelt

    whole = tmp_path / "20240101000000.export.CSV.zip"
    row = "\t".join(["1"] * 61) + "\n"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("20240101000000.export.CSV", row * 2000)
    data = whole.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 10):
        truncated = tmp_path / f"cut{cut}.export.CSV.zip"
        truncated.write_bytes(data[:cut])
        errors: list[InputError] = []
        assert list(read_gdelt(truncated, errors=errors)) == []
        assert len(errors) == 1
        assert str(errors[0]).startswith(f"{truncated}: cannot read: not a readable zip")


def test_an_html_page_with_no_article_is_reported(tmp_path: Path) -> None:
    from geokg.ingest.documents import read_documents

    path = CORPUS / "no-article.html"
    errors: list[InputError] = []
    docs = list(read_documents([str(path)], errors=errors))
    assert docs == [], f"a page with no article became documents: {[d.text for d in docs]}"
    assert [e.path for e in errors] == [str(path)]


def test_a_turtle_syntax_error_names_file_and_line() -> None:
    from geokg.graph.rdf import read_claims

    path = CORPUS / "syntax-error.ttl"
    with pytest.raises(InputError) as caught:
        list(read_claims(path))
    assert (caught.value.path, caught.value.line) == (str(path), 3)
    assert str(caught.value).startswith(f"{path}:3: syntax error")
