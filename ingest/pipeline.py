"""Ingest: any input file in, claims into a store.

Reads each input with the reader its format calls for (claim files, news
articles through extraction, RDF, GDELT events), collects every bad row as
an ``InputError`` with file and line, and writes the good claims in batches.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geokg.errors import InputError
from geokg.graph.claims import Actor, Claim
from geokg.graph.stores import write_claims_in_bulk
from geokg.graph.stores.base import DEFAULT_BATCH_SIZE, GraphStore
from geokg.graph.stores.bulk import ClaimTables
from geokg.ingest.claimfiles import read_claims_csv, read_claims_jsonl

TEXT_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
RDF_SUFFIXES = frozenset({".ttl", ".trig", ".nq", ".nt", ".jsonld", ".rdf", ".owl"})
FORMATS = ("auto", "claims", "csv", "parquet", "documents", "rdf", "gdelt")


@dataclass
class IngestReport:
    """What an ingest did, for the summary and the exit code."""

    files: int = 0
    documents: int = 0
    sentences: int = 0
    claims_seen: int = 0
    claims_new: int = 0
    predicates: Counter[str] = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)
    written: bool = False
    notes: list[str] = field(default_factory=list)
    """Extra summary lines (e.g. GDELT's skipped and generic event counts)."""
    watch: Callable[[IngestReport], None] | None = field(default=None, repr=False, compare=False)
    """Called as documents and claims are read (a progress bar)."""
    actors_resolved: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Claim-file actor ids the gazetteer knew by another id: (given, canonical) -> claims."""
    actors_new: Counter[str] = field(default_factory=Counter)
    """Claim-file actor ids the gazetteer does not know -> claims."""

    def tick(self) -> None:
        if self.watch is not None:
            self.watch(self)

    def actor_notes(self) -> list[str]:
        """Summary lines for what claim files said about actors."""
        lines = [
            f"actor {given!r} is {canonical} ({n} claim(s))"
            for (given, canonical), n in sorted(self.actors_resolved.items())
        ]
        if self.actors_new:
            listed = ", ".join(sorted(self.actors_new)[:20])
            more = f" and {len(self.actors_new) - 20} more" if len(self.actors_new) > 20 else ""
            lines.append(
                f"{len(self.actors_new)} new actor(s), not in the gazetteer: {listed}{more}"
            )
        return lines


INPUT_SUFFIXES = TEXT_SUFFIXES | RDF_SUFFIXES | {".csv", ".jsonl", ".json", ".ndjson", ".zip"}
OFFICE_SUFFIXES = frozenset(
    {".docx", ".doc", ".xlsx", ".xls", ".pptx", ".ppt", ".odt", ".ods", ".odp", ".pdf", ".rtf"}
)
SKIPPED_KINDS = {
    "store": "files of a geokg store",
    "page": "pages geokg wrote",
    "office": "office documents and PDFs (not supported inputs: save them as text or HTML)",
    "other": "files of other types (not supported inputs)",
}
"""What a folder can hold that is not an input, by the summary line that counts it."""


def skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not an input (a key of SKIPPED_KINDS), or None."""
    name, suffix = path.name.lower(), path.suffix.lower()
    if suffix == ".db" or ".db." in name or suffix in (".wal", ".lock"):
        return "store"
    if suffix in OFFICE_SUFFIXES:
        return "office"
    if suffix in (".html", ".htm") and _written_by_geokg(path):
        return "page"
    if suffix and suffix not in INPUT_SUFFIXES:
        return "other"
    return None


def _written_by_geokg(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return b'<meta name="generator" content="geokg">' in head


def check_supported(path: Path) -> None:
    """Refuse a file named on the command line that geokg cannot read, saying so by its type."""
    suffix = path.suffix.lower()
    if suffix in OFFICE_SUFFIXES or (suffix and suffix not in INPUT_SUFFIXES
                                     and skip_reason(path) in ("other", "office")):  # fmt: skip
        raise InputError(
            f"`{suffix}` is not a supported input (geokg reads .txt, .md, .html, .jsonl, .csv, "
            "RDF and GDELT exports)",
            path=str(path),
        )


def expand_paths(paths: Iterable[str | Path], *, skipped: Counter[str] | None = None) -> list[Path]:
    """Files named, and the input files inside folders named, sorted; '-' stays stdin.

    A folder's other files (a store's own, pages geokg wrote, office documents)
    are left out and counted in ``skipped`` by kind.
    """
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if str(p) == "-":
            out.append(path)
        elif path.is_dir():
            for f in sorted(path.rglob("*")):
                if not f.is_file() or f.name.startswith(".") or "__pycache__" in f.parts:
                    continue
                reason = skip_reason(f)
                if reason is None:
                    out.append(f)
                elif skipped is not None:
                    skipped[reason] += 1
        else:
            out.append(path)
    return out


def detect_format(path: Path) -> str:
    """The reader a file needs, from its name and, for JSONL, its first record."""
    name = path.name.lower()
    suffix = path.suffix.lower()
    if str(path) == "-" or suffix in TEXT_SUFFIXES:
        return "documents"
    if ".export.csv" in name:
        return "gdelt"
    if suffix in RDF_SUFFIXES:
        return "rdf"
    if suffix == ".csv":
        return "csv"
    if suffix == ".parquet":
        return "parquet"
    if suffix in (".jsonl", ".json", ".ndjson"):
        return "documents" if _first_record_is_document(path) else "claims"
    if suffix == ".zip":
        return "gdelt"
    return "documents"


def _first_record_is_document(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            for raw in handle:
                line = raw.strip()
                if not line:
                    continue
                record = json.loads(line.decode("utf-8-sig"))
                return isinstance(record, dict) and "text" in record and "predicate" not in record
    except (OSError, ValueError):
        return False
    return False


def read_inputs(
    paths: Iterable[str | Path],
    *,
    report: IngestReport,
    format: str = "auto",
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    workers: int = 1,
) -> Iterator[Claim]:
    """Every claim the inputs hold, in file order; bad rows go to ``report.errors``."""
    errors = report.errors
    for path in expand_paths(paths):
        report.files += 1
        kind = detect_format(path) if format == "auto" else format
        if str(path) != "-" and not path.exists():
            errors.append(InputError("no such file", path=str(path)))
            continue
        if format == "auto" and str(path) != "-":
            try:
                check_supported(path)
            except InputError as exc:
                errors.append(exc)
                continue
        try:
            yield from _read_one(path, kind, report, published=published, url=url, title=title,
                                 workers=workers)  # fmt: skip
        except InputError as exc:
            # A reader that gives up on a whole file (an RDF syntax error): that
            # file is one bad input, the other files still load.
            if exc.path is None:
                raise
            errors.append(exc)


def _read_one(
    path: Path,
    kind: str,
    report: IngestReport,
    *,
    published: str | None,
    url: str | None,
    title: str | None,
    workers: int,
) -> Iterator[Claim]:
    """The claims of one file, read by the reader ``kind`` names."""
    errors = report.errors
    if kind == "claims":
        yield from canonical_actors(read_claims_jsonl(path, errors=errors), report)
    elif kind == "csv":
        yield from canonical_actors(read_claims_csv(path, errors=errors), report)
    elif kind == "parquet":
        from geokg.ingest.cluster import read_claim_shard

        yield from read_claim_shard(path, errors=errors)
    elif kind == "rdf":
        from geokg.graph.rdf import read_claims as read_rdf_claims

        yield from read_rdf_claims(path, errors=errors)
    elif kind == "gdelt":
        from geokg.ingest.gdelt import read_gdelt

        yield from read_gdelt(path, errors=errors)
    elif kind == "documents":
        yield from _extract(path, report, published=published, url=url, title=title,
                            workers=workers)  # fmt: skip
    else:
        raise InputError(f"unknown format {kind!r} (known: {', '.join(FORMATS)})")


def canonical_actors(claims: Iterable[Claim], report: IngestReport) -> Iterator[Claim]:
    """Claims with their actors under the gazetteer's ids ('Russia', 'rus' -> RUS).

    A claim file may name an actor any way; without this ``{"id": "Russia"}``
    would be a second Russia beside ``RUS``. Ids the gazetteer does not know
    are kept, and counted as new actors.
    """
    from dataclasses import replace

    from geokg.ingest.extraction.gazetteer import actor_id_for, load_gazetteer

    gazetteer = load_gazetteer()
    seen: dict[str, Actor | None] = {}

    def canonical(actor: Actor) -> Actor | None:
        if actor.id not in seen:
            found = None
            if actor.id not in gazetteer.actors:
                found_id = actor_id_for(actor.id)
                if found_id is not None and found_id != actor.id:
                    found = gazetteer.actors[found_id]
            seen[actor.id] = found
        found = seen[actor.id]
        if found is None:
            return None
        return replace(found, wikidata=found.wikidata or actor.wikidata)

    def country(actor: Actor) -> Actor:
        if actor.country and actor.country not in gazetteer.actors:
            found_id = actor_id_for(actor.country)
            if found_id is not None:
                return replace(actor, country=found_id)
        return actor

    for claim in claims:
        changed = {}
        for role in ("subject", "object"):
            actor: Actor = getattr(claim, role)
            better = canonical(actor)
            if better is not None:
                report.actors_resolved[(actor.id, better.id)] += 1
                changed[role] = better
            else:
                if actor.id not in gazetteer.actors:
                    report.actors_new[actor.id] += 1
                fixed = country(actor)
                if fixed is not actor:
                    changed[role] = fixed
        # The id is a hash of the actors' ids: recomputed for the canonical ones.
        yield replace(claim, **changed, id="") if changed else claim


def _extract(
    path: Path,
    report: IngestReport,
    *,
    published: str | None,
    url: str | None,
    title: str | None,
    workers: int,
) -> Iterator[Claim]:
    from geokg.ingest.documents import read_documents
    from geokg.ingest.extraction import extract_claims

    docs = read_documents([str(path)], published=published, url=url, title=title,
                          errors=report.errors)  # fmt: skip
    for _doc, claims, sentences in extract_claims(docs, workers=workers):
        report.documents += 1
        report.sentences += sentences
        report.tick()
        yield from claims


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    strict: bool = False,
    batch_size: int | None = None,
    progress: Callable[[int], None] | None = None,
    published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    workers: int = 1,
    bulk: bool = False,
    watch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Read the inputs and write their claims to ``store``.

    GDELT exports always take the stores' bulk path. With ``bulk`` the other
    inputs take it too (``write_claims_in_bulk``: chunks of 50k claims, for
    claim files of millions); without, ``write_claims`` keeps the ``RELATES``
    projection folded in every batch's own transaction, so even a killed
    ingest leaves it matching the claims.

    ``progress`` is called with each batch of claims written, ``watch`` with
    the report as each document and claim is read.

    Without ``strict`` the good rows are written as they come and the bad
    ones reported; with ``strict`` everything is read first and nothing is
    written if any row is bad.
    """
    report = IngestReport(watch=watch)
    skipped: Counter[str] = Counter()
    expanded = expand_paths(paths, skipped=skipped)
    for kind, text in SKIPPED_KINDS.items():
        if skipped[kind]:
            report.notes.append(f"skipped {skipped[kind]} file(s): {text}")
    events = [p for p in expanded if (format if format != "auto" else detect_format(p)) == "gdelt"]
    if events:
        # Coded events take the bulk path (COPY into the embedded store).
        _load_events(store, events, report, strict=strict, progress=progress)
        expanded = [p for p in expanded if p not in events]
        if not expanded or (strict and report.errors):
            return report
    claims = read_inputs(expanded, report=report, format=format, published=published, url=url,
                         title=title, workers=workers)  # fmt: skip

    def counted(stream: Iterable[Claim]) -> Iterator[Claim]:
        for claim in stream:
            report.claims_seen += 1
            report.tick()
            yield claim

    if strict:
        held = list(counted(claims))
        if report.errors:
            return report
        stream: Iterable[Claim] = held
    else:
        stream = counted(claims)
    if bulk:
        result = write_claims_in_bulk(store, stream, batch_size=batch_size, progress=progress)
    else:
        size = batch_size or DEFAULT_BATCH_SIZE
        result = store.write_claims(stream, batch_size=size, progress=progress)
    report.written = True
    report.claims_new += result.claims_new
    report.predicates.update(result.predicates)
    report.notes.extend(report.actor_notes())
    return report


def table_chunks(
    paths: Iterable[str | Path], report: IngestReport, *, format: str = "auto",
    reader: str = "auto",
) -> Iterator[ClaimTables]:  # fmt: skip
    """The claims of the inputs as ``ClaimTables`` chunks (for ``neo4j_import``), GDELT exports
    read as column tables, other claim files through the claim model; bad rows to ``report``.

    ``reader``: where a GDELT export is read and mapped (``gdelt.read_parts``)."""
    from geokg.graph.stores.bulk import claim_table_chunks
    from geokg.ingest.gdelt import read_parts

    for path in expand_paths(paths):
        kind = detect_format(path) if format == "auto" else format
        if kind == "gdelt":
            report.files += 1
            # Read and mapped ahead, in a second process for a big export: the importer's
            # files are written meanwhile (bench/RESULTS.md, issue 15 part 2).
            for part, chunk, found, _ in read_parts([path], reader=reader):
                report.errors.extend(found)
                if part == "chunk":
                    report.claims_seen += len(chunk)
                    yield chunk
        else:
            claims = read_inputs([path], report=report, format=kind)
            for chunk in claim_table_chunks(claims):
                report.claims_seen += len(chunk)
                yield chunk


def _load_events(
    store: GraphStore,
    paths: list[Path],
    report: IngestReport,
    *,
    strict: bool,
    progress: Callable[[int], None] | None,
) -> None:
    from geokg.ingest.gdelt import load_gdelt

    report.files += len(paths)
    try:
        loaded = load_gdelt(store, paths, strict=strict, progress=progress, errors=report.errors)
    except InputError:
        if strict and report.errors:
            return  # --strict: bad rows found before anything was written
        raise
    report.written = True
    report.claims_seen += loaded.claims
    report.claims_new += loaded.written.claims_new
    report.predicates.update(loaded.written.predicates)
    report.notes.extend(loaded.summary().splitlines())
