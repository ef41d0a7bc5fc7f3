"""Network analytics on the relation graph: centrality, blocs, structural balance, paths.

Pure functions in the networkx manner: a graph in (built by
``geokg.queries.network``), plain data out (lists and dicts, sorted, ready
for a table or JSON). The CLI and notebooks print; nothing here does I/O.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import networkx as nx

from geokg.queries.network import cooperation_graph, pair_graph, signed_graph

BALANCE_PATTERNS = {
    (1, 1, 1): ("friends all round", True),
    (-1, -1, 1): ("the enemy of my enemy is my friend", True),
    (-1, 1, 1): ("a friend of a friend is an enemy", False),
    (-1, -1, -1): ("the enemy of my enemy is my enemy", False),
}
"""Heider's triads, by their sorted signs: name and whether the triad is balanced."""


def centrality(graph: nx.Graph) -> list[dict[str, Any]]:
    """Per actor: degree, degree/betweenness/eigenvector centrality; most central first.

    ``graph`` is undirected and simple (``pair_graph``); eigenvector
    centrality weighs edges by their ``weight`` (summed strength).
    """
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    eigenvector = _eigenvector(graph)
    rows = [
        {
            "id": node,
            "name": graph.nodes[node].get("name", node),
            "degree": graph.degree(node),
            "degree_centrality": round(degree[node], 6),
            "betweenness": round(betweenness[node], 6),
            "eigenvector": round(eigenvector[node], 6),
        }
        for node in graph.nodes
    ]
    return sorted(rows, key=lambda r: (-r["degree"], -r["betweenness"], r["id"]))


def _eigenvector(graph: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component (a disconnected graph has no single one)."""
    out: dict[str, float] = {}
    for component in nx.connected_components(graph):
        sub = graph.subgraph(component)
        if sub.number_of_edges() == 0:
            out.update(dict.fromkeys(component, 0.0))
            continue
        try:
            values = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-8, weight="weight")
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-8, weight=None)
        share = len(component) / graph.number_of_nodes()
        out.update({node: value * share for node, value in values.items()})
    return out


def blocs(graph: nx.Graph, *, seed: int = 7, resolution: float = 1.0) -> list[list[str]]:
    """Communities of the cooperation graph (Louvain), largest first; actors alone are left out.

    ``graph`` is what ``cooperation_graph`` returns (edges weighted by
    strength). Same graph and seed, same blocs.
    """
    if graph.number_of_edges() == 0:
        return []
    communities = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    found = [sorted(c) for c in communities if len(c) > 1]
    return sorted(found, key=lambda c: (-len(c), c[0]))


def bloc_index(found: list[list[str]]) -> dict[str, int]:
    """Actor id → its bloc's number (1 = the largest)."""
    return {node: number for number, members in enumerate(found, 1) for node in members}


def balance(signed: nx.Graph) -> dict[str, Any]:
    """Structural balance of a signed graph (edge attribute ``sign`` = +1 or −1).

    Counts the triads whose three pairs all have a sign; a triad is balanced
    when the product of its signs is positive. The unbalanced ones are listed
    by name ("the enemy of my enemy is my enemy", "a friend of a friend is an
    enemy") with who stands where.
    """
    triads: list[dict[str, Any]] = []
    for a, b, c in _triangles(signed):
        signs = {
            (a, b): signed.edges[a, b]["sign"],
            (b, c): signed.edges[b, c]["sign"],
            (a, c): signed.edges[a, c]["sign"],
        }
        pattern, balanced = BALANCE_PATTERNS[tuple(sorted(signs.values()))]  # type: ignore[index]
        triads.append(
            {
                "actors": [a, b, c],
                "signs": {f"{x}-{y}": "+" if s > 0 else "-" for (x, y), s in signs.items()},
                "balanced": balanced,
                "pattern": pattern,
                "explanation": _explain(signs),
            }
        )
    total = len(triads)
    balanced_count = sum(t["balanced"] for t in triads)
    return {
        "triads": total,
        "balanced": balanced_count,
        "unbalanced": total - balanced_count,
        "balanced_share": round(balanced_count / total, 6) if total else None,
        "unbalanced_triads": [t for t in triads if not t["balanced"]],
        "balanced_triads": [t for t in triads if t["balanced"]],
    }


def _triangles(graph: nx.Graph) -> list[tuple[str, str, str]]:
    """Every triangle once, as sorted ids, in sorted order."""
    found = set()
    for u in graph.nodes:
        for v, w in combinations(sorted(graph.neighbors(u)), 2):
            if graph.has_edge(v, w):
                found.add(tuple(sorted((u, v, w))))
    return sorted(found)  # type: ignore[arg-type]


def _explain(signs: dict[tuple[str, str], int]) -> str:
    friends = [pair for pair, s in signs.items() if s > 0]
    foes = [pair for pair, s in signs.items() if s < 0]
    if len(foes) == 3:
        (a, b), (_, c) = foes[0], foes[1]
        return f"{a}, {b} and {c} are all at odds: each one's enemy's enemy is its enemy"
    if len(foes) == 1 and len(friends) == 2:
        x, y = foes[0]
        middle = ({*friends[0]} & {*friends[1]}).pop()
        return f"{x} and {y} are both friends of {middle}, yet enemies of each other"
    if len(foes) == 2:
        x, y = friends[0]
        enemy = ({*foes[0]} & {*foes[1]}).pop()
        return f"{x} and {y} are friends with a common enemy, {enemy}"
    a, b = friends[0]
    c = ({*friends[1]} | {*friends[2]}).difference({a, b}).pop()
    return f"{a}, {b} and {c} are all friends"


def shortest_paths(
    graph: nx.Graph, source: str, target: str, *, limit: int = 10
) -> list[list[str]]:
    """The shortest chains of actors from ``source`` to ``target`` (at most ``limit``), sorted."""
    for node in (source, target):
        if node not in graph:
            return []
    try:
        paths = nx.all_shortest_paths(graph, source, target)
        found = []
        for path in paths:
            found.append(list(path))
            if len(found) >= 10 * limit:
                break
    except nx.NetworkXNoPath:
        return []
    return sorted(found)[:limit]


def analyze(
    graph: nx.MultiDiGraph,
    *,
    seed: int = 7,
    paths: list[tuple[str, str]] | None = None,
    top: int | None = None,
) -> dict[str, Any]:
    """Everything ``geokg analyze`` reports for a relation graph, as plain data.

    ``centrality`` on all relations asserted by some claim; ``blocs`` on the
    cooperation graph; ``balance`` on the signed graph; ``paths`` between the
    given pairs; ``top`` keeps only the most central actors in the listing.
    """
    pairs = pair_graph(graph, positive_only=True)
    found = blocs(cooperation_graph(graph), seed=seed)
    index = bloc_index(found)
    rows = centrality(pairs)
    for row in rows:
        row["bloc"] = index.get(row["id"])
    return {
        "nodes": pairs.number_of_nodes(),
        "edges": pairs.number_of_edges(),
        "relations": graph.number_of_edges(),
        "centrality": rows[:top] if top else rows,
        "blocs": [{"bloc": n, "size": len(m), "members": m} for n, m in enumerate(found, 1)],
        "balance": balance(signed_graph(graph)),
        "paths": [
            {"source": a, "target": b, "paths": shortest_paths(pairs, a, b)} for a, b in paths or []
        ],
    }
