"""Light coreference: phrases that point back to actors named earlier.

Third step of extraction, after the gazetteer: "the two countries" and
"both countries" take the last pair of states named together, "the alliance"
or "the bloc" the last organisation, and a subject pronoun in a reported
clause ("Argentina said it would not join") the reporter. Each resolved
phrase becomes a mention of kind "coref" in ``doc._.mentions``.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

PAIR_NOUNS = frozenset({"country", "nation", "side", "state", "capital", "government", "power"})
PAIR_WORDS = frozenset({"both", "two"})
ORG_NOUNS = frozenset({"alliance", "bloc", "organisation", "organization", "grouping"})
PRONOUNS = frozenset({"it", "they"})


def _actors_of(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Actors named by a token or by the actor words modifying it ("Argentina's government")."""
    mention = index.get(token.i)
    if mention is not None:
        return list(mention["actors"])
    found: list[dict[str, Any]] = []
    for child in token.children:
        if child.dep_ in ("poss", "amod", "compound") and child.i in index:
            found.extend(index[child.i]["actors"])
    return found


class Coreference:
    """Component: adds mentions for anaphoric phrases to ``doc._.mentions``."""

    def __call__(self, doc: Doc) -> Doc:
        mentions = list(doc._.mentions)
        index = {i: m for m in mentions for i in range(m["start"], m["end"])}
        added: list[dict[str, Any]] = []
        last_pair: list[dict[str, Any]] = []
        last_org: dict[str, Any] | None = None
        for sent in doc.sents:
            for token in sent:
                if token.i in index:
                    if index[token.i]["kind"] == "city":
                        continue
                    actor = index[token.i]["actors"][0]
                    if actor["type"] == "Organization":
                        last_org = actor
                    group = self._coordinated_states(token, index)
                    if len(group) >= 2 and token.i == index[token.i]["end"] - 1:
                        last_pair = group
                    continue
                resolved = self._resolve(token, index, last_pair, last_org)
                if resolved:
                    mention = {
                        "start": token.i,
                        "end": token.i + 1,
                        "text": token.text,
                        "kind": "coref",
                        "actors": resolved,
                    }
                    added.append(mention)
                    index[token.i] = mention
        doc._.mentions = sorted(mentions + added, key=lambda m: m["start"])
        return doc

    @staticmethod
    def _coordinated_states(token: Token, index: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
        group: dict[str, dict[str, Any]] = {}
        for tok in [token, *token.conjuncts]:
            mention = index.get(tok.i)
            if mention is None or mention["kind"] == "city":
                continue
            for actor in mention["actors"]:
                if actor["type"] == "State":
                    group.setdefault(actor["id"], actor)
        return list(group.values())

    @staticmethod
    def _resolve(
        token: Token,
        index: dict[int, dict[str, Any]],
        last_pair: list[dict[str, Any]],
        last_org: dict[str, Any] | None,
    ) -> list[dict[str, Any]]:
        lemma = token.lemma_.lower()
        modifiers = {c.lower_ for c in token.children if c.dep_ in ("det", "predet", "nummod")}
        if lemma in PAIR_NOUNS and token.tag_ in ("NNS", "NNPS") and modifiers & PAIR_WORDS:
            return list(last_pair)
        if lemma in ORG_NOUNS and modifiers & {"the"} and last_org is not None:
            return [last_org]
        if token.lower_ in PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            verb = token.head
            if verb.dep_ == "ccomp" and verb.head.pos_ in ("VERB", "AUX"):
                for subj in verb.head.children:
                    if subj.dep_ in ("nsubj", "nsubjpass"):
                        found = _actors_of(subj, index)
                        if found:
                            return found
            if token.lower_ == "they" and last_pair:
                return list(last_pair)
        return []


@Language.factory("geokg_coreference")
def make_coreference(nlp: Language, name: str) -> Coreference:
    return Coreference()
