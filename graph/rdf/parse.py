"""RDF back in as claims: the reader behind ``geokg ingest FILE.ttl|.trig|.nq|.nt|.jsonld``.

It reads what ``export_claims`` writes: every ``geokg:Claim`` node of the
file, in any graph, rebuilt with its actors, item and source;
``read_events`` and ``read_stages`` read its events and agreement stages. The whole
file is parsed and checked before the first claim is yielded, so a bad file
writes nothing.
"""

from __future__ import annotations

import json
import logging
import warnings
import xml.sax
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.exceptions import ParserError
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from geokg.errors import InputError
from geokg.graph.claims import Actor, Claim, EventCode, Evidence, Item, Source, TimeSpan
from geokg.graph.events import Event, Voice
from geokg.graph.rdf.export import FORMATS, QUAD_FORMATS, format_for
from geokg.graph.rdf.vocabulary import (
    ACTOR,
    ACTOR_TYPE_OF_CLASS,
    CLAIM,
    EVENT,
    GEOKG,
    ITEM,
    MODALITY_OF_IRI,
    SOURCE,
    STAGE,
    WD,
    decode_id,
    predicates_by_property,
)
from geokg.graph.stages import Stage
from geokg.graph.vocabulary import GRANULARITIES

_LINE_FORMATS = frozenset({"nt", "nq"})
T = TypeVar("T")


def read_claims(path: Path, *, errors: list[InputError] | None = None) -> Iterator[Claim]:
    """The claims of an RDF file, in id order.

    A syntax error is an InputError with the file and, where the parser
    says, the line. A claim node that cannot be rebuilt is an InputError
    too; pass a list as ``errors`` to collect those and keep the good claims.
    """
    path = Path(path)
    graph = parse_graph(path)
    claims: list[Claim] = []
    for node in sorted(set(graph.subjects(RDF.type, GEOKG.Claim)), key=str):
        try:
            claims.append(_claim(graph, node))
        except InputError as exc:
            error = InputError(f"{_short(node)}: {exc.reason}", path=str(path))
            if errors is None:
                raise error from None
            errors.append(error)
    claims.sort(key=lambda c: c.id)
    yield from claims


def read_events(path: Path) -> list[Event]:
    """The events of an RDF file, sorted by id (as ``group_events`` gives them)."""
    return events_of(parse_graph(Path(path)))


def read_stages(path: Path) -> list[Stage]:
    """The agreement stages of an RDF file, in ``agreement_stages`` order."""
    return stages_of(parse_graph(Path(path)))


def events_of(graph: Graph) -> list[Event]:
    """Every ``geokg:Event`` of a parsed graph, rebuilt."""
    events = [_guarded(node, _event, graph) for node in set(graph.subjects(RDF.type, GEOKG.Event))]
    return sorted(events, key=lambda e: e.id)


def stages_of(graph: Graph) -> list[Stage]:
    """Every ``geokg:AgreementStage`` of a parsed graph, rebuilt."""
    stages = [
        _guarded(node, _stage, graph)
        for node in set(graph.subjects(RDF.type, GEOKG.AgreementStage))
    ]
    return sorted(stages, key=lambda s: (s.item, s.date or "", s.rank))


def _guarded(node: Node, build: Callable[[Graph, Node], T], graph: Graph) -> T:
    try:
        return build(graph, node)
    except InputError as exc:
        raise InputError(f"<{node}>: {exc.reason}") from None


def _event(graph: Graph, node: Node) -> Event:
    links = []
    for d in graph.objects(node, PROV.qualifiedDerivation):
        claim = decode_id(str(_required_iri(graph, d, PROV.entity)), CLAIM)
        side = _required_text(graph, d, GEOKG.side)
        if claim is None or side not in ("asserts", "denies"):
            raise InputError(f"bad derivation: claim {claim!r}, side {side!r}")
        links.append(Voice(claim, _required_int(graph, d, GEOKG.voice), side,
                           _bool(graph, d, GEOKG.syndicatedCopy)))  # fmt: skip
    item = _iri(graph, node, GEOKG.eventItem)
    return Event(
        id=_id_of(graph, node, EVENT),
        subject=_actor_id(graph, node, GEOKG.eventSubject),
        predicate=_predicate(_required_iri(graph, node, GEOKG.eventPredicate)),
        object=_actor_id(graph, node, GEOKG.eventObject),
        item=_decoded(item, ITEM) if item is not None else None,
        claims=_required_int(graph, node, GEOKG.claimCount),
        sources=_required_int(graph, node, GEOKG.sourceCount),
        publishers=_required_int(graph, node, GEOKG.publisherCount),
        asserting=_required_int(graph, node, GEOKG.assertingCount),
        denying=_required_int(graph, node, GEOKG.denyingCount),
        syndicated=_required_int(graph, node, GEOKG.syndicatedCount),
        first_reported=_text(graph, node, GEOKG.firstReported),
        last_reported=_text(graph, node, GEOKG.lastReported),
        time_start=_text(graph, node, GEOKG.eventStart),
        time_end=_text(graph, node, GEOKG.eventEnd),
        strongest=_modality(_required_iri(graph, node, GEOKG.strongestModality)),
        weakest=_modality(_required_iri(graph, node, GEOKG.weakestModality)),
        denied=_bool(graph, node, GEOKG.isDenied),
        confidence=_number(_required_text(graph, node, GEOKG.mergedConfidence)),
        links=tuple(sorted(links, key=lambda v: v.claim_id)),
    )


def _stage(graph: Graph, node: Node) -> Stage:
    head = _one(graph, node, GEOKG.stageClaims)
    claim_ids = [_decoded(c, CLAIM) for c in graph.items(head)] if head is not None else []
    return Stage(
        id=_id_of(graph, node, STAGE),
        item=_decoded(_required_iri(graph, node, GEOKG.agreement), ITEM),
        item_name=_required_text(graph, node, GEOKG.agreementName),
        stage=_required_text(graph, node, GEOKG.stageName),
        label=_required_text(graph, node, RDFS.label),
        rank=_required_int(graph, node, GEOKG.stageRank),
        date=_text(graph, node, GEOKG.stageDate),
        expected=_text(graph, node, GEOKG.expectedDate),
        first_reported=_text(graph, node, GEOKG.firstReported),
        parties=tuple(sorted(_decoded(p, ACTOR) for p in graph.objects(node, GEOKG.party))),
        claims=_required_int(graph, node, GEOKG.claimCount),
        sources=_required_int(graph, node, GEOKG.sourceCount),
        publishers=tuple(sorted(str(p) for p in graph.objects(node, DCTERMS.publisher))),
        evidence=_required_text(graph, node, GEOKG.stageEvidence),
        claim_ids=tuple(claim_ids),
    )


def _decoded(node: Node, namespace: Namespace) -> str:
    value = decode_id(str(node), namespace) if isinstance(node, URIRef) else None
    if value is None:
        raise InputError(f"<{node}> is not an IRI of {namespace}")
    return value


def _actor_id(graph: Graph, node: Node, prop: URIRef) -> str:
    return _decoded(_required_iri(graph, node, prop), ACTOR)


def _predicate(prop: URIRef) -> str:
    name = predicates_by_property().get(prop)
    if name is None:
        raise InputError(f"<{prop}> is not a geokg predicate")
    return name


def _modality(iri: URIRef) -> str:
    modality = MODALITY_OF_IRI.get(iri)
    if modality is None:
        raise InputError(f"unknown modality <{iri}>")
    return modality


def _required_int(graph: Graph, node: Node, prop: URIRef) -> int:
    value = _int(graph, node, prop)
    if value is None:
        raise InputError(f"missing {graph.qname(prop)}")
    return value


def _bool(graph: Graph, node: Node, prop: URIRef) -> bool:
    value = _required_text(graph, node, prop)
    if value not in ("true", "false", "1", "0"):
        raise InputError(f"{graph.qname(prop)} {value!r} is not a boolean")
    return value in ("true", "1")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number") from None


def parse_graph(path: Path) -> Graph:
    """Parse an RDF file into one graph, the union of all its named graphs."""
    format = format_for(path)
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    graph = Dataset() if format in QUAD_FORMATS else Graph()
    # rdflib logs every literal whose lexical form its converters reject;
    # we read lexical forms only, so that noise says nothing to a user.
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            # rdflib's N-Quads and TriG code calls a deprecated alias of rdflib's own.
            warnings.simplefilter("ignore", DeprecationWarning)
            graph.parse(str(path), format=FORMATS[format])
            if isinstance(graph, Dataset):
                union = Graph()
                for s, p, o, _ in graph.quads((None, None, None, None)):
                    union.add((s, p, o))
                graph = union
    except (BadSyntax, ParserError, xml.sax.SAXParseException, json.JSONDecodeError) as exc:
        raise _syntax_error(path, format, exc) from None
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid {format}: {exc}", path=str(path)) from None
    except (IndexError, NameError, AttributeError) as exc:
        # rdflib 7.6's Turtle and JSON-LD parsers trip over some malformed input
        # with an internal error (an index out of range, an unbound local).
        raise InputError(
            f"not valid {format} ({type(exc).__name__}: {exc})", path=str(path)
        ) from None
    finally:
        term_log.setLevel(level)
    return graph


def _syntax_error(path: Path, format: str, exc: Exception) -> InputError:
    line: int | None = None
    reason = str(exc)
    if isinstance(exc, BadSyntax):
        line, reason = exc.lines + 1, exc._why  # rdflib counts lines from 0
    elif isinstance(exc, json.JSONDecodeError):
        line, reason = exc.lineno, exc.msg
    elif isinstance(exc, xml.sax.SAXParseException):
        line, reason = exc.getLineNumber(), exc.getMessage()
    elif format in _LINE_FORMATS:
        line = _bad_line(path, format)
        reason = f"not a valid {format} statement"
    return InputError(f"syntax error: {reason}", path=str(path), line=line)


def _bad_line(path: Path, format: str) -> int | None:
    """The first line rdflib rejects (its N-Triples parser does not count lines)."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", DeprecationWarning)
                    Dataset().parse(data=text, format=FORMATS[format])
            except (ParserError, ValueError):
                return number
    return None


def _short(node: Node) -> str:
    claim_id = decode_id(str(node), CLAIM)
    return f"claim {claim_id}" if claim_id is not None else f"<{node}>"


def _one(graph: Graph, node: Node, prop: URIRef, *, required: bool = False) -> Node | None:
    values = list(graph.objects(node, prop))
    if len(values) > 1:
        raise InputError(f"{graph.qname(prop)} has {len(values)} values, want one")
    if not values:
        if required:
            raise InputError(f"missing {graph.qname(prop)}")
        return None
    return values[0]


def _text(graph: Graph, node: Node, prop: URIRef, *, required: bool = False) -> str | None:
    value = _one(graph, node, prop, required=required)
    if value is None:
        return None
    if not isinstance(value, Literal):
        raise InputError(f"{graph.qname(prop)} should be a literal, not <{value}>")
    return str(value)


def _int(graph: Graph, node: Node, prop: URIRef) -> int | None:
    value = _text(graph, node, prop)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{graph.qname(prop)} {value!r} is not an integer") from None


def _iri(graph: Graph, node: Node, prop: URIRef, *, required: bool = False) -> URIRef | None:
    value = _one(graph, node, prop, required=required)
    if value is None:
        return None
    if not isinstance(value, URIRef):
        raise InputError(f"{graph.qname(prop)} should be an IRI, not {value!r}")
    return value


def _required_iri(graph: Graph, node: Node, prop: URIRef) -> URIRef:
    value = _iri(graph, node, prop, required=True)
    assert value is not None  # required=True raised otherwise
    return value


def _required_text(graph: Graph, node: Node, prop: URIRef) -> str:
    value = _text(graph, node, prop, required=True)
    assert value is not None  # required=True raised otherwise
    return value


def _id_of(graph: Graph, node: Node, namespace: Namespace) -> str:
    """A node's id: its dcterms:identifier, else the id its IRI was minted from."""
    text = _text(graph, node, DCTERMS.identifier)
    if text is not None:
        return text
    decoded = decode_id(str(node), namespace)
    if not decoded:
        raise InputError(f"<{node}> has no dcterms:identifier")
    return decoded


def _claim(graph: Graph, node: Node) -> Claim:
    prop = _required_iri(graph, node, RDF.predicate)
    name = predicates_by_property().get(prop)
    if name is None:
        raise InputError(f"rdf:predicate <{prop}> is not a geokg predicate")
    modality_iri = _required_iri(graph, node, GEOKG.modality)
    modality = MODALITY_OF_IRI.get(modality_iri)
    if modality is None:
        raise InputError(f"unknown modality <{modality_iri}>")
    confidence_text = _text(graph, node, GEOKG.confidence)
    try:
        confidence = float(confidence_text) if confidence_text is not None else 1.0
    except ValueError:
        raise InputError(f"confidence {confidence_text!r} is not a number") from None
    item_node = _iri(graph, node, GEOKG.item)
    agent = _iri(graph, node, PROV.wasAttributedTo)
    start = _text(graph, node, GEOKG.timeStart)
    time = _time(
        start, _text(graph, node, GEOKG.timeEnd), _text(graph, node, GEOKG.timeGranularity)
    )
    evidence_text = _text(graph, node, GEOKG.evidenceText)
    evidence = None
    if evidence_text is not None:
        evidence = Evidence(
            evidence_text,
            _int(graph, node, GEOKG.evidenceStart),
            _int(graph, node, GEOKG.evidenceEnd),
        )
    event_code = _text(graph, node, GEOKG.eventCode)
    event = None
    if event_code is not None:
        goldstein = _text(graph, node, GEOKG.goldstein)
        try:
            event = EventCode(
                event_code,
                _text(graph, node, GEOKG.eventScheme) or "CAMEO",
                _int(graph, node, GEOKG.quadClass),
                float(goldstein) if goldstein is not None else None,
            )
        except ValueError:
            raise InputError(f"goldstein {goldstein!r} is not a number") from None
    return Claim(
        source=_source(graph, _required_iri(graph, node, PROV.wasDerivedFrom)),
        subject=_actor(graph, _required_iri(graph, node, RDF.subject)),
        predicate=name,
        object=_actor(graph, _required_iri(graph, node, RDF.object)),
        item=_item(graph, item_node) if item_node is not None else None,
        modality=modality,
        attributed_to=_required_text(graph, agent, RDFS.label) if agent else None,
        time=time,
        location=_text(graph, node, GEOKG.location),
        confidence=confidence,
        evidence=evidence,
        extractor=_required_text(graph, node, GEOKG.extractor),
        event=event,
        id=_id_of(graph, node, CLAIM),
    )


def _time(start: str | None, end: str | None, granularity: str | None) -> TimeSpan | None:
    if start is None:
        return None
    for value in (start, end):
        if value is not None:
            TimeSpan.parse(value)  # a clear error for a date that is no date
    granularity = granularity or "day"
    if granularity not in GRANULARITIES:
        raise InputError(f"bad time granularity {granularity!r}")
    return TimeSpan(start=start, end=end or start, granularity=granularity)


def _actor(graph: Graph, node: URIRef) -> Actor:
    types = [
        ACTOR_TYPE_OF_CLASS[t] for t in graph.objects(node, RDF.type) if t in ACTOR_TYPE_OF_CLASS
    ]
    if len(types) != 1:
        raise InputError(f"actor <{node}> needs exactly one actor class, has {len(types)}")
    country = _iri(graph, node, GEOKG.actsFor)
    country_id = decode_id(str(country), ACTOR) if country is not None else None
    if country is not None and country_id is None:
        raise InputError(f"geokg:actsFor <{country}> is not a geokg actor")
    aliases_head = _one(graph, node, GEOKG.aliases)
    aliases = tuple(str(a) for a in graph.items(aliases_head)) if aliases_head is not None else ()
    return Actor(
        id=_id_of(graph, node, ACTOR),
        name=_required_text(graph, node, RDFS.label),
        type=types[0],
        aliases=aliases,
        wikidata=_wikidata(graph, node),
        country=country_id,
        role=_text(graph, node, GEOKG.role),
    )


def _item(graph: Graph, node: URIRef) -> Item:
    if decode_id(str(node), ITEM) is None:
        raise InputError(f"item <{node}> is not a geokg item")
    return Item(
        name=_required_text(graph, node, RDFS.label),
        type=_required_text(graph, node, GEOKG.itemType),
        wikidata=_wikidata(graph, node),
    )


def _source(graph: Graph, node: URIRef) -> Source:
    url = _text(graph, node, GEOKG.url)
    page = _iri(graph, node, FOAF.page)
    if page is not None:
        url = str(page)
    stamp = _text(graph, node, PROV.generatedAtTime)
    return Source(
        id=_id_of(graph, node, SOURCE),
        url=url,
        title=_text(graph, node, DCTERMS.title),
        publisher=_text(graph, node, DCTERMS.publisher),
        published=stamp[:10] if stamp else None,
    )


def _wikidata(graph: Graph, node: Node) -> str | None:
    for same in graph.objects(node, OWL.sameAs):
        if str(same).startswith(str(WD)):
            return str(same)[len(WD) :]
    return _text(graph, node, GEOKG.wikidata)
