"""GDELT 2.0 exports into both stores, claim by claim; bad input; the COPY bulk path.

The sample ``fixtures/gdelt/20240920120000.export.CSV`` is hand-made in the
exact 61-column layout; ``20240920121500.export.CSV`` holds the bad rows.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from geokg.errors import InputError
from geokg.graph.claims import Actor, Claim, EventCode, Evidence, Item, Source, TimeSpan
from geokg.graph.stores import GraphStore, open_store, write_claims_in_bulk
from geokg.graph.stores.bulk import bulk_write, claims_from_tables
from geokg.graph.stores.embedded import EmbeddedStore
from geokg.ingest.gdelt import (
    COLUMNS,
    EXTRACTOR,
    SKIP_ONE_SIDED,
    SKIP_SAME,
    confidence,
    load_gdelt,
    read_elsewhere,
    read_gdelt,
    read_gdelt_chunks,
)
from geokg.ingest.pipeline import IngestReport, table_chunks
from tests.conftest import generated_export

HERE = Path(__file__).parent / "fixtures" / "gdelt"
SAMPLE = HERE / "20240920120000.export.CSV"
BAD = HERE / "20240920121500.export.CSV"
URL = "https://www.example-news.org/2024/09/20/"

# GlobalEventID -> (subject, predicate, object, date, confidence, location, url slug)
EXPECTED: dict[str, tuple[str, str, str, str, float, str, str]] = {
    "1187645901": ("USA", "VISITS", "RUS", "2024-09-20", 0.963, "Russia", "visit-moscow"),
    # 043 "host a visit": Russia hosts China, so China visits Russia
    "1187645902": ("CHN", "VISITS", "RUS", "2024-09-20", 0.875, "China", "xi-in-moscow"),
    "1187645903": ("CHN", "MEETS", "IND", "2024-09-19", 0.703, "India", "border-talks"),
    "1187645904": ("FRA", "SIGNS_AGREEMENT", "DEU", "2024-09-20", 0.99, "Germany", "treaty"),
    "1187645905": ("USA", "SUPPLIES", "UKR", "2024-09-18", 0.984, "Ukraine", "military-aid"),
    "1187645906": ("UKR", "CRITICIZES", "RUS", "2024-09-20", 0.912, "Russia", "accuses"),
    "1187645907": ("IRN", "THREATENS", "ISR", "2024-09-20", 0.75, "Israel", "threat"),
    "1187645908": ("USA", "SANCTIONS", "IRN", "2024-09-20", 0.956, "Iran", "sanctions"),
    "1187645909": ("LTU", "CUTS_RELATIONS", "RUS", "2024-09-17", 0.646, "Russia", "embassy"),
    "1187645910": ("RUS", "ATTACKS", "UKR", "2024-09-20", 0.99, "Ukraine", "strikes"),
    "1187645911": ("ISR", "SUPPORTS", "USA", "2024-09-20", 0.58, "United States", "praise"),
    "1187645912": ("QAT", "MEDIATES", "EGY", "2024-09-20", 0.895, "Egypt", "mediation"),
    "1187645913": ("CHN", "COOPERATES_WITH", "PAK", "2024-09-20", 0.79, "Pakistan", "corridor"),
    # 010 "make statement": a CAMEO code with no specific predicate
    "1187645914": ("USA", "INTERACTS_WITH", "CHN", "2024-09-20", 0.5, "China", "statement"),
    "1187645915": (
        "united-nations", "PROVIDES_AID", "SDN", "2024-09-20", 0.926, "Sudan", "aid-sudan"
    ),
    # ROM is CAMEO's code for Romania (ISO3 ROU)
    "1187645916": ("ROU", "VISITS", "MDA", "2024-09-20", 0.58, "Moldova", "bucharest-chisinau"),
    # Actor1Name JOE BIDEN, coded USAGOV: the claim is the state's
    "1187645917": ("USA", "MEETS", "DEU", "2024-09-20", 0.75, "Germany", "biden-scholz"),
    # same source, actors and predicate as 901, another event: a claim of its own
    "1187645922": ("USA", "VISITS", "RUS", "2024-09-20", 0.5, "Russia", "visit-moscow"),
    "1187645923": ("nato", "CRITICIZES", "RUS", "2024-09-20", 0.875, "Russia", "nato"),
}  # fmt: skip


def event_id(claim: Claim) -> str:
    assert claim.evidence is not None
    return claim.evidence.text.split(":", 1)[0].removeprefix("GDELT event ")


def by_event(store: GraphStore) -> dict[str, Claim]:
    claims = list(store.iter_claims())
    out = {event_id(c): c for c in claims}
    assert len(out) == len(claims), "two claims for one GDELT event"
    return out


# -- the file format ------------------------------------------------------------


def test_columns_are_the_gdelt_2_layout() -> None:
    assert len(COLUMNS) == 61 and len(set(COLUMNS)) == 61
    assert COLUMNS.index("GlobalEventID") == 0
    assert COLUMNS.index("Day") == 1
    assert COLUMNS.index("Actor1CountryCode") == 7
    assert COLUMNS.index("Actor2Code") == 15
    assert COLUMNS.index("EventCode") == 26
    assert COLUMNS.index("QuadClass") == 29
    assert COLUMNS.index("GoldsteinScale") == 30
    assert COLUMNS.index("AvgTone") == 34
    assert COLUMNS.index("Actor1Geo_ADM2Code") == 39
    assert COLUMNS.index("ActionGeo_FullName") == 52
    assert COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    for line in SAMPLE.read_text("utf-8").splitlines():
        assert len(line.split("\t")) == 61


def test_confidence_formula() -> None:
    import numpy as np

    got = confidence(np.array([1.0, 2.0, 1.0, 5.0, 0.0, 40.0]), np.array([1, 2, 5, 5, 0, 99]))
    assert got.tolist() == [0.5, 0.75, 0.75, 0.969, 0.05, 0.99]


# -- the sample, claim by claim, in both stores --------------------------------------


def test_sample_maps_claim_by_claim(store: GraphStore) -> None:
    errors: list[InputError] = []
    report = load_gdelt(store, [SAMPLE], errors=errors)
    assert errors == []
    assert report.stats.rows == 23
    assert report.claims == len(EXPECTED) == report.written.claims_new
    # the four events that make no claim, each counted under its reason
    assert report.stats.skipped == {
        SKIP_ONE_SIDED: 1,
        SKIP_SAME: 1,
        "regional actor (EUR Europe)": 1,
        "group not in the table (HMS)": 1,
    }
    assert report.stats.generic == {"010": 1}
    assert "INTERACTS_WITH" in report.summary() and "HMS" in report.summary()

    claims = by_event(store)
    assert sorted(claims) == sorted(EXPECTED)
    for eid, (subject, pred, obj, day, conf, location, slug) in EXPECTED.items():
        c = claims[eid]
        assert (c.subject.id, c.predicate, c.object.id) == (subject, pred, obj), eid
        assert c.time == TimeSpan(day, day, "day"), eid
        assert c.confidence == pytest.approx(conf), eid
        assert c.location == location, eid
        assert c.source.url == URL + slug, eid
        assert c.source.id == Source.create(url=URL + slug).id
        assert c.source.publisher == "example-news.org"
        assert c.source.published == "2024-09-20"  # DATEADDED, not the event's day
        assert (c.modality, c.extractor, c.item, c.attributed_to) == (
            "asserted", EXTRACTOR, None, None
        )  # fmt: skip
        assert c.id == c.compute_id(), eid  # the bulk path hashes as the model does

    # each claim keeps its row's CAMEO event code, QuadClass and Goldstein score,
    # read here straight from the file's columns
    rows = [line.split("\t") for line in SAMPLE.read_text("utf-8").splitlines()]
    coded = {r[0]: EventCode(r[26], "CAMEO", int(r[29]), float(r[30])) for r in rows}
    for eid, c in claims.items():
        assert c.event == coded[eid], eid
    assert claims["1187645902"].event == EventCode("043", "CAMEO", 1, 2.8)
    eid_of_code = store.query(
        "MATCH (c:Claim) WHERE c.event_code = '043' AND c.quad_class = 1 RETURN c.goldstein"
    ).rows
    assert eid_of_code == [[2.8]]
    # ... and the evidence text quotes the row, counts and tone too
    assert claims["1187645902"].evidence == Evidence(
        "GDELT event 1187645902: RUSGOV 043 CHN | QuadClass 1 | Goldstein 2.8 | AvgTone 2.5"
        " | mentions 6, sources 2, articles 6"
    )
    assert claims["1187645901"].id != claims["1187645922"].id

    actors = {c.subject.id: c.subject for c in claims.values()}
    actors.update({c.object.id: c.object for c in claims.values()})
    assert actors["USA"] == Actor("USA", "United States", "State")
    assert actors["RUS"].name == "Russia"
    assert actors["ROU"] == Actor("ROU", "Romania", "State", aliases=("ROM",))
    assert actors["united-nations"] == Actor(
        "united-nations", "United Nations", "Organization", aliases=("UNO",)
    )
    assert actors["nato"].type == "Organization"

    counts = store.counts()
    assert counts["Claim"] == len(EXPECTED)
    assert counts["Source"] == len(EXPECTED) - 1  # 901 and 922 share their article
    assert counts["Actor"] == len(actors)


def test_projection_of_the_sample(store: GraphStore) -> None:
    load_gdelt(store, [SAMPLE])
    rows = store.query(
        "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, r.predicate, b.id, r.claims, "
        "r.max_confidence, r.first_date, r.last_date, r.modalities ORDER BY a.id, r.predicate, b.id"
    ).rows
    assert ["USA", "VISITS", "RUS", 2, 0.963, "2024-09-20", "2024-09-20", ["asserted"]] in rows
    # MEETS is symmetric: one edge, from the smaller id
    assert ["CHN", "MEETS", "IND", 1, 0.703, "2024-09-19", "2024-09-19", ["asserted"]] in rows
    assert sum(r[3] for r in rows) == len(EXPECTED)


def test_reloading_creates_no_duplicates(store: GraphStore) -> None:
    load_gdelt(store, [SAMPLE])
    before, claims = store.counts(), by_event(store)
    again = load_gdelt(store, [SAMPLE])
    assert again.claims == len(EXPECTED) and again.written.claims_new == 0
    assert store.counts() == before
    assert by_event(store) == claims


def test_a_zipped_export_loads_like_the_csv(store: GraphStore, tmp_path: Path) -> None:
    archive = tmp_path / "20240920120000.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(SAMPLE, SAMPLE.name)
    errors: list[InputError] = []
    report = load_gdelt(store, [archive], errors=errors)
    assert errors == [] and report.written.claims_new == len(EXPECTED)
    assert sorted(by_event(store)) == sorted(EXPECTED)


# -- bad input -----------------------------------------------------------------------

BAD_ROWS = [
    (2, "60 columns, a GDELT 2.0 event has 61"),
    (3, "bad SQLDATE '20241340' (want YYYYMMDD)"),
    (4, "unknown CAMEO event code '999'"),
    (5, "unknown CAMEO country code 'XYZ'"),
    (6, "NumMentions 'many' is not a number"),
    (8, "62 columns, a GDELT 2.0 event has 61"),
    (9, "bad DATEADDED '2024092012' (want YYYYMMDDHHMMSS)"),
    (10, "EventCode '042' disagrees with EventBaseCode '042' / EventRootCode '05'"),
]


def test_bad_rows_are_reported_and_the_rest_loaded(store: GraphStore) -> None:
    errors: list[InputError] = []
    report = load_gdelt(store, [BAD, SAMPLE], errors=errors)
    assert [(e.path, e.line, e.reason) for e in errors] == [
        (str(BAD), line, reason) for line, reason in BAD_ROWS
    ]
    assert str(errors[0]) == f"{BAD}:2: 60 columns, a GDELT 2.0 event has 61"
    assert report.errors is errors
    assert report.stats.rows == 10 + 23
    assert "8 bad" in report.summary()
    claims = by_event(store)
    assert sorted(claims) == sorted([*EXPECTED, "1187646001", "1187646007"])
    c = claims["1187646001"]  # 043: Russia is the guest
    assert (c.subject.id, c.predicate, c.object.id) == ("RUS", "VISITS", "USA")
    c = claims["1187646007"]
    assert (c.subject.id, c.predicate, c.object.id) == ("FRA", "SIGNS_AGREEMENT", "DEU")


def test_strict_fails_before_anything_is_written(store: GraphStore) -> None:
    errors: list[InputError] = []
    with pytest.raises(InputError, match="8 bad row"):
        load_gdelt(store, [SAMPLE, BAD], strict=True, errors=errors)
    assert [(e.line, e.reason) for e in errors] == BAD_ROWS
    assert store.counts()["Claim"] == 0 and store.counts()["Actor"] == 0
    # a clean file passes --strict
    report = load_gdelt(store, [SAMPLE], strict=True)
    assert report.written.claims_new == len(EXPECTED)


def test_a_truncated_zip_is_one_error_and_the_other_files_load(
    store: GraphStore, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(SAMPLE, SAMPLE.name)
    truncated = tmp_path / "20240920123000.export.CSV.zip"
    data = whole.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    errors: list[InputError] = []
    report = load_gdelt(store, [truncated, SAMPLE], errors=errors)
    assert len(errors) == 1
    assert errors[0].path == str(truncated) and errors[0].line is None
    assert errors[0].reason.startswith("cannot read: not a readable zip archive")
    assert report.written.claims_new == len(EXPECTED)
    with pytest.raises(InputError, match="1 bad row"):
        load_gdelt(store, [truncated], strict=True)


def test_unmapped_codes_can_be_skipped_instead(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "g.db")) as store:
        report = load_gdelt(store, [SAMPLE], unmapped="skip")
        claims = by_event(store)
    assert "1187645914" not in claims and len(claims) == len(EXPECTED) - 1
    assert report.stats.skipped["event code mapped to no predicate (--unmapped skip)"] == 1


def test_progress_counts_every_input_row(tmp_path: Path) -> None:
    seen: list[int] = []
    with open_store(str(tmp_path / "g.db")) as store:
        load_gdelt(store, [SAMPLE, BAD], progress=seen.append)
    assert sum(seen) == 23 + 10


def test_the_reader_streams_in_chunks() -> None:
    errors: list[InputError] = []
    chunks = list(read_gdelt_chunks(SAMPLE, errors=errors, block_bytes=2048))
    assert len(chunks) > 2 and errors == []
    assert sorted(event_id(c) for t in chunks for c in claims_from_tables(t)) == sorted(EXPECTED)
    # line numbers stay right across blocks
    loaded = list(read_gdelt_chunks(BAD, errors=errors, block_bytes=1024))
    assert [(e.line, e.reason) for e in errors] == BAD_ROWS
    assert sorted(event_id(c) for t in loaded for c in claims_from_tables(t)) == [
        "1187646001",
        "1187646007",
    ]


def reader_children() -> list[int]:
    """Live child processes of this one running the GDELT reader (from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields.get("PPid", "0")) == os.getpid() and b"_reader_main" in command:
            found.append(int(status.parent.name))
    return found


def test_generated_events_get_the_models_ids(tmp_path: Path) -> None:
    export = generated_export(tmp_path / "20240101000000.export.CSV", 3000)
    claims = 0
    for tables in read_gdelt_chunks(export, errors=[], block_bytes=256 << 10):
        chunk = list(claims_from_tables(tables))
        assert [c.id for c in chunk] == [c.compute_id() for c in chunk]
        claims += len(chunk)
    assert claims > 2500


def test_a_reader_process_loads_what_the_reader_thread_loads(tmp_path: Path) -> None:
    loaded = {}
    for reader in ("thread", "process"):
        errors: list[InputError] = []
        seen: list[int] = []
        with open_store(str(tmp_path / f"{reader}.db")) as store:
            report = load_gdelt(
                store, [SAMPLE, BAD], errors=errors, progress=seen.append, reader=reader,
                block_bytes=2048,
            )  # fmt: skip
            again = load_gdelt(store, [SAMPLE, BAD], errors=[], reader=reader)
            claims = {eid: c.id for eid, c in by_event(store).items()}
            relates = store.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
        loaded[reader] = (
            claims, relates, report.claims, report.written.claims_new, report.stats.rows,
            report.stats.skipped, report.stats.generic, [str(e) for e in errors], sum(seen),
            again.written.claims_new,
        )  # fmt: skip
    assert loaded["process"] == loaded["thread"]
    claims, relates, *_, progress, new_on_reload = loaded["process"]
    assert len(claims) == relates == len(EXPECTED) + 2 and progress == 23 + 10
    assert new_on_reload == 0
    assert reader_children() == []


def test_a_bad_option_in_the_reader_process_is_raised_in_the_loader(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "g.db")) as store:
        with pytest.raises(ValueError, match="unmapped must be"):
            load_gdelt(store, [SAMPLE], unmapped="drop", reader="process")
        assert store.counts()["Claim"] == 0
    assert reader_children() == []


def test_the_reader_process_ends_when_the_loader_stops_early(tmp_path: Path) -> None:
    export = generated_export(tmp_path / "20240101000000.export.CSV", 3000)
    parts = read_elsewhere([export], block_bytes=64 << 10)
    kind, tables, errors, rows = next(parts)
    assert kind == "chunk" and len(tables) and errors == [] and 0 < rows < 3000
    parts.close()
    assert reader_children() == []


def test_read_gdelt_gives_model_claims_for_the_pipeline() -> None:
    errors: list[InputError] = []
    claims = list(read_gdelt(BAD, errors=errors))
    assert all(isinstance(c, Claim) for c in claims)
    assert sorted(event_id(c) for c in claims) == ["1187646001", "1187646007"]
    assert [(e.line, e.reason) for e in errors] == BAD_ROWS


# -- the COPY bulk path gives the graph write_claims gives ---------------------------


def sample_claims() -> list[Claim]:
    """Claims that exercise the projection: people, items, symmetry, no time, denial."""
    src = Source.create(url="https://example.org/a", published="2024-05-02")
    other = Source.create(text="a report without a URL", title="Report")
    rus, irn, chn = Actor("RUS", "Russia"), Actor("IRN", "Iran"), Actor("CHN", "China")
    shoigu = Actor("sergei-shoigu", "Sergei Shoigu", "Person", country="RUS", role="secretary")
    bare = Actor("PRK", "PRK")  # named by its id only: a later name wins
    may = TimeSpan.parse("2024-05")

    def claim(**kw: Any) -> Claim:
        base: dict[str, Any] = {"source": src, "subject": rus, "predicate": "SUPPLIES",
                                "object": irn, "time": may, "confidence": 0.6}  # fmt: skip
        base.update(kw)
        return Claim(**base)

    return [
        claim(item=Item("Iskander", "WeaponSystem"), evidence=Evidence("a", 0, 1)),
        claim(item=Item("radar", "Equipment"), evidence=Evidence("b", 2, 3), confidence=0.9),
        claim(
            item=Item("Iskander", "WeaponSystem"),
            evidence=Evidence("c", 4, 5),
            modality="denied",
            time=None,
            source=other,
        ),  # fmt: skip
        claim(subject=shoigu, predicate="VISITS", evidence=Evidence("d", 6, 7)),
        claim(subject=irn, object=rus, predicate="SIGNS_AGREEMENT", evidence=Evidence("e")),
        claim(
            subject=rus,
            object=irn,
            predicate="SIGNS_AGREEMENT",
            evidence=Evidence("f"),
            time=TimeSpan.parse("2024-01-17"),
        ),  # fmt: skip
        claim(subject=chn, object=bare, predicate="MEETS", time=None),
        claim(
            subject=chn,
            object=Actor("PRK", "North Korea"),
            predicate="MEETS",
            evidence=Evidence("g"),
            modality="reported",
        ),  # fmt: skip
        claim(subject=shoigu, object=chn, predicate="MEETS", evidence=Evidence("h", 8, 9)),
    ]


def graph_of(store: GraphStore) -> dict[str, Any]:
    def rows(cypher: str) -> list[list[Any]]:
        return sorted(store.query(cypher).rows, key=repr)

    return {
        "claims": list(store.iter_claims()),
        "counts": store.counts(),
        "actors": rows("MATCH (a:Actor) RETURN a.id, a.name, a.type, a.country, a.role"),
        "acts_for": rows("MATCH (p:Actor)-[:ACTS_FOR]->(s:Actor) RETURN p.id, s.id"),
        "relates": [
            r[:-2] + [sorted(r[-2]), sorted(r[-1])]
            for r in rows(
                "MATCH (a:Actor)-[r:RELATES]->(b:Actor) RETURN a.id, r.predicate, b.id, "
                "r.family, r.weight, r.symmetric, r.claims, r.positive_claims, "
                "r.max_confidence, r.first_date, r.last_date, r.items, r.modalities"
            )
        ],
    }


@pytest.mark.parametrize("batch_size", [2, 100])
def test_bulk_path_writes_the_graph_write_claims_writes(tmp_path: Path, batch_size: int) -> None:
    claims = sample_claims()
    with (
        EmbeddedStore(tmp_path / "rows.db") as by_rows,
        EmbeddedStore(tmp_path / "bulk.db") as bulk,
    ):
        by_rows.write_claims(claims[:5])
        by_rows.write_claims(claims)
        first = write_claims_in_bulk(bulk, claims[:5], batch_size=batch_size)
        second = write_claims_in_bulk(bulk, claims, batch_size=batch_size)
        assert (first.claims_new, second.claims_new) == (5, len(claims) - 5)
        expected, got = graph_of(by_rows), graph_of(bulk)
    assert got["claims"] == expected["claims"]
    assert got == expected
    assert ["sergei-shoigu", "RUS"] in got["acts_for"]
    assert ["PRK", "North Korea", "State", None, None] in got["actors"]


def test_a_stale_projection_is_rebuilt_from_the_claims(tmp_path: Path) -> None:
    with EmbeddedStore(tmp_path / "g.db") as store:
        write_claims_in_bulk(store, sample_claims())
        before = graph_of(store)
        # as if a load died between its claims and its projection
        store.query("MATCH ()-[r:RELATES]->() WHERE r.predicate = 'MEETS' DELETE r", write=True)
        assert graph_of(store) != before
        report = bulk_write(store, [])
        assert report.claims_new == 0
        assert graph_of(store) == before


def test_a_failed_chunk_leaves_nothing_behind(tmp_path: Path) -> None:
    from geokg.graph.stores.bulk import tables_from_claims

    claims = sample_claims()
    with EmbeddedStore(tmp_path / "g.db") as store:
        tables = tables_from_claims(claims)
        tables.sources = tables.sources.iloc[:0]  # a claim links to a source the chunk lacks
        with pytest.raises(Exception, match="(?i)primary key|source"):
            bulk_write(store, [tables])
        assert store.counts()["Claim"] == 0 and store.counts()["Actor"] == 0
        write_claims_in_bulk(store, claims)
        assert store.counts()["Claim"] == len(claims)


def test_the_docs_show_the_mapping_tables() -> None:
    import tomllib

    docs = (Path(__file__).parents[2] / "docs" / "gdelt.md").read_text("utf-8")
    data = Path(__file__).parents[2] / "ingest" / "data"
    events = tomllib.loads((data / "cameo_events.toml").read_text("utf-8"))
    for prefix, spec in events["codes"].items():
        assert prefix in docs and spec["predicate"] in docs, prefix
    countries = tomllib.loads((data / "cameo_countries.toml").read_text("utf-8"))
    for table in ("exceptions", "regions", "groups"):
        for code in countries[table]:
            assert code in docs, (table, code)


# -- the Neo4j bulk path ----------------------------------------------------------


@pytest.mark.neo4j
@pytest.mark.parametrize("batch_size", [2, 100])
def test_neo4j_bulk_path_writes_the_graph_write_claims_writes(
    tmp_path: Path, neo4j_store: GraphStore, batch_size: int
) -> None:
    from geokg.graph.stores.bulk import tables_from_claims
    from geokg.graph.stores.neo4j_bulk import neo4j_bulk_write

    claims = sample_claims()
    with EmbeddedStore(tmp_path / "rows.db") as by_rows:
        by_rows.write_claims(claims[:5])
        by_rows.write_claims(claims)
        expected = graph_of(by_rows)
    first = neo4j_bulk_write(neo4j_store, [tables_from_claims(claims[:5])], batch_size=batch_size)  # type: ignore[arg-type]
    second = neo4j_bulk_write(neo4j_store, [tables_from_claims(claims)], batch_size=batch_size)  # type: ignore[arg-type]
    assert (first.claims_new, second.claims_new) == (5, len(claims) - 5)
    got = graph_of(neo4j_store)
    assert got["claims"] == expected["claims"]
    assert got == expected
    # integers stay integers (pandas holds an int column with a gap as floats)
    starts = neo4j_store.query(
        "MATCH (c:Claim) WHERE c.evidence_start IS NOT NULL RETURN c.evidence_start"
    ).rows
    assert starts and all(type(r[0]) is int for r in starts)


@pytest.mark.neo4j
def test_two_loads_of_one_file_at_once_store_each_event_once(neo4j_store: GraphStore) -> None:
    import threading

    reports: list[Any] = []
    failures: list[BaseException] = []

    def load() -> None:
        try:
            with open_store(neo4j_store.location) as store:
                reports.append(load_gdelt(store, [SAMPLE], batch_size=1))
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=load) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert sum(r.written.claims_new for r in reports) == len(EXPECTED)
    assert set(by_event(neo4j_store)) == set(EXPECTED)
    counted = neo4j_store.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
    assert counted == len(EXPECTED)


@pytest.mark.neo4j
def test_a_failed_neo4j_batch_leaves_nothing_behind(neo4j_store: GraphStore) -> None:
    from geokg.errors import StoreError
    from geokg.graph.stores.bulk import tables_from_claims
    from geokg.graph.stores.neo4j_bulk import neo4j_bulk_write

    claims = sample_claims()
    tables = tables_from_claims(claims)
    tables.sources = tables.sources.iloc[:0]  # a claim links to a source the chunk lacks
    with pytest.raises(StoreError, match="not written"):
        neo4j_bulk_write(neo4j_store, [tables])  # type: ignore[arg-type]
    assert neo4j_store.counts()["Claim"] == 0 and neo4j_store.counts()["Actor"] == 0
    neo4j_bulk_write(neo4j_store, [tables_from_claims(claims)])  # type: ignore[arg-type]
    assert neo4j_store.counts()["Claim"] == len(claims)


def test_a_failed_chunk_keeps_the_projection_of_the_chunks_before_it(tmp_path: Path) -> None:
    from dataclasses import replace

    from geokg.graph.stores.bulk import tables_from_claims

    claims = sample_claims()
    good = tables_from_claims(claims[:4])
    elsewhere = Source.create(url="https://example.org/another-article")
    bad = tables_from_claims([replace(c, source=elsewhere, id="") for c in claims[4:]])
    bad.sources = bad.sources.iloc[:0]  # its claims link to a source the chunk lacks
    with EmbeddedStore(tmp_path / "g.db") as store:
        with pytest.raises(Exception, match="(?i)primary key|source"):
            bulk_write(store, [good, bad])
        assert store.counts()["Claim"] == 4  # the first chunk was committed ...
        counted = store.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
        assert counted == 4  # ... and its claims are in the projection


KILLED_AFTER_ONE_CHUNK = """
import os, signal, sys
from geokg.graph.stores.bulk import BulkWriter, tables_from_claims
from geokg.graph.stores.embedded import EmbeddedStore
from tests.ingest.test_gdelt import sample_claims
store = EmbeddedStore(sys.argv[1])
BulkWriter(store).write(tables_from_claims(sample_claims()))  # committed, not yet folded
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_committed_chunk_survives_a_killed_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "g.db"
    root = Path(__file__).parents[2]
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_ONE_CHUNK, str(path)], cwd=root, check=False
    )
    assert done.returncode == -9
    with EmbeddedStore(path) as store:
        assert store.counts()["Claim"] == len(sample_claims())  # the chunk is on disk
        bulk_write(store, [])  # the next bulk load sees the lagging projection ...
        counted = store.query("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)").rows[0][0]
        assert counted == len(sample_claims())  # ... and rebuilds it


@pytest.mark.parametrize("reader", ["thread", "process"])
def test_the_fresh_import_reads_an_export_ahead_with_its_bad_rows_named(reader: str) -> None:
    """``geokg ingest --fresh-import`` reads exports through ``table_chunks``: the same claims
    as reading them in place, each bad row reported with its file and line."""
    report = IngestReport()
    chunks = list(table_chunks([SAMPLE, BAD], report, format="gdelt", reader=reader))
    errors: list[InputError] = []
    expected = [*read_gdelt_chunks(SAMPLE, errors=errors), *read_gdelt_chunks(BAD, errors=errors)]
    assert [event_id(c) for t in chunks for c in claims_from_tables(t)] == [
        event_id(c) for t in expected for c in claims_from_tables(t)
    ]
    assert [(e.line, e.reason) for e in report.errors] == BAD_ROWS
    assert {Path(e.path).name for e in report.errors} == {BAD.name}
    assert report.files == 2 and report.claims_seen == len(EXPECTED) + 2
