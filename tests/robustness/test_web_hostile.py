"""Issue 7: the explorer under hostile articles and hostile requests.

Every GET route of the app (API and pages, found from the app itself, so a new
route is covered automatically) gets script/attribute/SQL injection strings in
every query and path parameter: answers are 2xx/3xx/4xx, never 5xx; HTML never
echoes the markup unescaped; the database is unchanged afterwards.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from mixed_inputs import ATTR, SCRIPT, SVG

from detente.cli import build_parser
from detente.errors import DetenteError
from detente.web import create_app, serve
from detente.web.app import MAX_PARAM_CHARS
from detente.web.pages import PAGE_LIMIT

MARKUP = [SCRIPT, ATTR, SVG, "<img src=x onerror=alert(1)>", "javascript:alert(1)"]
SQL = ["' OR 1=1 --", '"; DROP TABLE events; --', "%", "_", "\\", "1; DELETE FROM articles"]
OTHER = ["\u202e\u0000x", "9" * 30, "-1", "1e309", "NaN", "..%2F..%2Fetc%2Fpasswd", "😀" * 50]


@pytest.fixture(scope="module")
def db(web_db: str) -> str:
    return web_db


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), follow_redirects=False) as test_client:
        yield test_client


def _query_params(dependant: Any) -> list[str]:
    names = [p.name for p in dependant.query_params]
    for sub in dependant.dependencies:
        names += _query_params(sub)
    return names


def get_routes(client: TestClient) -> list[tuple[str, list[str], list[str]]]:
    """(path, path parameter names, query parameter names) of every GET route."""
    routes = []
    pending = list(client.app.routes)  # type: ignore[attr-defined]
    while pending:
        route = pending.pop(0)
        if hasattr(route, "original_router"):  # FastAPI's wrapper of an included router
            pending += route.original_router.routes
        elif isinstance(route, APIRoute) and "GET" in route.methods:
            path_names = [p.name for p in route.dependant.path_params]
            routes.append((route.path, path_names, _query_params(route.dependant)))
    return routes


def _fill(path: str, names: list[str], value: str, samples: dict[str, str]) -> str:
    for name in names:
        path = path.replace("{" + name + "}", quote(value if value else samples[name], safe=""))
    return path


def _db_state(db: str) -> tuple[Any, ...]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = tuple(conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
        return tuple(tables), counts, conn.execute("PRAGMA integrity_check").fetchone()[0]


class _Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _check_html(html: str, value: str, where: str) -> None:
    """No element or event-handler attribute came from `value` or the article."""
    if any(c in value for c in "<>"):
        assert value not in html, where
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("svg", "iframe", "object", "embed"), (where, tag)
        assert not (tag == "img" and attrs.get("src") == "x"), (where, tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        if tag == "script":  # only our own files and inert JSON data blocks
            src, kind = attrs.get("src") or "", attrs.get("type")
            assert src.startswith("/static/") or kind == "application/json", (where, attrs)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").lower().startswith("javascript:"), (where, attrs)


@pytest.fixture(scope="module")
def samples(client: TestClient) -> dict[str, str]:
    event = client.get("/api/events").json()["events"][0]
    return {
        "event_id": event["id"],
        "actor_id": "RUS",
        "article_id": event["article_hash"],
        "a": "RUS",
        "b": "CHN",
    }


@pytest.mark.parametrize("value", MARKUP + SQL + OTHER)
def test_every_parameter_of_every_route(
    client: TestClient, db: str, samples: dict[str, str], value: str
) -> None:
    before = _db_state(db)
    routes = get_routes(client)
    assert len(routes) > 20
    for path, path_names, query_names in routes:
        for name in query_names:  # one hostile parameter at a time, path params sampled
            url = _fill(path, path_names, "", samples)
            response = client.get(url, params={name: value})
            where = f"{url}?{name}={value!r}"
            assert response.status_code < 500, where
            if response.headers.get("content-type", "").startswith("text/html"):
                _check_html(response.text, value, where)
        if path_names:
            url = _fill(path, path_names, value, samples)
            response = client.get(url)
            assert response.status_code < 500, url
            if response.headers.get("content-type", "").startswith("text/html"):
                _check_html(response.text, value, url)
    assert _db_state(db) == before


def test_hostile_article_is_inert_on_every_page(client: TestClient) -> None:
    data = client.get("/api/articles/hostile").json()
    article, events = data["article"], data["events"]
    assert events, "the hostile article should be coded"
    assert SCRIPT in article["text"]  # stored verbatim: escaping is the renderer's job
    urls = ["/", "/events?modality=all", "/events?q=alert&modality=all", "/articles", "/actors"]
    urls += ["/network", "/dyads", f"/article/{article['hash']}", "/actor/RUS", "/dyad/RUS/CHN"]
    urls += [f"/event/{e['id']}" for e in events]
    escaped = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        _check_html(response.text, SCRIPT, url)
        _check_html(response.text, ATTR, url)
        _check_html(response.text, SVG, url)
        escaped += response.text.count("&lt;script&gt;")
    assert escaped


def test_injection_in_filters_gives_normal_answers(client: TestClient, db: str) -> None:
    before = _db_state(db)
    total = client.get("/api/events", params={"modality": "all"}).json()["total"]
    for value in SQL:
        for name in ("actor", "recipient", "either", "event", "q", "publisher", "doc_id"):
            response = client.get("/api/events", params={name: value, "modality": "all"})
            assert response.status_code == 200, (name, value, response.text[:200])
            assert response.json()["total"] < total or value in ("%", "_"), (name, value)
            assert client.get("/events", params={name: value}).status_code == 200
        for name in ("a", "b", "date_from"):
            assert client.get("/api/dyads", params={name: value}).status_code < 500
        for name in ("date_from", "date_to"):
            assert client.get("/api/network", params={name: value}).status_code < 500
    assert client.get("/api/events", params={"actor": "\x00"}).status_code == 400
    assert _db_state(db) == before


def test_csv_file_name_from_hostile_codes(client: TestClient) -> None:
    """Regression (found by schemathesis): a non-Latin-1 dyad code in a CSV file name gave 500."""
    for a in ("\u0100\u4e2d", 'R"US\r\nX-Evil: 1', SCRIPT):
        response = client.get("/api/dyads", params={"a": a, "b": "CHN", "format": "csv"})
        assert response.status_code == 200, a
        assert "x-evil" not in response.headers
        assert re.fullmatch(
            r'attachment; filename="[A-Za-z0-9._-]+\.csv"', response.headers["content-disposition"]
        )


def test_request_and_page_size_limits(client: TestClient) -> None:
    assert client.get("/api/events", params={"q": "x" * (MAX_PARAM_CHARS + 1)}).status_code == 400
    assert client.get("/api/events", params={"actor": "x" * 201}).status_code == 422
    assert client.get("/api/events", params={"limit": 10**9}).status_code == 422
    assert client.get("/api/events", params={"limit": 5000}).status_code == 400
    assert client.get("/api/events", params={"offset": -1}).status_code == 422
    page = client.get("/events.json", params={"limit": 100_000, "modality": "all"})
    assert page.status_code == 200 and len(page.json()["events"]) <= PAGE_LIMIT
    big_body = b"x" * 5_000_000
    assert client.post("/api/events", content=big_body).status_code in (405, 413)


def test_loopback_by_default_and_token(db: str) -> None:
    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1" and args.token is None
    with pytest.raises(DetenteError, match="E601"):
        serve(db, host="0.0.0.0", port=0)  # another address needs --token
    with TestClient(create_app(db, token="s3cret")) as guarded:
        for url in ("/api/events", "/", "/events", "/api/stats", "/openapi.json"):
            assert guarded.get(url).status_code == 401, url
            bearer = {"Authorization": "Bearer s3cret"}
            assert guarded.get(url, headers=bearer).status_code == 200, url
        assert (
            guarded.get("/api/stats", headers={"Authorization": "Bearer s3cre"}).status_code == 401
        )


def test_sqlite_store_is_wal_and_intact(db: str) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_path_traversal_in_static_is_refused(client: TestClient) -> None:
    for url in ("/static/..%2F..%2Fapp.py", "/static/../app.py", "/static/%2e%2e/app.py"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert "create_app" not in response.text
