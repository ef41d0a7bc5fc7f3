"""The ``geokg`` command as a user runs it: a subprocess against real stores."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SEED_CLAIMS, run_cli

BOTH = pytest.mark.parametrize(
    "store_spec", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)], indirect=True
)
COUNT = "MATCH (a)-[r]->(b) RETURN count(r) AS n"


def count_rels(store_spec: str) -> int:
    result = run_cli("cypher", COUNT, "--format", "json", "--store", store_spec)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)[0]["n"]


@BOTH
def test_ingest_twice_leaves_the_counts_unchanged(store_spec: str) -> None:
    first = run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    assert first.returncode == 0, first.stderr
    assert "claims new to the store │ 5" in first.stdout
    assert count_rels(store_spec) == 23
    second = run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    assert second.returncode == 0, second.stderr
    assert "claims new to the store │ 0" in second.stdout
    assert count_rels(store_spec) == 23


@BOTH
def test_cypher_takes_parameters_and_formats(store_spec: str) -> None:
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    query = (
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) WHERE a.id = $a AND r.predicate = $p "
        "RETURN a.id AS subject, b.id AS object, r.claims AS claims"
    )
    args = ("cypher", query, "--param", "a=RUS", "--param", "p=SUPPLIES", "--store", store_spec)
    as_json = run_cli(*args, "--format", "json")
    assert json.loads(as_json.stdout) == [{"subject": "RUS", "object": "IRN", "claims": 2}]
    as_csv = run_cli(*args, "--format", "csv")
    assert as_csv.stdout.splitlines() == ["subject,object,claims", "RUS,IRN,2"]
    as_table = run_cli(*args)
    assert "RUS" in as_table.stdout and "1 row(s)" in as_table.stdout


@BOTH
def test_cypher_refuses_writes_without_write_flag(store_spec: str) -> None:
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    refused = run_cli("cypher", "MATCH (n) DETACH DELETE n", "--store", store_spec)
    assert refused.returncode == 4
    assert "read-only unless --write" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert count_rels(store_spec) == 23
    allowed = run_cli("cypher", "MATCH (c:Claim) DETACH DELETE c", "--write", "--store", store_spec)
    assert allowed.returncode == 0, allowed.stderr
    assert count_rels(store_spec) == 5  # ACTS_FOR and RELATES are not claims


def test_bad_rows_are_reported_with_file_and_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "mixed.jsonl"
    lines = SEED_CLAIMS.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([lines[0], "{oops", lines[1].replace("SUPPLIES", "HUGS")]) + "\n")
    store = str(tmp_path / "g.db")
    result = run_cli("ingest", str(bad), "--store", store)
    assert result.returncode == 2
    assert f"{bad}:2: bad JSON" in result.stderr
    assert f"{bad}:3: unknown predicate 'HUGS'" in result.stderr
    assert "claims new to the store │ 1" in result.stdout
    strict = run_cli("ingest", str(bad), "--strict", "--store", str(tmp_path / "s.db"))
    assert strict.returncode == 2 and "nothing was written" in strict.stderr
    assert count_rels(str(tmp_path / "s.db")) == 0


def test_stats_counts_what_is_stored(tmp_path: Path) -> None:
    store = str(tmp_path / "g.db")
    run_cli("ingest", str(SEED_CLAIMS), "--store", store)
    result = run_cli("stats", "--format", "json", "--store", store)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("\n]\n", 1)
    counts = {r["what"]: r["count"] for r in json.loads(first + "\n]")}
    assert counts["Claim"] == 5 and counts["RELATES"] == 4
    by_predicate = {r["predicate"]: r["claims"] for r in json.loads(second)}
    assert by_predicate == {"SUPPLIES": 2, "VISITS": 1, "SIGNS_AGREEMENT": 1, "ALLIES_WITH": 1}


def test_store_comes_from_geokg_store(tmp_path: Path) -> None:
    store = str(tmp_path / "env.db")
    assert run_cli("ingest", str(SEED_CLAIMS), env={"GEOKG_STORE": store}).returncode == 0
    assert count_rels(store) == 23


def test_unreachable_neo4j_is_one_line_without_secrets() -> None:
    result = run_cli(
        "stats", "--store", "bolt://127.0.0.1:9",
        env={"NEO4J_USER": "analyst", "NEO4J_PASSWORD": "s3cret-pw"},
    )  # fmt: skip
    assert result.returncode == 3
    assert "cannot reach Neo4j at bolt://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_uri_with_user_info_is_never_printed_whole() -> None:
    result = run_cli("stats", "--store", "bolt://analyst:s3cret-pw@127.0.0.1:9")
    assert result.returncode == 3
    assert "s3cret-pw" not in result.stdout + result.stderr
    assert "bolt://127.0.0.1:9" in result.stderr


GDELT = Path(__file__).parent / "ingest" / "fixtures" / "gdelt"


@BOTH
def test_gdelt_exports_go_through_geokg_ingest(store_spec: str) -> None:
    sample = str(GDELT / "20240920120000.export.CSV")
    first = run_cli("ingest", sample, "--store", store_spec)
    assert first.returncode == 0, first.stderr
    assert "claims new to the store │ 19" in first.stdout
    assert "4 skipped" in first.stdout
    second = run_cli("ingest", sample, "--store", store_spec)
    assert "claims new to the store │ 0" in second.stdout


def test_gdelt_strict_writes_nothing_when_a_file_has_bad_rows(tmp_path: Path) -> None:
    store = str(tmp_path / "g.db")
    result = run_cli("ingest", str(GDELT), "--strict", "--store", store)
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert "20240920121500.export.CSV:" in result.stderr
    assert count_rels(store) == 0


@pytest.mark.parametrize(
    "command",
    [
        ["stats"],
        ["cypher", "RETURN 1"],
        ["query", "partners-of", "IRN"],
        ["view"],
        ["analyze"],
        ["export", "--format", "ttl"],
        ["clear", "--yes"],
    ],
)
def test_a_mistyped_store_is_an_error_not_an_empty_store(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "geokg.bd"
    result = run_cli(*command, "--store", str(typo), cwd=tmp_path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"no geokg store at {typo}" in result.stderr
    assert not typo.exists()


def test_ingest_of_only_missing_files_creates_no_store(tmp_path: Path) -> None:
    store = tmp_path / "new.db"
    result = run_cli("ingest", str(tmp_path / "nope.jsonl"), "--store", str(store))
    assert result.returncode == 2
    assert "nope.jsonl: no such file" in result.stderr
    assert not store.exists()


@BOTH
def test_a_parameter_used_and_not_given_is_an_error_naming_it(store_spec: str) -> None:
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    query = "MATCH (a:Actor) WHERE a.id = $country RETURN a.id AS id"
    missing = run_cli("cypher", query, "--store", store_spec)
    assert missing.returncode == 4
    assert "$country" in missing.stderr and "--param country=" in missing.stderr
    quoted = run_cli("cypher", "RETURN '$not_a_param' AS text", "--store", store_spec)
    assert quoted.returncode == 0, quoted.stderr
    given = run_cli("cypher", query, "--param", "country=IRN", "-f", "csv", "--store", store_spec)
    assert given.stdout.splitlines() == ["id", "IRN"]


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    from geokg import __version__

    assert result.stdout.strip() == f"geokg {__version__}"


def test_ingest_of_a_folder_skips_what_is_not_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "claims.jsonl").write_text(SEED_CLAIMS.read_text("utf-8"), "utf-8")
    (folder / "brief.docx").write_bytes(b"PK\x03\x04 not text")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7")
    store = folder / "geokg.db"
    first = run_cli("ingest", str(folder), "--store", str(store))
    assert first.returncode == 0, first.stderr
    view = run_cli("view", "--out", str(folder / "alliance.html"), "--store", str(store))
    assert view.returncode == 0, view.stderr
    again = run_cli("ingest", str(folder), "--store", str(store))
    assert again.returncode == 0, again.stderr
    assert "not UTF-8" not in again.stderr
    assert "skipped 2 file(s): office documents and PDFs" in again.stdout
    assert "skipped 1 file(s): pages geokg wrote" in again.stdout
    assert "file(s): files of a geokg store" in again.stdout
    assert "claims read             │ 5" in again.stdout
    named = run_cli("ingest", str(folder / "brief.docx"), "--store", str(store))
    assert named.returncode == 2
    assert "brief.docx: `.docx` is not a supported input" in named.stderr


ARTICLE = "Russia supplied Iran with radars, officials said.\n"


@pytest.mark.parametrize("bad", ["2022-13-01", "03/04/2022", "yesterday", "2022/03/04"])
def test_user_given_dates_must_be_iso_8601(tmp_path: Path, bad: str) -> None:
    store = str(tmp_path / "g.db")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    flag = run_cli("ingest", str(article), "--published", bad, "--store", store)
    assert flag.returncode == 2, flag.stdout
    assert f"bad published date {bad!r}" in flag.stderr and "ISO 8601" in flag.stderr
    front = tmp_path / "front.md"
    front.write_text(f"---\ntitle: T\npublished: {bad}\n---\n{ARTICLE}", "utf-8")
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "d1", "text": ARTICLE, "published": bad}) + "\n", "utf-8")
    table = tmp_path / "claims.csv"
    table.write_text(
        f"doc_id,subject_id,predicate,object_id,published\nd1,RUS,SUPPLIES,IRN,{bad}\n", "utf-8"
    )
    result = run_cli("ingest", str(front), str(jsonl), str(table), "--store", store)
    assert result.returncode == 2
    assert f"{front}: bad published date {bad!r}" in result.stderr
    assert f"{jsonl}:1: bad published date {bad!r}" in result.stderr
    assert f"{table}:2: bad date {bad!r}" in result.stderr
    dates = run_cli("cypher", "MATCH (s:Source) RETURN s.published AS p", "-f", "json",
                    "--store", store)  # fmt: skip
    assert json.loads(dates.stdout) == [{"p": None}] * 2  # both articles kept, without a date


def test_iso_dates_with_a_time_are_accepted(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    store = str(tmp_path / "g.db")
    result = run_cli("ingest", str(article), "--published", "2024-03-04T10:00:00Z", "-s", store)
    assert result.returncode == 0, result.stderr
    dates = run_cli("cypher", "MATCH (s:Source) RETURN s.published AS p", "-f", "csv", "-s", store)
    assert dates.stdout.split() == ["p", "2024-03-04"]


@BOTH
def test_claim_file_actors_go_through_the_gazetteer(store_spec: str, tmp_path: Path) -> None:
    claims = tmp_path / "named.jsonl"
    rows = [
        {"doc_id": "d9", "subject": {"id": "Russia", "name": "Russia"}, "predicate": "SUPPLIES",
         "object": {"id": "irn", "name": "Iran"}},
        {"doc_id": "d9", "subject": {"id": "wagner-x", "name": "Wagner X", "type": "ArmedGroup"},
         "predicate": "ATTACKS", "object": {"id": "UKR", "name": "Ukraine"}},
    ]  # fmt: skip
    claims.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    done = run_cli("ingest", str(SEED_CLAIMS), str(claims), "--store", store_spec)
    assert done.returncode == 0, done.stderr
    assert "actor 'Russia' is RUS (1 claim(s))" in done.stdout
    assert "actor 'irn' is IRN (1 claim(s))" in done.stdout
    assert "1 new actor(s), not in the gazetteer: wagner-x" in done.stdout
    ids = run_cli("cypher", "MATCH (a:Actor) RETURN a.id AS id ORDER BY id", "-f", "json",
                  "--store", store_spec)  # fmt: skip
    assert [r["id"] for r in json.loads(ids.stdout)] == [
        "IRN", "RUS", "UKR", "sergei-shoigu", "wagner-x"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MATCH (:Claim)-[r]->(:Source) RETURN DISTINCT type(r) AS t", [{"t": "FROM_SOURCE"}]),
        ("MATCH (n:Source) RETURN labels(n) AS l", [{"l": ["Source"]}]),
        ("CALL db.labels()", [{"label": x} for x in ("Actor", "Item", "Source", "Claim")]),
        ("CALL db.relationshipTypes()", None),
        ("RETURN 'type(x)' AS s", [{"s": "type(x)"}]),
    ],
)
def test_neo4j_habits_work_on_the_embedded_store(
    tmp_path: Path, query: str, expected: list[dict[str, object]] | None
) -> None:
    store = str(tmp_path / "g.db")
    run_cli("ingest", str(SEED_CLAIMS), "--store", store)
    result = run_cli("cypher", query, "-f", "json", "--store", store)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    if expected is None:
        assert {"relationshipType": "RELATES"} in rows
    else:
        assert rows == expected


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("CALL db.schema.visualization()", "CALL show_tables() RETURN *"),
        ("SHOW INDEXES", "CALL show_indexes() RETURN *"),
        ("", "the query is empty"),
        ("RETURN 1 + 'a'", "Cannot match a built-in function for given function +(INT64,STRING)"),
        ("MATCH (n:Actor) RETURN substring(n.id)", "Expected: (STRING,INT64,INT64) -> STRING"),
        ("SHOW X", "SHOW X is Neo4j's"),
    ],
)
def test_the_embedded_store_refuses_in_one_line(tmp_path: Path, query: str, says: str) -> None:
    store = str(tmp_path / "g.db")
    run_cli("ingest", str(SEED_CLAIMS), "--store", store)
    result = run_cli("cypher", query, "--store", store)
    assert result.returncode == 4
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert says in result.stderr


@BOTH
def test_a_write_query_reports_what_it_changed(store_spec: str) -> None:
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    done = run_cli("cypher", "MATCH (c:Claim) DETACH DELETE c", "--write", "--store", store_spec)
    assert done.returncode == 0, done.stderr
    assert "nodes: 0 created, 5 deleted; relationships: 0 created, 18 deleted" in done.stdout
    made = run_cli("cypher", "CREATE (:Actor {id: 'XYZ', name: 'X'})", "--write", "-f", "json",
                   "--store", store_spec)  # fmt: skip
    assert json.loads(made.stdout) == []
    assert "nodes: 1 created, 0 deleted; relationships: 0 created, 0 deleted" in made.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_command_that_prints_rows_takes_the_same_formats(tmp_path: Path, fmt: str) -> None:
    store = str(tmp_path / "g.db")
    run_cli("ingest", str(SEED_CLAIMS), "--store", store)
    article = FIXTURES.parent / "ingest" / "fixtures" / "seed-article.txt"
    commands = [
        ["cypher", "MATCH (a:Actor) RETURN a.id AS id ORDER BY id"],
        ["stats"],
        ["query", "partners-of", "IRN"],
        ["query", "--list"],
        ["actors"],
        ["analyze"],
    ]
    for command in commands:
        done = run_cli(*command, "--format", fmt, "--store", store)
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout.strip(), command
        if fmt == "jsonl":
            assert all(isinstance(json.loads(line), dict) for line in done.stdout.splitlines())
    analyze = run_cli("analyze", "--format", fmt, "--store", store)
    if fmt == "csv":
        assert analyze.stdout.splitlines()[0].startswith("id,name,degree,degree_centrality")
    extracted = run_cli("extract", str(article), "--format", fmt)
    assert extracted.returncode == 0, extracted.stderr
    if fmt == "json":
        assert all(c["predicate"] for c in json.loads(extracted.stdout))


def test_the_ingest_progress_bar_counts_documents_and_claims_as_they_go(tmp_path: Path) -> None:
    articles = Path(__file__).resolve().parent.parent / "samples" / "articles"
    env = {"TTY_INTERACTIVE": "1", "TTY_COMPATIBLE": "1", "NO_COLOR": "1"}
    done = run_cli("ingest", str(articles), "--store", str(tmp_path / "g.db"), env=env)
    assert done.returncode == 0, done.stderr
    frames = re.findall(r"(\d+) documents · (\d+) claims read · (\d+) written", done.stderr)
    counts = sorted({tuple(int(n) for n in frame) for frame in frames})
    # Documents and claims are counted while the batch is still being filled.
    assert any(docs > 0 and read > 0 and written == 0 for docs, read, written in counts), counts
    assert counts[-1][0] == 4 and counts[-1][1] == counts[-1][2] > 0


@BOTH
def test_actors_merge_moves_every_claim_and_keeps_the_old_id_as_an_alias(
    store_spec: str, tmp_path: Path
) -> None:
    duplicate = tmp_path / "dup.jsonl"
    rows = [
        {"doc_id": "d7", "subject": {"id": "rus-fed", "name": "Russian Fed."},
         "predicate": "SUPPLIES", "object": {"id": "IRN", "name": "Iran"},
         "item": {"name": "drone", "type": "Drone"},
         "evidence": {"text": "The Russian Fed. sent drones to Iran."}},
        {"doc_id": "d7", "subject": {"id": "rus-fed", "name": "Russian Fed."},
         "predicate": "SANCTIONS", "object": {"id": "USA", "name": "United States"}},
    ]  # fmt: skip
    duplicate.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    run_cli("ingest", str(SEED_CLAIMS), str(duplicate), "--store", store_spec)
    merged = run_cli("actors", "merge", "rus-fed", "RUS", "--store", store_spec)
    assert merged.returncode == 0, merged.stderr
    assert "2 claim(s) moved" in merged.stdout
    again = run_cli("actors", "merge", "rus-fed", "RUS", "--store", store_spec)
    assert again.returncode == 0 and "already merged" in again.stdout
    edges = run_cli(
        "cypher",
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) WHERE a.id = 'RUS' "
        "RETURN r.predicate AS p, b.id AS b, r.claims AS claims ORDER BY p",
        "-f", "json", "--store", store_spec,
    )  # fmt: skip
    assert json.loads(edges.stdout) == [
        {"p": "SANCTIONS", "b": "USA", "claims": 1},
        {"p": "SUPPLIES", "b": "IRN", "claims": 3},
        {"p": "VISITS", "b": "IRN", "claims": 1},
    ]
    listed = json.loads(run_cli("actors", "-f", "json", "--store", store_spec).stdout)
    assert "rus-fed" not in [a["id"] for a in listed]
    assert "rus-fed" in next(a for a in listed if a["id"] == "RUS")["aliases"]
    by_alias = run_cli("query", "partners-of", "rus-fed", "-f", "json", "--store", store_spec)
    assert by_alias.returncode == 0 and json.loads(by_alias.stdout), by_alias.stderr
