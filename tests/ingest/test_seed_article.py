"""The founding sample: the seed article yields the claims the product was built for."""

from __future__ import annotations

from geokg.ingest.documents import read_documents
from geokg.ingest.extraction import extract_claims
from tests.ingest.extraction_support import FIXTURES, find


def seed_claims():  # type: ignore[no-untyped-def]
    docs = read_documents([str(FIXTURES / "seed-article.txt")], published="2024-09-20")
    ((_doc, claims, sentences),) = list(extract_claims(docs))
    assert sentences >= 15
    return claims


def test_seed_article_claims() -> None:
    claims = seed_claims()
    supplies = find(claims, "RUS", "SUPPLIES", "IRN")
    radar = [c for c in supplies if c.item and c.item.name == "radar"]
    assert radar and radar[0].modality == "reported"
    iskander = [c for c in supplies if c.item and c.item.name == "Iskander"]
    assert iskander and iskander[0].modality == "reported" and iskander[0].attributed_to == "NBC"

    (visit,) = find(claims, "RUS", "VISITS", "IRN")
    assert visit.subject.id == "sergei-shoigu" and visit.subject.type == "Person"

    signs = find(claims, "RUS", "SIGNS_AGREEMENT", "IRN")
    october = [c for c in signs if c.time and c.time.start == "2024-10-01"]
    assert october and october[0].modality == "planned"
    assert october[0].item is not None
    assert october[0].item.name == "comprehensive strategic partnership agreement"
    assert october[0].location == "BRICS summit"
    july = [c for c in signs if c.time and c.time.start == "2024-07-01"]
    assert july and july[0].time is not None and july[0].time.granularity == "month"

    allies = find(claims, "RUS", "ALLIES_WITH", "IRN")
    assert allies and {c.modality for c in allies} == {"planned"}


def test_seed_claims_are_sourced_and_deterministic() -> None:
    first = [c.to_dict() for c in seed_claims()]
    second = [c.to_dict() for c in seed_claims()]
    assert first == second
    text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    for claim in first:
        ev = claim["evidence"]
        assert text[ev["start"] : ev["end"]].strip() == ev["text"]
        assert 0 < claim["confidence"] <= 1
