"""Server-rendered pages: they render, keep filters in the URL and escape everything."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def hostile_article(client: TestClient) -> dict[str, object]:
    return client.get("/api/articles/hostile").json()


def pages_showing_the_hostile_article(client: TestClient) -> list[str]:
    data = hostile_article(client)
    article = data["article"]
    assert isinstance(article, dict)
    events = data["events"]
    assert isinstance(events, list) and events, "the hostile article should be coded"
    urls = [
        "/",
        "/events",
        "/events?modality=all",
        f"/events?q={'alert'}&modality=all",
        f"/article/{article['hash']}",
        "/articles",
        "/actors",
        "/network",
        "/dyads",
    ]
    for event in events:
        urls.append(f"/event/{event['id']}")
        for actor in event["actor"]:
            urls.append(f"/actor/{actor['code']}")
            for recipient in event["recipient"]:
                urls.append(f"/dyad/{actor['code']}/{recipient['code']}")
    return urls


def test_hostile_text_is_escaped_on_every_page(client: TestClient) -> None:
    seen_script = seen_img = 0
    for url in pages_showing_the_hostile_article(client):
        html = client.get(url).text
        assert SCRIPT not in html and "<img" not in html, url
        assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", ""), url
        seen_script += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
        seen_img += html.count("&lt;img src=x onerror=alert(1)&gt;")
        # the only scripts are our own files and inert JSON data blocks
        for tag in re.findall(r"<script[^>]*>", html):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, (url, tag)
    assert seen_script and seen_img


def test_article_page_marks_every_event(client: TestClient) -> None:
    data = hostile_article(client)
    article, events = data["article"], data["events"]
    assert isinstance(article, dict) and isinstance(events, list)
    html = client.get(f"/article/{article['hash']}").text
    for event in events:
        assert f'href="/event/{event["id"]}"' in html
    assert "Moscow and Beijing &lt;script&gt;alert(1)&lt;/script&gt; talks" in html


@pytest.mark.parametrize("value", [SCRIPT, IMG, '"><svg onload=alert(1)>', "' onmouseover='x"])
def test_request_parameters_are_escaped(client: TestClient, value: str) -> None:
    for url, params in (
        ("/events", {"actor": value, "q": value}),
        ("/events", {"date_from": value, "publisher": value}),
        ("/network", {"date_from": value}),
        ("/actors", {"q": value}),
        ("/articles", {"q": value}),
        ("/dyad/RUS/CHN", {"period": value}),
    ):
        html = client.get(url, params=params).text
        assert value not in html, (url, params)
    for url in (f"/actor/{value}", f"/dyad/{value}/CHN", f"/event/{value}"):
        html = client.get(url.replace("?", "%3F")).text
        assert "<svg" not in html and SCRIPT not in html and "<img" not in html


def test_every_page_has_a_json_twin(client: TestClient) -> None:
    event = client.get("/api/events").json()["events"][0]
    for url in (
        "/",
        "/events",
        f"/event/{event['id']}",
        "/dyads",
        "/dyad/RUS/CHN",
        "/network",
        "/actors",
        "/actor/RUS",
        "/articles",
        f"/article/{event['article_hash']}",
    ):
        page = client.get(url)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        twin = client.get("/index.json" if url == "/" else url + ".json")
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"


def test_events_page_keeps_filters_in_links(client: TestClient) -> None:
    html = client.get("/events", params={"either": "RUS", "event": "CONSULT"}).text
    assert 'value="RUS"' in html and 'value="CONSULT"' in html
    assert "/api/events.csv?either=RUS&amp;event=CONSULT" in html
    total = client.get("/api/events", params={"either": "RUS", "event": "CONSULT"}).json()["total"]
    assert f"{total} matching" in html


def test_event_page_highlights_actor_trigger_recipient(client: TestClient) -> None:
    event = client.get("/api/events", params={"actor": "IND", "recipient": "JPN"}).json()["events"][
        0
    ]
    html = client.get(f"/event/{event['id']}").text
    assert f'<mark class="hl hl-trigger" title="{event["event"]}' in html
    assert '<mark class="hl hl-actor"' in html and '<mark class="hl hl-recipient"' in html
    for reason in event["reasons"]:
        assert str(escape(reason)) in html


def test_errors_are_pages(client: TestClient) -> None:
    assert client.get("/event/nope").status_code == 404
    bad = client.get("/events", params={"quad": "x"})
    assert (
        bad.status_code == 422
        and "quad" in bad.text
        and bad.headers["content-type"].startswith("text/html")
    )
    assert client.get("/static/nope.js").status_code == 404


def test_vendored_scripts_are_served(client: TestClient) -> None:
    html = client.get("/dyad/RUS/CHN").text + client.get("/network").text
    for name in re.findall(r'src="/static/([^"]+)"', html):
        response = client.get(f"/static/{name}")
        assert response.status_code == 200 and len(response.content) > 100, name
