"""The RDF names of geokg: namespaces, IRIs minted from ids, predicate properties.

Export and parse both go through here, so an id always becomes the same IRI
and an IRI always reads back as the same id. ``ontology.ttl`` and
``shapes.ttl`` beside this module describe these names for other tools.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from urllib.parse import quote, unquote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from geokg.graph.vocabulary import ACTOR_TYPES, MODALITIES, NEGATIVE_MODALITIES, predicates

BASE = "https://w3id.org/geokg/"
GEOKG = Namespace(BASE + "ontology#")
"""Classes and properties of the project's own ontology (``ontology.ttl``)."""

ACTOR = Namespace(BASE + "id/actor/")
ITEM = Namespace(BASE + "id/item/")
SOURCE = Namespace(BASE + "id/source/")
CLAIM = Namespace(BASE + "id/claim/")
AGENT = Namespace(BASE + "id/agent/")
EVENT = Namespace(BASE + "id/event/")
STAGE = Namespace(BASE + "id/stage/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, object] = {
    "geokg": GEOKG,
    "actor": ACTOR,
    "item": ITEM,
    "source": SOURCE,
    "claim": CLAIM,
    "agent": AGENT,
    "event": EVENT,
    "stage": STAGE,
    "wd": WD,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
}

# An actor type's class; "Other" is not a class name anyone would guess.
ACTOR_CLASSES: dict[str, URIRef] = {
    t: GEOKG["OtherActor" if t == "Other" else t] for t in ACTOR_TYPES
}
ACTOR_TYPE_OF_CLASS: dict[URIRef, str] = {iri: t for t, iri in ACTOR_CLASSES.items()}

MODALITY_IRIS: dict[str, URIRef] = {m: GEOKG[m] for m in MODALITIES}
MODALITY_OF_IRI: dict[URIRef, str] = {iri: m for m, iri in MODALITY_IRIS.items()}
NEGATIVE_MODALITY_IRIS = frozenset(MODALITY_IRIS[m] for m in NEGATIVE_MODALITIES)

ISO3_CODE = GEOKG.ISO3166Alpha3
"""Datatype of an ISO 3166-1 alpha-3 ``skos:notation``."""
CAMEO_CODE = GEOKG.CAMEO
"""Datatype of a CAMEO event code ``skos:notation``."""

_QID = re.compile(r"Q[1-9][0-9]*")
_ISO3 = re.compile(r"[A-Z]{3}")
# RFC 3987 characters allowed unencoded in an IRI, ASCII only, "%" only as
# "%XX", one "#" at most; anything else stays a literal, never an IRI.
_SAFE_URL = re.compile(
    r"https?://[A-Za-z0-9\-._~!$&'()*+,;=:@/?]+"
    r"(?:%[0-9A-Fa-f]{2}[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*)*"
    r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?"
)


def encode_id(value: str) -> str:
    """Percent-encode every character that is not unreserved, so any id is a safe IRI path."""
    return quote(value, safe="")


def decode_id(iri: str, namespace: Namespace) -> str | None:
    """The id an IRI of ``namespace`` was minted from, or None for a foreign IRI."""
    if not iri.startswith(str(namespace)):
        return None
    try:
        return unquote(iri[len(namespace) :], errors="strict")
    except UnicodeDecodeError:
        return None  # percent-escapes that are not UTF-8: no id of ours


def actor_iri(actor_id: str) -> URIRef:
    return ACTOR[encode_id(actor_id)]


def item_iri(item_id: str) -> URIRef:
    return ITEM[encode_id(item_id)]


def source_iri(source_id: str) -> URIRef:
    return SOURCE[encode_id(source_id)]


def claim_iri(claim_id: str) -> URIRef:
    return CLAIM[encode_id(claim_id)]


def event_iri(event_id: str) -> URIRef:
    return EVENT[encode_id(event_id)]


def stage_iri(stage_id: str) -> URIRef:
    return STAGE[encode_id(stage_id)]


def agent_iri(name: str) -> URIRef:
    """The prov:Agent a claim is attributed to, minted from its name."""
    return AGENT[encode_id(name)]


def is_qid(value: str) -> bool:
    return _QID.fullmatch(value) is not None


def is_iso3(value: str) -> bool:
    return _ISO3.fullmatch(value) is not None


def is_safe_url(value: str) -> bool:
    """True for an http(s) URL that is a valid IRI exactly as written."""
    return _SAFE_URL.fullmatch(value) is not None


def property_name(predicate_name: str) -> str:
    """'PROVIDES_AID' -> 'providesAid': the local name of a predicate's property."""
    first, *rest = predicate_name.lower().split("_")
    return first + "".join(part.capitalize() for part in rest)


@cache
def predicate_properties() -> dict[str, URIRef]:
    """Each predicate of the vocabulary and its RDF property."""
    return {name: GEOKG[property_name(name)] for name in predicates()}


@cache
def predicates_by_property() -> dict[URIRef, str]:
    return {iri: name for name, iri in predicate_properties().items()}


def symmetric_properties() -> frozenset[URIRef]:
    return frozenset(predicate_properties()[p.name] for p in predicates().values() if p.symmetric)


def read_graph(name: str) -> Graph:
    """``ontology.ttl`` or ``shapes.ttl``, parsed."""
    text = resources.files("geokg.graph.rdf").joinpath(name).read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def ontology_graph() -> Graph:
    """The project's ontology: classes, one property per predicate, labels and comments."""
    return read_graph("ontology.ttl")


def shapes_graph() -> Graph:
    """The SHACL shapes an export satisfies."""
    return read_graph("shapes.ttl")
