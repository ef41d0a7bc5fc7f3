"""``geokg query``, ``geokg analyze`` and ``geokg view`` as a user runs them (subprocess)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from geokg.graph.stores import open_store
from tests.conftest import run_cli
from tests.queries.seed import seed

BOTH = pytest.mark.parametrize(
    "store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True
)


@pytest.fixture
def seeded(store_spec: str) -> str:
    with open_store(store_spec) as store:
        seed(store)
    return store_spec


def test_query_list() -> None:
    done = run_cli("query", "--list", "--format", "json")
    assert done.returncode == 0, done.stderr
    listed = {q["name"]: q for q in json.loads(done.stdout)}
    assert {"partners-of", "path-between", "sources-of", "contested"} <= set(listed)
    assert listed["ego-network"]["parameters"] == "country [depth=1] [limit=5000]"


@BOTH
def test_query_with_positional_and_option_parameters(seeded: str) -> None:
    done = run_cli("query", "partners-of", "IRN", "--format", "json", "--store", seeded)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [(r["partner"], r["predicate"]) for r in rows] == [
        ("RUS", "SUPPLIES"),
        ("RUS", "ALLIES_WITH"),
        ("RUS", "SUPPLIES"),
    ]
    done = run_cli("query", "ego-network", "PRK", "--depth", "1", "-f", "csv", "-s", seeded)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["source"], r["predicate"], r["target"]) for r in rows] == [
        ("PRK", "SUPPLIES", "RUS")
    ]
    done = run_cli(
        "query", "sources-of", "--param", "a=RUS", "--param", "predicate=SUPPLIES",
        "--param", "b=IRN", "--until", "2024-09-10", "-f", "json", "-s", seeded,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert [r["item"] for r in json.loads(done.stdout)] == ["radar"]  # Iskander came later


def test_query_mistakes_are_one_line_errors(tmp_path: Path) -> None:
    spec = str(tmp_path / "g.db")
    with open_store(spec) as store:
        seed(store)
    done = run_cli("query", "sources-of", "RUS", "SELLS", "IRN", "-s", spec)
    assert done.returncode == 2 and "unknown predicate 'SELLS'" in done.stderr
    assert "Traceback" not in done.stderr
    done = run_cli("query", "partners-of", "-s", spec)
    assert done.returncode == 4 and "missing parameter 'country'" in done.stderr
    done = run_cli("query", "path-between", "A", "B", "C", "-s", spec)
    assert done.returncode == 4 and "too many values" in done.stderr


@BOTH
def test_analyze_json_and_write_back(seeded: str) -> None:
    done = run_cli("analyze", "--path", "USA:CHN", "--format", "json", "--write-back",
                   "--store", seeded)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["written_back"] == 9
    assert [b["members"] for b in report["blocs"]] == [
        ["ISR", "TUR", "UKR", "USA", "nato"],
        ["IRN", "PRK", "RUS"],
    ]
    assert report["balance"]["unbalanced"] == 3
    assert report["paths"][0]["paths"][0] == ["USA", "IRN", "RUS", "CHN"]
    done = run_cli("cypher", "MATCH (a:Actor {id: 'RUS'}) RETURN a.bloc AS bloc", "-f", "json",
                   "-s", seeded)  # fmt: skip
    assert json.loads(done.stdout) == [{"bloc": 2}]


def test_analyze_table_names_unbalanced_triads(tmp_path: Path) -> None:
    spec = str(tmp_path / "g.db")
    with open_store(spec) as store:
        seed(store)
    done = run_cli("analyze", "--store", spec)
    assert done.returncode == 0, done.stderr
    assert "1 of 4 signed triads balanced" in done.stdout
    assert "the enemy of my enemy is my enemy" in done.stdout


@BOTH
def test_view_writes_the_page_and_says_where(seeded: str, tmp_path: Path) -> None:
    out = tmp_path / "alliance.html"
    done = run_cli("view", "alliance-network", "--out", str(out), "--store", seeded)
    assert done.returncode == 0, done.stderr
    assert out.is_file() and str(out.resolve()) in done.stdout.replace("\n", "")
    assert "(6 actors, 4 relations)" in done.stdout
    html = out.read_text("utf-8")
    assert "Russia and Iran will become allies." in html  # the evidence came along


def test_view_and_analyze_take_a_cypher_file(tmp_path: Path) -> None:
    spec = str(tmp_path / "g.db")
    with open_store(spec) as store:
        seed(store)
    mine = tmp_path / "mine.cypher"
    mine.write_text(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) WHERE r.family = $family "
        "RETURN a.id AS source, r.predicate AS predicate, b.id AS target, "
        "r.claims AS claims, r.positive_claims AS positive_claims, "
        "r.max_confidence AS max_confidence ORDER BY source, target",
        encoding="utf-8",
    )
    done = run_cli("analyze", str(mine), "--param", "family=conflict", "-f", "json", "-s", spec)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["relations"] == 6
    out = tmp_path / "conflict.html"
    done = run_cli("view", str(mine), "-p", "family=conflict", "--out", str(out), "-s", spec)
    assert done.returncode == 0, done.stderr
    assert out.is_file()


@BOTH
def test_actor_parameters_resolve_through_the_gazetteer(seeded: str) -> None:
    by_id = run_cli("query", "partners-of", "IRN", "-f", "json", "-s", seeded)
    assert by_id.returncode == 0, by_id.stderr
    assert json.loads(by_id.stdout)
    for typed in ("Iran", "irn", "iran"):
        done = run_cli("query", "partners-of", typed, "-f", "json", "-s", seeded)
        assert done.returncode == 0, done.stderr
        assert done.stdout == by_id.stdout, typed
    path = run_cli("query", "path-between", "russia", "Iran", "-f", "json", "-s", seeded)
    assert path.returncode == 0 and json.loads(path.stdout), path.stderr
    unknown = run_cli("query", "partners-of", "Irann", "-s", seeded)
    assert unknown.returncode == 4
    assert "unknown actor 'Irann': did you mean IRN (Iran)?" in unknown.stderr


@BOTH
def test_actors_lists_and_searches(seeded: str) -> None:
    listed = run_cli("actors", "-f", "json", "-s", seeded)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert set(rows[0]) == {"id", "name", "type", "aliases", "claims"}
    assert [r["claims"] for r in rows] == sorted((r["claims"] for r in rows), reverse=True)
    iran = next(r for r in rows if r["id"] == "IRN")
    assert iran["claims"] > 0
    for search in ("iran", "IR", "Tehran"):
        found = run_cli("actors", search, "-f", "json", "-s", seeded)
        assert found.returncode == 0, found.stderr
        assert "IRN" in [r["id"] for r in json.loads(found.stdout)], search


def test_the_view_shows_each_sentence_once_with_all_its_items(tmp_path: Path) -> None:
    """'radars and other equipment' is two SUPPLIES claims from one sentence."""
    article = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "seed-article.txt"
    spec, out = str(tmp_path / "g.db"), tmp_path / "page.html"
    assert run_cli("ingest", str(article), "--store", spec).returncode == 0
    done = run_cli("view", "--out", str(out), "--store", spec)
    assert done.returncode == 0, done.stderr
    page = out.read_text("utf-8")
    # once in the edge's hover tooltip and once in its click panel, never twice in either
    assert page.count("already begun supplying Iran with radars") == 2
    items = re.findall(r"items: ([^\\]+)\\u003c/span", page)
    assert sorted(["radar", "equipment"]) in [sorted(i.split(", ")) for i in items], items
    assert re.search(
        r"SUPPLIES\\u003c/span\\u003e · \d+ claims · from 2 sentences in 1 source", page
    )
