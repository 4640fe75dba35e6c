"""Read inputs, code them and write them to a store in committed batches.

Each batch of articles and its events is one transaction, and articles
already in the store (by content hash) are skipped before parsing, so an
interrupted run resumes where it stopped and a re-run adds nothing.

Coding is one stream (`code_articles` over every fresh article, so
`n_process` workers start once); batches are cut from its output. A
near-duplicate of an earlier article (MinHash, `Settings.near_duplicate`) is
stored with `duplicate_of` set to the earlier article's hash and is not coded:
it adds no events, so it never counts as independent evidence.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TypeVar

from detente.analysis.dedup import cluster_events
from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.coding.coder import CodingContext
from detente.errors import DetenteError, E
from detente.loop.runs import coder_state, finish_run, read_layer, record_ingested, start_run
from detente.pipeline import code_articles, make_context
from detente.records import Article, Event
from detente.scale.neardup import NearDuplicates
from detente.settings import Settings, default_settings
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
    near_duplicates: int = 0
    total: int | None = None  # inputs counted before the run (an estimate), if asked
    run_id: int | None = None  # the run that `ingest` recorded (detente.loop.runs)

    @property
    def done(self) -> int:
        return self.coded + self.skipped_known + self.near_duplicates

    @property
    def rate(self) -> float:
        """Articles per second (coded or skipped)."""
        return self.done / self.seconds if self.seconds else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, when the total is known."""
        if self.total is None or not self.rate:
            return None
        return max(0.0, (self.total - self.done - len(self.problems)) / self.rate)

    @property
    def failed(self) -> bool:
        """Whether an input could not be read; duplicates and non-English text are skips."""
        return any(p.reason not in SKIP_REASONS for p in self.problems)

    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(p.reason for p in self.problems))

    def to_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "coded": self.coded,
            "skipped_known": self.skipped_known,
            "near_duplicates": self.near_duplicates,
            "events": self.events,
            "asserted": self.asserted,
            "seconds": round(self.seconds, 2),
            "words": self.words,
            "skipped": self.skipped_by_reason(),
            "run": self.run_id,
            "problems": [
                {"path": p.path, "reason": p.reason, "message": p.message} for p in self.problems
            ],
        }


Progress = Callable[[IngestReport], None]
T = TypeVar("T")
Coded = list[tuple[Article, list[Event]]]
# codes a stream of fresh articles, in batches of about `size` to commit one at a time
Coder = Callable[[Iterator[Article], CodingContext, int], Iterator[Coded]]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def code_here(articles: Iterator[Article], ctx: CodingContext, size: int) -> Iterator[Coded]:
    """The default coder: this process (or `n_process` forked workers)."""
    return batched(code_articles(articles, ctx=ctx), size)


def count_inputs(paths: Iterable[str | Path]) -> int:
    """A cheap estimate of the number of articles at `paths`: files, JSONL lines, CSV rows."""
    total = 0
    for raw in paths:
        path = Path(raw)
        files = [p for p in sorted(path.rglob("*")) if p.is_file()] if path.is_dir() else [path]
        for file in files:
            if any(part.startswith(".") for part in file.relative_to(path).parts) or (
                file.name == "DATES.tsv"
            ):
                continue
            suffix = file.suffix.lower()
            try:
                if suffix in (".jsonl", ".ndjson", ".csv"):
                    with file.open("rb") as handle:
                        lines = sum(1 for line in handle if line.strip())
                    total += lines - (1 if suffix == ".csv" else 0)
                else:
                    total += 1
            except OSError:
                total += 1
    return total


def near_duplicate_index(store: Store, threshold: float) -> NearDuplicates:
    """The MinHash index of every kept (not near-duplicate) article in `store`."""
    index = NearDuplicates(threshold=threshold)
    rows = store.iter_event_rows(
        "SELECT hash, text FROM articles WHERE duplicate_of IS NULL ORDER BY hash"
    )
    index.add_all((r["hash"], r["text"]) for r in rows)
    return index


def mark_duplicates(store: Store, links: Iterable[tuple[str, str]]) -> None:
    """Set `duplicate_of` on stored articles: (hash, original hash) pairs, one transaction."""
    with store.transaction():
        for article_hash, original in links:
            store.execute(
                "UPDATE articles SET duplicate_of = ? WHERE hash = ?", (original, article_hash)
            )


def fresh_articles(
    articles: Iterable[Article],
    *,
    store: Store,
    report: IngestReport,
    index: NearDuplicates | None,
    duplicates: list[tuple[Article, str]],
) -> Iterator[Article]:
    """Articles not yet in the store; near-duplicates go to `duplicates`, not out."""
    seen: set[str] = set()
    for chunk in batched(articles, 256):
        known = store.known_hashes(a.content_hash for a in chunk)
        for article in chunk:
            if article.content_hash in known or article.content_hash in seen:
                report.skipped_known += 1
                continue
            seen.add(article.content_hash)
            original = index.check(article.content_hash, article.text) if index else None
            if original is not None:
                duplicates.append((article, original))
                continue
            yield article


def _commit(
    store: Store,
    coded: Coded,
    duplicates: list[tuple[Article, str]],
    report: IngestReport,
    run_id: int | None = None,
) -> None:
    dups = list(duplicates)
    duplicates.clear()
    known = store.known_hashes(a.content_hash for a, _ in coded) if run_id else set()
    report.coded += store.add_batch(coded)
    if run_id:
        record_ingested(store, run_id, [(a, e) for a, e in coded if a.content_hash not in known])
    if dups:
        report.near_duplicates += store.add_batch([(a, []) for a, _ in dups])
        mark_duplicates(store, [(a.content_hash, original) for a, original in dups])
    for article, events in coded:
        report.events += len(events)
        report.asserted += sum(e.modality == "asserted" for e in events)
        report.words += len(article.text.split())


# Inputs passed over on purpose, not failures: exit code 0 if only these occur.
SKIP_REASONS = frozenset({"duplicate", "not-english", "empty"})


def ingest(
    paths: Iterable[str | Path],
    *,
    store: Store,
    options: ReadOptions | None = None,
    settings: Settings | None = None,
    batch_size: int = 100,
    progress: Progress | None = None,
    count: bool = False,
    strict: bool = False,
    coder: Coder = code_here,
) -> IngestReport:
    """Code every readable input into `store`; problems are reported, never raised.

    With `count`, inputs are counted first so `progress` can show an ETA; with
    `strict`, the first input that cannot be read stops the run (E010). `coder`
    codes the fresh articles (`detente.scale.dask` passes one that uses Dask);
    reading, skipping known and near-duplicate articles, committing and
    clustering are the same whichever codes.
    """
    paths = list(paths)
    report = IngestReport(total=count_inputs(paths) if count else None)
    started = time.perf_counter()
    ctx = make_context(settings)
    threshold = ctx.settings.near_duplicate
    index = near_duplicate_index(store, threshold) if threshold > 0 else None
    items = iter_articles(paths, options=options or ReadOptions())
    layer = read_layer()
    run_id = start_run(
        store, "ingest", coder_state(ctx, layer), layer, {"paths": [str(p) for p in paths]}
    )
    status = "failed"
    try:
        ingest_items(
            items,
            store=store,
            ctx=ctx,
            report=report,
            index=index,
            batch_size=batch_size,
            progress=progress,
            strict=strict,
            coder=coder,
            run_id=run_id,
        )
        if report.coded:
            cluster_events(store, settings=ctx.settings)  # reports -> events
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        report.seconds = time.perf_counter() - started
        finish_run(store, run_id, status=status, counts=_run_counts(report))
    report.run_id = run_id
    if progress is not None:
        progress(report)
    return report


def ingest_items(
    items: Iterable[Article | ReadProblem],
    *,
    store: Store,
    ctx: CodingContext,
    report: IngestReport,
    index: NearDuplicates | None,
    batch_size: int = 100,
    progress: Progress | None = None,
    strict: bool = False,
    coder: Coder = code_here,
    run_id: int | None = None,
) -> None:
    """Code the fresh articles among `items` into `store`, one transaction a batch;
    problems go to `report`; with `run_id`, what is added is recorded as that run's
    (`detente.loop.runs`). The caller clusters events when it is done."""
    started = time.perf_counter() - report.seconds
    duplicates: list[tuple[Article, str]] = []

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, ReadProblem):
                report.problems.append(item)
                if strict and item.reason not in SKIP_REASONS:
                    raise DetenteError(E.E010, message=item.message)
                continue
            report.read += 1
            yield item

    fresh = fresh_articles(
        articles(), store=store, report=report, index=index, duplicates=duplicates
    )
    for coded in coder(fresh, ctx, batch_size):
        _commit(store, coded, duplicates, report, run_id)
        report.seconds = time.perf_counter() - started
        if progress is not None:
            progress(report)
    if duplicates:
        _commit(store, [], duplicates, report, run_id)
    report.seconds = time.perf_counter() - started


def _run_counts(report: IngestReport) -> dict[str, object]:
    return {
        "read": report.read,
        "coded": report.coded,
        "known": report.skipped_known,
        "near_duplicates": report.near_duplicates,
        "events": report.events,
        "seconds": round(report.seconds, 2),
    }


def ingest_settings(settings: Settings | None, **changes: object) -> Settings:
    """`settings` (or the defaults) with some fields replaced, e.g. `n_process=2`."""
    from dataclasses import replace

    return replace(settings or default_settings(), **changes)  # type: ignore[arg-type]


__all__ = ["IngestReport", "count_inputs", "ingest", "ingest_items", "ingest_settings"]
