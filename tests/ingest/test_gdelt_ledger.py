"""The load ledger (graph/stores/ledger.py): a re-load skips the mapping of chunks it knows are
stored, reports what mapping would, and is not trusted once the store's claims changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geokg.errors import InputError
from geokg.graph.stores import open_store
from geokg.graph.stores.ledger import TABLE, Ledger
from geokg.ingest.gdelt import file_parts, load_gdelt, read_elsewhere
from tests.conftest import generated_export
from tests.ingest.test_gdelt import BAD, SAMPLE, sample_claims


def report_of(store: Any, paths: list[Path], **options: Any) -> tuple[Any, ...]:
    errors: list[InputError] = []
    seen: list[int] = []
    r = load_gdelt(store, paths, errors=errors, progress=seen.append, **options)
    return (r.claims, r.written.claims_new, r.written.claims_seen, r.stats.rows,
            dict(r.stats.skipped), dict(r.stats.generic), [str(e) for e in errors],
            sum(seen))  # fmt: skip


def graph(store: Any) -> tuple[Any, ...]:
    claims = sorted(r[0] for r in store.query("MATCH (c:Claim) RETURN c.id").rows)
    edges = sorted(
        tuple(r)
        for r in store.query(
            "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, b.id, r.predicate, r.claims, "
            "r.sentences, r.sources, r.rank"
        ).rows
    )
    return claims, edges, store.counts()


def test_a_reload_through_the_ledger_reports_what_mapping_reports(tmp_path: Path) -> None:
    paths = [SAMPLE, BAD]
    with open_store(str(tmp_path / "g.db")) as store:
        first = report_of(store, paths, block_bytes=2048)
        loaded = graph(store)
        entries = Ledger.open(store).entries
        assert entries  # one row per committed chunk
        kinds = [p[0] for p in file_parts(paths, block_bytes=2048, known=entries)]
        assert "chunk" not in kinds and "known" in kinds  # nothing left to map
        skipped = report_of(store, paths, block_bytes=2048)
        assert graph(store) == loaded
        store.query(f"MATCH (l:{TABLE}) DELETE l", write=True)  # no ledger: every chunk mapped
        mapped = report_of(store, paths, block_bytes=2048)
        assert graph(store) == loaded
    assert skipped == mapped
    assert mapped[1] == 0 and mapped[0] == first[0] and mapped[3:] == first[3:]


def test_a_ledger_is_not_trusted_once_claims_were_deleted(tmp_path: Path) -> None:
    export = generated_export(tmp_path / "20240101000000.export.CSV", 3000)
    with open_store(str(tmp_path / "g.db")) as store:
        first = load_gdelt(store, [export], block_bytes=64 << 10)
        loaded = graph(store)
        assert Ledger.open(store).entries
        gone = store.query(
            "MATCH (c:Claim) WITH c ORDER BY c.id LIMIT 25 DETACH DELETE c RETURN count(*)",
            write=True,
        ).rows[0][0]
        assert gone == 25 and Ledger.open(store).entries == {}
        again = load_gdelt(store, [export], block_bytes=64 << 10)
        assert again.written.claims_new == 25 and again.claims == first.claims
        assert graph(store) == loaded  # the claims back, the projection rebuilt
        assert Ledger.open(store).entries  # recorded again, trusted again
        third = load_gdelt(store, [export], block_bytes=64 << 10)
        assert third.written.claims_new == 0 and third.claims == first.claims


def test_claims_written_otherwise_or_another_option_do_not_hit_the_ledger(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "g.db")) as store:
        load_gdelt(store, [SAMPLE], block_bytes=2048)
        entries = Ledger.open(store).entries
        kinds = {p[0] for p in file_parts([SAMPLE], block_bytes=2048, unmapped="skip",
                                          known=entries)}  # fmt: skip
        assert "known" not in kinds  # the option is part of the key
        store.write_claims(sample_claims()[:1])  # a claim from elsewhere: the ledger is stale
        assert Ledger.open(store).entries == {}
        again = load_gdelt(store, [SAMPLE], block_bytes=2048)
        assert again.written.claims_new == 0
        assert Ledger.open(store).entries  # recorded again


def test_the_reader_process_takes_a_ledger_longer_than_one_argument(tmp_path: Path) -> None:
    """A store that loaded a few thousand chunks holds a ledger past Linux's 128 KiB limit on
    one argument; the reader process gets it whole and skips the chunks it names."""
    with open_store(str(tmp_path / "g.db")) as store:
        load_gdelt(store, [SAMPLE, BAD], block_bytes=2048)
        entries = Ledger.open(store).entries
    assert entries
    others = {f"{n:040x}": '{"claims":1,"errors":[],"generic":{},"skipped":{}}'
              for n in range(4000)}  # fmt: skip
    known = {**others, **entries}
    assert len(str(known)) > 128 << 10
    parts = list(read_elsewhere([SAMPLE, BAD], block_bytes=2048, known=known))
    assert [p[0] for p in parts] == [p[0] for p in file_parts([SAMPLE, BAD], block_bytes=2048,
                                                              known=entries)]  # fmt: skip
    assert "chunk" not in [p[0] for p in parts] and "known" in [p[0] for p in parts]
