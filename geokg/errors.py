"""One error hierarchy for the whole package.

The CLI maps each class to a one-line message and an exit code; a user
mistake never ends in a traceback.
"""

from __future__ import annotations


class GeokgError(Exception):
    """Base of every error geokg raises on purpose."""

    exit_code = 1


class InputError(GeokgError):
    """A bad row or document: carries the file, the line and the reason."""

    exit_code = 2

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        super().__init__(self.location() + reason)

    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "


class VocabularyError(InputError):
    """An unknown predicate, modality or actor type."""


class StoreError(GeokgError):
    """The store cannot be opened, reached or written."""

    exit_code = 3


class QueryError(GeokgError):
    """A query is unknown, malformed, or not allowed (a write without --write)."""

    exit_code = 4
