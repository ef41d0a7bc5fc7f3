"""The projection both stores keep: one ``RELATES`` edge per actor pair and predicate.

A batch's new claims are folded into per-pair increments here, once, in
Python; each store then merges the increments into its ``RELATES`` edges in
the same transaction as the claims, so the aggregates always match them.

Besides the raw claim count an edge counts its distinct *evidence
sentences* and distinct *sources*, for all its claims and for the positive
ones (neither denied nor negated): "supplied radars and other equipment" is
two claims but one sentence. A sentence is identified by ``sentence_key``:
its source and its text with whitespace collapsed and case folded, so the
same sentence of one document counts once wherever it appears in it, and the
same sentence in two documents counts twice. A claim without evidence text is
a sentence of its own. Distinct counts cannot be summed across batches, so a
batch first reads what the stored claims of its sources already count
(``STORED_EVIDENCE``; a sentence belongs to one source, so that is all it can
repeat) and adds only the sentences and sources new to each edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from hashlib import sha1
from typing import Any

import numpy as np
import pandas as pd

from geokg.graph.claims import PERSON_TYPES, Claim, content_id
from geokg.graph.stores.base import pair_key
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicate, predicates

EVIDENCE_COUNTS = ("sentences", "sources", "positive_sentences", "positive_sources")
"""The distinct counts of a ``RELATES`` edge, in the order of ``_KINDS``."""

_KINDS = (("sentence", False), ("source", False), ("sentence", True), ("source", True))
"""What each count counts distinct values of, and whether only positive claims count."""

STORED_EVIDENCE = """
UNWIND $ids AS id
MATCH (src:Source {id: id})<-[:FROM_SOURCE]-(c:Claim)-[:SUBJECT]->(s:Actor),
      (c)-[:OBJECT]->(o:Actor)
RETURN c.id AS id, src.id AS source_id, c.evidence_text AS evidence_text,
       c.predicate AS predicate, c.modality AS modality,
       s.id AS s_id, s.type AS s_type, s.country AS s_country,
       o.id AS o_id, o.type AS o_type, o.country AS o_country
"""
"""The stored claims of the sources in ``$ids``: what their edges count already."""


def sentence_key(source_id: str, evidence_text: str | None, claim_id: str) -> str:
    """The evidence sentence a claim was read from, as a key: its source and normalised text."""
    text = " ".join((evidence_text or "").split()).casefold()
    return content_id(source_id, text) if text else content_id("claim", claim_id)


def sentence_keys(
    source_ids: Sequence[str], texts: Sequence[str | None], claim_ids: Sequence[str]
) -> list[str]:
    """``sentence_key`` of many claims (columns of a table), the same keys, faster.

    ``content_id`` spelled out: a million calls of the generic function cost seconds.
    """
    return [
        _sha(f"{s}\x1f{key}") if (key := _normal(t)) else _sha(f"claim\x1f{i}")
        for s, t, i in zip(source_ids, texts, claim_ids, strict=True)
    ]


def _normal(text: object) -> str:
    return " ".join(text.split()).casefold() if isinstance(text, str) else ""


def _sha(text: str) -> str:
    return sha1(text.encode("utf-8")).hexdigest()[:16]


def principal_pair(
    s_id: str, s_type: str | None, s_country: str | None,
    pred: str, o_id: str, o_type: str | None, o_country: str | None,
) -> tuple[str, str, str]:  # fmt: skip
    """``pair_key`` from stored columns: a person or unit counts for its state."""
    a = s_country if s_type in PERSON_TYPES and s_country else s_id
    b = o_country if o_type in PERSON_TYPES and o_country else o_id
    if predicates()[pred].symmetric and b < a:
        a, b = b, a
    return a, pred, b


Mark = tuple[str, str, str, int, str]
"""(from, predicate, to, which count, value): one sentence or source counted on one edge."""


def _marks(pair: tuple[str, str, str], sentence: str, source: str, positive: bool) -> list[Mark]:
    values = {"sentence": sentence, "source": source}
    return [
        (*pair, i, values[column])
        for i, (column, positive_only) in enumerate(_KINDS)
        if positive or not positive_only
    ]


def stored_marks(rows: Iterable[Mapping[str, Any]]) -> set[Mark]:
    """What the claims of ``STORED_EVIDENCE`` rows count already."""
    out: set[Mark] = set()
    for r in rows:
        pair = principal_pair(r["s_id"], r["s_type"], r["s_country"], r["predicate"],
                              r["o_id"], r["o_type"], r["o_country"])  # fmt: skip
        sentence = sentence_key(r["source_id"], r["evidence_text"], r["id"])
        out.update(_marks(pair, sentence, r["source_id"], r["modality"] not in NEGATIVE_MODALITIES))
    return out


def pair_increments(claims: Iterable[Claim], seen: set[Mark] | None = None) -> list[dict[str, Any]]:
    """Per (from, predicate, to): claim counts, new sentences and sources, confidence, dates…

    ``seen``: what the stored claims count already (``stored_marks``); it is
    updated with the sentences and sources these claims add.
    """
    seen = set() if seen is None else seen
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
                **dict.fromkeys(EVIDENCE_COUNTS, 0),
                "max_confidence": 0.0,
                "first_date": None,
                "last_date": None,
                "items": [],
                "modalities": [],
            }
        p["claims"] += 1
        positive = c.modality not in NEGATIVE_MODALITIES
        if positive:
            p["positive_claims"] += 1
        sentence = sentence_key(c.source.id, c.evidence.text if c.evidence else None, c.id)
        for mark in _marks(key, sentence, c.source.id, positive):
            if mark not in seen:
                seen.add(mark)
                p[EVIDENCE_COUNTS[mark[3]]] += 1
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


_SALTS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                   0x27D4EB2F165667C5], dtype=np.uint64)  # fmt: skip


def evidence_flags(
    frame: pd.DataFrame,
    seen: np.ndarray | Sequence[np.ndarray],
    *,
    marks: bool = True,
    only_new: bool = False,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The rule of ``pair_increments`` on a pair frame (``bulk.pair_frame``), vectorised.

    Adds the columns ``EVIDENCE_COUNTS``: 1 where the row is the first to
    bring its sentence or source to its edge, counting neither rows before it
    nor ``seen`` (sorted 64-bit hashes of what is counted already, or several
    such arrays). Returns the frame and ``seen`` with this frame's marks added
    (with ``only_new``: this frame's new marks alone, sorted; unless not
    ``marks``: then ``seen`` as it was, or no marks if it was several arrays).
    """
    several = not isinstance(seen, np.ndarray)
    before: list[np.ndarray] = [seen] if isinstance(seen, np.ndarray) else list(seen)
    frame = frame.copy()
    if frame.empty:
        for name in EVIDENCE_COUNTS:
            frame[name] = pd.Series(dtype="int64")
        return frame, empty_marks() if several or only_new else seen  # type: ignore[return-value]
    positive = frame["positive"].to_numpy(dtype=bool)
    everything = np.ones(len(frame), dtype=bool)
    added: list[np.ndarray] = [] if only_new else list(before)
    hashed = {  # a count of all claims and one of the positive ones hash the same values
        column: pd.util.hash_pandas_object(
            frame[["from", "predicate", "to", column]], index=False
        ).to_numpy()
        for column in dict.fromkeys(column for column, _ in _KINDS)
    }
    for i, (column, positive_only) in enumerate(_KINDS):
        hashes = hashed[column] ^ _SALTS[i]
        counted = positive if positive_only else everything
        known = np.zeros(len(frame), dtype=bool)
        for part in before:
            known |= _sorted_member(hashes, part)
        fresh = counted & ~known
        first = np.zeros(len(frame), dtype=bool)
        where = np.flatnonzero(fresh)
        _, unique_at = np.unique(hashes[where], return_index=True)
        first[where[unique_at]] = True
        frame[EVIDENCE_COUNTS[i]] = first.astype(np.int64)
        added.append(hashes[first])
    if not marks:
        return frame, empty_marks() if several else seen  # type: ignore[return-value]
    return frame, _sorted_unique(np.concatenate(added)) if added else empty_marks()


def _sorted_member(values: np.ndarray, sorted_unique: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_unique)`` by binary search: numpy 2.4's ``isin`` and
    ``unique`` hash 64-bit values, which took 1.7 s a call on the marks of 1M claims
    (bench/RESULTS.md); ``seen`` is sorted and unique already."""
    if not len(sorted_unique):
        return np.zeros(len(values), dtype=bool)
    # Searching in sorted order walks the array once (0.05 s for 400k values in 4M marks,
    # against 0.35 s in random order, which misses the cache on every probe).
    order = np.argsort(values, kind="stable")
    at = np.empty(len(values), dtype=np.intp)
    at[order] = np.searchsorted(sorted_unique, values[order])
    at = np.minimum(at, len(sorted_unique) - 1)
    return sorted_unique[at] == values


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (see ``_sorted_member``)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def merge_marks(seen: np.ndarray, more: np.ndarray) -> np.ndarray:
    """Two sets of marks (sorted, unique, disjoint) as one: a stable sort finds the two sorted
    runs and merges them in linear time."""
    return np.sort(np.concatenate([seen, more]), kind="stable")


def empty_marks() -> np.ndarray:
    """No sentence or source counted yet, for ``evidence_flags``."""
    return np.zeros(0, dtype=np.uint64)


def marks_of(frame: pd.DataFrame) -> np.ndarray:
    """What the claims of a pair frame count (e.g. stored claims read back)."""
    return evidence_flags(frame, empty_marks())[1]


def principal_actors(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """Person -> state links (``ACTS_FOR``) implied by the claims, sorted."""
    links = set()
    for c in claims:
        for actor in (c.subject, c.object):
            if actor.principal != actor.id:
                links.add((actor.id, actor.principal))
    return [{"person": p, "state": s} for p, s in sorted(links)]
