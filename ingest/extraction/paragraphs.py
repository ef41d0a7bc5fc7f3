"""Paragraphs and page furniture: where a sentence must start before the parser runs.

Runs before spaCy's parser, so the parser keeps the boundaries it is given:
- a line break ends a sentence, so headlines and subheadings ("Deliveries and
  New Partnerships") never run into the sentence after them;
- a dateline ("MOSCOW (AP) —", "WASHINGTON, Dec 1 (Reuters) -") is a sentence of
  its own, so its place and agency are never read as the first sentence's
  subject or speaker;
- two sentences glued without a space ("…on Monday.The talks…") are two.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

AGENCIES = (
    "AP|AFP|Reuters|UPI|IANS|PTI|Xinhua|dpa|DPA|ANI|Bloomberg|CNN|Anadolu|AA|TASS|RIA|"
    "Al Jazeera|Yonhap|Kyodo|EFE|ANSA|Sputnik|APA|IRNA|WAM|SPA|KUNA|MENA|BBC|VOA|RFE/RL"
)
DATELINE = re.compile(
    r"(?m)"
    # a place with a colon and an agency tag, or an agency tag alone: "RAFAH: (Reuters)", "(MENAFN)"
    r"^[ \t]*(?:[A-Z][A-Z'’ -]{2,30}:[ \t]*)?\((?:" + AGENCIES + r"|MENAFN)\)[ \t]*"
    r"(?:[—–-]{1,2}[ \t]+)?"
    # PLACE[, Region][, Mon DD] [(AGENCY)] — (or a colon)
    r"|^[ \t]*(?:"
    r"[A-Z][A-Z.'’ -]{1,40}(?:,[ \t]*[A-Z][A-Za-z.'’ ]{1,30}){0,2}"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?[ \t]*(?:\((?:" + AGENCIES + r")\)[ \t]*)?"
    r")(?:[—–-]{1,2}|:)[ \t]+"
    # a date stamp some page stores put before the text: "date 2024-10-23"
    r"|\A[ \t]*date[ \t]+\d{4}-\d{2}-\d{2}[ \t]+"
)
"""A dateline at the start of a line: an upper-case place and/or an agency, then a dash."""


class ParagraphBreaks:
    """Component: sentence starts after newlines, datelines and glued full stops."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text_with_ws and (
                token.is_space or token.whitespace_ == "\n" or "\n" in token.text
            ):
                nxt = doc[token.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
        for match in DATELINE.finditer(doc.text):
            start = doc.char_span(match.end(), match.end() + 1, alignment_mode="expand")
            if start is not None and start.start > 0 and not doc[start.start].is_space:
                doc[start.start].is_sent_start = True
                if start.start + 1 < len(doc) and not doc[start.start + 1].is_space:
                    doc[start.start + 1].is_sent_start = False  # the parser may not split it off
        for token in doc[1:-1]:
            # "...on Monday.The talks": a full stop glued to a capitalised word.
            if token.text in (".", "!", "?") and not token.whitespace_:
                prev, nxt = doc[token.i - 1], doc[token.i + 1]
                if prev.is_alpha and len(prev) > 1 and nxt.is_title and nxt.is_alpha:
                    nxt.is_sent_start = True
        return doc


def sentence_of(token: Token) -> Span:
    """The sentence a token is in, from a per-document table.

    ``Token.sent`` walks the document's sentences on every call; extraction asks for it
    thousands of times per document, so the table is built once, after the parse.
    """
    doc = token.doc
    table = doc.user_data.get("geokg_sentences")
    if table is None or len(table) != len(doc):
        table = [None] * len(doc)
        for sent in doc.sents:
            for i in range(sent.start, sent.end):
                table[i] = sent
        doc.user_data["geokg_sentences"] = table
    return table[token.i]


@Language.factory("geokg_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()
