"""A small hand-made world the query tests know by heart.

Every named query's expected rows are written against these claims: who
supplies whom, an alliance only planned, a supply one voice asserts and
another denies, a relation only ever denied, a person acting for a state,
an undated claim, and untrusted text (markup in evidence, a ``javascript:``
URL) that the view must escape.
"""

from __future__ import annotations

from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan

RUS = Actor("RUS", "Russia")
IRN = Actor("IRN", "Iran")
USA = Actor("USA", "United States")
ISR = Actor("ISR", "Israel")
UKR = Actor("UKR", "Ukraine")
TUR = Actor("TUR", "Türkiye")
CHN = Actor("CHN", "China")
PRK = Actor("PRK", "North Korea")
NATO = Actor("nato", "NATO", type="Organization")
SHOIGU = Actor("sergei-shoigu", "Sergei Shoigu", type="Person", country="RUS")

NBC = Source.create(
    url="https://www.nbcnews.com/news/world/russia-iran-missiles",
    title="Russia sends missiles to Iran",
    publisher="NBC",
    published="2024-09-21",
)
REUTERS = Source.create(
    url="https://www.reuters.com/world/middle-east/drones",
    title="Drones and sanctions",
    publisher="Reuters",
    published="2024-05-01",
)
IRNA = Source.create(
    url="https://en.irna.ir/news/denial",
    title="Tehran denies drone deliveries",
    publisher="IRNA",
    published="2023-06-02",
)
EVIL = Source.create(
    url="javascript:alert('url')",
    title="<img src=x onerror=alert('title')>",
    publisher="Evil & Co",
    published="2024-02-01",
)
NOTE = Source.create(text="an analyst's note with no date and no URL", title="Analyst note")

SCRIPT_EVIDENCE = (
    'NBC reported that an Il-76 landed in Iran with "Iskander" missiles '
    "<script>window.__pwned = 1</script> & more."
)


def claim(source: Source, subject: Actor, predicate: str, obj: Actor, text: str, *,
          item: str | None = None, modality: str = "asserted", when: str | None = None,
          confidence: float = 0.8, attributed_to: str | None = None) -> Claim:  # fmt: skip
    return Claim(
        source=source,
        subject=subject,
        predicate=predicate,
        object=obj,
        item=Item(item) if item else None,
        modality=modality,
        attributed_to=attributed_to,
        time=TimeSpan.parse(when) if when else None,
        confidence=confidence,
        evidence=Evidence(text),
        extractor="test",
    )


CLAIMS = [
    claim(
        NBC,
        RUS,
        "SUPPLIES",
        IRN,
        "Russia has begun supplying Iran with radars.",
        item="radar",
        when="2024-09",
        confidence=0.9,
    ),
    claim(
        NBC,
        RUS,
        "SUPPLIES",
        IRN,
        SCRIPT_EVIDENCE,
        item="Iskander",
        modality="reported",
        when="2024-09-20",
        confidence=0.7,
        attributed_to="NBC",
    ),
    claim(
        NBC,
        IRN,
        "ALLIES_WITH",
        RUS,
        "Russia and Iran will become allies.",
        modality="planned",
        when="2024-10",
        confidence=0.8,
    ),
    claim(
        NBC,
        SHOIGU,
        "VISITS",
        IRN,
        "Sergei Shoigu visited Tehran.",
        when="2024-09-21",
        confidence=0.9,
    ),
    claim(
        REUTERS,
        IRN,
        "SUPPLIES",
        RUS,
        "Iran has shipped Shahed-136 drones to Russia.",
        item="Shahed-136",
        when="2023-05",
        confidence=0.8,
    ),
    claim(
        IRNA,
        IRN,
        "SUPPLIES",
        RUS,
        "Iran never sent drones to Russia, the ministry said.",
        item="Shahed-136",
        modality="denied",
        when="2023-06",
        confidence=0.6,
        attributed_to="Iranian foreign ministry",
    ),
    claim(
        REUTERS,
        USA,
        "SUPPLIES",
        ISR,
        "Washington delivered interceptors to Israel.",
        item="interceptors",
        when="2024-04",
        confidence=0.95,
    ),
    claim(
        REUTERS,
        IRN,
        "THREATENS",
        ISR,
        "Iran threatened Israel with retaliation.",
        when="2024-04-10",
        confidence=0.8,
    ),
    claim(
        REUTERS,
        USA,
        "SANCTIONS",
        IRN,
        "The United States imposed new sanctions on Iran.",
        when="2024-05",
        confidence=0.9,
    ),
    claim(
        REUTERS, RUS, "ATTACKS", UKR, "Russia attacked Ukraine.", when="2022-02-24", confidence=1.0
    ),
    claim(
        REUTERS,
        USA,
        "SUPPLIES",
        UKR,
        "The US sent HIMARS to Ukraine.",
        item="HIMARS",
        when="2023",
        confidence=0.9,
    ),
    claim(
        EVIL,
        TUR,
        "COOPERATES_WITH",
        RUS,
        "Ankara & Moscow <b>cooperate</b> on gas.",
        when="2024-02",
        confidence=0.7,
    ),
    claim(
        EVIL,
        TUR,
        "COOPERATES_WITH",
        UKR,
        "Türkiye and Ukraine cooperate on drones.",
        when="2024-02",
        confidence=0.7,
    ),
    claim(EVIL, TUR, "CRITICIZES", ISR, "Ankara condemned Israel.", when="2024-02", confidence=0.6),
    claim(
        EVIL, TUR, "CRITICIZES", IRN, "Ankara criticised Tehran.", when="2024-02", confidence=0.6
    ),
    claim(
        REUTERS,
        USA,
        "ALLIES_WITH",
        NATO,
        "The United States reaffirmed its NATO pledge.",
        when="2024-04",
        confidence=0.9,
    ),
    claim(
        REUTERS,
        CHN,
        "MEETS",
        RUS,
        "Chinese and Russian leaders met.",
        when="2024-07",
        confidence=0.8,
    ),
    claim(
        REUTERS,
        PRK,
        "SUPPLIES",
        RUS,
        "US officials allege North Korea sent shells.",
        item="artillery shells",
        modality="alleged",
        when="2024-03",
        confidence=0.6,
        attributed_to="US officials",
    ),
    claim(
        REUTERS,
        CHN,
        "SUPPLIES",
        RUS,
        "China denied supplying drones to Russia.",
        item="drones",
        modality="denied",
        when="2024-05",
        confidence=0.7,
        attributed_to="Chinese foreign ministry",
    ),
    claim(NOTE, NATO, "CRITICIZES", RUS, "NATO criticised Russia.", confidence=0.5),
]


def seed(store) -> None:  # type: ignore[no-untyped-def]
    """Write the seed claims into a fresh store."""
    report = store.write_claims(CLAIMS)
    assert report.claims_new == len(CLAIMS)
