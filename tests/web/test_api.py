"""The JSON API on a store coded from the real example articles."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from detente.errors import DetenteError
from detente.web import api
from detente.web.api import NO_WEEK
from detente.web.app import create_app, serve
from detente.web.deps import FILTER_KEYS

SHARED_EXAMPLES = Path(__file__).parents[3] / "shared" / "examples"

needs_putin = pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared/examples missing")


@needs_putin
def test_dyad_rus_chn_has_visit_and_support(client: TestClient) -> None:
    data = client.get("/api/dyads", params={"a": "RUS", "b": "CHN"}).json()
    assert {(t["source"], t["target"]) for t in data["totals"]} == {("RUS", "CHN"), ("CHN", "RUS")}
    types = {name for counts in data["by_type"].values() for name in counts}
    assert {"CONSULT", "SUPPORT"} <= types
    assert sum(t["events"] for t in data["totals"]) == sum(s["events"] for s in data["series"])
    assert "2023-10" in {s["period"] for s in data["series"]}
    page = client.get("/dyad/RUS/CHN.json").json()
    sentences = " ".join(e["sentence"] for e in page["events"])
    assert "visit" in sentences and "support" in sentences
    assert any(e["event"] == "CONSULT" and e["mode"] == "visit" for e in page["events"])


@needs_putin
def test_dyad_weekly_and_events_behind_a_point(client: TestClient) -> None:
    data = client.get("/api/dyads", params={"a": "rus", "b": "chn", "interval": "week"}).json()
    weeks = [s for s in data["series"] if s["period"] != NO_WEEK]
    assert weeks and all("-W" in s["period"] for s in weeks)
    point = weeks[0]
    page = client.get(
        "/dyad/RUS/CHN.json", params={"interval": "week", "period": point["period"]}
    ).json()
    behind = [
        e
        for e in page["events"]
        if point["source"] in {a["code"] for a in e["actor"] + e["recipient"]}
    ]
    assert len(page["events"]) >= point["events"] and behind


def test_events_filters(client: TestClient) -> None:
    everything = client.get("/api/events", params={"modality": "all", "limit": 1000}).json()
    assert everything["total"] == len(everything["events"]) > 20
    asserted = client.get("/api/events").json()
    assert 0 < asserted["total"] < everything["total"]
    assert {e["modality"] for e in asserted["events"]} == {"asserted"}
    consult = client.get("/api/events", params={"event": "consult"}).json()
    assert consult["total"] and {e["event"] for e in consult["events"]} == {"CONSULT"}
    by_actor = client.get("/api/events", params={"actor": "IND"}).json()["events"]
    assert by_actor and all("IND" in {a["code"] for a in e["actor"]} for e in by_actor)
    by_recipient = client.get("/api/events", params={"recipient": "RUS"}).json()["events"]
    assert all("RUS" in {a["code"] for a in e["recipient"]} for e in by_recipient)
    either = client.get("/api/events", params={"either": "RUS"}).json()["total"]
    assert either >= len(by_recipient)
    quad = client.get("/api/events", params={"quad": 1}).json()["events"]
    assert quad and {e["quad"] for e in quad} == {1}
    dated = client.get(
        "/api/events", params={"date_from": "2024-01-01", "date_to": "2024-03-31"}
    ).json()["events"]
    assert dated and all("2024-01-01" <= e["date"] <= "2024-03-31" for e in dated)
    text = client.get("/api/events", params={"q": "floods", "modality": "all"}).json()["events"]
    assert text and all("floods" in e["sentence"].lower() for e in text)
    confident = client.get("/api/events", params={"min_confidence": 0.99}).json()["events"]
    assert all(e["confidence"] >= 0.99 for e in confident)


def test_paging_and_sorting(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 5, "modality": "all"}).json()
    second = client.get("/api/events", params={"limit": 5, "offset": 5, "modality": "all"}).json()
    assert first["next_offset"] == 5 and len(first["events"]) == 5
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    dates = [
        e["date"] for e in client.get("/api/events", params={"sort": "-date"}).json()["events"]
    ]
    assert dates == sorted(dates)
    assert client.get("/api/events", params={"limit": 1001}).status_code == 400
    assert client.get("/api/events", params={"limit": 10**9}).status_code == 422
    assert client.get("/api/events", params={"sort": "id; DROP TABLE events"}).status_code == 422


def test_counts_stop_at_the_cap(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: a broad filter is counted up to COUNT_CAP, and said to be more."""
    exact = client.get("/api/events", params={"modality": "all", "limit": 1000}).json()
    assert exact["total_capped"] is False and exact["total"] == len(exact["events"])
    monkeypatch.setattr(api, "COUNT_CAP", 5)
    page = client.get("/api/events", params={"modality": "all", "limit": 5}).json()
    assert (page["total"], page["total_capped"], page["next_offset"]) == (5, True, 5)
    last = client.get("/api/events", params={"modality": "all", "limit": 1000}).json()
    assert last["total_capped"] and len(last["events"]) == exact["total"]
    assert last["next_offset"] is None  # every row is on this page
    html = client.get("/events", params={"modality": "all"}).text
    assert "5+ matching" in html and "of 5+" in html
    assert "limit=100000" in html  # the CSV link exports every match, not the first 5


@needs_putin
def test_igo_actors_have_their_organisations_name(client: TestClient) -> None:
    """Issue 13: `org` stays the CAMEO code, `org_name` says who it is, the page shows it."""
    events = client.get("/api/events", params={"modality": "all", "limit": 1000}).json()["events"]
    orgs = {(a["org"], a["org_name"]) for e in events for a in e["actor"] + e["recipient"]}
    assert ("UNO", "United Nations") in orgs and ("EEC", "European Union") in orgs
    assert all(name for org, name in orgs if org in ("UNO", "EEC", "WBK", "NAT"))
    un = next(e for e in events if "UNO" in {a["org"] for a in e["actor"] + e["recipient"]})
    assert "United Nations (UNO)" in client.get(f"/event/{un['id']}").text
    rows = _csv(client.get("/api/events.csv", params={"modality": "all"}).text)
    assert "org_name" not in rows[0]  # the export's columns are unchanged


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"either": "RUS"},
        {"event": "CONSULT", "sort": "goldstein"},
        {"modality": "all", "limit": 7, "offset": 3},
        {"q": "visit", "modality": "all"},
    ],
)
def test_csv_equals_json(client: TestClient, params: dict[str, object]) -> None:
    as_json = client.get("/api/events", params=params).json()["events"]
    as_csv = _csv(client.get("/api/events.csv", params=params).text)
    same = _csv(client.get("/api/events", params={**params, "format": "csv"}).text)
    assert as_csv == same
    assert [r["id"] for r in as_csv] == [e["id"] for e in as_json]
    assert [r["sentence"] for r in as_csv] == [e["sentence"] for e in as_json]
    assert [r["actor_code"] for r in as_csv] == [
        ";".join(a["code"] for a in e["actor"]) for e in as_json
    ]


def test_csv_exports_more_than_one_json_page(client: TestClient) -> None:
    total = client.get("/api/events", params={"modality": "all"}).json()["total"]
    rows = _csv(client.get("/api/events.csv", params={"modality": "all", "limit": 5000}).text)
    assert len(rows) == total


def test_event_detail_has_evidence(client: TestClient) -> None:
    event = client.get(
        "/api/events", params={"event": "CONSULT", "actor": "IND", "recipient": "JPN"}
    ).json()["events"][0]
    data = client.get(f"/api/events/{event['id']}").json()
    assert data["event"]["id"] == event["id"] and data["reasons"]
    sentence = data["evidence"]["sentence"]
    for span in data["evidence"]["spans"]:
        assert sentence[span["start"] : span["end"]] == span["text"]
    assert {"actor", "trigger"} <= {s["role"] for s in data["evidence"]["spans"]}
    assert data["article"]["hash"] == event["article_hash"]
    assert all(o["event"] == "CONSULT" and o["id"] != event["id"] for o in data["other_reports"])
    assert client.get("/api/events/nope").status_code == 404


def test_other_reports_link_the_two_india_japan_articles(client: TestClient) -> None:
    events = client.get(
        "/api/events", params={"actor": "IND", "recipient": "JPN", "limit": 100}
    ).json()["events"]
    docs = set()
    for event in events:
        others = client.get(f"/api/events/{event['id']}").json()["other_reports"]
        docs |= {o["doc_id"] for o in others if o["doc_id"] != event["doc_id"]}
    assert docs, "the report of the Modi-Kishida talks should find the other article"


def test_actors_and_actor_detail(client: TestClient) -> None:
    actors = client.get("/api/actors").json()["actors"]
    codes = [a["code"] for a in actors]
    assert "RUS" in codes and "CHN" in codes
    rus = client.get("/api/actors/RUS").json()
    assert rus["counts"]["as_actor"] > 0 and rus["events_as_actor"]
    assert any(p["partner"] == "CHN" for p in rus["partners"])
    assert rus["entity"] is None or rus["entity"]["roles"] is not None
    person = next(
        a["entity_id"]
        for e in rus["events_as_actor"]
        for a in e["actor"]
        if a["entity_id"] and a["entity_id"] != "RUS"
    )
    detail = client.get(f"/api/actors/{person}").json()
    if detail["entity"] is not None:
        starts = [r["start"] for r in detail["entity"]["roles"]]
        assert starts == sorted(starts)
    assert client.get("/api/actors/NO_SUCH_ACTOR").status_code == 404
    assert _csv(client.get("/api/actors", params={"format": "csv"}).text)[0]["code"] == codes[0]


def test_articles_and_stats(client: TestClient) -> None:
    articles = client.get("/api/articles").json()["articles"]
    assert len(articles) >= 7 and "text" not in articles[0]
    first = articles[0]
    by_hash = client.get(f"/api/articles/{first['hash']}").json()
    by_doc = client.get(f"/api/articles/{first['doc_id']}").json()
    assert by_hash["article"]["hash"] == by_doc["article"]["hash"] == first["hash"]
    assert len(by_hash["events"]) == first["n_events"]
    stats = client.get("/api/stats").json()
    assert stats["articles"] == len(articles) and stats["events"] >= stats["asserted_events"] > 0
    assert sum(r["events"] for r in stats["by_modality"]) == stats["events"]
    # the examples are English: detected on reading, stored, and filterable
    assert {a["language"] for a in articles} == {"en"}
    assert stats["by_language"] == [{"value": "en", "articles": len(articles)}]
    english = client.get("/api/articles", params={"language": "en"}).json()["articles"]
    assert len(english) == len(articles)
    assert client.get("/api/articles", params={"language": "fr"}).json()["articles"] == []
    assert client.get("/api/articles", params={"language": "fr; --"}).status_code == 422


def read_graph(text: str, fmt: str) -> nx.DiGraph:
    if fmt == "gml":
        return nx.parse_gml(text)
    reader = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    return reader(io.BytesIO(text.encode("utf-8")))


def assert_same_graph(graph: nx.DiGraph, data: dict[str, Any]) -> None:
    """`graph` has the nodes, directed edges, weights and PageRank of the JSON network."""
    assert graph.is_directed()
    assert sorted(graph.nodes) == sorted(n["id"] for n in data["nodes"])
    assert {(u, v): int(w) for u, v, w in graph.edges(data="weight")} == {
        (e["source"], e["target"]): e["events"] for e in data["edges"]
    }
    for node in data["nodes"]:
        assert float(graph.nodes[node["id"]]["pagerank"]) == pytest.approx(node["pagerank"])
        assert int(graph.nodes[node["id"]]["events"]) == node["events"]


def test_network_and_exports(client: TestClient) -> None:
    data = client.get("/api/network").json()
    assert data["edges"] and {n["id"] for n in data["nodes"]} >= {"RUS", "CHN"}
    assert data["size_by"] == "pagerank" and "PageRank" in data["size_by_label"]
    assert sum(n["pagerank"] for n in data["nodes"]) == pytest.approx(1, abs=1e-4)
    busy = client.get("/api/network", params={"min_count": 2}).json()["edges"]
    assert all(e["events"] >= 2 for e in busy) and len(busy) < len(data["edges"])
    rows = _csv(client.get("/api/network", params={"format": "csv"}).text)
    assert len(rows) == len(data["edges"])
    for fmt in ("gexf", "graphml", "gml"):  # each written by networkx, read back by it
        response = client.get("/api/network", params={"format": fmt})
        assert f'filename="network.{fmt}"' in response.headers["content-disposition"]
        assert_same_graph(read_graph(response.text, fmt), data)
    dated = client.get("/api/network", params={"date_from": "2024-01-01"}).json()["edges"]
    assert len(dated) < len(data["edges"])


def test_openapi_documents_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/events",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/dyads",
        "/api/articles/{article_id}",
        "/api/stats",
        "/api/network",
    ):
        assert path in paths
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert set(FIELDS) <= names


INJECTIONS = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    '" OR ""="',
    "%",
    "_",
    "*",
    "NEAR(a b)",
    "a AND OR NOT",
    "\\",
    "'); DELETE FROM articles; --",
    "\u0000",
    "\U0001f600",
    "x" * 5000,
    "<script>alert(1)</script>",
    "-1",
    "1e309",
    "NaN",
    "../../etc/passwd",
]
FIELDS = [*FILTER_KEYS, "limit", "offset"]  # every filter of the event list


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_never_500(client: TestClient, value: str) -> None:
    before = client.get("/api/stats").json()
    for name in FIELDS:
        for url in ("/api/events", "/api/events.csv", "/events"):
            assert client.get(url, params={name: value}).status_code < 500, (url, name)
    for url, names in (
        ("/api/dyads", ["a", "b", "interval", "date_from"]),
        ("/api/network", ["min_count", "date_from", "date_to", "format"]),
        ("/api/actors", ["q", "modality", "limit"]),
        ("/api/articles", ["q", "language"]),
        ("/articles", ["language"]),
        ("/network", ["min_count", "date_from"]),
        ("/dyads", ["a"]),
        ("/dyad/RUS/CHN", ["period", "interval"]),
    ):
        for name in names:
            params = {name: value, **({"b": "CHN"} if name == "a" else {})}
            assert client.get(url, params=params).status_code < 500, (url, name)
    for prefix in (
        "/api/events/",
        "/api/actors/",
        "/api/articles/",
        "/event/",
        "/actor/",
        "/article/",
        "/dyad/RUS/",
    ):
        assert client.get(prefix + quote(value, safe="")).status_code < 500, prefix
    assert client.get("/api/stats").json() == before


def test_token_guard(store_path: str) -> None:
    app = create_app(store_path, token="s3cret")
    with TestClient(app) as guarded:
        assert guarded.get("/api/stats").status_code == 401
        assert (
            guarded.get("/api/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401
        )
        assert (
            guarded.get("/api/stats", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        )
        first = guarded.get("/", params={"token": "s3cret"})
        assert first.status_code == 200
        assert guarded.get("/events").status_code == 200  # the cookie carries the token
    with pytest.raises(DetenteError, match="E601"):
        serve(store_path, host="0.0.0.0", port=0)
    with pytest.raises(DetenteError, match="E602"):
        serve("/nonexistent/dir/x.db", host="127.0.0.1", port=0)


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_issue_13_api_event_is_the_code_jsonl(client: TestClient) -> None:
    """An event's JSON in the API is the line `detente code` writes for it (`Event.to_dict`,
    the one serialiser), with what only the store has beside it."""
    from detente.articles import iter_articles
    from detente.pipeline import code_articles
    from detente.records import Article

    examples = Path(__file__).parents[2] / "examples" / "articles"
    articles = [a for a in iter_articles([examples]) if isinstance(a, Article)]
    lines = {e.id: e.to_dict() for _, events in code_articles(articles) for e in events}
    page = client.get("/api/events", params={"modality": "all", "limit": 1000}).json()
    served = {e["id"]: e for e in page["events"]}
    assert lines and set(lines) <= set(served)
    for event_id, line in lines.items():
        got = served[event_id]
        for side in ("actor", "recipient"):
            assert all(a.pop("org_name") is not None for a in got[side])
        assert {key: got[key] for key in line} == line
        assert got["article_hash"] and got["sentence"] == line["text_info"]["sentence"]
