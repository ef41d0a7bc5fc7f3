"""Distributed extraction: a sharded corpus over a Dask cluster's workers, claims out as Parquet.

The extract step of the ingest flow, spread over many processes or machines.
Each shard of documents (a ``.jsonl`` or ``.parquet`` file) is one Dask task:
a worker reads it, runs ``extract_claims`` and writes its claims to one
Parquet file of ``CLAIM_SCHEMA`` (the claim-file contract, in columns),
named after the shard and replaced atomically, so a retried task rewrites
the same bytes. Claim ids are content hashes: loading the shards twice, or
a shard written twice, adds nothing. Without a cluster address a local
cluster of N worker processes on 127.0.0.1 is started for the run.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from geokg.errors import GeokgError, InputError
from geokg.graph.claims import Claim
from geokg.graph.stores.rows import claim_properties

if TYPE_CHECKING:
    from geokg.ingest.pipeline import IngestReport

CLUSTER_ENV = "GEOKG_CLUSTER"
"""Environment variable naming a Dask scheduler (``tcp://host:8786``) when ``--cluster`` is not
given."""

SHARD_SUFFIXES = frozenset({".jsonl", ".ndjson", ".parquet"})
TASK_RETRIES = 2
"""Runs of a shard's task beyond the first after it raised; a lost worker's task is rerun by the
scheduler anyway (``distributed.scheduler.allowed-failures``)."""

WORKER_ENVIRON: dict[str, int | None] = {
    "MALLOC_TRIM_THRESHOLD_": None,
    "OMP_NUM_THREADS": 1,
    "OPENBLAS_NUM_THREADS": 1,
    "MKL_NUM_THREADS": 1,
    "BLIS_NUM_THREADS": 1,
}
"""Environment of a local cluster's worker processes, set before they start (``None`` unsets).

One thread of BLAS/OpenMP per worker, so W workers use W cores, not W × cores. No
``MALLOC_TRIM_THRESHOLD_``: Dask's nannies set 64 KiB, and setting it to any value turns off
glibc's dynamic mmap threshold, so every array of 128 KiB or more that spaCy's models make is
a fresh ``mmap`` whose pages fault in zeroed: measured ~2,000 page faults and ~4 ms of kernel
time per document (the 32 MiB this module used to set included), against tens of faults and
well under 1 ms with glibc's defaults (bench/RESULTS.md, bench/cluster.py 2026-12-02)."""

STR = pa.string()
ACTOR_FIELDS = ("id", "name", "type", "country", "role", "wikidata")
CLAIM_SCHEMA = pa.schema(
    [("id", STR), ("doc_id", STR), ("source_url", STR), ("source_title", STR),
     ("publisher", STR), ("published", STR)]
    + [(f"subject_{f}", STR) for f in ACTOR_FIELDS] + [("subject_aliases", pa.list_(STR))]
    + [("predicate", STR)]
    + [(f"object_{f}", STR) for f in ACTOR_FIELDS] + [("object_aliases", pa.list_(STR))]
    + [("item_name", STR), ("item_type", STR), ("item_wikidata", STR),
       ("modality", STR), ("attributed_to", STR), ("time_start", STR), ("time_end", STR),
       ("granularity", STR), ("location", STR), ("confidence", pa.float64()),
       ("evidence_text", STR), ("evidence_start", pa.int64()), ("evidence_end", pa.int64()),
       ("extractor", STR), ("event_scheme", STR), ("event_code", STR),
       ("quad_class", pa.int64()), ("goldstein", pa.float64())]
)  # fmt: skip
"""A claim shard's columns: the claims CSV's (``claimfiles.CSV_COLUMNS``) plus the claim id and
what a CSV leaves out (actors' aliases and Wikidata ids, the item's Wikidata id)."""


@dataclass
class ShardResult:
    """What one shard's task did; errors as (path, line, reason), picklable."""

    shard: str
    output: str | None
    documents: int = 0
    sentences: int = 0
    claims: int = 0
    errors: list[tuple[str | None, int | None, str]] = field(default_factory=list)
    seconds: float = 0.0
    worker: str = ""


@dataclass
class ClusterReport:
    """A distributed extraction run: per-shard results, totals and errors."""

    shards: list[ShardResult] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0
    address: str = ""

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.shards)

    @property
    def sentences(self) -> int:
        return sum(s.sentences for s in self.shards)

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.shards)

    @property
    def outputs(self) -> list[Path]:
        """The claim shards written, in shard order."""
        return [Path(s.output) for s in self.shards if s.output]

    @property
    def errors(self) -> list[InputError]:
        return [InputError(r, path=p, line=n) for s in self.shards for p, n, r in s.errors]


# -- one shard, inside a worker ----------------------------------------------


def read_shard(path: Path, errors: list[InputError]) -> Iterator[Any]:
    """The documents of one shard; bad lines (JSONL) or rows (Parquet) go to ``errors``."""
    from geokg.ingest.documents import _document, read_documents

    if path.suffix.lower() != ".parquet":
        yield from read_documents([str(path)], errors=errors)
        return
    label = str(path)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        errors.append(InputError(f"cannot read Parquet: {exc}", path=label))
        return
    if "text" not in table.column_names:
        errors.append(InputError("no 'text' column — nothing read from this file", path=label))
        return
    for number, row in enumerate(table.to_pylist(), start=1):
        text = row.get("text")
        if not isinstance(text, str):
            errors.append(InputError("'text' must be a string", path=label, line=number))
            continue
        doc = _document(text, row, path=label, line=number, errors=errors)
        if doc is not None:
            yield doc


def shard_output(shard: Path, out_dir: Path) -> Path:
    """Where a shard's claims go: its name plus a hash of its path (two folders' a.jsonl differ)."""
    digest = hashlib.sha1(str(shard.resolve()).encode()).hexdigest()[:10]
    return out_dir / f"{shard.stem}-{digest}.claims.parquet"


def extract_shard(shard: str, out_dir: str) -> ShardResult:
    """Extract one shard's claims into its Parquet file (the task each worker runs)."""
    from geokg.ingest.extraction import extract_claims

    t0 = time.perf_counter()
    path = Path(shard)
    result = ShardResult(shard=shard, output=None, worker=f"pid {os.getpid()}")
    errors: list[InputError] = []
    claims: list[Claim] = []
    try:
        for _doc, found, sentences in extract_claims(read_shard(path, errors)):
            result.documents += 1
            result.sentences += sentences
            claims.extend(found)
    except (OSError, UnicodeDecodeError, GeokgError) as exc:
        # A shard that cannot be read through: reported with its file, the others go on.
        reason = exc.reason if isinstance(exc, InputError) else str(exc)
        errors.append(InputError(f"shard failed: {reason}", path=shard))
    result.errors = [(e.path or shard, e.line, e.reason) for e in errors]
    result.claims = len(claims)
    target = shard_output(path, Path(out_dir))
    write_claim_shard(claims, target)
    result.output = str(target)
    result.seconds = time.perf_counter() - t0
    return result


def claim_table(claims: Iterable[Claim]) -> pa.Table:
    """Claims as a table of ``CLAIM_SCHEMA``, in the order given."""
    rows = []
    for c in claims:
        row: dict[str, Any] = {
            "id": c.id,
            "doc_id": c.source.id,
            "source_url": c.source.url,
            "source_title": c.source.title,
            "publisher": c.source.publisher,
            "published": c.source.published,
            "predicate": c.predicate,
            "item_name": c.item.name if c.item else None,
            "item_type": c.item.type if c.item else None,
            "item_wikidata": c.item.wikidata if c.item else None,
            **claim_properties(c),
            "granularity": c.time.granularity if c.time else None,
        }
        for side, actor in (("subject", c.subject), ("object", c.object)):
            for name in ACTOR_FIELDS:
                row[f"{side}_{name}"] = getattr(actor, name)
            row[f"{side}_aliases"] = list(actor.aliases)
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=CLAIM_SCHEMA)


def write_claim_shard(claims: Iterable[Claim], target: Path) -> None:
    """Write the claims to ``target`` atomically (a temporary name, then a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(claim_table(claims), tmp, compression="zstd")
    os.replace(tmp, target)


def read_claim_shard(path: Path | str, *, errors: list[InputError]) -> Iterator[Claim]:
    """The claims of a Parquet claim shard; a bad row goes to ``errors`` with its row number."""
    name = str(path)
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException) as exc:
        errors.append(InputError(f"cannot read Parquet: {exc}", path=name))
        return
    missing = [c for c in ("subject_id", "predicate", "object_id") if c not in table.column_names]
    if missing:
        errors.append(InputError(f"missing column(s) {', '.join(missing)}", path=name, line=1))
        return
    for number, row in enumerate(table.to_pylist(), start=1):
        try:
            claim = Claim.from_dict(claim_record(row))
        except InputError as exc:
            errors.append(InputError(exc.reason, path=name, line=number))
            continue
        if row.get("id") and claim.id != row["id"]:
            errors.append(
                InputError(f"claim id {row['id']} does not match its content", path=name,
                           line=number)
            )  # fmt: skip
            continue
        yield claim


def claim_record(row: dict[str, Any]) -> dict[str, Any]:
    """A shard row in the nested shape ``Claim.from_dict`` reads."""

    def actor(side: str) -> dict[str, Any] | None:
        if not row.get(f"{side}_id"):
            return None
        out = {name: row.get(f"{side}_{name}") for name in ACTOR_FIELDS}
        out["aliases"] = row.get(f"{side}_aliases") or []
        return out

    evidence = None
    if row.get("evidence_text"):
        evidence = {"text": row["evidence_text"], "start": row.get("evidence_start"),
                    "end": row.get("evidence_end")}  # fmt: skip
    time_span = None
    if row.get("time_start"):
        time_span = {"start": row["time_start"], "end": row.get("time_end"),
                     "granularity": row.get("granularity")}  # fmt: skip
    return {
        "doc_id": row.get("doc_id"),
        "source": {"url": row.get("source_url"), "title": row.get("source_title"),
                   "publisher": row.get("publisher"), "published": row.get("published")},
        "subject": actor("subject"),
        "predicate": row.get("predicate"),
        "object": actor("object"),
        "item": {"name": row["item_name"], "type": row.get("item_type"),
                 "wikidata": row.get("item_wikidata")} if row.get("item_name") else None,
        "modality": row.get("modality"),
        "attributed_to": row.get("attributed_to"),
        "time": time_span,
        "location": row.get("location"),
        "confidence": 1.0 if row.get("confidence") is None else row["confidence"],
        "evidence": evidence,
        "extractor": row.get("extractor"),
        "event": {"scheme": row.get("event_scheme"), "code": row["event_code"],
                  "quad_class": row.get("quad_class"), "goldstein": row.get("goldstein")}
        if row.get("event_code") else None,
    }  # fmt: skip


# -- the run, on the client --------------------------------------------------


def corpus_shards(paths: Iterable[str | Path]) -> list[Path]:
    """The shard files named, and those inside folders named, sorted."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(
                f for f in sorted(path.rglob("*"))
                if f.is_file() and f.suffix.lower() in SHARD_SUFFIXES and not f.name.startswith(".")
            )  # fmt: skip
        else:
            out.append(path)
    return out


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded processes on 127.0.0.1."""
    import dask
    from distributed import LocalCluster

    config: dict[str, Any] = {
        f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()
    }
    # No dashboard, so no one reads the workers' statistical profiles; their sampling thread
    # wakes every 10 ms (~1% of a core per worker, measured idle).
    config["distributed.worker.profile.enabled"] = False
    with dask.config.set(config):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", dashboard_address=None)  # fmt: skip


def cluster_address(given: str | None) -> str | None:
    """The scheduler to use: ``given``, else ``$GEOKG_CLUSTER``, else None (a local cluster)."""
    return given or os.environ.get(CLUSTER_ENV) or None


def extract_corpus(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    cluster: str | None = None,
    workers: int = 2,
    progress: Callable[[ShardResult], None] | None = None,
    client: Any = None,
) -> ClusterReport:
    """Extract every shard on a Dask cluster into ``out_dir``, one claim shard per input shard.

    ``cluster`` is a scheduler address; without one (and without
    ``$GEOKG_CLUSTER``) a local cluster of ``workers`` processes is started
    on 127.0.0.1 for this call. ``client`` reuses a connected
    ``distributed.Client``. A missing shard is reported; the others run.
    ``progress`` is called once per finished shard, in finishing order.
    """
    from distributed import Client, as_completed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    report = ClusterReport()
    shards: list[Path] = []
    for shard in corpus_shards(paths):
        if shard.is_file():
            shards.append(shard)
        else:
            report.shards.append(
                ShardResult(shard=str(shard), output=None,
                            errors=[(str(shard), None, "no such shard file")])
            )  # fmt: skip
    with ExitStack() as stack:
        if client is None:
            address = cluster_address(cluster)
            if address is None:
                local = stack.enter_context(local_cluster(workers))
                client = stack.enter_context(Client(local))
            else:
                try:
                    client = stack.enter_context(Client(address, timeout="30s"))
                except OSError as exc:
                    raise GeokgError(
                        f"cannot reach the Dask scheduler at {address}: {exc}"
                    ) from None
        report.address = str(client.scheduler.address)
        report.workers = len(client.scheduler_info().get("workers", {}))
        t0 = time.perf_counter()
        futures = [
            client.submit(
                extract_shard, str(s), str(out.resolve()), retries=TASK_RETRIES, pure=False,
                key=f"geokg-extract-{shard_output(s, out).stem}-{time.time_ns()}",
            )
            for s in shards
        ]  # fmt: skip
        done: dict[str, ShardResult] = {}
        for future in as_completed(futures):
            try:
                result: ShardResult = future.result()
            except Exception as exc:  # the task failed every retry: report the shard, go on
                shard = shards[futures.index(future)]
                failed = (str(shard), None, f"extraction failed: {exc}")
                result = ShardResult(shard=str(shard), output=None, errors=[failed])
            done[result.shard] = result
            if progress:
                progress(result)
        report.seconds = time.perf_counter() - t0
    report.shards.extend(done[str(s)] for s in shards if str(s) in done)
    report.shards.sort(key=lambda r: r.shard)
    return report


def ingest_corpus(
    store: Any,
    paths: Iterable[str | Path],
    *,
    claims_dir: str | Path | None = None,
    cluster: str | None = None,
    workers: int = 2,
    batch_size: int | None = None,
    progress: Callable[[ShardResult], None] | None = None,
    load_progress: Callable[[int], None] | None = None,
    client: Any = None,
) -> IngestReport:
    """Extract a sharded corpus on the cluster, then bulk-load its claim shards into ``store``.

    The claim shards stay in ``claims_dir`` (a temporary folder without one).
    Bad lines and shards are reported with their file and line; the rest loads.
    """
    import tempfile

    from geokg.ingest.pipeline import IngestReport, ingest_paths

    with ExitStack() as stack:
        out = claims_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="geokg-claims-"))
        run = extract_corpus(paths, out, cluster=cluster, workers=workers, progress=progress,
                             client=client)  # fmt: skip
        report = IngestReport()
        if run.outputs:
            report = ingest_paths(store, run.outputs, format="parquet", bulk=True,
                                  batch_size=batch_size, progress=load_progress)  # fmt: skip
    report.files = len(run.shards)
    report.documents = run.documents
    report.sentences = run.sentences
    report.errors[:0] = run.errors
    report.notes.append(
        f"extracted on {run.workers} Dask worker(s) at {run.address}: {run.documents:,} "
        f"documents in {run.seconds:.1f} s ({run.documents / max(run.seconds, 1e-9):,.1f}/s)"
    )
    return report
