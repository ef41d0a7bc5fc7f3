"""Shared helpers for the extraction tests: the real pipeline, loaded once per session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from geokg.graph.claims import Claim
from geokg.ingest.documents import Document
from geokg.ingest.extraction import extract_claims, load_pipeline

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", name="nlp")
def nlp_fixture() -> Language:
    """en_core_web_sm with geokg's components (built once; load_pipeline caches it)."""
    return load_pipeline()


def claims_of(text: str, published: str | None = None) -> list[Claim]:
    document = Document(id="t", text=text, published=published)
    return next(extract_claims([document]))[1]


def principal(actor: Any) -> str:
    return actor.country if actor.type in ("Person", "Unit") and actor.country else actor.id


def triples(claims: list[Claim]) -> set[tuple[str, str, str]]:
    return {(principal(c.subject), c.predicate, principal(c.object)) for c in claims}


def find(claims: list[Claim], subject: str, predicate: str, obj: str) -> list[Claim]:
    """Claims matching a triple; symmetric predicates match either way round."""
    from geokg.graph.vocabulary import predicate as vocab

    out = []
    for c in claims:
        s, o = principal(c.subject), principal(c.object)
        if c.predicate != predicate:
            continue
        if (s, o) == (subject, obj) or (vocab(predicate).symmetric and (o, s) == (subject, obj)):
            out.append(c)
    return out
