"""Redraw ``docs/alliance.png``: the samples' network in headless Chromium, one edge hovered.

    .venv/bin/python -m tests.queries.screenshot [OUT.png]

Ingests ``samples/articles`` and ``samples/claims`` into a temporary embedded
store, writes the page with ``write_view`` and photographs it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from geokg.graph.stores import open_store
from geokg.ingest.pipeline import ingest_paths
from geokg.queries.view import write_view
from tests.queries.test_browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="geokg-shot-"))
    with open_store(str(work / "g.db")) as store:
        inputs = [ROOT / "samples" / "articles", ROOT / "samples" / "claims"]
        ingest_paths(store, [p for p in inputs if p.exists()])
        page_path = write_view(store, work / "alliance.html", title="geokg: the seed network")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(work / "profile"),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 760},
        )
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.geokg && window.geokg.ready === true", timeout=60_000)
        edge = page.evaluate(
            """() => { const ids = window.geokg.edges.getIds();
                       return ids.find(i => i.endsWith('|material_support')) || ids[0] || null; }"""
        )
        if edge:
            point = page.evaluate(
                """(id) => { const net = window.geokg.network;
                             const p = net.body.edges[id].edgeType.getPoint(0.5);
                             return net.canvasToDOM(p); }""",
                edge,
            )
            box = page.locator("#network").bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + point["x"] + 3, box["y"] + point["y"] + 3)
            page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
            page.locator("div.vis-tooltip").wait_for(state="visible", timeout=10_000)
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out))
        context.close()
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "alliance.png")
