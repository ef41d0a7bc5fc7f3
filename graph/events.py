"""Events across reports: the claims that report one happening, grouped and weighed.

Sits after the stores' claims and before the evidence queries: ``group_events``
is pure (claims in, events out) and each store keeps its result as ``Event``
nodes linked to their claims (``graph/stores/events.py``).

Grouping key: the projected edge (principal subject, predicate, principal
object, symmetric pairs sorted) and the item; a claim without an item takes
the item of its relation when the relation's claims name exactly one. Within
a key, claims are ordered by date (the claim's time, else its source's
publication day) and a new event starts where the gap to the previous claim
exceeds the window of the coarser of the two granularities
(``WINDOW_DAYS``: day 7, month 45, year 400; configurable). An event's id
hashes the key and its first date, so the same claims give the same events
in any order of ingest.

Independence: two claims are one voice when they come from the same
publisher (else the same source) or their sentences are near-identical
(syndicated copies of one wire story: equal after normalising, or word
3-shingle Jaccard >= ``SIMILARITY``). ``publishers`` counts voices;
``asserting``/``denying`` count them per side.

Merged confidence (noisy-OR per side, denials discount):
    support = 1 - prod(1 - c_v)   over asserting voices v, c_v = max confidence in v
    denial  = 1 - prod(1 - d_w)   over denying voices w
    confidence = support * (1 - denial)
It grows with each independent voice, does not move for a copy of a claim
already counted, and falls with each denial; one report gives its own confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geokg.graph.claims import Claim, content_id
from geokg.graph.stores.base import pair_key
from geokg.graph.vocabulary import NEGATIVE_MODALITIES

WINDOW_DAYS: Mapping[str, int] = {"day": 7, "month": 45, "year": 400}
"""How far apart (days) two reports of one event may be, by the coarser granularity."""

SIMILARITY = 0.8
"""Word 3-shingle Jaccard at or above which two sentences are copies of one story."""

MAX_PAIRWISE = 200
"""Above this many distinct sentences in one event, only exact (normalised) copies are found."""

MODALITY_STRENGTH = ("asserted", "reported", "planned", "alleged", "possible", "denied", "negated")
"""Strongest first: how firmly a report states the event."""


@dataclass(frozen=True, slots=True)
class EventConfig:
    """How claims are grouped: the time window per granularity and the copy threshold."""

    window_days: Mapping[str, int] = field(default_factory=lambda: dict(WINDOW_DAYS))
    similarity: float = SIMILARITY

    def window(self, a: str, b: str) -> int:
        return max(self.window_days.get(a, 0), self.window_days.get(b, 0))


@dataclass(frozen=True, slots=True)
class Voice:
    """One claim's place in its event: which independent voice and which side."""

    claim_id: str
    voice: int
    side: str
    """'asserts' or 'denies'."""
    copy: bool = False
    """A syndicated copy of another source's sentence."""


@dataclass(frozen=True, slots=True)
class Event:
    """One happening and what the reports of it add up to."""

    id: str
    subject: str
    predicate: str
    object: str
    item: str | None
    claims: int
    sources: int
    publishers: int
    asserting: int
    denying: int
    syndicated: int
    first_reported: str | None
    last_reported: str | None
    time_start: str | None
    time_end: str | None
    strongest: str
    weakest: str
    denied: bool
    confidence: float
    links: tuple[Voice, ...]

    def to_row(self) -> dict[str, Any]:
        """Properties as stored (links apart)."""
        return {
            "id": self.id, "subject": self.subject, "predicate": self.predicate,
            "object": self.object, "item": self.item or "", "claims": self.claims,
            "sources": self.sources, "publishers": self.publishers,
            "asserting": self.asserting, "denying": self.denying,
            "syndicated": self.syndicated, "first_reported": self.first_reported,
            "last_reported": self.last_reported, "time_start": self.time_start,
            "time_end": self.time_end, "strongest": self.strongest, "weakest": self.weakest,
            "denied": self.denied, "confidence": self.confidence,
        }  # fmt: skip


def claim_date(claim: Claim) -> tuple[str | None, str]:
    """When a claim says its event happened, and how precisely: its time, else publication."""
    if claim.time is not None:
        return claim.time.start, claim.time.granularity
    return claim.source.published, "day"


def group_events(claims: Iterable[Claim], config: EventConfig | None = None) -> list[Event]:
    """The events the claims report, sorted by id (see the module's notes for the rules)."""
    config = config or EventConfig()
    by_relation: dict[tuple[str, str, str], list[Claim]] = {}
    for c in {c.id: c for c in claims}.values():
        by_relation.setdefault(pair_key(c), []).append(c)
    events = []
    for relation, members in by_relation.items():
        item_ids = [c.item.id if c.item is not None else None for c in members]
        items = {i for i in item_ids if i is not None}
        only = next(iter(items)) if len(items) == 1 else None
        by_key: dict[str | None, list[Claim]] = {}
        for c, item_id in zip(members, item_ids, strict=True):
            by_key.setdefault(item_id or only, []).append(c)
        for item, group in by_key.items():
            for run in split_by_time(group, config):
                events.append(make_event(relation, item, run, config))
    events.sort(key=lambda e: e.id)
    return events


def split_by_time(claims: Sequence[Claim], config: EventConfig) -> list[list[Claim]]:
    """Runs of claims whose consecutive dates lie within the window (undated: one run)."""
    dated = sorted(((claim_date(c), c) for c in claims), key=lambda x: (x[0][0] or "", x[1].id))
    runs: list[list[Claim]] = []
    undated = [c for (when, _), c in dated if when is None]
    previous: tuple[date, str] | None = None
    for (when, granularity), c in dated:
        if when is None:
            continue
        day = date.fromisoformat(when)
        if previous is None or (day - previous[0]).days > config.window(granularity, previous[1]):
            runs.append([])
        runs[-1].append(c)
        previous = (day, granularity)
    if undated:
        runs.append(undated)
    return runs


def make_event(
    relation: tuple[str, str, str], item: str | None, claims: list[Claim], config: EventConfig
) -> Event:
    dates = [d for d in (claim_date(c)[0] for c in claims) if d]
    first = min(dates) if dates else None
    event_id = content_id("event", *relation, item, first)
    voices, copies, syndicated = assign_voices(claims, config)
    positive = [c for c in claims if c.modality not in NEGATIVE_MODALITIES]
    sides = {"asserts": positive, "denies": [c for c in claims if c not in positive]}
    links, strength = [], {}
    for side, members in sides.items():
        best: dict[int, float] = {}
        for c in members:
            links.append(Voice(c.id, voices[c.id], side, c.id in copies))
            if c.id not in copies:
                best[voices[c.id]] = max(best.get(voices[c.id], 0.0), float(c.confidence))
        strength[side] = best
    published = sorted(p for p in (c.source.published for c in claims) if p)
    starts = [c.time.start for c in claims if c.time] or dates
    ends = [c.time.end for c in claims if c.time] or dates
    ranked = sorted({c.modality for c in (positive or claims)}, key=MODALITY_STRENGTH.index)
    return Event(
        id=event_id,
        subject=relation[0],
        predicate=relation[1],
        object=relation[2],
        item=item,
        claims=len(claims),
        sources=len({c.source.id for c in claims}),
        publishers=len(set(voices.values())),
        asserting=len(strength["asserts"]),
        denying=len(strength["denies"]),
        syndicated=syndicated,
        first_reported=published[0] if published else first,
        last_reported=published[-1] if published else (max(dates) if dates else None),
        time_start=min(starts) if starts else None,
        time_end=max(ends) if ends else None,
        strongest=ranked[0],
        weakest=ranked[-1],
        denied=bool(strength["denies"]),
        confidence=merged_confidence(
            list(strength["asserts"].values()), list(strength["denies"].values())
        ),
        links=tuple(sorted(links, key=lambda v: v.claim_id)),
    )


def merged_confidence(support: Sequence[float], denial: Sequence[float]) -> float:
    """Noisy-OR of the independent asserting voices, discounted by the denying ones."""
    doubt = 1.0
    for c in support:
        doubt *= 1.0 - c
    disbelief = 1.0
    for d in denial:
        disbelief *= 1.0 - d
    return round((1.0 - doubt) * disbelief, 4)


def assign_voices(
    claims: Sequence[Claim], config: EventConfig
) -> tuple[dict[str, int], frozenset[str], int]:
    """Each claim's voice, the claims that are syndicated copies, and how many sources copied.

    Near-identical sentences form a cluster whose earliest report (by
    publication, then source id) is the original; the others, from other
    publishers, are copies: they join the original's voice and add no
    confidence. The remaining claims are one voice per publisher (else source).
    """
    if len(claims) == 1:  # most events at scale: one voice, nothing to compare
        return {claims[0].id: 0}, frozenset(), 0
    ordered = sorted(claims, key=lambda c: (c.source.published or "", c.source.id, c.id))
    originals: dict[str, int] = {}
    texts: list[tuple[int, frozenset[str]]] = []
    copy_of: dict[int, int] = {}
    for i, c in enumerate(ordered):
        text = normalise(c.evidence.text if c.evidence else "")
        if not text:
            continue
        j = originals.get(text)
        if j is None and len(texts) < MAX_PAIRWISE:
            mine = shingles(text)
            j = next(
                (k for k, theirs in texts if len(mine & theirs) / len(mine | theirs)
                 >= config.similarity),
                None,
            )  # fmt: skip
            texts.append((i, mine))
        if j is None:
            originals[text] = i
        elif publisher_key(ordered[j]) != publisher_key(c):
            copy_of[i] = copy_of.get(j, j)
    voice_of_publisher: dict[str, int] = {}
    voice: dict[int, int] = {}
    for i, c in enumerate(ordered):
        if i not in copy_of:
            voice[i] = voice_of_publisher.setdefault(publisher_key(c), len(voice_of_publisher))
    copies = frozenset(ordered[i].id for i in copy_of)
    syndicated = len({ordered[i].source.id for i in copy_of})
    return (
        {c.id: voice[copy_of.get(i, i)] for i, c in enumerate(ordered)},
        copies,
        syndicated,
    )


def publisher_key(claim: Claim) -> str:
    """Who published a claim: the publisher's name, else the source document."""
    return (claim.source.publisher or "").strip().casefold() or "source:" + claim.source.id


_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case ASCII words, single-spaced: what two copies of one wire story share."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(ascii_text.lower()))


def shingles(text: str, size: int = 3) -> frozenset[str]:
    words = text.split()
    if len(words) < size:
        return frozenset([text])
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
