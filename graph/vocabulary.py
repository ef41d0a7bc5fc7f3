"""The predicate vocabulary, loaded from ``data/predicates.toml``.

Predicates, modalities and actor types are data; this module only loads
and checks them. Everything that names a predicate goes through here.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from geokg.errors import VocabularyError

FAMILIES = ("cooperation", "material_support", "diplomacy", "conflict", "other")

MODALITIES = ("asserted", "reported", "alleged", "planned", "possible", "denied", "negated")
"""How sure the source is: denied and negated claims are never direct facts."""

NEGATIVE_MODALITIES = frozenset({"denied", "negated"})

ACTOR_TYPES = ("State", "Organization", "Person", "ArmedGroup", "Company", "Unit", "Other")

GRANULARITIES = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class Predicate:
    """One relation type of the vocabulary."""

    name: str
    label: str
    family: str
    symmetric: bool
    cameo: str
    plover: str
    weight: float
    description: str


@cache
def predicates() -> dict[str, Predicate]:
    """Every predicate, by name, in file order."""
    text = resources.files("geokg.graph").joinpath("data/predicates.toml").read_text("utf-8")
    table = tomllib.loads(text)
    result = {}
    for name, spec in table.items():
        if spec["family"] not in FAMILIES:
            raise VocabularyError(f"predicate {name}: unknown family {spec['family']!r}")
        result[name] = Predicate(name=name, **spec)
    return result


def predicate(name: str) -> Predicate:
    """The predicate called ``name``; a clear error for anything else."""
    found = predicates().get(name)
    if found is None:
        known = ", ".join(predicates())
        raise VocabularyError(f"unknown predicate {name!r} (known: {known})")
    return found


def check_modality(value: str) -> str:
    if value not in MODALITIES:
        raise VocabularyError(f"unknown modality {value!r} (known: {', '.join(MODALITIES)})")
    return value


def check_actor_type(value: str) -> str:
    if value not in ACTOR_TYPES:
        raise VocabularyError(f"unknown actor type {value!r} (known: {', '.join(ACTOR_TYPES)})")
    return value
