"""Watch feeds: every few minutes, code what is new into a store.

A round reads each source (a feed URL or file) in turn. A URL is asked for
conditionally with the ETag and Last-Modified it gave when last read in full,
a file is skipped when its bytes have not changed; items whose URL is stored
already are dropped before any page is fetched, the rest go through the same
flow as `detente ingest` (skipped by content hash, coded, committed a batch
at a time). A feed's validators are saved only after all its items are
stored or reported, so a run stopped at any point (even by kill -9) resumes
where it stopped: nothing lost, nothing twice.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from detente.analysis.dedup import cluster_events
from detente.articles.feeds import Feed, looks_like_feed, parse_feed
from detente.articles.fetch import Fetcher, FetchFailure, FetchOptions
from detente.articles.formats import ReadFailure
from detente.articles.read import Item, ReadOptions, ReadProblem, read_feed
from detente.errors import DetenteError, E
from detente.ingest import IngestReport, ingest_items, near_duplicate_index
from detente.loop.runs import end_watch_run, start_watch_run
from detente.pipeline import make_context
from detente.settings import Settings
from detente.store import Store


@dataclass(slots=True)
class RoundReport:
    number: int
    feeds: int = 0  # sources read
    unchanged: int = 0  # ... of which had not changed (HTTP 304, same bytes)
    items: int = 0  # items in the changed feeds
    known: int = 0  # ... of which were stored already (by URL)
    ingest: IngestReport = field(default_factory=IngestReport)
    seconds: float = 0.0
    stopped: bool = False  # asked to stop before the round was done

    @property
    def problems(self) -> list[ReadProblem]:
        return self.ingest.problems


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand_sources(sources: Iterable[str]) -> tuple[list[str], list[ReadProblem]]:
    """Feed URLs and files; a file that is not a feed lists sources, one a line
    ("#" comments; relative paths from the list's folder)."""
    found: list[str] = []
    problems: list[ReadProblem] = []
    for source in sources:
        if is_url(source):
            found.append(source)
            continue
        path = Path(source)
        try:
            data = path.read_bytes()
        except OSError as exc:
            why = exc.strerror or str(exc)
            message = str(DetenteError(E.E001, path=source, why=why))
            problems.append(ReadProblem(path=source, reason="unreadable", message=message))
            continue
        if looks_like_feed(data) or path.suffix.lower() in (".rss", ".atom", ".rdf"):
            found.append(source)
            continue
        lines = data.decode("utf-8", "replace").splitlines()
        listed = [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]
        if not listed:
            message = str(DetenteError(E.E013, path=source))
            problems.append(ReadProblem(path=source, reason="empty", message=message))
        found += [s if is_url(s) else str(path.parent / s) for s in listed]
    return list(dict.fromkeys(found)), problems


class Watcher:
    """The state kept between rounds: store, coding context, fetcher, near-duplicates."""

    def __init__(
        self,
        sources: Sequence[str],
        *,
        store: Store,
        options: ReadOptions | None = None,
        settings: Settings | None = None,
        fetch: FetchOptions | None = None,
        batch_size: int = 100,
        stop: threading.Event | None = None,
    ) -> None:
        self.sources = list(sources)
        self.store = store
        self.options = options or ReadOptions()
        self.fetcher = Fetcher(fetch or self.options.fetch or FetchOptions())
        self.ctx = make_context(settings)
        threshold = self.ctx.settings.near_duplicate
        self.index = near_duplicate_index(store, threshold) if threshold > 0 else None
        self.batch_size = batch_size
        self.stop = stop or threading.Event()
        self.rounds = 0
        self.run_id: int | None = None  # the run of the current round (detente.loop.runs)

    def round(self) -> RoundReport:
        """Read every source once and code its new items."""
        self.rounds += 1
        report = RoundReport(number=self.rounds)
        started = time.perf_counter()
        sources, problems = expand_sources(self.sources)
        report.problems.extend(problems)
        self.run_id = start_watch_run(self.store, self.ctx, self.rounds)
        try:
            for source in sources:
                if self.stop.is_set():
                    report.stopped = True
                    break
                self._source(source, report)
            if report.ingest.coded:
                cluster_events(self.store, settings=self.ctx.settings)
        finally:
            end_watch_run(self.store, self.run_id, report.ingest, stopped=report.stopped)
        report.seconds = time.perf_counter() - started
        return report

    def _source(self, source: str, report: RoundReport) -> None:
        etag, modified = self.store.feed_state(source)
        try:
            if is_url(source):
                answer = self.fetcher.get(source, etag=etag, last_modified=modified)
                data, etag, modified = answer.body, answer.etag, answer.last_modified
                unchanged = answer.status == 304
            else:
                data = Path(source).read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                unchanged, etag, modified = digest == etag, digest, ""
            report.feeds += 1
            if unchanged:
                report.unchanged += 1
                return
            feed = parse_feed(data, path=source)
        except FetchFailure as failure:
            report.problems.append(ReadProblem(source, failure.reason, str(failure.error)))
            return
        except ReadFailure as failure:
            report.problems.append(ReadProblem(source, failure.reason, str(failure.error)))
            return
        except OSError as exc:
            message = str(DetenteError(E.E001, path=source, why=exc.strerror or exc))
            report.problems.append(ReadProblem(source, "unreadable", message))
            return
        known = self.store.known_urls(item.url for item in feed.items)
        fresh = tuple(item for item in feed.items if not item.url or item.url not in known)
        report.items += len(feed.items)
        report.known += len(feed.items) - len(fresh)
        items = read_feed(
            Feed(title=feed.title, items=fresh, problem=feed.problem),
            path=source,
            options=self.options,
            fetcher=self.fetcher if self.options.fetch else None,
        )
        done = _Until(items, self.stop)
        ingest_items(
            done,
            store=self.store,
            ctx=self.ctx,
            report=report.ingest,
            index=self.index,
            batch_size=self.batch_size,
            run_id=self.run_id,
        )
        if done.complete:
            self.store.save_feed_state(source, etag=etag, last_modified=modified)
        else:
            report.stopped = True


class _Until:
    """Items until `stop` is set; `complete` tells whether all were given."""

    def __init__(self, items: Iterable[Item], stop: threading.Event) -> None:
        self.items = items
        self.stop = stop
        self.complete = False

    def __iter__(self) -> Iterator[Item]:
        for item in self.items:
            if self.stop.is_set():
                return
            yield item
        self.complete = not self.stop.is_set()


def watch(
    watcher: Watcher,
    *,
    every: float = 900.0,
    rounds: int | None = None,
    on_round: Callable[[RoundReport], None] | None = None,
) -> int:
    """Run rounds `every` seconds apart (start to start) until `rounds` are done or
    `watcher.stop` is set; returns the number of rounds run."""
    done = 0
    while not watcher.stop.is_set() and (rounds is None or done < rounds):
        started = time.monotonic()
        report = watcher.round()
        done += 1
        if on_round is not None:
            on_round(report)
        if rounds is not None and done >= rounds:
            break
        watcher.stop.wait(max(0.0, every - (time.monotonic() - started)))
    return done


_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(text: str) -> float:
    """'15m', '90s', '1h' or plain seconds -> seconds."""
    raw = text.strip().lower()
    scale = _UNITS.get(raw[-1:], 0.0)
    try:
        value = float(raw[:-1] if scale else raw) * (scale or 1.0)
    except ValueError:
        raise ValueError(f"not an interval: {text!r} (try 15m, 90s or 1h)") from None
    if value < 0:
        raise ValueError(f"not an interval: {text!r} (try 15m, 90s or 1h)")
    return value


__all__ = ["RoundReport", "Watcher", "expand_sources", "parse_interval", "watch"]
