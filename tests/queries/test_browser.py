"""The page in real headless Chromium (Debian's, driven by Playwright): it loads offline
without console errors, holds the expected network, and its hover shows escaped evidence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, sync_playwright

from geokg.graph.stores import GraphStore
from geokg.queries.view import write_view
from tests.queries.seed import seed

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium with a throw-away profile (never Playwright's downloaded browser)."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


class Console:
    """What the page said: console messages, uncaught errors, and any request off the disk."""

    def __init__(self, page: Page) -> None:
        self.messages: list[tuple[str, str]] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.messages.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        page.on("request", lambda r: self.requests.append(r.url))

    def errors(self) -> list[tuple[str, str]]:
        return [(t, text) for t, text in self.messages if t in ("error", "pageerror", "warning")]

    def remote(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]


def open_page(browser: BrowserContext, path: Path) -> tuple[Page, Console]:
    page = browser.new_page()
    console = Console(page)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.geokg && window.geokg.ready === true", timeout=60_000)
    return page, console


def hover_edge(page: Page, edge_id: str) -> str:
    """Move the mouse onto the middle of a drawn edge; the tooltip's HTML."""
    point = page.evaluate(
        """(id) => { const net = window.geokg.network;
                     const p = net.body.edges[id].edgeType.getPoint(0.5);
                     return net.canvasToDOM(p); }""",
        edge_id,
    )
    box = page.locator("#network").bounding_box()
    assert box is not None
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    page.mouse.move(x + 3, y + 3)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_html()


def test_alliance_page_in_chromium(
    store: GraphStore, browser: BrowserContext, tmp_path: Path
) -> None:
    seed(store)
    path = write_view(store, tmp_path / "alliance.html", title="geokg: seed world")
    page, console = open_page(browser, path)

    nodes = page.evaluate("window.geokg.nodes.getIds().sort()")
    assert nodes == ["CHN", "IRN", "ISR", "PRK", "RUS", "TUR", "UKR", "USA", "nato"]
    edges: dict[str, Any] = page.evaluate(
        "Object.fromEntries(window.geokg.edges.get().map(e => [e.id, e.predicates]))"
    )
    assert edges["IRN|RUS|material_support"] == ["SUPPLIES"]
    assert edges["IRN|RUS|cooperation"] == ["ALLIES_WITH"]
    assert edges["RUS|UKR|conflict"] == ["ATTACKS"]
    assert len(edges) == 17  # 18 relations; RUS→IRN and IRN→RUS supplies share one edge

    html = hover_edge(page, "IRN|RUS|material_support")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; more." in html
    assert "Iran has shipped Shahed-136 drones to Russia." in html
    assert page.locator("div.vis-tooltip script").count() == 0
    assert page.evaluate("window.__pwned") is None
    hrefs = page.eval_on_selector_all("div.vis-tooltip a", "as => as.map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    page.screenshot(path=str(ARTIFACTS / f"alliance-{store.kind}.png"))

    html = hover_edge(page, "RUS|TUR|cooperation")  # from the source with a javascript: URL
    assert "Ankara &amp; Moscow &lt;b&gt;cooperate&lt;/b&gt; on gas." in html
    assert "Evil &amp; Co" in html
    assert page.locator("div.vis-tooltip a").count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0

    # the filter menu hides a family; the select menu finds an actor
    shown = page.evaluate("window.geokg.edgeView.length")
    page.locator('#filter-family input[value="conflict"]').uncheck()
    assert page.evaluate("window.geokg.edgeView.length") == shown - 6
    page.locator("#reset").click()
    assert page.evaluate("window.geokg.edgeView.length") == shown
    page.evaluate("window.geokg.picker.setValue('PRK')")
    assert page.evaluate("window.geokg.network.getSelectedNodes()") == ["PRK"]

    assert console.errors() == []
    assert console.remote() == []
    page.close()


def test_empty_page_loads_cleanly(
    store: GraphStore, browser: BrowserContext, tmp_path: Path
) -> None:
    path = write_view(store, tmp_path / "empty.html")
    page, console = open_page(browser, path)
    assert page.evaluate("window.geokg.nodes.length") == 0
    assert console.errors() == [] and console.remote() == []
    page.close()


def test_time_slider_labels_and_event_panel(
    store: GraphStore, browser: BrowserContext, tmp_path: Path
) -> None:
    from geokg.graph.claims import Actor, Claim, Evidence, Source, TimeSpan
    from geokg.graph.stores.events import build_events
    from tests.graph.test_events import corpus

    hostile = Claim(
        source=Source.create(url="https://evil.example/x", publisher="Evil <b>Wire</b> & Co",
                             published="2024-09-09"),
        subject=Actor("RUS", "Russia"), predicate="ATTACKS", object=Actor("UKR", "Ukraine"),
        modality="reported", confidence=0.5, time=TimeSpan.parse("2024-09-03"),
        attributed_to="<script>window.__pwned = 1</script>",
        evidence=Evidence("A strike on <i>Poltava</i>."),
    )  # fmt: skip
    store.write_claims([*corpus(), hostile])
    build_events(store)
    path = write_view(store, tmp_path / "events.html", title="geokg: events")
    page, console = open_page(browser, path)

    assert page.evaluate("window.geokg.edgeView.length") == 3  # SUPPLIES, SIGNS, ATTACKS
    page.evaluate("window.geokg.setTimeRange('2025-01', '2025-12')")
    assert page.evaluate("window.geokg.edgeView.length") == 2  # the treaty and the Su-35s
    assert page.evaluate("window.geokg.nodeView.getIds().sort()") == ["IRN", "RUS"]
    assert page.locator("#time-value").inner_text() == "2025-01 – 2025-10"  # the last month
    page.evaluate("window.geokg.setTimeRange('2024-09', '2024-09')")
    assert page.evaluate("window.geokg.edgeView.length") == 2  # the Fath-360 and the strike
    page.locator("#reset").click()
    assert page.evaluate("window.geokg.edgeView.length") == 3

    page.locator("#toggle-labels").check()
    label = page.evaluate("window.geokg.edges.get('RUS|UKR|conflict').label")
    assert label == "attacks"

    page.evaluate("window.geokg.showPanel('RUS|UKR|conflict')")
    panel = page.locator("#panel-body").inner_html()
    assert "Evil &lt;b&gt;Wire&lt;/b&gt; &amp; Co" in panel
    assert "said by &lt;script&gt;window.__pwned = 1&lt;/script&gt;" in panel
    assert page.locator("#panel script").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.evaluate("window.geokg.showPanel('IRN|RUS|material_support')")
    panel = page.locator("#panel-body").inner_text()
    assert "3 independent publishers, 1 denying" in panel
    assert panel.count("syndicated copy") == 2
    page.screenshot(path=str(ARTIFACTS / f"events-{store.kind}.png"))
    assert console.errors() == [] and console.remote() == []
    page.close()


def test_bloc_colours_follow_the_time_slider(
    store: GraphStore, browser: BrowserContext, tmp_path: Path
) -> None:
    from geokg.graph.claims import Actor, Claim, Source, TimeSpan

    def ally(a: Actor, b: Actor, day: str, n: int) -> list[Claim]:
        return [
            Claim(Source.create(url=f"https://news.example/{a.id}-{b.id}/{i}", published=day),
                  a, "ALLIES_WITH", b, time=TimeSpan.parse(day), confidence=0.9)
            for i in range(n)
        ]  # fmt: skip

    rus, irn = Actor("RUS", "Russia"), Actor("IRN", "Iran")
    usa, gbr = Actor("USA", "United States"), Actor("GBR", "United Kingdom")
    # Two blocs over the whole span; for a few months in 2024 Iran sides with the US.
    store.write_claims([
        *ally(rus, irn, "2023-01-10", 4), *ally(usa, gbr, "2023-01-12", 4),
        *ally(irn, usa, "2024-06-01", 1),
    ])  # fmt: skip
    path = write_view(store, tmp_path / "blocs.html", title="geokg: blocs")
    page, console = open_page(browser, path)

    def colours() -> dict[str, str]:
        return dict(page.evaluate("window.geokg.nodes.get().map(n => [n.id, n.color])"))

    whole = colours()
    assert whole["RUS"] == whole["IRN"] != whole["USA"] == whole["GBR"]
    legend = page.locator("#bloc-legend").inner_text()

    page.evaluate("window.geokg.setTimeRange('2024-06', '2024-06')")
    now = colours()
    assert now["IRN"] == now["USA"]  # one bloc in that range
    assert now["USA"] == whole["USA"]  # it keeps the colour of the bloc it shares most with
    assert now["RUS"] == now["GBR"] != now["IRN"]  # no bloc in that range: grey
    assert page.evaluate("window.geokg.blocOf('IRN')") == page.evaluate(
        "window.geokg.blocOf('USA')"
    )
    assert "IRN, USA" in page.locator("#bloc-legend").inner_text()

    page.evaluate("window.geokg.setTimeRange('2023-01', '2023-01')")
    assert colours() == whole
    page.locator("#reset").click()
    assert colours() == whole
    assert page.locator("#bloc-legend").inner_text() == legend
    page.screenshot(path=str(ARTIFACTS / f"blocs-{store.kind}.png"))
    assert console.errors() == [] and console.remote() == []
    page.close()
