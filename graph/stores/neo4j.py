"""The production store: Neo4j 5 over Bolt with the official driver.

URIs ``neo4j://``, ``bolt://``, ``neo4j+s://`` (Aura, clusters; certificate
checked). Credentials come from ``NEO4J_USER``/``NEO4J_PASSWORD`` only and are
never printed. Each batch is one managed write transaction, retried by the
driver on transient errors (deadlocks, leader switches).
"""

from __future__ import annotations

import os
import random
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from geokg.errors import GeokgError, QueryError, StoreError
from geokg.graph.claims import Claim
from geokg.graph.stores import check_parameters, ranking, split_statements, writes
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
from geokg.graph.stores.projection import (
    EVIDENCE_COUNTS,
    STORED_EVIDENCE,
    pair_increments,
    principal_actors,
    stored_marks,
)
from geokg.graph.stores.rows import (
    CLAIM_PROPERTIES,
    actor_rows,
    claim_rows,
    item_rows,
    source_rows,
)

T = TypeVar("T")

SCHEMA = (
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT item_id IF NOT EXISTS FOR (n:Item) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX claim_predicate IF NOT EXISTS FOR (n:Claim) ON (n.predicate)",
    "CREATE INDEX claim_time IF NOT EXISTS FOR (n:Claim) ON (n.time_start)",
    "CREATE INDEX actor_type IF NOT EXISTS FOR (n:Actor) ON (n.type)",
    # No index on RELATES.predicate: with one, the planner seeks it for the
    # projection's MERGE and scans every edge of a predicate per row (measured:
    # 6-13 s instead of 0.5 s per 10k-claim batch); stores made before drop it.
    "DROP INDEX relates_predicate IF EXISTS",
    "CREATE INDEX relates_family IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.family)",
    # Each edge's place in the network queries' order (ranking.py): they seek a window of it.
    "CREATE INDEX relates_rank IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.rank)",
    "CREATE INDEX relates_family_rank IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.family, r.rank)",
    f"CREATE CONSTRAINT relates_rank_id IF NOT EXISTS FOR (n:{ranking.MARKER})"
    " REQUIRE n.id IS UNIQUE",
)

# A claim is new when this transaction created it: MERGE on the unique id
# serialises concurrent writers, so two loads of one file never both create it.
MERGE_CLAIMS = """
UNWIND $rows AS r
MERGE (c:Claim {id: r.id})
ON CREATE SET c += r.props, c.geokg_batch = $token
WITH c, r WHERE c.geokg_batch = $token
REMOVE c.geokg_batch
RETURN r.id AS id
"""

MERGE_RELATES = writes.merge_relates(
    "reduce(acc = [], x IN coalesce({0}, []) + coalesce({1}, []) | "
    "CASE WHEN x IN acc THEN acc ELSE acc + x END)"
)


# Actions Neo4j runs inside a read transaction although they reach beyond it:
# admin procedures (end other users' work, drop caches), LOAD CSV (reads the
# server's files) and APOC procedures that write files or run their own
# transactions. ``--write`` only.
_ADMIN_ACTIONS = re.compile(
    r"(^|[^\w.`])(TERMINATE\s+TRANSACTIONS?\b|LOAD\s+CSV\b"
    r"|(dbms\.kill\w*|db\.clearQueryCaches"
    r"|dbms\.setConfigValue|dbms\.cluster\.\w+|dbms\.scheduler\.\w+"
    r"|apoc\.(?:export|import|load|trigger|periodic|cypher|refactor|create|merge|nodes"
    r"|atomic|lock|schema|systemdb)\.[\w.]*)\s*\()",
    re.IGNORECASE,
)


def check_read_statement(cypher: str) -> None:
    """Refuse the admin actions a read transaction lets through."""
    text = ";".join(split_statements(cypher))
    found = _ADMIN_ACTIONS.search(text)
    if found:
        raise QueryError(
            "this query acts on the server; geokg cypher is read-only unless --write "
            f"({found.group(2).strip().rstrip('(').strip()})"
        )


def redact(uri: str) -> str:
    """The URI without user info, safe for messages."""
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:  # malformed: drop anything between the scheme and an '@'
        return re.sub(r"(?<=://)[^/]*@", "", uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


UNCOUNTED = "MATCH ()-[r:RELATES]->() WHERE r.sentences IS NULL RETURN 1 LIMIT 1"
SET_COUNTS = f"""
UNWIND $rows AS p
MATCH (a:Actor {{id: p.a}})-[r:RELATES]->(b:Actor {{id: p.b}})
WHERE r.predicate = p.predicate
SET {", ".join(f"r.{name} = p.{name}" for name in EVIDENCE_COUNTS)}
"""

FETCH_SIZE = 10_000
"""Records per PULL: the driver's default 1000 cost a round trip per 1000 rows of a result."""


class Neo4jStore:
    """A Neo4j database reached over Bolt."""

    kind = "neo4j"

    def __init__(self, uri: str, *, database: str | None = None) -> None:
        if not uri:
            raise StoreError("no Neo4j URI: set NEO4J_URI (e.g. bolt://127.0.0.1:7687)")
        self.location = redact(uri)
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            given = urlsplit(uri)
            given.port  # noqa: B018 - raises on a malformed port
        except ValueError as exc:
            raise StoreError(f"bad Neo4j URI {self.location}: {exc}") from None
        user = os.environ.get("NEO4J_USER") or given.username or "neo4j"
        password = os.environ.get("NEO4J_PASSWORD") or given.password or ""
        auth = (user, password) if password else None
        try:
            self._driver = GraphDatabase.driver(
                redact(uri),
                auth=auth,
                connection_timeout=10,
                max_transaction_retry_time=30,
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
            for ddl in SCHEMA:
                self._driver.execute_query(ddl, database_=self.database)
            self._add_evidence_counts()
        except neo4j_errors.AuthError:
            raise StoreError(
                f"Neo4j at {self.location} refused the credentials of user {user!r}: "
                "check NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as exc:
            raise StoreError(
                f"cannot reach Neo4j at {self.location}: is the server running and is "
                f"NEO4J_URI right? ({type(exc).__name__})"
            ) from None
        except ValueError as exc:
            raise StoreError(f"bad Neo4j URI {self.location}: {exc}") from None

    def _add_evidence_counts(self) -> None:
        """Give the edges of a store from an older geokg their sentence and source counts."""
        old = self._driver.execute_query(UNCOUNTED, database_=self.database).records
        if not old:
            return
        rows = pair_increments(self.iter_claims())
        self._driver.execute_query(SET_COUNTS, rows=rows, database_=self.database)

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
        ranking.refresh_neo4j(self)
        return report

    def _write_batch(self, batch: list[Claim]) -> WriteReport:
        unique = list({c.id: c for c in batch}.values())
        by_id = {c.id: c for c in unique}
        rows = claim_rows(unique)
        claim_params = [{"id": r["id"], "props": {k: r[k] for k in CLAIM_PROPERTIES}} for r in rows]
        actors, items, sources = actor_rows(unique), item_rows(unique), source_rows(unique)

        def work(tx: neo4j.ManagedTransaction) -> list[Claim]:
            tx.run(writes.MERGE_ACTORS, rows=actors).consume()
            if items:
                tx.run(writes.MERGE_ITEMS, rows=items).consume()
            tx.run(writes.MERGE_SOURCES, rows=sources).consume()
            token = uuid.uuid4().hex
            created = [rec["id"] for rec in tx.run(MERGE_CLAIMS, rows=claim_params, token=token)]
            new = [by_id[i] for i in created]
            if not new:
                return new
            new_ids = set(created)
            new_rows = [r for r in rows if r["id"] in new_ids]
            # What the stored claims of these sources count already (not linked yet: the new).
            source_ids = sorted({c.source.id for c in new})
            stored = [r.data() for r in tx.run(STORED_EVIDENCE, ids=source_ids)]
            seen = stored_marks(r for r in stored if r["id"] not in new_ids)
            tx.run(writes.LINK_CLAIMS, rows=new_rows).consume()
            with_items = [r for r in new_rows if r["item_id"]]
            if with_items:
                tx.run(writes.LINK_ITEMS, rows=with_items).consume()
            acts_for = principal_actors(new)
            if acts_for:
                tx.run(writes.MERGE_ACTS_FOR, rows=acts_for).consume()
            tx.run(MERGE_RELATES, rows=pair_increments(new, seen)).consume()
            return new

        def write() -> list[Claim]:
            return self.execute_write(work)

        new = self.run_batch(write, len(unique))
        report = WriteReport(claims_seen=len(batch), claims_new=len(new), batches=1)
        for c in new:
            report.predicates[c.predicate] = report.predicates.get(c.predicate, 0) + 1
        return report

    def run_batch(self, write: Callable[[], T], size: int) -> T:
        """Run a batch's write transaction; a failure is one StoreError (the store unchanged)."""
        try:
            return self._guard(write)  # type: ignore[no-any-return]
        except (GeokgError, ValueError, TypeError, OverflowError) as exc:
            if isinstance(exc, StoreError) and "connection" in str(exc):
                raise
            raise StoreError(
                f"a batch of {size} claims was not written (the store is unchanged): {exc}"
            ) from exc

    # -- reading -----------------------------------------------------------

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, write: bool = False
    ) -> QueryResult:
        parameters = dict(params or {})
        check_parameters(cypher, parameters)

        def read(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, parameters)
            return QueryResult(
                list(result.keys()), [[plain(v) for v in r.values()] for r in result]
            )

        def auto() -> QueryResult:
            # Auto-commit, so that CALL { … } IN TRANSACTIONS works with --write.
            with self._session() as session:
                result = session.run(cypher, parameters)  # type: ignore[arg-type]
                return QueryResult(
                    list(result.keys()), [[plain(v) for v in r.values()] for r in result]
                )

        if write:
            return self._guard(auto)

        check_read_statement(cypher)

        def read_only() -> QueryResult:
            with self._session(read=True) as session:
                return session.execute_read(read)

        return self._guard(read_only)

    def iter_claims(self) -> Iterator[Claim]:
        for rec in self.query(CLAIM_MATCH + CLAIM_RETURN).records():
            yield claim_from_record(rec)

    def counts(self) -> dict[str, int]:
        out = {}
        for label in writes.COUNT_LABELS:
            out[label] = self.query(f"MATCH (n:{label}) RETURN count(n)").rows[0][0]
        for rel in writes.COUNT_TYPES:
            out[rel] = self.query(f"MATCH ()-[r:{rel}]->() RETURN count(r)").rows[0][0]
        return out

    def clear(self) -> None:
        # Relationships first: DETACH DELETE of an actor node deletes all its
        # relationships in one inner transaction, and a hub of a million-event
        # load has hundreds of thousands (measured: the server's transaction
        # memory pool ran out).
        self.query(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS", write=True
        )
        self.query(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", write=True
        )

    # -- plumbing ----------------------------------------------------------

    def _session(self, *, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self._driver.session(
            database=self.database, default_access_mode=mode, fetch_size=FETCH_SIZE
        )

    def execute_write(self, work: Callable[[Any], T]) -> T:
        """``session.execute_write`` with more patience for writers that deadlock each other.

        The driver retries a transient error for ``max_transaction_retry_time`` (30 s);
        concurrent ingests of overlapping claims on a busy server can keep deadlocking past
        that, so the whole transaction is tried again, up to ``DEADLOCK_ROUNDS`` times. Other
        errors (a lost server) still end the batch after the driver's own retries.
        """
        for round_ in range(DEADLOCK_ROUNDS):
            try:
                with self._session() as session:
                    return session.execute_write(work)
            except neo4j_errors.TransientError as exc:
                if round_ == DEADLOCK_ROUNDS - 1 or "DeadlockDetected" not in (exc.code or ""):
                    raise
                time.sleep(random.uniform(1.0, 3.0))
        raise AssertionError("unreachable")  # pragma: no cover

    def _guard(self, call: Any) -> Any:
        """Run ``call``, turning driver errors into one-line geokg errors."""
        try:
            return call()
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
            raise StoreError(
                f"lost the connection to Neo4j at {self.location}: is the server running? "
                f"({type(exc).__name__})"
            ) from None
        except neo4j_errors.Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "read access mode" in (exc.message or ""):
                raise QueryError(
                    "this query writes; geokg cypher is read-only unless --write"
                ) from None
            raise QueryError(f"{exc.message or exc} [{code}]") from None
        except neo4j_errors.DriverError as exc:
            raise StoreError(f"Neo4j at {self.location}: {exc}") from None

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


DEADLOCK_ROUNDS = 4
"""How many times a write transaction is started over after the driver gave up on deadlocks."""

_SCALARS = frozenset((str, int, float, bool, type(None)))
"""Types returned as they are; checked first, as most values are (a 5000-row query: 90k values)."""


def plain(value: Any) -> Any:
    """Driver values as plain Python: nodes and relationships become dicts."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, neo4j.graph.Node):
        return {"_label": next(iter(value.labels), None), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_label": value.type, **dict(value)}
    if isinstance(value, neo4j.graph.Path):
        return [plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [v if type(v) in _SCALARS else plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value
