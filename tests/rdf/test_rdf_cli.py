"""``geokg export`` and ``geokg ingest FILE.ttl`` as a user runs them, in a subprocess."""

from __future__ import annotations

from pathlib import Path

from geokg.cli.rdf import write_rdf
from geokg.graph.claims import Claim
from geokg.graph.rdf import parse_graph, read_claims
from geokg.graph.stores import GraphStore, open_store
from geokg.ingest.claimfiles import read_claims_jsonl
from tests.conftest import SEED_CLAIMS, run_cli
from tests.rdf.test_rdf_validation import shacl


def stored(spec: str) -> list[Claim]:
    with open_store(spec) as store:
        return list(store.iter_claims())


def test_export_then_ingest_into_an_empty_store_gives_the_same_claims(
    store_spec: str, tmp_path: Path
):
    assert run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec).returncode == 0
    out = tmp_path / "graph.trig"
    result = run_cli("export", "--out", str(out), "--store", store_spec)
    assert result.returncode == 0, result.stderr
    assert "triples" in result.stderr
    assert list(read_claims(out)) == stored(store_spec)

    second = str(tmp_path / "second.db")
    result = run_cli("ingest", str(out), "--store", second)
    assert result.returncode == 0, result.stderr
    assert stored(second) == stored(store_spec)


def test_export_to_stdout_needs_a_format_and_streams_n_triples(store_spec: str):
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    refused = run_cli("export", "--store", store_spec)
    assert refused.returncode == 2
    assert "give --format" in refused.stderr
    result = run_cli("export", "--format", "nt", "--store", store_spec)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.endswith(" .") for line in lines)
    assert sum("#Claim>" in line for line in lines) == len(stored(store_spec))


def test_export_of_a_named_query_holds_only_the_claims_behind_its_rows(
    store_spec: str, tmp_path: Path
):
    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    out = tmp_path / "arms.ttl"
    result = run_cli(
        "export", "--query", "arms-flows", "--param", "item=Iskander",
        "--out", str(out), "--store", store_spec,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    exported = list(read_claims(out))
    supplies = [c for c in stored(store_spec) if c.predicate == "SUPPLIES"]
    assert exported == supplies
    assert len(exported) < len(stored(store_spec))


def test_user_mistakes_get_a_message_and_an_exit_code_not_a_traceback(
    store_spec: str, tmp_path: Path
):
    missing = str(tmp_path / "absent.db")
    result = run_cli("export", "--out", str(tmp_path / "x.ttl"), "--store", missing)
    assert result.returncode == 3 and "no geokg store at" in result.stderr
    assert not Path(missing).exists()  # exporting never creates a store

    run_cli("ingest", str(SEED_CLAIMS), "--store", store_spec)
    cases = [
        (["export", "--out", str(tmp_path / "x.docx")], 2, "cannot tell the RDF format"),
        (["export", "--format", "n3", "--out", str(tmp_path / "x.n3")], 2, "unknown RDF format"),
        (["export", "--param", "a=1", "--out", str(tmp_path / "x.ttl")], 4, "--param needs"),
        (["export", "--query", "nope", "--out", str(tmp_path / "x.ttl")], 4, "no query named"),
    ]
    for args, code, message in cases:
        result = run_cli(*args, "--store", store_spec)
        assert result.returncode == code, (args, result.stderr)
        assert message in result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.n3").exists()


def test_the_demo_alliance_export_holds_the_cooperation_claims_and_passes_shacl(
    store: GraphStore, tmp_path: Path
):
    store.write_claims(read_claims_jsonl(SEED_CLAIMS, errors=[]))
    out = tmp_path / "alliance.ttl"
    write_rdf(store, out, "ttl", query="alliance-network")
    exported = list(read_claims(out))
    cooperation = [c for c in store.iter_claims() if c.family == "cooperation"]
    assert exported == cooperation and cooperation
    conforms, report = shacl(parse_graph(out))
    assert conforms, report
