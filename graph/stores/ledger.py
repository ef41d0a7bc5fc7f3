"""A ledger of loaded input chunks in the embedded store: re-loading a file skips its mapping.

Re-loading a GDELT export that is stored already writes nothing, but finding
that out meant mapping every event and hashing every claim id in Python (a
million events: ~10 s). The ledger remembers, per input chunk, that *every
claim it maps to is stored*, so a re-load only parses the CSV and hashes the
chunk's columns (``gdelt.chunk_key``) to know it can skip the chunk.

What a ledger row says and what makes it stale:

* Its key is a hash of the chunk's input columns, its line numbers, the
  ``unmapped`` option and ``gdelt.MAPPING_VERSION`` (the bytes of the mapping
  code, its CAMEO and predicate tables and pycountry's version): a change to
  the mapping gives new keys, so old rows are never hits.
* It is written in the transaction that commits the chunk's claims (or finds
  them all stored), so a killed load leaves rows only for committed chunks.
* It stays true only while no claim is removed or changed. Anything may write
  to a store (an actor merge deletes claims, ``clear``, a user's Cypher), so
  the ledger does not trust itself: it keeps a fingerprint of the store's
  claim ids (their count and the sum of LadybugDB's ``hash`` of each id,
  modulo 2^32) as of its last write, updated in the same transactions.
  Before a load uses the ledger it recomputes the fingerprint from the store
  (one scan of the claim ids: ~0.8 s at a million claims); if it differs,
  every ledger row is ignored and dropped at the next write, and the load
  maps every chunk as before (and records them again). Claims added by
  anything else invalidate it too: conservative, one slow re-load.

The fingerprint is a hash sum: a change that removes some claims and adds
others of exactly the same count and hash sum would go unseen; for a
non-adversarial store the odds are about 2^-32 per change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geokg.graph.stores.embedded import EmbeddedStore

TABLE = "LoadLedger"
DDL = f"CREATE NODE TABLE IF NOT EXISTS {TABLE}(id STRING PRIMARY KEY, claims INT64, entry STRING)"
STATE_ID = "#claims"
"""The row holding the fingerprint (``claims``: the count, ``entry``: the hash sum)."""
HASHED = "to_int64(hash({}) % 4294967296)"
"""Each claim id's part of the fingerprint (LadybugDB's hash, cut to 32 bits to sum in INT128)."""


@dataclass
class Ledger:
    """The ledger of one store, as read at the start of a load, and its running fingerprint."""

    entries: dict[str, str] = field(default_factory=dict)
    """Chunk key -> its entry (JSON: what mapping the chunk reported), when they can be trusted."""
    count: int = 0
    total: int = 0
    """The store's claim fingerprint: how many claims, and the sum of their hashed ids."""
    reset: bool = False
    """The stored ledger is stale (or missing): drop it at the next write."""

    @classmethod
    def open(cls, store: EmbeddedStore) -> Ledger:
        """The store's ledger, its rows ignored if the claims changed since it was written."""
        rows = {
            r[0]: (r[1], r[2])
            for r in store._rows(f"MATCH (l:{TABLE}) RETURN l.id, l.claims, l.entry")
        }
        state = rows.pop(STATE_ID, None)
        count, total = fingerprint(store)
        if state is not None and (state[0], int(state[1])) == (count, total):
            return cls({k: v[1] for k, v in rows.items()}, count, total)
        return cls({}, count, total, reset=bool(rows) or state is not None or count > 0)

    def record(
        self, store: EmbeddedStore, key: str, entry: str, ids_file: str | None
    ) -> tuple[int, int]:
        """Inside the chunk's transaction: its row, and the fingerprint with the claims of
        ``ids_file`` (Parquet files whose ``id`` column holds the chunk's new claim ids: one,
        or a Cypher list of them) added.

        Returns the new fingerprint: ``commit`` it once the transaction has committed.
        """
        return self.record_many(store, [(key, entry)], ids_file)

    def record_many(
        self, store: EmbeddedStore, entries: list[tuple[str, str]], ids_file: str | None
    ) -> tuple[int, int]:
        """``record`` for several chunks committed together."""
        count, total = self.count, self.total
        if ids_file is not None:
            found = store._rows(f"LOAD FROM {ids_file} RETURN count(*), sum({HASHED.format('id')})")
            count += int(found[0][0])
            total += int(found[0][1] or 0)
        if self.reset:
            store._execute(f"MATCH (l:{TABLE}) DELETE l")
        for key, entry in entries:
            store._execute(
                f"MERGE (l:{TABLE} {{id: $id}}) SET l.claims = $claims, l.entry = $entry",
                {"id": key, "claims": json.loads(entry).get("claims", 0), "entry": entry},
            )
        store._execute(
            f"MERGE (l:{TABLE} {{id: $id}}) SET l.claims = $count, l.entry = $total",
            {"id": STATE_ID, "count": count, "total": str(total)},
        )
        return count, total

    def commit(self, fingerprint: tuple[int, int]) -> None:
        """The chunk's transaction committed: its fingerprint is the store's now."""
        self.count, self.total = fingerprint
        self.reset = False


def fingerprint(store: EmbeddedStore) -> tuple[int, int]:
    """The store's claim ids as (count, sum of hashed ids): one scan (none if it has no claims)."""
    count = int(store._rows("MATCH (c:Claim) RETURN count(c)")[0][0])
    if count == 0:
        return 0, 0
    found = store._rows(f"MATCH (c:Claim) RETURN count(c), sum({HASHED.format('c.id')})")
    return int(found[0][0]), int(found[0][1] or 0)


def entry_json(claims: int, skipped: dict[str, int], generic: dict[str, int],
               errors: list[tuple[int | None, str]]) -> str:  # fmt: skip
    """A chunk's entry: what mapping it reported (its claims, skips, generic codes, bad rows)."""
    return json.dumps(
        {"claims": claims, "skipped": skipped, "generic": generic, "errors": errors},
        separators=(",", ":"),
        sort_keys=True,
    )


def parse_entry(entry: str) -> dict[str, Any]:
    return dict(json.loads(entry))
