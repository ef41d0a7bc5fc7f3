"""Paragraphs: a line break in an article ends a sentence.

Runs before spaCy's parser, so headlines and subheadings ("Deliveries and
New Partnerships") never run into the sentence after them; the parser keeps
the boundaries it is given.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


class ParagraphBreaks:
    """Component: mark the token after a newline as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if "\n" in token.text_with_ws and (
                token.is_space or token.whitespace_ == "\n" or "\n" in token.text
            ):
                nxt = doc[token.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
        return doc


@Language.factory("geokg_paragraphs")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()
