"""Read inputs, code them and write them to a store in committed batches.

Each batch of articles and its events is one transaction, and articles
already in the store (by content hash) are skipped before parsing, so an
interrupted run resumes where it stopped and a re-run adds nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.pipeline import code_articles, make_context
from detente.records import Article, Event
from detente.settings import Settings
from detente.store import Store


@dataclass(slots=True)
class IngestReport:
    read: int = 0
    coded: int = 0
    skipped_known: int = 0
    events: int = 0
    asserted: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(p.reason for p in self.problems))

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "coded": self.coded,
            "skipped_known": self.skipped_known,
            "events": self.events,
            "asserted": self.asserted,
            "seconds": round(self.seconds, 2),
            "words": self.words,
            "skipped": self.skipped_by_reason(),
            "problems": [
                {"path": p.path, "reason": p.reason, "message": p.message} for p in self.problems
            ],
        }


Progress = Callable[[IngestReport], None]


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(
    paths: Iterable[str | Path],
    *,
    store: Store,
    options: ReadOptions | None = None,
    settings: Settings | None = None,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> IngestReport:
    """Code every readable input into `store`; problems are reported, never raised."""
    report = IngestReport()
    started = time.perf_counter()
    ctx = make_context(settings)

    def articles() -> Iterator[Article]:
        for item in iter_articles(paths, options=options or ReadOptions()):
            if isinstance(item, ReadProblem):
                report.problems.append(item)
                continue
            report.read += 1
            yield item

    for batch in _batches(articles(), batch_size):
        known = store.known_hashes(a.content_hash for a in batch)
        fresh: dict[str, Article] = {}
        for article in batch:
            if article.content_hash in known or article.content_hash in fresh:
                report.skipped_known += 1
            else:
                fresh[article.content_hash] = article
        coded: list[tuple[Article, list[Event]]] = (
            list(code_articles(fresh.values(), ctx=ctx)) if fresh else []
        )
        report.coded += store.add_batch(coded)
        for article, events in coded:
            report.events += len(events)
            report.asserted += sum(e.modality == "asserted" for e in events)
            report.words += len(article.text.split())
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)
    report.seconds = time.perf_counter() - started
    return report
