"""Headlines (issue 12): Title Case and "A, B verb" lines read as sentences, offsets kept.

Every headline here is written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geokg.ingest.extraction.headlines import headline_lines
from tests.ingest.extraction_support import claims_of, find, nlp_fixture, triples  # noqa: F401

BODY = "\n\nOfficials gave no further details on Tuesday."


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("Peru Expels Bolivian Envoy After Border Clash", {("PER", "EXPELS", "BOL")}),
        ("Denmark Expels Russian Diplomats", {("DNK", "EXPELS", "RUS")}),
        ("Norway, Iceland Sign Fisheries Pact in Oslo", {("NOR", "SIGNS_AGREEMENT", "ISL")}),
        (
            "Estonia, Latvia Protest Russian Assault on Border Guards",
            {("EST", "PROTESTS", "RUS"), ("LVA", "PROTESTS", "RUS")},
        ),
        (
            "Kenya, Uganda Denounce Somali Attack on Border Post",
            {("KEN", "CRITICIZES", "SOM"), ("UGA", "CRITICIZES", "SOM")},
        ),
    ],
)
def test_a_headline_is_read_as_a_sentence(
    headline: str, expected: set[tuple[str, str, str]]
) -> None:
    claims = claims_of(headline + BODY)
    assert triples(claims) == expected  # nothing else: no "Latvia attacks Russia" from "Assault"
    assert {c.evidence.text for c in claims} == {headline}


def test_a_headline_after_a_dateline_keeps_the_dateline_out() -> None:
    claims = claims_of("NAIROBI (AP) — Kenya, Uganda Sign Defence Pact" + BODY)
    assert find(claims, "KEN", "SIGNS_AGREEMENT", "UGA")
    assert {c.evidence.text for c in claims} == {"Kenya, Uganda Sign Defence Pact"}


def test_the_comma_before_a_speaker_is_no_coordination() -> None:
    claims = claims_of("Fiji Condemns Tonga Raid, Samoa Says" + BODY)
    assert triples(claims) == {("FJI", "CRITICIZES", "TON")}
    assert claims[0].attributed_to == "Samoa"


def test_two_headline_clauses_are_not_one_coordinated_subject() -> None:
    # "..., Tonga begins" takes one subject: Fiji and Tonga did not begin anything together.
    assert claims_of("New Zealand Warship to Fiji, Tonga begins relief flights" + BODY) == []


def test_the_text_offsets_and_entities_stay_as_they_were(nlp: Language) -> None:
    text = "Estonia, Latvia Protest Russian Assault on Border Guards" + BODY
    reparsed = nlp(text)
    with nlp.select_pipes(disable=["geokg_headlines"]):
        plain = nlp(text)
    assert reparsed.text == plain.text == text
    assert [(t.idx, t.text) for t in reparsed] == [(t.idx, t.text) for t in plain]
    assert [(e.start_char, e.end_char, e.label_) for e in reparsed.ents] == [
        (e.start_char, e.end_char, e.label_) for e in plain.ents
    ]
    headline, body = list(reparsed.sents)[:2]
    assert headline.text.strip() == text.splitlines()[0]
    assert [t.dep_ for t in reparsed[: headline.end - 1]] != [
        t.dep_ for t in plain[: headline.end - 1]
    ]
    assert [(t.head.i, t.dep_, t.tag_) for t in body] == [
        (t.head.i, t.dep_, t.tag_) for t in plain[body.start : body.end]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Peru Expels Bolivian Envoy After Border Clash.",  # a sentence: it ends in a full stop
        "Peru expelled the Bolivian envoy on Monday after a border clash in the south, "
        "the foreign ministry in Lima said in a statement read on national television "
        "late in the evening after a day of meetings with the armed forces and police",
    ],
)
def test_sentences_and_paragraphs_are_not_headlines(nlp: Language, text: str) -> None:
    assert headline_lines(nlp(text + BODY)) == []
