"""The library of named Cypher queries: ``queries/cypher/*.cypher``, loaded and run.

Each query is a file whose ``//`` header says what it answers, its parameters
and an example; the text below the header runs on both stores unless a
variant under ``cypher/neo4j/`` or ``cypher/embedded/`` replaces it for one.
Every value reaches Cypher as a parameter, never as query text.

A query may carry a second text after a ``// ranked:`` line: the same rows,
read in the order the loaders keep on the ``RELATES`` edges
(``graph/stores/ranking.py``). It takes ``$below`` and keeps only the edges
ranked below it; ``run_named`` widens that window until ``$limit`` rows pass
(or every edge is in it), and runs the first text, a scan of every edge, when
the ranks are stale or the filters keep too few edges for a window to pay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from geokg.errors import InputError, QueryError
from geokg.graph.claims import TimeSpan
from geokg.graph.stores import ranking
from geokg.graph.stores.base import GraphStore, QueryResult
from geokg.graph.vocabulary import check_modality, predicate, predicates

STORE_KINDS = ("neo4j", "embedded")

FILTERS = ("since", "until", "min_confidence", "modality")
"""Filters that cut across queries; a query names the ones it honours."""

FILTER_DEFAULTS: dict[str, Any] = {
    "since": "",
    "until": "9999-12-31",
    "min_confidence": 0.0,
    "modality": "",
}
"""Never null: Ladybug types a null parameter as BOOL, so "no filter" is a value that passes all."""

CONTEXT = ("symmetric_predicates",)
"""Parameters the library fills from the vocabulary; users cannot set them."""

TYPES = ("str", "int", "float", "list")

_HEADER_KEYS = ("name", "answers", "param", "filters", "context", "table", "example")
_KEY_LINE = re.compile(r"^//\s?([a-z]+):\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>str|int|float|list)"
    r"(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?"
    r"(?:\s*\[(?P<low>-?\d+)\.\.(?P<high>-?\d+)\])?"
    r"\s*(?:--\s*(?P<help>.*))?$"
)
_PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_RANKED = re.compile(r"^// ranked(?: \((?P<kind>[a-z0-9]+)\))?:", re.MULTILINE)
_ACTOR_HELP = re.compile(r"\b(?:actor|subject|object)'s id\b|\bactor ids\b")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a named query, as its header declares it."""

    name: str
    type: str
    default: Any = None
    required: bool = True
    low: int | None = None
    high: int | None = None
    help: str = ""

    @property
    def names_actors(self) -> bool:
        """True when the value is an actor id (or a list of them), as the header's help says."""
        return bool(_ACTOR_HELP.search(self.help))

    def coerce(self, value: Any, query: str) -> Any:
        """The value as this parameter's type; strings from the command line are parsed."""
        try:
            if self.type == "list":
                if isinstance(value, str):
                    out: Any = [v.strip() for v in value.split(",") if v.strip()]
                else:
                    out = [str(v) for v in value]
            elif self.type == "int":
                if isinstance(value, bool):
                    raise ValueError(value)
                out = int(value)
            elif self.type == "float":
                out = float(value)
            else:
                out = str(value)
        except (TypeError, ValueError):
            raise QueryError(
                f"{query}: parameter {self.name!r} wants {self.type}, not {value!r}"
            ) from None
        if self.low is not None and self.high is not None and not self.low <= out <= self.high:
            raise QueryError(
                f"{query}: parameter {self.name!r} must be between {self.low} and {self.high}"
            )
        return out


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A named, parameterised query and its text for each store."""

    name: str
    answers: str
    params: tuple[Param, ...]
    filters: tuple[str, ...]
    context: tuple[str, ...]
    example: str
    texts: Mapping[str, str]
    """Cypher by store kind ('neo4j', 'embedded')."""
    table: tuple[str, ...] = ()
    """The columns a terminal table shows (JSON and CSV have them all); empty: all."""
    ranked: Mapping[str, str] = field(default_factory=dict)
    """By store kind: the text that reads the edges in rank order (``$below``), if any."""

    @property
    def variants(self) -> bool:
        """True when the two stores run different texts."""
        return self.texts["neo4j"] != self.texts["embedded"]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.required)

    def text_for(self, kind: str) -> str:
        if kind not in self.texts:
            raise QueryError(f"no text of query {self.name!r} for a {kind!r} store")
        return self.texts[kind]

    def bind(self, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Check, coerce and complete the parameters: defaults, filters and context filled."""
        given = {k.replace("-", "_"): v for k, v in (params or {}).items()}
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared) - set(self.filters))
        if unknown:
            allowed = ", ".join([*declared, *self.filters]) or "none"
            raise QueryError(
                f"{self.name}: unknown parameter(s) {', '.join(unknown)} (allowed: {allowed})"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            value = given.get(p.name)
            if value is None or (isinstance(value, str) and value == "" and p.required):
                if p.required:
                    raise QueryError(f"{self.name}: missing parameter {p.name!r} ({p.help})")
                bound[p.name] = p.default
            else:
                bound[p.name] = p.coerce(value, self.name)
        if "predicate" in bound:
            predicate(bound["predicate"])  # a clear VocabularyError for a typo
        for name in self.filters:
            bound[name] = bind_filter(name, given.get(name))
        for name in self.context:
            bound[name] = context_value(name)
        return bound


def bind_filter(name: str, value: Any) -> Any:
    """A filter's value for Cypher: dates widened to their span, defaults for None."""
    if value is None or value == "":
        return FILTER_DEFAULTS[name]
    if name == "since":
        return TimeSpan.parse(str(value)).start
    if name == "until":
        return TimeSpan.parse(str(value)).end
    if name == "min_confidence":
        try:
            confidence = float(value)
        except (TypeError, ValueError):
            raise InputError(f"--min-confidence wants a number, not {value!r}") from None
        if not 0.0 <= confidence <= 1.0:
            raise InputError(f"--min-confidence {confidence} is not between 0 and 1")
        return confidence
    return check_modality(str(value))


def context_value(name: str) -> Any:
    if name == "symmetric_predicates":
        return sorted(p.name for p in predicates().values() if p.symmetric)
    raise QueryError(f"unknown context parameter {name!r}")


FIRST_WINDOW = {"embedded": 2.0, "neo4j": 0.0}
"""The first window, in ``$limit``s; 0: every edge. Neo4j reads its rank indexes in order and
stops at the limit, so a wide window costs it nothing; LadybugDB filters the whole window."""
WIDEST_WINDOW = 0.5
"""A window wider than this share of the edges would cost about a scan: scan instead."""


def run_named(store: GraphStore, name: str, params: Mapping[str, Any] | None = None) -> QueryResult:
    """Run the named query on ``store`` with ``params`` (strings are coerced); read-only."""
    query = get_query(name)
    bound = query.bind(params)
    ranked = query.ranked.get(store.kind)
    if ranked:
        before = ranking.state(store)
        if before is not None and before[0] == before[1]:
            found = run_in_rank_order(store, ranked, bound, before[2])
            # A writer that committed meanwhile (Neo4j) may have cleared ranks this read saw.
            if found is not None and ranking.state(store) == before:
                return found
    return store.query(query.text_for(store.kind), bound, write=False)


def run_in_rank_order(
    store: GraphStore, text: str, bound: Mapping[str, Any], edges: int
) -> QueryResult | None:
    """The rows of a ranked text, widening its window; None when a scan would cost less.

    Exact: with ``$limit`` rows from the edges ranked below the window, no edge
    outside it can come before them; with fewer, the window must hold every edge.
    """
    limit = int(bound["limit"])
    first = FIRST_WINDOW.get(store.kind, 0.0)
    below = min(edges, max(int(first * limit), 1)) if first else edges
    while True:
        result = store.query(text, {**bound, "below": below}, write=False)
        if len(result) >= limit or below >= edges:
            return result
        # Widen to where the share of edges passing so far would give the limit, and a bit.
        wanted = below * 2 if not len(result) else below * limit * 5 // (4 * len(result))
        below = min(edges, max(below * 2, wanted))
        if below > WIDEST_WINDOW * edges:
            return None


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return [library()[name] for name in sorted(library())]


def get_query(name: str) -> NamedQuery:
    found = library().get(name)
    if found is None:
        raise QueryError(f"no query named {name!r} (known: {', '.join(sorted(library()))})")
    return found


@cache
def library() -> dict[str, NamedQuery]:
    """Load every ``.cypher`` file of the package, variants folded in; cached."""
    root = resources.files("geokg.queries").joinpath("cypher")
    common = _read_dir(root)
    per_kind = {kind: _read_dir(root.joinpath(kind)) for kind in STORE_KINDS}
    out = {}
    for name in sorted(set(common).union(*per_kind.values())):
        texts: dict[str, str] = {}
        header: dict[str, Any] | None = None
        ranked: dict[str, str] = {}
        for kind in STORE_KINDS:
            source = per_kind[kind].get(name) or common.get(name)
            if source is None:
                raise QueryError(f"query {name!r} has no text for a {kind} store")
            file_header, body = source
            texts[kind], ranked_text, only = split_ranked(body)
            if ranked_text and only in ("", kind):
                ranked[kind] = ranked_text
            if header is not None and file_header != header:
                raise QueryError(f"query {name!r}: the headers of its store variants differ")
            header = file_header
        assert header is not None
        out[name] = NamedQuery(texts=texts, ranked=ranked, **header)
    return out


def split_ranked(body: str) -> tuple[str, str, str]:
    """A body's scan text, its ranked text and the one store kind that runs it ('': both).

    The ranked text follows a ``// ranked:`` line (``// ranked (neo4j):`` for one
    store only); the comment lines that open it are dropped.
    """
    found = _RANKED.search(body)
    if not found:
        return body, "", ""
    lines = body[found.start() :].splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return body[: found.start()].strip(), "\n".join(lines).strip(), found["kind"] or ""


def _read_dir(folder: Traversable) -> dict[str, tuple[dict[str, Any], str]]:
    if not folder.is_dir():
        return {}
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_file() and entry.name.endswith(".cypher"):
            stem = entry.name.removesuffix(".cypher")
            header, body = parse_query(entry.read_text("utf-8"), origin=entry.name)
            if header["name"] != stem:
                raise QueryError(f"{entry.name}: header names {header['name']!r}, not {stem!r}")
            out[stem] = (header, body)
    return out


def parse_query(text: str, *, origin: str = "<text>") -> tuple[dict[str, Any], str]:
    """Split a ``.cypher`` file into its header (as NamedQuery fields) and its Cypher body."""
    lines = text.splitlines()
    entries: list[list[str]] = []
    index = 0
    while index < len(lines) and lines[index].startswith("//"):
        line = lines[index].rstrip()
        index += 1
        continuation = _CONTINUATION.match(line)
        if continuation and entries:
            entries[-1][1] += " " + continuation.group(1)
            continue
        found = _KEY_LINE.match(line)
        if found and found.group(1) in _HEADER_KEYS:
            entries.append([found.group(1), found.group(2).strip()])
        else:
            entries.append(["note", line])  # free comment: kept out of the header
    body = "\n".join(lines[index:]).strip()
    header: dict[str, Any] = {
        "name": "",
        "answers": "",
        "params": [],
        "filters": (),
        "context": (),
        "table": (),
        "example": "",
    }
    for key, value in entries:
        if key == "param":
            header["params"].append(parse_param(value, origin))
        elif key in ("filters", "context", "table"):
            header[key] = tuple(value.replace(",", " ").split())
        elif key != "note":
            header[key] = value
    header["params"] = tuple(header["params"])
    if not header["name"] or not header["answers"] or not body:
        raise QueryError(f"{origin}: a named query needs 'name:' and 'answers:' lines and a body")
    bad = [f for f in header["filters"] if f not in FILTERS]
    bad += [c for c in header["context"] if c not in CONTEXT]
    if bad:
        raise QueryError(f"{origin}: unknown filter or context {', '.join(bad)}")
    return header, body


def parse_param(spec: str, origin: str) -> Param:
    """``NAME TYPE [= DEFAULT] [[LOW..HIGH]] [-- help]`` → Param."""
    match = _PARAM.match(spec.strip())
    if not match:
        raise QueryError(f"{origin}: bad param line {spec!r}")
    kind = match["type"]
    raw = match["default"]
    required = raw is None
    default: Any = None
    if raw is not None:
        raw = raw[1:-1] if raw.startswith('"') else raw
        default = Param(match["name"], kind).coerce(raw, origin)
    return Param(
        name=match["name"],
        type=kind,
        default=default,
        required=required,
        low=int(match["low"]) if match["low"] is not None else None,
        high=int(match["high"]) if match["high"] is not None else None,
        help=(match["help"] or "").strip(),
    )


def referenced_params(text: str) -> set[str]:
    """The ``$names`` a Cypher text uses (for the library's own consistency test)."""
    return set(_PARAM_REF.findall(text))
