"""GDELT 2.0 event exports in, claims out: the event-data door into the graph.

``read_gdelt_chunks`` streams an export (``YYYYMMDDHHMMSS.export.CSV[.zip]``: 61
tab-separated columns, no header) in chunks and maps each event to a claim
with the CAMEO tables in ``data/`` (see docs/gdelt.md). Columns are parsed by
pyarrow's CSV reader and mapped a chunk at a time with pandas, not a row at a
time, because a million events must load in seconds. ``load_gdelt`` writes
them: through the COPY bulk path into the embedded store, through
``write_claims`` (batched UNWIND) into Neo4j. ``read_gdelt`` gives the same
claims as ``Claim`` objects, for the generic ingest pipeline.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import pickle
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from hashlib import blake2b, sha1
from importlib import resources
from pathlib import Path
from typing import IO, Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pycountry

from geokg.errors import InputError
from geokg.graph.claims import Claim, content_id
from geokg.graph.stores import ledger
from geokg.graph.stores.base import GraphStore, WriteReport
from geokg.graph.stores.bulk import (
    ACTOR_SCHEMA,
    CLAIM_COLUMNS,
    ITEM_SCHEMA,
    SOURCE_SCHEMA,
    ClaimTables,
    claims_from_tables,
)
from geokg.graph.vocabulary import predicates

T = TypeVar("T")

EXTRACTOR = "gdelt-2.0"

GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
         "Religion2Code", "Type1Code", "Type2Code", "Type3Code")  # fmt: skip
COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in ACTOR)
    + tuple(f"Actor2{c}" for c in ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"Actor1Geo_{c}" for c in GEO)
    + tuple(f"Actor2Geo_{c}" for c in GEO)
    + tuple(f"ActionGeo_{c}" for c in GEO)
    + ("DATEADDED", "SOURCEURL")
)  # fmt: skip
"""The 61 columns of a GDELT 2.0 event export, in file order (GDELT 2.0 Event Codebook)."""

USED = (
    "GlobalEventID", "Day", "Actor1Code", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor2Code", "Actor2CountryCode", "Actor2KnownGroupCode", "EventCode", "EventBaseCode",
    "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
    "AvgTone", "ActionGeo_FullName", "DATEADDED", "SOURCEURL",
)  # fmt: skip
"""The columns the mapping reads; pyarrow only converts these."""

BLOCK_BYTES = 32 << 20
"""pyarrow read block: ~50k GDELT rows, the chunk that is mapped and written at once."""
PROCESS_BYTES = 64 << 20
"""Inputs this big (on disk, all files) are read and mapped in a second process."""

# Why an event is not a claim, though the row is fine (counted in the summary).
SKIP_ONE_SIDED = "one-sided event (no actor 2)"
SKIP_NO_ACTOR1 = "no actor 1"
SKIP_SAME = "same actor on both sides"
SKIP_UNMAPPED = "event code mapped to no predicate (--unmapped skip)"


# -- the mapping tables ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorCode:
    """What a CAMEO actor maps to: an actor row, or why the event is skipped or bad."""

    id: str | None = None
    name: str | None = None
    type: str = "State"
    cameo: str | None = None
    skip: str | None = None
    error: str | None = None


@cache
def _countries() -> dict[str, Any]:
    text = resources.files("geokg.ingest").joinpath("data/cameo_countries.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _events() -> tuple[str, dict[str, tuple[str, bool]]]:
    text = resources.files("geokg.ingest").joinpath("data/cameo_events.toml").read_text("utf-8")
    table = tomllib.loads(text)
    known = predicates()
    codes = {}
    for prefix, spec in table["codes"].items():
        if spec["predicate"] not in known:
            raise ValueError(f"cameo_events.toml: {prefix}: unknown predicate {spec['predicate']}")
        codes[prefix] = (spec["predicate"], bool(spec.get("swap", False)))
    return table["default"], codes


@cache
def actor_code(country: str, group: str, code: str) -> ActorCode:
    """Map one side of an event: country code first, else a known group, else skip."""
    tables = _countries()
    if country:
        if country in tables["regions"]:
            return ActorCode(skip=f"regional actor ({country} {tables['regions'][country]})")
        spec = tables["exceptions"].get(country)
        if spec:
            return ActorCode(id=spec["id"], name=spec["name"], cameo=country)
        found = pycountry.countries.get(alpha_3=country) if len(country) == 3 else None
        if found is None:
            return ActorCode(error=f"unknown CAMEO country code {country!r}")
        name = tables["names"].get(country) or getattr(found, "common_name", None) or found.name
        return ActorCode(id=country, name=name)
    if group:
        spec = tables["groups"].get(group)
        if spec is None:
            return ActorCode(skip=f"group not in the table ({group})")
        return ActorCode(id=spec["id"], name=spec["name"], type=spec["type"], cameo=group)
    if not code:
        return ActorCode(skip="")  # no actor on this side: the caller names the reason
    return ActorCode(skip=f"actor without country or known group ({code[:3]})")


_CAMEO = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")


@cache
def event_code(code: str, base: str, root: str) -> tuple[str | None, bool, bool, str | None]:
    """(predicate, swap, specific, error): the longest matching prefix of the table."""
    if not _CAMEO.match(code):
        return None, False, False, f"unknown CAMEO event code {code!r}"
    if root != code[:2] or base != code[:3]:
        return (
            None,
            False,
            False,
            (f"EventCode {code!r} disagrees with EventBaseCode {base!r} / EventRootCode {root!r}"),
        )
    default, table = _events()
    for n in (4, 3, 2):
        hit = table.get(code[:n]) if len(code) >= n else None
        if hit:
            return hit[0], hit[1], True, None
    return default, False, False, None


@cache
def _day(value: str) -> str | None:
    """YYYYMMDD (SQLDATE) or YYYYMMDDHHMMSS (DATEADDED) -> ISO date, None if not a date."""
    if len(value) not in (8, 14) or not value.isdigit():
        return None
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:8])).isoformat()
    except ValueError:
        return None


def confidence(sources: np.ndarray, mentions: np.ndarray) -> np.ndarray:
    """1 − 0.5^k with k = NumSources + (NumMentions − NumSources)/4, kept in [0.05, 0.99].

    One source: 0.5; two, or one source mentioned five times: 0.75; five
    sources: 0.97. Independent sources count fully, repeats a quarter each.
    """
    k = sources + np.maximum(mentions - sources, 0) / 4.0
    return np.round(np.clip(1.0 - np.power(0.5, k), 0.05, 0.99), 3)


_HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:www\.)?(?P<host>[^/:?#]+)"
"""The publisher of a source: its URL's host name without ``www.``."""


def _hash(text: str) -> str:
    """``content_id`` of one string."""
    return sha1(text.encode("utf-8")).hexdigest()[:16]


@cache
def mapping_version() -> str:
    """What the claims of an export depend on besides its rows: this module, the claim ids'
    hashing, the CAMEO and predicate tables, and pycountry (a ledger key part, ``ledger.py``)."""
    from importlib.metadata import version

    digest = sha1(b"geokg-gdelt-mapping-1")
    digest.update(Path(__file__).read_bytes())
    digest.update(resources.files("geokg.graph").joinpath("claims.py").read_bytes())
    for package, name in (("geokg.ingest", "data/cameo_countries.toml"),
                          ("geokg.ingest", "data/cameo_events.toml"),
                          ("geokg.graph", "data/predicates.toml")):  # fmt: skip
        digest.update(resources.files(package).joinpath(name).read_bytes())
    digest.update(version("pycountry").encode())
    return digest.hexdigest()


def chunk_key(batch: pa.RecordBatch, lines: np.ndarray, unmapped: str) -> str:
    """A hash of all a chunk's claims depend on: its columns, line numbers and the mapping."""
    digest = blake2b(digest_size=20)
    digest.update(f"{mapping_version()}\x1f{unmapped}\x1f{batch.num_rows}".encode())
    digest.update(np.ascontiguousarray(lines, dtype=np.int64).tobytes())
    for name in USED:
        column = batch.column(name)
        if column.null_count:  # not from pyarrow's reader as set up here; kept out of the key
            column = pc.fill_null(column, NOT_UTF8)
        offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)
        offsets = offsets[column.offset : column.offset + len(column) + 1]
        digest.update((offsets - offsets[0]).tobytes())
        digest.update(memoryview(column.buffers()[2])[offsets[0] : offsets[-1]])
    return digest.hexdigest()


@dataclass
class KnownChunk:
    """A chunk the store's ledger says is loaded: what mapping it reported, not its claims."""

    key: str
    claims: int


# -- reading -----------------------------------------------------------------


@dataclass
class ReadStats:
    """What the reader saw besides claims: rows, skips by reason, generic codes."""

    rows: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    generic: Counter[str] = field(default_factory=Counter)

    def add(self, other: ReadStats) -> None:
        self.rows += other.rows
        self.skipped.update(other.skipped)
        self.generic.update(other.generic)


def read_gdelt(
    path: Path | str,
    *,
    errors: list[InputError],
    stats: ReadStats | None = None,
    unmapped: str = "generic",
) -> Iterator[Claim]:
    """The claims of one export (``.CSV`` or ``.CSV.zip``) as model objects, streamed.

    For the generic ingest pipeline; ``load_gdelt`` is the fast way into a
    store. Bad rows go to ``errors`` as ``file:line: reason``.
    """
    for tables in read_gdelt_chunks(path, errors=errors, stats=stats, unmapped=unmapped):
        yield from claims_from_tables(tables)


def read_gdelt_chunks(
    path: Path | str,
    *,
    errors: list[InputError],
    stats: ReadStats | None = None,
    unmapped: str = "generic",
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[ClaimTables]:
    """Claims of one export (``.CSV`` or ``.CSV.zip``) as column tables, a chunk at a time.

    Bad rows go to ``errors`` as ``file:line: reason`` and are left out; a
    file that cannot be read at all (a truncated zip) is one error.
    ``unmapped`` is ``generic`` (INTERACTS_WITH) or ``skip`` for CAMEO codes
    the table does not map.
    """
    for tables in _read_chunks(
        path, errors=errors, stats=stats, unmapped=unmapped, block_bytes=block_bytes
    ):
        if isinstance(tables, ClaimTables):
            yield tables


def _read_chunks(
    path: Path | str,
    *,
    errors: list[InputError],
    stats: ReadStats | None = None,
    unmapped: str = "generic",
    block_bytes: int = BLOCK_BYTES,
    known: Mapping[str, str] | None = None,
) -> Iterator[ClaimTables | KnownChunk]:
    """``read_gdelt_chunks``; with ``known`` (a store's ledger, ``ledger.py``), a chunk whose
    key is in it is not mapped: its entry's skips, generic codes and bad rows are reported
    as mapping would, and a ``KnownChunk`` stands for its claims. Mapped chunks carry their
    key and entry (``ClaimTables.ledger``) for the writer to record."""
    if unmapped not in ("generic", "skip"):
        raise ValueError(f"unmapped must be 'generic' or 'skip', not {unmapped!r}")
    stats = stats if stats is not None else ReadStats()
    name = str(path)
    with ExitStack() as stack:
        try:
            stream = stack.enter_context(_open(Path(path)))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            errors.append(InputError(f"cannot read: {_zip_reason(exc)}", path=name))
            return
        lines = _LineCounter()
        bad: list[tuple[int | None, str]] = []

        def invalid(row: pacsv.InvalidRow) -> str:
            if row.number is not None:
                lines.bad.append(row.number)
            bad.append((row.number, f"{row.actual_columns} columns, a GDELT 2.0 event has 61"))
            return "skip"

        try:
            reader = pacsv.open_csv(
                _Utf8Stream(stream),
                read_options=pacsv.ReadOptions(
                    column_names=list(COLUMNS), block_size=block_bytes, use_threads=False
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter="\t",
                    quote_char=False,
                    double_quote=False,
                    escape_char=False,
                    newlines_in_values=False,
                    ignore_empty_lines=False,
                    invalid_row_handler=invalid,
                ),  # fmt: skip
                convert_options=pacsv.ConvertOptions(
                    column_types={c: pa.string() for c in COLUMNS}, include_columns=list(USED)
                ),
            )
            for batch in reader:
                found = [InputError(reason, path=name, line=number) for number, reason in bad]
                stats.rows += len(bad)
                bad.clear()
                numbers = lines.take(batch.num_rows)
                stats.rows += batch.num_rows
                key = chunk_key(batch, numbers, unmapped) if known is not None else None
                entry = known.get(key) if known is not None and key is not None else None
                if entry is not None:
                    done = ledger.parse_entry(entry)
                    stats.skipped.update(done["skipped"])
                    stats.generic.update(done["generic"])
                    found += [InputError(why, path=name, line=n) for n, why in done["errors"]]
                    errors.extend(sorted(found, key=lambda e: e.line or 0))
                    if done["claims"]:
                        yield KnownChunk(str(key), int(done["claims"]))
                    continue
                mine = ReadStats()
                mapped: list[InputError] = []
                tables = map_events(batch, numbers, name, mapped, mine, unmapped)
                stats.skipped.update(mine.skipped)
                stats.generic.update(mine.generic)
                found += mapped
                errors.extend(sorted(found, key=lambda e: e.line or 0))
                if len(tables):
                    if key is not None:
                        tables.ledger = key, ledger.entry_json(
                            len(tables), dict(mine.skipped), dict(mine.generic),
                            [(e.line, e.reason) for e in mapped],
                        )  # fmt: skip
                    yield tables
            for number, reason in bad:
                errors.append(InputError(reason, path=name, line=number))
            stats.rows += len(bad)
        except (pa.ArrowException, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            errors.append(
                InputError(f"stopped reading: {_zip_reason(exc)}", path=name, line=lines.next)
            )


def _open(path: Path) -> Any:
    """The export as a binary stream: the file, or the one CSV inside the zip."""
    if path.suffix.lower() != ".zip":
        return open(path, "rb")  # noqa: SIM115 - the caller's ExitStack closes it
    archive = zipfile.ZipFile(path)
    members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
    if len(members) != 1:
        archive.close()
        raise zipfile.BadZipFile(f"want one .CSV inside, found {len(members)}")
    return _ZipMember(archive, archive.open(members[0]))


NOT_UTF8 = "\uffff"
"""What a byte that is not UTF-8 becomes (a noncharacter), so its row is reported."""


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return NOT_UTF8, exc.end
    raise exc


codecs.register_error("geokg-gdelt-mark", _mark)


class _Utf8Stream(io.RawIOBase):
    """The bytes as valid UTF-8, bad bytes marked: pyarrow cannot report a row it cannot decode."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="geokg-gdelt-mark")
        self.pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` whole (pyarrow reads a block per call), short only at the end."""
        done = 0
        while done < len(buffer):
            if not self.pending:
                data = self.raw.read(1 << 22)
                if data and data.isascii() and not self.decoder.getstate()[0]:
                    self.pending = memoryview(data)  # valid as it is: skip the round trip
                else:
                    text = self.decoder.decode(data, final=not data)
                    self.pending = memoryview(text.encode("utf-8"))
                if not data and not self.pending:
                    break
            n = min(len(buffer) - done, len(self.pending))
            buffer[done : done + n] = self.pending[:n]
            self.pending = self.pending[n:]
            done += n
        return done


class _ZipMember:
    """A zip member stream that closes its archive too."""

    def __init__(self, archive: zipfile.ZipFile, stream: IO[bytes]) -> None:
        self.archive, self.stream = archive, stream

    def __enter__(self) -> IO[bytes]:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        self.stream.close()
        self.archive.close()


def _zip_reason(exc: BaseException) -> str:
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return f"not a readable zip archive, truncated or corrupt? ({exc})"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class _LineCounter:
    """Line numbers of the rows pyarrow hands over, skipping those it rejected."""

    def __init__(self) -> None:
        self.next = 1
        self.bad: list[int] = []

    def take(self, n: int) -> np.ndarray:
        bad = sorted(b for b in self.bad if b >= self.next)
        span = n
        while True:  # widen the range until it holds n good lines
            inside = [b for b in bad if b < self.next + span]
            if span == n + len(inside):
                break
            span = n + len(inside)
        numbers = np.setdiff1d(np.arange(self.next, self.next + span), inside)
        self.next += span
        self.bad = [b for b in self.bad if b >= self.next]
        return numbers


def map_events(
    batch: pa.RecordBatch,
    lines: np.ndarray,
    path: str,
    errors: list[InputError],
    stats: ReadStats,
    unmapped: str = "generic",
) -> ClaimTables:
    """Map one chunk of export rows to claim tables; bad rows to ``errors``, skips to ``stats``."""
    col = {name: batch.column(name).to_numpy(zero_copy_only=False) for name in USED}
    n = batch.num_rows
    reason = np.full(n, None, dtype=object)

    def flag(mask: np.ndarray, why: str | Callable[[int], str]) -> None:
        """Give the rows in ``mask`` their first reason (a text, or a function of the row)."""
        for i in np.flatnonzero(mask & pd.isna(reason)):
            reason[i] = why if isinstance(why, str) else why(int(i))

    flag(np.logical_and.reduce([col[c] == "" for c in USED]), "empty line")
    marked = [pc.match_substring(batch.column(c), NOT_UTF8) for c in USED]
    flag(np.logical_or.reduce([m.to_numpy(zero_copy_only=False) for m in marked]), "not UTF-8")
    event_id = col["GlobalEventID"]
    flag(~np.array([s.isdigit() for s in event_id], dtype=bool), "GlobalEventID is not a number")
    day = np.array([_day(s) for s in col["Day"]], dtype=object)
    flag(pd.isna(day), lambda i: f"bad SQLDATE {col['Day'][i]!r} (want YYYYMMDD)")
    added = np.array([_day(s) if s else None for s in col["DATEADDED"]], dtype=object)
    flag(
        pd.isna(added) & (col["DATEADDED"] != ""),
        lambda i: f"bad DATEADDED {col['DATEADDED'][i]!r} (want YYYYMMDDHHMMSS)",
    )

    numbers = {}
    for name in ("QuadClass", "GoldsteinScale", "NumMentions", "NumSources", "NumArticles",
                 "AvgTone"):  # fmt: skip
        values = pd.to_numeric(pd.Series(col[name]), errors="coerce").to_numpy(dtype=float)
        flag(np.isnan(values), _say(f"{name} {{!r}} is not a number", col[name]))
        numbers[name] = values
    flag(~np.isin(numbers["QuadClass"], (1, 2, 3, 4)), "QuadClass is not 1-4")
    flag(np.abs(numbers["GoldsteinScale"]) > 10, "GoldsteinScale is outside -10..10")
    for name in ("NumMentions", "NumSources"):
        v = numbers[name]
        flag((v < 0) | (v != np.floor(v)), f"{name} is not a whole number >= 0")

    events = [
        event_code(c, b, r)
        for c, b, r in zip(
            col["EventCode"], col["EventBaseCode"], col["EventRootCode"], strict=True
        )
    ]
    flag(np.array([e[3] is not None for e in events]), lambda i: str(events[i][3]))

    sides = []
    for side in ("Actor1", "Actor2"):
        codes = [
            actor_code(c, g, a)
            for c, g, a in zip(
                col[f"{side}CountryCode"],
                col[f"{side}KnownGroupCode"],
                col[f"{side}Code"],
                strict=True,
            )  # fmt: skip
        ]
        flag(np.array([a.error is not None for a in codes]), _say("{.error}", codes))
        sides.append(codes)

    bad = pd.notna(reason)
    for i in np.flatnonzero(bad):
        errors.append(InputError(str(reason[i]), path=path, line=int(lines[i])))

    # Good rows that still make no claim: counted by reason, never silently dropped.
    skip = np.full(n, None, dtype=object)

    def skip_if(mask: np.ndarray, why: Any) -> None:
        todo = mask & ~bad & pd.isna(skip)
        skip[todo] = why[todo] if isinstance(why, np.ndarray) else why

    a1, a2 = sides
    skip_if(col["Actor1Code"] == "", SKIP_NO_ACTOR1)
    skip_if(col["Actor2Code"] == "", SKIP_ONE_SIDED)
    for codes in (a1, a2):
        why = np.array([a.skip for a in codes], dtype=object)
        skip_if(pd.notna(why) & (why != ""), why)
    specific = np.array([e[2] for e in events], dtype=bool)
    if unmapped == "skip":
        skip_if(~specific, SKIP_UNMAPPED)
    swap = np.array([e[1] for e in events], dtype=bool)
    subject = np.array([a.id for a in a1], dtype=object)
    obj = np.array([a.id for a in a2], dtype=object)
    subject, obj = np.where(swap, obj, subject), np.where(swap, subject, obj)
    skip_if(subject == obj, SKIP_SAME)
    stats.skipped.update(s for s in skip if s is not None)

    keep = np.flatnonzero(~bad & pd.isna(skip))
    generic = col["EventCode"][keep][~specific[keep]]
    stats.generic.update(generic.tolist())
    return _tables(keep, col, numbers, day, added, events, a1, a2, subject, obj)


def _say(template: str, values: Any) -> Callable[[int], str]:
    """The reason for row ``i``, formatted only for the rows that need one."""
    return lambda i: template.format(values[i])


def _tables(
    keep: np.ndarray,
    col: dict[str, np.ndarray],
    numbers: dict[str, np.ndarray],
    day: np.ndarray,
    added: np.ndarray,
    events: list[tuple[str | None, bool, bool, str | None]],
    a1: list[ActorCode],
    a2: list[ActorCode],
    subject: np.ndarray,
    obj: np.ndarray,
) -> ClaimTables:
    """The kept rows as ``ClaimTables``; claim ids computed as ``Claim.compute_id`` does."""
    specs = predicates()
    pick = {k: v[keep] for k, v in col.items()}
    pred = [events[i][0] for i in keep]
    subj, objs = subject[keep].tolist(), obj[keep].tolist()
    published = np.where(pd.isna(added[keep]), day[keep], added[keep])
    # Source: one per URL (an event without one gets a source of its own).
    urls = pick["SOURCEURL"].tolist()
    url_ids = {u: _hash(f"url\x1f{u}") for u in set(urls) if u}  # an article has many events
    source_ids = [
        url_ids[u] if u else content_id("gdelt-event", e)
        for u, e in zip(urls, pick["GlobalEventID"], strict=True)
    ]
    evidence = [
        f"GDELT event {e}: {c1} {code} {c2} | QuadClass {q} | Goldstein {g} | AvgTone {t}"
        f" | mentions {m}, sources {s}, articles {a}"
        for e, c1, code, c2, q, g, t, m, s, a in zip(
            pick["GlobalEventID"], pick["Actor1Code"], pick["EventCode"], pick["Actor2Code"],
            pick["QuadClass"], pick["GoldsteinScale"], pick["AvgTone"], pick["NumMentions"],
            pick["NumSources"], pick["NumArticles"], strict=True,
        )
    ]  # fmt: skip
    symmetric = {k: v.symmetric for k, v in specs.items()}
    # content_id(source, a, predicate, b, item=None, content_id(evidence)), spelled out:
    # a million calls of the generic function cost seconds. Tests check it against the model.
    ids = [
        _hash(f"{src}\x1f{b}\x1f{p}\x1f{a}\x1f\x1f{_hash(text)}" if symmetric[p] and b < a
              else f"{src}\x1f{a}\x1f{p}\x1f{b}\x1f\x1f{_hash(text)}")
        for src, a, p, b, text in zip(source_ids, subj, pred, objs, evidence, strict=True)
    ]  # fmt: skip
    days = day[keep]
    location = np.where(pick["ActionGeo_FullName"] == "", None, pick["ActionGeo_FullName"])
    claims = pd.DataFrame(
        {
            "id": ids,
            "predicate": pred,
            "family": [specs[p].family for p in pred],
            "weight": [specs[p].weight for p in pred],
            "modality": "asserted",
            "attributed_to": None,
            "time_start": days,
            "time_end": days,
            "time_granularity": "day",
            "location": location,
            "confidence": confidence(numbers["NumSources"][keep], numbers["NumMentions"][keep]),
            "evidence_text": evidence,
            "evidence_start": None,
            "evidence_end": None,
            "extractor": EXTRACTOR,
            "event_scheme": "CAMEO",
            "event_code": pick["EventCode"],
            "quad_class": numbers["QuadClass"][keep].astype(np.int64),
            "goldstein": numbers["GoldsteinScale"][keep],
            "subject_id": subj,
            "object_id": objs,
            "source_id": source_ids,
            "item_id": None,
        },
        columns=list(CLAIM_COLUMNS),
    )
    sources = pd.DataFrame(
        {
            "id": source_ids,
            "url": [u or None for u in urls],
            "title": [
                None if u else f"GDELT event {e}"
                for u, e in zip(urls, pick["GlobalEventID"], strict=True)
            ],
            "published": published,
        }
    ).drop_duplicates("id")
    hosts = pc.extract_regex(pa.array(sources["url"].tolist(), pa.string()), _HOST)
    sources["publisher"] = hosts.field("host").to_pylist()
    actors = {}
    for codes in (a1, a2):
        for i in keep:
            a = codes[i]
            if a.id is not None and a.id not in actors:
                actors[a.id] = {
                    "id": a.id, "name": a.name, "type": a.type,
                    "aliases": [a.cameo] if a.cameo and a.cameo != a.id else [],
                    "wikidata": None, "country": None, "role": None,
                }  # fmt: skip
    return ClaimTables(
        claims=claims,
        actors=pd.DataFrame(list(actors.values()), columns=ACTOR_SCHEMA.names),
        sources=sources[SOURCE_SCHEMA.names].reset_index(drop=True),
        items=pd.DataFrame(columns=ITEM_SCHEMA.names),
    )


# -- loading -----------------------------------------------------------------


def prefetch(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """``items``, produced by a background thread up to ``depth`` ahead of the consumer."""
    slots: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(slot: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                slots.put(slot, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False  # the consumer is gone

    def produce() -> None:
        try:
            for item in items:
                if not put(("item", item)):
                    return
            put(("done", None))
        except BaseException as exc:  # handed to the consumer, raised there
            put(("error", exc))

    worker = threading.Thread(target=produce, name="geokg-read", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = slots.get()
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
        worker.join()


Part = tuple[str, Any, list[InputError], int]
"""What a reader hands the loader: ("chunk", ClaimTables, …) or ("file", ReadStats, …), with the
bad rows found since the last part and the file's rows read so far."""


def file_parts(
    paths: Sequence[Path],
    *,
    unmapped: str = "generic",
    block_bytes: int = BLOCK_BYTES,
    known: Mapping[str, str] | None = None,
) -> Iterator[Part]:
    """Every file's chunks, then its stats, each with the bad rows found before it.

    With ``known`` (a ledger), a chunk loaded already is a ``("known", KnownChunk, …)`` part.
    """
    for path in paths:
        stats = ReadStats()
        errors: list[InputError] = []
        sent = 0
        for tables in _read_chunks(
            path, errors=errors, stats=stats, unmapped=unmapped, block_bytes=block_bytes,
            known=known,
        ):  # fmt: skip
            kind = "chunk" if isinstance(tables, ClaimTables) else "known"
            yield kind, tables, errors[sent:], stats.rows
            sent = len(errors)
        yield "file", stats, errors[sent:], stats.rows


def read_elsewhere(
    paths: Sequence[Path],
    *,
    unmapped: str = "generic",
    block_bytes: int = BLOCK_BYTES,
    known: Mapping[str, str] | None = None,
) -> Iterator[Part]:
    """``file_parts`` computed in a second process, about one part ahead of the consumer.

    Mapping a chunk is mostly Python (ids are SHA-1 of Python strings), and so
    is the bulk writer's projection: in one process they take turns on the
    GIL. The child is a fresh interpreter (not ``multiprocessing``, which
    re-runs the caller's script in it) writing pickled parts to a pipe; a full
    pipe holds it back. It ends when the consumer stops reading, and when this
    process is killed (its next write finds the pipe closed).
    """
    job = json.dumps({"paths": [str(p) for p in paths], "unmapped": unmapped,
                      "block_bytes": block_bytes, "known": known is not None})  # fmt: skip
    child = subprocess.Popen(
        [sys.executable, "-c", "from geokg.ingest.gdelt import _reader_main; _reader_main()", job],
        stdin=subprocess.DEVNULL if known is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    try:
        if known is not None:  # on stdin: a store's ledger outgrows one argument (128 KiB)
            assert child.stdin is not None
            try:
                child.stdin.write(json.dumps(dict(known)).encode())
                child.stdin.close()
            except BrokenPipeError:
                pass  # the child is gone; reading its output says how
        while True:
            try:
                message = pickle.load(child.stdout)
            except EOFError:
                raise RuntimeError(
                    f"the GDELT reader process ended without finishing (exit code {child.wait()})"
                ) from None
            if message[0] == "done":
                return
            if message[0] == "error":
                raise message[1]
            yield message
    finally:
        child.stdout.close()  # a child still writing gets a broken pipe and ends
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _reader_main() -> None:
    """The process of ``read_elsewhere``: the job (argv[1], JSON; the ledger's known chunks on
    stdin) as pickled parts on stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the loader's to handle
    job = json.loads(sys.argv[1])
    known = json.load(sys.stdin) if job["known"] else None
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the pipe
    try:
        try:
            for part in file_parts(
                [Path(p) for p in job["paths"]],
                unmapped=job["unmapped"],
                block_bytes=job["block_bytes"],
                known=known,
            ):
                pickle.dump(part, out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
            message: tuple[Any, ...] = ("done",)
        except BrokenPipeError:
            raise
        except Exception as exc:  # raised in the loader
            message = ("error", exc)
        pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
    except BrokenPipeError:  # the loader stopped reading (or is gone): nothing more to do
        os._exit(0)


def read_parts(
    paths: Sequence[Path], *, unmapped: str = "generic", block_bytes: int = BLOCK_BYTES,
    reader: str = "thread", known: Mapping[str, str] | None = None,
) -> Iterator[Part]:  # fmt: skip
    """``file_parts`` read ahead of the consumer in a ``thread`` or a second ``process``
    (``auto``: a process from ``PROCESS_BYTES`` of input on); ``known``: as ``file_parts``."""
    if reader == "auto":
        size = sum(p.stat().st_size for p in paths if p.is_file())
        reader = "process" if size >= PROCESS_BYTES else "thread"
    if reader == "process":
        return read_elsewhere(paths, unmapped=unmapped, block_bytes=block_bytes, known=known)
    if reader == "thread":
        return prefetch(file_parts(paths, unmapped=unmapped, block_bytes=block_bytes, known=known))
    raise ValueError(f"reader must be 'auto', 'thread' or 'process', not {reader!r}")


@dataclass
class LoadReport:
    """What a GDELT load did: rows read, claims written, skips, generic codes, bad rows."""

    files: int = 0
    stats: ReadStats = field(default_factory=ReadStats)
    claims: int = 0
    written: WriteReport = field(default_factory=WriteReport)
    errors: list[InputError] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """A few lines for the end of ``geokg ingest``."""
        s = self.stats
        rate = s.rows / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.files} file(s), {s.rows:,} rows in {self.seconds:.1f} s ({rate:,.0f} rows/s): "
            f"{self.claims:,} claims, {self.written.claims_new:,} new, "
            f"{sum(s.skipped.values()):,} skipped, {len(self.errors):,} bad",
        ]
        for why, count in sorted(s.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  skipped {count:,}: {why}")
        if s.generic:
            top = ", ".join(f"{code} ×{n:,}" for code, n in s.generic.most_common(10))
            lines.append(
                f"  {sum(s.generic.values()):,} events kept as INTERACTS_WITH "
                f"(no specific predicate for their CAMEO code): {top}"
            )
        return "\n".join(lines)


def load_gdelt(
    store: GraphStore,
    paths: Iterable[Path | str],
    *,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    errors: list[InputError] | None = None,
    unmapped: str = "generic",
    batch_size: int | None = None,
    block_bytes: int = BLOCK_BYTES,
    reader: str = "thread",
) -> LoadReport:
    """Load GDELT 2.0 exports into ``store``; re-loading a file adds nothing.

    The embedded store gets the COPY bulk path, Neo4j ``write_claims`` in
    batches of ``batch_size`` (default ``neo4j_bulk.NEO4J_BATCH_SIZE``). Bad rows are
    appended to ``errors`` (and the report) and the rest is loaded; with
    ``strict`` every file is read first and any bad row raises ``InputError``
    before anything is written. ``progress`` gets the rows of each chunk
    once it is written. ``reader``: where the files are read and mapped, in a
    ``thread`` (the default) or a second ``process`` (``auto``: a process from
    ``PROCESS_BYTES`` of input on). The process loaded 1M events faster in quiet runs
    but re-loads slower and holds ~760 MB of its own (bench/RESULTS.md).
    """
    files = [Path(p) for p in paths]
    report = LoadReport(files=len(files))
    sink = errors if errors is not None else []
    report.errors = sink
    started = time.perf_counter()
    if strict:
        found: list[InputError] = []
        for path in files:
            for _ in read_gdelt_chunks(
                path, errors=found, unmapped=unmapped, block_bytes=block_bytes
            ):
                pass
        if found:
            sink.extend(found)
            raise InputError(
                f"{len(found):,} bad row(s), nothing written (--strict); first: {found[0]}"
            )

    # The embedded store's ledger: chunks loaded already are parsed, not mapped (ledger.py).
    book = ledger.Ledger.open(store) if store.kind == "embedded" else None  # type: ignore[arg-type]
    known = book.entries if book is not None else None
    parts = read_parts(
        files, unmapped=unmapped, block_bytes=block_bytes, reader=reader, known=known
    )

    def chunks() -> Iterator[ClaimTables]:
        seen = 0
        for kind, value, found, rows in parts:
            sink.extend(found)
            if kind == "chunk":
                report.claims += len(value)
                value.input_rows, seen = rows - seen, rows
                yield value
            elif kind == "known":  # stored already, says the ledger: nothing to write
                report.claims += value.claims
                report.written.claims_seen += value.claims
                if progress:
                    progress(rows - seen)
                seen = rows
            else:  # a file's end
                report.stats.add(value)
                if progress and rows > seen:  # bad rows after the last chunk
                    progress(rows - seen)
                seen = 0

    # Reading the next chunk overlaps writing this one (the stores' I/O releases the GIL).
    if store.kind == "embedded":
        from geokg.graph.stores.bulk import bulk_write

        written = bulk_write(
            store,
            chunks(),
            progress=progress,
            ledger=book,  # type: ignore[arg-type]
        )
        written.claims_seen += report.written.claims_seen  # the chunks the ledger skipped
        report.written = written
    else:
        from geokg.graph.stores.neo4j_bulk import NEO4J_BATCH_SIZE, neo4j_bulk_write

        report.written = neo4j_bulk_write(
            store,  # type: ignore[arg-type]
            chunks(),
            batch_size=batch_size or NEO4J_BATCH_SIZE,
            progress=progress,
        )
    report.seconds = time.perf_counter() - started
    return report
