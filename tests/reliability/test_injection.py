"""Hostile text end to end: Cypher, HTML/JS and IRI breakers go in verbatim and come out inert.

A claim file whose every text field attacks some output is ingested with the
CLI into both stores, then read back through ``cypher``, exported in every RDF
format and drawn as the pyvis page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Dataset, Literal

from geokg.graph.rdf import FORMATS, export_claims
from geokg.graph.stores import open_store
from tests.conftest import run_cli

BOTH = pytest.mark.parametrize(
    "store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True
)

CYPHER = "'}) MATCH (n) DETACH DELETE n // `x` $param \" \\' ; COMMIT; CREATE (m)"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)> & \"q\" 'a'"
IRI = 'a> <b c"d {e} |f| ^g` \\h\nnew line'
URL = "javascript:alert(document.cookie)"

RECORD = {
    "doc_id": "hostile-doc",
    "subject": {
        "id": "hostile-group", "name": CYPHER, "type": "ArmedGroup", "aliases": [HTML, IRI],
    },
    "predicate": "ATTACKS",
    "object": {"id": "ISR", "name": HTML},
    "item": {"name": IRI, "type": CYPHER},
    "attributed_to": HTML,
    "location": IRI,
    "evidence": {"text": CYPHER + HTML + IRI, "start": 0, "end": 10},
    "source": {"url": URL, "title": HTML, "publisher": CYPHER},
}  # fmt: skip
TEXTS = (CYPHER, HTML, IRI)


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.jsonl"
    second = {**RECORD, "doc_id": "https://example.org/ok", "object": {"id": "USA", "name": IRI}}
    path.write_text("\n".join(json.dumps(r) for r in (RECORD, second)) + "\n", encoding="utf-8")
    return path


@BOTH
def test_hostile_text_goes_in_and_comes_out_verbatim(store_spec: str, hostile_file: Path) -> None:
    result = run_cli("ingest", str(hostile_file), "--store", store_spec)
    assert result.returncode == 0, result.stderr
    out = run_cli(
        "cypher",
        "MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:ABOUT]->(i:Item),"
        " (c)-[:FROM_SOURCE]->(src:Source)"
        " RETURN s.name AS subject, s.aliases AS aliases, o.name AS object,"
        " i.name AS item, i.type AS item_type, c.evidence_text AS ev, c.location AS loc,"
        " c.attributed_to AS by, src.url AS url, src.title AS title ORDER BY o.id",
        "--format", "json", "--store", store_spec,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows[0] == {
        "subject": CYPHER, "aliases": [HTML, IRI], "object": HTML, "item": IRI, "item_type": CYPHER,
        "ev": CYPHER + HTML + IRI, "loc": IRI, "by": HTML, "url": URL, "title": HTML,
    }  # fmt: skip
    assert rows[1]["object"] == IRI
    with open_store(store_spec) as store:
        counts = store.counts()
    assert (counts["Claim"], counts["Actor"], counts["RELATES"]) == (2, 3, 2)
    csv_out = run_cli("cypher", "MATCH (a:Actor {id: $id}) RETURN a.name", "--param",
                      "id=hostile-group", "--format", "csv", "--store", store_spec)  # fmt: skip
    assert CYPHER.replace('"', '""') in csv_out.stdout


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_rdf_format_stays_valid_and_keeps_the_text(
    fmt: str, hostile_file: Path, tmp_path: Path
) -> None:
    from geokg.ingest.claimfiles import read_claims_jsonl

    errors: list = []
    claims = list(read_claims_jsonl(hostile_file, errors=errors))
    assert not errors
    out = tmp_path / f"hostile.{fmt}"
    export_claims(claims, out, fmt)
    graph = Dataset()
    graph.parse(out, format=FORMATS[fmt])  # a broken IRI or literal fails here
    literals = {str(o) for _, _, o, _ in graph.quads() if isinstance(o, Literal)}
    for text in TEXTS:
        if fmt == "xml" and "\n" in text:
            continue
        assert any(text in lit for lit in literals), (fmt, text)
    for s, p, o, _ in graph.quads():
        for term in (s, p, o):
            if not isinstance(term, Literal):
                assert not re.search(r"[\s<>\"{}|^`\\]", str(term)), f"bad IRI {term!r}"
    assert not any(
        str(t).startswith("javascript:")
        for q in graph.quads()
        for t in q[:3]
        if not isinstance(t, Literal)
    ), "a javascript: URL became an IRI"


def test_the_page_shows_hostile_text_as_text(hostile_file: Path, tmp_path: Path) -> None:
    from geokg.queries.view import write_view

    store_path = tmp_path / "g.db"
    assert run_cli("ingest", str(hostile_file), "--store", str(store_path)).returncode == 0
    with open_store(str(store_path)) as store:
        page = write_view(store, tmp_path / "hostile.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "javascript:alert" not in page.replace("\\", "")
    # Links from the data are http(s) only (the page's own "javascript:void(0)" is not data).
    links = set(re.findall(r"href=\\?[\"']([^\"'\\]*)", page)) - {"javascript:void(0)"}
    assert all(h.startswith(("http://", "https://", "#")) for h in links), links
