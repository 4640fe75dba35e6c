"""Browser tests: Debian's chromium driven by Playwright against a real uvicorn server.

Never runs `playwright install`; skipped when /usr/bin/chromium is missing.
Screenshots go to tests/web/screenshots/ (not committed).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.web import create_app

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).parent / "screenshots"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base_url(store_path: str) -> Iterator[str]:
    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(store_path), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.dialogs, tab.errors = [], []
        tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
        tab.on("pageerror", lambda e: tab.errors.append(str(e)))
        yield tab
        context.close()
        browser.close()


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
