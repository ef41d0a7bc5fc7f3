"""The interactive network: query rows → one self-contained, offline HTML page.

The graph (``geokg.queries.network``) is drawn with vis-network through
pyvis's ``Network`` (nodes, edges, options) and geokg's own template: the
vis-network and Tom Select assets come from the installed pyvis package and
are inlined, so the page loads nothing from the network (its Content
Security Policy forbids it). All text from articles (names, evidence,
titles, URLs) is HTML-escaped here; links are kept only for http(s) URLs.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network

from geokg.graph.stores.base import GraphStore, QueryResult
from geokg.graph.vocabulary import FAMILIES, NEGATIVE_MODALITIES, predicate
from geokg.queries.analytics import bloc_index, blocs
from geokg.queries.library import get_query, run_named
from geokg.queries.network import (
    COOPERATIVE_FAMILIES,
    attach_evidence,
    cooperation_graph,
    graph_from_result,
    pair_graph,
    relation_ends,
)

FAMILY_COLORS = {
    "cooperation": "#1a9850",
    "material_support": "#2c7bb6",
    "diplomacy": "#e6a100",
    "conflict": "#d7191c",
    "other": "#8c8c8c",
}
FAMILY_LABELS = {
    "cooperation": "cooperation",
    "material_support": "material support",
    "diplomacy": "diplomacy",
    "conflict": "conflict",
    "other": "other",
}
TYPE_COLORS = {
    "State": "#4e79a7",
    "Organization": "#f28e2b",
    "ArmedGroup": "#e15759",
    "Company": "#76b7b2",
    "Person": "#b07aa1",
    "Unit": "#9c755f",
    "Other": "#bab0ac",
}
TYPE_SHAPES = {
    "State": "dot",
    "Organization": "diamond",
    "ArmedGroup": "triangle",
    "Company": "square",
    "Person": "dot",
    "Unit": "triangleDown",
    "Other": "dot",
}
BLOC_COLORS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf",
)  # fmt: skip
UNALIGNED = "#c9c9c9"
TENTATIVE = frozenset({"planned", "alleged", "possible"})
"""Modalities drawn dashed when no claim of the edge is firmer."""

MAX_EVIDENCE = 3
MAX_SENTENCE = 320

ASSETS = Path(__file__).parent / "assets"


def render_view(
    data: nx.MultiDiGraph | QueryResult | Iterable[Mapping[str, Any]],
    out_path: str | os.PathLike[str],
    *,
    evidence: QueryResult | Iterable[Mapping[str, Any]] | None = None,
    title: str = "geokg: alliance network",
    color_by: str = "bloc",
    max_nodes: int = 500,
    max_edges: int = 5000,
    seed: int = 7,
) -> Path:
    """Write the interactive network of ``data`` to ``out_path`` (one offline HTML file).

    ``data`` is a graph from ``geokg.queries.network`` or the rows of an edge
    or claim query; ``evidence`` the rows of the ``evidence`` query, shown when
    hovering an edge. ``color_by`` is ``"bloc"`` (Louvain on cooperation) or
    ``"type"``. Above ``max_nodes``/``max_edges`` the weakest actors and
    relations are left out (the page says how many). Returns the path written.
    """
    if color_by not in ("bloc", "type"):
        raise ValueError(f"color_by must be 'bloc' or 'type', not {color_by!r}")
    graph = data if isinstance(data, nx.MultiDiGraph) else graph_from_result(data)
    if evidence is not None:
        rows = evidence.records() if isinstance(evidence, QueryResult) else evidence
        attach_evidence(graph, rows, per_edge=MAX_EVIDENCE)
    page = build_page(
        graph, title=title, color_by=color_by, max_nodes=max_nodes, max_edges=max_edges, seed=seed
    )
    out = Path(out_path)
    if out.parent != Path(""):
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


def write_view(
    store: GraphStore,
    out_path: str | os.PathLike[str],
    *,
    query: str = "network",
    params: Mapping[str, Any] | None = None,
    **options: Any,
) -> Path:
    """Run a named query (and the ``evidence`` query for its actors) and render the page."""
    result = run_named(store, query, params)
    graph = graph_from_result(result)
    if graph.number_of_nodes():
        filters = {k: v for k, v in (params or {}).items() if k in get_query("evidence").filters}
        claims = run_named(store, "evidence", {**filters, "actors": sorted(graph.nodes)})
        attach_evidence(graph, claims.records(), per_edge=MAX_EVIDENCE)
        event_filters = {k: v for k, v in filters.items() if k in ("since", "until")}
        reports = run_named(
            store, "event-sources", {**event_filters, "actors": sorted(graph.nodes)}
        )
        attach_events(graph, reports.records())
    options.setdefault("title", f"geokg: {query}")
    return render_view(graph, out_path, **options)


def attach_events(graph: nx.MultiDiGraph, rows: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """Add the events (``event-sources`` rows: one per report) to the edges they back."""
    for row in rows:
        source, target = relation_ends(row["subject"], row["predicate"], row["object"])
        if not graph.has_edge(source, target, key=row["predicate"]):
            continue
        found = graph.edges[source, target, row["predicate"]].setdefault("events", {})
        event = found.setdefault(row["event"], {**row, "reports": []})
        event["reports"].append(row)
    return graph


def build_page(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    color_by: str = "bloc",
    max_nodes: int = 500,
    max_edges: int = 5000,
    seed: int = 7,
) -> str:
    """The HTML text of the page (see ``render_view``)."""
    total_nodes, total_relations = graph.number_of_nodes(), graph.number_of_edges()
    graph = cap_graph(graph, max_nodes=max_nodes, max_edges=max_edges)
    pairs = pair_graph(graph)
    found = blocs(cooperation_graph(graph), seed=seed)
    index = bloc_index(found)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        kind = data.get("type") or "Other"
        bloc = index.get(node)
        if color_by == "bloc":
            color = BLOC_COLORS[(bloc - 1) % len(BLOC_COLORS)] if bloc else UNALIGNED
        else:
            color = TYPE_COLORS.get(kind, TYPE_COLORS["Other"])
        degree = pairs.degree(node) if node in pairs else 0
        net.add_node(
            node,
            label=node_label(node, data),
            title=node_tooltip(node, data, degree, bloc),
            shape=TYPE_SHAPES.get(kind, "dot"),
            color=color,
            size=round(8 + 5 * math.sqrt(degree), 2),
            actor_type=kind,
            bloc=bloc or 0,
            degree=degree,
            name=str(data.get("name") or node),
        )
    groups = edge_groups(graph)
    for group in groups:
        net.add_edge(group.pop("from"), group.pop("to"), **group)
    net.set_options(json.dumps(vis_options(len(net.nodes), len(net.edges), seed)))

    nodes, edges, _, _, _, options = net.get_network_data()
    legend_blocs = [
        {"number": n, "color": BLOC_COLORS[(n - 1) % len(BLOC_COLORS)], "members": m}
        for n, m in enumerate(found, 1)
    ]
    context = {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "families": [
            {"id": f, "label": FAMILY_LABELS[f], "color": FAMILY_COLORS[f]} for f in FAMILIES
        ],
        "types": [
            {"id": t, "color": TYPE_COLORS[t], "shape": TYPE_SHAPES[t]}
            for t in TYPE_COLORS
            if any(graph.nodes[n].get("type") == t for n in graph.nodes)
        ],
        "color_by": color_by,
        "blocs": legend_blocs,
        "unaligned": UNALIGNED,
        "shown": {"nodes": len(nodes), "relations": graph.number_of_edges(), "edges": len(edges)},
        "total": {"nodes": total_nodes, "relations": total_relations},
        "modalities": sorted({m for e in edges for m in e["modalities"]}),
        "months": month_range(edges),
        "bloc_data": {
            # What view.js needs to find the blocs of the edges a time range shows.
            "enabled": color_by == "bloc",
            "colors": list(BLOC_COLORS),
            "unaligned": UNALIGNED,
            "cooperative": sorted(COOPERATIVE_FAMILIES),
            "full": found,
        },
    }
    return render_template(context)


def month_range(edges: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every month from the earliest edge date to the latest ('YYYY-MM'): the slider's steps."""
    dates = [d for e in edges for d in (e["first_date"], e["last_date"]) if d]
    if not dates:
        return []
    year, month = int(min(dates)[:4]), int(min(dates)[5:7] or 1)
    last = max(dates)[:7]
    out = []
    while True:
        out.append(f"{year:04d}-{month:02d}")
        if out[-1] >= last or len(out) > 1200:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def render_template(context: dict[str, Any]) -> str:
    """Fill ``assets/view.html.j2``; inline scripts are pinned by hash in the page's CSP."""
    pyvis_lib = resources.files("pyvis").joinpath("templates", "lib")
    assets = {
        "vis_js": pyvis_lib.joinpath("vis-9.1.2", "vis-network.min.js").read_text("utf-8"),
        "vis_css": pyvis_lib.joinpath("vis-9.1.2", "vis-network.css").read_text("utf-8"),
        "tom_js": pyvis_lib.joinpath("tom-select", "tom-select.complete.min.js").read_text("utf-8"),
        "tom_css": pyvis_lib.joinpath("tom-select", "tom-select.css").read_text("utf-8"),
        "view_js": (ASSETS / "view.js").read_text("utf-8"),
        "view_css": (ASSETS / "view.css").read_text("utf-8"),
    }
    env = Environment(
        loader=FileSystemLoader(str(ASSETS)),
        autoescape=select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    data_json = json.dumps(
        {
            "nodes": context["nodes"],
            "edges": context["edges"],
            "options": context["options"],
            "months": context.get("months", []),
            "blocs": context.get("bloc_data", {"enabled": False}),
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    # JSON inside <script>: no "</script>", "<!--" or stray U+2028 can end or bend it
    data_js = "window.GEOKG_DATA = " + (
        data_json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    ) + ";"  # fmt: skip
    scripts = [assets["vis_js"], assets["tom_js"], data_js, assets["view_js"]]
    csp_hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in scripts
    )
    template = env.get_template("view.html.j2")
    return template.render(**context, **assets, data_js=data_js, csp_script_hashes=csp_hashes)


def cap_graph(graph: nx.MultiDiGraph, *, max_nodes: int, max_edges: int) -> nx.MultiDiGraph:
    """The strongest part of the graph: top actors by summed strength, then top relations."""
    if graph.number_of_nodes() <= max_nodes and graph.number_of_edges() <= max_edges:
        return graph
    score: dict[str, float] = dict.fromkeys(graph.nodes, 0.0)
    for u, v, strength in graph.edges(data="strength"):
        score[u] += strength or 0.0
        score[v] += strength or 0.0
    keep = sorted(graph.nodes, key=lambda n: (-score[n], n))[:max_nodes]
    sub = graph.subgraph(keep)
    ranked = sorted(
        sub.edges(keys=True, data="strength"), key=lambda e: (-(e[3] or 0.0), e[0], e[1], e[2])
    )[:max_edges]
    out = nx.MultiDiGraph()
    for node in sorted({n for e in ranked for n in e[:2]} or keep):
        out.add_node(node, **graph.nodes[node])
    for u, v, k, _ in ranked:
        out.add_edge(u, v, key=k, **graph.edges[u, v, k])
    return out


def edge_groups(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One drawn edge per actor pair and predicate family: parallel relations aggregated."""
    grouped: dict[tuple[str, str, str], list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v))
        grouped.setdefault((a, b, data["family"]), []).append((u, v, data))
    families_of_pair: dict[tuple[str, str], list[str]] = {}
    for a, b, family in grouped:
        families_of_pair.setdefault((a, b), []).append(family)
    out = []
    for (a, b, family), relations in sorted(grouped.items()):
        relations.sort(key=lambda r: (r[2]["predicate"], r[0], r[1]))
        rank = sorted(families_of_pair[(a, b)], key=FAMILIES.index).index(family)
        directions = {(u, v) for u, v, d in relations if not d["symmetric"]}
        if directions == {(b, a)}:
            start, end, arrows = b, a, "to"
        elif directions == {(a, b)}:
            start, end, arrows = a, b, "to"
        elif directions:
            start, end, arrows = a, b, "to,from"
        else:
            start, end, arrows = a, b, ""
        modalities = sorted({m for _, _, d in relations for m in d["modalities"]})
        strength = sum(d["strength"] for _, _, d in relations)
        confidence = max(d["max_confidence"] for _, _, d in relations)
        positive = sum(d["positive_claims"] for _, _, d in relations)
        denied = any(m in NEGATIVE_MODALITIES for m in modalities)
        tentative = not any(m not in TENTATIVE and m not in NEGATIVE_MODALITIES for m in modalities)
        firsts = [d["first_date"] for _, _, d in relations if d["first_date"]]
        lasts = [d["last_date"] or d["first_date"] for _, _, d in relations if d["first_date"]]
        edge: dict[str, Any] = {
            "first_date": min(firsts) if firsts else "",
            "last_date": max(lasts) if lasts else "",
            "predicate_label": ", ".join(predicate(d["predicate"]).label for _, _, d in relations)
            + (" ✕" if denied else ""),
            "panel": edge_panel(graph, relations),
            "from": start,
            "to": end,
            "id": f"{a}|{b}|{family}",
            "family": family,
            "predicates": sorted({d["predicate"] for _, _, d in relations}),
            "modalities": modalities,
            "max_confidence": round(confidence, 4),
            "strength": round(strength, 4),
            "claims": sum(d["claims"] for _, _, d in relations),
            "positive_claims": positive,
            "denied": denied,
            "title": edge_tooltip(graph, relations),
            "color": {"color": FAMILY_COLORS[family], "highlight": FAMILY_COLORS[family],
                      "hover": FAMILY_COLORS[family], "opacity": 0.85 if positive else 0.45},
            "width": round(1 + 2.2 * math.log1p(strength), 2),
            "dashes": [6, 5] if tentative or positive == 0 else False,
            "arrows": arrows,
            "smooth": smooth_for(rank),
        }  # fmt: skip
        if denied:
            edge["label"] = "✕ denied" if positive == 0 else "✕"
            edge["font"] = {"color": "#b00020", "size": 11, "strokeWidth": 3, "align": "middle"}
        out.append(edge)
    return out


def smooth_for(rank: int) -> dict[str, Any]:
    """Parallel family edges of one pair fan out: straight, then curved either side."""
    if rank == 0:
        return {"enabled": False}
    side = "curvedCW" if rank % 2 else "curvedCCW"
    return {"enabled": True, "type": side, "roundness": round(0.18 * ((rank + 1) // 2), 2)}


def vis_options(nodes: int, edges: int, seed: int) -> dict[str, Any]:
    """Physics that settles 500 nodes / 5,000 edges: bounded stabilisation, then frozen."""
    big = nodes > 150 or edges > 1000
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": nodes <= 100},
        "nodes": {
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "borderWidth": 1,
        },  # fmt: skip
        "edges": {"selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60 if big else -90,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.2,
            },
            "maxVelocity": 60,
            "minVelocity": 1.5,
            "timestep": 0.45,
            "stabilization": {
                "enabled": True,
                "iterations": 300 if big else 500,
                "updateInterval": 50,
                "fit": True,
            },
        },  # fmt: skip
    }


def node_label(node: str, data: Mapping[str, Any]) -> str:
    """A state shows its ISO code; anything else its name (shortened)."""
    if data.get("type") == "State" and len(node) == 3:
        return node
    name = str(data.get("name") or node)
    return name if len(name) <= 24 else name[:23] + "…"


def node_tooltip(node: str, data: Mapping[str, Any], degree: int, bloc: int | None) -> str:
    name = html.escape(str(data.get("name") or node))
    kind = html.escape(str(data.get("type") or "Other"))
    bloc_text = f"bloc {bloc}" if bloc else "no bloc"
    return (
        f'<div class="tt"><div class="tt-head"><b>{name}</b> <code>{html.escape(node)}</code></div>'
        f"<div>{kind} · {degree} partner{'s' if degree != 1 else ''} · {bloc_text}</div></div>"
    )


def edge_tooltip(graph: nx.MultiDiGraph, relations: list[tuple[str, str, dict[str, Any]]]) -> str:
    """The hover text of one drawn edge: each relation, its numbers and its evidence, escaped."""
    parts = ['<div class="tt">']
    for u, v, d in relations:
        spec = predicate(d["predicate"])
        arrow = "–" if d["symmetric"] else "→"
        head = (
            f"{_name(graph, u)} <i>{html.escape(spec.label)}</i> {_name(graph, v)}"
            if not d["symmetric"]
            else f"{_name(graph, u)} {arrow} {_name(graph, v)}: <i>{html.escape(spec.label)}</i>"
        )
        dates = " – ".join(
            html.escape(str(x)) for x in dict.fromkeys((d["first_date"], d["last_date"])) if x
        )
        facts = [
            f'<span class="pred">{html.escape(d["predicate"])}</span>',
            f"{d['claims']} claim{'s' if d['claims'] != 1 else ''}"
            + (
                f" ({d['positive_claims']} not denied)"
                if d["positive_claims"] != d["claims"]
                else ""
            ),
            f"most confident claim {d['max_confidence']:.2f}",
        ]
        if d.get("sentences"):
            facts.insert(
                2,
                f"from {d['sentences']} sentence{'s' if d['sentences'] != 1 else ''} "
                f"in {d['sources']} source{'s' if d['sources'] != 1 else ''}",
            )
        if dates:
            facts.append(dates)
        if d["modalities"]:
            facts.append("modality: " + ", ".join(html.escape(m) for m in d["modalities"]))
        if d["items"]:
            facts.append("items: " + ", ".join(html.escape(str(i)) for i in d["items"]))
        parts.append(f'<div class="tt-rel"><div class="tt-head">{head}</div>')
        parts.append(f'<div class="tt-facts">{" · ".join(facts)}</div>')
        if d.get("evidence"):
            parts.append('<ul class="tt-ev">')
            for ev in d["evidence"][:MAX_EVIDENCE]:
                parts.append(f"<li>{evidence_html(ev)}</li>")
            parts.append("</ul>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def edge_panel(graph: nx.MultiDiGraph, relations: list[tuple[str, str, dict[str, Any]]]) -> str:
    """The click panel of one drawn edge: each relation's events and every report, escaped."""
    parts = ['<div class="panel">']
    for u, v, d in relations:
        spec = predicate(d["predicate"])
        parts.append(
            f"<h3>{_name(graph, u)} <i>{html.escape(spec.label)}</i> {_name(graph, v)}</h3>"
        )
        events = sorted(
            (d.get("events") or {}).values(), key=lambda e: (e.get("time_start") or "", e["event"])
        )
        if not events:
            # The sentences are in the hover box; the page shows each sentence once.
            parts.append(
                f'<p class="none">{d["claims"]} claim{"s" if d["claims"] != 1 else ""}, '
                "no events yet (run <code>geokg events</code>); hover the edge for its "
                "sentences</p>"
            )
            continue
        for e in events:
            when = " – ".join(
                html.escape(str(x))
                for x in dict.fromkeys((e.get("time_start"), e.get("time_end")))
                if x
            )
            item = f" · {html.escape(str(e['item']))}" if e.get("item") else ""
            denied = f", {e['denying']} denying" if e.get("denying") else ""
            parts.append(
                f'<div class="event"><div class="ev-head">{when}{item} · '
                f"{e['asserting']} independent publisher{'s' if e['asserting'] != 1 else ''}"
                f"{denied} · merged confidence {float(e['event_confidence']):.2f}</div><ul>"
            )
            for r in e["reports"]:
                label = html.escape(str(r.get("publisher") or "source"))
                url = r.get("source_url")
                link = (
                    f'<a href="{html.escape(str(url), quote=True)}" target="_blank" '
                    f'rel="noopener noreferrer nofollow">{label}</a>'
                    if safe_url(url)
                    else f'<span class="src">{label}</span>'
                )
                meta = [link, html.escape(str(r.get("date") or "undated")),
                        html.escape(str(r.get("modality") or ""))]  # fmt: skip
                if r.get("said_by"):
                    meta.append("said by " + html.escape(str(r["said_by"])))
                if r.get("copy"):
                    meta.append("syndicated copy")
                parts.append(f"<li>{' · '.join(meta)}</li>")
            parts.append("</ul></div>")
    parts.append("</div>")
    return "".join(parts)


def evidence_html(ev: Mapping[str, Any]) -> str:
    """One evidence sentence with its source: every value escaped, links only for http(s)."""
    text = str(ev.get("evidence") or "").strip()
    if len(text) > MAX_SENTENCE:
        text = text[: MAX_SENTENCE - 1] + "…"
    label = ev.get("publisher") or ev.get("source_title") or "source"
    url = ev.get("source_url")
    if safe_url(url):
        source = (
            f'<a href="{html.escape(str(url), quote=True)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{html.escape(str(label))}</a>'
        )
    else:
        source = f'<span class="src">{html.escape(str(label))}</span>'
    meta = [source]
    for key in ("date", "modality"):
        if ev.get(key):
            meta.append(html.escape(str(ev[key])))
    if ev.get("confidence") is not None:
        meta.append(f"{float(ev['confidence']):.2f}")
    if ev.get("attributed_to"):
        meta.append("per " + html.escape(str(ev["attributed_to"])))
    items = ev.get("items") or ([ev["item"]] if ev.get("item") else [])
    if items:
        meta.append("items: " + ", ".join(html.escape(str(i)) for i in items))
    sentence = f"“{html.escape(text)}”" if text else "<i>no sentence</i>"
    return (
        f'<span class="tt-sent">{sentence}</span> <span class="tt-meta">{" · ".join(meta)}</span>'
    )


def safe_url(url: object) -> bool:
    """An absolute http(s) URL with a host: the only kind the page links to."""
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _name(graph: nx.MultiDiGraph, node: str) -> str:
    name = graph.nodes[node].get("name") or node
    return f"<b>{html.escape(str(name))}</b>"
