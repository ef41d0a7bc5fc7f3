"""Items: weapon systems, materiel and agreements that claims are about.

Second step of extraction: a span ruler marks named systems from
``ingest/data/items.toml`` in ``doc.spans["items"]``; ``ItemReader`` turns an
argument token found by the relation matcher into ``Item`` records (named
system, generic materiel such as "artillery shell", or a named agreement).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

ITEMS_KEY = "items"
"""The ``doc.spans`` key holding named-system matches."""

QUANTITY_NOUNS = frozenset(
    """million thousand hundred dozen batch package shipment consignment number lot
    range supply supplies type kind set array variety quantity fleet stock
    stockpile""".split()
)
"""Nouns that stand before the real item: "millions of artillery shells"."""


@dataclass(frozen=True, slots=True)
class ItemLexicon:
    systems: dict[str, dict[str, Any]]  # alias -> {name, type, wikidata}
    heads: dict[str, str]  # materiel lemma -> item type
    skip_modifiers: frozenset[str]
    agreement_heads: frozenset[str]
    anaphors: frozenset[str]
    alliance_words: tuple[str, ...]

    def patterns(self) -> list[dict[str, Any]]:
        """SpanRuler phrase patterns for named systems; the span id is the canonical name."""
        return [
            {"label": spec["type"], "pattern": alias, "id": spec["name"]}
            for alias, spec in sorted(self.systems.items())
        ]


@cache
def load_item_lexicon() -> ItemLexicon:
    text = resources.files("geokg.ingest").joinpath("data", "items.toml").read_text("utf-8")
    data = tomllib.loads(text)
    systems: dict[str, dict[str, Any]] = {}
    for spec in data.get("system", []):
        record = {"name": spec["name"], "type": spec["type"], "wikidata": spec.get("wikidata")}
        for alias in [spec["name"], *spec.get("aliases", [])]:
            systems[alias] = record
    materiel = data.get("materiel", {})
    agreement = data.get("agreement", {})
    return ItemLexicon(
        systems=systems,
        heads=dict(materiel.get("heads", {})),
        skip_modifiers=frozenset(materiel.get("skip_modifiers", [])),
        agreement_heads=frozenset(agreement.get("heads", [])),
        anaphors=frozenset(agreement.get("anaphors", [])),
        alliance_words=tuple(agreement.get("alliance_words", [])),
    )


def _item(name: str, type_: str, wikidata: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": type_}
    if wikidata:
        out["wikidata"] = wikidata
    return out


class ItemReader:
    """Reads items off the tokens of one Doc."""

    def __init__(self, doc: Doc, mention_tokens: set[int], lexicon: ItemLexicon | None = None):
        self.doc = doc
        self.lexicon = lexicon or load_item_lexicon()
        self.mention_tokens = mention_tokens
        spans: list[Span] = list(doc.spans[ITEMS_KEY]) if ITEMS_KEY in doc.spans else []
        self.named: dict[int, Span] = {}
        for span in spans:
            for i in range(span.start, span.end):
                self.named[i] = span

    def is_agreement(self, token: Token) -> bool:
        return token.lemma_.lower() in self.lexicon.agreement_heads

    def is_anaphor(self, token: Token) -> bool:
        """'this document', 'the agreement': a phrase pointing back to an agreement."""
        if token.lemma_.lower() not in self.lexicon.anaphors:
            return False
        dets = {c.lower_ for c in token.children if c.dep_ in ("det", "predet")}
        has_modifiers = any(c.dep_ in ("amod", "compound") for c in token.children)
        return bool(dets & {"the", "this", "that", "such"}) and not has_modifiers

    def agreement(self, token: Token) -> dict[str, Any] | None:
        """The named agreement a noun heads ("comprehensive strategic partnership treaty")."""
        name = self._phrase(token, keep_of=True)
        if name == token.lemma_.lower():
            return None  # a bare "deal" names nothing
        return _item(name, "Agreement")

    def implies_alliance(self, item: dict[str, Any] | None) -> bool:
        if not item or item["type"] != "Agreement":
            return False
        name = item["name"].lower()
        return any(word in name for word in self.lexicon.alliance_words)

    def items(self, token: Token) -> list[dict[str, Any]]:
        """Items named by the phrase headed by ``token`` and its conjuncts."""
        out: list[dict[str, Any]] = []
        for tok in [token, *token.conjuncts]:
            found = self._one(tok)
            if found and found not in out:
                out.append(found)
        return out

    def heads_personnel(self, token: Token, personnel: frozenset[str]) -> bool:
        return token.lemma_.lower() in personnel

    def _one(self, token: Token) -> dict[str, Any] | None:
        if token.lemma_.lower() in QUANTITY_NOUNS or token.like_num:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self._one(pobj)
            return None
        named = self._named(token)
        if named is not None:
            spec = self.lexicon.systems.get(named.text) or {}
            return _item(named.id_ or named.text, named.label_, spec.get("wikidata"))
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.heads and token.pos_ in ("NOUN", "PROPN"):
            return _item(self._phrase(token), self.lexicon.heads[lemma])
        return None

    def _named(self, token: Token) -> Span | None:
        """A named system on the token, among its modifiers, or just before it."""
        if token.i in self.named:
            return self.named[token.i]
        for child in token.children:
            if (
                child.dep_ in ("compound", "nmod", "nummod", "amod", "appos")
                and child.i in self.named
            ):
                return self.named[child.i]
        # A misparse may hang the name elsewhere: "Shahed-136 drones".
        left = token.i - 1
        if left >= 0 and left in self.named and not self.doc[left].is_punct:
            return self.named[left]
        return None

    def _phrase(self, token: Token, *, keep_of: bool = False) -> str:
        """The head lemma with its contiguous, meaningful left modifiers."""
        skip = self.lexicon.skip_modifiers
        start = token.i
        i = token.i - 1
        while i >= token.left_edge.i:
            tok = self.doc[i]
            if (
                tok.lower_ in skip
                or tok.dep_ in ("det", "poss", "case", "nummod", "predet", "quantmod")
                or tok.like_num
                or tok.i in self.mention_tokens
                or tok.ent_type_ in ("DATE", "CARDINAL", "ORDINAL", "TIME")
                or (tok.is_punct and tok.text != "-")
            ):
                break
            start = i
            i -= 1
        while start < token.i and self.doc[start].text == "-":
            start += 1
        head = token.lemma_.lower() if token.pos_ == "NOUN" else token.text
        if head == "arm":
            head = "arms"
        words = self.doc[start : token.i].text
        name = f"{words} {head}".strip() if words else head
        if keep_of:
            # "pact of alliance", "agreement on energy cooperation"
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "on"):
                    pobjs = [c for c in child.children if c.dep_ == "pobj"]
                    if pobjs and pobjs[0].i not in self.mention_tokens and pobjs[0].pos_ == "NOUN":
                        name = f"{name} {child.lower_} {self._phrase(pobjs[0])}"
                        break
        return name.replace(" - ", "-")
