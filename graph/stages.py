"""Agreements through their life: the stage a claim about an agreement reports.

Sits beside ``events.py``: claims in, stages out, pure. The stages, their
cues and precedence are data (``data/stages.toml``). One ``Stage`` per
(agreement item, stage), dated by its earliest report, linked to the claims
that report it; ``geokg query agreement-timeline`` reads them in date order.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from geokg.graph.claims import Claim, content_id
from geokg.graph.vocabulary import NEGATIVE_MODALITIES

FORWARD_MODALITIES = frozenset({"planned", "possible"})


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    label: str
    rank: int
    forward: bool
    cues: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class StageRules:
    stages: dict[str, StageSpec]
    precedence: tuple[str, ...]
    forward_precedence: tuple[str, ...]
    planned_stage: str
    default_stage: str


@cache
def stage_rules() -> StageRules:
    """The stages of ``data/stages.toml``, in the order of an agreement's life."""
    text = resources.files("geokg.graph").joinpath("data/stages.toml").read_text("utf-8")
    table: dict[str, Any] = tomllib.loads(text)
    stages = {}
    for rank, (name, spec) in enumerate((k, v) for k, v in table.items() if isinstance(v, dict)):
        stages[name] = StageSpec(
            name=name,
            label=spec["label"],
            rank=rank,
            forward=bool(spec.get("forward", False)),
            cues=tuple(re.compile(cue, re.IGNORECASE) for cue in spec["cues"]),
        )
    return StageRules(
        stages=stages,
        precedence=tuple(table["precedence"]),
        forward_precedence=tuple(table["forward_precedence"]),
        planned_stage=table["planned_stage"],
        default_stage=table["default_stage"],
    )


STAGES = tuple(stage_rules().stages)
"""Stage names in life order: proposed … withdrawn."""


def is_agreement_claim(claim: Claim) -> bool:
    """A claim about an agreement: SIGNS_AGREEMENT with an item, or an item of type Agreement."""
    if claim.item is None:
        return False
    return claim.predicate == "SIGNS_AGREEMENT" or claim.item.type == "Agreement"


def stage_of(claim: Claim) -> str | None:
    """The stage of its agreement a claim reports, or None (not about one, or a denial)."""
    if not is_agreement_claim(claim) or claim.modality in NEGATIVE_MODALITIES:
        return None
    rules = stage_rules()
    text = claim.evidence.text if claim.evidence else ""
    matched = {n for n, s in rules.stages.items() if any(c.search(text) for c in s.cues)}
    forward = claim.modality in FORWARD_MODALITIES
    for name in rules.forward_precedence if forward else rules.precedence:
        if name in matched:
            return name
    if forward:
        return rules.planned_stage
    return rules.default_stage if claim.predicate == "SIGNS_AGREEMENT" else None


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of one agreement, with when it was first reported and by whom."""

    id: str
    item: str
    item_name: str
    stage: str
    label: str
    rank: int
    date: str | None
    expected: str | None
    first_reported: str | None
    parties: tuple[str, ...]
    claims: int
    sources: int
    publishers: tuple[str, ...]
    evidence: str
    claim_ids: tuple[str, ...]

    def to_row(self) -> dict[str, Any]:
        return {
            "id": self.id, "item": self.item, "item_name": self.item_name,
            "stage": self.stage, "label": self.label, "rank": self.rank, "date": self.date,
            "expected": self.expected, "first_reported": self.first_reported,
            "parties": list(self.parties), "claims": self.claims, "sources": self.sources,
            "publishers": list(self.publishers), "evidence": self.evidence,
        }  # fmt: skip


def agreement_stages(claims: Iterable[Claim]) -> list[Stage]:
    """Every (agreement, stage) the claims report, sorted by agreement, date and rank."""
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
                id=content_id("stage", item, name),
                item=item,
                item_name=members[0].item.name if members[0].item else item,
                stage=name,
                label=spec.label,
                rank=spec.rank,
                date=when,
                expected=expected[0] if expected else None,
                first_reported=first_reported,
                parties=tuple(sorted({a for c in members for a in (c.subject.principal,
                                                                  c.object.principal)})),
                claims=len(members),
                sources=len({c.source.id for c in members}),
                publishers=tuple(sorted({c.source.publisher for c in members
                                         if c.source.publisher})),
                evidence=members[0].evidence.text if members[0].evidence else "",
                claim_ids=tuple(c.id for c in members),
            )
        )  # fmt: skip
    out.sort(key=lambda s: (s.item, s.date or "", s.rank))
    return out
