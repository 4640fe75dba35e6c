"""Latency of the explorer's API on a store of at least 10,000 events.

The store is built from real text: the Wikinews 2019 CSV and the BBC politics
folder from ../shared/data/corpus are coded once into benchmarks/out/corpus.db.
They give about a thousand events, so the benchmark store replicates those
real coded events (and their articles) with dates shifted by whole weeks and
new ids, through the Store API, until it holds --events events.

Requests go through FastAPI's in-process test client (no network), or with
--uvicorn through a real uvicorn server on 127.0.0.1. Prints a markdown table
of median and p95 milliseconds per request.

    .venv/bin/python benchmarks/api_latency.py [--events 12000] [--runs 60] [--uvicorn]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import io
import json
import socket
import statistics
import threading
import time
from pathlib import Path
from typing import Any

from docsection import write_section

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
OUT = ROOT / "benchmarks" / "out"


def build_corpus(path: Path) -> None:
    from detente.articles import ReadOptions
    from detente.ingest import ingest
    from detente.store import open_store

    inputs = [CORPUS / "wikinews_2019" / "wikinews_2019.csv", CORPUS / "bbc" / "politics"]
    with open_store(str(path)) as store:
        # BBC files carry no date; the collection is from 2004-05.
        ingest(inputs, store=store, options=ReadOptions(default_date=dt.date(2005, 1, 15)))


def shift_date(value: str, days: int) -> str:
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return value


def build_bench(path: Path, corpus: Path, *, events: int) -> int:
    """Replicate the corpus store's articles and events into `path` until it has `events`."""
    from detente.records import Article
    from detente.store import open_store
    from detente.store.query import stored_events

    with open_store(str(corpus)) as src:
        articles = src.rows("SELECT * FROM articles")
        by_article: dict[str, list[Any]] = {}
        rows = src.rows("SELECT * FROM events")
        for row, event in zip(rows, stored_events(src, rows), strict=True):
            by_article.setdefault(row["article_hash"], []).append(event)
    with open_store(str(path)) as dst:
        have = int(dst.scalar("SELECT COUNT(*) FROM events") or 0)
        copy = int(dst.scalar("SELECT COUNT(*) FROM meta WHERE key LIKE 'bench_copy_%'") or 0)
        while have < events:
            days = 7 * copy
            batch = []
            for a in articles:
                published = dt.date.fromisoformat(a["published"]) if a["published"] else None
                article = Article(
                    id=f"{a['doc_id']}~{copy}",
                    text=a["text"],
                    title=a["title"],
                    source=a["source"],
                    url=a["url"],
                    path=a["path"],
                    published=published + dt.timedelta(days=days) if published else None,
                    tags=tuple(json.loads(a["tags"])),
                    content_hash=f"{a['hash']}~{copy}",
                )
                coded = [
                    dataclasses.replace(
                        e, id=f"{e.id}~{copy}", doc_id=article.id, date=shift_date(e.date, days)
                    )
                    for e in by_article.get(a["hash"], [])
                ]
                batch.append((article, coded))
            dst.add_batch(batch)
            dst.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"bench_copy_{copy}", "1"))
            dst.conn.commit()
            copy += 1
            have = int(dst.scalar("SELECT COUNT(*) FROM events") or 0)
        return have


def bench_store(name: str, *, events: int) -> tuple[Path, int]:
    """benchmarks/out/NAME: real coded articles replicated to `events` events."""
    OUT.mkdir(parents=True, exist_ok=True)
    corpus = OUT / "corpus.db"
    if not corpus.exists():
        build_corpus(corpus)
    path = OUT / name
    return path, build_bench(path, corpus, events=events)


def busiest(db: Path) -> tuple[str, str, str]:
    from detente.store import open_store
    from detente.store.query import top_actors, top_dyads

    with open_store(str(db)) as store:
        pair = top_dyads(store, limit=1)[0]
        actor = top_actors(store, limit=1)[0]["code"]
    return pair["source"], pair["target"], actor


def requests_to_time(a: str, b: str, actor: str) -> list[tuple[str, str]]:
    return [
        ("events, no filter", "/api/events"),
        ("events, either side", f"/api/events?either={actor}"),
        ("events, actor + recipient", f"/api/events?actor={a}&recipient={b}"),
        (
            "events, type + date range",
            "/api/events?event=CONSULT&date_from=2005-01-01&date_to=2005-12-31",
        ),
        ("events, quad + sort by Goldstein", "/api/events?quad=4&sort=goldstein"),
        ("events, full text", "/api/events?q=minister&modality=all"),
        ("events, min confidence + offset", "/api/events?min_confidence=0.5&offset=500"),
        ("events CSV, either side", f"/api/events.csv?either={actor}"),
        ("dyads by month", f"/api/dyads?a={a}&b={b}&interval=month"),
        ("dyads by week", f"/api/dyads?a={a}&b={b}&interval=week"),
        ("dyads, busiest list", "/api/dyads"),
        ("network, min count 5", "/api/network?min_count=5"),
        ("stats", "/api/stats"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=12_000, help="events in the store")
    parser.add_argument("--runs", type=int, default=60, help="timed requests per URL")
    parser.add_argument("--uvicorn", action="store_true", help="a real server on loopback")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()

    bench, total = bench_store("bench.db", events=args.events)
    a, b, actor = busiest(bench)

    from detente.web import create_app

    app = create_app(str(bench))
    server = None
    if args.uvicorn:
        import httpx
        import uvicorn

        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        client: Any = httpx.Client(base_url=f"http://127.0.0.1:{port}")
    else:
        from fastapi.testclient import TestClient

        client = TestClient(app)

    lines = [
        f"Store: {total} events; "
        f"{'uvicorn on 127.0.0.1' if server else 'in-process TestClient'}; "
        f"{args.runs} runs per request after 3 warm-ups.",
        "",
        "| request | rows | median ms | p95 ms |",
        "|---|---:|---:|---:|",
    ]
    print("\n".join(lines))
    for name, url in requests_to_time(a, b, actor):
        for _ in range(3):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.text[:200])
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        if url.startswith("/api/events.csv"):
            rows = str(len(list(csv.reader(io.StringIO(response.text)))) - 1)
        elif url.startswith("/api/events"):
            rows = str(response.json()["total"])
        else:
            rows = ""
        p95 = statistics.quantiles(times, n=20)[18]
        lines.append(f"| `{url}` ({name}) | {rows} | {statistics.median(times):.1f} | {p95:.1f} |")
        print(lines[-1])
    if server is not None:
        server.should_exit = True
    if args.write:
        write_section(
            "latency",
            "\n".join(lines),
            heading="API latency",
            command=f".venv/bin/python benchmarks/api_latency.py --events {args.events} --write",
        )


if __name__ == "__main__":
    main()
