"""The ``geokg`` command: a thin skin over the library.

Each room adds its commands in a module of this package (``ingest.py``,
``query.py``, ``rdf.py``, …); every command parses options and calls one
public function that a notebook can call too. ``main`` maps geokg's errors
to a one-line message and an exit code, never a traceback.
"""

from __future__ import annotations

import sys

from rich.markup import escape

from geokg.cli.app import app, console_err
from geokg.errors import GeokgError

# Importing a command module registers its commands on ``app``.
from geokg.cli import store as _store  # noqa: E402,F401  isort: skip
from geokg.cli import ingest as _ingest  # noqa: E402,F401  isort: skip
from geokg.cli import rdf as _rdf  # noqa: E402,F401  isort: skip

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``geokg`` console script."""
    try:
        app(args=argv, prog_name="geokg", standalone_mode=True)
    except GeokgError as exc:
        console_err.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(exc.exit_code)
