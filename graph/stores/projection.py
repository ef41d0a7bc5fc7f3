"""The projection both stores keep: one ``RELATES`` edge per actor pair and predicate.

A batch's new claims are folded into per-pair increments here, once, in
Python; each store then merges the increments into its ``RELATES`` edges in
the same transaction as the claims, so the aggregates always match them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geokg.graph.claims import Claim
from geokg.graph.stores.base import pair_key
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicate


def pair_increments(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Per (from, predicate, to): claim count, max confidence, date range, items, modalities."""
    pairs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for c in claims:
        key = pair_key(c)
        p = pairs.get(key)
        if p is None:
            spec = predicate(c.predicate)
            p = pairs[key] = {
                "a": key[0],
                "predicate": key[1],
                "b": key[2],
                "family": spec.family,
                "weight": spec.weight,
                "symmetric": spec.symmetric,
                "claims": 0,
                "positive_claims": 0,
                "max_confidence": 0.0,
                "first_date": None,
                "last_date": None,
                "items": [],
                "modalities": [],
            }
        p["claims"] += 1
        if c.modality not in NEGATIVE_MODALITIES:
            p["positive_claims"] += 1
        p["max_confidence"] = max(p["max_confidence"], float(c.confidence))
        when = c.time.start if c.time else c.source.published
        if when:
            p["first_date"] = when if p["first_date"] is None else min(p["first_date"], when)
            last = c.time.end if c.time else when
            p["last_date"] = last if p["last_date"] is None else max(p["last_date"], last)
        if c.item and c.item.name not in p["items"]:
            p["items"].append(c.item.name)
        if c.modality not in p["modalities"]:
            p["modalities"].append(c.modality)
    return [pairs[k] for k in sorted(pairs)]


def principal_actors(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Person -> state links (``ACTS_FOR``) implied by the claims, sorted."""
    links = set()
    for c in claims:
        for actor in (c.subject, c.object):
            if actor.principal != actor.id:
                links.add((actor.id, actor.principal))
    return [{"person": p, "state": s} for p, s in sorted(links)]
