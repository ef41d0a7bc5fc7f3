"""Events and agreement stages in the stores: derived from the claims, rebuilt whole.

``build_events`` reads the columns of every claim that grouping needs (as
Arrow, not claim objects), groups them (``graph/events.py``), reads the
agreement stages (``graph/stages.py``) and replaces the store's ``Event``
and ``Stage`` nodes with the result, so the same claims always leave the
same nodes, whatever order they came in:

    (:Event {id, subject, predicate, object, item, claims, sources, publishers,
             asserting, denying, syndicated, first_reported, last_reported,
             time_start, time_end, strongest, weakest, denied, confidence})
    (:Event)-[:DERIVED_FROM {voice, side, copy}]->(:Claim)
    (:Stage {id, item, item_name, stage, label, rank, date, expected, first_reported,
             parties, claims, sources, publishers, evidence})
    (:Stage)-[:STAGE_OF]->(:Item)   (:Stage)-[:STAGE_FROM]->(:Claim)
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geokg.graph.claims import Actor
from geokg.graph.events import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    LINK_COLUMNS,
    Event,
    EventConfig,
    Voice,
    event_columns,
)
from geokg.graph.stages import Stage, column_stages
from geokg.graph.stores.base import GraphStore

EMBEDDED_SCHEMA = (
    "CREATE NODE TABLE IF NOT EXISTS Event(id STRING PRIMARY KEY, subject STRING,"
    " predicate STRING, object STRING, item STRING, claims INT64, sources INT64,"
    " publishers INT64, asserting INT64, denying INT64, syndicated INT64,"
    " first_reported STRING, last_reported STRING, time_start STRING, time_end STRING,"
    " strongest STRING, weakest STRING, denied BOOLEAN, confidence DOUBLE)",
    "CREATE REL TABLE IF NOT EXISTS DERIVED_FROM(FROM Event TO Claim, voice INT64,"
    " side STRING, copy BOOLEAN)",
    "CREATE NODE TABLE IF NOT EXISTS Stage(id STRING PRIMARY KEY, item STRING,"
    " item_name STRING, stage STRING, label STRING, rank INT64, date STRING,"
    " expected STRING, first_reported STRING, parties STRING[], claims INT64,"
    " sources INT64, publishers STRING[], evidence STRING)",
    "CREATE REL TABLE IF NOT EXISTS STAGE_OF(FROM Stage TO Item)",
    "CREATE REL TABLE IF NOT EXISTS STAGE_FROM(FROM Stage TO Claim)",
)

NEO4J_SCHEMA = (
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT stage_id IF NOT EXISTS FOR (n:Stage) REQUIRE n.id IS UNIQUE",
)

DERIVED_LABELS = ("Event", "Stage")

BATCH = 20_000
"""Events per UNWIND batch on Neo4j."""

STAGE_COLUMNS = [
    ("id", pa.string()), ("item", pa.string()), ("item_name", pa.string()),
    ("stage", pa.string()), ("label", pa.string()), ("rank", pa.int64()),
    ("date", pa.string()), ("expected", pa.string()), ("first_reported", pa.string()),
    ("parties", pa.list_(pa.string())), ("claims", pa.int64()), ("sources", pa.int64()),
    ("publishers", pa.list_(pa.string())), ("evidence", pa.string()),
]  # fmt: skip

CREATE_EVENTS = """
UNWIND $rows AS r
CREATE (e:Event {id: r.id, subject: r.subject, predicate: r.predicate, object: r.object,
                 item: r.item, claims: r.claims, sources: r.sources, publishers: r.publishers,
                 asserting: r.asserting, denying: r.denying, syndicated: r.syndicated,
                 first_reported: r.first_reported, last_reported: r.last_reported,
                 time_start: r.time_start, time_end: r.time_end, strongest: r.strongest,
                 weakest: r.weakest, denied: r.denied, confidence: r.confidence})
WITH e, r
UNWIND r.links AS l
MATCH (c:Claim {id: l.claim})
CREATE (e)-[:DERIVED_FROM {voice: l.voice, side: l.side, copy: l.copy}]->(c)
"""

CREATE_STAGES = """
UNWIND $rows AS r
CREATE (s:Stage {id: r.id, item: r.item, item_name: r.item_name, stage: r.stage,
                 label: r.label, rank: r.rank, date: r.date, expected: r.expected,
                 first_reported: r.first_reported, parties: r.parties, claims: r.claims,
                 sources: r.sources, publishers: r.publishers, evidence: r.evidence})
WITH s, r
MATCH (i:Item {id: r.item})
CREATE (s)-[:STAGE_OF]->(i)
WITH s, r
UNWIND r.claim_ids AS id
MATCH (c:Claim {id: id})
CREATE (s)-[:STAGE_FROM]->(c)
"""

READ_CLAIM_COLUMNS = """
MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src:Source)
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
RETURN c.id AS id, s.id AS subject, c.predicate AS predicate, o.id AS object, i.id AS item,
       i.name AS item_name, i.type AS item_type, c.modality AS modality,
       c.confidence AS confidence, c.time_start AS time_start, c.time_end AS time_end,
       c.time_granularity AS granularity, src.id AS source, src.publisher AS publisher,
       src.published AS published, c.evidence_text AS text
"""
"""The ``CLAIM_COLUMNS`` of the stored claims, with actor ids where principals go."""

READ_ACTORS = "MATCH (a:Actor) RETURN a.id AS id, a.type AS type, a.country AS country"

READ_EVENTS = """
MATCH (e:Event)
RETURN e.id AS id, e.subject AS subject, e.predicate AS predicate, e.object AS object,
       e.item AS item, e.claims AS claims, e.sources AS sources, e.publishers AS publishers,
       e.asserting AS asserting, e.denying AS denying, e.syndicated AS syndicated,
       e.first_reported AS first_reported, e.last_reported AS last_reported,
       e.time_start AS time_start, e.time_end AS time_end, e.strongest AS strongest,
       e.weakest AS weakest, e.denied AS denied, e.confidence AS confidence
ORDER BY id
"""

READ_EVENT_LINKS = """
MATCH (e:Event)-[d:DERIVED_FROM]->(c:Claim)
RETURN e.id AS event, c.id AS claim, d.voice AS voice, d.side AS side, d.copy AS copy
ORDER BY event, claim
"""

READ_STAGES = """
MATCH (s:Stage)
RETURN s.id AS id, s.item AS item, s.item_name AS item_name, s.stage AS stage,
       s.label AS label, s.rank AS rank, s.date AS date, s.expected AS expected,
       s.first_reported AS first_reported, s.parties AS parties, s.claims AS claims,
       s.sources AS sources, s.publishers AS publishers, s.evidence AS evidence
ORDER BY id
"""

READ_STAGE_CLAIMS = """
MATCH (s:Stage)-[:STAGE_FROM]->(c:Claim)-[:FROM_SOURCE]->(src:Source)
RETURN s.id AS stage, c.id AS claim, coalesce(src.published, '') AS published
ORDER BY stage, published, claim
"""


def stored_events(store: GraphStore) -> list[Event]:
    """The events ``build_events`` stored, sorted by id (as ``group_events`` gives them)."""
    links: dict[str, list[Voice]] = {}
    for r in store.query(READ_EVENT_LINKS).records():
        links.setdefault(r["event"], []).append(
            Voice(r["claim"], int(r["voice"]), r["side"], bool(r["copy"]))
        )
    out = []
    for r in store.query(READ_EVENTS).records():
        out.append(
            Event(
                **{
                    **r,
                    "item": r["item"] or None,
                    "denied": bool(r["denied"]),
                    "confidence": float(r["confidence"]),
                    "links": tuple(links.get(r["id"], ())),
                }
            )  # fmt: skip
        )
    return out


def stored_stages(store: GraphStore) -> list[Stage]:
    """The agreement stages ``build_events`` stored, in ``agreement_stages`` order."""
    claims: dict[str, list[str]] = {}
    for r in store.query(READ_STAGE_CLAIMS).records():
        claims.setdefault(r["stage"], []).append(r["claim"])
    out = [
        Stage(
            **{
                **r,
                "parties": tuple(r["parties"] or ()),
                "publishers": tuple(r["publishers"] or ()),
                "claim_ids": tuple(claims.get(r["id"], ())),
            }
        )  # fmt: skip
        for r in store.query(READ_STAGES).records()
    ]
    out.sort(key=lambda s: (s.item, s.date or "", s.rank))
    return out


@dataclass
class EventReport:
    """What ``build_events`` did."""

    claims: int
    events: int
    stages: int
    corroborated: int
    """Events with two or more independent asserting publishers."""
    denied: int


def build_events(store: GraphStore, config: EventConfig | None = None) -> EventReport:
    """Group the store's claims into events and stages and store them (replacing the old)."""
    claims = stored_claim_columns(store)
    events, links = event_columns(claims, config)
    stages = column_stages(claims)
    count = claims.num_rows
    del claims
    _write(store, events, links, stages, verify=False)
    return EventReport(
        claims=count,
        events=events.num_rows,
        stages=len(stages),
        corroborated=pc.sum(pc.greater_equal(events["asserting"], 2)).as_py() or 0,
        denied=pc.sum(events["denied"]).as_py() or 0,
    )


def stored_claim_columns(store: GraphStore) -> pa.Table:
    """The ``CLAIM_COLUMNS`` of every stored claim (embedded: Arrow from the engine)."""
    if store.kind == "embedded":
        table = store._execute(READ_CLAIM_COLUMNS).get_as_arrow()  # type: ignore[attr-defined]
        actors = store._execute(READ_ACTORS).get_as_arrow().to_pylist()  # type: ignore[attr-defined]
    else:
        table = pa.Table.from_pylist(store.query(READ_CLAIM_COLUMNS).records())
        actors = store.query(READ_ACTORS).records()
    if table.num_rows == 0:
        return CLAIM_COLUMNS.empty_table()
    table = table.select(CLAIM_COLUMNS.names).cast(CLAIM_COLUMNS).combine_chunks()
    # The principal an actor counts for (a person's state): the Actor model's rule.
    ids = pa.array([a["id"] for a in actors], pa.string())
    principals = pa.array(
        [Actor(a["id"], a["id"], a["type"] or "State", country=a["country"] or None).principal
         for a in actors],
        pa.string(),
    )  # fmt: skip
    for side in ("subject", "object"):
        found = pc.index_in(table[side], value_set=ids)
        table = table.set_column(
            table.schema.get_field_index(side), side, principals.take(found.combine_chunks())
        )
    for name in ("time_start", "published"):  # no time, no day: null, as in the model
        column = table[name]
        blank = pc.fill_null(pc.equal(column, ""), False)
        table = table.set_column(
            table.schema.get_field_index(name), name, pc.if_else(blank, None, column)
        )
    return table


def write_events(
    store: GraphStore, events: Sequence[Event], stages: Sequence[Stage], *, verify: bool = True
) -> None:
    """Replace the store's events and stages with these.

    Every claim and item they name must be in the store (a StoreError
    otherwise, before anything is written); ``verify=False`` skips that check
    for events just built from the store's own claims.
    """
    event_table = pa.Table.from_pylist([e.to_row() for e in events], schema=EVENT_COLUMNS)
    links = pa.Table.from_pylist(
        [{"event": e.id, "claim": v.claim_id, "voice": v.voice, "side": v.side, "copy": v.copy}
         for e in sorted(events, key=lambda e: e.id) for v in e.links],
        schema=LINK_COLUMNS,
    )  # fmt: skip
    event_table = event_table.take(pc.sort_indices(event_table, [("id", "ascending")]))
    _write(store, event_table, links, stages, verify)


def _write(
    store: GraphStore, events: pa.Table, links: pa.Table, stages: Sequence[Stage], verify: bool
) -> None:
    """``events`` sorted by id, ``links`` by event: as ``event_columns`` gives them."""
    if store.kind == "embedded":
        _write_embedded(store, event_tables(events, links, stages), verify)
    else:
        _write_neo4j(store, events, links, stages, verify)


def event_tables(events: pa.Table, links: pa.Table, stages: Sequence[Stage]) -> dict[str, pa.Table]:
    """The node and relationship tables of ``EMBEDDED_SCHEMA``, column by column, for COPY."""
    stage_rows = [s.to_row() for s in stages]
    return {
        "Event": events,
        "DERIVED_FROM": links.rename_columns(["from", "to", "voice", "side", "copy"]),
        "Stage": pa.table(
            {name: pa.array([r[name] for r in stage_rows], kind) for name, kind in STAGE_COLUMNS},
            schema=pa.schema(STAGE_COLUMNS),
        ),
        "STAGE_OF": pa.table(
            {
                "from": pa.array([s.id for s in stages], pa.string()),
                "to": pa.array([s.item for s in stages], pa.string()),
            }
        ),
        "STAGE_FROM": pa.table(
            {
                "from": pa.array([s.id for s in stages for _ in s.claim_ids], pa.string()),
                "to": pa.array([c for s in stages for c in s.claim_ids], pa.string()),
            }
        ),
    }


def _write_embedded(store: Any, tables: dict[str, pa.Table], verify: bool) -> None:
    """COPY FROM Parquet in one transaction: the old go and the new arrive together, or neither."""
    from geokg.errors import StoreError
    from geokg.graph.stores.bulk import arrow_file

    store.check_room(2 * sum(t.nbytes for t in tables.values()))
    with tempfile.TemporaryDirectory(prefix="geokg-events-") as folder:
        files = {name: arrow_file(Path(folder), name, t) for name, t in tables.items() if len(t)}
        if verify:
            # A failed relationship COPY can corrupt a LadybugDB 0.22 store (bulk.py):
            # refuse links to claims or items it does not hold before trying one.
            for rel, table in (("DERIVED_FROM", "Claim"), ("STAGE_FROM", "Claim"),
                               ("STAGE_OF", "Item")):  # fmt: skip
                if rel not in files:
                    continue
                wanted = len(set(tables[rel].column("to").to_pylist()))
                found = store._rows(
                    f"LOAD FROM {files[rel]} WITH DISTINCT to AS id "
                    f"MATCH (n:{table} {{id: id}}) RETURN count(n)"
                )[0][0]
                if found != wanted:
                    raise StoreError(
                        f"{wanted - found} of the {table} ids the events name are not in the "
                        "store; load their claims first (nothing was written)"
                    )
        store._execute("BEGIN TRANSACTION")
        try:
            for label in DERIVED_LABELS:
                store._execute(f"MATCH (n:{label}) DETACH DELETE n")
            for name in ("Event", "Stage", "DERIVED_FROM", "STAGE_OF", "STAGE_FROM"):
                if name in files:
                    store._execute(f"COPY {name} FROM {files[name]}")
            store._execute("COMMIT")
        except Exception as exc:
            store._rollback()
            raise StoreError(
                f"the events were not written (the store is unchanged): {exc}"
            ) from exc
        store._execute("CHECKPOINT")  # a committed COPY is not in the WAL (bulk.py)


def _write_neo4j(
    store: Any, events: pa.Table, links: pa.Table, stages: Sequence[Stage], verify: bool
) -> None:
    """Old events deleted in batches, then one transaction per UNWIND batch of new rows."""
    from geokg.errors import StoreError

    if verify:
        claims = sorted(set(links["claim"].to_pylist())
                        | {c for s in stages for c in s.claim_ids})  # fmt: skip
        items = sorted({s.item for s in stages})
        for label, ids in (("Claim", claims), ("Item", items)):
            found = store.query(
                f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN count(n) AS n",
                {"ids": ids},
            ).records()[0]["n"]
            if found != len(ids):
                raise StoreError(
                    f"{len(ids) - found} of the {label} ids the events name are not in the "
                    "store; load their claims first (nothing was written)"
                )
    steps: list[tuple[str, list[dict[str, Any]]]] = []
    steps += [(CREATE_EVENTS, rows) for rows in _event_rows(events, links)]
    stage_rows = ({**s.to_row(), "claim_ids": list(s.claim_ids)} for s in stages)
    steps += [(CREATE_STAGES, rows) for rows in _chunks(stage_rows)]
    for ddl in NEO4J_SCHEMA:
        store.query(ddl, write=True)
    for label in DERIVED_LABELS:
        store.query(
            f"MATCH (n:{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS",
            write=True,
        )
    for cypher, rows in steps:

        def work(tx: Any, cypher: str = cypher, rows: list[dict[str, Any]] = rows) -> None:
            tx.run(cypher, rows=rows).consume()

        def write(work: Any = work) -> None:
            with store._session() as session:
                session.execute_write(work)

        store.run_batch(write, len(rows))


def _event_rows(events: pa.Table, links: pa.Table) -> Iterator[list[dict[str, Any]]]:
    """Batches of event rows, each with its links (both tables sorted by event)."""
    linked = links["event"].to_numpy(zero_copy_only=False)
    for start in range(0, events.num_rows, BATCH):
        rows = events.slice(start, BATCH).to_pylist()
        first = int(np.searchsorted(linked, rows[0]["id"], "left"))
        last = int(np.searchsorted(linked, rows[-1]["id"], "right"))
        mine = links.slice(first, last - first).to_pylist()
        for row in rows:
            row["links"] = []
        at = {row["id"]: row for row in rows}
        for link in mine:
            at[link["event"]]["links"].append(
                {"claim": link["claim"], "voice": link["voice"], "side": link["side"],
                 "copy": link["copy"]}
            )  # fmt: skip
        yield rows


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch
