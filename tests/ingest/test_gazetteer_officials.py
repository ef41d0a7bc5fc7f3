"""Officials named by surname alone act for their state, organisation or armed group."""

from __future__ import annotations

import tomllib
from importlib import resources

import pycountry
import pytest

from geokg.ingest.extraction.gazetteer import load_gazetteer
from tests.ingest.extraction_support import claims_of, find


@pytest.mark.parametrize(
    ("text", "subject", "predicate", "obj"),
    [
        ("Stubb met Frederiksen in Helsinki.", "FIN", "MEETS", "DNK"),
        ("Sikorski accused Russia of sabotage.", "POL", "CRITICIZES", "RUS"),
        ("Shoukry met Safadi in Cairo.", "EGY", "MEETS", "JOR"),
        ("Tebboune recalled the ambassador from France.", "DZA", "CUTS_RELATIONS", "FRA"),
        ("Choe Son Hui met Lavrov in Moscow.", "PRK", "MEETS", "RUS"),
        ("Muttaqi visited Islamabad.", "AFG", "VISITS", "PAK"),
        ("Prabowo met Anwar in Jakarta.", "IDN", "MEETS", "MYS"),
        ("Bukele met Rubio in San Salvador.", "SLV", "MEETS", "USA"),
        ("Luís Montenegro met Sánchez in Madrid.", "PRT", "MEETS", "ESP"),
        ("Simon Harris met Kamala Harris in Washington.", "IRL", "MEETS", "USA"),
        # An organisation's or armed group's leader stands for it.
        ("Aboul Gheit condemned Israel.", "arab-league", "CRITICIZES", "ISR"),
        ("Touray urged Niger to return to the bloc.", "ecowas", "DEMANDS", "NER"),
        ("Naim Qassem threatened Israel.", "hezbollah", "THREATENS", "ISR"),
        ("Hemedti accused Egypt of bombing his forces.", "rsf", "CRITICIZES", "EGY"),
    ],
)
def test_an_official_acts_for_what_they_lead(
    text: str, subject: str, predicate: str, obj: str
) -> None:
    assert find(claims_of(text), subject, predicate, obj), text


def test_every_official_names_a_known_actor_and_no_form_is_shared() -> None:
    curated = tomllib.loads(
        resources.files("geokg.ingest").joinpath("data", "actors.toml").read_text("utf-8")
    )
    gazetteer = load_gazetteer()
    state_names = {c.name for c in pycountry.countries} | {
        name for spec in curated["states"].values() for name in spec.get("aliases", [])
    }
    ids: set[str] = set()
    owner: dict[str, str] = {}
    for person in curated["person"]:
        assert person["id"] not in ids, person["id"]
        ids.add(person["id"])
        assert person["country"] in gazetteer.actors, person["id"]
        assert person["role"], person["id"]
        for form in {person["name"], *person["aliases"]}:
            # A form written for two officials would silently name only the last one.
            assert owner.setdefault(form, person["id"]) == person["id"], form
            # "Montenegro" is the state; Luís Montenegro is written in full.
            assert form not in state_names, form
