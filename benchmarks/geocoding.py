"""What geocoding adds to ingest: Reuters articles ingested with and without it, same run.

    .venv/bin/python benchmarks/geocoding.py [--n 2000] [--write]

One process loads the model, knowledge base, lexicon and gazetteer (the index
is built beforehand if missing: a one-time cost, not counted), then, after an untimed warm-up on 50 of them, ingests
the same Reuters-21578 articles (each led by its dateline, as printed) into fresh SQLite stores: without geocoding,
with it, and without it again (the two runs without bracket the one with, so
a machine growing busier or quieter shows). It reports wall-clock and CPU
seconds, the ratio with/without, and the time spent inside
`detente.geo.locate_events` itself during the run with it. With `--write` the
table goes into docs/benchmarks.md between `<!-- geocoding:start -->` and
`<!-- geocoding:end -->`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from detente.coding import coder
from detente.geo import load_gazetteer
from detente.ingest import ingest, ingest_settings
from detente.pipeline import make_context, prefilter_for
from detente.store import open_store
from docsection import write_section

REUTERS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "corpus" / "reuters21578"
)
LOCATE: list[float] = []  # seconds spent in locate_events during the run with geocoding


def timed_locate(real: Any) -> Any:
    def locate(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            LOCATE.append(time.perf_counter() - started)

    return locate


def write_corpus(n: int, folder: Path) -> Path:
    """The first `n` Reuters articles as JSONL, each text led by its dateline."""
    from detente.scale.reuters import reuters_articles

    path = folder / f"reuters-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in reuters_articles(REUTERS, limit=n, dateline=True):
            date = article.published.isoformat() if article.published else None
            record = {"id": article.id, "text": article.text, "title": article.title, "date": date}
            out.write(json.dumps(record) + "\n")
    return path


def one_run(corpus: Path, folder: Path, *, geocode: bool, name: str) -> dict[str, Any]:
    settings = dataclasses.replace(ingest_settings(None, n_process=1), geocode=geocode)
    prefilter_for(make_context(settings))  # the model, KB and lexicon, loaded outside the timing
    db = folder / f"{name}.db"
    with open_store(db) as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest([corpus], store=store, settings=settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        placed = store.scalar("SELECT COUNT(*) FROM events WHERE place_precision > 0")
    return {"name": name, "wall": wall, "cpu": cpu, "events": report.events, "placed": placed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load_gazetteer()  # built once, outside the timing
    coder.locate_events = timed_locate(coder.locate_events)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(args.n, folder)
        warm = folder / "warm" / corpus.name  # first calls (caches, lazy loads): untimed
        warm.parent.mkdir()
        warm.write_text("".join(corpus.open(encoding="utf-8").readlines()[:50]), encoding="utf-8")
        one_run(warm, folder, geocode=True, name="warm-up")
        runs = [one_run(corpus, folder, geocode=False, name="without (1st)")]
        LOCATE.clear()
        runs.append(one_run(corpus, folder, geocode=True, name="with"))
        locate_seconds = sum(LOCATE)
        runs.append(one_run(corpus, folder, geocode=False, name="without (2nd)"))
    base_wall = (runs[0]["wall"] + runs[2]["wall"]) / 2
    base_cpu = (runs[0]["cpu"] + runs[2]["cpu"]) / 2
    on = runs[1]
    lines = [
        f"Reuters-21578, first {args.n} articles with a body; 1 process; "
        f"{os.cpu_count()} CPUs; measured {dt.date.today().isoformat()}.",
        "",
        "| ingest | wall s | CPU s | events | events placed |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {r['name']} geocoding | {r['wall']:.1f} | {r['cpu']:.1f} | {r['events']} | {r['placed']} |"
            for r in runs
        ),
        "",
        f"- with / without (mean of the two runs without): wall {on['wall'] / base_wall:.3f}, "
        f"CPU {on['cpu'] / base_cpu:.3f}",
        f"- time inside `locate_events` during the run with geocoding: {locate_seconds:.2f} s, "
        f"{locate_seconds / (on['wall'] - locate_seconds):.1%} of the rest of that ingest",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(
            "geocoding",
            text,
            heading="Geocoding overhead on ingest",
            command="python benchmarks/geocoding.py --n 2000 --write",
        )


if __name__ == "__main__":
    main()
