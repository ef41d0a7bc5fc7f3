"""A fresh Neo4j database in one pass: claim tables -> CSV files -> ``neo4j-admin database import``.

The first load of an archive into a new, empty database. The same
``ClaimTables`` chunks the bulk paths take are written as the node and
relationship files Neo4j's offline importer reads (the ``RELATES``
projection computed here, as the embedded bulk writer does), the importer
builds the store files with the server stopped, and the server is started
on them; opening the store then creates geokg's constraints and indexes.
The graph equals what ``neo4j_bulk`` builds through ``UNWIND`` (a test
compares the two). Incremental loads keep to ``UNWIND``.

The importer is ``neo4j-admin`` (``$NEO4J_ADMIN`` or on ``PATH``), else
its class in the Maven Central jars ``scripts/neo4j`` fetches
(``org.neo4j:neo4j-import-tool``, run by ``org.neo4j.cli.AdminTool``).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from geokg.errors import StoreError
from geokg.graph.stores import ranking
from geokg.graph.stores.base import Progress
from geokg.graph.stores.bulk import (
    ACTOR_SCHEMA,
    CLAIM_SCHEMA,
    ITEM_SCHEMA,
    RANKED_SCHEMA,
    SOURCE_SCHEMA,
    ClaimTables,
    _flat,
    _py,
    _without,
    actor_frame,
    aggregate,
    pair_frame,
)
from geokg.graph.stores.projection import empty_marks, evidence_flags
from geokg.graph.stores.ranking import edge_ranks

ROOT = Path(__file__).resolve().parents[2]
JARS = ROOT / "scripts" / "neo4j" / "target" / "lib"
ARRAY_DELIMITER = "\x1f"
"""Between list elements in a cell: the ASCII unit separator, which no name or alias holds."""

_CSV_TYPES = {pa.float64(): "double", pa.int64(): "long", pa.bool_(): "boolean"}


@dataclass
class ImportReport:
    """What a fresh import wrote, per label and relationship type, and how long it took."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    claims_seen: int = 0
    seconds_files: float = 0.0
    seconds_import: float = 0.0
    seconds_start: float = 0.0
    """Server start, constraints and indexes (``load_fresh``), of which:"""
    seconds_server: float = 0.0
    """the start command, until Bolt answers;"""
    seconds_schema: float = 0.0
    """opening the store: its constraints and indexes, populated over the imported nodes."""
    predicates: dict[str, int] = field(default_factory=dict)
    command: list[str] = field(default_factory=list)


def admin_command() -> list[str]:
    """How to run ``neo4j-admin``: ``$NEO4J_ADMIN``, the one on PATH, or Java on the Maven jars."""
    given = os.environ.get("NEO4J_ADMIN")
    if given:
        return shlex.split(given)
    found = shutil.which("neo4j-admin")
    if found:
        return [found]
    if not any(JARS.glob("neo4j-import-tool-*.jar")):
        raise StoreError(
            "neo4j-admin not found: set NEO4J_ADMIN, put it on PATH, or run scripts/neo4j/fetch.sh "
            f"(it downloads the importer's jars from Maven Central into {JARS})"
        )
    java = (
        str(Path(os.environ["JAVA_HOME"]) / "bin" / "java") if "JAVA_HOME" in os.environ else "java"
    )
    return [java, f"-Xmx{os.environ.get('GEOKG_IMPORT_HEAP', '1g')}", "-cp", f"{JARS}/*",
            "org.neo4j.cli.AdminTool"]  # fmt: skip


class ImportFiles:
    """The importer's input files, written chunk by chunk; node rows folded as MERGE would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.writers: dict[str, tuple[pacsv.CSVWriter, Any]] = {}
        self.counts: dict[str, int] = {}
        self.claim_ids: set[str] = set()
        self.numbers: dict[str, Numbers] = {}
        """Each id space's import ids (``--id-type=integer``): a node's number in the order first
        seen (claims: the order written). The importer maps integers faster than strings, and
        the files get smaller; the ``id`` property stays the string it is."""
        self.claims_written = 0
        self.actors: list[pd.DataFrame] = []
        self.items: list[pd.DataFrame] = []
        self.acts_for: list[pd.DataFrame] = []
        self.increments: list[pd.DataFrame] = []
        self.marks = empty_marks()
        """The sentences and sources each edge counts so far (``projection.evidence_flags``)."""
        self.pending = 0
        self.multiline: set[str] = set()
        self.predicates: dict[str, int] = {}

    def add(self, chunk: ClaimTables) -> None:
        claims = chunk.claims.drop_duplicates("id", keep="first")
        new = _without(claims, "id", self.claim_ids)
        if new.empty:
            return
        self.claim_ids.update(_py(new["id"]))
        actors, people = actor_frame(chunk.actors, new)
        self.actors.append(actors)
        self.acts_for.append(people)
        sources = chunk.sources.drop_duplicates("id", keep="first")
        sources = sources[sources["id"].isin(set(_py(new["source_id"])))]
        # The sources written so far are those numbered: a link names only a written one.
        sources = _without(sources, "id", self.numbers.setdefault("Source", Numbers()).of.keys())
        self._write("Source", sources, SOURCE_SCHEMA)
        with_item = new[new["item_id"].notna()]
        if not with_item.empty:
            self.items.append(chunk.items[chunk.items["id"].isin(set(_py(with_item["item_id"])))])
        # A claim is written once, in the chunk whose links name it: its number is its row's.
        numbers = np.arange(self.claims_written, self.claims_written + len(new))
        self.claims_written += len(new)
        self._write("Claim", new[list(CLAIM_SCHEMA.names)], CLAIM_SCHEMA, pa.array(numbers))
        for rel, column, frame, starts in (
            ("SUBJECT", "subject_id", new, numbers), ("OBJECT", "object_id", new, numbers),
            ("FROM_SOURCE", "source_id", new, numbers),
            ("ABOUT", "item_id", with_item, numbers[new["item_id"].notna().to_numpy()]),
        ):  # fmt: skip
            if not frame.empty:
                self._write_link(rel, pa.array(starts), frame[column])
        flagged, self.marks = evidence_flags(pair_frame(_flat(new, chunk)), self.marks)
        self.increments.append(flagged)
        self.pending += len(new)
        if self.pending >= 250_000:
            self.increments = [aggregate(*self.increments)]
            self.pending = 0
        for p, n in new["predicate"].value_counts().items():
            self.predicates[str(p)] = self.predicates.get(str(p), 0) + int(n)

    def finish(self) -> None:
        """Write the folded actors, items, ``ACTS_FOR`` and ``RELATES``; close every file."""
        if self.actors:
            self._write("Actor", fold_actors(pd.concat(self.actors, ignore_index=True)),
                        ACTOR_SCHEMA)  # fmt: skip
        if self.items:
            self._write("Item", fold_items(pd.concat(self.items, ignore_index=True)), ITEM_SCHEMA)
        if self.acts_for:
            links = pd.concat(self.acts_for, ignore_index=True).drop_duplicates()
            if not links.empty:
                self._write_link("ACTS_FOR", links["person"], links["state"], "Actor", "Actor")
        if self.increments:
            edges = aggregate(*self.increments)
            if not edges.empty:
                self._write_relates(edges)
        for writer, sink in self.writers.values():
            writer.close()
            sink.close()

    def arguments(self) -> list[str]:
        """The importer's ``--nodes`` and ``--relationships`` options for the files written."""
        args = []
        for name in sorted(self.writers):
            kind = "--nodes" if name in ("Actor", "Item", "Source", "Claim") else "--relationships"
            args.append(f"{kind}={name}={self.folder / f'{name}.csv'}")
        return args

    # -- files -------------------------------------------------------------

    def _write(
        self, label: str, frame: pd.DataFrame, schema: pa.Schema, numbers: pa.Array | None = None
    ) -> None:
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        header = [_typed(n, t) for n, t in zip(schema.names, schema.types, strict=True)]
        table = _cells(table).rename_columns(header)
        if numbers is None:
            numbers = self._numbers(label, frame["id"])
        self._append(label, table.append_column(f":ID({label})", numbers))

    def _write_link(
        self, rel: str, start: pa.Array | pd.Series, end: pd.Series, start_space: str = "Claim",
        end_space: str | None = None,
    ) -> None:  # fmt: skip
        """``start``: the start nodes' numbers, or their ids."""
        space = end_space or {"SUBJECT": "Actor", "OBJECT": "Actor", "FROM_SOURCE": "Source",
                              "ABOUT": "Item"}[rel]  # fmt: skip
        if isinstance(start, pd.Series):
            start = self._numbers(start_space, start)
        table = pa.table({f":START_ID({start_space})": start,
                          f":END_ID({space})": self._numbers(space, end)})  # fmt: skip
        self._append(rel, table)

    def _numbers(self, space: str, ids: pd.Series) -> pa.Array:
        return self.numbers.setdefault(space, Numbers())(pa.array(ids).cast(pa.string()))

    def _write_relates(self, edges: pd.DataFrame) -> None:
        edges = edges.assign(rank=edge_ranks(edges).astype("float64"))  # every edge, ranked here
        table = pa.Table.from_pandas(edges, schema=RANKED_SCHEMA, preserve_index=False)
        header = [":START_ID(Actor)", ":END_ID(Actor)"] + [
            _typed(n, t) for n, t in zip(RANKED_SCHEMA.names[2:], RANKED_SCHEMA.types[2:],
                                         strict=True)
        ]  # fmt: skip
        table = _cells(table).rename_columns(header)
        for i in (0, 1):  # from, to
            table = table.set_column(i, header[i], self._numbers("Actor", edges.iloc[:, i]))
        self._append("RELATES", table)

    def _append(self, name: str, table: pa.Table) -> None:
        if name not in self.writers:
            sink = pa.OSFile(str(self.folder / f"{name}.csv"), "wb")
            self.writers[name] = (pacsv.CSVWriter(sink, table.schema), sink)
        if name not in self.multiline and _has_newline(table):
            self.multiline.add(name)
        self.writers[name][0].write_table(table)
        self.counts[name] = self.counts.get(name, 0) + table.num_rows


class Numbers:
    """One id space's import ids: each id's number in the order first seen."""

    def __init__(self) -> None:
        self.of: dict[str, int] = {}
        self.known = pa.array([], pa.string())
        """The ids so far in number order: ``index_in`` looks a column up in it at C speed (a
        dict look-up per row took ~5 s per 1M events)."""

    def __call__(self, ids: pa.Array) -> pa.Array:
        for value in pc.unique(ids).to_pylist():  # in order of first appearance
            self.of.setdefault(value, len(self.of))
        if len(self.known) != len(self.of):
            self.known = pa.array(list(self.of), pa.string())
        return pc.index_in(ids, value_set=self.known).cast(pa.int64())


def _typed(name: str, kind: pa.DataType) -> str:
    if pa.types.is_list(kind):
        return f"{name}:string[]"
    suffix = _CSV_TYPES.get(kind)
    return f"{name}:{suffix}" if suffix else name


def _cells(table: pa.Table) -> pa.Table:
    """Lists joined into one cell by ``ARRAY_DELIMITER``; an empty list stays a list (see
    ``EMPTY_LISTS``)."""
    columns = []
    for column in table.columns:
        if pa.types.is_list(column.type):
            column = pc.binary_join(column, ARRAY_DELIMITER)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def _has_newline(table: pa.Table) -> bool:
    for column in table.columns:
        if (
            pa.types.is_string(column.type)
            and pc.any(pc.match_substring_regex(column, "[\r\n]")).as_py()
        ):
            return True
    return False


def fold_actors(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per actor, as ``writes.MERGE_ACTORS`` applied to ``rows`` in order would leave it.

    Name and type: the first row that names the actor (a name other than its
    id), else the last row's type; aliases: the first row's; Wikidata id,
    country and role: the first given.
    """
    rows = rows.reset_index(drop=True)
    first = rows.groupby("id", sort=False).head(1).set_index("id")
    named = rows[rows["name"] != rows["id"]].groupby("id", sort=False).head(1).set_index("id")
    last = rows.groupby("id", sort=False).tail(1).set_index("id")
    out = first.copy()
    out["type"] = last["type"]
    out.loc[named.index, "name"] = named["name"]
    out.loc[named.index, "type"] = named["type"]
    for column in ("wikidata", "country", "role"):
        out[column] = rows.groupby("id", sort=False)[column].first()  # first non-null
    return out.reset_index()[ACTOR_SCHEMA.names]


def fold_items(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per item, as ``writes.MERGE_ITEMS`` would leave it (Wikidata id: the first)."""
    rows = rows.reset_index(drop=True)
    out = rows.groupby("id", sort=False).head(1).set_index("id")
    out["wikidata"] = rows.groupby("id", sort=False)["wikidata"].first()
    return out.reset_index()[ITEM_SCHEMA.names]


EMPTY_LISTS = (
    "MATCH (a:Actor) WHERE a.aliases IS NULL SET a.aliases = []",
    *(f"MATCH ()-[r:RELATES]->() WHERE r.{name} IS NULL "
      f"CALL (r) {{ SET r.{name} = [] }} IN TRANSACTIONS OF 50000 ROWS"
      for name in ("items", "modalities")),
)
"""The importer stores no property for an empty cell, where ``UNWIND`` stores an empty list.
One statement per property: setting both where either is missing rewrote the other's list
too (1M events: 5.8-6.2 s against 7.9-14 s)."""


def write_import_files(
    chunks: Iterable[ClaimTables], folder: Path, *, progress: Progress | None = None
) -> ImportFiles:
    """The importer's CSV files for the claims of ``chunks``, in ``folder``."""
    files = ImportFiles(folder)
    for chunk in chunks:
        files.add(chunk)
        if progress:
            progress(chunk.input_rows or len(chunk))
    files.finish()
    return files


def import_fresh(
    chunks: Iterable[ClaimTables],
    home: str | Path,
    *,
    database: str = "neo4j",
    workdir: str | Path | None = None,
    progress: Progress | None = None,
    command: Sequence[str] | None = None,
    overwrite: bool = False,
) -> ImportReport:
    """Build database ``database`` of the stopped Neo4j in ``home`` from ``chunks``.

    The importer refuses a database that holds data, unless ``overwrite``
    (which deletes it first).

    Start the server afterwards and open the store (``open_store``) to get the
    constraints and indexes, then call ``finish_import`` once.
    """
    home = Path(home).resolve()
    report = ImportReport()
    with tempfile.TemporaryDirectory(prefix="geokg-import-", dir=workdir) as tmp:
        t0 = time.perf_counter()
        files = write_import_files(chunks, Path(tmp), progress=progress)
        report.seconds_files = time.perf_counter() - t0
        report.claims_seen = files.counts.get("Claim", 0)
        report.predicates = files.predicates
        if not files.writers:
            raise StoreError("nothing to import: no claims")
        argv = [*(command or admin_command()), "database", "import", "full", database,
                f"--overwrite-destination={str(overwrite).lower()}",
                f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=integer",
                f"--report-file={Path(tmp) / 'import.report'}", *files.arguments()]  # fmt: skip
        if files.multiline:
            argv.append("--multiline-fields=true")
        report.command = argv
        t0 = time.perf_counter()
        env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
        (home / "conf").mkdir(parents=True, exist_ok=True)
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
        report.seconds_import = time.perf_counter() - t0
        if done.returncode != 0:
            # The cause is at the end, after the file list and the statistics.
            said = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
            tail = "\n".join(said[-6:])
            raise StoreError(
                f"neo4j-admin database import failed (exit {done.returncode}):\n{tail}"
            )
    report.nodes = {
        k: v for k, v in files.counts.items() if k in ("Actor", "Item", "Source", "Claim")
    }
    report.relationships = {k: v for k, v in files.counts.items() if k not in report.nodes}
    return report


def finish_import(store: Any) -> None:
    """After the server started on an imported database: empty lists where UNWIND has them.

    The importer wrote every edge's rank; the marker saying they are fresh is made here.
    """
    for statement in EMPTY_LISTS:
        store.query(statement, write=True)
    edges = store.query("MATCH ()-[r:RELATES]->() RETURN count(r)").rows[0][0]
    store.query(ranking.MARK, {"version": 0, "edges": edges}, write=True)


def load_fresh(
    chunks: Iterable[ClaimTables],
    home: str | Path,
    uri: str,
    *,
    start: Sequence[str] | None = None,
    database: str = "neo4j",
    progress: Progress | None = None,
) -> ImportReport:
    """The whole fast path: import into the stopped server's ``home``, start it, finish.

    ``start`` is the command that starts the server on ``home`` (default:
    ``scripts/neo4j/start.sh HOME PORT``, the port taken from ``uri``);
    opening the store at ``uri`` then creates the constraints and indexes.
    """
    from urllib.parse import urlsplit

    from geokg.graph.stores.neo4j import Neo4jStore

    home = Path(home).resolve()
    report = import_fresh(chunks, home, database=database, progress=progress)
    if start is None:
        start = [str(ROOT / "scripts" / "neo4j" / "start.sh"), str(home),
                 str(urlsplit(uri).port or 7687)]  # fmt: skip
    t0 = time.perf_counter()
    done = subprocess.run(list(start), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StoreError(
            f"the database was imported, but the server did not start ({shlex.join(start)}):\n"
            + "\n".join(done.stderr.strip().splitlines()[-10:])
        )
    report.seconds_server = time.perf_counter() - t0
    with Neo4jStore(uri, database=database if database != "neo4j" else None) as store:
        report.seconds_schema = time.perf_counter() - t0 - report.seconds_server
        finish_import(store)
    report.seconds_start = time.perf_counter() - t0
    return report
