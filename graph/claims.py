"""The claim model: who does what to whom, about which item, how sure, when, says who.

Every part of geokg speaks this one model: extraction and file readers
produce ``Claim`` objects, stores write and read them, RDF and the view
render them. ``to_dict``/``from_dict`` give the JSON form that
``geokg extract --format jsonl`` prints and ``geokg ingest`` reads.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geokg.errors import InputError
from geokg.graph.vocabulary import check_actor_type, check_modality, predicate

PERSON_TYPES = frozenset({"Person", "Unit"})


def content_id(*parts: object, length: int = 16) -> str:
    """A stable hex id from the parts: same parts, same id, on every machine."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'Sergei Shoigu' -> 'sergei-shoigu'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, armed group, company or person.

    States use ISO 3166-1 alpha-3 ids (``RUS``); everything else a lower-case
    slug (``nato``, ``sergei-shoigu``). People and units carry ``country``,
    the state they act for.
    """

    id: str
    name: str
    type: str = "State"
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None
    role: str | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise InputError("actor without an id")
        check_actor_type(self.type)
        if not isinstance(self.aliases, tuple):
            object.__setattr__(self, "aliases", tuple(self.aliases))

    @property
    def principal(self) -> str:
        """The actor a relation counts for: a person's or unit's state, else itself."""
        if self.type in PERSON_TYPES and self.country:
            return self.country
        return self.id

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        for key in ("country", "role", "wikidata"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.aliases:
            out["aliases"] = list(self.aliases)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str) -> Actor:
        if isinstance(data, str):
            return cls(id=data, name=data)
        if not isinstance(data, dict) or not data.get("id"):
            raise InputError(f"actor needs an id: {data!r}")
        return cls(
            id=str(data["id"]),
            name=str(data.get("name") or data["id"]),
            type=str(data.get("type") or "State"),
            aliases=tuple(data.get("aliases") or ()),
            wikidata=data.get("wikidata") or None,
            country=data.get("country") or None,
            role=data.get("role") or None,
        )


@dataclass(frozen=True, slots=True)
class Item:
    """What a claim is about: a weapon system, equipment, an agreement."""

    name: str
    type: str = "Item"
    wikidata: str | None = None

    @property
    def id(self) -> str:
        return slugify(self.name) or content_id(self.name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.wikidata:
            out["wikidata"] = self.wikidata
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None) -> Item | None:
        if not data:
            return None
        if isinstance(data, str):
            return cls(name=data)
        if not data.get("name"):
            raise InputError(f"item needs a name: {data!r}")
        return cls(
            name=str(data["name"]),
            type=str(data.get("type") or "Item"),
            wikidata=data.get("wikidata") or None,
        )


@dataclass(frozen=True, slots=True)
class Source:
    """The document a claim comes from; its id hashes the URL, else the text."""

    id: str
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        if self.published is not None:
            object.__setattr__(self, "published", TimeSpan.parse(self.published).start)

    @classmethod
    def create(
        cls,
        *,
        url: str | None = None,
        text: str | None = None,
        id: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
    ) -> Source:
        """A source whose id is given, or the hash of its URL, else of its text."""
        if id is None:
            if not url and text is None:
                raise InputError("a source needs an id, a URL or its text")
            id = content_id("url", url) if url else content_id("text", text)
        return cls(id=id, url=url, title=title, publisher=publisher, published=published)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls.create(
            id=data.get("id") or None,
            url=data.get("url") or None,
            text=data.get("text"),
            title=data.get("title") or None,
            publisher=data.get("publisher") or None,
            published=data.get("published") or None,
        )


_DATE = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?"
)
"""ISO 8601 as people and feeds write it: a year, a month or a day, an optional time and zone."""


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """When a claim holds: ISO start and end dates and how precise they are."""

    start: str
    end: str
    granularity: str = "day"

    @classmethod
    def parse(cls, value: str) -> TimeSpan:
        """'2024' -> the year, '2024-10' -> the month, '2024-10-03' -> the day."""
        # The whole text, so '2022/03/04' is refused, not read as the year 2022.
        match = _DATE.fullmatch(str(value).strip())
        if not match:
            raise InputError(
                f"bad date {value!r} (want ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD, "
                "optionally with a time)"
            )
        year, month, day = match.groups()
        try:
            if day:
                d = date(int(year), int(month), int(day))
                return cls(d.isoformat(), d.isoformat(), "day")
            if month:
                last = calendar.monthrange(int(year), int(month))[1]
                return cls(
                    f"{year}-{month}-01", date(int(year), int(month), last).isoformat(), "month"
                )
        except ValueError as exc:
            raise InputError(f"bad date {value!r}: {exc}") from None
        return cls(f"{year}-01-01", f"{year}-12-31", "year")

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start, "end": self.end, "granularity": self.granularity}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None) -> TimeSpan | None:
        if not data:
            return None
        if isinstance(data, str):
            return cls.parse(data)
        start = data.get("start") or data.get("value")
        if not start:
            return None
        span = cls.parse(str(start))
        granularity = data.get("granularity") or span.granularity
        if granularity not in ("day", "month", "year"):
            raise InputError(f"bad time granularity {granularity!r}")
        end = cls.parse(str(data["end"])).end if data.get("end") else span.end
        return cls(span.start, end, granularity)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a claim was read from and its character span in the document."""

    text: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | str | None) -> Evidence | None:
        if not data:
            return None
        if isinstance(data, str):
            return cls(text=data)
        start, end = data.get("start"), data.get("end")
        return cls(
            text=str(data.get("text") or ""),
            start=int(start) if start is not None else None,
            end=int(end) if end is not None else None,
        )


@dataclass(frozen=True, slots=True)
class EventCode:
    """How an event dataset coded the event a claim comes from (GDELT: CAMEO).

    ``code`` is the scheme's event code as written (``"042"``, leading zeros
    kept); ``quad_class`` CAMEO's four classes (1 verbal cooperation,
    2 material cooperation, 3 verbal conflict, 4 material conflict);
    ``goldstein`` the Goldstein scale, -10 (most conflictual) to +10.
    Not part of a claim's id: the same event coded again is the same claim.
    """

    code: str
    scheme: str = "CAMEO"
    quad_class: int | None = None
    goldstein: float | None = None

    def __post_init__(self) -> None:
        if not self.code or not str(self.code).strip():
            raise InputError("event code without a code")
        if self.quad_class is not None and self.quad_class not in (1, 2, 3, 4):
            raise InputError(f"quad_class {self.quad_class!r} is not 1, 2, 3 or 4")
        if self.goldstein is not None and not -10.0 <= float(self.goldstein) <= 10.0:
            raise InputError(f"goldstein {self.goldstein!r} is not between -10 and 10")

    def to_dict(self) -> dict[str, Any]:
        return {
            "scheme": self.scheme,
            "code": self.code,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> EventCode | None:
        if not data:
            return None
        quad, goldstein = data.get("quad_class"), data.get("goldstein")
        return cls(
            code=str(data.get("code") or ""),
            scheme=str(data.get("scheme") or "CAMEO"),
            quad_class=int(quad) if quad is not None else None,
            goldstein=float(goldstein) if goldstein is not None else None,
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """One sourced statement: subject –predicate→ object, with how sure and says who."""

    source: Source
    subject: Actor
    predicate: str
    object: Actor
    item: Item | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    time: TimeSpan | None = None
    location: str | None = None
    confidence: float = 1.0
    evidence: Evidence | None = None
    extractor: str = "manual"
    event: EventCode | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        predicate(self.predicate)
        check_modality(self.modality)
        if not 0.0 <= float(self.confidence) <= 1.0:
            raise InputError(f"confidence {self.confidence!r} is not between 0 and 1")
        if not self.id:
            object.__setattr__(self, "id", self.compute_id())

    def compute_id(self) -> str:
        """Hash of source, subject, predicate, object, item and evidence span.

        For a symmetric predicate the two actors are sorted first, so
        'A signs with B' and 'B signs with A' from one sentence are one claim.
        """
        a, b = self.subject.id, self.object.id
        if predicate(self.predicate).symmetric and b < a:
            a, b = b, a
        span = None
        if self.evidence is not None:
            span = (
                f"{self.evidence.start}:{self.evidence.end}"
                if self.evidence.start is not None
                else content_id(self.evidence.text)
            )
        item = self.item.id if self.item else None
        return content_id(self.source.id, a, self.predicate, b, item, span)

    @property
    def family(self) -> str:
        return predicate(self.predicate).family

    @property
    def weight(self) -> float:
        return predicate(self.predicate).weight

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the extract/ingest contract."""
        return {
            "id": self.id,
            "doc_id": self.source.id,
            "subject": self.subject.to_dict(),
            "predicate": self.predicate,
            "object": self.object.to_dict(),
            "item": self.item.to_dict() if self.item else None,
            "modality": self.modality,
            "attributed_to": self.attributed_to,
            "time": self.time.to_dict() if self.time else None,
            "location": self.location,
            "confidence": round(float(self.confidence), 4),
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "extractor": self.extractor,
            "event": self.event.to_dict() if self.event else None,
            "source": self.source.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Read the JSON form; raises InputError (without a location) on bad data."""
        try:
            return cls._from_dict(data)
        except (TypeError, ValueError, AttributeError) as exc:
            # A field of the wrong JSON type ("aliases": true, "source": [...]).
            raise InputError(f"bad claim: {exc}") from None

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> Claim:
        if not isinstance(data, dict):
            raise InputError(f"a claim must be a JSON object, not {type(data).__name__}")
        for key in ("subject", "predicate", "object"):
            if not data.get(key):
                raise InputError(f"missing {key!r}")
        source_data = dict(data.get("source") or {})
        if data.get("doc_id") and not source_data.get("id"):
            source_data["id"] = str(data["doc_id"])
        if not (source_data.get("id") or source_data.get("url")):
            raise InputError("missing source: give 'doc_id' or 'source': {'url': ...}")
        try:
            confidence = float(data.get("confidence", 1.0))
        except (TypeError, ValueError):
            raise InputError(f"confidence {data.get('confidence')!r} is not a number") from None
        return cls(
            source=Source.from_dict(source_data),
            subject=Actor.from_dict(data["subject"]),
            predicate=str(data["predicate"]),
            object=Actor.from_dict(data["object"]),
            item=Item.from_dict(data.get("item")),
            modality=str(data.get("modality") or "asserted"),
            attributed_to=data.get("attributed_to") or None,
            time=TimeSpan.from_dict(data.get("time")),
            location=data.get("location") or None,
            confidence=confidence,
            evidence=Evidence.from_dict(data.get("evidence")),
            extractor=str(data.get("extractor") or "manual"),
            event=EventCode.from_dict(data.get("event")),
        )
