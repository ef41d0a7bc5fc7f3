"""Rows → networkx graphs, and the analytics on them (pure), and written back (both stores)."""

from __future__ import annotations

import networkx as nx
import pytest

from geokg.graph.stores import GraphStore
from geokg.queries.analytics import analyze, balance, blocs, centrality, shortest_paths
from geokg.queries.annotations import annotate_actors
from geokg.queries.library import run_named
from geokg.queries.network import (
    attach_evidence,
    cooperation_graph,
    graph_from_result,
    graph_from_rows,
    pair_graph,
    signed_graph,
)
from tests.queries.seed import seed


def edge(source: str, predicate: str, target: str, strength: float = 1.0, **extra: object) -> dict:
    return {"source": source, "predicate": predicate, "target": target,
            "claims": 1, "positive_claims": 1, "max_confidence": strength, **extra}  # fmt: skip


def test_edge_rows_become_a_multigraph_keyed_by_predicate() -> None:
    graph = graph_from_rows(
        [
            edge("RUS", "SUPPLIES", "IRN", 0.9, source_name="Russia", items=["radar"]),
            edge("IRN", "ALLIES_WITH", "RUS", 0.8),
            edge("RUS", "SUPPLIES", "IRN", 0.9),  # the same relation again (two path hops)
        ]
    )
    assert sorted(graph.edges(keys=True)) == [
        ("IRN", "RUS", "ALLIES_WITH"),
        ("RUS", "IRN", "SUPPLIES"),
    ]
    data = graph.edges["RUS", "IRN", "SUPPLIES"]
    assert (data["family"], data["weight"], data["strength"]) == ("material_support", 0.8, 0.9)
    assert graph.nodes["RUS"]["name"] == "Russia" and graph.nodes["IRN"]["type"] == "State"


def test_claim_rows_fold_into_relations_with_their_evidence() -> None:
    rows = [
        {"subject": "RUS", "subject_actor": "sergei-shoigu", "subject_name": "Sergei Shoigu",
         "predicate": "VISITS", "object": "IRN", "modality": "asserted", "confidence": 0.9,
         "date": "2024-09-21", "evidence": "Shoigu in Tehran.", "claim_id": "c1"},
        {"subject": "RUS", "predicate": "ALLIES_WITH", "object": "IRN", "modality": "denied",
         "confidence": 0.5, "date": "2024-01-01", "evidence": "No alliance.", "claim_id": "c2"},
        {"subject": "IRN", "predicate": "ALLIES_WITH", "object": "RUS", "modality": "planned",
         "confidence": 0.8, "date": "2024-10-01", "evidence": "Soon allies.", "claim_id": "c3"},
    ]  # fmt: skip
    graph = graph_from_rows(rows)
    assert sorted(graph.edges(keys=True)) == [
        ("IRN", "RUS", "ALLIES_WITH"),
        ("RUS", "IRN", "VISITS"),
    ]
    allies = graph.edges["IRN", "RUS", "ALLIES_WITH"]  # symmetric: smaller id first
    assert (allies["claims"], allies["positive_claims"]) == (2, 1)
    assert allies["modalities"] == ["denied", "planned"]
    assert (allies["first_date"], allies["last_date"]) == ("2024-01-01", "2024-10-01")
    assert [e["claim_id"] for e in allies["evidence"]] == ["c2", "c3"]
    assert graph.nodes["RUS"]["name"] == "RUS"  # Shoigu's name is not Russia's


def test_attach_evidence_keeps_the_most_confident() -> None:
    graph = graph_from_rows([edge("RUS", "SUPPLIES", "IRN")])
    claims = [
        {"subject": "RUS", "predicate": "SUPPLIES", "object": "IRN", "confidence": c,
         "evidence": f"s{c}", "claim_id": f"id{c}"} for c in (0.2, 0.9, 0.5)
    ] + [{"subject": "USA", "predicate": "SUPPLIES", "object": "ISR", "confidence": 1.0,
          "evidence": "elsewhere", "claim_id": "x"}]  # fmt: skip
    attach_evidence(graph, claims, per_edge=2)
    found = graph.edges["RUS", "IRN", "SUPPLIES"]["evidence"]
    assert [e["evidence"] for e in found] == ["s0.9", "s0.5"]


def test_pair_signed_and_cooperation_graphs() -> None:
    graph = graph_from_rows(
        [
            edge("RUS", "SUPPLIES", "IRN", 1.0),
            edge("RUS", "CRITICIZES", "IRN", 0.5),  # +0.8 - 0.2: still friends
            edge("USA", "SANCTIONS", "IRN", 1.0),
            edge("CHN", "SUPPLIES", "RUS", 0.7, positive_claims=0),  # only denied
        ]
    )
    pairs = pair_graph(graph)
    assert pairs.edges["IRN", "RUS"]["relations"] == ["CRITICIZES", "SUPPLIES"]
    assert pairs.edges["IRN", "RUS"]["signed"] == pytest.approx(0.8 - 0.2)
    signed = signed_graph(graph)
    assert {(min(u, v), max(u, v)): s for u, v, s in signed.edges(data="sign")} == {
        ("IRN", "RUS"): 1,
        ("IRN", "USA"): -1,
    }
    assert sorted(map(sorted, cooperation_graph(graph).edges)) == [["IRN", "RUS"]]


def test_centrality_on_a_star() -> None:
    star = nx.star_graph(["hub", "a", "b", "c"])
    rows = centrality(star)
    assert [r["id"] for r in rows] == ["hub", "a", "b", "c"]
    assert rows[0]["degree"] == 3 and rows[0]["degree_centrality"] == 1.0
    assert rows[0]["betweenness"] == 1.0 and rows[1]["betweenness"] == 0.0
    assert rows[0]["eigenvector"] > rows[1]["eigenvector"] > 0


def test_blocs_split_two_cliques() -> None:
    graph = nx.Graph()
    for group in (["A", "B", "C", "D"], ["W", "X", "Y", "Z"]):
        graph.add_edges_from((u, v, {"weight": 1.0}) for u in group for v in group if u < v)
    graph.add_edge("D", "W", weight=0.1)
    graph.add_node("lonely")
    assert blocs(graph) == [["A", "B", "C", "D"], ["W", "X", "Y", "Z"]]
    assert blocs(nx.Graph()) == []


def test_balance_names_the_unbalanced_triads() -> None:
    graph = nx.Graph()
    graph.add_edge("A", "B", sign=1)
    graph.add_edge("B", "C", sign=1)
    graph.add_edge("A", "C", sign=-1)  # a friend of a friend is an enemy
    graph.add_edge("C", "D", sign=-1)
    graph.add_edge("B", "D", sign=-1)  # B, C friends against D: balanced
    graph.add_edge("D", "E", sign=-1)
    graph.add_edge("C", "E", sign=-1)  # C, D, E all enemies: unbalanced
    report = balance(graph)
    assert (report["triads"], report["balanced"]) == (3, 1)
    assert report["balanced_share"] == pytest.approx(1 / 3, abs=1e-6)
    unbalanced = {tuple(t["actors"]): t["pattern"] for t in report["unbalanced_triads"]}
    assert unbalanced == {
        ("A", "B", "C"): "a friend of a friend is an enemy",
        ("C", "D", "E"): "the enemy of my enemy is my enemy",
    }
    assert report["balanced_triads"][0]["pattern"] == "the enemy of my enemy is my friend"
    assert "A and C are both friends of B" in report["unbalanced_triads"][0]["explanation"]
    assert balance(nx.Graph())["balanced_share"] is None


def test_shortest_paths_sorted() -> None:
    graph = nx.Graph([("A", "B"), ("B", "D"), ("A", "C"), ("C", "D"), ("D", "E")])
    assert shortest_paths(graph, "A", "E") == [["A", "B", "D", "E"], ["A", "C", "D", "E"]]
    assert shortest_paths(graph, "A", "nowhere") == []
    graph.add_node("island")
    assert shortest_paths(graph, "A", "island") == []


def test_analyze_the_seed_network(store: GraphStore) -> None:
    seed(store)
    report = analyze(graph_from_result(run_named(store, "network")), paths=[("USA", "CHN")])
    assert (report["nodes"], report["edges"], report["relations"]) == (9, 14, 18)
    top = report["centrality"][0]
    assert (top["id"], top["degree"]) == ("RUS", 6)
    assert report["blocs"] == [
        {"bloc": 1, "size": 5, "members": ["ISR", "TUR", "UKR", "USA", "nato"]},
        {"bloc": 2, "size": 3, "members": ["IRN", "PRK", "RUS"]},
    ]
    assert {r["id"]: r["bloc"] for r in report["centrality"]}["CHN"] is None
    bal = report["balance"]
    assert (bal["triads"], bal["balanced"]) == (4, 1)
    assert [(t["actors"], t["pattern"]) for t in bal["unbalanced_triads"]] == [
        (["IRN", "ISR", "TUR"], "the enemy of my enemy is my enemy"),
        (["IRN", "RUS", "TUR"], "a friend of a friend is an enemy"),
        (["RUS", "TUR", "UKR"], "a friend of a friend is an enemy"),
    ]
    assert report["paths"][0]["paths"] == [
        ["USA", "IRN", "RUS", "CHN"],
        ["USA", "UKR", "RUS", "CHN"],
        ["USA", "nato", "RUS", "CHN"],
    ]


def test_metrics_written_back_as_actor_properties(store: GraphStore) -> None:
    seed(store)
    report = analyze(graph_from_result(run_named(store, "network")))
    assert annotate_actors(store, report["centrality"]) == 9
    assert annotate_actors(store, report["centrality"]) == 9  # again: columns exist, no error
    result = store.query(
        "MATCH (a:Actor) WHERE a.degree IS NOT NULL "
        "RETURN a.id AS id, a.degree AS degree, a.bloc AS bloc, a.betweenness AS b ORDER BY id"
    )
    rows = {r["id"]: (r["degree"], r["bloc"]) for r in result.records()}
    assert rows["RUS"] == (6, 2) and rows["USA"] == (4, 1) and rows["CHN"] == (1, 0)
    assert "sergei-shoigu" not in rows
    by_id = {r["id"]: r["b"] for r in result.records()}
    assert by_id["RUS"] == pytest.approx(report["centrality"][0]["betweenness"])
