"""Modality and attribution: how sure the text is of a relation, and who says so.

Fifth step of extraction. For each record of ``doc._.relations`` the
component climbs from the trigger through the clauses that govern it,
collecting the cues of ``ingest/data/cues.toml`` (modal verbs, reporting,
accusing, denying and planning verbs, hedges, negation, "according to"); the
strongest cue sets ``modality`` and the reporter's phrase ``attributed_to``.
Demands ("urged X to stop selling") are not claims: their records are dropped.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

CLIMB_DEPS = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "conj",
        "pcomp",
        "prep",
        "pobj",
        "dobj",
        "attr",
        "nsubjpass",
        "oprd",
        "acomp",
    }
)
"""Dependencies through which a governing clause's cues reach a trigger."""
NON_SOURCES = frozenset(
    {
        "information",
        "it",
        "this",
        "that",
        "evidence",
        "data",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "which",
        "what",
        "who",
    }
)


@dataclass(frozen=True)
class Cues:
    precedence: tuple[str, ...]
    aux: dict[str, str]
    advmod: dict[str, str]
    adjectives: dict[str, str]
    verbs: dict[str, str]
    nouns: dict[str, str]
    negations: frozenset[str]
    marks: dict[str, str]
    drop: frozenset[str]
    presupposing: frozenset[str]
    reporting_preps: frozenset[str]

    def rank(self, modality: str) -> int:
        return self.precedence.index(modality)


@cache
def load_cues() -> Cues:
    text = resources.files("geokg.ingest").joinpath("data", "cues.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return Cues(
        precedence=tuple(data["precedence"]),
        aux=dict(data.get("aux", {})),
        advmod=dict(data.get("advmod", {})),
        adjectives=dict(data.get("adjectives", {})),
        verbs=dict(data.get("verbs", {})),
        nouns=dict(data.get("nouns", {})),
        negations=frozenset(data.get("negations", ())),
        marks=dict(data.get("marks", {})),
        drop=frozenset(data.get("drop", ())),
        presupposing=frozenset(data.get("presupposing_preps", ())),
        reporting_preps=frozenset(data.get("reporting_preps", ())),
    )


def _phrase(token: Token) -> str:
    """The source's name: its phrase without a relative clause set off by a comma
    ("Lavrov, who is on a visit to Pyongyang," is "Lavrov")."""
    cut = {
        t.i
        for c in token.children
        if c.dep_ in ("relcl", "acl") and c.i > token.i
        and any(p.lower_ == "," for p in token.doc[token.i : c.left_edge.i])
        for t in c.subtree
    }
    words = [
        t
        for t in token.subtree
        if t.i not in cut and not (t.is_punct and t.i in (token.left_edge.i, token.right_edge.i))
    ]
    while words and words[-1].is_punct:
        words.pop()
    if not words:
        return token.text
    return token.doc[words[0].i : words[-1].i + 1].text


def _according_to(verb: Token, cues: Cues) -> str | None:
    for child in verb.children:
        if child.dep_ == "prep" and (
            child.lower_ in cues.reporting_preps or child.lemma_.lower() in cues.reporting_preps
        ):
            for to in child.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return _phrase(pobj)
    return None


def _reporter(verb: Token) -> str | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if subj is None or subj.lower_ in NON_SOURCES:
        return None
    return _phrase(subj)


def read_modality(trigger: Token, hint: str | None = None) -> tuple[str | None, str | None]:
    """(modality, attributed_to) of the relation whose trigger is ``trigger``.

    A modality of None means the relation is a demand or a refusal to act,
    not a claim, and must be dropped.
    """
    cues = load_cues()
    found: list[str] = [hint] if hint else []
    attributed: str | None = None
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "amod" and child.lower_ in cues.adjectives:
                found.append(cues.adjectives[child.lower_])
        if trigger.dep_ == "pobj" and trigger.head.lower_ in cues.presupposing:
            return _strongest(found, cues), None  # "during Putin's visit": a background fact
    speech_act = trigger.pos_ == "NOUN" and trigger.lemma_.lower() in SPEECH_ACT_NOUNS
    tok = trigger
    reason_from: int | None = None
    bid_from: int | None = None
    attributed_by: tuple[str, int] | None = None  # the cue that named the source, and where
    lemma_counts = False  # the trigger's own lemma is never a cue
    came_from = ""
    for _ in range(12):
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX"):
            if lemma_counts:
                if lemma in cues.drop:
                    return None, None
                if lemma in cues.verbs and not (
                    speech_act and cues.verbs[lemma] in ("denied", "negated")
                ):  # "rejected Pakistan's accusations": the accusations were made all the same
                    cue = cues.verbs[lemma]
                    found.append(cue)
                    if cue in ("reported", "alleged", "denied") and attributed is None:
                        attributed = _reporter(tok)
                        attributed_by = cue, len(found) - 1
            elif (
                tok.i == trigger.i
                and tok.dep_ in ("ROOT", "ccomp")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            ):
                found.append("planned")  # headline infinitive: "Russia and Iran to become allies"
            # Negation reaches a trigger from its own verb, a verb it completes
            # ("did not plan to send") or the light verb of a noun ("did not join the sanctions").
            negation_counts = tok.i == trigger.i or came_from in (
                "xcomp",
                "dobj",
                "attr",
                "nsubjpass",
            )
            for child in tok.children:
                low = child.lower_
                if child.dep_ == "aux" and low in cues.aux:
                    found.append(cues.aux[low])
                elif child.dep_ == "neg" and low in cues.negations and negation_counts:
                    found.append("negated")
                elif child.dep_ == "advmod" and low == "never" and negation_counts:
                    found.append("negated")
                elif child.dep_ in ("advmod", "acomp") and low in cues.advmod:
                    found.append(cues.advmod[low])  # "is due in Riyadh for talks": planned
                elif child.dep_ == "mark" and low in cues.marks:
                    found.append(cues.marks[low])
            according = _according_to(tok, cues)
            if according is not None:
                found.append("reported")
                attributed = attributed or according
        elif tok.pos_ in ("NOUN", "PROPN") and lemma_counts and lemma in cues.nouns:
            found.append(cues.nouns[lemma])
            if cues.nouns[lemma] in ("planned", "possible") and bid_from is None:
                bid_from = len(found)  # "the bid to join was rejected": the bid is refused
        elif tok.pos_ == "ADJ" and lemma_counts and tok.lower_ in cues.advmod:
            found.append(cues.advmod[tok.lower_])  # "is likely to sell"
        infinitive_of_noun = tok.dep_ == "acl" and any(
            (c.dep_ == "aux" and c.lower_ == "to") or (c.dep_ == "mark" and c.lower_ == "that")
            for c in tok.children
        )  # "Algeria's bid to join BRICS", "claims that Russia was planning to attack": the
        # noun's cue ("bid": planned, "claim": alleged) and its verb's ("dismissed") apply
        if (tok.dep_ not in CLIMB_DEPS and not infinitive_of_noun) or tok.head.i == tok.i:
            break
        if tok.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in FACT_MARKS for c in tok.children
        ):
            break  # "agreed to restore ties, a year after Mogadishu expelled ...": a fact
        if (
            tok.dep_ == "pcomp"
            and tok.head.lower_ == "for"
            and tok.head.head.pos_ in ("VERB", "AUX")
            and tok.tag_ == "VBG"
        ):
            # "vowed to retaliate against Finland for joining NATO": the reason is a fact;
            # only a source's word on it ("blamed Moscow for attacking") still counts
            reason_from = len(found)
        # A coordinated clause shares its head clause's context, not the head verb's meaning.
        lemma_counts = tok.dep_ != "conj"
        came_from = tok.dep_
        tok = tok.head
    if bid_from is not None:
        # a refused or negated bid leaves the act planned, not denied ("Hungary rejected
        # Ukraine's bid to join", "did not approve Sweden's application to join")
        found = found[:bid_from] + [
            m for m in found[bid_from:] if m not in ("denied", "negated", "asserted")
        ]
        if attributed_by is not None and attributed_by[0] == "denied" and (
            attributed_by[1] >= bid_from
        ):
            attributed = None  # who refused the bid does not vouch for it
    if reason_from is not None:
        found = found[:reason_from] + [m for m in found[reason_from:] if m in SOURCE_MODALITIES]
    return _strongest(found, cues), attributed


SPEECH_ACT_NOUNS = frozenset(
    """accusation allegation charge criticism condemnation warning threat demand call protest
    complaint""".split()
)
"""Nouns of what someone said: denying what they say does not deny they said it."""
SOURCE_MODALITIES = frozenset({"reported", "alleged", "denied"})
"""Cues that say who vouches for a claim, not whether it happened yet."""


def _strongest(found: list[str], cues: Cues) -> str:
    if not found:
        return "asserted"
    return min(found, key=cues.rank)


FACT_MARKS = frozenset({"after", "before", "since", "because", "although", "though"})
"""A clause these introduce states a fact of its own: the main clause's modality stays out."""
HOSTILE_ACTS = frozenset(
    {"ATTACKS", "SANCTIONS", "CUTS_RELATIONS", "EXPELS", "SEIZES", "WITHDRAWS_FROM"}
)
"""Acts that, promised on a condition, are threats (codebook 5: a threat is not the act)."""


def conditional_threat(trigger: Token) -> bool:
    """Is the trigger's clause a consequence promised on a condition ("would cut ties with
    Kigali if the offensive continued", "will respond with force unless ...")?"""
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for _ in range(3):
        modal = any(c.dep_ == "aux" and c.lower_ in ("would", "will", "'ll") for c in verb.children)
        condition = any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless")
                                      for m in c.children)
            for c in verb.children
        )
        if modal and condition:
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


class ModalityReader:
    """Component: fills ``modality`` and ``attributed_to`` of each relation record."""

    def __call__(self, doc: Doc) -> Doc:
        kept: list[dict[str, Any]] = []
        for record in doc._.relations:
            modality, attributed = read_modality(doc[record["trigger"]], record["modality_hint"])
            if record["predicate"] in HOSTILE_ACTS and conditional_threat(doc[record["trigger"]]):
                # "would cut ties if ...", "will strike Israel if ..., the general warned": the
                # threat is made; the act is not coded
                record["predicate"], record["item"] = "THREATENS", None
                modality = "asserted"
            if modality is None:
                continue
            record["modality"] = modality
            record["attributed_to"] = attributed
            kept.append(record)
        doc._.relations = kept
        return doc


@Language.factory("geokg_modality")
def make_modality(nlp: Language, name: str) -> ModalityReader:
    return ModalityReader()
