"""Scoring extraction against gold claims: ``geokg evaluate``, in the manner of ``spacy evaluate``.

A gold file is JSONL, one document a line: ``id``, ``text`` (or a text found
in a folder as ``ID.txt``), optional ``published`` and ``split``, and
``gold``: claims as ``{"subject", "predicate", "object", "modality", "item"?}``
with actor ids (ISO3 for states, slugs for the rest). Subject, object and
predicate may list alternatives as ``A|B``. The matching rules are those of
the project's scorer: an extracted actor matches by id, name or state
(``country``), and a symmetric predicate in either direction. Precision counts
distinct extracted (subject, predicate, object) per document.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geokg.errors import InputError
from geokg.graph.claims import Claim
from geokg.graph.vocabulary import MODALITIES, predicates
from geokg.ingest.documents import Document


@dataclass(frozen=True)
class GoldDocument:
    """One scored document: its text and the claims a reader finds in it."""

    id: str
    text: str
    published: str | None
    gold: tuple[dict[str, Any], ...]
    split: str | None = None
    topic: str | None = None


@dataclass
class Found:
    """One extracted claim as scored, with what produced it (for --explain)."""

    claim: dict[str, Any]
    frame: str = ""
    trigger: str = ""
    evidence: str = ""


@dataclass
class Score:
    """Counts for precision, recall and F1."""

    gold: int = 0
    gold_hit: int = 0
    extracted: int = 0
    extracted_hit: int = 0

    @property
    def precision(self) -> float:
        return self.extracted_hit / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    """What ``geokg evaluate`` prints: overall, per predicate, modality, misses and extras."""

    documents: int = 0
    overall: Score = field(default_factory=Score)
    by_predicate: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    modality: Counter[tuple[str, str]] = field(default_factory=Counter)
    items: Score = field(default_factory=Score)
    misses: list[tuple[str, dict[str, Any], list[Found]]] = field(default_factory=list)
    extras: list[tuple[str, Found]] = field(default_factory=list)

    @property
    def modality_accuracy(self) -> float:
        total = sum(self.modality.values())
        right = sum(n for (gold, got), n in self.modality.items() if gold == got)
        return right / total if total else 0.0

    @property
    def item_accuracy(self) -> float:
        return self.items.gold_hit / self.items.gold if self.items.gold else 0.0

    def summary(self) -> str:
        o = self.overall
        return (
            f"precision={o.precision:.2f} recall={o.recall:.2f} f1={o.f1:.2f} "
            f"modality={self.modality_accuracy:.2f} item={self.item_accuracy:.2f} "
            f"gold={o.gold} extracted={o.extracted} documents={self.documents}"
        )

    def to_dict(self) -> dict[str, Any]:
        def score(s: Score) -> dict[str, Any]:
            return {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "gold": s.gold,
                "extracted": s.extracted,
            }

        return {
            "documents": self.documents,
            "overall": score(self.overall),
            "modality": round(self.modality_accuracy, 4),
            "item": round(self.item_accuracy, 4),
            "by_predicate": {k: score(v) for k, v in sorted(self.by_predicate.items())},
            "modality_confusion": [
                {"gold": g, "extracted": e, "count": n}
                for (g, e), n in sorted(self.modality.items())
            ],
        }


def read_gold(
    path: Path, texts: Path | None = None, *, split: str | None = None
) -> list[GoldDocument]:
    """Gold documents of a JSONL file; texts missing from it come from ``texts/ID.txt``.

    A malformed line is an ``InputError`` with file and line; a document whose
    text is nowhere is one too (run ``eval/fetch.py`` to fill the cache).
    """
    docs: list[GoldDocument] = []
    missing: list[str] = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            doc_id = str(row["id"])
            gold = tuple(_check_gold(g) for g in row.get("gold", []))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a gold document ({exc})", path=str(path), line=number) from None
        if split is not None and row.get("split") != split:
            continue
        text = row.get("text")
        if not text and texts is not None and (texts / f"{doc_id}.txt").exists():
            text = (texts / f"{doc_id}.txt").read_text("utf-8")
        if not text:
            missing.append(doc_id)
            continue
        docs.append(
            GoldDocument(
                id=doc_id,
                text=text,
                published=row.get("published"),
                gold=gold,
                split=row.get("split"),
                topic=row.get("topic"),
            )
        )
    if missing:
        where = f" in {texts}" if texts is not None else ""
        raise InputError(
            f"{len(missing)} documents have no text{where} (first: {', '.join(missing[:3])}); "
            "give --texts DIR or run eval/fetch.py",
            path=str(path),
        )
    return docs


def _check_gold(gold: dict[str, Any]) -> dict[str, Any]:
    for key in ("subject", "predicate", "object"):
        if not isinstance(gold.get(key), str) or not gold[key]:
            raise ValueError(f"gold claim without {key}")
    known = predicates()
    for name in gold["predicate"].split("|"):
        if name not in known:
            raise ValueError(f"unknown predicate {name!r}")
    if gold.get("modality", "asserted") not in MODALITIES:
        raise ValueError(f"unknown modality {gold.get('modality')!r}")
    return gold


def actor_keys(actor: dict[str, Any] | None) -> frozenset[str]:
    """Every key under which an extracted actor may match a gold one."""
    if not actor:
        return frozenset()
    keys = set()
    for name in ("id", "country", "iso3", "name"):
        value = actor.get(name)
        if isinstance(value, str) and value:
            keys.add(value.strip().lower())
    return frozenset(keys)


def _alternatives(value: str) -> frozenset[str]:
    return frozenset(v.strip().lower() for v in value.split("|") if v.strip())


def matches(gold: dict[str, Any], claim: dict[str, Any]) -> bool:
    """Does an extracted claim state the gold claim (either way round if symmetric)?"""
    if claim.get("predicate") not in gold["predicate"].split("|"):
        return False
    s, o = actor_keys(claim.get("subject")), actor_keys(claim.get("object"))
    gs, go = _alternatives(gold["subject"]), _alternatives(gold["object"])
    if s & gs and o & go:
        return True
    return predicates()[claim["predicate"]].symmetric and bool(s & go and o & gs)


def _item_ok(gold: dict[str, Any], claims: list[dict[str, Any]]) -> bool:
    want = str(gold["item"]).lower()
    stem = want.rstrip("s")
    for claim in claims:
        name = ((claim.get("item") or {}).get("name") or "").lower()
        if name and (stem in name or name.rstrip("s") in want):
            return True
    return False


def score(docs: Iterable[GoldDocument], found: dict[str, list[Found]]) -> Report:
    """Score extracted claims (by document id) against the gold documents."""
    report = Report()
    for doc in docs:
        report.documents += 1
        got = found.get(doc.id, [])
        distinct: dict[tuple, Found] = {}
        for f in got:
            c = f.claim
            key = (actor_keys(c.get("subject")), c.get("predicate"), actor_keys(c.get("object")))
            distinct.setdefault(key, f)
        for f in distinct.values():
            hit = any(matches(g, f.claim) for g in doc.gold)
            for s in (report.overall, report.by_predicate[f.claim["predicate"]]):
                s.extracted += 1
                s.extracted_hit += hit
            if not hit:
                report.extras.append((doc.id, f))
        for gold in doc.gold:
            hits = [f.claim for f in got if matches(gold, f.claim)]
            for name in {hits[0]["predicate"]} if hits else set(gold["predicate"].split("|")):
                report.by_predicate[name].gold += 1
                report.by_predicate[name].gold_hit += bool(hits)
            report.overall.gold += 1
            if not hits:
                near = [f for f in got if _near(gold, f.claim)]
                report.misses.append((doc.id, gold, near))
                continue
            report.overall.gold_hit += 1
            want = gold.get("modality", "asserted")
            got_modality = (
                want
                if any(c.get("modality") == want for c in hits)
                else hits[0].get("modality", "asserted")
            )
            report.modality[(want, got_modality)] += 1
            if gold.get("item"):
                report.items.gold += 1
                report.items.gold_hit += _item_ok(gold, hits)
    return report


def _near(gold: dict[str, Any], claim: dict[str, Any]) -> bool:
    """An extracted claim between the same actors (any predicate): the closest miss."""
    s, o = actor_keys(claim.get("subject")), actor_keys(claim.get("object"))
    gs, go = _alternatives(gold["subject"]), _alternatives(gold["object"])
    return bool((s & gs and o & go) or (s & go and o & gs))


def extract_found(docs: list[GoldDocument], *, workers: int = 1) -> dict[str, list[Found]]:
    """Run extraction on the gold documents and keep what produced each claim."""
    from geokg.ingest.extraction.pipeline import extract_explained

    documents = [Document(id=d.id, text=d.text, published=d.published) for d in docs]
    found: dict[str, list[Found]] = {}
    for document, explained in extract_explained(documents, workers=workers):
        found[document.id] = [_found(claim, record) for claim, record in explained]
    return found


def _found(claim: Claim, record: dict[str, Any]) -> Found:
    return Found(
        claim=claim.to_dict(),
        frame=str(record.get("frame", "")),
        trigger=str(record.get("trigger_text", "")),
        evidence=claim.evidence.text if claim.evidence else "",
    )


def evaluate(
    path: Path, texts: Path | None = None, *, split: str | None = None, workers: int = 1
) -> Report:
    """Read a gold file, extract its documents, and score: the library call behind the CLI."""
    docs = read_gold(path, texts, split=split)
    return score(docs, extract_found(docs, workers=workers))


def explain_lines(report: Report, limit: int | None = None) -> Iterator[str]:
    """Each miss (with the nearest claim found) and each extra (with its frame and trigger)."""
    for n, (doc_id, gold, near) in enumerate(report.misses):
        if limit is not None and n >= limit:
            break
        item = f" [{gold['item']}]" if gold.get("item") else ""
        line = (
            f"miss  {doc_id}: {gold['subject']} {gold['predicate']} {gold['object']}{item} "
            f"({gold.get('modality', 'asserted')})"
        )
        if near:
            c = near[0].claim
            line += f"  nearest: {c['predicate']} ({c.get('modality')}) by {near[0].frame}"
        yield line
    for n, (doc_id, f) in enumerate(report.extras):
        if limit is not None and n >= limit:
            break
        c = f.claim
        yield (
            f"extra {doc_id}: {c['subject']['id']} {c['predicate']} {c['object']['id']} "
            f"({c.get('modality')}) frame={f.frame} trigger={f.trigger!r}  «{f.evidence[:120]}»"
        )
