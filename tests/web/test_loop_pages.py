"""The unknown-actors and alerts pages: JSON twins, the token rule for accepting a name,
and (slow) the pages in Debian's chromium against a real uvicorn server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from browser import SHOTS, chromium_page, served
from detente.ingest import ingest
from detente.store import open_store
from detente.web import create_app
from synthetic import day_of, flat, make_store

ARTICLES = Path(__file__).parents[1] / "loop" / "articles"
TOKEN = "loop-secret"


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def loop_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("loop") / "loop.db")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DETENTE_HOME", str(tmp_path_factory.mktemp("empty-home")))
        with open_store(db) as store:
            ingest([ARTICLES], store=store)
    return db


@pytest.fixture(scope="module")
def surge_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    planted = flat() + [(59, d % 7, "RUS", "UKR", 4, -10.0) for d in range(9)]
    return make_store(tmp_path_factory.mktemp("surge") / "surge.db", planted)


def layer_names(home: Path) -> list[str]:
    path = home / "kb" / "entities.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["name"] for line in path.read_text().splitlines()]


def test_unknown_json_and_read_only(loop_db: str, home: Path) -> None:
    with TestClient(create_app(loop_db)) as client:
        found = client.get("/unknown.json").json()
        top = found["unknown"][0]
        assert (top["name"], top["code"], top["sector"]) == ("Ilze Dravniece", "LVA", "GOV")
        assert found["can_write"] is False
        assert "Read-only" in client.get("/unknown").text
        refused = client.post("/api/unknown/accept", json={"name": "Ilze Dravniece", "code": "LVA"})
        assert refused.status_code == 403
    assert layer_names(home) == []


def test_accept_needs_the_token(loop_db: str, home: Path) -> None:
    with TestClient(create_app(loop_db, token=TOKEN)) as client:
        body = {"name": "Ilze Dravniece", "code": "LVA", "sector": "GOV", "start": "2023-09-15"}
        assert client.post("/api/unknown/accept", json=body).status_code == 401
        bad = client.post(
            "/api/unknown/accept",
            json=body | {"sector": "XYZ"},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        assert bad.status_code == 422 and "E802" in bad.json()["detail"]
        ok = client.post(
            "/api/unknown/accept", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert ok.status_code == 200 and ok.json()["entity"]["id"] == "user:ilze-dravniece"
        assert layer_names(home) == ["Ilze Dravniece"]
        # known now: no longer listed
        after = client.get("/unknown.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
        assert all(u["name"] != "Ilze Dravniece" for u in after["unknown"])


def test_alerts_json(surge_db: str) -> None:
    with TestClient(create_app(surge_db)) as client:
        data = client.get("/alerts.json").json()
        assert data["since"] == "2022-12-04"  # 12 weeks before the last event (2023-02-26)
        first = data["alerts"][0]
        assert (first["kind"], first["unit"], first["name"]) == ("surge", "dyad", "RUS→UKR")
        assert len(first["events"]) == 10
        assert {a["week"] for a in data["alerts"]} == {day_of(59).isoformat()}
        empty = client.get("/alerts.json?since=2030-01-01").json()
        assert empty["alerts"] == []
        assert client.get("/alerts?since=not-a-date").status_code in (400, 422)


# -- in a browser ---------------------------------------------------------------------


@pytest.fixture()
def tab() -> Iterator[Any]:
    with chromium_page() as page:
        yield page


@pytest.mark.slow
def test_unknown_page_accepts_a_name(loop_db: str, home: Path, tab: Any) -> None:
    with served(loop_db, token=TOKEN) as base:
        response = tab.goto(f"{base}/unknown?token={TOKEN}")
        assert response is not None and response.status == 200
        first = tab.locator("table.unknown tbody tr").first
        assert first.get_attribute("data-name") == "Ilze Dravniece"
        assert "LVA" in first.locator("td.suggested").inner_text()
        assert first.locator("input[name=code]").input_value() == "LVA"
        assert first.locator("input[name=sector]").input_value() == "GOV"
        tab.screenshot(path=str(SHOTS / "unknown.png"), full_page=True)
        first.locator("button").click()  # the token is in the cookie the first visit set
        tab.wait_for_selector("table.unknown tr.accepted")
        assert "added user:ilze-dravniece" in first.locator("output").inner_text()
        assert layer_names(home) == ["Ilze Dravniece"]
        # a sentence opens its event
        tab.goto(f"{base}/unknown")
        tab.locator("table.unknown td.sentence a").first.click()
        tab.wait_for_load_state("networkidle")
        assert "/event/" in tab.url
        assert tab.errors == []


@pytest.mark.slow
def test_alerts_page_opens_evidence(surge_db: str, tab: Any) -> None:
    with served(surge_db) as base:
        response = tab.goto(f"{base}/alerts")
        assert response is not None and response.status == 200
        first = tab.locator("section.alerts details").first
        assert "surge" in first.locator("summary").inner_text()
        assert "RUS→UKR" in first.locator("summary").inner_text()
        assert not first.locator("ul.evidence").is_visible()
        first.locator("summary").click()
        assert first.locator("ul.evidence").is_visible()
        assert first.locator("ul.evidence li").count() == 10
        tab.screenshot(path=str(SHOTS / "alerts.png"), full_page=True)
        first.locator("ul.evidence a").first.click()
        tab.wait_for_load_state("networkidle")
        assert "/event/" in tab.url and "ASSAULT" in tab.inner_text("main")
        tab.goto(f"{base}/alerts?since=2030-01-01")
        assert "No alerts" in tab.inner_text("section.alerts")
        assert tab.errors == []
