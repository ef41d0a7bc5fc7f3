"""The page as text: offline, escaped, capped (the browser tests open it for real)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from geokg.queries.network import graph_from_rows
from geokg.queries.view import cap_graph, edge_groups, evidence_html, render_view, safe_url

ROWS = [
    {"source": "RUS", "source_name": "Russia", "source_type": "State", "predicate": "SUPPLIES",
     "target": "IRN", "target_name": "Iran <b>", "target_type": "State", "claims": 2,
     "positive_claims": 2, "max_confidence": 0.9, "items": ["Iskander"],
     "modalities": ["asserted"], "first_date": "2024-09-01", "last_date": "2024-09-30"},
    {"source": "IRN", "predicate": "ALLIES_WITH", "target": "RUS", "claims": 1,
     "positive_claims": 1, "max_confidence": 0.8, "modalities": ["planned"]},
    {"source": "CHN", "predicate": "SUPPLIES", "target": "RUS", "claims": 1,
     "positive_claims": 0, "max_confidence": 0.7, "modalities": ["denied"]},
    {"source": "nato", "source_type": "Organization", "predicate": "CRITICIZES",
     "target": "RUS", "claims": 1, "positive_claims": 1, "max_confidence": 0.5,
     "modalities": ["asserted"]},
]  # fmt: skip
HOSTILE = {
    "subject": "RUS", "predicate": "SUPPLIES", "object": "IRN", "confidence": 0.9,
    "evidence": "<script>alert(1)</script> & \"quoted\"", "source_url": "javascript:alert(2)",
    "publisher": "<img src=x onerror=alert(3)>", "date": "2024-09-20", "claim_id": "c1",
}  # fmt: skip


def page_data(html: str) -> dict:
    match = re.search(r"window\.GEOKG_DATA = (\{.*?\});</script>", html, re.S)
    assert match
    return json.loads(match.group(1))


def test_page_is_offline_and_self_contained(tmp_path: Path) -> None:
    out = render_view(ROWS, tmp_path / "sub" / "alliance.html", evidence=[HOSTILE])
    html = out.read_text("utf-8")
    assert out.name == "alliance.html"
    for pattern in ('src="http', 'href="http', "src='http", "cdn.", "@import"):
        assert pattern not in html, pattern
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "vis.Network" in html and "TomSelect" in html  # the assets are inlined


def test_untrusted_text_is_escaped(tmp_path: Path) -> None:
    html = render_view(ROWS, tmp_path / "a.html", evidence=[HOSTILE]).read_text("utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "alert(2)" not in html  # an unsafe URL is dropped, not shown
    data = page_data(html)
    edge = next(e for e in data["edges"] if e["id"] == "IRN|RUS|material_support")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in edge["title"]
    assert "&lt;img src=x onerror=alert(3)&gt;" in edge["title"]
    assert "href=" not in edge["title"]  # a javascript: URL is never a link
    node = next(n for n in data["nodes"] if n["id"] == "IRN")
    assert "Iran &lt;b&gt;" in node["title"]


def test_links_only_for_http() -> None:
    assert safe_url("https://example.org/a?b=1") and safe_url("http://x.y")
    for bad in ("javascript:alert(1)", "data:text/html,hi", "//evil.org", "ftp://x", "", None, 7):
        assert not safe_url(bad)
    linked = evidence_html({"evidence": "s", "source_url": 'https://x.org/"onmouseover=1',
                            "publisher": "P"})  # fmt: skip
    assert 'href="https://x.org/&quot;onmouseover=1"' in linked


def test_edges_grouped_by_pair_and_family_and_styled(tmp_path: Path) -> None:
    groups = {g["id"]: g for g in edge_groups(graph_from_rows(ROWS))}
    assert sorted(groups) == [
        "CHN|RUS|material_support",
        "IRN|RUS|cooperation",
        "IRN|RUS|material_support",
        "RUS|nato|conflict",
    ]
    supply = groups["IRN|RUS|material_support"]
    assert (supply["from"], supply["to"], supply["arrows"]) == ("RUS", "IRN", "to")
    assert supply["dashes"] is False and "label" not in supply
    allies = groups["IRN|RUS|cooperation"]
    assert allies["dashes"] and allies["arrows"] == ""  # planned only; symmetric
    assert allies["smooth"] == {"enabled": False}  # cooperation straight, supply curved
    assert supply["smooth"]["enabled"] is True
    denied = groups["CHN|RUS|material_support"]
    assert denied["label"] == "✕ denied" and denied["dashes"]
    assert groups["RUS|nato|conflict"]["color"]["color"] == "#d7191c"


def test_nodes_sized_by_degree_coloured_by_bloc_or_type(tmp_path: Path) -> None:
    by_bloc = page_data(render_view(ROWS, tmp_path / "a.html").read_text("utf-8"))
    nodes = {n["id"]: n for n in by_bloc["nodes"]}
    assert nodes["RUS"]["size"] > nodes["CHN"]["size"]
    assert nodes["RUS"]["label"] == "RUS" and nodes["nato"]["label"] == "nato"
    assert nodes["RUS"]["bloc"] == nodes["IRN"]["bloc"] == 1 and nodes["CHN"]["bloc"] == 0
    by_type = page_data(render_view(ROWS, tmp_path / "b.html", color_by="type").read_text("utf-8"))
    colours = {n["id"]: n["color"] for n in by_type["nodes"]}
    assert colours["RUS"] != colours["nato"] and nodes["nato"]["shape"] == "diamond"


def test_big_graphs_are_capped_to_their_strongest_part(tmp_path: Path) -> None:
    graph = nx.MultiDiGraph()
    rows = [
        {"source": f"A{i:03d}", "predicate": "MEETS", "target": f"A{(i + 1) % 700:03d}",
         "claims": 1, "positive_claims": 1, "max_confidence": (i % 10 + 1) / 10}
        for i in range(700)
    ]  # fmt: skip
    graph = graph_from_rows(rows)
    capped = cap_graph(graph, max_nodes=500, max_edges=300)
    assert capped.number_of_nodes() <= 500 and capped.number_of_edges() == 300
    kept = sorted(s for _, _, s in capped.edges(data="strength"))
    assert kept[0] >= 0.5  # the weakest relations went first
    html = render_view(graph, tmp_path / "big.html", max_nodes=500, max_edges=300)
    text = html.read_text("utf-8")
    assert "the strongest of 700 actors, 700 relations" in text
    assert len(page_data(text)["edges"]) == 300


def test_empty_result_still_makes_a_page(tmp_path: Path) -> None:
    html = render_view([], tmp_path / "empty.html").read_text("utf-8")
    assert page_data(html)["nodes"] == [] and "0 actors" in html
