"""Agreements through their life: the stage a claim about an agreement reports.

Sits beside ``events.py``: claims in, stages out, pure (read, like events,
from the claims' Arrow columns). The stages, their cues and precedence are
data (``data/stages.toml``). One ``Stage`` per
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

import pyarrow as pa
import pyarrow.compute as pc

from geokg.graph.claims import Claim, content_id
from geokg.graph.events import claim_columns
from geokg.graph.vocabulary import NEGATIVE_MODALITIES

FORWARD_MODALITIES = frozenset({"planned", "possible"})


@dataclass(frozen=True, slots=True)
class StageSpec:
    name: str
    label: str
    rank: int
    forward: bool
    cues: re.Pattern[str]
    """Any of the stage's cues, as one pattern."""


@dataclass(frozen=True, slots=True)
class StageRules:
    stages: dict[str, StageSpec]
    precedence: tuple[str, ...]
    forward_precedence: tuple[str, ...]
    planned_stage: str
    default_stage: str
    any_cue: re.Pattern[str]
    """Any cue of any stage: most sentences match none, and one search says so."""


@cache
def stage_rules() -> StageRules:
    """The stages of ``data/stages.toml``, in the order of an agreement's life."""
    text = resources.files("geokg.graph").joinpath("data/stages.toml").read_text("utf-8")
    table: dict[str, Any] = tomllib.loads(text)
    stages = {}
    every: list[str] = []
    for rank, (name, spec) in enumerate((k, v) for k, v in table.items() if isinstance(v, dict)):
        stages[name] = StageSpec(
            name=name,
            label=spec["label"],
            rank=rank,
            forward=bool(spec.get("forward", False)),
            cues=re.compile("|".join(f"(?:{cue})" for cue in spec["cues"]), re.IGNORECASE),
        )
        every += spec["cues"]
    return StageRules(
        stages=stages,
        precedence=tuple(table["precedence"]),
        forward_precedence=tuple(table["forward_precedence"]),
        planned_stage=table["planned_stage"],
        default_stage=table["default_stage"],
        any_cue=re.compile("|".join(f"(?:{cue})" for cue in every), re.IGNORECASE),
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
    text = claim.evidence.text if claim.evidence else ""
    return stage_from(claim.predicate, claim.modality, text)


def stage_from(predicate: str, modality: str, text: str) -> str | None:
    """The stage a sentence about an agreement reports (asserted, not denied), or None."""
    rules = stage_rules()
    matched = (
        {n for n, s in rules.stages.items() if s.cues.search(text)}
        if rules.any_cue.search(text)
        else set()
    )
    forward = modality in FORWARD_MODALITIES
    for name in rules.forward_precedence if forward else rules.precedence:
        if name in matched:
            return name
    if forward:
        return rules.planned_stage
    return rules.default_stage if predicate == "SIGNS_AGREEMENT" else None


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
    return column_stages(claim_columns(claims))


def column_stages(claims: pa.Table) -> list[Stage]:
    """The stages of ``CLAIM_COLUMNS`` rows (distinct ids), as ``agreement_stages``."""
    rules = stage_rules()
    about = pc.and_(
        pc.is_valid(claims["item"]),
        pc.or_(
            pc.equal(claims["predicate"], "SIGNS_AGREEMENT"),
            pc.fill_null(pc.equal(claims["item_type"], "Agreement"), False),
        ),
    )
    negative = pa.array(sorted(NEGATIVE_MODALITIES), pa.string())
    rows = claims.filter(pc.and_(about, pc.invert(pc.is_in(claims["modality"], negative))))
    names = [
        stage_from(p, m, t or "")
        for p, m, t in zip(rows["predicate"].to_pylist(), rows["modality"].to_pylist(),
                           rows["text"].to_pylist(), strict=True)
    ]  # fmt: skip
    rows = rows.append_column("stage", pa.array(names, pa.string()))
    rows = rows.filter(pc.is_valid(rows["stage"]))
    order = pa.table(
        {"item": rows["item"], "stage": rows["stage"],
         "published": pc.fill_null(rows["published"], ""), "id": rows["id"]}
    )  # members by (published or "", id): as the reports came  # fmt: skip
    rows = rows.take(pc.sort_indices(order, [(name, "ascending") for name in order.column_names]))
    col = {name: rows[name].to_pylist() for name in rows.column_names if name != "confidence"}
    out = []
    start = 0
    for end in range(1, rows.num_rows + 1):
        if end < rows.num_rows and (col["item"][end], col["stage"][end]) == (
            col["item"][start],
            col["stage"][start],
        ):
            continue
        members = range(start, end)
        item, spec = col["item"][start], rules.stages[col["stage"][start]]
        reported = [col["published"][i] for i in members if col["published"][i]]
        happened = sorted(
            col["time_start"][i] for i in members
            if col["time_start"][i] and col["modality"][i] not in FORWARD_MODALITIES
        )  # fmt: skip
        expected = sorted(col["time_start"][i] for i in members
                          if col["time_start"][i] and spec.forward)  # fmt: skip
        first_reported = reported[0] if reported else None
        when = first_reported if spec.forward else (happened[0] if happened else first_reported)
        out.append(
            Stage(
                id=content_id("stage", item, spec.name),
                item=item,
                item_name=item if col["item_name"][start] is None else col["item_name"][start],
                stage=spec.name,
                label=spec.label,
                rank=spec.rank,
                date=when,
                expected=expected[0] if expected else None,
                first_reported=first_reported,
                parties=tuple(sorted({col[side][i] for i in members
                                      for side in ("subject", "object")})),
                claims=len(members),
                sources=len({col["source"][i] for i in members}),
                publishers=tuple(sorted({col["publisher"][i] for i in members
                                         if col["publisher"][i]})),
                evidence=col["text"][start] or "",
                claim_ids=tuple(col["id"][i] for i in members),
            )
        )  # fmt: skip
        start = end
    out.sort(key=lambda s: (s.item, s.date or "", s.rank))
    return out
