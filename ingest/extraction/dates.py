"""Time: when a relation holds, resolved against the document's publication date.

Sixth step of extraction. For each relation record the component takes the
date expression (spaCy DATE/TIME entity) attached to the trigger's clause and
resolves it with dateparser relative to ``doc._.published``: "in October" in
a September 2024 article is 2024-10 when planned, "back in July" is 2024-07,
"on Monday" the Monday before publication. Granularity is day, month or year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from geokg.ingest.extraction.paragraphs import sentence_of

_MONTHS = "january february march april may june july august september october november december"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_KEYWORDS = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:(?:early|mid|late)[- ])?(?:"
    + "|".join(_MONTHS.split())
    + r")(?:\s+\d{1,2}(?:st|nd|rd|th)?\b)?(?:,?\s+\d{4})?\b"
    r"|\b(?:" + "|".join(_WEEKDAYS.split()) + r")\b"
    r"|\b(?:1[89]|20)\d{2}\b"
    r"|\b(?:yesterday|today|tonight|last \w+|next \w+|this (?:week|month|year)|\d+ \w+ ago)\b",
    re.IGNORECASE,
)
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_SEASON = re.compile(
    r"\b(this|last|next)?\s*(spring|summer|autumn|fall)\b(?:\s+of\s+(\d{4}))?", re.I
)
FORWARD = frozenset({"planned", "possible"})


def _parser(prefer: str, base: datetime | None) -> DateDataParser:
    settings: dict[str, Any] = {"PREFER_DATES_FROM": prefer, "RETURN_TIME_AS_PERIOD": True}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=4096)
def resolve_date(text: str, published: str | None, forward: bool = False) -> dict[str, str] | None:
    """An expression like "in October" as {start, end, granularity}, or None.

    Without a publication date only expressions that name their year resolve.
    A past event prefers the last such period up to publication; a planned
    one the next from publication on.
    """
    base = datetime.fromisoformat(_first_day(published)) if published else None
    season = _SEASON.search(text)
    if season:
        return _season(season, base, forward)
    match = _KEYWORDS.search(text)
    if match is None:
        return None
    phrase = match.group(0)
    if base is None and not re.search(r"\b\d{4}\b", phrase):
        return None
    data = _parser("current_period", base).get_date_data(phrase)
    if data.date_obj is None:
        return None
    if base is not None:
        if not forward and data.date_obj > base:
            data = _parser("past", base).get_date_data(phrase)
        elif forward and _period_start(data.date_obj, data.period) < _period_start(
            base, data.period
        ):
            data = _parser("future", base).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return _span(data.date_obj.date(), data.period or "day")


def _first_day(published: str) -> str:
    """'2024-08' -> '2024-08-01': a publication month or year counts from its start."""
    from geokg.graph.claims import TimeSpan

    return TimeSpan.parse(published).start


def _period_start(value: datetime, period: str | None) -> date:
    if period == "year":
        return date(value.year, 1, 1)
    if period == "month":
        return date(value.year, value.month, 1)
    return value.date()


def _span(day: date, period: str) -> dict[str, str]:
    from geokg.graph.claims import TimeSpan

    if period == "year":
        span = TimeSpan.parse(f"{day.year:04d}")
    elif period == "month":
        span = TimeSpan.parse(f"{day.year:04d}-{day.month:02d}")
    elif period == "week":
        monday = day - timedelta(days=day.weekday())
        sunday = monday + timedelta(days=6)
        return {"start": monday.isoformat(), "end": sunday.isoformat(), "granularity": "day"}
    else:
        span = TimeSpan.parse(day.isoformat())
    return span.to_dict()


def _season(match: re.Match[str], base: datetime | None, forward: bool) -> dict[str, str] | None:
    which, name, year_text = match.group(1), match.group(2).lower(), match.group(3)
    first, last = _SEASONS[name]
    if year_text:
        year = int(year_text)
    elif base is None:
        return None
    else:
        year = base.year
        if which and which.lower() == "last":
            year -= 1
        elif which and which.lower() == "next":
            year += 1
        elif not which and not forward and base.month < first:
            year -= 1
    start = f"{year:04d}-{first:02d}-01"
    end = _span(date(year, last, 1), "month")["end"]
    return {"start": start, "end": end, "granularity": "month"}


def _anchor(token: Token) -> Token:
    """The first verb (or noun trigger) above a date expression."""
    tok = token
    for _ in range(6):
        if tok.head.i == tok.i:
            return tok
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return tok


def _clause_tokens(trigger: Token) -> set[int]:
    """The trigger and the verbs that govern it without a reporting boundary."""
    ids = {trigger.i}
    tok = trigger
    for _ in range(4):
        if (
            tok.dep_ in ("pobj", "dobj", "prep", "xcomp", "attr", "nsubjpass")
            and tok.head.i != tok.i
        ):
            tok = tok.head
            ids.add(tok.i)
        else:
            break
    return ids


MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "'ll", "to", "can"})
PAST_WORDS = frozenset({"back", "ago", "earlier", "previously", "already"})


def looks_forward(anchor: Token, modality: str) -> bool:
    """Whether a date on this verb points ahead: the verb's tense first, then the modality."""
    auxes = {c.lower_ for c in anchor.children if c.dep_ in ("aux", "auxpass")}
    if auxes & MODALS:
        return True
    if anchor.tag_ == "VBD" or (
        anchor.tag_ == "VBN" and auxes & {"have", "has", "had", "was", "were"}
    ):
        return False
    return modality in FORWARD


def time_of(
    trigger: Token, dates: list[Span], published: str | None, modality: str
) -> dict[str, str] | None:
    """The resolved date expression of the trigger's clause, if there is one."""
    clause = _clause_tokens(trigger)
    for ent in dates:
        if sentence_of(ent.root).start != sentence_of(trigger).start:
            continue
        anchor = _anchor(ent.root)
        if anchor.i in clause or ent.root.head.i == trigger.i:
            forward = looks_forward(anchor, modality) and not (
                {t.lower_ for t in ent.doc[max(0, ent.start - 2) : ent.start]} & PAST_WORDS
            )
            resolved = resolve_date(ent.text, published, forward)
            if resolved is not None:
                return resolved
    return None


class TimeReader:
    """Component: fills the ``time`` of each relation record."""

    def __call__(self, doc: Doc) -> Doc:
        dates = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
        published = doc._.published
        for record in doc._.relations:
            if record.get("time"):
                continue
            record["time"] = time_of(
                doc[record["trigger"]], dates, published, record.get("modality") or "asserted"
            )
        return doc


@Language.factory("geokg_time")
def make_time(nlp: Language, name: str) -> TimeReader:
    return TimeReader()


if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)
