"""Light coreference: pairs, blocs, pronouns and agreements named earlier."""

from __future__ import annotations

from tests.ingest.extraction_support import claims_of, find


def test_both_countries_and_the_two_countries_are_the_last_pair() -> None:
    text = (
        "Vietnam and Japan held talks on maritime security. "
        "Both countries will become allies, analysts said."
    )
    claims = claims_of(text)
    (claim,) = find(claims, "VNM", "ALLIES_WITH", "JPN")
    assert claim.modality == "planned"
    text = "Leaders of Kenya and Ethiopia met in Nairobi. The two countries signed a trade pact."
    assert find(claims_of(text), "KEN", "SIGNS_AGREEMENT", "ETH")


def test_capitals_after_the_states_are_the_same_actors() -> None:
    text = "Russia and Iran are close. Moscow and Tehran signed a security deal."
    assert find(claims_of(text), "RUS", "SIGNS_AGREEMENT", "IRN")


def test_the_alliance_is_the_last_organisation() -> None:
    claims = claims_of("Montenegro joined NATO in 2017, becoming the alliance's 29th member.")
    assert {(c.subject.id, c.object.id) for c in claims if c.predicate == "JOINS"} == {
        ("MNE", "nato")
    }
    claims = claims_of("The SCO met in Astana. Belarus joined the bloc a year later.")
    assert [(c.subject.id, c.object.id) for c in claims if c.predicate == "JOINS"] == [
        ("BLR", "sco")
    ]


def test_a_pronoun_in_a_reported_clause_is_the_reporter() -> None:
    claims = claims_of("Mexico said it would not sanction Russia.")
    (claim,) = find(claims, "MEX", "SANCTIONS", "RUS")
    assert claim.modality == "negated"


def test_this_document_is_the_agreement_prepared_earlier() -> None:
    text = (
        "Serbia and Hungary finished drafting a strategic energy agreement. "
        "The document could be signed in December."
    )
    claims = [c for c in claims_of(text, "2024-10-01") if c.predicate == "SIGNS_AGREEMENT"]
    second = [c for c in claims if c.evidence and c.evidence.text.startswith("The document")]
    assert len(second) == 1
    assert second[0].item is not None and second[0].item.name == "strategic energy agreement"
    assert {second[0].subject.id, second[0].object.id} == {"SRB", "HUN"}
    assert second[0].time is not None and second[0].time.start == "2024-12-01"
