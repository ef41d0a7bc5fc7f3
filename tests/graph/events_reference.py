"""The grouping and the stages as they were written first, claim object by claim object.

A test oracle only: ``graph/events.py`` and ``graph/stages.py`` now work on
Arrow columns, and ``test_events_columns.py`` checks that they give exactly
what this plain version gives (same rules, see those modules' notes).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from importlib import resources

from geokg.graph.claims import Claim, content_id
from geokg.graph.events import (
    MAX_PAIRWISE,
    MODALITY_STRENGTH,
    Event,
    EventConfig,
    Voice,
    merged_confidence,
    normalise,
    shingles,
)
from geokg.graph.stages import FORWARD_MODALITIES, Stage, is_agreement_claim, stage_rules
from geokg.graph.stores.base import pair_key
from geokg.graph.vocabulary import NEGATIVE_MODALITIES


def claim_date(c: Claim) -> str | None:
    return c.time.start if c.time is not None else c.source.published


def granularity(c: Claim) -> str:
    return c.time.granularity if c.time is not None else "day"


def group_events(claims: list[Claim], config: EventConfig | None = None) -> list[Event]:
    config = config or EventConfig()
    by_relation: dict[tuple[str, str, str], list[Claim]] = {}
    for c in {c.id: c for c in claims}.values():
        by_relation.setdefault(pair_key(c), []).append(c)
    events = []
    for relation, members in by_relation.items():
        items = {c.item.id for c in members if c.item is not None}
        only = next(iter(items)) if len(items) == 1 else None
        by_key: dict[str | None, list[Claim]] = {}
        for c in members:
            by_key.setdefault(c.item.id if c.item is not None else only, []).append(c)
        for item, group in by_key.items():
            for run in split_by_time(group, config):
                events.append(make_event(relation, item, run, config))
    return sorted(events, key=lambda e: e.id)


def split_by_time(claims: list[Claim], config: EventConfig) -> list[list[Claim]]:
    dated = sorted((c for c in claims if claim_date(c)), key=lambda c: (claim_date(c), c.id))
    runs: list[list[Claim]] = []
    for c in dated:
        if runs:
            last = runs[-1][-1]
            gap = date.fromisoformat(str(claim_date(c))) - date.fromisoformat(str(claim_date(last)))
        if not runs or gap.days > config.window(granularity(c), granularity(last)):
            runs.append([])
        runs[-1].append(c)
    undated = [c for c in claims if not claim_date(c)]
    return [*runs, undated] if undated else runs


def make_event(
    relation: tuple[str, str, str], item: str | None, claims: list[Claim], config: EventConfig
) -> Event:
    dates = [d for d in map(claim_date, claims) if d]
    first = min(dates) if dates else None
    voices, copies, syndicated = assign_voices(claims, config)
    positive = [c for c in claims if c.modality not in NEGATIVE_MODALITIES]
    negative = [c for c in claims if c.modality in NEGATIVE_MODALITIES]
    links, strength = [], {}
    for side, members in (("asserts", positive), ("denies", negative)):
        best: dict[int, float] = {}
        for c in members:
            links.append(Voice(c.id, voices[c.id], side, c.id in copies))
            if c.id not in copies:
                best[voices[c.id]] = max(best.get(voices[c.id], 0.0), float(c.confidence))
        strength[side] = best
    published = sorted(c.source.published for c in claims if c.source.published)
    starts = [c.time.start for c in claims if c.time] or dates
    ends = [c.time.end for c in claims if c.time] or dates
    ranked = sorted({c.modality for c in (positive or claims)}, key=MODALITY_STRENGTH.index)
    return Event(
        id=content_id("event", *relation, item, first),
        subject=relation[0], predicate=relation[1], object=relation[2], item=item,
        claims=len(claims), sources=len({c.source.id for c in claims}),
        publishers=len(set(voices.values())), asserting=len(strength["asserts"]),
        denying=len(strength["denies"]), syndicated=syndicated,
        first_reported=published[0] if published else first,
        last_reported=published[-1] if published else (max(dates) if dates else None),
        time_start=min(starts) if starts else None, time_end=max(ends) if ends else None,
        strongest=ranked[0], weakest=ranked[-1], denied=bool(strength["denies"]),
        confidence=merged_confidence(
            list(strength["asserts"].values()), list(strength["denies"].values())
        ),
        links=tuple(sorted(links, key=lambda v: v.claim_id)),
    )  # fmt: skip


def publisher(c: Claim) -> str:
    return (c.source.publisher or "").strip().casefold() or "source:" + c.source.id


def assign_voices(
    claims: list[Claim], config: EventConfig
) -> tuple[dict[str, int], frozenset[str], int]:
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
            similar = (k for k, theirs in texts
                       if len(mine & theirs) / len(mine | theirs) >= config.similarity)  # fmt: skip
            j = next(similar, None)
            texts.append((i, mine))
        if j is None:
            originals[text] = i
        elif publisher(ordered[j]) != publisher(c):
            copy_of[i] = copy_of.get(j, j)
    voice_of: dict[str, int] = {}
    voice = {
        i: voice_of.setdefault(publisher(c), len(voice_of))
        for i, c in enumerate(ordered)
        if i not in copy_of
    }
    return (
        {c.id: voice[copy_of.get(i, i)] for i, c in enumerate(ordered)},
        frozenset(ordered[i].id for i in copy_of),
        len({ordered[i].source.id for i in copy_of}),
    )


@cache
def cues() -> dict[str, list[re.Pattern[str]]]:
    """Each stage's cues compiled one by one, straight from the data file."""
    text = resources.files("geokg.graph").joinpath("data/stages.toml").read_text("utf-8")
    table = tomllib.loads(text)
    return {
        name: [re.compile(cue, re.IGNORECASE) for cue in spec["cues"]]
        for name, spec in table.items()
        if isinstance(spec, dict)
    }


def stage_of(c: Claim) -> str | None:
    if not is_agreement_claim(c) or c.modality in NEGATIVE_MODALITIES:
        return None
    rules, text = stage_rules(), c.evidence.text if c.evidence else ""
    matched = {name for name, found in cues().items() if any(p.search(text) for p in found)}
    forward = c.modality in FORWARD_MODALITIES
    for name in rules.forward_precedence if forward else rules.precedence:
        if name in matched:
            return name
    if forward:
        return rules.planned_stage
    return rules.default_stage if c.predicate == "SIGNS_AGREEMENT" else None


def agreement_stages(claims: list[Claim]) -> list[Stage]:
    rules = stage_rules()
    found: dict[tuple[str, str], list[Claim]] = {}
    for c in {c.id: c for c in claims}.values():
        stage = stage_of(c)
        if stage is not None and c.item is not None:
            found.setdefault((c.item.id, stage), []).append(c)
    out = []
    for (item, name), members in found.items():
        spec = rules.stages[name]
        members.sort(key=lambda c: (c.source.published or "", c.id))
        reported = [c.source.published for c in members if c.source.published]
        happened = sorted(
            c.time.start for c in members if c.time and c.modality not in FORWARD_MODALITIES
        )
        expected = sorted(c.time.start for c in members if c.time and spec.forward)
        first_reported = reported[0] if reported else None
        when = first_reported if spec.forward else (happened[0] if happened else first_reported)
        out.append(
            Stage(
                id=content_id("stage", item, name), item=item,
                item_name=members[0].item.name if members[0].item else item, stage=name,
                label=spec.label, rank=spec.rank, date=when,
                expected=expected[0] if expected else None, first_reported=first_reported,
                parties=tuple(sorted({a for c in members
                                      for a in (c.subject.principal, c.object.principal)})),
                claims=len(members), sources=len({c.source.id for c in members}),
                publishers=tuple(sorted({c.source.publisher for c in members
                                         if c.source.publisher})),
                evidence=members[0].evidence.text if members[0].evidence else "",
                claim_ids=tuple(c.id for c in members),
            )
        )  # fmt: skip
    return sorted(out, key=lambda s: (s.item, s.date or "", s.rank))
