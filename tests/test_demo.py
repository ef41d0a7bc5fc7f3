"""``make demo`` runs ``geokg demo``: the sample articles in, a table, a page and RDF out."""

from __future__ import annotations

from pathlib import Path

import rdflib

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent


def test_demo_ingests_the_samples_and_writes_the_page_and_rdf(tmp_path: Path) -> None:
    result = run_cli("demo", "--store", str(tmp_path / "demo.db"), "--out", str(tmp_path), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    table = result.stdout[result.stdout.index("Russia – Iran") :]
    for predicate in ("SUPPLIES", "VISITS", "SIGNS_AGREEMENT", "ALLIES_WITH"):
        assert predicate in table, predicate
    assert "Iskander" in table
    page, ttl = tmp_path / "alliance.html", tmp_path / "alliance.ttl"
    assert f"{page}" in result.stdout and f"{ttl}" in result.stdout
    html = page.read_text(encoding="utf-8")
    assert '"RUS"' in html and '"IRN"' in html
    graph = rdflib.Graph().parse(ttl)
    supplies = rdflib.URIRef("https://w3id.org/geokg/ontology#supplies")
    pairs = {(str(s), str(o)) for s, o in graph.subject_objects(supplies)}
    assert any(s.endswith("/RUS") and o.endswith("/IRN") for s, o in pairs), pairs


def test_demo_run_twice_adds_nothing(tmp_path: Path) -> None:
    args = ("demo", "--store", str(tmp_path / "demo.db"), "--out", str(tmp_path))
    first = run_cli(*args, cwd=ROOT)
    second = run_cli(*args, cwd=ROOT)
    assert first.returncode == second.returncode == 0, second.stderr
    assert "claims new to the store │ 0" in second.stdout


def test_demo_runs_from_any_folder(tmp_path: Path) -> None:
    """The samples ship inside the package: no need to stand in the repository."""
    result = run_cli("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Russia – Iran" in result.stdout
    assert (tmp_path / "geokg.db").exists() and (tmp_path / "alliance.html").exists()


def test_the_sample_claims_and_article_give_their_source_one_publication_date() -> None:
    import json

    claims = ROOT / "samples" / "claims" / "seed-article.claims.jsonl"
    article = ROOT / "samples" / "articles" / "seed-article.txt"
    extracted = run_cli("extract", str(article))
    assert extracted.returncode == 0, extracted.stderr
    dates: dict[str, set[str]] = {}
    for line in [*claims.read_text("utf-8").splitlines(), *extracted.stdout.splitlines()]:
        source = json.loads(line)["source"]
        dates.setdefault(source["id"], set()).add(source["published"])
    assert dates and all(len(found) == 1 for found in dates.values()), dates
