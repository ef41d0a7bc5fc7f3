"""Headlines: a headline line re-parsed in sentence case, its parse copied back.

Runs after the gazetteer ruler, before actor mentions and relations.
``en_core_web_sm`` reads a Title Case headline ("Peru Expels Bolivian Envoy
After Border Clash") as one long proper name, and "Norway, Iceland sign ..."
as an apposition. For each headline line this step parses a copy whose words
are written as in a sentence (common words lower-cased, actor names kept, the
comma of "A, B verb" read as "and") and copies its tags, lemmas, heads and
dependency labels back onto the original tokens. The copy has the same
tokens, so the document's text, tokens, character offsets and entities stay
as they were; only the parse of the headline changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.types import Ints2d

from geokg.ingest.extraction.gazetteer import ACTOR_LABEL
from geokg.ingest.extraction.paragraphs import DATELINE

PARSE_STEPS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
"""The model's components that give tags, parse and lemmas, run again on the copy."""
COPIED = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
MIN_WORDS, MAX_WORDS = 3, 25
FINAL_MARKS = frozenset({".", "!", "?", "…", ";"})
SPEECH_WORDS = frozenset(
    "say says said claim claims warn warns tell tells report reports insist insists allege "
    "alleges confirm confirms".split()
)
"""'…, Seoul Says': the comma before a speaker is no coordination."""
HEADLINE_CASE = 0.6
"""Share of a line's words (actors aside) written capitalised that makes it Title Case."""
KEPT_ENTITIES = ("DATE", "TIME")
STRAY_DEPS = frozenset({"dep", "npadvmod", "appos", "meta"})
"""Labels the model gives words it cannot place (headline nouns, "A, B verb")."""
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "csubj"})
CONJUNCTIONS = frozenset({"and", "&", "or"})
COMMON_POS = ("verb", "adj", "adv")
"""Parts of speech whose words are common words; WordNet's nouns include many names."""


class Headlines:
    """Component: re-parses headline lines from a sentence-case copy of their words."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        self._common: CommonWords | None = None

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc  # nothing to correct without the parser
        rows: list[tuple[int, Any]] = []
        for line in headline_lines(doc):
            words = sentence_case(line, self.common)
            if words == [t.text for t in line]:
                continue
            copy = self._parse(words, [bool(t.whitespace_) for t in line])
            if copy is not None and _score(copy) > _score(line):
                rows.append((line.start, copy.doc.to_array(COPIED)[: len(line)]))
        if rows:
            array = doc.to_array(COPIED)
            for start, part in rows:
                array[start : start + len(part)] = part
            doc.from_array(COPIED, cast(Ints2d, array))  # spaCy's stub says to_array gives floats
        return doc

    @property
    def common(self) -> CommonWords:
        """The model's English words (read on first use)."""
        if self._common is None:
            self._common = CommonWords.of(self.nlp)
        return self._common

    def _parse(self, words: list[str], spaces: list[bool]) -> Span | None:
        """The words parsed as one sentence, with a full stop added (the model expects one)."""
        copy = Doc(self.nlp.vocab, words=[*words, "."], spaces=[*spaces[:-1], False, False])
        for token in copy:
            token.is_sent_start = token.i == 0
        for name, step in self.nlp.pipeline:
            if name in PARSE_STEPS:
                copy = step(copy)
        line = copy[: len(words)]
        roots = [t for t in line if t.head.i == t.i]
        if len(roots) != 1 or any(t.head.i == len(words) for t in line):
            return None
        return line


def headline_lines(doc: Doc) -> list[Span]:
    """Lines (after any dateline) of 3 to 25 words with no full stop in them or at their end.

    A line the parser split in two ("... Over Remarks Targeting PM" / "Takaichi") is one.
    """
    lines = []
    text = doc.text
    dateline_end: int | None = None
    for sent in doc.sents:
        after_dateline = (
            dateline_end is not None
            and dateline_end <= sent.start_char
            and not text[dateline_end : sent.start_char].strip()
        )
        if not after_dateline:
            previous = doc[sent.start - 1] if sent.start else None
            if previous is not None and not (previous.is_space and "\n" in previous.text):
                continue  # a later sentence of a line
            dateline = DATELINE.match(text, text.rfind("\n", 0, sent.start_char) + 1)
            if dateline is not None and dateline.end() > sent.start_char:
                dateline_end = dateline.end()
                continue  # the dateline, a sentence of its own; the line goes on after it
        end = sent.start
        while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
            end += 1
            if end - sent.start > 2 * MAX_WORDS:
                break  # a paragraph
        if end - sent.start > 2 * MAX_WORDS:
            continue
        line = doc[sent.start : end]
        while len(line) and line[-1].is_space:
            line = line[:-1]
        words = [t for t in line if not (t.is_space or t.is_punct)]
        if not MIN_WORDS <= len(words) <= MAX_WORDS:
            continue
        if any(t.text in FINAL_MARKS or t.text.endswith("...") for t in line):
            continue  # sentences, not a headline: "Cuba libre? Biden takes island off list"
        lines.append(line)
    return lines


def is_title_line(line: Span) -> bool:
    """Whether a line opens the document (after any date stamp or dateline)."""
    lead = line.doc.text[: line.start_char]
    return not lead.strip() or DATELINE.fullmatch(lead) is not None


def _score(line: Span) -> int:
    """How sentence-like a parse is: a verb at a root with a subject, few stray labels."""
    best = max(
        2 * (root.pos_ in ("VERB", "AUX"))
        + any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
        for root in line
        if root.head.i == root.i or root.head not in line
    )
    stray = sum(
        t.dep_ in STRAY_DEPS or (t.pos_ in ("NOUN", "PROPN") and t.dep_ in CLAUSE_DEPS)
        for t in line
    )
    return best - stray


def sentence_case(line: Span, common: CommonWords) -> list[str]:
    """The headline's words as a sentence would write them, token for token.

    In a Title Case line, a capitalised common word is lower-cased unless it is part
    of an actor's name, a date, or the line's first word; a word of another name
    ("Border Clash" as a person) only if it is a verb, adjective or adverb. In a
    Title Case line or the document's first line, the comma of "A, B verb" is "and".
    """
    names = {t.i: e.label_ for e in line.ents for t in e}
    titled = [
        t
        for t in line[1:]
        if t.is_alpha and len(t) > 1 and names.get(t.i) not in (ACTOR_LABEL, *KEPT_ENTITIES)
    ]
    content = [t for t in titled if not t.is_stop]  # "of", "in", "to" stay small in Title Case
    upper = sum(t.is_title or t.is_upper for t in content)
    headline_case = len(content) >= 2 and upper > HEADLINE_CASE * len(content)
    words = [t.text for t in line]
    for token in titled if headline_case else ():
        if not token.is_title:
            continue
        common_word = token.is_stop or common.knows(
            token.lower_, COMMON_POS if token.i in names else ("noun", *COMMON_POS)
        )
        if common_word:
            words[token.i - line.start] = token.lower_
    if headline_case or is_title_line(line):
        actor = {i for i, label in names.items() if label == ACTOR_LABEL}
        for i in _pairing_commas(line, actor, common):
            words[i - line.start] = "and"
    return words


def _pairing_commas(line: Span, actor: set[int], common: CommonWords) -> list[int]:
    """Commas that join two actors with no "and": "Thailand, Cambodia agree", "after Trump, Anwar
    outreach"; the last comma of "A, B, C sign". Not "A, B, and C", "A, B's leader", ", Seoul
    Says", nor two clauses: "UK warship to Guyana, Venezuela begins drills" (a verb in -s).
    """
    doc = line.doc
    found = []
    for token in line[1:-1]:
        if token.text != "," or token.i - 1 not in actor or token.i + 1 not in actor:
            continue
        after = token.i + 1
        while after in actor:
            after += 1
        nxt = doc[after] if after < line.end else None
        if nxt is None:
            found.append(token.i)
            continue
        if nxt.lower_ in CONJUNCTIONS or nxt.lower_ in SPEECH_WORDS or nxt.tag_ == "POS":
            continue
        if _singular_verb(nxt.lower_, common):
            continue
        if nxt.text == "," and after + 1 < line.end:
            following = doc[after + 1]
            if following.i in actor or following.lower_ in CONJUNCTIONS:
                continue  # not the last comma of "A, B, C", or "A, B, and C"
        found.append(token.i)
    return found


def _singular_verb(word: str, common: CommonWords) -> bool:
    """A verb's third person singular ("begins", "pushes"), which two subjects would not take."""
    stems = [word[:-1]] + ([word[:-2]] if word.endswith("es") else [])
    return (
        word.endswith("s")
        and not word.endswith("ss")
        and any(common.knows(stem, ("verb",)) for stem in stems)
    )


@dataclass(frozen=True, slots=True)
class CommonWords:
    """English words by part of speech, from the model's lemmatizer tables (WordNet)."""

    index: dict[str, frozenset[str]]
    exceptions: dict[str, frozenset[str]]
    rules: dict[str, tuple[tuple[str, str], ...]]

    @classmethod
    def of(cls, nlp: Language) -> CommonWords:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index, exc, rules = (
            lookups.get_table(n) for n in ("lemma_index", "lemma_exc", "lemma_rules")
        )
        parts = ("noun", *COMMON_POS)
        return cls(
            index={p: frozenset(index.get(p, ())) for p in parts},
            exceptions={p: frozenset(exc.get(p, {})) for p in parts},
            rules={p: tuple((old, new) for old, new in rules.get(p, ())) for p in parts},
        )

    def knows(self, word: str, parts: tuple[str, ...] = ("noun", *COMMON_POS)) -> bool:
        return any(self._known(pos, word) for pos in parts)

    def _known(self, pos: str, word: str) -> bool:
        if word in self.index[pos] or word in self.exceptions[pos]:
            return True
        return any(
            word.endswith(old) and word[: len(word) - len(old)] + new in self.index[pos]
            for old, new in self.rules[pos]
        )


@Language.factory("geokg_headlines")
def make_headlines(nlp: Language, name: str) -> Headlines:
    return Headlines(nlp)
