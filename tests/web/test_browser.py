"""Browser tests: Debian's chromium driven by Playwright against a real uvicorn server.

Never runs `playwright install`; skipped when /usr/bin/chromium is missing.
Screenshots go to tests/web/screenshots/ (not committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import SHOTS, chromium_page, served

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(store_path: str) -> Iterator[str]:
    with served(store_path) as base:
        yield base


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    with chromium_page() as tab:
        tab.dialogs = []
        tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
        yield tab


def visit(page: Any, url: str, shot: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    assert page.dialogs == [], f"a JS dialog fired on {url}: {page.dialogs}"
    assert page.errors == [], f"script errors on {url}: {page.errors}"


def test_overview_and_events_filter(page: Any, base_url: str) -> None:
    visit(page, base_url + "/", "overview")
    assert "asserted events" in page.inner_text(".cards")
    page.click("header nav >> text=Events")
    page.fill("input[name=either]", "RUS")
    page.select_option("select[name=modality]", "all")
    page.click("form.filters button")
    page.wait_for_load_state("networkidle")
    assert "either=RUS" in page.url and "modality=all" in page.url
    page.screenshot(path=str(SHOTS / "events-filtered.png"), full_page=True)
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert "RUS" in text
    rows.first.locator("td:nth-child(2) a").click()
    page.wait_for_load_state("networkidle")
    assert "/event/" in page.url
    assert page.locator("blockquote.evidence mark.hl-trigger").count() == 1
    page.screenshot(path=str(SHOTS / "event.png"), full_page=True)


def test_dyad_page_shows_visit_and_support(page: Any, base_url: str) -> None:
    visit(page, base_url + "/dyads", "dyads")
    page.fill("input[name=a]", "RUS")
    page.fill("input[name=b]", "CHN")
    page.click("form.filters button")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/dyad/RUS/CHN")
    page.wait_for_selector("#dyad-chart svg")
    assert page.locator("#dyad-chart svg").count() >= 2  # counts and Goldstein per direction
    cards = page.inner_text("section.cards")
    assert "CHN → RUS" in cards and "CONSULT" in cards and "SUPPORT" in cards
    events = page.inner_text("table.events")
    assert "visit" in events and "support" in events
    page.screenshot(path=str(SHOTS / "dyad.png"), full_page=True)
    assert page.dialogs == [] and page.errors == []
    page.locator("#dyad-chart svg a").first.click()  # a bar links to its events
    page.wait_for_load_state("networkidle")
    assert "period=" in page.url
    assert page.locator("table.events tbody tr").count() > 0


def test_network_article_actor_pages(page: Any, base_url: str) -> None:
    visit(page, base_url + "/network", "network")
    page.wait_for_selector("#network[data-ready='1']")
    assert page.locator("#network canvas").count() > 0
    # nodes are sized by PageRank, and the page says so
    assert page.inner_text("p.legend .size-by") == "Node size: PageRank (weighted by events)"
    assert page.get_attribute("#network", "data-size-by") == "pagerank"
    data = page.evaluate("JSON.parse(document.getElementById('network-data').textContent)")
    central = max(data["nodes"], key=lambda n: n["pagerank"])["id"]
    assert page.get_attribute("#network", "data-largest") == central
    assert page.inner_text("table.central tbody tr:first-child td:first-child") == central
    page.fill("input[name=min_count]", "2")
    page.click("form.filters button")
    page.wait_for_load_state("networkidle")
    assert "min_count=2" in page.url
    visit(page, base_url + "/article/hostile", "article-hostile")
    text = page.inner_text("article.text")
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator("article.text script, article.text img").count() == 0
    assert "<script>alert(1)</script>" in page.inner_text("h1")
    visit(page, base_url + "/actor/RUS", "actor")
    assert "As actor" in page.inner_text("main")
    visit(page, base_url + "/actors", "actors")
    visit(page, base_url + "/articles", "articles")


def test_map_points_and_click_lists_events(page: Any, base_url: str) -> None:
    """Issue 12: the map draws the world offline and the event places; a click on a point
    lists its events with their sentences."""
    visit(page, base_url + "/map?modality=all", "map")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.locator("#map .countries path").count() > 100  # Natural Earth's countries
    points = page.locator("#map circle.point")
    data = page.evaluate("JSON.parse(document.getElementById('map-data').textContent)")
    assert points.count() == len(data["points"]) > 0
    page.locator("#map circle.point[data-name='Beijing']").first.click()
    page.wait_for_selector("#map-events[data-point='Beijing'] li")
    listed = page.locator("#map-events li")
    beijing = next(p for p in data["points"] if p["name"] == "Beijing")
    assert listed.count() == beijing["events"]
    assert all("Beijing" in q for q in page.locator("#map-events blockquote").all_inner_texts())
    page.screenshot(path=str(SHOTS / "map-clicked.png"), full_page=True)
    assert page.errors == [] and page.dialogs == []
    # the same filters as the events page narrow the points
    page.goto(base_url + "/map?modality=all&country=CHN")
    page.wait_for_selector("#map[data-ready='1']")
    names = page.evaluate(
        "Array.from(document.querySelectorAll('#map circle.point')).map(c => c.dataset.name)"
    )
    assert names and "Beijing" in names
    assert all(
        p["country"] == "CHN"
        for p in page.evaluate("JSON.parse(document.getElementById('map-data').textContent)")[
            "points"
        ]
    )


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    """Swagger UI on /docs comes from vendored files: with every request that leaves
    127.0.0.1 refused, the page still lists the operations (issue 13)."""
    refused: list[str] = []
    console: list[str] = []

    def only_loopback(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    try:
        visit(page, base_url + "/docs", "api-docs")
        page.wait_for_selector(".opblock-summary-path")
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/events" in paths and "/api/events/{event_id}" in paths
        assert "detente explorer" in page.inner_text(".info .title")
    finally:
        page.unroute("**/*")
    assert refused == [], f"/docs asked for outside resources: {refused}"
    assert not [c for c in console if "Content Security Policy" in c], console
