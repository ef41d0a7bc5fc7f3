"""The embedded store: LadybugDB (the maintained fork of Kùzu), on disk, speaking Cypher.

The default store (``--store ./geokg.db``): nothing to run, one folder to
copy. Its schema is fixed, so the tables are created on first open.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import ladybug

from geokg.errors import QueryError, StoreError
from geokg.graph.claims import Claim
from geokg.graph.stores import check_parameters, ledger, ranking, split_statements, writes
from geokg.graph.stores.base import (
    CLAIM_MATCH,
    CLAIM_RETURN,
    DEFAULT_BATCH_SIZE,
    Progress,
    QueryResult,
    WriteReport,
    claim_from_record,
    write_in_batches,
)
from geokg.graph.stores.events import DERIVED_LABELS, EMBEDDED_SCHEMA
from geokg.graph.stores.projection import (
    EVIDENCE_COUNTS,
    STORED_EVIDENCE,
    pair_increments,
    principal_actors,
    stored_marks,
)
from geokg.graph.stores.rows import actor_rows, claim_rows, item_rows, source_rows

SCHEMA = (
    "CREATE NODE TABLE IF NOT EXISTS Actor(id STRING PRIMARY KEY, name STRING, type STRING,"
    " aliases STRING[], wikidata STRING, country STRING, role STRING)",
    "CREATE NODE TABLE IF NOT EXISTS Item(id STRING PRIMARY KEY, name STRING, type STRING,"
    " wikidata STRING)",
    "CREATE NODE TABLE IF NOT EXISTS Source(id STRING PRIMARY KEY, url STRING, title STRING,"
    " publisher STRING, published STRING)",
    "CREATE NODE TABLE IF NOT EXISTS Claim(id STRING PRIMARY KEY, predicate STRING,"
    " family STRING, weight DOUBLE, modality STRING, attributed_to STRING, time_start STRING,"
    " time_end STRING, time_granularity STRING, location STRING, confidence DOUBLE,"
    " evidence_text STRING, evidence_start INT64, evidence_end INT64, extractor STRING,"
    " event_scheme STRING, event_code STRING, quad_class INT64, goldstein DOUBLE)",
    "CREATE REL TABLE IF NOT EXISTS SUBJECT(FROM Claim TO Actor)",
    "CREATE REL TABLE IF NOT EXISTS OBJECT(FROM Claim TO Actor)",
    "CREATE REL TABLE IF NOT EXISTS ABOUT(FROM Claim TO Item)",
    "CREATE REL TABLE IF NOT EXISTS FROM_SOURCE(FROM Claim TO Source)",
    "CREATE REL TABLE IF NOT EXISTS ACTS_FOR(FROM Actor TO Actor)",
    "CREATE REL TABLE IF NOT EXISTS RELATES(FROM Actor TO Actor, predicate STRING,"
    " family STRING, weight DOUBLE, symmetric BOOLEAN, claims INT64, positive_claims INT64,"
    " sentences INT64, sources INT64, positive_sentences INT64, positive_sources INT64,"
    " max_confidence DOUBLE, first_date STRING, last_date STRING, items STRING[],"
    " modalities STRING[], rank DOUBLE)",
    f"CREATE NODE TABLE IF NOT EXISTS {ranking.MARKER}(id STRING PRIMARY KEY, version INT64,"
    " ranked INT64, edges INT64)",
    *EMBEDDED_SCHEMA,
    ledger.DDL,
)

ADDED_CLAIM_COLUMNS = (
    ("event_scheme", "STRING"), ("event_code", "STRING"), ("quad_class", "INT64"),
    ("goldstein", "DOUBLE"),
)  # fmt: skip
"""Claim columns newer than the first schema: added to older stores when opened for writing."""

CREATE_CLAIMS = """
UNWIND $rows AS r
CREATE (c:Claim {id: r.id, predicate: r.predicate, family: r.family, weight: r.weight,
                 modality: r.modality, attributed_to: r.attributed_to,
                 time_start: r.time_start, time_end: r.time_end,
                 time_granularity: r.time_granularity, location: r.location,
                 confidence: r.confidence, evidence_text: r.evidence_text,
                 evidence_start: r.evidence_start, evidence_end: r.evidence_end,
                 extractor: r.extractor, event_scheme: r.event_scheme,
                 event_code: r.event_code, quad_class: r.quad_class, goldstein: r.goldstein})
"""

MERGE_RELATES = writes.merge_relates("list_distinct(list_concat({0}, {1}))")

# Ladybug aborts the whole process when a write hits a full disk (and leaves a
# torn WAL tail), so a batch is refused before that while the disk is nearly
# full: room for a checkpoint (the WAL is checkpointed at 16 MiB) plus the batch.
MIN_FREE_BYTES = 32 * 1024 * 1024

_LOCKED = re.compile(r"Lock is held by PID (\d+)")
LOCK_WAIT_SECONDS = 3
"""How long opening waits for another process's lock before saying who holds it."""


class EmbeddedStore:
    """A LadybugDB database in a folder on disk."""

    kind = "embedded"

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self.read_only = read_only
        try:
            if not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open_waiting()
            self._conn = ladybug.Connection(self._db)
            if not read_only:
                for ddl in SCHEMA:
                    self._conn.execute(ddl)
                self._add_new_columns()
        except (RuntimeError, OSError) as exc:
            raise StoreError(self._open_error(exc)) from None

    def _add_new_columns(self) -> None:
        """Give a store made by an older geokg the columns added since.

        New Claim columns stay null, a new ``rank`` too (the ranks are stale: no marker);
        new ``RELATES`` counts are computed: the projection is rebuilt from the claims.
        """
        have = {row[1] for row in self._rows("CALL table_info('Claim') RETURN *")}
        for name, kind in ADDED_CLAIM_COLUMNS:
            if name not in have:
                self._conn.execute(f"ALTER TABLE Claim ADD {name} {kind}")
        have = {row[1] for row in self._rows("CALL table_info('RELATES') RETURN *")}
        if "rank" not in have:
            self._conn.execute("ALTER TABLE RELATES ADD rank DOUBLE")  # null: stale, no marker
        missing = [name for name in EVIDENCE_COUNTS if name not in have]
        for name in missing:
            self._conn.execute(f"ALTER TABLE RELATES ADD {name} INT64")
        if missing:
            from geokg.graph.stores.bulk import rebuild_projection

            rebuild_projection(self)

    def _open_waiting(self) -> ladybug.Database:
        """Open the database, retrying for a moment while another process holds its lock.

        A writer that finishes within ``LOCK_WAIT_SECONDS`` (a short ingest, a
        notebook cell) is waited for rather than reported.
        """
        deadline = time.monotonic() + float(os.environ.get("GEOKG_LOCK_WAIT", LOCK_WAIT_SECONDS))
        while True:
            try:
                return self._open_database()
            except RuntimeError as exc:
                if not _LOCKED.search(str(exc)) or time.monotonic() >= deadline:
                    raise
            time.sleep(0.2)

    def _open_database(self) -> ladybug.Database:
        try:
            return ladybug.Database(str(self.path), read_only=self.read_only)
        except RuntimeError as exc:
            # Ladybug names the WAL, or (a record cut short) reads past the end of the .wal file.
            if ("WAL" not in str(exc) and ".wal " not in str(exc)) or self.read_only:
                raise
        # A torn WAL tail (a crash or a full disk mid-write): replay the
        # committed transactions before it and drop the unfinished one.
        return ladybug.Database(str(self.path), throw_on_wal_replay_failure=False)

    def _open_error(self, exc: BaseException) -> str:
        message = str(exc).split("\nSee the docs", 1)[0].strip()
        locked = _LOCKED.search(message)
        if locked:
            return (
                f"the embedded store at {self.path} is in use by PID {locked.group(1)} "
                f"(waited {os.environ.get('GEOKG_LOCK_WAIT', LOCK_WAIT_SECONDS)} s): wait for "
                "that geokg (or notebook cell) to finish and retry, or pick another --store"
            )
        if isinstance(exc, OSError) and exc.strerror:
            where = exc.filename or self.path
            return f"cannot open the embedded store at {self.path}: {exc.strerror} ({where})"
        return f"cannot open the embedded store at {self.path}: {message}"

    def _check_free_space(self, rows: list[dict[str, Any]]) -> None:
        # A generous guess at what the batch adds to the WAL: its text twice over.
        self.check_room(sum(len(str(value)) for row in rows for value in row.values()) * 2)

    def free_bytes(self) -> int | None:
        """Free space on the store's disk (None: cannot tell)."""
        try:
            return shutil.disk_usage(self.path.parent).free
        except OSError:
            return None

    def check_room(self, nbytes: int) -> None:
        """Refuse (StoreError) a write of about ``nbytes`` that would leave the disk nearly full."""
        free = self.free_bytes()
        if free is not None and free < MIN_FREE_BYTES + nbytes:
            raise StoreError(
                f"the disk holding the embedded store at {self.path} is (nearly) full: "
                f"{free // 1024:,} KiB free, geokg needs {MIN_FREE_BYTES // 2**20} MiB to write "
                "safely; free some space and run the ingest again"
            )

    # -- writing -----------------------------------------------------------

    def write_claims(
        self,
        claims: Iterable[Claim],
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> WriteReport:
        """Write in batches, then rank the projection's edges (``ranking.py``) if they changed."""
        report = write_in_batches(
            claims, self._write_batch, batch_size=batch_size, progress=progress
        )
        ranking.refresh_embedded(self)
        return report

    def _write_batch(self, batch: list[Claim]) -> WriteReport:
        unique = list({c.id: c for c in batch}.values())
        report = WriteReport(claims_seen=len(batch), batches=1)
        known = {
            row[0]
            for row in self._rows(
                "UNWIND $ids AS id MATCH (c:Claim {id: id}) RETURN c.id",
                {"ids": [c.id for c in unique]},
            )
        }
        new = [c for c in unique if c.id not in known]
        if not new:
            return report
        rows = claim_rows(new)
        self._check_free_space(rows)
        self._execute("BEGIN TRANSACTION")
        try:
            # What the stored claims of these sources count already (before the batch's own).
            sources = sorted({c.source.id for c in new})
            seen = stored_marks(self._records(STORED_EVIDENCE, {"ids": sources}))
            self._execute(writes.MERGE_ACTORS, {"rows": actor_rows(new)})
            items = item_rows(new)
            if items:
                self._execute(writes.MERGE_ITEMS, {"rows": items})
            self._execute(writes.MERGE_SOURCES, {"rows": source_rows(new)})
            self._execute(CREATE_CLAIMS, {"rows": rows})
            self._execute(writes.LINK_CLAIMS, {"rows": rows})
            with_items = [r for r in rows if r["item_id"]]
            if with_items:
                self._execute(writes.LINK_ITEMS, {"rows": with_items})
            acts_for = principal_actors(new)
            if acts_for:
                self._execute(writes.MERGE_ACTS_FOR, {"rows": acts_for})
            self._execute(MERGE_RELATES, {"rows": pair_increments(new, seen)})
            self._execute("COMMIT")
        except Exception as exc:
            self._rollback()
            raise StoreError(
                f"a batch of {len(new)} claims was not written (the store is unchanged): {exc}"
            ) from exc
        except BaseException:
            self._rollback()
            raise
        report.claims_new = len(new)
        for c in new:
            report.predicates[c.predicate] = report.predicates.get(c.predicate, 0) + 1
        return report

    def _rollback(self) -> None:
        try:
            self._conn.execute("ROLLBACK")
        except RuntimeError:
            pass  # Ladybug already rolled back the failed statement's transaction

    # -- reading -----------------------------------------------------------

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        if write and self.read_only:
            raise QueryError(f"the store at {self.location} is open read-only")
        if not cypher.strip():
            raise QueryError("the query is empty")
        answer = neo4j_habit(cypher)
        if isinstance(answer, QueryResult):
            return answer
        cypher = answer
        check_parameters(cypher, params)
        if write:
            result = self._execute(cypher, params)
        else:
            check_read_statement(cypher)
            self._execute("BEGIN TRANSACTION READ ONLY")
            try:
                result = self._execute(cypher, params)
            finally:
                self._rollback()
        if isinstance(result, list):  # several statements: keep the last result
            result = result[-1]
        columns = list(result.get_column_names())
        return QueryResult(
            columns=columns,
            rows=[[v if type(v) in _SCALARS else plain(v) for v in r] for r in result.get_all()],
        )

    def iter_claims(self) -> Iterator[Claim]:
        # Arrow in batches: a third of the time of rows through Python, bounded memory.
        table = self._execute(CLAIM_MATCH + CLAIM_RETURN).get_as_arrow()
        actors: dict[tuple[Any, ...], Any] = {}
        for batch in table.to_batches(max_chunksize=50_000):
            for rec in batch.to_pylist():
                yield claim_from_record(rec, actors)

    def counts(self) -> dict[str, int]:
        out = {}
        for label in writes.COUNT_LABELS:
            out[label] = self._rows(f"MATCH (n:{label}) RETURN count(n)")[0][0]
        for rel in writes.COUNT_TYPES:
            out[rel] = self._rows(f"MATCH ()-[r:{rel}]->() RETURN count(r)")[0][0]
        return out

    def clear(self) -> None:
        for label in (*DERIVED_LABELS, *writes.COUNT_LABELS, ranking.MARKER, ledger.TABLE):
            self._execute(f"MATCH (n:{label}) DETACH DELETE n")

    # -- plumbing ----------------------------------------------------------

    def _execute(self, cypher: str, params: Mapping[str, Any] | None = None) -> Any:
        try:
            return self._conn.execute(cypher, dict(params or {}))
        except RuntimeError as exc:
            message = engine_message(str(exc))
            if "read-only" in message:
                raise QueryError(
                    f"this query writes; geokg cypher is read-only unless --write ({message})"
                ) from None
            raise QueryError(message) from None

    def _rows(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[list[Any]]:
        return [list(r) for r in self._execute(cypher, params).get_all()]

    def _records(
        self, cypher: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        result = self._execute(cypher, params)
        columns = list(result.get_column_names())
        return [dict(zip(columns, r, strict=True)) for r in result.get_all()]

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# Statements LadybugDB runs inside a read-only transaction that still act:
# ending the transaction (what follows would run in a write transaction of
# its own), writing files, changing settings.
_NOT_READS = re.compile(
    r"(BEGIN|COMMIT|ROLLBACK|CHECKPOINT|EXPORT|IMPORT|INSTALL|LOAD\s+EXTENSION|ATTACH|DETACH\s+DATABASE|USE)\b"
    r"|CALL\s+\w+\s*=",
    re.IGNORECASE,
)


def check_read_statement(cypher: str) -> None:
    """Refuse what a read-only transaction does not stop: several statements, or control ones."""
    statements = [s for s in split_statements(cypher) if s.strip()]
    if len(statements) > 1:
        raise QueryError(
            "geokg cypher is read-only unless --write: one statement at a time "
            f"(found {len(statements)})"
        )
    if statements and _NOT_READS.match(statements[0].strip()):
        raise QueryError(
            "this query writes; geokg cypher is read-only unless --write "
            f"({statements[0].strip().split()[0]} is not a read)"
        )


_SCALARS = frozenset((str, int, float, bool, type(None)))
"""Types returned as they are; checked first, as most values are (a 5000-row query: 90k values)."""


def plain(value: Any) -> Any:
    """Ladybug values as plain Python, shaped like the Neo4j store's: ``_label`` and properties."""
    if isinstance(value, dict) and "_LABEL" in value:
        out = {"_label": value["_LABEL"]}
        out.update(
            (k, plain(v)) for k, v in value.items() if not k.startswith("_") and v is not None
        )
        return out
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    return value


# -- Neo4j Browser habits ------------------------------------------------------

_CALL_DB = re.compile(
    r"^\s*CALL\s+db\.(labels|relationshipTypes|propertyKeys|schema\.\w+|indexes|constraints)"
    r"\s*\(\s*\)",
    re.IGNORECASE,
)
_SHOW = re.compile(r"^\s*SHOW\s+(\w+(?:\s+\w+)?)", re.IGNORECASE)
_TYPE_CALL = re.compile(r"(?<![\w.`])type\s*\(", re.IGNORECASE)
_LABELS_CALL = re.compile(r"(?<![\w.`])labels\s*\(\s*(\w+)\s*\)", re.IGNORECASE)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")

EQUIVALENTS = {
    "schema": "CALL show_tables() RETURN * (tables), CALL table_info('Claim') RETURN * (columns)",
    "indexes": "CALL show_indexes() RETURN *",
    "constraints": "CALL show_tables() RETURN * (each node table's primary key is its id)",
    "propertykeys": "CALL table_info('Claim') RETURN * (one table at a time)",
}


def neo4j_habit(cypher: str) -> str | QueryResult:
    """What Neo4j Browser users type, on the embedded store: answered, rewritten or refused.

    ``CALL db.labels()`` and ``db.relationshipTypes()`` are answered here;
    ``type(r)`` and ``labels(n)`` are rewritten to LadybugDB's ``label()``;
    ``SHOW INDEXES``, ``db.schema.visualization()`` and the like are refused
    in one line naming the embedded equivalent.
    """
    call = _CALL_DB.match(cypher)
    if call:
        what = call.group(1).lower()
        if what == "labels":
            return QueryResult(["label"], [[label] for label in writes.COUNT_LABELS])
        if what == "relationshiptypes":
            return QueryResult(["relationshipType"], [[rel] for rel in writes.COUNT_TYPES])
        key = "schema" if what.startswith("schema") else what
        raise QueryError(
            f"db.{call.group(1)}() is Neo4j's; on the embedded store use {EQUIVALENTS[key]}"
        )
    show = _SHOW.match(cypher)
    if show:
        what = show.group(1).lower()
        key = "indexes" if "index" in what else "constraints" if "constraint" in what else "schema"
        raise QueryError(
            f"SHOW {show.group(1).upper()} is Neo4j's; on the embedded store use "
            f"{EQUIVALENTS.get(key, EQUIVALENTS['schema'])}"
        )
    # Rewrite outside strings and `names` only.
    pieces, last = [], 0
    for match in _STRING.finditer(cypher):
        pieces.append(_rewrite(cypher[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_rewrite(cypher[last:]))
    return "".join(pieces)


def _rewrite(text: str) -> str:
    text = _LABELS_CALL.sub(lambda m: f"[label({m.group(1)})]", text)
    return _TYPE_CALL.sub("label(", text)


def engine_message(message: str) -> str:
    """LadybugDB's error in one line: no list of every signature or every expected keyword."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if not lines:
        return "the query failed"
    first = re.sub(r"\s*Supported inputs are\s*$", "", lines[0])
    first = re.sub(r" expecting \{[^}]*\}", "", first)
    details = [line for line in lines[1:] if line.startswith(("Actual:", "Expected:"))]
    if details:
        first = first.rstrip(":") + ": " + "; ".join(" ".join(d.split()) for d in details)
    return first
