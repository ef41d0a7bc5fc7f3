"""Modality and attribution: asserted, reported, alleged, planned, possible, denied, negated."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geokg.ingest.extraction.modality import read_modality
from tests.ingest.extraction_support import claims_of, nlp_fixture  # noqa: F401


def only(sentence: str, predicate: str):  # type: ignore[no-untyped-def]
    claims = [c for c in claims_of(sentence) if c.predicate == predicate]
    assert len(claims) >= 1, sentence
    assert len({(c.modality, c.attributed_to) for c in claims}) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("sentence", "modality"),
    [
        ("Venezuela bought drones from Iran.", "asserted"),
        ("Venezuela bought drones from Iran, Reuters reported.", "reported"),
        ("According to Colombian intelligence, Venezuela bought drones from Iran.", "reported"),
        ("Venezuela reportedly bought drones from Iran.", "reported"),
        ("Colombia accused Iran of selling drones to Venezuela.", "alleged"),
        ("Colombia claims that Iran sold drones to Venezuela.", "alleged"),
        ("Iran will sell drones to Venezuela.", "planned"),
        ("Iran plans to sell drones to Venezuela.", "planned"),
        ("Iran pledged to sell drones to Venezuela.", "planned"),
        ("Iran agreed to sell drones to Venezuela.", "planned"),
        ("Washington approved the sale of drones to Venezuela.", "planned"),
        ("The treaty could be signed by Iran and Venezuela at the summit.", "planned"),
        ("Iran may sell drones to Venezuela.", "possible"),
        ("Iran might sell drones to Venezuela.", "possible"),
        ("Iran is likely to sell drones to Venezuela.", "possible"),
        ("Iran denied selling drones to Venezuela.", "denied"),
        ("Tehran denied that it had sold drones to Venezuela.", "denied"),
        ("Iran did not sell drones to Venezuela.", "negated"),
        ("Iran has never sold drones to Venezuela.", "negated"),
    ],
)
def test_modality(sentence: str, modality: str) -> None:
    claims = [c for c in claims_of(sentence) if c.predicate in ("SUPPLIES", "SIGNS_AGREEMENT")]
    assert claims, sentence
    assert {c.modality for c in claims} == {modality}


def test_attributed_to_names_who_said_it() -> None:
    claim = only("Iran sold drones to Venezuela, Colombia's defence ministry said.", "SUPPLIES")
    assert (claim.modality, claim.attributed_to) == ("reported", "Colombia's defence ministry")
    claim = only("According to two Western diplomats, Iran sold drones to Venezuela.", "SUPPLIES")
    assert claim.attributed_to == "two Western diplomats"
    claim = only("Colombia accused Iran of selling drones to Venezuela.", "SUPPLIES")
    assert claim.attributed_to == "Colombia"


def test_the_accusation_itself_is_asserted() -> None:
    claim = only("Colombia accused Iran of selling drones to Venezuela.", "CRITICIZES")
    assert claim.modality == "asserted"


def test_a_background_event_under_a_preposition_is_asserted() -> None:
    claim = only(
        "The deal was discussed during Putin's visit to Beijing, officials may say.", "VISITS"
    )
    assert claim.modality == "asserted"


def test_demands_are_not_claims() -> None:
    claims = claims_of("Israel urged Germany to stop selling submarines to Egypt.")
    assert not [c for c in claims if c.predicate == "SUPPLIES"]


def test_modality_reader_works_alone_on_a_parsed_doc(nlp: Language) -> None:
    doc = nlp("Argentina said it would not join the bloc.")
    join = next(t for t in doc if t.lemma_ == "join")
    assert read_modality(join) == ("negated", "Argentina")
