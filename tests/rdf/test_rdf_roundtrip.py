"""RDF round trips: claims -> every format -> claims, and through a real store.

Hypothesis builds claims with hostile text (quotes, angle brackets, newlines,
unicode, markup, percent signs) in every field; each must come back equal.
"""

from __future__ import annotations

import io
import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geokg.errors import InputError
from geokg.graph.claims import Actor, Claim, Evidence, Item, Source, TimeSpan
from geokg.graph.rdf import FORMATS, export_claims, read_claims
from geokg.graph.stores import GraphStore
from geokg.graph.vocabulary import ACTOR_TYPES, GRANULARITIES, MODALITIES, predicates
from tests.rdf.samples import sample_claims

NASTY = [
    '"',
    "'",
    '"""',
    ">",
    "<",
    "<script>alert(1)</script>",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\\",
    "\\u0041",
    "%",
    "%20",
    "#",
    "?a=1&b=2",
    "é",
    "Ш",
    "中文",
    "🚀",
    "\u2028",
    "@en",
    "^^",
    "_:b0",
    ".",
    "}",
]
text = st.one_of(
    st.text(max_size=12),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=3), max_size=5).map("".join),
)
some_text = st.none() | text
nonblank = text.filter(lambda s: bool(s.strip()))
ids = st.one_of(
    st.text(string.ascii_uppercase, min_size=3, max_size=3),
    nonblank,
)
qids = st.integers(1, 10**8).map(lambda n: f"Q{n}")
urls = st.one_of(
    st.none(),
    st.text(string.ascii_letters, max_size=8).map(lambda path: f"https://example.org/{path}"),
    st.just("https://example.org/a?b=1&c=%20d#frag"),
    st.just("javascript:alert(1)"),
    st.just("file:///etc/passwd"),
    st.just("https://example.org/a b"),
    st.just('https://example.org/"><script>'),
    text,
)
dates = st.dates(min_value=date(1, 1, 1)).map(date.isoformat)
times = st.none() | st.builds(TimeSpan, dates, dates, st.sampled_from(GRANULARITIES))
evidence = st.none() | st.builds(
    Evidence, text, st.none() | st.integers(0, 10**9), st.none() | st.integers(0, 10**9)
)


@st.composite
def actor_pools(draw: st.DrawFn) -> list[Actor]:
    """Actors with distinct ids: an id names one actor, as in a store."""
    chosen = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    return [
        Actor(
            id=actor_id,
            name=draw(text),
            type=draw(st.sampled_from(ACTOR_TYPES)),
            aliases=tuple(draw(st.lists(text, max_size=3))),
            wikidata=draw(st.none() | qids | text),
            country=draw(st.none() | st.sampled_from(chosen) | text),
            role=draw(some_text),
        )
        for actor_id in chosen
    ]


@st.composite
def claim_lists(draw: st.DrawFn) -> list[Claim]:
    """Claims over shared actors, items and sources, unique by id."""
    actors = draw(actor_pools())
    items = {
        i.id: i
        for i in draw(
            st.lists(st.builds(Item, nonblank, text, st.none() | qids | text), max_size=3)
        )
    }
    sources = {
        s.id: s
        for s in draw(
            st.lists(
                st.builds(Source, text, urls, some_text, some_text, st.none() | dates),
                min_size=1,
                max_size=3,
            )
        )
    }
    claims: dict[str, Claim] = {}
    for _ in range(draw(st.integers(1, 6))):
        claim = Claim(
            source=draw(st.sampled_from(list(sources.values()))),
            subject=draw(st.sampled_from(actors)),
            predicate=draw(st.sampled_from(list(predicates()))),
            object=draw(st.sampled_from(actors)),
            item=draw(st.none() | st.sampled_from(list(items.values()) or [None])),
            modality=draw(st.sampled_from(MODALITIES)),
            attributed_to=draw(some_text),
            time=draw(times),
            location=draw(some_text),
            confidence=draw(st.floats(0.0, 1.0)),
            evidence=draw(evidence),
            extractor=draw(text),
            id=draw(st.just("") | ids),
        )
        claims.setdefault(claim.id, claim)
    return list(claims.values())


def by_id(claims: list[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: c.id)


def xml_safe(claims: list[Claim]) -> bool:
    """Whether RDF/XML can carry every text of these claims (XML 1.0 has no raw \\x01 or CR)."""
    raw = "".join(v for c in claims for v in _strings(c))
    return not any(ord(ch) < 0x20 and ch not in "\t\n" or ch in "\ufffe\uffff" for ch in raw)


def _strings(claim: Claim) -> list[str]:
    out: list[str] = []
    for actor in (claim.subject, claim.object):
        out += [actor.id, actor.name, *actor.aliases, actor.wikidata or "", actor.country or ""]
        out.append(actor.role or "")
    if claim.item:
        out += [claim.item.name, claim.item.type, claim.item.wikidata or ""]
    src = claim.source
    out += [src.id, src.url or "", src.title or "", src.publisher or ""]
    out += [claim.id, claim.attributed_to or "", claim.location or "", claim.extractor]
    out.append(claim.evidence.text if claim.evidence else "")
    return out


@pytest.mark.parametrize("fmt", list(FORMATS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claim_lists())
def test_every_field_survives_export_and_read(
    tmp_path_factory: pytest.TempPathFactory, fmt: str, claims: list[Claim]
):
    path = tmp_path_factory.mktemp(fmt) / f"claims.{fmt}"
    if fmt == "xml" and not xml_safe(claims):
        with pytest.raises(InputError, match="RDF/XML cannot carry"):
            export_claims(claims, path, fmt)
        assert not path.exists()
        return
    export_claims(claims, path, fmt)
    assert list(read_claims(path)) == by_id(claims)


def test_export_writes_to_an_open_binary_or_text_file(tmp_path: Path):
    claims = sample_claims()
    binary = io.BytesIO()
    export_claims(claims, binary, "nt")
    assert not binary.closed  # the caller's file stays open
    text = io.StringIO()
    export_claims(claims, text, "ttl")
    (tmp_path / "a.nt").write_bytes(binary.getvalue())
    (tmp_path / "b.ttl").write_text(text.getvalue(), encoding="utf-8")
    assert list(read_claims(tmp_path / "a.nt")) == by_id(claims)
    assert list(read_claims(tmp_path / "b.ttl")) == by_id(claims)


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_export_ingest_export_through_a_store_keeps_every_claim(
    store: GraphStore, tmp_path: Path, fmt: str
):
    first = tmp_path / f"first.{fmt}"
    export_claims(sample_claims(), first, fmt)
    store.write_claims(read_claims(first))
    again = tmp_path / f"again.{fmt}"
    export_claims(store.iter_claims(), again, fmt)
    assert list(read_claims(again)) == by_id(sample_claims())
    assert list(store.iter_claims()) == by_id(sample_claims())


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(claims=claim_lists())
def test_generated_claims_survive_each_store(
    store: GraphStore, tmp_path_factory: pytest.TempPathFactory, claims: list[Claim]
):
    store.clear()  # one store for every example hypothesis tries
    folder = tmp_path_factory.mktemp("store")
    export_claims(claims, folder / "claims.nq", "nq")
    store.write_claims(read_claims(folder / "claims.nq"))
    export_claims(store.iter_claims(), folder / "again.nq", "nq")
    assert list(read_claims(folder / "again.nq")) == by_id(claims)
