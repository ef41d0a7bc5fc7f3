"""Relations read off the dependency parse: verbs, nominalisations, coordination,
passives, control verbs and n-ary arguments."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.extraction_support import claims_of, find, nlp_fixture, triples  # noqa: F401


def test_the_relation_matcher_works_alone_on_a_doc(nlp: Language) -> None:
    doc = nlp.make_doc("Egypt condemned Israel.")
    for name in (
        "tok2vec",
        "tagger",
        "geokg_paragraphs",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "ner",
        "geokg_actors",
        "geokg_items",
        "geokg_actor_mentions",
        "geokg_coreference",
        "geokg_relations",
    ):
        doc = nlp.get_pipe(name)(doc)
    (record,) = doc._.relations
    assert (record["subject"]["id"], record["predicate"], record["object"]["id"]) == (
        "EGY",
        "CRITICIZES",
        "ISR",
    )
    assert record["modality"] is None  # the modality component has not run yet


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Azerbaijan attacked Armenia.", ("AZE", "ATTACKS", "ARM")),
        ("Brazil criticised Israel.", ("BRA", "CRITICIZES", "ISR")),
        ("Japan sanctioned North Korea.", ("JPN", "SANCTIONS", "PRK")),
        ("Kazakhstan joined the SCO.", ("KAZ", "JOINS", "sco")),
        ("India visited Japan.", ("IND", "VISITS", "JPN")),
        ("Poland trained Ukrainian soldiers.", ("POL", "TRAINS", "UKR")),
        ("Russia threatened Moldova.", ("RUS", "THREATENS", "MDA")),
        ("Egypt and Israel restored diplomatic relations.", ("EGY", "RESTORES_RELATIONS", "ISR")),
        ("Morocco cut ties with Algeria.", ("MAR", "CUTS_RELATIONS", "DZA")),
        ("Qatar mediated between Israel and Hamas.", ("QAT", "MEDIATES", "ISR")),
        ("Belarus deployed troops to the border with Ukraine.", None),
    ],
)
def test_verb_triggers(sentence: str, expected: tuple[str, str, str] | None) -> None:
    found = triples(claims_of(sentence))
    if expected is None:
        assert not any(p == "ATTACKS" for _, p, _ in found)
    else:
        assert expected in found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Iraq's invasion of Kuwait shocked the region.", ("IRQ", "ATTACKS", "KWT")),
        ("Canada imposed sanctions on Venezuela.", ("CAN", "SANCTIONS", "VEN")),
        ("Modi's visit to Moscow drew criticism.", ("IND", "VISITS", "RUS")),
        ("Norway announced military aid for Ukraine.", ("NOR", "SUPPLIES", "UKR")),
        ("Japan announced humanitarian aid for Turkey.", ("JPN", "PROVIDES_AID", "TUR")),
        ("Spain made a state visit to Morocco.", ("ESP", "VISITS", "MAR")),
    ],
)
def test_nominalisations_take_subjects_from_possessors_and_light_verbs(
    sentence: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(claims_of(sentence))


def test_coordinated_subjects_give_one_claim_each() -> None:
    claims = claims_of("Germany, Italy and Spain criticized Hungary.")
    assert triples(claims) == {
        ("DEU", "CRITICIZES", "HUN"),
        ("ITA", "CRITICIZES", "HUN"),
        ("ESP", "CRITICIZES", "HUN"),
    }


def test_coordinated_demonyms_and_objects() -> None:
    claims = claims_of("French and Belgian troops were deployed to Mali and Niger.")
    assert {("FRA", "DEPLOYS_TO", "MLI"), ("BEL", "DEPLOYS_TO", "NER")} <= triples(claims)


def test_symmetric_predicate_between_coordinated_subjects() -> None:
    claims = claims_of("Japan, South Korea and the Philippines held joint exercises.")
    pairs = {
        frozenset((principal_s, principal_o)) for principal_s, p, principal_o in triples(claims)
    }
    assert pairs == {
        frozenset(("JPN", "KOR")),
        frozenset(("JPN", "PHL")),
        frozenset(("KOR", "PHL")),
    }


def test_passive_with_agent_is_turned_around() -> None:
    assert triples(claims_of("Kharkiv was struck by Russian missiles overnight.")) == {
        ("RUS", "ATTACKS", "UKR")
    }
    found = triples(
        claims_of("Yemen and Oman agreed to resume talks in a process mediated by Saudi Arabia.")
    )
    assert {("SAU", "MEDIATES", "YEM"), ("SAU", "MEDIATES", "OMN")} <= found


def test_passive_without_agent_reads_the_deployed_force() -> None:
    assert ("wagner", "DEPLOYS_TO", "LBY") in triples(
        claims_of("Wagner fighters were deployed to Libya in 2019.")
    )


def test_control_verbs_pass_their_subject_or_object_down() -> None:
    # subject control: "Chile decided to join"; object control: "invited Chile to join"
    assert ("CHL", "JOINS", "brics") in triples(claims_of("Chile decided to join BRICS."))
    found = triples(claims_of("The SCO invited Belarus and Iran to join the organisation."))
    assert found == {("BLR", "JOINS", "sco"), ("IRN", "JOINS", "sco")}


def test_n_ary_delivery_by_a_plane_with_cargo() -> None:
    (claim,) = claims_of("A Chinese cargo plane carrying drone engines landed in Iran on Tuesday.")
    assert (claim.subject.id, claim.predicate, claim.object.id) == ("CHN", "SUPPLIES", "IRN")
    assert claim.item is not None and claim.item.name == "drone engine"


def test_a_plane_landing_without_cargo_is_not_a_delivery() -> None:
    assert not [
        c for c in claims_of("A Russian plane landed in Iran.") if c.predicate == "SUPPLIES"
    ]


def test_the_recipient_can_be_the_user_of_the_item() -> None:
    claims = claims_of("Syria accused Turkey of supplying rifles that Hamas used.")
    assert ("TUR", "SUPPLIES", "hamas") in triples(claims)
    assert ("SYR", "CRITICIZES", "TUR") in triples(claims)


def test_receiving_turns_the_relation_around() -> None:
    (claim,) = claims_of("Serbia received Chinese air-defence systems.")
    assert (claim.subject.id, claim.object.id) == ("CHN", "SRB")


def test_an_official_counts_for_the_state() -> None:
    (claim,) = [
        c
        for c in claims_of("Iranian Defence Minister Aziz Nasirzadeh visited Minsk.")
        if c.predicate == "VISITS"
    ]
    assert claim.subject.type == "Person" and claim.subject.country == "IRN"
    assert claim.subject.role == "Defence Minister"
    assert claim.object.id == "BLR"


def test_talks_in_a_foreign_country_are_a_visit() -> None:
    claims = claims_of("Erdogan and Putin held talks in Kazan.")
    assert find(claims, "TUR", "MEETS", "RUS")
    assert find(claims, "TUR", "VISITS", "RUS")
    assert not find(claims, "RUS", "VISITS", "RUS")


def test_a_city_is_only_a_place() -> None:
    # "Odesa" stands for Ukraine as a target, never as an actor that does something.
    assert ("RUS", "ATTACKS", "UKR") in triples(claims_of("Russian drones hit Odesa."))
    assert triples(claims_of("Odesa condemned Moscow.")) == set()


def test_self_relations_are_dropped() -> None:
    assert claims_of("Russian forces attacked targets in Russia.") == []
