"""Bulk loading into the embedded store: claims as column tables, written with ``COPY FROM``.

The fast door for big inputs (GDELT exports, large claim files). Rows go in
as pandas tables (``ClaimTables``, one per node and relationship table) and
reach LadybugDB through ``COPY … FROM`` a DataFrame instead of one Cypher
``MERGE`` per row. Each chunk is one transaction: known ids are filtered out
first (COPY of an existing primary key is an error in LadybugDB 0.22, and
can even crash it), then nodes, links and the ``RELATES`` projection are
written, then committed. A load killed mid-way keeps the chunks committed so
far, with their projection; re-running it skips them by id.
"""

from __future__ import annotations

import tempfile
from collections.abc import Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from geokg.errors import StoreError
from geokg.graph.claims import (
    PERSON_TYPES,
    Actor,
    Claim,
    EventCode,
    Evidence,
    Item,
    Source,
    TimeSpan,
)
from geokg.graph.stores import ranking, writes
from geokg.graph.stores.base import Progress, WriteReport
from geokg.graph.stores.projection import (
    EVIDENCE_COUNTS,
    empty_marks,
    evidence_flags,
    marks_of,
    merge_marks,
    sentence_keys,
)
from geokg.graph.stores.ranking import edge_ranks
from geokg.graph.stores.rows import (
    CLAIM_PROPERTIES,
    actor_rows,
    claim_rows,
    item_rows,
    source_rows,
)
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicates

if TYPE_CHECKING:
    from geokg.graph.stores.embedded import EmbeddedStore
    from geokg.graph.stores.ledger import Ledger

FOLD_ROWS = 250_000
"""Pair rows (one per new claim) kept before they are folded into edges."""
FEW_SOURCES = 64
"""Up to this many, a chunk's stored sources are found by a filter (LadybugDB narrows the claims
to theirs), past it by ``LOAD FROM`` a file of ids (which scans every claim: 2 s at 1M events)."""
FRESH_GROUP = 4
"""Chunks per transaction when the writer began on an empty store (``BulkWriter.add``)."""
BULK_BATCH_SIZE = 50_000
"""Claims per chunk (one transaction). See docs/gdelt.md for the measurements."""

STR = pa.string()
ACTOR_SCHEMA = pa.schema(
    [("id", STR), ("name", STR), ("type", STR), ("aliases", pa.list_(STR)),
     ("wikidata", STR), ("country", STR), ("role", STR)]
)  # fmt: skip
ITEM_SCHEMA = pa.schema([("id", STR), ("name", STR), ("type", STR), ("wikidata", STR)])
SOURCE_SCHEMA = pa.schema(
    [("id", STR), ("url", STR), ("title", STR), ("publisher", STR), ("published", STR)]
)
_CLAIM_TYPES = {"weight": pa.float64(), "confidence": pa.float64(),
                "evidence_start": pa.int64(), "evidence_end": pa.int64(),
                "quad_class": pa.int64(), "goldstein": pa.float64()}  # fmt: skip
CLAIM_SCHEMA = pa.schema(
    [("id", STR)] + [(name, _CLAIM_TYPES.get(name, STR)) for name in CLAIM_PROPERTIES]
)
LINK_COLUMNS = ("subject_id", "object_id", "source_id", "item_id")
CLAIM_TABLE_SCHEMA = pa.schema([*CLAIM_SCHEMA, *((name, STR) for name in LINK_COLUMNS)])
"""The claims table: the Claim node's properties (schema order), then the ids it links to."""
CLAIM_COLUMNS = tuple(CLAIM_TABLE_SCHEMA.names)
LINK_SCHEMA = pa.schema([("from", STR), ("to", STR)])
RELATES_SCHEMA = pa.schema(
    [("from", STR), ("to", STR), ("predicate", STR), ("family", STR), ("weight", pa.float64()),
     ("symmetric", pa.bool_()), ("claims", pa.int64()), ("positive_claims", pa.int64()),
     ("sentences", pa.int64()), ("sources", pa.int64()), ("positive_sentences", pa.int64()),
     ("positive_sources", pa.int64()), ("max_confidence", pa.float64()), ("first_date", STR),
     ("last_date", STR),
     ("items", pa.list_(STR)), ("modalities", pa.list_(STR))]
)  # fmt: skip
RANKED_SCHEMA = pa.schema([*RELATES_SCHEMA, ("rank", pa.float64())])
"""``RELATES`` as stored: the projection's columns and each edge's rank (``ranking.py``)."""


def stored_relates_schema(store: EmbeddedStore) -> pa.Schema:
    """``RANKED_SCHEMA`` in the stored table's column order, as ``COPY`` reads columns by
    position: a store from an older geokg has the columns added since at its end."""
    columns = [r[1] for r in store._rows("CALL table_info('RELATES') RETURN *")]
    return pa.schema([RANKED_SCHEMA.field(n) for n in ("from", "to", *columns)])


RELATES_READ = """
MATCH (a:Actor)-[r:RELATES]->(b:Actor)
RETURN a.id, b.id, r.predicate, r.family, r.weight, r.symmetric, r.claims, r.positive_claims,
       r.sentences, r.sources, r.positive_sentences, r.positive_sources, r.max_confidence,
       r.first_date, r.last_date, r.items, r.modalities
"""


@dataclass
class ClaimTables:
    """A chunk of claims as column tables: the row shapes of ``rows.py``, one DataFrame each.

    ``claims`` has the columns ``CLAIM_COLUMNS``; ``actors``, ``sources`` and
    ``items`` those of ``ACTOR_SCHEMA``, ``SOURCE_SCHEMA`` and ``ITEM_SCHEMA``,
    one row per id, covering every id the claims link to.
    """

    claims: pd.DataFrame
    actors: pd.DataFrame
    sources: pd.DataFrame
    items: pd.DataFrame
    input_rows: int = 0
    """Input rows this chunk stands for (bad and skipped ones too), for progress; 0: unknown."""
    ledger: tuple[str, str] | None = None
    """(key, entry) to record in the store's ledger with the chunk (``ledger.py``), if any."""

    def __len__(self) -> int:
        return len(self.claims)


def tables_from_claims(claims: Sequence[Claim]) -> ClaimTables:
    """Claim objects (e.g. from a claim file) as ``ClaimTables``."""
    return ClaimTables(
        claims=pd.DataFrame(claim_rows(claims), columns=list(CLAIM_COLUMNS)),
        actors=pd.DataFrame(actor_rows(claims), columns=ACTOR_SCHEMA.names),
        sources=pd.DataFrame(source_rows(claims), columns=SOURCE_SCHEMA.names),
        items=pd.DataFrame(item_rows(claims), columns=ITEM_SCHEMA.names),
    )


def claims_from_tables(tables: ClaimTables) -> Iterator[Claim]:
    """The claims of a chunk as model objects (for Neo4j's ``write_claims``, and for tests)."""
    actors = {
        r["id"]: Actor(
            id=r["id"],
            name=r["name"],
            type=r["type"],
            aliases=tuple(r["aliases"] if r["aliases"] is not None else ()),
            wikidata=_opt(r["wikidata"]),
            country=_opt(r["country"]),
            role=_opt(r["role"]),
        )
        for r in tables.actors.to_dict("records")
    }
    sources = {
        r["id"]: Source(
            id=r["id"],
            url=_opt(r["url"]),
            title=_opt(r["title"]),
            publisher=_opt(r["publisher"]),
            published=_opt(r["published"]),
        )
        for r in tables.sources.to_dict("records")
    }
    items = {
        r["id"]: Item(name=r["name"], type=r["type"], wikidata=_opt(r["wikidata"]))
        for r in tables.items.to_dict("records")
    }
    for r in tables.claims.to_dict("records"):
        start = _opt(r["time_start"])
        text = _opt(r["evidence_text"])
        yield Claim(
            source=sources[r["source_id"]],
            subject=actors[r["subject_id"]],
            predicate=r["predicate"],
            object=actors[r["object_id"]],
            item=items[r["item_id"]] if _opt(r["item_id"]) else None,
            modality=r["modality"],
            attributed_to=_opt(r["attributed_to"]),
            time=TimeSpan(start, r["time_end"], r["time_granularity"]) if start else None,
            location=_opt(r["location"]),
            confidence=float(r["confidence"]),
            evidence=(
                Evidence(text, _opt_int(r["evidence_start"]), _opt_int(r["evidence_end"]))
                if text is not None
                else None
            ),
            extractor=r["extractor"],
            event=(
                EventCode(
                    r["event_code"],
                    r["event_scheme"],
                    _opt_int(r["quad_class"]),
                    _opt(r["goldstein"]),
                )
                if _opt(r["event_code"])
                else None
            ),
            id=r["id"],
        )


def claim_table_chunks(
    claims: Iterable[Claim], batch_size: int = BULK_BATCH_SIZE
) -> Iterator[ClaimTables]:
    """Claim objects as ``ClaimTables`` of up to ``batch_size`` claims, read as they come."""
    iterator = iter(claims)
    while batch := list(islice(iterator, batch_size)):
        yield tables_from_claims(batch)


def bulk_write(
    store: EmbeddedStore,
    chunks: Iterable[ClaimTables],
    *,
    progress: Progress | None = None,
    ledger: Ledger | None = None,
    group: int = FRESH_GROUP,
) -> WriteReport:
    """Write each chunk in one transaction, then fold the ``RELATES`` projection once.

    Claims whose id is stored already are no-ops, so re-loading adds nothing.
    With ``ledger``, chunks that carry a key are recorded in it as they commit.
    Into an empty store, ``group`` chunks share a transaction (``BulkWriter.add``).
    """
    writer = BulkWriter(store, ledger=ledger, group=group)
    report = WriteReport()

    def committed(done: list[tuple[WriteReport, int]]) -> None:
        for one, rows in done:
            report.add(one)
            if progress:
                progress(rows)

    try:
        try:
            for chunk in chunks:
                committed(writer.add(chunk))
        except Exception:  # a bad chunk, or the reader failed: the chunks before it are whole
            with suppress(Exception):
                committed(writer.flush())
            raise
        committed(writer.flush())
        writer.finish()
        ranking.refresh_embedded(store)  # a no-op unless an earlier load left the ranks stale
    except BaseException:
        with suppress(Exception):  # the first error is the one to report
            writer.finish()  # the chunks committed before it still get their projection
        with suppress(Exception):
            writer.close()
        raise
    writer.close()
    return report


class BulkWriter:
    """Writes chunks of claims into one embedded store, then its projection.

    Claims, actors, sources, items and their links are committed chunk by
    chunk (into a store that was empty, a group of chunks at a time: ``add``).
    The ``RELATES`` projection (one edge per actor pair and predicate,
    tens of thousands of edges) is folded once, in ``finish``: its increments
    are kept in memory meanwhile, and the edges replaced in one transaction,
    since rewriting the touched edges per chunk cost more than the claims. If
    the load dies before ``finish``, the projection lags the claims; the next
    ``BulkWriter`` sees it (the edges' claim counts no longer sum to the claim
    count) and rebuilds it from every stored claim. Nothing else may write to
    the store while a ``BulkWriter`` is in use.

    A committed ``COPY`` is not in LadybugDB's WAL: until a checkpoint writes
    it into the data file it lives in memory only, and a killed process loses
    it (measured). So the writer checkpoints after every chunk it commits; a
    checkpoint costs in proportion to the database, which is why chunks are
    large (a 32 MiB read block, ~110k GDELT rows: 34 s for 1M events, against
    76 s with the 13k-row chunks LadybugDB's own checkpointing was running on).
    """

    def __init__(
        self, store: EmbeddedStore, *, ledger: Ledger | None = None, group: int = FRESH_GROUP
    ) -> None:
        self.store = store
        self.ledger = ledger
        self.group_size = group
        empty = all(
            store._rows(f"MATCH (n:{label}) RETURN count(n)")[0][0] == 0
            for label in ("Claim", "Source", "Actor", "Item")
        )
        self.fresh = group > 1 and empty
        """The store was empty: ``add`` groups chunks (see there)."""
        self.ids: dict[str, set[str]] = {t: set() for t in ("Claim", "Source", "Actor", "Item")}
        """Fresh mode: the ids of every node this writer wrote, i.e. all the store holds."""
        self.marks = empty_marks()
        """Fresh mode: the sorted marks (``evidence_flags``) of every claim folded so far."""
        self.group: _Group | None = None
        self.groups = 0
        self.absorbing: list[Future[None]] = []
        """Fresh mode: each committed group's hand-over of its increments (``_absorb``)."""
        self.increments: list[pd.DataFrame] = []
        """Pair frames of the claims written, or edges they were folded into."""
        self.pending = 0
        """Claims in ``increments`` not folded into edges yet."""
        self.merged: set[tuple[Any, ...]] = set()
        """Rows of known actors merged by this writer already."""
        claims = store._rows("MATCH (c:Claim) RETURN count(c)")[0][0]
        counted = store._rows("MATCH ()-[r:RELATES]->() RETURN sum(r.claims)")[0][0] or 0
        self.stale = claims != counted
        self.folder = tempfile.TemporaryDirectory(prefix="geokg-bulk-")
        self.helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geokg-fold")
        """Folds a chunk into the increments while LadybugDB commits it (the GIL is free then)."""

    def close(self) -> None:
        """Remove the writer's temporary files."""
        self.helper.shutdown(wait=True)
        self.folder.cleanup()

    # -- a fresh store: chunks spooled to files, a group of them copied at once -------

    def add(self, chunk: ClaimTables) -> list[tuple[WriteReport, int]]:
        """Write ``chunk``; the reports and input rows of the chunks committed by this call.

        On a store that held nothing when the writer began, chunks are spooled
        to Parquet files and every ``group_size`` of them committed in one
        transaction: one ``COPY`` per table from the list of their files.
        LadybugDB copies a list into a table several times faster than it
        copies the same rows chunk by chunk (its first ``COPY`` into an empty
        table is the fast one), and each commit with its checkpoint costs a
        fixed ~0.3 s besides. No look-ups in the store are needed: all it
        holds is what this writer wrote (``ids``). A killed load keeps the
        groups committed before it; the rerun finds a store that is not empty
        and writes chunk by chunk (``write``). Otherwise: ``write``.
        """
        if not self.fresh:
            return [(self.write(chunk), chunk.input_rows or len(chunk))]
        self._spool(chunk)
        assert self.group is not None
        if len(self.group.reports) >= self.group_size:
            return self.flush()
        return []

    def flush(self) -> list[tuple[WriteReport, int]]:
        """Commit the chunks spooled so far (fresh mode); their reports and input rows."""
        group, self.group = self.group, None
        if group is None:
            return []
        store = self.store
        noted: tuple[int, int] | None = None
        store._execute("BEGIN TRANSACTION")
        try:
            for table in ("Actor", "Source", "Item", "Claim", "SUBJECT", "OBJECT", "FROM_SOURCE",
                          "ABOUT"):  # fmt: skip
                files = group.files.get(table)
                if files:
                    store._execute(f"COPY {table} FROM [{', '.join(files)}]")
            for renamed in group.renamed:
                store._execute(writes.MERGE_ACTORS, {"rows": records(renamed)})
            if group.people:
                people = pd.concat(group.people, ignore_index=True).drop_duplicates()
                store._execute(writes.MERGE_ACTS_FOR, {"rows": records(people)})
            if self.ledger is not None and group.ledger:
                ids = group.files.get("ids")
                noted = self.ledger.record_many(
                    store, group.ledger, f"[{', '.join(ids)}]" if ids else None
                )
            store._execute("COMMIT")
        except BaseException:
            store._rollback()
            raise
        store._execute("CHECKPOINT")  # the group is durable from here (see the class doc)
        if self.ledger is not None and noted is not None:
            self.ledger.commit(noted)
        # after the group's folds (the helper is FIFO); ``finish`` raises what they raised
        self.absorbing.append(self.helper.submit(self._absorb, group))
        with suppress(OSError):
            for files in group.files.values():
                for name in files:
                    Path(name.strip("'")).unlink()
        return list(zip(group.reports, group.rows, strict=True))

    def _spool(self, chunk: ClaimTables) -> None:
        """Put ``chunk`` into the open group: its new rows as files, its fold begun.

        The group gets the chunk whole or not at all: a bad chunk leaves it as it was.
        """
        claims = chunk.claims.drop_duplicates("id", keep="first")
        report = WriteReport(claims_seen=len(chunk.claims), batches=1)
        new = claims
        if not claims.empty:
            self._make_room(chunk)
            new = _without(claims, "id", self.ids["Claim"])
            if not new.empty:
                self._check_links(chunk, new)
        group = self.group = self.group or _Group(self.groups, folder=Path(self.folder.name))
        if not group.reports:
            self.groups += 1
        n = len(group.reports)
        files: list[tuple[str, pa.Table]] = []
        renamed = people = None
        if not new.empty:
            rows, people = actor_frame(chunk.actors, new)
            self._new_rows("Actor", rows, rows["id"], ACTOR_SCHEMA, files)
            known = _within(rows, "id", self.ids["Actor"])  # written by an earlier chunk
            renamed = unmerged(known[known["name"] != known["id"]], self.merged)
            self._new_rows("Source", chunk.sources, new["source_id"], SOURCE_SCHEMA, files)
            with_item = new[new["item_id"].notna()]
            if not with_item.empty:
                self._new_rows("Item", chunk.items, with_item["item_id"], ITEM_SCHEMA, files)
            ids = _py(new["id"])
            rows = new[list(CLAIM_SCHEMA.names)]
            claim_table = pa.Table.from_pandas(rows, schema=CLAIM_SCHEMA, preserve_index=False)
            files.append(("Claim", claim_table))
            for rel, frame, column in (("SUBJECT", new, "subject_id"), ("OBJECT", new, "object_id"),
                                       ("FROM_SOURCE", new, "source_id"),
                                       ("ABOUT", with_item, "item_id")):  # fmt: skip
                if not frame.empty:
                    files.append((rel, _link_table(frame, column)))
            if self.ledger is not None and chunk.ledger is not None:
                files.append(("ids", pa.table({"id": pa.array(ids, STR)})))
            for table, data in files:
                group.add(n, table, data)
            for table, data in files:  # from here on the group holds them
                if table in self.ids:
                    self.ids[table].update(data.column("id").to_pylist())
            report.claims_new = len(new)
            report.predicates = {
                str(k): int(v) for k, v in new["predicate"].value_counts().items()
            }
            group.folds.append(self.helper.submit(self._fold_fresh, new, chunk, group))
        if renamed is not None and not renamed.empty:
            group.renamed.append(renamed)
        if people is not None and not people.empty:
            group.people.append(people)
        if chunk.ledger is not None:
            group.ledger.append(chunk.ledger)
        group.reports.append(report)
        group.rows.append(chunk.input_rows or len(chunk))

    def _new_rows(
        self, table: str, rows: pd.DataFrame, ids: pd.Series, schema: pa.Schema,
        files: list[tuple[str, pa.Table]],
    ) -> pd.DataFrame:  # fmt: skip
        """The rows of ``ids`` no earlier chunk wrote, as a table added to ``files``; returned."""
        wanted = _within(rows, "id", set(_py(ids))).drop_duplicates("id", keep="first")
        fresh = _without(wanted, "id", self.ids[table])
        if not fresh.empty:
            files.append((table, pa.Table.from_pandas(fresh, schema=schema, preserve_index=False)))
        return fresh

    def _fold_fresh(self, new: pd.DataFrame, chunk: ClaimTables, group: _Group) -> None:
        """In the helper thread, in chunk order: the chunk's pair frame, flagged against the
        marks of every claim before it, kept with its group until the group commits."""
        flagged, marks = evidence_flags(pair_frame(_flat(new, chunk)), self.marks, only_new=True)
        self.marks = merge_marks(self.marks, marks)
        group.increments.append(flagged)
        group.pending += len(new)

    def _absorb(self, group: _Group) -> None:
        """In the helper thread, once ``group`` committed: its increments are the writer's."""
        for fold in group.folds:
            fold.result()  # a fold that failed: the projection cannot be finished (stale)
        self.increments.extend(group.increments)
        self.pending += group.pending
        if self.pending >= FOLD_ROWS:  # bounded memory: fold the pair rows into edges
            self.increments, self.pending = [aggregate(*self.increments)], 0

    def write(self, chunk: ClaimTables) -> WriteReport:
        claims = chunk.claims.drop_duplicates("id", keep="first")
        report = WriteReport(claims_seen=len(chunk.claims), batches=1)
        if claims.empty:
            return report
        store = self.store
        self._make_room(chunk)
        folded: Future[tuple[list[pd.DataFrame], int]] | None = None
        book = self.ledger if chunk.ledger is not None else None
        noted: tuple[int, int] | None = None
        store._execute("BEGIN TRANSACTION")
        try:
            known = self._known("Claim", claims["id"])
            new = _without(claims, "id", known)
            if new.empty:
                if book is not None and chunk.ledger is not None:
                    noted = book.record(store, *chunk.ledger, None)
                store._execute("COMMIT")
                if book is not None and noted is not None:
                    book.commit(noted)
                return report
            self._check_links(chunk, new)
            self._write_actors(chunk.actors, new)
            stored = self._copy_new("Source", chunk.sources, new["source_id"], SOURCE_SCHEMA)
            seen = empty_marks()
            if not self.stale:  # what the stored claims of these sources count already
                seen = marks_of(pair_frame(self._stored_claims(stored["id"])))
            with_item = new[new["item_id"].notna()]
            if not with_item.empty:
                self._copy_new("Item", chunk.items, with_item["item_id"], ITEM_SCHEMA)
            self._copy("Claim", new[list(CLAIM_SCHEMA.names)], CLAIM_SCHEMA)
            self._copy_link("SUBJECT", new, "subject_id")
            self._copy_link("OBJECT", new, "object_id")
            self._copy_link("FROM_SOURCE", new, "source_id")
            if not with_item.empty:
                self._copy_link("ABOUT", with_item, "item_id")
            if book is not None and chunk.ledger is not None:
                ids = pa.table({"id": pa.array(_py(new["id"]), STR)})
                noted = book.record(store, *chunk.ledger, self._file("new-ids", ids))
            if not self.stale:  # beside the COMMIT and CHECKPOINT, kept only if both succeed
                folded = self.helper.submit(self._fold, new, chunk, seen)
            store._execute("COMMIT")
        except BaseException:
            store._rollback()
            _settle(folded)
            raise
        try:
            store._execute("CHECKPOINT")  # the chunk is durable from here (see the class doc)
        except BaseException:
            _settle(folded)
            raise
        if book is not None and noted is not None:
            book.commit(noted)
        if folded is not None:
            self.increments, self.pending = folded.result()
        report.claims_new = len(new)
        report.predicates = {str(k): int(v) for k, v in new["predicate"].value_counts().items()}
        return report

    def _fold(
        self, new: pd.DataFrame, chunk: ClaimTables, seen: np.ndarray
    ) -> tuple[list[pd.DataFrame], int]:
        """``increments`` and ``pending`` with the chunk's new claims added; changes nothing."""
        increments = [
            *self.increments,
            evidence_flags(pair_frame(_flat(new, chunk)), seen, marks=False)[0],
        ]
        pending = self.pending + len(new)
        if pending >= FOLD_ROWS:  # bounded memory: fold the pair rows into edges
            return [aggregate(*increments)], 0
        return increments, pending

    def finish(self) -> None:
        """Bring ``RELATES`` up to date with the claims: fold the increments, or rebuild.

        A group spooled but not committed (``flush``) is left out: its claims are not stored.
        """
        for absorbed in self.absorbing:  # the folds of committed groups are in
            absorbed.result()
        if not self.stale and not self.increments:
            return
        store = self.store
        store._execute("BEGIN TRANSACTION")
        try:
            if self.stale:
                flagged, _ = evidence_flags(
                    pair_frame(self._stored_claims()), empty_marks(), marks=False
                )
                edges = aggregate(flagged)
            else:
                edges = combine(self._stored_relates(), aggregate(*self.increments))
            store._execute("MATCH ()-[r:RELATES]->() DELETE r")
            if not edges.empty:
                edges["rank"] = edge_ranks(edges).astype("float64")
                schema = stored_relates_schema(store)
                self._copy("RELATES", edges[schema.names], schema)
            version = (store._rows(ranking.STATE) or [[0]])[0][0]
            store._execute(ranking.MARK, {"version": version, "edges": len(edges)})
            store._execute("COMMIT")
        except BaseException:
            store._rollback()
            raise
        store._execute("CHECKPOINT")
        self.increments.clear()
        self.pending = 0
        self.stale = False

    # -- the parts of one chunk, all inside its transaction -------------------

    def _make_room(self, chunk: ClaimTables) -> None:
        """Refuse a chunk the disk has no room for (StoreError), before writing any of it.

        LadybugDB aborts the process when a write hits a full disk, so, as
        ``write_claims`` does per batch, the writer checks first: room for the
        chunk's data twice over, plus the store's safety margin. Earlier
        chunks are checkpointed already, so a refused load closes cleanly.
        """
        need = 2 * sum(
            _size(t) for t in (chunk.claims, chunk.actors, chunk.sources, chunk.items)
        )
        self.store.check_room(need)

    def _check_links(self, chunk: ClaimTables, new: pd.DataFrame) -> None:
        """Refuse a chunk whose claims link to ids neither it nor the store holds.

        ``COPY`` would refuse it too, but a failed relationship ``COPY`` into a
        non-empty LadybugDB 0.22 store corrupts its heap (the process aborts
        at the next checkpoint or close), so it must not be tried.
        """
        actor_ids = set(_py(chunk.actors["id"])) | set(_py(chunk.actors["country"].dropna()))
        for column, table, described in (
            ("subject_id", "Actor", actor_ids),
            ("object_id", "Actor", actor_ids),
            ("source_id", "Source", set(_py(chunk.sources["id"]))),
            ("item_id", "Item", set(_py(chunk.items["id"]))),
        ):
            missing = set(_py(new[column].dropna())) - described
            if missing and self.fresh:  # what the store holds is what this writer wrote
                missing -= self.ids[table]
            elif missing:
                missing -= self._known(table, pd.Series(sorted(missing), dtype=object))
            if missing:
                raise StoreError(
                    f"a chunk of claims links to {len(missing)} {table} id(s) it does not "
                    f"describe, e.g. {sorted(missing)[0]!r}; nothing of it was written"
                )

    def _known(self, table: str, ids: pd.Series) -> set[str]:
        """Which of ``ids`` the store has already (one indexed lookup per chunk)."""
        wanted = pa.table({"id": pa.array(_py(ids.drop_duplicates()), STR)})
        found = self.store._execute(
            f"LOAD FROM {self._file('ids', wanted)} MATCH (n:{table} {{id: id}}) RETURN n.id"
        ).get_as_arrow()
        return set(found.column(0).to_pylist())

    def _copy(self, table: str, frame: pd.DataFrame, schema: pa.Schema) -> None:
        data = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        self.store._execute(f"COPY {table} FROM {self._file(table, data)}")

    def _copy_new(
        self, table: str, rows: pd.DataFrame, ids: pd.Series, schema: pa.Schema
    ) -> pd.DataFrame:
        wanted = _within(rows, "id", set(_py(ids))).drop_duplicates("id", keep="first")
        known = self._known(table, wanted["id"])
        fresh = _without(wanted, "id", known)
        if not fresh.empty:
            self._copy(table, fresh, schema)
        return _within(wanted, "id", known)

    def _copy_link(self, rel: str, claims: pd.DataFrame, column: str) -> None:
        self.store._execute(f"COPY {rel} FROM {self._file(rel, _link_table(claims, column))}")

    def _file(self, name: str, data: pa.Table) -> str:
        return arrow_file(Path(self.folder.name), name, data)

    def _write_actors(self, actors: pd.DataFrame, new: pd.DataFrame) -> None:
        """New actors by COPY; known ones only get a better name, as ``MERGE_ACTORS`` does."""
        rows, people = actor_frame(actors, new)
        existing = self._copy_new("Actor", rows, rows["id"], ACTOR_SCHEMA)
        renamed = unmerged(existing[existing["name"] != existing["id"]], self.merged)
        if not renamed.empty:
            self.store._execute(writes.MERGE_ACTORS, {"rows": records(renamed)})
        if not people.empty:
            self.store._execute(writes.MERGE_ACTS_FOR, {"rows": records(people)})

    # -- the projection, read back -------------------------------------------

    def _stored_relates(self) -> pd.DataFrame:
        table = self.store._execute(RELATES_READ).get_as_arrow()
        return table.rename_columns(RELATES_SCHEMA.names).to_pandas()

    def _stored_claims(self, sources: pd.Series | None = None) -> pd.DataFrame:
        """The stored claims in ``FLAT_COLUMNS``: all, or those of ``sources`` (ids)."""
        if sources is None:
            cypher = "MATCH (src:Source), " + STORED_CLAIMS
        elif sources.empty:
            return pd.DataFrame(columns=FLAT_COLUMNS)
        elif sources.nunique() <= FEW_SOURCES:  # a chunk's first source, begun in the last one
            table = self.store._execute(
                "MATCH (src:Source) WHERE src.id IN $ids MATCH " + STORED_CLAIMS,
                {"ids": _py(sources.drop_duplicates())},
            ).get_as_arrow()
            return table.rename_columns(FLAT_COLUMNS).to_pandas()
        else:
            ids = pa.table({"id": pa.array(_py(sources.drop_duplicates()), STR)})
            cypher = (
                f"LOAD FROM {self._file('source-ids', ids)} MATCH (src:Source {{id: id}}), "
                + STORED_CLAIMS
            )
        table = self.store._execute(cypher).get_as_arrow()
        return table.rename_columns(FLAT_COLUMNS).to_pandas()


@dataclass
class _Group:
    """Chunks spooled for one transaction (``BulkWriter.add``): files per table, and so on."""

    number: int
    files: dict[str, list[str]] = field(default_factory=dict)
    """Table -> its Parquet files, as Cypher strings."""
    reports: list[WriteReport] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    ledger: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[pd.DataFrame] = field(default_factory=list)
    people: list[pd.DataFrame] = field(default_factory=list)
    folds: list[Future[None]] = field(default_factory=list)
    increments: list[pd.DataFrame] = field(default_factory=list)
    pending: int = 0
    folder: Path | None = None

    def add(self, n: int, table: str, data: pa.Table) -> None:
        assert self.folder is not None
        self.files.setdefault(table, []).append(
            arrow_file(self.folder, f"{table}-g{self.number}-{n}", data)
        )


def _link_table(claims: pd.DataFrame, column: str) -> pa.Table:
    frame = pd.DataFrame({"from": claims["id"].to_numpy(), "to": claims[column].to_numpy()})
    return pa.Table.from_pandas(frame, schema=LINK_SCHEMA, preserve_index=False)


def _settle(work: Future[Any] | None) -> None:
    """Wait for ``work`` to end, its result or error unwanted (a failed chunk's fold)."""
    if work is not None:
        wait([work])


def arrow_file(folder: Path, name: str, data: pa.Table) -> str:
    """``data`` as an uncompressed Parquet file in ``folder``, as a Cypher string.

    COPY and LOAD read files natively. Handing them the Arrow table as a
    parameter works too, but LadybugDB 0.22 keeps every such table (and
    more) alive until the database is closed: about 4 GB over a
    million-event load, against 0.4 GB this way.
    """
    path = folder / f"{name}.parquet"
    try:
        pq.write_table(data, path, compression="none", use_dictionary=False, write_statistics=False)
    except OSError as exc:
        raise StoreError(
            f"cannot write the bulk load's temporary file {path}: {exc.strerror or exc}; "
            "point TMPDIR at a folder with room"
        ) from None
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


def actor_frame(actors: pd.DataFrame, claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actor rows ``claims`` link to, and the (person, state) links of the people among them.

    As ``rows.actor_rows`` does for claim objects, a person's state is added,
    named by its id, when the chunk does not describe it.
    """
    ids = set(_py(claims["subject_id"])) | set(_py(claims["object_id"]))
    rows = _within(actors, "id", ids).drop_duplicates("id", keep="first")
    people = rows[rows["type"].isin(PERSON_TYPES) & rows["country"].notna()]
    states = people["country"][~people["country"].isin(rows["id"])].drop_duplicates()
    if not states.empty:
        extra = pd.DataFrame({"id": states, "name": states, "type": "State"})
        extra["aliases"] = [[] for _ in range(len(extra))]
        rows = pd.concat([rows, extra], ignore_index=True)
    links = people[["id", "country"]].rename(columns={"id": "person", "country": "state"})
    return rows, links


ACTOR_KEY = ["id", "name", "type", "wikidata", "country", "role"]


def unmerged(rows: pd.DataFrame, merged: set[tuple[Any, ...]]) -> pd.DataFrame:
    """The actor rows not in ``merged`` (merging the same row twice changes nothing); noted."""
    if rows.empty:
        return rows
    keys = list(rows[ACTOR_KEY].itertuples(index=False, name=None))
    fresh = np.fromiter((k not in merged for k in keys), bool, len(keys))
    merged.update(keys)
    return rows[fresh]


STORED_CLAIMS = """
(c:Claim)-[:SUBJECT]->(s:Actor), (c)-[:OBJECT]->(o:Actor), (c)-[:FROM_SOURCE]->(src)
OPTIONAL MATCH (c)-[:ABOUT]->(i:Item)
RETURN s.id, s.type, s.country, o.id, o.type, o.country, c.predicate, c.confidence,
       c.modality, c.time_start, c.time_end, src.published, i.name, c.id, c.evidence_text, src.id
"""
"""After ``MATCH (src:Source),`` (every claim) or ``MATCH (src:Source {id: …}),`` (a source's)."""
FLAT_COLUMNS = [
    "s_id", "s_type", "s_country", "o_id", "o_type", "o_country", "predicate", "confidence",
    "modality", "time_start", "time_end", "published", "item_name", "id", "evidence_text",
    "source_id",
]  # fmt: skip
"""What the projection needs of a claim: ``STORED_CLAIMS``' columns, or ``_flat``'s."""


def _flat(new: pd.DataFrame, chunk: ClaimTables) -> pd.DataFrame:
    """The new claims of a chunk in ``FLAT_COLUMNS``, their actors and sources looked up."""
    actors = chunk.actors.drop_duplicates("id").set_index("id")
    published = chunk.sources.drop_duplicates("id").set_index("id")["published"]
    items = chunk.items.drop_duplicates("id").set_index("id")["name"]
    out = {}
    for side, column in (("s", "subject_id"), ("o", "object_id")):
        ids = new[column]
        out[f"{side}_id"] = ids.to_numpy()
        out[f"{side}_type"] = ids.map(actors["type"]).to_numpy()
        out[f"{side}_country"] = ids.map(actors["country"]).to_numpy()
    for name in ("predicate", "confidence", "modality", "time_start", "time_end", "id",
                 "evidence_text", "source_id"):  # fmt: skip
        out[name] = new[name].to_numpy()
    out["published"] = new["source_id"].map(published).to_numpy()
    out["item_name"] = new["item_id"].map(items).to_numpy()
    return pd.DataFrame(out, columns=FLAT_COLUMNS)


def pair_frame(flat: pd.DataFrame) -> pd.DataFrame:
    """Per claim: its projected pair (a, predicate, b) and what it adds to it.

    The rules of ``projection.pair_increments``: a person or unit counts for
    its state, a symmetric pair is ordered, dates come from the claim's time
    or else its source's publication date; ``sentence`` and ``source`` are
    what ``projection.evidence_flags`` counts distinct values of.
    """
    a, b = (
        flat[f"{s}_id"].where(
            ~(flat[f"{s}_type"].isin(PERSON_TYPES) & flat[f"{s}_country"].notna()),
            flat[f"{s}_country"],
        )
        for s in ("s", "o")
    )
    symmetric = {k: v.symmetric for k, v in predicates().items()}
    swap = flat["predicate"].map(symmetric).astype(bool) & (b < a)
    timed = flat["time_start"].notna()
    when = flat["time_start"].where(timed, flat["published"])
    return pd.DataFrame(
        {
            "from": a.where(~swap, b),
            "predicate": flat["predicate"],
            "to": b.where(~swap, a),
            "confidence": flat["confidence"].astype(float),
            "positive": ~flat["modality"].isin(NEGATIVE_MODALITIES),
            "when": when,
            "last": flat["time_end"].where(timed, when),
            "item_name": flat["item_name"],
            "modality": flat["modality"],
            "sentence": sentence_keys(
                _py(flat["source_id"]), _py(flat["evidence_text"]), _py(flat["id"])
            ),
            "source": flat["source_id"],
        }
    )


KEY = ["from", "predicate", "to"]


def aggregate(*parts: pd.DataFrame) -> pd.DataFrame:
    """``RELATES`` edges (``RELATES_SCHEMA`` columns) from pair frames, edges, or both.

    A pair frame must carry ``projection.evidence_flags``' columns: its
    sentences and sources are counted where it says they are new.
    """
    counted: list[pd.DataFrame] = []
    lists: dict[str, list[pd.DataFrame]] = {"items": [], "modalities": []}
    for part in parts:
        if part.empty:
            continue
        if "claims" in part:  # edges: the aggregates so far
            counted.append(part[[*KEY, *SUMMED]])
            for column in lists:
                lists[column].append(part[[*KEY, column]].explode(column))
        else:  # a pair frame: one row per claim
            counted.append(
                pd.DataFrame(
                    {
                        **{k: part[k] for k in KEY},
                        "claims": 1,
                        "positive_claims": part["positive"].astype(int),
                        **{name: part[name] for name in EVIDENCE_COUNTS},
                        "max_confidence": part["confidence"],
                        "first_date": part["when"],
                        "last_date": part["last"],
                    }
                )
            )
            lists["items"].append(part[[*KEY, "item_name"]].rename(columns={"item_name": "items"}))
            lists["modalities"].append(
                part[[*KEY, "modality"]].rename(columns={"modality": "modalities"})
            )
    if not counted:
        return pd.DataFrame(columns=RELATES_SCHEMA.names)
    rows = pd.concat(counted, ignore_index=True)
    out = (
        rows.groupby(KEY, sort=True)
        .agg(
            claims=("claims", "sum"),
            positive_claims=("positive_claims", "sum"),
            **{name: (name, "sum") for name in EVIDENCE_COUNTS},
            max_confidence=("max_confidence", "max"),
            first_date=("first_date", "min"),
            last_date=("last_date", "max"),
        )
        .reset_index()
    )
    for column, frames in lists.items():
        out[column] = _ordered_union(pd.concat(frames, ignore_index=True), column, out)
    specs = predicates()
    names = _py(out["predicate"])
    out["family"] = [specs[p].family for p in names]
    out["weight"] = [specs[p].weight for p in names]
    out["symmetric"] = [specs[p].symmetric for p in names]
    return out[RELATES_SCHEMA.names]


SUMMED = ["claims", "positive_claims", *EVIDENCE_COUNTS, "max_confidence", "first_date",
          "last_date"]  # fmt: skip


def combine(stored: pd.DataFrame, increments: pd.DataFrame) -> pd.DataFrame:
    """The stored edges with the increments folded in (stored lists first, as MERGE does)."""
    return aggregate(stored, increments)


def _ordered_union(long: pd.DataFrame, column: str, out: pd.DataFrame) -> list[list[str]]:
    """Per edge of ``out``: the distinct values of ``column`` in ``long``, in row order.

    Arrow's single-threaded ``distinct`` aggregate keeps first-seen order and
    leaves out nulls; edges with no value get an empty list.
    """
    table = pa.Table.from_pandas(long[[*KEY, column]], preserve_index=False)
    table = table.cast(pa.schema([(c, STR) for c in (*KEY, column)]))
    lists = table.group_by(KEY, use_threads=False).aggregate([(column, "distinct")])
    found = out[KEY].merge(lists.to_pandas(), on=KEY, how="left")[f"{column}_distinct"]
    return [v.tolist() if isinstance(v, np.ndarray) else [] for v in found]


SIZE_SAMPLE = 2_000


def _size(frame: pd.DataFrame) -> int:
    """About the bytes ``frame`` holds: its first ``SIZE_SAMPLE`` rows', measured, scaled up
    (measuring every Python string of a chunk took 0.1 s; the estimate is within 1 %)."""
    if len(frame) <= SIZE_SAMPLE:
        return int(frame.memory_usage(deep=True).sum())
    return int(frame.head(SIZE_SAMPLE).memory_usage(deep=True).sum()) * len(frame) // SIZE_SAMPLE


def _py(values: pd.Series) -> list[Any]:
    """A column as a Python list (fast for every pandas string dtype; NA stays NA)."""
    return values.to_numpy(dtype=object).tolist()


def _within(frame: pd.DataFrame, column: str, ids: set[str]) -> pd.DataFrame:
    """Rows whose ``column`` is in ``ids`` (a set test: pandas' ``isin`` on strings is slow)."""
    return frame[np.fromiter((v in ids for v in _py(frame[column])), bool, len(frame))]


def _without(frame: pd.DataFrame, column: str, ids: Collection[str]) -> pd.DataFrame:
    if not ids:
        return frame
    return frame[np.fromiter((v not in ids for v in _py(frame[column])), bool, len(frame))]


def records(frame: pd.DataFrame, schema: pa.Schema | None = None) -> list[dict[str, Any]]:
    """Rows as parameter maps, missing values (NaN, NA, None) as null.

    ``schema`` keeps integer columns integers: pandas holds an integer
    column with a missing value as floats.
    """
    if frame.empty:
        return []
    return pa.Table.from_pandas(frame, schema=schema, preserve_index=False).to_pylist()


def _opt(value: Any) -> Any:
    """pandas' missing values (None, NaN, NA) as None."""
    if value is None or (not isinstance(value, list | tuple | np.ndarray) and pd.isna(value)):
        return None
    return value


def _opt_int(value: Any) -> int | None:
    value = _opt(value)
    return None if value is None else int(value)


def rebuild_projection(store: EmbeddedStore) -> None:
    """Replace the ``RELATES`` projection by one computed from every stored claim."""
    writer = BulkWriter(store)
    try:
        writer.stale = True
        writer.finish()
    finally:
        writer.close()
