"""A small hand-made graph the RDF tests share: arms, a denial, a person, a bad URL."""

from __future__ import annotations

from geokg.graph.claims import Actor, Claim, EventCode, Evidence, Item, Source, TimeSpan


def sample_claims() -> list[Claim]:
    """A small graph: arms, a denial, a person acting for a state, a bad URL."""
    article = Source.create(
        url="https://example.org/news/russia-iran?id=7",
        title='Russia "ships" drones <to> Iran',
        publisher="Example Wire",
        published="2024-10-03",
    )
    rebuttal = Source.create(url="javascript:alert('x')", title="A denial")
    rus = Actor("RUS", "Russia", "State", aliases=("Russian Federation", "RF"), wikidata="Q159")
    irn = Actor("IRN", "Iran", "State", wikidata="Q794")
    shoigu = Actor("sergei-shoigu", "Sergei Shoigu", "Person", country="RUS", role="minister")
    return [
        Claim(
            article,
            irn,
            "SUPPLIES",
            rus,
            item=Item("Shahed-136", "Weapon", "Q108379975"),
            time=TimeSpan.parse("2024-10"),
            confidence=0.9,
            evidence=Evidence("Iran supplied Russia with\nShahed-136 drones.", 120, 163),
            extractor="spacy-rules",
            location="Tehran",
        ),
        Claim(rebuttal, rus, "SUPPLIES", irn, modality="denied", attributed_to="Kremlin"),
        Claim(article, shoigu, "MEETS", irn, modality="reported", attributed_to="IRNA"),
        Claim(
            article,
            rus,
            "SIGNS_AGREEMENT",
            irn,
            modality="planned",
            event=EventCode("057", "CAMEO", 1, 8.0),
        ),
    ]
