"""Confidence: how far a claim read from text can be trusted, as one number.

Last step before claims are built. The score multiplies three factors:

* modality — how firmly the text states the relation: asserted 0.9,
  reported 0.8, planned 0.6, alleged 0.5, possible 0.4; denied 0.6 and
  negated 0.7 measure how sure we are that the text *rules it out*;
* attribution — a named source (NBC, "South Korea's spy agency") keeps the
  score; an unnamed one ("US officials said") takes 0.9 of it;
* evidence strength — how the arguments were found: a direct syntactic
  argument 1.0, inherited through a control verb or coordination 0.9,
  through coreference 0.8, a place standing in for a target 0.75.

The result is rounded to two decimals and kept within [0.05, 0.99].
"""

from __future__ import annotations

MODALITY_BASE = {
    "asserted": 0.9,
    "reported": 0.8,
    "planned": 0.6,
    "alleged": 0.5,
    "possible": 0.4,
    "denied": 0.6,
    "negated": 0.7,
}
UNNAMED_SOURCES = frozenset({"officials", "sources", "source", "official", "reports", "diplomats"})


def score_confidence(modality: str, attributed_to: str | None, strength: float) -> float:
    """The claim's confidence from its modality, its source and its evidence strength."""
    value = MODALITY_BASE.get(modality, 0.5) * max(0.0, min(1.0, strength))
    if attributed_to:
        words = attributed_to.lower().split()
        if words and words[-1] in UNNAMED_SOURCES:
            value *= 0.9
    return round(max(0.05, min(0.99, value)), 2)
