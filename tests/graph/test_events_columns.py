"""Events and stages from Arrow columns give exactly what the plain claim-by-claim rules give
(``events_reference.py``), on tangled corpora written here, and each store keeps them as built."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.events import EventConfig, group_events
from geokg.graph.stages import agreement_stages
from geokg.graph.stores.base import GraphStore
from geokg.graph.stores.events import build_events, stored_events, stored_stages
from geokg.graph.vocabulary import MODALITIES
from tests.graph import events_reference as reference

ACTORS = [
    Actor("RUS", "Russia"), Actor("IRN", "Iran"), Actor("CHN", "China"),
    Actor("nato", "NATO", "Organization"),
    Actor("sergei-x", "Sergei X", "Person", country="RUS"),  # counts for Russia
    Actor("ali-y", "Ali Y", "Person", country="IRN"),
    Actor("unit-9", "Unit 9", "Unit", country="CHN"),
    Actor("lone-z", "Lone Z", "Person"),  # no state: counts for itself
]  # fmt: skip
ITEMS = [None, None, None, Item("Fath-360"), Item("Su-35"),
         Item("Partnership Treaty", "Agreement"), Item("Gas deal", "Agreement")]  # fmt: skip
PREDICATES = ["SUPPLIES", "SIGNS_AGREEMENT", "MEETS", "ATTACKS", "SIGNS_AGREEMENT"]
PUBLISHERS = ["Agency One", "Daily Two", " agency one", "Channel Three", None, "", "Wire Four"]
SENTENCES = [
    "Iran shipped short-range ballistic missiles to Russia last week, officials said.",
    "The two governments signed the partnership treaty in Moscow on Friday.",
    "The treaty could be signed in October, a spokesman said.",
    "Parliament ratified the agreement after a short debate.",
    "The pact entered into force on Wednesday.",
    "Talks on the gas deal resumed in the capital.",
    "Tehran suspended the deal after the strike.",
    "The signing ceremony is set for next month, diplomats said.",
    "Officials denied that any drones or missiles had changed hands.",
    "Fighter jets were delivered to the air base, satellite images show.",
]  # sentences written for these tests


def tangled(n: int, seed: int) -> list[Claim]:
    """Few actors, items and sources, so claims collide: copies (exact, shouted, one word
    changed), denials, forward modalities, day/month/year times near each other, claims
    without a time or without a publication day, people counting for their state."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    sources = [
        Source.create(
            url=f"https://outlet{k}.example/a", publisher=rng.choice(PUBLISHERS),
            published=None if rng.random() < 0.1
            else (start + timedelta(days=rng.randrange(300))).isoformat(),
        )
        for k in range(max(4, n // 3))
    ]  # fmt: skip
    claims = []
    for k in range(n):
        source, sentence, roll = rng.choice(sources), rng.choice(SENTENCES), rng.random()
        if roll < 0.4:
            text: str | None = sentence
        elif roll < 0.55:
            words = sentence.split()
            words[rng.randrange(len(words))] = "reportedly"
            text = " ".join(words)
        elif roll < 0.65:
            text = sentence.upper()
        elif roll < 0.7:
            text = None
        else:
            text = f"Story {k}: {sentence}"
        time = None
        if rng.random() > 0.25:
            anchor = date.fromisoformat(source.published) if source.published else start
            day = anchor + timedelta(days=rng.randrange(-60, 30))
            time = TimeSpan.parse(day.isoformat()[: rng.choice((10, 10, 7, 4))])
        claims.append(
            Claim(
                source=source, subject=(pair := rng.sample(ACTORS, 2))[0],
                predicate=rng.choice(PREDICATES), object=pair[1], item=rng.choice(ITEMS),
                modality=rng.choice(MODALITIES), confidence=round(rng.uniform(0.05, 0.95), 2),
                time=time, evidence=Evidence(text) if text is not None else None,
            )
        )  # fmt: skip
    return claims


CONFIGS = [
    None,
    EventConfig(window_days={"day": 0, "month": 0, "year": 0}),
    EventConfig(window_days={"day": 30, "month": 90, "year": 1000}, similarity=0.5),
]


@pytest.mark.parametrize("seed", range(12))
def test_columns_give_what_the_plain_rules_give(seed: int) -> None:
    claims = tangled([3, 40, 250, 1200][seed % 4], seed)
    several = 0
    for config in CONFIGS:
        events = group_events(claims, config)
        assert events == reference.group_events(claims, config)
        several += sum(1 for e in events if e.claims > 1)
    assert agreement_stages(claims) == reference.agreement_stages(claims)
    if len(claims) >= 250:  # the corpus does tangle: copies, denials, several reports
        events = group_events(claims)
        assert several and any(e.syndicated for e in events) and any(e.denied for e in events)
        assert len({s.stage for s in agreement_stages(claims)}) >= 5


def test_no_claims_no_events() -> None:
    assert group_events([]) == [] and agreement_stages([]) == []


def test_store_keeps_the_events_of_its_claims(store: GraphStore) -> None:
    claims = tangled(300, 7)
    store.write_claims(claims)
    report = build_events(store)
    expected = group_events(claims)
    assert report.events == len(expected) and report.claims == len(claims)
    assert stored_events(store) == expected == reference.group_events(claims)
    assert stored_stages(store) == agreement_stages(claims)
