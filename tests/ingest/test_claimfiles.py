"""Claim files: JSONL and CSV, good rows loaded, bad rows reported with file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.graph.stores import GraphStore
from geokg.ingest.claimfiles import read_claims_csv, read_claims_jsonl
from geokg.ingest.pipeline import ingest_paths
from tests.conftest import SEED_CLAIMS

GOOD = json.dumps(
    {
        "doc_id": "d1",
        "subject": {"id": "USA", "name": "United States"},
        "predicate": "SANCTIONS",
        "object": {"id": "IRN", "name": "Iran"},
        "modality": "asserted",
        "time": {"start": "2024-05-01"},
    }  # fmt: skip
)


def messages(errors: list[InputError]) -> list[str]:
    return [str(e) for e in errors]


def test_jsonl_bad_lines_are_reported_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    good2 = GOOD.replace("SANCTIONS", "CRITICIZES")
    path.write_text(
        "\n".join([
            GOOD,
            '{"doc_id": "d1", "subject": "USA"',
            GOOD.replace("SANCTIONS", "HUGS"),
            GOOD.replace("2024-05-01", "May the first"),
            "[1, 2]",
            "",
            good2,
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    errors: list[InputError] = []
    claims = list(read_claims_jsonl(path, errors=errors))
    assert [c.predicate for c in claims] == ["SANCTIONS", "CRITICIZES"]
    got = messages(errors)
    assert got[0].startswith(f"{path}:2: bad JSON")
    assert got[1].startswith(f"{path}:3: unknown predicate 'HUGS'")
    assert got[2].startswith(f"{path}:4: bad date 'May the first'")
    assert got[3].startswith(f"{path}:5: a claim must be a JSON object")
    assert len(got) == 4


def test_jsonl_with_bom_crlf_and_bad_utf8(tmp_path: Path) -> None:
    path = tmp_path / "claims.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + GOOD.encode() + b"\r\n" + b'{"x": "\xff\xfe"}\r\n' + GOOD.encode()
    )
    errors: list[InputError] = []
    claims = list(read_claims_jsonl(path, errors=errors))
    assert len(claims) == 2
    assert messages(errors) == [f"{path}:2: not UTF-8 (invalid start byte)"]


CSV_HEADER = (
    "doc_id,subject_id,subject_name,predicate,object_id,object_name,item_name,modality,"
    "confidence,published\n"
)


def test_csv_claims_with_a_bad_row_of_each_kind(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text(
        CSV_HEADER
        + "d1,RUS,Russia,SUPPLIES,IRN,Iran,Shahed-136,reported,0.7,2024-09-20\n"
        + "d1,RUS,Russia,SUPPLIES,IRN\n"
        + "d1,RUS,Russia,SUPPLIES,IRN,Iran,,asserted,high,2024-09-20\n"
        + '"d2",USA,"United States, the",SANCTIONS,IRN,Iran,,asserted,0.9,2024-09-21\n',
        encoding="utf-8",
    )
    errors: list[InputError] = []
    claims = list(read_claims_csv(path, errors=errors))
    assert [(c.subject.name, c.predicate, c.item.name if c.item else None) for c in claims] == [
        ("Russia", "SUPPLIES", "Shahed-136"),
        ("United States, the", "SANCTIONS", None),
    ]
    assert claims[0].modality == "reported" and claims[0].confidence == 0.7
    assert claims[0].source.published == "2024-09-20"
    assert messages(errors) == [
        f"{path}:3: 5 columns, the header has 10",
        f"{path}:4: confidence 'high' is not a number",
    ]


def test_csv_with_a_missing_required_column_says_so(tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("doc_id,subject_id,object_id,colour\nd1,RUS,IRN,red\n", encoding="utf-8")
    errors: list[InputError] = []
    assert list(read_claims_csv(path, errors=errors)) == []
    assert "missing column(s) predicate" in str(errors[0])
    assert "unknown column(s) colour" in str(errors[0])
    assert errors[0].line == 1


def test_strict_ingest_writes_nothing_when_a_row_is_bad(tmp_path: Path, store: GraphStore) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(GOOD + "\n" + GOOD.replace("SANCTIONS", "HUGS") + "\n", encoding="utf-8")
    report = ingest_paths(store, [SEED_CLAIMS, bad], strict=True)
    assert not report.written and len(report.errors) == 1
    assert store.counts()["Claim"] == 0
    report = ingest_paths(store, [SEED_CLAIMS, bad])
    assert report.written and report.claims_new == 6
    assert store.counts()["Claim"] == 6


def test_a_folder_is_read_file_by_file(tmp_path: Path, embedded_store: GraphStore) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.jsonl").write_text(GOOD + "\n", encoding="utf-8")
    (tmp_path / "a" / "two.csv").write_text(
        CSV_HEADER + "d1,RUS,Russia,SUPPLIES,IRN,Iran,S-400,reported,0.7,2024-09-20\n",
        encoding="utf-8",
    )
    report = ingest_paths(embedded_store, [tmp_path / "a", tmp_path / "missing.jsonl"])
    assert (report.files, report.claims_new) == (3, 2)
    assert messages(report.errors) == [f"{tmp_path / 'missing.jsonl'}: no such file"]


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\x00\x01\x02binary\xff"])
def test_empty_or_binary_files_load_nothing_and_do_not_crash(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)
    errors: list[InputError] = []
    assert list(read_claims_jsonl(path, errors=errors)) == []
    assert len(errors) == (1 if content.strip() else 0)


def test_csv_claims_carry_an_event_coding(tmp_path: Path) -> None:
    from geokg.graph.claims import EventCode

    path = tmp_path / "coded.csv"
    path.write_text(
        "doc_id,subject_id,predicate,object_id,event_code,quad_class,goldstein\n"
        "d1,USA,SANCTIONS,IRN,163,4,-8.0\n"
        "d1,RUS,VISITS,IRN,042,1,1.9\n"
        "d1,RUS,ATTACKS,UKR,190,four,-10\n",
        encoding="utf-8",
    )
    errors: list[InputError] = []
    claims = list(read_claims_csv(path, errors=errors))
    assert [c.event for c in claims] == [
        EventCode("163", "CAMEO", 4, -8.0),
        EventCode("042", "CAMEO", 1, 1.9),  # the leading zero is part of the code
    ]
    assert messages(errors) == [f"{path}:4: quad_class 'four' is not a whole number"]


@pytest.mark.parametrize("store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)],
                         indirect=True)  # fmt: skip
def test_bulk_ingest_of_a_claim_file_makes_the_graph_a_plain_ingest_makes(
    store_spec: str, tmp_path: Path
) -> None:
    from tests.conftest import run_cli

    plain = tmp_path / "plain.db"
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", str(plain)).returncode == 0
    done = run_cli("ingest", str(SEED_CLAIMS), "--bulk", "--store", store_spec)
    assert done.returncode == 0, done.stderr
    again = run_cli("ingest", str(SEED_CLAIMS), "--bulk", "--store", store_spec)
    assert again.returncode == 0, again.stderr
    relates = (
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, r.predicate, b.id, r.claims, "
        "r.positive_claims, r.max_confidence, r.first_date, r.last_date ORDER BY a.id, "
        "r.predicate, b.id"
    )
    from geokg.graph.stores import open_store

    with open_store(str(plain)) as a, open_store(store_spec) as b:
        assert b.counts() == a.counts()  # the second --bulk run added nothing
        assert list(b.iter_claims()) == list(a.iter_claims())
        assert b.query(relates).rows == a.query(relates).rows
