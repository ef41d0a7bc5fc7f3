"""Query rows → networkx graphs: the bridge from Cypher results to analytics and the view.

Two row shapes become graphs: *edge rows* (``source``, ``predicate``,
``target`` and the ``RELATES`` aggregates: what ``network``,
``alliance-network``, ``partners-of`` … return) and *claim rows*
(``subject``, ``predicate``, ``object``: ``timeline``, ``sources-of``,
``evidence``), which are folded into one edge per relation. Either way the
result is a ``MultiDiGraph`` keyed by predicate; ``pair_graph`` and friends
collapse it to the simple undirected graphs the algorithms want.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from geokg.errors import QueryError
from geokg.graph.stores.base import QueryResult
from geokg.graph.stores.projection import EVIDENCE_COUNTS
from geokg.graph.vocabulary import NEGATIVE_MODALITIES, predicate

COOPERATIVE_FAMILIES = frozenset({"cooperation", "material_support"})

NODE_FIELDS = ("name", "type")

EVIDENCE_FIELDS = (
    "claim_id", "date", "evidence", "modality", "confidence", "attributed_to",
    "source_url", "source_title", "publisher", "subject_name", "object_name", "item",
)  # fmt: skip


def graph_from_result(result: QueryResult | Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """A graph from a query's result (a ``QueryResult`` or its records)."""
    records = result.records() if isinstance(result, QueryResult) else list(result)
    return graph_from_rows(records)


def graph_from_rows(rows: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """Edge rows or claim rows → one edge per (source, predicate, target)."""
    graph = nx.MultiDiGraph()
    rows = list(rows)
    if not rows:
        return graph
    first = rows[0]
    if "source" in first and "target" in first and "predicate" in first:
        for row in rows:
            add_edge_row(graph, row)
    elif "subject" in first and "object" in first and "predicate" in first:
        for row in rows:
            add_claim_row(graph, row)
    else:
        raise QueryError(
            "cannot draw this result: it needs source/predicate/target or "
            f"subject/predicate/object columns (it has {', '.join(first)})"
        )
    return graph


def add_edge_row(graph: nx.MultiDiGraph, row: Mapping[str, Any]) -> None:
    """One ``RELATES``-shaped row; a repeated relation (e.g. on two path hops) is kept once."""
    source, target, pred = row["source"], row["target"], row["predicate"]
    _add_node(graph, source, row.get("source_name"), row.get("source_type"))
    _add_node(graph, target, row.get("target_name"), row.get("target_type"))
    if graph.has_edge(source, target, key=pred):
        return
    spec = predicate(pred)
    claims = int(row.get("claims") or 0)
    given = row.get("positive_claims")
    positive = int(given) if given is not None else claims
    confidence = float(row.get("max_confidence") or 0.0)
    # Strength counts distinct sentences that assert the relation, not claims.
    sentences = row.get("positive_sentences")
    evidence = int(sentences) if sentences is not None else positive
    counts = {k: int(row[k]) for k in EVIDENCE_COUNTS if row.get(k) is not None}
    graph.add_edge(
        source,
        target,
        key=pred,
        predicate=pred,
        family=row.get("family") or spec.family,
        weight=float(row["weight"]) if row.get("weight") is not None else spec.weight,
        symmetric=bool(row["symmetric"]) if row.get("symmetric") is not None else spec.symmetric,
        claims=claims,
        positive_claims=positive,
        max_confidence=confidence,
        strength=float(row["strength"])
        if row.get("strength") is not None
        else evidence * confidence,
        first_date=row.get("first_date"),
        last_date=row.get("last_date"),
        items=sorted(row.get("items") or []),
        modalities=sorted(row.get("modalities") or []),
        evidence=[],
        **counts,
    )


def add_claim_row(graph: nx.MultiDiGraph, row: Mapping[str, Any]) -> None:
    """One claim row, folded into its relation's edge (created on first sight)."""
    pred = row["predicate"]
    for end in ("subject", "object"):
        # the name is the actor's own: keep it only when the actor is its own principal
        own = row.get(f"{end}_actor") in (None, row[end])
        _add_node(graph, row[end], row.get(f"{end}_name") if own else None, None)
    source, target = relation_ends(row["subject"], pred, row["object"])
    if not graph.has_edge(source, target, key=pred):
        spec = predicate(pred)
        graph.add_edge(
            source, target, key=pred, predicate=pred, family=spec.family, weight=spec.weight,
            symmetric=spec.symmetric, claims=0, positive_claims=0, max_confidence=0.0,
            strength=0.0, first_date=None, last_date=None, items=[], modalities=[], evidence=[],
        )  # fmt: skip
    edge = graph.edges[source, target, pred]
    modality = row.get("modality") or "asserted"
    confidence = float(row.get("confidence") or 0.0)
    edge["claims"] += 1
    if modality not in NEGATIVE_MODALITIES:
        edge["positive_claims"] += 1
        asserting = graph.graph.setdefault("asserting_sentences", {})
        asserting.setdefault((source, target, pred), set()).add(sentence_of(row))
    edge["max_confidence"] = max(edge["max_confidence"], confidence)
    # As on the stores' edges: distinct sentences that assert it × best confidence.
    asserted = graph.graph.get("asserting_sentences", {}).get((source, target, pred), ())
    edge["strength"] = len(asserted) * edge["max_confidence"]
    date = row.get("date")
    if date:
        edge["first_date"] = min(filter(None, (edge["first_date"], date)))
        edge["last_date"] = max(filter(None, (edge["last_date"], date)))
    if row.get("item") and row["item"] not in edge["items"]:
        edge["items"] = sorted([*edge["items"], row["item"]])
    if modality not in edge["modalities"]:
        edge["modalities"] = sorted([*edge["modalities"], modality])
    edge["evidence"].append(evidence_of(row))


def attach_evidence(
    graph: nx.MultiDiGraph, claim_rows: Iterable[Mapping[str, Any]], *, per_edge: int = 5
) -> nx.MultiDiGraph:
    """Add the claims of ``claim_rows`` (the ``evidence`` query) to the edges they back.

    One sentence of one source is one piece of evidence, however many claims
    it holds ("radars and other equipment" is two SUPPLIES claims): its
    ``items`` lists them all, and the edge gets ``sentences`` and ``sources``,
    the distinct counts. Keeps at most ``per_edge`` sentences per edge, most
    confident first; claims of relations not in the graph are ignored.
    Returns the same graph.
    """
    seen: dict[tuple[str, str, str], set[str]] = {}
    for row in claim_rows:
        source, target = relation_ends(row["subject"], row["predicate"], row["object"])
        key = row["predicate"]
        if not graph.has_edge(source, target, key=key):
            continue
        claim_ids = seen.setdefault((source, target, key), set())
        if row.get("claim_id"):
            if row["claim_id"] in claim_ids:
                continue
            claim_ids.add(row["claim_id"])
        found = graph.edges[source, target, key]["evidence"]
        same = next((e for e in found if _same_sentence(e, row)), None)
        if same is None:
            entry = evidence_of(row)
            entry["items"] = [row["item"]] if row.get("item") else []
            entry["claim_ids"] = [row.get("claim_id")]
            found.append(entry)
            continue
        if row.get("item") and row["item"] not in same["items"]:
            same["items"].append(row["item"])
        same["claim_ids"].append(row.get("claim_id"))
        if (row.get("confidence") or 0.0) > (same.get("confidence") or 0.0):
            same["confidence"] = row.get("confidence")
    for _, _, data in graph.edges(data=True):
        if data.get("sentences") is None:  # an edge row from a store brings its own counts
            data["sentences"] = len({sentence_of(e) for e in data["evidence"]})
            data["sources"] = len({_source_key(e) for e in data["evidence"]})
        data["evidence"] = sorted(
            data["evidence"],
            key=lambda e: (-(e.get("confidence") or 0.0), e.get("date") or "", e.get("claim_id")),
        )[:per_edge]
    return graph


def sentence_of(row: Mapping[str, Any]) -> tuple[str, str]:
    """A claim row's evidence sentence: its source and normalised text (else the claim itself).

    The rule of ``projection.sentence_key``, on the columns a claim query returns.
    """
    text = " ".join(str(row.get("evidence") or "").split()).casefold()
    return (_source_key(row), text) if text else ("", f"claim:{row.get('claim_id')}")


def _source_key(row: Mapping[str, Any]) -> str:
    return str(row.get("source_url") or row.get("source_title") or row.get("publisher") or "")


def _same_sentence(entry: Mapping[str, Any], row: Mapping[str, Any]) -> bool:
    """The same sentence of the same source (a claim without a sentence is its own)."""
    text = " ".join(str(row.get("evidence") or "").split())
    return bool(text) and (
        " ".join(str(entry.get("evidence") or "").split()) == text
        and _source_key(entry) == _source_key(row)
        and entry.get("modality") == row.get("modality")
        and entry.get("attributed_to") == row.get("attributed_to")
    )


def evidence_of(row: Mapping[str, Any]) -> dict[str, Any]:
    return {name: row.get(name) for name in EVIDENCE_FIELDS}


def relation_ends(subject: str, pred: str, obj: str) -> tuple[str, str]:
    """The ``RELATES`` direction of a claim: a symmetric predicate's smaller id first."""
    if predicate(pred).symmetric and obj < subject:
        return obj, subject
    return subject, obj


def pair_graph(
    graph: nx.MultiDiGraph, *, families: Iterable[str] | None = None, positive_only: bool = False
) -> nx.Graph:
    """One undirected edge per actor pair, its relations folded together.

    Edge attributes: ``weight`` (summed strength, ≥ 0), ``signed`` (Σ predicate
    weight × strength: cooperation +, conflict −), ``relations`` (sorted
    predicate names) and ``families``. ``families`` keeps only relations of
    those families; ``positive_only`` drops relations no claim asserts.
    """
    wanted = set(families) if families is not None else None
    out = nx.Graph()
    for node in sorted(graph.nodes):
        out.add_node(node, **graph.nodes[node])
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["predicate"])):
        if u == v or (wanted is not None and data["family"] not in wanted):
            continue
        if positive_only and data["positive_claims"] <= 0:
            continue
        if not out.has_edge(u, v):
            out.add_edge(u, v, weight=0.0, signed=0.0, relations=[], families=[])
        edge = out.edges[u, v]
        edge["weight"] += data["strength"]
        edge["signed"] += data["weight"] * data["strength"]
        if data["predicate"] not in edge["relations"]:
            edge["relations"] = sorted([*edge["relations"], data["predicate"]])
        if data["family"] not in edge["families"]:
            edge["families"] = sorted([*edge["families"], data["family"]])
    return out


def cooperation_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Who works with whom: cooperation and material support that some claim asserts."""
    coop = pair_graph(graph, families=COOPERATIVE_FAMILIES, positive_only=True)
    coop.remove_edges_from([(u, v) for u, v, w in coop.edges(data="weight") if w <= 0])
    return coop


def signed_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Friend (+1) or foe (−1) per pair, by the sign of its summed signed weight; ties dropped."""
    pairs = pair_graph(graph, positive_only=True)
    out = nx.Graph()
    out.add_nodes_from(pairs.nodes(data=True))
    for u, v, data in pairs.edges(data=True):
        if data["signed"] > 1e-9:
            out.add_edge(u, v, sign=1, signed=data["signed"], relations=data["relations"])
        elif data["signed"] < -1e-9:
            out.add_edge(u, v, sign=-1, signed=data["signed"], relations=data["relations"])
    return out


def _add_node(graph: nx.MultiDiGraph, node: str, name: str | None, kind: str | None) -> None:
    if node in graph:
        data = graph.nodes[node]
        if name and data.get("name") in (None, node):
            data["name"] = name
        if kind and not data.get("type"):
            data["type"] = kind
        return
    graph.add_node(node, name=name or node, type=kind or _guess_type(node))


def _guess_type(node: str) -> str:
    """Claim rows carry principal ids only: three capitals are a state's ISO code."""
    return "State" if len(node) == 3 and node.isalpha() and node.isupper() else "Other"
