"""Claims out as RDF: the direct fact layer, the reified claim layer, events and stages.

``export_claims`` is what ``geokg export`` calls. N-Triples and N-Quads are
written line by line as claims arrive (memory holds only the ids already
written: actors, items, sources, facts, claims); the other formats go
through an rdflib graph for its pretty serialisers. Both use the same quads.
Events and agreement stages (``graph/events.py``, ``graph/stages.py``) follow
the claims as ``prov:Entity`` nodes ``prov:wasDerivedFrom`` their claims.
"""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import IO, Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from geokg.errors import InputError
from geokg.graph.claims import Actor, Claim, Item, Source, content_id
from geokg.graph.events import Event
from geokg.graph.rdf.vocabulary import (
    ACTOR_CLASSES,
    GEOKG,
    ISO3_CODE,
    MODALITY_IRIS,
    PREFIXES,
    WD,
    actor_iri,
    agent_iri,
    claim_iri,
    event_iri,
    is_iso3,
    is_qid,
    is_safe_url,
    item_iri,
    predicate_properties,
    source_iri,
    stage_iri,
)
from geokg.graph.stages import Stage
from geokg.graph.stores.base import pair_key
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicate

FORMATS: dict[str, str] = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "xml": "xml",
}
"""Export format names and their rdflib serialiser."""

STREAMED = frozenset({"nt", "nq"})
QUAD_FORMATS = frozenset({"nq", "trig"})
"""Formats with named graphs: each claim's reified triples go in its source's graph."""

SUFFIXES: dict[str, str] = {
    ".ttl": "ttl",
    ".turtle": "ttl",
    ".nt": "nt",
    ".nq": "nq",
    ".trig": "trig",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}

Quad = tuple[Node, URIRef, Node, URIRef | None]
"""Subject, predicate, object and the named graph (None: the default graph)."""

# XML 1.0 cannot carry these characters at all, and a bare CR comes back as LF.
_XML_UNSAFE = {c for c in range(0x20) if c not in (0x09, 0x0A)} | {0xFFFE, 0xFFFF}


def format_for(path: Path | str) -> str:
    """The export format a file name asks for ('a.ttl' -> 'ttl')."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        known = ", ".join(sorted(SUFFIXES))
        raise InputError(f"cannot tell the RDF format from {suffix or 'no suffix'!r} ({known})")
    return SUFFIXES[suffix]


@dataclass
class _Seen:
    """What is already written: each actor, item, source, agent and fact once."""

    nodes: set[URIRef] = field(default_factory=set)
    facts: set[tuple[URIRef, URIRef, URIRef]] = field(default_factory=set)
    claims: set[str] = field(default_factory=set)

    def first(self, node: URIRef) -> bool:
        if node in self.nodes:
            return False
        self.nodes.add(node)
        return True


def claim_quads(claims: Iterable[Claim]) -> Iterator[Quad]:
    """Every quad of the export, claim by claim, in the order the claims come.

    An actor, item or source is described by the first claim that names it
    (the stores keep one node per id too).
    """
    seen = _Seen()
    for claim in claims:
        # A repeated id is the same claim (the stores ignore it the same way).
        if claim.id not in seen.claims:
            seen.claims.add(claim.id)
            yield from _one_claim(claim, seen)


def _one_claim(claim: Claim, seen: _Seen) -> Iterator[Quad]:
    subject, obj = actor_iri(claim.subject.id), actor_iri(claim.object.id)
    for actor, iri in ((claim.subject, subject), (claim.object, obj)):
        if seen.first(iri):
            yield from _actor_quads(actor, iri)
    item = item_iri(claim.item.id) if claim.item else None
    if claim.item is not None and item is not None and seen.first(item):
        yield from _item_quads(claim.item, item)
    source = source_iri(claim.source.id)
    if seen.first(source):
        yield from _source_quads(claim.source, source)
    agent = agent_iri(claim.attributed_to) if claim.attributed_to is not None else None
    if agent is not None and seen.first(agent):
        yield agent, RDF.type, PROV.Agent, None
        yield agent, RDFS.label, Literal(claim.attributed_to), None

    # The direct layer: what simple SPARQL sees. Denied and negated claims
    # only ever appear reified, where they do not assert anything.
    prop = predicate_properties()[claim.predicate]
    if claim.modality not in NEGATIVE_MODALITIES:
        facts = [(subject, prop, obj)]
        if predicate(claim.predicate).symmetric:
            facts.append((obj, prop, subject))
        for fact in facts:
            if fact not in seen.facts:
                seen.facts.add(fact)
                yield fact[0], fact[1], fact[2], None

    # The claim layer: RDF reification, in the source's graph where a format has graphs.
    c, g = claim_iri(claim.id), source
    yield c, RDF.type, GEOKG.Claim, g
    yield c, DCTERMS.identifier, Literal(claim.id), g
    yield c, RDF.subject, subject, g
    yield c, RDF.predicate, prop, g
    yield c, RDF.object, obj, g
    yield c, GEOKG.modality, MODALITY_IRIS[claim.modality], g
    # xsd:decimal, not double: rdflib's Turtle writer rounds doubles to 7 digits.
    confidence = format(Decimal(repr(float(claim.confidence))), "f")
    yield c, GEOKG.confidence, Literal(confidence, datatype=XSD.decimal), g
    yield c, GEOKG.extractor, Literal(claim.extractor), g
    yield c, PROV.wasDerivedFrom, source, g
    if item is not None:
        yield c, GEOKG.item, item, g
    if agent is not None:
        yield c, PROV.wasAttributedTo, agent, g
    if claim.time is not None:
        yield c, GEOKG.timeStart, Literal(claim.time.start, datatype=XSD.date), g
        yield c, GEOKG.timeEnd, Literal(claim.time.end, datatype=XSD.date), g
        yield c, GEOKG.timeGranularity, Literal(claim.time.granularity), g
    if claim.location is not None:
        yield c, GEOKG.location, Literal(claim.location), g
    if claim.evidence is not None:
        ev = claim.evidence
        yield c, GEOKG.evidenceText, Literal(ev.text), g
        if ev.start is not None:
            yield c, GEOKG.evidenceStart, Literal(str(ev.start), datatype=XSD.integer), g
        if ev.end is not None:
            yield c, GEOKG.evidenceEnd, Literal(str(ev.end), datatype=XSD.integer), g
    if claim.event is not None:
        event = claim.event
        yield c, GEOKG.eventScheme, Literal(event.scheme), g
        yield c, GEOKG.eventCode, Literal(event.code), g
        if event.quad_class is not None:
            yield c, GEOKG.quadClass, Literal(str(event.quad_class), datatype=XSD.integer), g
        if event.goldstein is not None:
            goldstein = format(Decimal(repr(float(event.goldstein))), "f")
            yield c, GEOKG.goldstein, Literal(goldstein, datatype=XSD.decimal), g


def event_quads(events: Iterable[Event]) -> Iterator[Quad]:
    """An event: what its reports add up to, and a qualified derivation from each claim."""
    for event in events:
        e = event_iri(event.id)
        yield e, RDF.type, GEOKG.Event, None
        yield e, RDF.type, PROV.Entity, None
        yield e, DCTERMS.identifier, Literal(event.id), None
        yield e, GEOKG.eventSubject, actor_iri(event.subject), None
        yield e, GEOKG.eventPredicate, predicate_properties()[event.predicate], None
        yield e, GEOKG.eventObject, actor_iri(event.object), None
        if event.item:
            yield e, GEOKG.eventItem, item_iri(event.item), None
        for prop, count in (
            (GEOKG.claimCount, event.claims),
            (GEOKG.sourceCount, event.sources),
            (GEOKG.publisherCount, event.publishers),
            (GEOKG.assertingCount, event.asserting),
            (GEOKG.denyingCount, event.denying),
            (GEOKG.syndicatedCount, event.syndicated),
        ):
            yield e, prop, _integer(count), None
        for prop, day in (
            (GEOKG.firstReported, event.first_reported),
            (GEOKG.lastReported, event.last_reported),
            (GEOKG.eventStart, event.time_start),
            (GEOKG.eventEnd, event.time_end),
        ):
            if day is not None:
                yield e, prop, Literal(day, datatype=XSD.date), None
        yield e, GEOKG.strongestModality, MODALITY_IRIS[event.strongest], None
        yield e, GEOKG.weakestModality, MODALITY_IRIS[event.weakest], None
        yield e, GEOKG.isDenied, Literal("true" if event.denied else "false",
                                         datatype=XSD.boolean), None  # fmt: skip
        yield e, GEOKG.mergedConfidence, _decimal(event.confidence), None
        for link in event.links:
            c = claim_iri(link.claim_id)
            d = BNode("derivation" + content_id(event.id, link.claim_id))
            yield e, PROV.wasDerivedFrom, c, None
            yield e, PROV.qualifiedDerivation, d, None
            yield d, RDF.type, PROV.Derivation, None
            yield d, PROV.entity, c, None
            yield d, GEOKG.voice, _integer(link.voice), None
            yield d, GEOKG.side, Literal(link.side), None
            yield d, GEOKG.syndicatedCopy, Literal("true" if link.copy else "false",
                                                   datatype=XSD.boolean), None  # fmt: skip


def stage_quads(stages: Iterable[Stage]) -> Iterator[Quad]:
    """An agreement stage: which agreement, which stage, when, and the claims that report it."""
    for stage in stages:
        s = stage_iri(stage.id)
        yield s, RDF.type, GEOKG.AgreementStage, None
        yield s, RDF.type, PROV.Entity, None
        yield s, DCTERMS.identifier, Literal(stage.id), None
        yield s, GEOKG.agreement, item_iri(stage.item), None
        yield s, GEOKG.agreementName, Literal(stage.item_name), None
        yield s, GEOKG.stageName, Literal(stage.stage), None
        yield s, RDFS.label, Literal(stage.label), None
        yield s, GEOKG.stageRank, _integer(stage.rank), None
        for prop, day in (
            (GEOKG.stageDate, stage.date),
            (GEOKG.expectedDate, stage.expected),
            (GEOKG.firstReported, stage.first_reported),
        ):
            if day is not None:
                yield s, prop, Literal(day, datatype=XSD.date), None
        for party in stage.parties:
            yield s, GEOKG.party, actor_iri(party), None
        yield s, GEOKG.claimCount, _integer(stage.claims), None
        yield s, GEOKG.sourceCount, _integer(stage.sources), None
        for publisher in stage.publishers:
            yield s, DCTERMS.publisher, Literal(publisher), None
        yield s, GEOKG.stageEvidence, Literal(stage.evidence), None
        # Claims in report order: an rdf:List keeps it, wasDerivedFrom is for querying.
        nodes = [BNode(f"stageclaims{i}x{_list_label(s)}") for i in range(len(stage.claim_ids))]
        if nodes:
            yield s, GEOKG.stageClaims, nodes[0], None
        for i, (node, claim_id) in enumerate(zip(nodes, stage.claim_ids, strict=True)):
            yield s, PROV.wasDerivedFrom, claim_iri(claim_id), None
            yield node, RDF.first, claim_iri(claim_id), None
            yield node, RDF.rest, nodes[i + 1] if i + 1 < len(nodes) else RDF.nil, None


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _decimal(value: float) -> Literal:
    # xsd:decimal, not double: rdflib's Turtle writer rounds doubles to 7 digits.
    return Literal(format(Decimal(repr(float(value))), "f"), datatype=XSD.decimal)


def _actor_quads(actor: Actor, iri: URIRef) -> Iterator[Quad]:
    yield iri, RDF.type, ACTOR_CLASSES[actor.type], None
    yield iri, DCTERMS.identifier, Literal(actor.id), None
    yield iri, RDFS.label, Literal(actor.name), None
    if actor.type == "State" and is_iso3(actor.id):
        yield iri, SKOS.notation, Literal(actor.id, datatype=ISO3_CODE), None
    yield from _wikidata_quads(iri, actor.wikidata)
    if actor.country is not None:
        yield iri, GEOKG.actsFor, actor_iri(actor.country), None
    if actor.role is not None:
        yield iri, GEOKG.role, Literal(actor.role), None
    if actor.aliases:
        # skos:altLabel for querying; an rdf:List keeps their order and repeats.
        for alias in dict.fromkeys(actor.aliases):
            yield iri, SKOS.altLabel, Literal(alias), None
        nodes = [BNode(f"aliases{i}x{_list_label(iri)}") for i in range(len(actor.aliases))]
        yield iri, GEOKG.aliases, nodes[0], None
        for i, (node, alias) in enumerate(zip(nodes, actor.aliases, strict=True)):
            yield node, RDF.first, Literal(alias), None
            yield node, RDF.rest, nodes[i + 1] if i + 1 < len(nodes) else RDF.nil, None


def _item_quads(item: Item, iri: URIRef) -> Iterator[Quad]:
    yield iri, RDF.type, GEOKG.Item, None
    yield iri, RDFS.label, Literal(item.name), None
    yield iri, GEOKG.itemType, Literal(item.type), None
    yield from _wikidata_quads(iri, item.wikidata)


def _source_quads(source: Source, iri: URIRef) -> Iterator[Quad]:
    yield iri, RDF.type, GEOKG.Source, None
    yield iri, DCTERMS.identifier, Literal(source.id), None
    if source.url is not None:
        if is_safe_url(source.url):
            yield iri, FOAF.page, URIRef(source.url), None
        else:
            # Not http(s), or not an IRI as written: kept, but only as text.
            yield iri, GEOKG.url, Literal(source.url), None
    if source.title is not None:
        yield iri, DCTERMS.title, Literal(source.title), None
    if source.publisher is not None:
        yield iri, DCTERMS.publisher, Literal(source.publisher), None
    if source.published is not None:
        stamp = Literal(source.published + "T00:00:00", datatype=XSD.dateTime)
        yield iri, PROV.generatedAtTime, stamp, None


def _wikidata_quads(iri: URIRef, wikidata: str | None) -> Iterator[Quad]:
    if wikidata is None:
        return
    if is_qid(wikidata):
        yield iri, OWL.sameAs, WD[wikidata], None
    else:
        yield iri, GEOKG.wikidata, Literal(wikidata), None


def _list_label(iri: URIRef) -> str:
    """A blank-node label part that is stable and unique per IRI."""
    return content_id(str(iri))


def export_claims(
    claims: Iterable[Claim],
    out: str | os.PathLike[str] | IO[str] | IO[bytes],
    format: str,
    *,
    events: Iterable[Event] = (),
    stages: Iterable[Stage] = (),
) -> int:
    """Write claims as RDF in ``format`` (see ``FORMATS``); returns the triples or quads written.

    ``events`` and ``stages`` (what ``build_events`` stored) follow the claims.

    ``out`` is a path or an open text or binary file (left open). N-Triples and N-Quads
    are streamed; an unknown format is an InputError raised before a path is
    created, and so is text RDF/XML cannot carry.
    """
    if format not in FORMATS:
        raise InputError(f"unknown RDF format {format!r} (known: {', '.join(FORMATS)})")
    if isinstance(out, str | os.PathLike):
        out = Path(out)
        if format in STREAMED:
            with out.open("w", encoding="utf-8", newline="\n") as handle:
                return _stream(claims, handle, format, events, stages)
        data, count = _serialize(claims, format, events, stages)
        out.write_bytes(data)
        return count
    if isinstance(out, io.TextIOBase):
        text: IO[str] = out  # type: ignore[assignment]
        wrapper = None
    else:
        wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="\n")  # type: ignore[arg-type,type-var]
        text = wrapper
    try:
        if format in STREAMED:
            count = _stream(claims, text, format, events, stages)
        else:
            data, count = _serialize(claims, format, events, stages)
            text.write(data.decode("utf-8"))
        text.flush()
    finally:
        if wrapper is not None:
            wrapper.detach()  # hand the caller's file back open
    return count


def _stream(
    claims: Iterable[Claim],
    out: IO[str],
    format: str,
    events: Iterable[Event] = (),
    stages: Iterable[Stage] = (),
) -> int:
    with_graph = format == "nq"
    count = 0
    lines: list[str] = []
    for s, p, o, g in _all_quads(claims, events, stages):
        if with_graph and g is not None:
            lines.append(f"{_nt(s)} <{p}> {_nt(o)} <{g}> .\n")
        else:
            lines.append(f"{_nt(s)} <{p}> {_nt(o)} .\n")
        if len(lines) >= 4096:
            out.write("".join(lines))
            count += len(lines)
            lines.clear()
    out.write("".join(lines))
    return count + len(lines)


# N-Triples 1.1 STRING_LITERAL_QUOTE forbids only these four characters raw.
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Node) -> str:
    """One term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_NT_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def _all_quads(
    claims: Iterable[Claim], events: Iterable[Event], stages: Iterable[Stage]
) -> Iterator[Quad]:
    return chain(claim_quads(claims), event_quads(events), stage_quads(stages))


def claims_graph(
    claims: Iterable[Claim],
    *,
    graphs: bool = False,
    events: Iterable[Event] = (),
    stages: Iterable[Stage] = (),
) -> Graph:
    """The export as an rdflib graph (a Dataset with one graph per source if ``graphs``)."""
    dataset = Dataset() if graphs else None
    graph = dataset.default_graph if dataset is not None else Graph()
    target = dataset if dataset is not None else graph
    for prefix, namespace in PREFIXES.items():
        target.bind(prefix, str(namespace), replace=True)
    named: dict[URIRef, Graph] = {}
    for s, p, o, g in _all_quads(claims, events, stages):
        if dataset is not None and g is not None:
            sub = named.get(g)
            if sub is None:
                sub = named[g] = dataset.graph(g)
            sub.add((s, p, o))
        else:
            graph.add((s, p, o))
    return target


def _serialize(
    claims: Iterable[Claim],
    format: str,
    events: Iterable[Event] = (),
    stages: Iterable[Stage] = (),
) -> tuple[bytes, int]:
    if format == "xml":
        claims = _xml_safe(claims)
        stages = _xml_safe_stages(stages)
    target = claims_graph(claims, graphs=format in QUAD_FORMATS, events=events, stages=stages)
    count = len(list(target.quads())) if isinstance(target, Dataset) else len(target)
    extra: dict[str, Any] = {"auto_compact": True} if format == "jsonld" else {}
    with warnings.catch_warnings():
        # rdflib's TriG writer calls a deprecated alias of rdflib's own.
        warnings.simplefilter("ignore", DeprecationWarning)
        data: bytes = target.serialize(format=FORMATS[format], encoding="utf-8", **extra)
    return data, count


def _xml_safe(claims: Iterable[Claim]) -> Iterator[Claim]:
    for claim in claims:
        for text in _texts(claim):
            bad = next((ch for ch in text if ord(ch) in _XML_UNSAFE), None)
            if bad is not None:
                raise InputError(
                    f"claim {claim.id}: text holds {bad!r}, which RDF/XML cannot carry; "
                    "export as ttl, nt, nq, trig or jsonld instead"
                )
        yield claim


def _xml_safe_stages(stages: Iterable[Stage]) -> Iterator[Stage]:
    for stage in stages:
        for text in (stage.item_name, stage.evidence, *stage.publishers):
            if any(ord(ch) in _XML_UNSAFE for ch in text):
                raise InputError(
                    f"stage {stage.id}: text holds a character RDF/XML cannot carry; "
                    "export as ttl, nt, nq, trig or jsonld instead"
                )
        yield stage


def _texts(claim: Claim) -> Iterator[str]:
    for actor in (claim.subject, claim.object):
        yield from (actor.id, actor.name, *actor.aliases)
        yield from (v for v in (actor.wikidata, actor.country, actor.role) if v)
    if claim.item:
        yield from (v for v in (claim.item.name, claim.item.type, claim.item.wikidata) if v)
    src = claim.source
    yield from (v for v in (src.id, src.url, src.title, src.publisher) if v)
    yield from (v for v in (claim.id, claim.attributed_to, claim.location, claim.extractor) if v)
    if claim.evidence:
        yield claim.evidence.text
    if claim.event:
        yield from (claim.event.scheme, claim.event.code)


_SUBJECT_COLUMNS = ("source", "subject", "a")
_OBJECT_COLUMNS = ("target", "object", "b")
_CLAIM_COLUMNS = ("claim_id", "claim_ids", "claims_ids")


def select_claims(claims: Iterable[Claim], rows: Iterable[Mapping[str, Any]]) -> Iterator[Claim]:
    """The claims behind a query's rows: a query's subgraph, for ``export --query``.

    A row names claims by a ``claim_id`` column (one id or a list), or an
    edge of the projection by ``source``/``subject``, ``predicate`` and
    ``target``/``object``: then every claim that counts towards that edge.
    """
    ids: set[str] = set()
    edges: set[tuple[str, str, str]] = set()
    for row in rows:
        named = [row[c] for c in _CLAIM_COLUMNS if row.get(c)]
        for value in named:
            ids.update([value] if isinstance(value, str) else value)
        a = next((row[c] for c in _SUBJECT_COLUMNS if row.get(c)), None)
        b = next((row[c] for c in _OBJECT_COLUMNS if row.get(c)), None)
        if not named and a and b and row.get("predicate"):
            a, b = str(a), str(b)
            if predicate(str(row["predicate"])).symmetric and b < a:
                a, b = b, a
            edges.add((a, str(row["predicate"]), b))
    for claim in claims:
        if claim.id in ids or pair_key(claim) in edges:
            yield claim
