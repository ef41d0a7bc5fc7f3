"""Documents: news articles read from files, folders or stdin, before extraction.

First step of the ingest flow (read -> extract -> normalise -> load). Reads
``.txt``/``.md`` (optional ``---`` front matter), ``.html`` (article text and
metadata via trafilatura), ``.jsonl`` (one document per line) and folders of
these into ``Document`` records. A bad line or file becomes an ``InputError``
carrying file and line, collected while the rest still loads.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from geokg.errors import InputError
from geokg.graph.claims import Source, TimeSpan

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
FRONT_MATTER_KEYS = frozenset({"id", "title", "url", "published", "date", "publisher", "source"})
_FRONT_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Document:
    """One article: its text and what is known of where and when it appeared."""

    id: str
    text: str
    published: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    path: str | None = None
    line: int | None = None

    def source(self) -> Source:
        """The claim model's Source for this document (same id)."""
        return Source(
            id=self.id,
            url=self.url,
            title=self.title,
            publisher=self.publisher,
            published=self.published,
        )


def normalise_date(
    value: object, *, path: str | None = None, line: int | None = None
) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from what a document gives, or InputError."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    # Only ISO 8601: '03/04/2022' is March or April depending on the reader,
    # and 'yesterday' depends on the day of the run.
    try:
        span = TimeSpan.parse(text)
    except InputError:
        raise InputError(
            f"bad published date {text!r}: want ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD, "
            "optionally with a time)",
            path=path,
            line=line,
        ) from None
    return {"day": span.start, "month": span.start[:7], "year": span.start[:4]}[span.granularity]


def _document(
    text: str,
    meta: dict[str, Any],
    *,
    path: str | None,
    line: int | None = None,
    errors: list[InputError],
) -> Document | None:
    if not text or not text.strip():
        errors.append(InputError("empty document text", path=path, line=line))
        return None
    try:
        published = normalise_date(meta.get("published") or meta.get("date"), path=path, line=line)
    except InputError as exc:
        # The text is still worth reading: keep it, without a date, and say so.
        errors.append(
            InputError(f"{exc.reason}; document kept without a date", path=path, line=line)
        )
        published = None
    url = str(meta["url"]).strip() if meta.get("url") else None
    given_id = str(meta["id"]).strip() if meta.get("id") not in (None, "") else None
    doc_id = Source.create(id=given_id, url=url, text=text).id
    return Document(
        id=doc_id,
        text=text,
        published=published,
        url=url,
        title=str(meta["title"]).strip() if meta.get("title") else None,
        publisher=str(meta.get("publisher") or meta.get("source") or "").strip() or None,
        path=path,
        line=line,
    )


def split_front_matter(
    text: str, *, path: str | None, errors: list[InputError]
) -> tuple[dict[str, str], str]:
    """``---`` delimited ``key: value`` lines at the top of a text file, and the body."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for n, raw in enumerate(lines[1:], start=2):
        if raw.strip() == "---":
            return meta, "\n".join(lines[n:]).lstrip("\n")
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _FRONT_LINE.match(raw.strip())
        if match is None:
            errors.append(
                InputError(
                    f"bad front matter line {raw.strip()!r} (want key: value)", path=path, line=n
                )
            )
            continue
        key, value = match.group(1).lower(), match.group(2).strip().strip("\"'")
        if key in FRONT_MATTER_KEYS:
            meta[key] = value
    errors.append(InputError("front matter opened with --- but never closed", path=path, line=1))
    return {}, text


def _read_text(path: Path, label: str, errors: list[InputError]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        errors.append(InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path=label))
    except OSError as exc:
        errors.append(InputError(f"cannot read: {exc.strerror}", path=label))
    return None


def read_text_document(
    text: str, label: str, overrides: dict[str, Any], errors: list[InputError]
) -> Document | None:
    meta, body = split_front_matter(text, path=label, errors=errors)
    meta.update({k: v for k, v in overrides.items() if v})
    return _document(body, meta, path=label, errors=errors)


MIN_ARTICLE_WORDS = 8
"""Fewer words than this after extraction is navigation, not an article."""


def read_html_document(
    html: str, label: str, overrides: dict[str, Any], errors: list[InputError]
) -> Document | None:
    """Article text and metadata from HTML, extracted by trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True)
    if extracted is None:
        errors.append(InputError("no article text found in the HTML", path=label))
        return None
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    words = len((data.get("text") or "").split())
    if words < MIN_ARTICLE_WORDS:
        # What is left of a page with no article is its furniture ("Home", "Menu").
        errors.append(
            InputError(f"no article text found in the HTML (only {words} words)", path=label)
        )
        return None
    meta = {
        "title": data.get("title"),
        "url": data.get("url"),
        "published": data.get("date"),
        "publisher": data.get("sitename"),
    }
    meta.update({k: v for k, v in overrides.items() if v})
    return _document(data.get("text") or "", meta, path=label, errors=errors)


def read_jsonl_documents(
    stream: TextIO, label: str, overrides: dict[str, Any], errors: list[InputError]
) -> Iterator[Document]:
    """One document per line: {"id", "text", "published", "url"?, "title"?, "publisher"?}."""
    for n, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(
                InputError(f"not JSON: {exc.msg} (column {exc.colno})", path=label, line=n)
            )
            continue
        if not isinstance(data, dict):
            errors.append(
                InputError(
                    f"a document must be a JSON object, not {type(data).__name__}",
                    path=label,
                    line=n,
                )
            )
            continue
        if "text" not in data:
            hint = " (this looks like a claim; use geokg ingest)" if "predicate" in data else ""
            errors.append(InputError(f"missing 'text'{hint}", path=label, line=n))
            continue
        if not isinstance(data["text"], str):
            errors.append(InputError("'text' must be a string", path=label, line=n))
            continue
        meta = dict(data)
        for key, value in overrides.items():
            if value and not meta.get(key):
                meta[key] = value
        doc = _document(data["text"], meta, path=label, line=n, errors=errors)
        if doc is not None:
            yield doc


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)


def read_documents(
    paths: list[str],
    *,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    errors: list[InputError] | None = None,
) -> Iterator[Document]:
    """Documents from files, folders (recursively) or ``-`` (stdin), in order.

    ``published``, ``url`` and ``title`` override a single article's own
    metadata and fill what JSONL lines lack. Bad files and lines are appended
    to ``errors``; without that list, the first error is raised once every
    good document has been yielded.
    """
    collected: list[InputError] = errors if errors is not None else []
    overrides = {"published": published, "url": url, "title": title}
    if published:
        normalise_date(published)  # a bad option is the user's mistake: fail at once
    for raw in paths:
        if raw == "-":
            yield from _read_stream(sys.stdin, "<stdin>", overrides, collected)
            continue
        path = Path(raw)
        if path.is_dir():
            files = _files(path)
            if not files:
                collected.append(
                    InputError("no .txt, .md, .html or .jsonl files in folder", path=raw)
                )
            for file in files:
                yield from _read_file(file, str(file), overrides, collected)
        elif path.exists():
            yield from _read_file(path, raw, overrides, collected)
        else:
            collected.append(InputError("no such file or folder", path=raw))
    if errors is None and collected:
        raise collected[0]


def _read_stream(
    stream: TextIO, label: str, overrides: dict[str, Any], errors: list[InputError]
) -> Iterator[Document]:
    text = stream.read()
    if text.lstrip().startswith("{"):
        import io

        yield from read_jsonl_documents(io.StringIO(text), label, overrides, errors)
    elif text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        doc = read_html_document(text, label, overrides, errors)
        if doc is not None:
            yield doc
    else:
        doc = read_text_document(text, label, overrides, errors)
        if doc is not None:
            yield doc


def _read_file(
    path: Path, label: str, overrides: dict[str, Any], errors: list[InputError]
) -> Iterator[Document]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open(encoding="utf-8") as stream:
                yield from read_jsonl_documents(stream, label, overrides, errors)
        except UnicodeDecodeError as exc:
            errors.append(InputError(f"not UTF-8 text ({exc.reason})", path=label))
        except OSError as exc:
            errors.append(InputError(f"cannot read: {exc.strerror}", path=label))
        return
    text = _read_text(path, label, errors)
    if text is None:
        return
    doc = (
        read_html_document(text, label, overrides, errors)
        if suffix in HTML_SUFFIXES
        else read_text_document(text, label, overrides, errors)
    )
    if doc is not None:
        yield doc
