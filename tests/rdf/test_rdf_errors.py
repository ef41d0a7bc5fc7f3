"""Bad RDF in, bad requests out: clear errors with file and line, nothing half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.graph.rdf import export_claims, read_claims
from geokg.graph.rdf.vocabulary import GEOKG
from tests.rdf.samples import sample_claims

BROKEN = {
    "ttl": ('@prefix a: <http://a/> .\n\na:b a:c a:d .\na:b a:c "unterminated .\n', 4),
    "trig": (
        "<http://a/g> {\n  <http://a/b> <http://a/c> <http://a/d> .\n  <http://a/b> <\n}\n",
        3,
    ),
    "nt": ('<http://a/b> <http://a/c> <http://a/d> .\n\n<http://a/b> <http://a/c> "x .\n', 3),
    "nq": ("<http://a/b> <http://a/c> <http://a/d> <http://a/g> .\n<http://a/b> oops .\n", 2),
    "jsonld": ('{\n  "@id": "http://a/b",\n  "http://a/c": [\n}\n', 4),
    "xml": (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="http://a/b">\n</rdf:RDF>\n',
        4,
    ),
}


@pytest.mark.parametrize("fmt", list(BROKEN))
def test_a_syntax_error_names_the_file_and_line(tmp_path: Path, fmt: str):
    text, line = BROKEN[fmt]
    path = tmp_path / f"broken.{fmt}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read_claims(path))
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: syntax error")


def test_a_bad_file_yields_no_claim_before_its_error(tmp_path: Path):
    good = tmp_path / "good.nt"
    export_claims(sample_claims(), good, "nt")
    bad = tmp_path / "bad.nt"
    bad.write_text(good.read_text(encoding="utf-8") + "<http://a/b> broken\n", encoding="utf-8")
    claims = read_claims(bad)
    with pytest.raises(InputError):
        next(claims)


def test_a_broken_claim_is_reported_and_the_rest_still_read(tmp_path: Path):
    path = tmp_path / "graph.ttl"
    export_claims(sample_claims(), path, "ttl")
    text = path.read_text(encoding="utf-8").replace(
        "geokg:modality geokg:planned", "geokg:modality geokg:rumoured"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="unknown modality"):
        list(read_claims(path))
    errors: list[InputError] = []
    kept = list(read_claims(path, errors=errors))
    assert len(kept) == len(sample_claims()) - 1
    assert [e.path for e in errors] == [str(path)]
    assert f"<{GEOKG}rumoured>" in errors[0].reason


def test_a_missing_file_and_an_unknown_suffix_are_input_errors(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        list(read_claims(tmp_path / "absent.ttl"))
    with pytest.raises(InputError, match="cannot tell the RDF format"):
        list(read_claims(tmp_path / "claims.docx"))


def test_an_unknown_export_format_writes_nothing(tmp_path: Path):
    path = tmp_path / "out.n3"
    with pytest.raises(InputError, match="unknown RDF format 'n3'"):
        export_claims(sample_claims(), path, "n3")
    assert not path.exists()
