"""Memory of `detente watch` over many rounds of a feed (not a timed test).

    .venv/bin/python benchmarks/feeds.py [--rounds 100] [--items 50] [--new 2] [--fetch] [--write]

A local HTTP server on 127.0.0.1 serves one RSS feed of `--items` items; every
round, `--new` items appear at the top and as many drop off the bottom, and
the feed's ETag changes. With `--fetch` the feed carries summaries and each
item's page is fetched (the `--fetch` path of `detente watch`). The watcher
runs in this process on a SQLite store; the RSS of the process is read after
every round. The stories are generated from a few sentence patterns written
for this benchmark. With `--write` the table goes into docs/benchmarks.md
between `<!-- feeds:start -->` and `<!-- feeds:end -->`.
"""

from __future__ import annotations

import argparse
import email.utils
import http.server
import tempfile
import threading
import time
from pathlib import Path

import psutil

from detente.articles.fetch import FetchOptions
from detente.articles.read import ReadOptions
from detente.store import open_store
from detente.watch import RoundReport, Watcher, watch
from docsection import write_section

PAIRS = [
    ("Kenya", "Uganda"), ("Chile", "Argentina"), ("Poland", "Lithuania"), ("Vietnam", "Laos"),
    ("Morocco", "Senegal"), ("Norway", "Sweden"), ("Peru", "Ecuador"), ("Ghana", "Nigeria"),
]  # fmt: skip
ACTS = [
    "{a}'s foreign minister met {b}'s foreign minister in the capital to discuss {topic}.",
    "{a} signed an agreement with {b} on {topic}, officials said.",
    "{a} accused {b} of breaking a promise on {topic}.",
    "{a} sent aid to {b} after storms damaged roads and bridges.",
]
TOPICS = ["river water", "fishing rights", "rail links", "border markets", "power lines"]


def story(n: int) -> tuple[str, str]:
    """Title and paragraphs of story number `n` (each one different)."""
    a, b = PAIRS[n % len(PAIRS)]
    topic = TOPICS[(n // len(PAIRS)) % len(TOPICS)]
    lead = ACTS[n % len(ACTS)].format(a=a, b=b, topic=topic)
    body = [
        lead,
        f"The talks were the {n}th meeting of a joint commission set up to settle {topic}.",
        f"Delegates from {b} said they expected a second round before the end of the season.",
        f"Local leaders in border towns said story {n} mattered to traders and farmers alike.",
    ]
    return f"{a} and {b}: {topic} (report {n})", "\n\n".join(body)


class Feed:
    """The feed as it stands in the current round."""

    def __init__(self, items: int, new: int, fetch: bool) -> None:
        self.items, self.new, self.fetch, self.round = items, new, fetch, 0
        self.base = ""

    def xml(self) -> bytes:
        top = self.items + self.round * self.new
        entries = []
        for n in range(top, top - self.items, -1):
            title, body = story(n)
            day = email.utils.formatdate(1_767_225_600 + n * 3600, usegmt=True)
            text = body.split("\n\n")[0] if self.fetch else body
            entries.append(
                f"<item><title>{title}</title><link>{self.base}/story/{n}.html</link>"
                f"<pubDate>{day}</pubDate><description><![CDATA[<p>"
                + text.replace("\n\n", "</p><p>")
                + "</p>]]></description></item>"
            )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Benchmark Wire</title>'
            + "".join(entries)
            + "</channel></rss>"
        ).encode()

    def page(self, n: int) -> bytes:
        title, body = story(n)
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        return (
            f"<html><head><title>{title}</title></head><body><nav>Home World</nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article><footer>Wire</footer></body></html>"
        ).encode()


def serve(feed: Feed) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            etag = f'"round-{feed.round}"'
            if self.path == "/feed.rss" and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            if self.path == "/feed.rss":
                body, kind = feed.xml(), "application/rss+xml"
            elif self.path.startswith("/story/"):
                body, kind = feed.page(int(self.path[7:].removesuffix(".html"))), "text/html"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feed.base = f"http://127.0.0.1:{server.server_address[1]}"
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--new", type=int, default=2, help="new items a round")
    parser.add_argument("--fetch", action="store_true", help="summaries in the feed, pages fetched")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()

    feed = Feed(args.items, args.new, args.fetch)
    server = serve(feed)
    me = psutil.Process()
    samples: list[tuple[int, float, int, int, float]] = []  # round, RSS MB, coded, stored, s

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "watch.db") as store:
        polite = FetchOptions(delay=0.0, timeout=10.0)
        options = ReadOptions(fetch=polite if args.fetch else None)
        watcher = Watcher([f"{feed.base}/feed.rss"], store=store, options=options, fetch=polite)
        stored = [0]

        def on_round(report: RoundReport) -> None:
            assert not report.problems, report.problems
            stored[0] += report.ingest.coded + report.ingest.near_duplicates
            rss = me.memory_info().rss / 2**20
            samples.append((report.number, rss, report.ingest.coded, stored[0], report.seconds))
            print(f"round {report.number}: RSS {rss:.0f} MB, coded {report.ingest.coded}, "
                  f"stored {stored[0]}, {report.seconds:.2f}s", flush=True)  # fmt: skip
            feed.round += 1  # the next round sees new items

        started = time.perf_counter()
        watch(watcher, every=0, rounds=args.rounds, on_round=on_round)
        seconds = time.perf_counter() - started
    server.shutdown()

    shown = [s for s in samples if s[0] in (1, 2) or s[0] % 10 == 0 or s[0] == len(samples)]
    after = [rss for number, rss, *_ in samples if number >= 10]
    lines = [
        f"One RSS feed of {args.items} items on a local server, {args.new} new items a round, "
        f"{args.rounds} rounds{', pages fetched' if args.fetch else ''}; in-process watcher on "
        f"SQLite; 2 CPUs; {seconds:.0f} s in all; measured {time.strftime('%Y-%m-%d')}.",
        "",
        "| round | RSS (MB) | coded this round | articles stored | round seconds |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {n} | {rss:.0f} | {coded} | {total} | {sec:.2f} |"
            for n, rss, coded, total, sec in shown
        ),
        "",
        f"From round 10 to round {len(samples)}: RSS between {min(after):.0f} and "
        f"{max(after):.0f} MB ({max(after) - min(after):+.0f} MB)."
        if after
        else "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        command = "PYTHONPATH=src .venv/bin/python benchmarks/feeds.py"
        command += f" --rounds {args.rounds} --items {args.items} --new {args.new}"
        command += (" --fetch" if args.fetch else "") + " --write"
        write_section("feeds", text, heading="Watching a feed: memory over rounds", command=command)


if __name__ == "__main__":
    main()
