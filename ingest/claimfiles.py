"""Claim files: claims that are already structured, as JSONL or CSV.

The first door into the graph (text extraction and GDELT are the others).
Each bad row becomes an ``InputError`` with its file and line; the good
rows still come through.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from geokg.errors import InputError
from geokg.graph.claims import Claim

T = TypeVar("T")

CSV_COLUMNS = (
    "doc_id", "source_url", "source_title", "publisher", "published",
    "subject_id", "subject_name", "subject_type", "subject_country", "subject_role",
    "predicate",
    "object_id", "object_name", "object_type", "object_country", "object_role",
    "item_name", "item_type",
    "modality", "attributed_to", "time_start", "time_end", "granularity", "location",
    "confidence", "evidence_text", "evidence_start", "evidence_end", "extractor",
    "event_scheme", "event_code", "quad_class", "goldstein",
)  # fmt: skip
"""Every column a claims CSV may have; only the required ones must be there."""

CSV_REQUIRED = ("subject_id", "predicate", "object_id")


def read_claims_jsonl(
    path: Path | str, stream: IO[bytes] | None = None, *, errors: list[InputError]
) -> Iterator[Claim]:
    """Claims from a JSONL file, one JSON object per line (the ``extract`` format)."""
    name = str(path)
    handle = stream or _open(path, errors)
    if handle is None:
        return
    try:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                errors.append(InputError(f"not UTF-8 ({exc.reason})", path=name, line=number))
                continue
            if not text:
                continue
            try:
                yield Claim.from_dict(json.loads(text))
            except json.JSONDecodeError as exc:
                errors.append(InputError(f"bad JSON: {exc.msg}", path=name, line=number))
            except InputError as exc:  # wrong JSON types too: Claim.from_dict says so
                errors.append(InputError(exc.reason, path=name, line=number))
    finally:
        if stream is None:
            handle.close()


def read_claims_csv(
    path: Path | str, stream: IO[bytes] | None = None, *, errors: list[InputError]
) -> Iterator[Claim]:
    """Claims from a CSV file with a header row naming columns of ``CSV_COLUMNS``."""
    name = str(path)
    handle = stream or _open(path, errors)
    if handle is None:
        return
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        reader = csv.reader(text)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        except csv.Error as exc:
            errors.append(InputError(f"bad CSV header: {exc}", path=name, line=1))
            return
        if any(_not_utf8(cell) for cell in header):
            errors.append(InputError("header is not UTF-8 text — nothing read", path=name, line=1))
            return
        missing = [c for c in CSV_REQUIRED if c not in header]
        unknown = [c for c in header if c not in CSV_COLUMNS]
        if missing or unknown:
            reason = "bad header"
            if missing:
                reason += f": missing column(s) {', '.join(missing)}"
            if unknown:
                shown = ", ".join(c[:40] for c in unknown[:5])
                more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
                reason += f"; unknown column(s) {shown}{more}"
            errors.append(InputError(reason + " — nothing read from this file", path=name, line=1))
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:  # e.g. a field over the csv module's 128 KiB limit
                errors.append(InputError(f"bad CSV: {exc}", path=name, line=reader.line_num))
                continue
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                errors.append(
                    InputError(
                        f"{len(row)} columns, the header has {len(header)}", path=name, line=number
                    )
                )
                continue
            if any(_not_utf8(cell) for cell in row):
                errors.append(InputError("not UTF-8", path=name, line=number))
                continue
            try:
                yield Claim.from_dict(csv_record(dict(zip(header, row, strict=True))))
            except InputError as exc:
                errors.append(InputError(exc.reason, path=name, line=number))
    finally:
        text.detach()
        if stream is None:
            handle.close()


def _not_utf8(cell: str) -> bool:
    """True if the cell holds bytes that were not UTF-8 (kept as surrogate escapes)."""
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _open(path: Path | str, errors: list[InputError]) -> IO[bytes] | None:
    """The file, or None and an error naming it (unreadable, a folder, …)."""
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        errors.append(InputError(f"cannot read: {exc.strerror or exc}", path=str(path)))
        return None


def csv_record(row: dict[str, str]) -> dict[str, Any]:
    """A flat CSV row in the nested shape ``Claim.from_dict`` reads."""

    def cell(key: str) -> str | None:
        value = row.get(key, "").strip()
        return value or None

    def actor(prefix: str) -> dict[str, Any] | None:
        if not cell(f"{prefix}_id"):
            return None
        return {
            "id": cell(f"{prefix}_id"),
            "name": cell(f"{prefix}_name"),
            "type": cell(f"{prefix}_type"),
            "country": cell(f"{prefix}_country"),
            "role": cell(f"{prefix}_role"),
        }

    def integer(key: str) -> int | None:
        return converted(key, int, "a whole number")

    def number(key: str) -> float | None:
        return converted(key, float, "a number")

    def converted(key: str, kind: Callable[[str], T], what: str) -> T | None:
        value = cell(key)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise InputError(f"{key} {value!r} is not {what}") from None

    time = None
    if cell("time_start"):
        time = {"start": cell("time_start"), "end": cell("time_end"),
                "granularity": cell("granularity")}  # fmt: skip
    evidence = None
    if cell("evidence_text"):
        evidence = {"text": cell("evidence_text"), "start": integer("evidence_start"),
                    "end": integer("evidence_end")}  # fmt: skip
    return {
        "doc_id": cell("doc_id"),
        "source": {
            "url": cell("source_url"),
            "title": cell("source_title"),
            "publisher": cell("publisher"),
            "published": cell("published"),
        },
        "subject": actor("subject"),
        "predicate": cell("predicate"),
        "object": actor("object"),
        "item": {"name": cell("item_name"), "type": cell("item_type")}
        if cell("item_name")
        else None,
        "modality": cell("modality"),
        "attributed_to": cell("attributed_to"),
        "time": time,
        "location": cell("location"),
        "confidence": cell("confidence") or 1.0,
        "evidence": evidence,
        "extractor": cell("extractor"),
        "event": {
            "scheme": cell("event_scheme"),
            "code": cell("event_code"),
            "quad_class": integer("quad_class"),
            "goldstein": number("goldstein"),
        }
        if cell("event_code")
        else None,
    }
