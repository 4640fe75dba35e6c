"""Throughput and memory of detente against bare spaCy, on the same Reuters texts.

    .venv/bin/python benchmarks/throughput.py [--n 2000] [--flat 1000] [--write]

One run measures, each in its own subprocess (so peak memory is separate):
bare `nlp.pipe` of the same model with all components in 1 and 2 processes;
detente end to end (read, prefilter, parse, code, store in SQLite) with 1 and 2
processes, with the rules alone and with `parse: all` (every sentence parsed, the
flow before issue 11); and the Dask path with 2 workers. Each run is compared
with bare spaCy on as many processes (core for core); sentences/s counts bare
spaCy's sentences; the share of sentences parsed is counted in the 1-process runs. Peak RSS is the largest sum of
the RSS of the measured process and all its descendants, sampled every
0.1 s; peak PSS is the same sum with each shared page split between the processes that
share it (what forked workers take together). A 1-process run is pinned to one core
(`os.sched_setaffinity`), so one process is one core for bare spaCy and detente alike
(detente gives the sentence model's onnxruntime the cores of its process). Model
loading is outside the timed part for bare spaCy and detente with 1 process; spaCy's
and Dask's worker processes load it inside.
With `--write` the table goes into docs/benchmarks.md between the markers
`<!-- throughput:start -->` and `<!-- throughput:end -->`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil

from detente.cli.torchless import keep_torch_out
from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578"
MODES = {
    "bare": "bare `nlp.pipe`, all components, 1 process",
    "bare2": "bare `nlp.pipe`, all components, 2 processes",
    "rules1": "detente end to end, rules alone (no sentence model), 1 process",
    "all1": "detente end to end, `parse: all` (every sentence parsed), 1 process",
    "detente1": "detente end to end, 1 process",
    "detente2": "detente end to end, 2 processes",
    "dask2": "detente on Dask, LocalCluster 2 workers",
}

TWO_PROCESSES = ("bare2", "detente2", "dask2")


class PeakRSS:
    """Samples the memory of this process and its descendants in a thread: the sum of
    their RSS (a page shared by forked processes counts in each) and of their PSS (a
    shared page is split between the processes that share it: what they take together)."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            rss = pss = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    memory = proc.memory_full_info()
                    rss += memory.rss
                    pss += getattr(memory, "pss", memory.rss)
            self.peak = max(self.peak, rss)
            self.peak_pss = max(self.peak_pss, pss)
            time.sleep(0.1)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def write_corpus(n: int, folder: Path) -> Path:
    from detente.scale.reuters import reuters_articles

    path = folder / f"reuters-{n}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in reuters_articles(REUTERS, limit=n):
            date = article.published.isoformat() if article.published else None
            record = {"id": article.id, "text": article.text, "title": article.title, "date": date}
            out.write(json.dumps(record) + "\n")
    return path


def child(mode: str, corpus: Path, db: Path) -> dict[str, Any]:
    """Measure one mode in this process; returns seconds, articles, words, peak RSS."""
    keep_torch_out()  # as the command line does, for bare spaCy and detente alike
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    if mode not in TWO_PROCESSES:  # one process, one core
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with PeakRSS() as rss:
        if mode in ("bare", "bare2"):
            import spacy

            from detente.settings import default_settings

            nlp = spacy.load(default_settings().model)
            started = time.perf_counter()
            sentences = 0
            for doc in nlp.pipe(texts, batch_size=64, n_process=2 if mode == "bare2" else 1):
                sentences += sum(1 for _ in doc.sents)
        else:
            from detente.ingest import ingest, ingest_settings
            from detente.pipeline import make_context, prefilter_for
            from detente.store import open_store

            settings = ingest_settings(None, n_process=2 if mode in ("detente2", "dask2") else 1)
            if mode == "rules1":
                settings = dataclasses.replace(settings, sentence_model="off")
            if mode == "all1":
                settings = dataclasses.replace(settings, parse="all")
            prefilter_for(make_context(settings))  # load model, KB, lexicon
            with open_store(db) as store:
                if mode == "dask2":
                    from distributed import Client

                    from detente.scale.dask import ingest_dask, local_cluster

                    with (
                        local_cluster(2) as cluster,
                        Client(cluster) as client,
                    ):
                        started = time.perf_counter()
                        report = ingest_dask(
                            [corpus], store=store, settings=settings, client=client
                        )
                        seconds = time.perf_counter() - started
                else:
                    started = time.perf_counter()
                    report = ingest([corpus], store=store, settings=settings)
                events = report.events
        seconds = time.perf_counter() - started
    result = {"mode": mode, "seconds": seconds, "articles": len(texts), "words": words}
    used = os.times()  # CPU seconds of this process and its finished workers, load aside
    result["cpu_seconds"] = used.user + used.system + used.children_user + used.children_system
    result["peak_rss_mb"] = rss.peak / 2**20
    result["peak_pss_mb"] = rss.peak_pss / 2**20
    if mode.startswith("bare"):
        result["sentences"] = sentences
    else:
        from detente.pipeline import PARSE_STATS

        result["events"] = events
        if PARSE_STATS.sentences:  # counted in this process only (1 process)
            result["parsed_share"] = PARSE_STATS.share
    return result


def run(mode: str, corpus: Path, folder: Path) -> dict[str, Any]:
    db = folder / f"{mode}-{corpus.stem}.db"
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(results: list[dict[str, Any]], flat: list[dict[str, Any]]) -> str:
    bare = next(r for r in results if r["mode"] == "bare")
    n = bare["articles"]
    lines = [
        f"Reuters-21578, first {n} articles with a body ({bare['words']:,} words, "
        f"{bare['sentences']:,} sentences as bare spaCy splits them); "
        f"{psutil.cpu_count()} CPUs; measured {time.strftime('%Y-%m-%d')}. "
        "Core for core: each run is compared with bare `nlp.pipe` on as many processes.",
        "",
        "| run | seconds | articles/s | words/s | sentences/s | × bare, 1 process "
        "| × bare, same processes | peak RSS (MB) | peak PSS (MB) | sentences parsed | events |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by_mode = {r["mode"]: r for r in results}
    for r in results:
        same = by_mode.get("bare2" if r["mode"] in TWO_PROCESSES else "bare", bare)
        share = f"{r['parsed_share']:.0%}" if "parsed_share" in r else ""
        if r["mode"].startswith("bare") or r["mode"] == "all1":
            share = "100%"
        lines.append(
            f"| {MODES[r['mode']]} | {r['seconds']:.1f} | {r['articles'] / r['seconds']:.1f} | "
            f"{r['words'] / r['seconds']:,.0f} | {bare['sentences'] / r['seconds']:,.0f} | "
            f"{bare['seconds'] / r['seconds']:.2f} | {same['seconds'] / r['seconds']:.2f} | "
            f"{r['peak_rss_mb']:.0f} | {r.get('peak_pss_mb', 0):.0f} | {share} | "
            f"{r.get('events', '')} |"
        )
    if flat:
        lines += ["", "Memory flatness (detente end to end, 1 process):", ""]
        lines += ["| articles | peak RSS (MB) | peak PSS (MB) |", "|---:|---:|---:|"]
        for r in flat:
            lines.append(f"| {r['articles']} | {r['peak_rss_mb']:.0f} | {r['peak_pss_mb']:.0f} |")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    write_section(
        "throughput",
        text,
        heading="Throughput and memory",
        command=".venv/bin/python benchmarks/throughput.py --n 2000 --flat 500 --write",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--flat", type=int, default=0, help="also measure memory at this N")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--child", default="")
    parser.add_argument("--corpus", default="")
    parser.add_argument("--db", default="")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.corpus), Path(args.db))))
        return
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp:
        folder = Path(tmp)
        corpus = write_corpus(args.n, folder)
        results = []
        for mode in args.modes.split(","):
            results.append(run(mode, corpus, folder))
            print(json.dumps(results[-1]), file=sys.stderr)
        flat = []
        if args.flat:
            flat.append(run("detente1", write_corpus(args.flat, folder), folder))
            flat.append(next(r for r in results if r["mode"] == "detente1"))
    text = table(results, flat)
    print(text)
    if args.write:
        write_doc(text)


if __name__ == "__main__":
    main()
