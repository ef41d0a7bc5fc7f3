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

The claims are grouped as Arrow columns (``CLAIM_COLUMNS``: what grouping
and stages read of a claim), so a store hands over a million claims without
building a million objects: the key, the order and the time split are
column operations, the one-report events (most of them at scale) are built
column-wise too, and only events of several reports go through Python one at
a time. ``group_events`` is the same path for claim objects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geokg.graph.claims import Claim, content_id
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicates

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


CLAIM_COLUMNS = pa.schema([
    ("id", pa.string()), ("subject", pa.string()), ("predicate", pa.string()),
    ("object", pa.string()), ("item", pa.string()), ("item_name", pa.string()),
    ("item_type", pa.string()), ("modality", pa.string()), ("confidence", pa.float64()),
    ("time_start", pa.string()), ("time_end", pa.string()), ("granularity", pa.string()),
    ("source", pa.string()), ("publisher", pa.string()), ("published", pa.string()),
    ("text", pa.string()),
])  # fmt: skip
"""What grouping and stages read of a claim, one row per claim id: ``subject`` and
``object`` are the actors' principals, ``item`` the item's id, ``source`` the
source's id, ``text`` the evidence sentence; a missing time or day is null."""

EVENT_COLUMNS = pa.schema([
    ("id", pa.string()), ("subject", pa.string()), ("predicate", pa.string()),
    ("object", pa.string()), ("item", pa.string()), ("claims", pa.int64()),
    ("sources", pa.int64()), ("publishers", pa.int64()), ("asserting", pa.int64()),
    ("denying", pa.int64()), ("syndicated", pa.int64()), ("first_reported", pa.string()),
    ("last_reported", pa.string()), ("time_start", pa.string()), ("time_end", pa.string()),
    ("strongest", pa.string()), ("weakest", pa.string()), ("denied", pa.bool_()),
    ("confidence", pa.float64()),
])  # fmt: skip
"""Events as stored (``Event.to_row``: no item is ''), in the store's column order."""

LINK_COLUMNS = pa.schema([
    ("event", pa.string()), ("claim", pa.string()), ("voice", pa.int64()),
    ("side", pa.string()), ("copy", pa.bool_()),
])  # fmt: skip
"""Each event's claims (``Voice``), sorted by event and claim."""


def claim_columns(claims: Iterable[Claim]) -> pa.Table:
    """The ``CLAIM_COLUMNS`` of claim objects (the last of each id)."""
    rows = [
        {
            "id": c.id, "subject": c.subject.principal, "predicate": c.predicate,
            "object": c.object.principal, "item": c.item.id if c.item else None,
            "item_name": c.item.name if c.item else None,
            "item_type": c.item.type if c.item else None, "modality": c.modality,
            "confidence": float(c.confidence), "time_start": c.time.start if c.time else None,
            "time_end": c.time.end if c.time else None,
            "granularity": c.time.granularity if c.time else None, "source": c.source.id,
            "publisher": c.source.publisher, "published": c.source.published,
            "text": c.evidence.text if c.evidence else None,
        }
        for c in {c.id: c for c in claims}.values()
    ]  # fmt: skip
    return pa.Table.from_pylist(rows, schema=CLAIM_COLUMNS)


def group_events(claims: Iterable[Claim], config: EventConfig | None = None) -> list[Event]:
    """The events the claims report, sorted by id (see the module's notes for the rules)."""
    return events_from_columns(*event_columns(claim_columns(claims), config))


def events_from_columns(events: pa.Table, links: pa.Table) -> list[Event]:
    """``EVENT_COLUMNS`` and ``LINK_COLUMNS`` as ``Event`` objects, in the tables' order."""
    voices: dict[str, list[Voice]] = {}
    for r in links.to_pylist():
        voices.setdefault(r["event"], []).append(
            Voice(r["claim"], r["voice"], r["side"], r["copy"])
        )
    return [
        Event(**{**r, "item": r["item"] or None, "links": tuple(voices.get(r["id"], ()))})
        for r in events.to_pylist()
    ]


def event_columns(claims: pa.Table, config: EventConfig | None = None) -> tuple[pa.Table, pa.Table]:
    """The events of ``CLAIM_COLUMNS`` rows (distinct ids): ``EVENT_COLUMNS`` sorted by id
    and ``LINK_COLUMNS`` sorted by event and claim."""
    config = config or EventConfig()
    if claims.num_rows == 0:
        return EVENT_COLUMNS.empty_table(), LINK_COLUMNS.empty_table()
    keyed, order, run = _runs(claims.combine_chunks(), config)
    size = np.bincount(run)[run]
    single, several = order[size == 1], order[size > 1]
    tables = [_single_events(keyed.take(pa.array(single)))]
    if len(several):
        rows = keyed.take(pa.array(several)).to_pylist()
        cuts = np.flatnonzero(np.diff(run[size > 1])) + 1
        built = [
            _event(rows[a:b], config)
            for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(rows)], strict=True)
        ]
        tables.append(
            (
                pa.Table.from_pylist([e for e, _ in built], schema=EVENT_COLUMNS),
                pa.Table.from_pylist([v for _, vs in built for v in vs], schema=LINK_COLUMNS),
            )
        )
    events = pa.concat_tables([e for e, _ in tables])
    links = pa.concat_tables([v for _, v in tables])
    return (
        events.take(pc.sort_indices(events, [("id", "ascending")])),
        links.take(pc.sort_indices(links, [("event", "ascending"), ("claim", "ascending")])),
    )


def _runs(claims: pa.Table, config: EventConfig) -> tuple[pa.Table, np.ndarray, np.ndarray]:
    """The claims keyed (projected edge, key item, date), their order and each one's run.

    Returns the claims as the columns an event needs (``subject``/``object``
    the projected edge, ``item`` the key's item, ``when`` the date), the row
    order (by key, dated before undated, date, id) and, in that order, the
    number of the event each row belongs to.
    """
    subject, obj, predicate = claims["subject"], claims["object"], claims["predicate"]
    symmetric = pa.array(sorted(n for n, p in predicates().items() if p.symmetric), pa.string())
    swap = pc.and_(pc.is_in(predicate, value_set=symmetric), pc.less(obj, subject))
    subject, obj = pc.if_else(swap, obj, subject), pc.if_else(swap, subject, obj)
    relation = _dense(_dense(_codes(subject)[0], _codes(predicate)[0]), _codes(obj)[0])
    # A claim without an item takes its relation's item when the relation names one.
    item, items = _codes(claims["item"])
    named = item >= 0
    pairs = np.unique(relation[named] * max(len(items), 1) + item[named])
    pair_relation, pair_item = np.divmod(pairs, max(len(items), 1))
    per_relation = np.bincount(pair_relation, minlength=int(relation.max()) + 1)
    only = np.full(len(per_relation), -1, np.int64)
    alone = per_relation[pair_relation] == 1
    only[pair_relation[alone]] = pair_item[alone]
    key_item = np.where(named, item, only[relation])
    key = _dense(relation, key_item + 1)

    timed = pc.is_valid(claims["time_start"])
    when = pc.coalesce(claims["time_start"], claims["published"])
    undated = pc.is_null(when).to_numpy(zero_copy_only=False)
    day = pc.cast(pc.cast(pc.strptime(when, format="%Y-%m-%d", unit="s"), pa.date32()), pa.int32())
    day = pc.fill_null(day, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    granularity, names = _codes(pc.if_else(timed, claims["granularity"], "day"))
    window = np.array([config.window_days.get(n, 0) for n in names] + [0])[granularity]

    order = pc.sort_indices(
        pa.table({"key": key, "undated": undated, "day": day, "id": claims["id"]}),
        [("key", "ascending"), ("undated", "ascending"), ("day", "ascending"),
         ("id", "ascending")],
    ).to_numpy()  # fmt: skip
    k, u, d, w = key[order], undated[order], day[order], window[order]
    new = np.ones(len(order), bool)
    new[1:] = (
        (k[1:] != k[:-1])
        | (u[1:] != u[:-1])
        | (~u[1:] & (d[1:] - d[:-1] > np.maximum(w[1:], w[:-1])))
    )
    item_ids = pa.array(items, pa.string()).take(pa.array(key_item, mask=key_item < 0))
    keyed = pa.table(
        {
            "id": claims["id"], "subject": subject, "predicate": predicate, "object": obj,
            "item": item_ids, "modality": claims["modality"], "confidence": claims["confidence"],
            "time_start": claims["time_start"], "time_end": claims["time_end"], "when": when,
            "source": claims["source"], "publisher": claims["publisher"],
            "published": claims["published"], "text": claims["text"],
        }
    )  # fmt: skip
    return keyed, order, np.cumsum(new) - 1


def _codes(values: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[Any]]:
    """Each value's index in the distinct values (null: -1), and those values."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return codes.astype(np.int64), encoded.dictionary.to_pylist()


def _dense(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One number per distinct pair of non-negative codes, 0 up."""
    return np.unique(a * (int(b.max()) + 1) + b, return_inverse=True)[1].astype(np.int64)


def _single_events(rows: pa.Table) -> tuple[pa.Table, pa.Table]:
    """The events of one report each, column-wise (what ``_event`` gives for one row)."""
    n = rows.num_rows
    positive = pc.invert(pc.is_in(rows["modality"], value_set=_NEGATIVE))
    asserting = pc.cast(positive, pa.int64())
    ids = pa.array(_event_ids(rows), pa.string())
    support = 1.0 - (1.0 - rows["confidence"].to_numpy(zero_copy_only=False))
    confidence = [
        round(c, 4) if p else 0.0
        for c, p in zip(support.tolist(), positive.to_pylist(), strict=True)
    ]  # as merged_confidence([c], []) and merged_confidence([], [c]), to the bit
    reported = pc.coalesce(rows["published"], rows["time_start"])
    ones, zeros = pa.array(np.ones(n, np.int64)), pa.array(np.zeros(n, np.int64))
    events = pa.table(
        {
            "id": ids, "subject": rows["subject"], "predicate": rows["predicate"],
            "object": rows["object"], "item": pc.fill_null(rows["item"], ""), "claims": ones,
            "sources": ones, "publishers": ones, "asserting": asserting,
            "denying": pc.subtract(ones, asserting), "syndicated": zeros,
            "first_reported": reported, "last_reported": reported, "time_start": rows["when"],
            "time_end": pc.if_else(pc.is_valid(rows["time_start"]), rows["time_end"], rows["when"]),
            "strongest": rows["modality"], "weakest": rows["modality"],
            "denied": pc.invert(positive), "confidence": pa.array(confidence, pa.float64()),
        },
        schema=EVENT_COLUMNS,
    )  # fmt: skip
    links = pa.table(
        {
            "event": ids, "claim": rows["id"], "voice": zeros,
            "side": pc.if_else(positive, "asserts", "denies"),
            "copy": pa.array(np.zeros(n, bool)),
        },
        schema=LINK_COLUMNS,
    )  # fmt: skip
    return events, links


_NEGATIVE = pa.array(sorted(NEGATIVE_MODALITIES), pa.string())


def _event_ids(rows: pa.Table) -> list[str]:
    """``content_id`` of each row's key and first date (its date, for one report)."""
    out: list[str] = []
    for batch in rows.select(["subject", "predicate", "object", "item", "when"]).to_batches(
        100_000
    ):
        parts = [column.to_pylist() for column in batch.columns]
        out += [content_id("event", *key) for key in zip(*parts, strict=True)]
    return out


def _event(
    rows: list[dict[str, Any]], config: EventConfig
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One event of several reports (rows of one run) and its links, as stored."""
    key = rows[0]
    dates = [r["when"] for r in rows if r["when"]]
    first = min(dates) if dates else None
    event_id = content_id("event", key["subject"], key["predicate"], key["object"], key["item"],
                          first)  # fmt: skip
    voices, copies, syndicated = assign_voices(rows, config)
    positive = [r for r in rows if r["modality"] not in NEGATIVE_MODALITIES]
    sides = {"asserts": positive,
             "denies": [r for r in rows if r["modality"] in NEGATIVE_MODALITIES]}  # fmt: skip
    links, strength = [], {}
    for side, members in sides.items():
        best: dict[int, float] = {}
        for r in members:
            voice = voices[r["id"]]
            links.append({"event": event_id, "claim": r["id"], "voice": voice, "side": side,
                          "copy": r["id"] in copies})  # fmt: skip
            if r["id"] not in copies:
                best[voice] = max(best.get(voice, 0.0), float(r["confidence"]))
        strength[side] = best
    published = sorted(r["published"] for r in rows if r["published"])
    starts = [r["time_start"] for r in rows if r["time_start"]] or dates
    ends = [r["time_end"] for r in rows if r["time_start"]] or dates
    ranked = sorted({r["modality"] for r in (positive or rows)}, key=MODALITY_STRENGTH.index)
    event = {
        "id": event_id, "subject": key["subject"], "predicate": key["predicate"],
        "object": key["object"], "item": key["item"] or "", "claims": len(rows),
        "sources": len({r["source"] for r in rows}), "publishers": len(set(voices.values())),
        "asserting": len(strength["asserts"]), "denying": len(strength["denies"]),
        "syndicated": syndicated,
        "first_reported": published[0] if published else first,
        "last_reported": published[-1] if published else (max(dates) if dates else None),
        "time_start": min(starts) if starts else None,
        "time_end": max(ends) if ends else None,
        "strongest": ranked[0], "weakest": ranked[-1], "denied": bool(strength["denies"]),
        "confidence": merged_confidence(
            list(strength["asserts"].values()), list(strength["denies"].values())
        ),
    }  # fmt: skip
    return event, links


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
    rows: Sequence[Mapping[str, Any]], config: EventConfig
) -> tuple[dict[str, int], frozenset[str], int]:
    """Each claim's voice, the claims that are syndicated copies, and how many sources copied.

    ``rows`` are ``CLAIM_COLUMNS`` rows of one event. Near-identical
    sentences form a cluster whose earliest report (by publication, then
    source id) is the original; the others, from other publishers, are
    copies: they join the original's voice and add no confidence. The
    remaining claims are one voice per publisher (else source).
    """
    if len(rows) == 1:
        return {rows[0]["id"]: 0}, frozenset(), 0
    ordered = sorted(rows, key=lambda r: (r["published"] or "", r["source"], r["id"]))
    publishers = [publisher_key(r["publisher"], r["source"]) for r in ordered]
    originals: dict[str, int] = {}
    texts: list[tuple[int, frozenset[str]]] = []
    copy_of: dict[int, int] = {}
    for i, r in enumerate(ordered):
        text = normalise(r["text"] or "")
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
        elif publishers[j] != publishers[i]:
            copy_of[i] = copy_of.get(j, j)
    voice_of_publisher: dict[str, int] = {}
    voice: dict[int, int] = {}
    for i in range(len(ordered)):
        if i not in copy_of:
            voice[i] = voice_of_publisher.setdefault(publishers[i], len(voice_of_publisher))
    copies = frozenset(ordered[i]["id"] for i in copy_of)
    syndicated = len({ordered[i]["source"] for i in copy_of})
    return (
        {r["id"]: voice[copy_of.get(i, i)] for i, r in enumerate(ordered)},
        copies,
        syndicated,
    )


def publisher_key(publisher: str | None, source: str) -> str:
    """Who published a claim: the publisher's name, else the source document."""
    return (publisher or "").strip().casefold() or "source:" + source


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
