"""Claims flattened into the parameter rows that both stores' write queries UNWIND.

Values only ever reach Cypher as parameters built here, never spliced into
query text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from geokg.graph.claims import Actor, Claim


def actor_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """Every actor the claims name, plus the states their people act for, by id."""
    actors: dict[str, dict[str, Any]] = {}
    for c in claims:
        for a in (c.subject, c.object):
            if a.id not in actors or actors[a.id]["name"] == a.id:
                actors[a.id] = actor_row(a)
            if a.principal != a.id and a.principal not in actors:
                actors[a.principal] = actor_row(Actor(id=a.principal, name=a.principal))
    return [actors[k] for k in sorted(actors)]


def actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "aliases": list(a.aliases),
        "wikidata": a.wikidata,
        "country": a.country,
        "role": a.role,
    }


def item_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    items = {
        c.item.id: {
            "id": c.item.id,
            "name": c.item.name,
            "type": c.item.type,
            "wikidata": c.item.wikidata,
        }
        for c in claims
        if c.item
    }
    return [items[k] for k in sorted(items)]


def source_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    sources = {c.source.id: c.source.to_dict() for c in claims}
    return [sources[k] for k in sorted(sources)]


def claim_properties(c: Claim) -> dict[str, Any]:
    """A claim's own flat properties, shared by the store rows and the Parquet claim shards."""
    return {
        "modality": c.modality,
        "attributed_to": c.attributed_to,
        "time_start": c.time.start if c.time else None,
        "time_end": c.time.end if c.time else None,
        "location": c.location,
        "confidence": float(c.confidence),
        "evidence_text": c.evidence.text if c.evidence else None,
        "evidence_start": c.evidence.start if c.evidence else None,
        "evidence_end": c.evidence.end if c.evidence else None,
        "extractor": c.extractor,
        "event_scheme": c.event.scheme if c.event else None,
        "event_code": c.event.code if c.event else None,
        "quad_class": c.event.quad_class if c.event else None,
        "goldstein": c.event.goldstein if c.event else None,
    }


def claim_rows(claims: Sequence[Claim]) -> list[dict[str, Any]]:
    """One flat row per claim: its own properties and the ids it links to."""
    return [
        {
            "id": c.id,
            "predicate": c.predicate,
            "family": c.family,
            "weight": c.weight,
            **claim_properties(c),
            "time_granularity": c.time.granularity if c.time else None,
            "subject_id": c.subject.id,
            "object_id": c.object.id,
            "source_id": c.source.id,
            "item_id": c.item.id if c.item else None,
        }
        for c in claims
    ]


CLAIM_PROPERTIES = (
    "predicate",
    "family",
    "weight",
    "modality",
    "attributed_to",
    "time_start",
    "time_end",
    "time_granularity",
    "location",
    "confidence",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "extractor",
    "event_scheme",
    "event_code",
    "quad_class",
    "goldstein",
)
"""The Claim node's own properties, in schema order (the id comes first)."""
