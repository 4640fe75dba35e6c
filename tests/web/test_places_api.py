"""/api/events by the place of events: country, adm1, bbox; the map's points (issue 12)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from detente.web import api


def events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/events", params={"modality": "all", "limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_events_carry_their_place_object(client: TestClient) -> None:
    placed = [e for e in events(client) if e["place"] and e["place"]["precision"]]
    assert placed
    beijing = [e for e in placed if e["place"]["name"] == "Beijing"]
    assert beijing and beijing[0]["place"]["country"] == "CHN"
    assert set(beijing[0]["place"]) >= {"text", "start", "end", "geonames_id", "adm1", "lat", "lon"}


def test_filter_by_country_adm1_and_bbox(client: TestClient) -> None:
    everything = events(client)
    in_china = events(client, country="chn")
    assert in_china and all(e["place"]["country"] == "CHN" for e in in_china)
    assert len(in_china) < len(everything)
    assert events(client, place="CHN") == in_china  # the older name of the same filter
    beijing = events(client, adm1="CN.22")
    assert beijing and {e["place"]["adm1"] for e in beijing} == {"CN.22"}
    # a box around Beijing holds its events and nothing placed elsewhere
    boxed = events(client, bbox="115,39,118,41")
    assert {e["id"] for e in boxed} == {e["id"] for e in beijing}
    assert events(client, bbox="-10,-10,10,10") == []
    # a box across the antimeridian (east < west) is read as one box, not an empty one
    wide = events(client, bbox="100,-90,-100,90")
    assert {e["id"] for e in beijing} <= {e["id"] for e in wide}


def test_bad_place_filters_are_422(client: TestClient) -> None:
    for params in (
        {"bbox": "1,2,3"},
        {"bbox": "0,95,10,96"},
        {"bbox": "a,b,c,d"},
        {"country": "CHINA"},
    ):
        response = client.get("/api/events", params=params)
        assert response.status_code == 422, (params, response.text)


def test_places_points_match_the_events(client: TestClient) -> None:
    data = client.get("/api/places", params={"modality": "all"}).json()
    points = data["points"]
    assert points and all(p["lat"] is not None and p["lon"] is not None for p in points)
    beijing = next(p for p in points if p["name"] == "Beijing")
    assert beijing["events"] == len(events(client, adm1="CN.22"))
    assert beijing["quad"] in (1, 2, 3, 4) and beijing["precision"] == 1
    assert sum(p["events"] for p in points) == data["placed"]
    assert data["placed"] <= data["total"]


def test_article_page_lists_its_places(client: TestClient) -> None:
    articles = client.get("/api/articles", params={"q": "Beijing"}).json()["articles"]
    article = next(a for a in articles if "Visit" in a["title"])
    html = client.get(f"/article/{article['hash']}").text
    assert "<h2>Places" in html and "Beijing" in html and "CHN" in html
    assert "the only town of that name" in html or "towns of that name" in html


def test_places_and_map_count_as_the_events_list_does(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The map counts matching events up to COUNT_CAP, as /api/events does, and says so."""
    exact = client.get("/api/places", params={"modality": "all"}).json()
    assert exact["total_capped"] is False and exact["total"] > 5
    monkeypatch.setattr(api, "COUNT_CAP", 5)
    capped = client.get("/api/places", params={"modality": "all"}).json()
    assert (capped["total"], capped["total_capped"]) == (5, True)
    listed = client.get("/api/events", params={"modality": "all"}).json()
    assert (listed["total"], listed["total_capped"]) == (5, True)
    assert "of 5+ matching events placed" in client.get("/map?modality=all").text


def test_the_map_has_the_events_pages_filters(client: TestClient) -> None:
    def names(html: str) -> list[str]:
        form = html.split('<form class="filters"', 1)[1].split("</form>", 1)[0]
        return re.findall(r'name="(\w+)"', form)

    on_events, on_map = names(client.get("/events").text), names(client.get("/map").text)
    assert on_map == [n for n in on_events if n not in ("sort",)]
    assert {"country", "adm1", "bbox", "mode", "publisher", "min_confidence"} <= set(on_map)
