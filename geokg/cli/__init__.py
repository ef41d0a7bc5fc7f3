"""The ``geokg`` command: a thin skin over the library.

Each room adds its commands in a module of this package (``ingest.py``,
``query.py``, ``rdf.py``, …); every command parses options and calls one
public function that a notebook can call too. ``main`` maps geokg's errors
to a one-line message and an exit code, never a traceback.
"""

from __future__ import annotations

import errno
import logging
import sys

from rich.markup import escape

from geokg.cli.app import app, console_err
from geokg.errors import GeokgError

# Importing a command module registers its commands on ``app``.
from geokg.cli import store as _store  # noqa: E402,F401  isort: skip
from geokg.cli import query as _query  # noqa: E402,F401  isort: skip
from geokg.cli import ingest as _ingest  # noqa: E402,F401  isort: skip
from geokg.cli import rdf as _rdf  # noqa: E402,F401  isort: skip
from geokg.cli import extract as _extract  # noqa: E402,F401  isort: skip
from geokg.cli import evaluate as _evaluate  # noqa: E402,F401  isort: skip
from geokg.cli import actors as _actors  # noqa: E402,F401  isort: skip
from geokg.cli import events as _events  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``geokg`` console script."""
    # The Neo4j driver logs each retried transaction (a deadlock, a restart) as
    # a warning; with no handler Python would print it. A retry that succeeds
    # is not the user's business, and one that fails ends in a StoreError.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    try:
        app(args=argv, prog_name="geokg", standalone_mode=True)
    except GeokgError as exc:
        fail(str(exc), exc.exit_code)
    except OSError as exc:
        # An output path that cannot be written: no permission, read-only, disk full.
        fail(os_error_message(exc), 3)


def fail(message: str, code: int) -> None:
    console_err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


def os_error_message(exc: OSError) -> str:
    """One line naming the path and the reason, e.g. 'out.ttl: Permission denied'."""
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or str(exc)
    if exc.filename is None:
        return f"cannot write the output: {reason}"
    return f"{exc.filename}: {reason}"
