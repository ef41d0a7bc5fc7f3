"""Items: named weapon systems, generic materiel and named agreements on claims."""

from __future__ import annotations

import pytest

from tests.ingest.extraction_support import claims_of


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Russia delivered Iskander missiles to Belarus.", "Iskander"),
        ("Russia delivered S-400 systems to India.", "S-400"),
        ("Iran supplied Shahed-136 drones to Russia.", "Shahed-136"),
        ("The United States sent HIMARS to Ukraine.", "HIMARS"),
        ("Denmark delivered F-16 jets to Ukraine.", "F-16"),
        ("Germany supplied a Patriot battery to Ukraine.", "Patriot"),
        ("China sold radars to Iran.", "radar"),
        ("Iran sent drones to Venezuela.", "drone"),
        ("North Korea shipped ballistic missiles to Russia.", "ballistic missile"),
        ("Pyongyang sent artillery shells to Moscow.", "artillery shell"),
    ],
)
def test_supplied_items_are_named(sentence: str, item: str) -> None:
    claims = [c for c in claims_of(sentence) if c.predicate == "SUPPLIES"]
    assert [c.item.name if c.item else None for c in claims] == [item]


def test_each_coordinated_item_is_its_own_claim() -> None:
    claims = claims_of("Britain sent tanks, howitzers and anti-tank missiles to Ukraine.")
    assert sorted(c.item.name for c in claims if c.item) == [
        "anti-tank missile",
        "howitzer",
        "tank",
    ]
    assert {(c.subject.id, c.object.id) for c in claims} == {("GBR", "UKR")}


def test_a_named_agreement_is_the_item_of_a_signing() -> None:
    (claim,) = claims_of("Armenia and France signed a defence cooperation agreement on Monday.")
    assert claim.predicate == "SIGNS_AGREEMENT"
    assert claim.item is not None and claim.item.type == "Agreement"
    assert claim.item.name == "defence cooperation agreement"


def test_a_mutual_defence_pact_also_makes_allies() -> None:
    claims = claims_of("Cuba and Venezuela concluded a mutual defence pact.")
    assert {c.predicate for c in claims} == {"SIGNS_AGREEMENT", "ALLIES_WITH"}
