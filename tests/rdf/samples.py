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


def agreement_claims() -> list[Claim]:
    """The sample graph plus a treaty's life: planned, signed (and a wire copy), ratified.

    Gives events with several voices, a syndicated copy and a denial, and three
    agreement stages, one of them forward-looking with an expected date.
    """
    rus = Actor("RUS", "Russia", "State", aliases=("Russian Federation", "RF"), wikidata="Q159")
    irn = Actor("IRN", "Iran", "State", wikidata="Q794")
    treaty = Item("Comprehensive Strategic Partnership Treaty", "Agreement")
    wire = "Russia and Iran signed the Comprehensive Strategic Partnership Treaty in Moscow."

    def source(n: str, publisher: str, day: str) -> Source:
        return Source.create(url=f"https://example.org/{n}", publisher=publisher, published=day)

    def claim(src: Source, text: str, **kw: object) -> Claim:
        return Claim(src, rus, "SIGNS_AGREEMENT", irn, item=treaty, evidence=Evidence(text),
                     extractor="spacy-rules", **kw)  # type: ignore[arg-type]  # fmt: skip

    return [
        *sample_claims(),
        claim(
            source("a", "Tass", "2024-12-20"),
            "Russia and Iran are expected to sign the treaty on 17 January.",
            modality="planned",
            time=TimeSpan.parse("2025-01-17"),
            confidence=0.7,
        ),
        claim(source("b", "Reuters", "2025-01-17"), wire, confidence=0.8),
        claim(source("c", "Daily Mirror", "2025-01-18"), wire, confidence=0.8),
        claim(
            source("d", "IRNA", "2025-01-17"), "Tehran and Moscow inked the pact.", confidence=0.6
        ),  # fmt: skip
        claim(
            source("e", "Interfax", "2025-04-09"),
            "The State Duma ratified the treaty with Iran.",
            time=TimeSpan.parse("2025-04-08"),
            confidence=0.9,
        ),
    ]
