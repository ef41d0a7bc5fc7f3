"""Confidence: modality, attribution and evidence strength, in that order of weight."""

from __future__ import annotations

from geokg.ingest.extraction.confidence import score_confidence
from tests.ingest.extraction_support import claims_of


def test_firmer_modalities_score_higher() -> None:
    order = ["asserted", "reported", "planned", "alleged", "possible"]
    scores = [score_confidence(m, None, 1.0) for m in order]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)


def test_unnamed_sources_and_weaker_evidence_lower_the_score() -> None:
    assert score_confidence("reported", "officials", 1.0) < score_confidence("reported", "NBC", 1.0)
    assert score_confidence("asserted", None, 0.8) < score_confidence("asserted", None, 1.0)


def test_claims_carry_it() -> None:
    direct = claims_of("Iran sent drones to Sudan.")[0]
    reported = claims_of("Iran sent drones to Sudan, officials said.")[0]
    by_coref = [
        c
        for c in claims_of("Iran and Sudan met. Both countries will become allies.")
        if c.predicate == "ALLIES_WITH"
    ][0]
    assert direct.confidence > reported.confidence > by_coref.confidence > 0
