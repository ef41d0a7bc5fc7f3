"""Every parser, arbitrary input: bad input is an ``InputError``, never an unhandled exception.

Hypothesis feeds random bytes, and random structures shaped like the real
thing, to each reader; every error must carry a one-line reason.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geokg.errors import GeokgError, InputError, QueryError
from geokg.graph.claims import Claim, TimeSpan

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CLAIM_LINE = (
    '{"doc_id": "d", "subject": {"id": "USA"}, "predicate": "SANCTIONS", '
    '"object": {"id": "IRN"}, "time": {"start": "2024-05"}}'
)
CSV_HEAD = "doc_id,subject_id,predicate,object_id,time_start,confidence,evidence_start\n"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
claim_like = st.fixed_dictionaries(
    {},
    optional={
        "doc_id": json_values, "subject": json_values, "predicate": st.sampled_from(
            ["SUPPLIES", "ATTACKS", "ALLIES_WITH", "hugs", ""]) | json_values,
        "object": json_values, "item": json_values, "modality": json_values,
        "time": json_values, "confidence": json_values, "evidence": json_values,
        "source": json_values, "extractor": json_values, "location": json_values,
    },
)  # fmt: skip


def file_with(data: bytes, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)  # noqa: SIM115
    handle.write(data)
    handle.close()
    return Path(handle.name)


def one_line(errors: list[InputError]) -> None:
    for error in errors:
        assert isinstance(error, InputError)
        assert "\n" not in str(error) and "\r" not in str(error), repr(str(error))


@FUZZ
@given(
    st.binary(max_size=2000) | st.text(max_size=400).map(lambda s: (CLAIM_LINE + "\n" + s).encode())
)
def test_claims_jsonl_reader(data: bytes) -> None:
    from geokg.ingest.claimfiles import read_claims_jsonl

    path = file_with(data, ".jsonl")
    errors: list[InputError] = []
    claims = list(read_claims_jsonl(path, errors=errors))
    assert all(isinstance(c, Claim) for c in claims)
    one_line(errors)
    path.unlink()


@FUZZ
@given(st.binary(max_size=2000) | st.text(max_size=400).map(lambda s: (CSV_HEAD + s).encode()))
def test_claims_csv_reader(data: bytes) -> None:
    from geokg.ingest.claimfiles import read_claims_csv

    path = file_with(data, ".csv")
    errors: list[InputError] = []
    claims = list(read_claims_csv(path, errors=errors))
    assert all(isinstance(c, Claim) for c in claims)
    one_line(errors)
    path.unlink()


@FUZZ
@given(st.lists(claim_like, max_size=5))
def test_claims_jsonl_reader_with_claim_shaped_lines(records: list[dict[str, Any]]) -> None:
    from geokg.ingest.claimfiles import read_claims_jsonl

    data = "\n".join(json.dumps(r) for r in records).encode()
    path = file_with(data, ".jsonl")
    errors: list[InputError] = []
    list(read_claims_jsonl(path, errors=errors))
    one_line(errors)
    path.unlink()


@FUZZ
@given(claim_like)
def test_claim_from_any_json_object(record: dict[str, Any]) -> None:
    try:
        claim = Claim.from_dict(record)
    except InputError as exc:
        one_line([exc])
        return
    assert Claim.from_dict(json.loads(json.dumps(claim.to_dict()))) == claim


@FUZZ
@given(st.text(max_size=30))
def test_dates(text: str) -> None:
    try:
        span = TimeSpan.parse(text)
    except InputError as exc:
        one_line([exc])
        return
    assert span.start <= span.end


@FUZZ
@given(st.lists(st.text(max_size=30), max_size=4))
def test_cli_params(pairs: list[str]) -> None:
    from geokg.cli.output import parse_params

    try:
        parse_params(pairs)
    except QueryError:
        pass


@FUZZ
@given(st.text(max_size=200))
def test_statement_splitter(text: str) -> None:
    from geokg.graph.stores import split_statements
    from geokg.graph.stores.embedded import check_read_statement

    assert isinstance(split_statements(text), list)
    try:
        check_read_statement(text)
    except QueryError:
        pass


@FUZZ
@given(
    st.binary(max_size=1500),
    st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"]),
)
def test_rdf_reader(data: bytes, suffix: str) -> None:
    from geokg.graph.rdf import read_claims

    path = file_with(data, suffix)
    errors: list[InputError] = []
    try:
        list(read_claims(path, errors=errors))
    except InputError as exc:
        errors.append(exc)
    one_line(errors)
    path.unlink()


@FUZZ
@given(st.binary(max_size=1500), st.sampled_from([".txt", ".md", ".html", ".jsonl"]))
def test_document_reader(data: bytes, suffix: str) -> None:
    from geokg.ingest.documents import read_documents

    path = file_with(data, suffix)
    errors: list[InputError] = []
    try:
        list(read_documents([str(path)], errors=errors))
    except GeokgError as exc:
        assert isinstance(exc, InputError), exc
    one_line(errors)
    path.unlink()


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@FUZZ
@given(
    st.binary(max_size=1500)
    | st.lists(st.lists(st.text(max_size=6), min_size=55, max_size=65), max_size=5).map(
        lambda rows: "\n".join("\t".join(r) for r in rows).encode("utf-8", "surrogatepass")
    ),
    st.sampled_from([".export.CSV", ".export.CSV.zip"]),
)
def test_gdelt_reader(data: bytes, suffix: str) -> None:
    from geokg.ingest.gdelt import read_gdelt

    path = file_with(data, suffix)
    errors: list[InputError] = []
    list(read_gdelt(path, errors=errors))
    one_line(errors)
    path.unlink()
