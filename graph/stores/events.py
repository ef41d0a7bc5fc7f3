"""Events and agreement stages in the stores: derived from the claims, rebuilt whole.

``build_events`` reads every claim, groups them (``graph/events.py``), reads
the agreement stages (``graph/stages.py``) and replaces the store's
``Event`` and ``Stage`` nodes with the result, so the same claims always
leave the same nodes, whatever order they came in:

    (:Event {id, subject, predicate, object, item, claims, sources, publishers,
             asserting, denying, syndicated, first_reported, last_reported,
             time_start, time_end, strongest, weakest, denied, confidence})
    (:Event)-[:DERIVED_FROM {voice, side, copy}]->(:Claim)
    (:Stage {id, item, item_name, stage, label, rank, date, expected, first_reported,
             parties, claims, sources, publishers, evidence})
    (:Stage)-[:STAGE_OF]->(:Item)   (:Stage)-[:STAGE_FROM]->(:Claim)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from geokg.graph.events import Event, EventConfig, Voice, group_events
from geokg.graph.stages import Stage, agreement_stages
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

CREATE_EVENTS = """
UNWIND $rows AS r
CREATE (e:Event {id: r.id, subject: r.subject, predicate: r.predicate, object: r.object,
                 item: r.item, claims: r.claims, sources: r.sources, publishers: r.publishers,
                 asserting: r.asserting, denying: r.denying, syndicated: r.syndicated,
                 first_reported: r.first_reported, last_reported: r.last_reported,
                 time_start: r.time_start, time_end: r.time_end, strongest: r.strongest,
                 weakest: r.weakest, denied: r.denied, confidence: r.confidence})
"""

LINK_EVENTS = """
UNWIND $rows AS r
MATCH (e:Event {id: r.event}), (c:Claim {id: r.claim})
CREATE (e)-[:DERIVED_FROM {voice: r.voice, side: r.side, copy: r.copy}]->(c)
"""

CREATE_STAGES = """
UNWIND $rows AS r
CREATE (s:Stage {id: r.id, item: r.item, item_name: r.item_name, stage: r.stage,
                 label: r.label, rank: r.rank, date: r.date, expected: r.expected,
                 first_reported: r.first_reported, parties: r.parties, claims: r.claims,
                 sources: r.sources, publishers: r.publishers, evidence: r.evidence})
"""

LINK_STAGE_ITEMS = """
UNWIND $rows AS r
MATCH (s:Stage {id: r.id}), (i:Item {id: r.item})
CREATE (s)-[:STAGE_OF]->(i)
"""

LINK_STAGE_CLAIMS = """
UNWIND $rows AS r
MATCH (s:Stage {id: r.stage}), (c:Claim {id: r.claim})
CREATE (s)-[:STAGE_FROM]->(c)
"""


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
    claims = list(store.iter_claims())
    events = group_events(claims, config)
    stages = agreement_stages(claims)
    write_events(store, events, stages)
    return EventReport(
        claims=len(claims),
        events=len(events),
        stages=len(stages),
        corroborated=sum(1 for e in events if e.asserting >= 2),
        denied=sum(1 for e in events if e.denied),
    )


def write_events(store: GraphStore, events: Sequence[Event], stages: Sequence[Stage]) -> None:
    """Replace the store's events and stages with these."""
    steps: list[tuple[str, list[dict[str, Any]]]] = []
    steps += [(CREATE_EVENTS, rows) for rows in _chunks(e.to_row() for e in events)]
    links = (
        {"event": e.id, "claim": v.claim_id, "voice": v.voice, "side": v.side, "copy": v.copy}
        for e in events
        for v in e.links
    )
    steps += [(LINK_EVENTS, rows) for rows in _chunks(links)]
    steps += [(CREATE_STAGES, rows) for rows in _chunks(s.to_row() for s in stages)]
    steps += [(LINK_STAGE_ITEMS, rows) for rows in _chunks(s.to_row() for s in stages)]
    stage_claims = ({"stage": s.id, "claim": c} for s in stages for c in s.claim_ids)
    steps += [(LINK_STAGE_CLAIMS, rows) for rows in _chunks(stage_claims)]
    if store.kind == "embedded":
        _write_embedded(store, steps)
    else:
        _write_neo4j(store, steps)


def _write_embedded(store: Any, steps: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """One transaction: the old events go and the new arrive together, or neither."""
    from geokg.errors import StoreError

    store.check_room(sum(len(str(r)) for _, rows in steps for r in rows) * 2)
    store._execute("BEGIN TRANSACTION")
    try:
        for label in DERIVED_LABELS:
            store._execute(f"MATCH (n:{label}) DETACH DELETE n")
        for cypher, rows in steps:
            store._execute(cypher, {"rows": rows})
        store._execute("COMMIT")
    except Exception as exc:
        store._rollback()
        raise StoreError(f"the events were not written (the store is unchanged): {exc}") from exc


def _write_neo4j(store: Any, steps: list[tuple[str, list[dict[str, Any]]]]) -> None:
    """Old events deleted in batches, then one transaction per batch of new rows."""
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


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch
