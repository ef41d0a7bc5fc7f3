"""The one small interface every store implements.

Code above the stores (ingest, queries, RDF, the CLI) talks to a
``GraphStore`` and never imports a driver. Two implementations: Neo4j over
Bolt (``neo4j.py``) and the embedded on-disk default (``embedded.py``).

The graph both hold:

    (:Actor {id, name, type, aliases, wikidata, country, role})
    (:Item {id, name, type, wikidata})
    (:Source {id, url, title, publisher, published})
    (:Claim {id, predicate, family, weight, modality, attributed_to, time_start,
             time_end, time_granularity, location, confidence, evidence_text,
             evidence_start, evidence_end, extractor,
             event_scheme, event_code, quad_class, goldstein})
    (:Claim)-[:SUBJECT]->(:Actor)   (:Claim)-[:OBJECT]->(:Actor)
    (:Claim)-[:ABOUT]->(:Item)      (:Claim)-[:FROM_SOURCE]->(:Source)
    (:Actor)-[:ACTS_FOR]->(:Actor)  a person or unit -> its state
    (:Actor)-[:RELATES {predicate, family, weight, symmetric, claims,
                        positive_claims, sentences, sources, positive_sentences,
                        positive_sources, max_confidence, first_date, last_date,
                        items, modalities, rank}]->(:Actor)
    (:RelatesRank {id, version, ranked, edges})   whether the ranks are fresh
    (:LoadLedger {id, claims, entry})   embedded only: input chunks known stored (ledger.py)

``RELATES`` is the projection: one relationship per (principal subject,
predicate, principal object), where a person's principal is its state, and a
symmetric predicate is stored once, from the smaller id to the larger. Its
aggregates follow the claims whenever a batch touches the pair: ``claims``
counts claims, ``sentences`` and ``sources`` the distinct evidence sentences
and source documents behind them (``positive_*``: of the claims neither denied
nor negated; see ``projection.py``). Strength is ``positive_sentences ×
max_confidence``.
Its ``rank``, the order the network queries return, is set when a load ends
(``ranking.py``).
Dates are ISO strings, so they compare and sort the same in both stores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from geokg.graph.claims import Claim

DEFAULT_BATCH_SIZE = 2_000


@dataclass
class QueryResult:
    """Columns and rows of a Cypher query, as plain Python values."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class WriteReport:
    """What a write did: claims offered, claims new to the store, batches committed."""

    claims_seen: int = 0
    claims_new: int = 0
    batches: int = 0
    predicates: dict[str, int] = field(default_factory=dict)

    def add(self, other: WriteReport) -> None:
        self.claims_seen += other.claims_seen
        self.claims_new += other.claims_new
        self.batches += other.batches
        for key, value in other.predicates.items():
            self.predicates[key] = self.predicates.get(key, 0) + value


Progress = Callable[[int], None]
"""Called with the number of claims just committed."""


@runtime_checkable
class GraphStore(Protocol):
    """Where claims live. Open one with ``geokg.graph.stores.open_store``."""

    kind: str
    """'neo4j' or 'embedded'."""

    location: str
    """Where it is, safe to print (a path, or a URI without credentials)."""

    def write_claims(
        self,
        claims: Iterable[Claim],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteReport:
        """Write claims in batches, one transaction each; known claim ids are no-ops."""
        ...

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        """Run Cypher with parameters; refused if it writes and ``write`` is False."""
        ...

    def iter_claims(self) -> Iterator[Claim]:
        """Every stored claim, rebuilt as the model, in id order."""
        ...

    def counts(self) -> dict[str, int]:
        """Nodes by label and relationships by type."""
        ...

    def clear(self) -> None:
        """Delete everything (tests, and ``geokg clear``)."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


def write_in_batches(
    claims: Iterable[Claim],
    write_batch: Callable[[list[Claim]], WriteReport],
    *,
    batch_size: int,
    progress: Progress | None,
) -> WriteReport:
    """Cut ``claims`` into batches, write each with ``write_batch``, add up the reports."""
    report = WriteReport()
    iterator = iter(claims)
    while batch := list(islice(iterator, batch_size)):
        report.add(write_batch(batch))
        if progress:
            progress(len(batch))
    return report


def pair_key(claim: Claim) -> tuple[str, str, str]:
    """The projected edge a claim counts towards: (from, predicate, to)."""
    from geokg.graph.vocabulary import predicate

    a, b = claim.subject.principal, claim.object.principal
    if predicate(claim.predicate).symmetric and b < a:
        a, b = b, a
    return a, claim.predicate, b


def claim_from_record(
    rec: Mapping[str, Any], actors: dict[tuple[Any, ...], Any] | None = None
) -> Claim:
    """Rebuild a claim from the columns of ``CLAIM_RETURN`` (both stores).

    ``actors``, a dict kept across calls, lets claims share one object per
    actor instead of building (and checking) it again for every claim.
    """
    from geokg.graph.claims import Actor, EventCode, Evidence, Item, Source, TimeSpan

    def actor(prefix: str) -> Actor:
        key = (rec[f"{prefix}_id"], rec[f"{prefix}_name"], rec[f"{prefix}_type"],
               tuple(rec[f"{prefix}_aliases"] or ()), rec[f"{prefix}_wikidata"],
               rec[f"{prefix}_country"], rec[f"{prefix}_role"])  # fmt: skip
        found = actors.get(key) if actors is not None else None
        if found is None:
            found = Actor(*key)
            if actors is not None:
                actors[key] = found
        return found

    item = (
        Item(name=rec["item_name"], type=rec["item_type"], wikidata=rec["item_wikidata"])
        if rec.get("item_name")
        else None
    )
    time = (
        TimeSpan(rec["time_start"], rec["time_end"], rec["time_granularity"])
        if rec.get("time_start")
        else None
    )
    evidence = (
        Evidence(rec["evidence_text"], rec["evidence_start"], rec["evidence_end"])
        if rec.get("evidence_text") is not None
        else None
    )
    return Claim(
        source=Source(
            id=rec["source_id"],
            url=rec["source_url"],
            title=rec["source_title"],
            publisher=rec["source_publisher"],
            published=rec["source_published"],
        ),
        subject=actor("s"),
        predicate=rec["predicate"],
        object=actor("o"),
        item=item,
        modality=rec["modality"],
        attributed_to=rec["attributed_to"],
        time=time,
        location=rec["location"],
        confidence=rec["confidence"],
        evidence=evidence,
        extractor=rec["extractor"],
        event=(
            EventCode(rec["event_code"], rec["event_scheme"], rec["quad_class"], rec["goldstein"])
            if rec.get("event_code")
            else None
        ),
        id=rec["id"],
    )


CLAIM_MATCH = """
MATCH (c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src:Source)
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
"""

CLAIM_RETURN = """
RETURN c.id AS id, c.predicate AS predicate, c.modality AS modality,
       c.attributed_to AS attributed_to, c.time_start AS time_start, c.time_end AS time_end,
       c.time_granularity AS time_granularity, c.location AS location,
       c.confidence AS confidence, c.evidence_text AS evidence_text,
       c.evidence_start AS evidence_start, c.evidence_end AS evidence_end,
       c.extractor AS extractor, c.event_scheme AS event_scheme, c.event_code AS event_code,
       c.quad_class AS quad_class, c.goldstein AS goldstein,
       s.id AS s_id, s.name AS s_name, s.type AS s_type, s.aliases AS s_aliases,
       s.wikidata AS s_wikidata, s.country AS s_country, s.role AS s_role,
       o.id AS o_id, o.name AS o_name, o.type AS o_type, o.aliases AS o_aliases,
       o.wikidata AS o_wikidata, o.country AS o_country, o.role AS o_role,
       i.name AS item_name, i.type AS item_type, i.wikidata AS item_wikidata,
       src.id AS source_id, src.url AS source_url, src.title AS source_title,
       src.publisher AS source_publisher, src.published AS source_published
ORDER BY id
"""
