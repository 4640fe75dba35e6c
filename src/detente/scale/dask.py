"""Code on a Dask cluster: partitions of articles -> Parquet shards -> the store.

The client reads the inputs, drops articles already in the store and
near-duplicates (so those decisions are the same as in a single-process
run), and submits partitions of fresh articles to workers. A worker loads the
model, knowledge base and lexicon once, codes its partition with
`code_articles` and writes three Parquet shards into the shard folder:
`articles-NNNNNN.parquet`, `events-NNNNNN.parquet`, `event_actors-NNNNNN.parquet`
(the folder must be reachable by workers and client: a shared filesystem on a
cluster). The client loads finished shards into the store in submission
order, one transaction per partition, keeping a bounded number in flight.

    detente ingest corpus/ --dask local --workers 2
    detente ingest corpus/ --dask tcp://scheduler:8786 --shards /shared/detente-shards
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from detente.articles import ReadOptions
from detente.coding.coder import CodingContext
from detente.ingest import Coded, IngestReport, Progress, batched, ingest
from detente.pipeline import code_articles, make_context
from detente.records import Actor, Article, Event
from detente.settings import Settings

_CONTEXTS: dict[Settings, CodingContext] = {}


def _context(settings: Settings) -> CodingContext:
    """One coding context (model, KB, lexicon) per worker process and settings."""
    if settings not in _CONTEXTS:
        _CONTEXTS[settings] = make_context(settings)
    return _CONTEXTS[settings]


def _actor(raw: dict[str, Any]) -> Actor:
    return Actor(**raw)


def _article_row(article: Article) -> dict[str, Any]:
    row = asdict(article)
    row["published"] = article.published.isoformat() if article.published else None
    row["tags"] = json.dumps(list(article.tags))
    return row


def _article_from_row(row: dict[str, Any]) -> Article:
    return Article(
        **{
            **row,
            "published": dt.date.fromisoformat(row["published"]) if row["published"] else None,
            "tags": tuple(json.loads(row["tags"])),
        }
    )


def code_partition(articles: list[Article], *, number: int, folder: str, settings: Settings) -> str:
    """Code one partition on a worker and write its shards; returns the shard stem."""
    ctx = _context(settings)
    # A partition is coded in this worker process; the worker pool provides parallelism.
    local = ctx if ctx.settings.n_process == 1 else _context_single(settings)
    article_rows: list[dict[str, Any]] = []
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    for article, events in code_articles(articles, ctx=local):
        article_rows.append({**_article_row(article), "n_events": len(events)})
        for event in events:
            record = event.to_dict()
            event_rows.append(
                {
                    "id": event.id,
                    "article_hash": article.content_hash,
                    "doc_id": event.doc_id,
                    "date": event.date,
                    "event": event.event,
                    "mode": event.mode,
                    "cameo": event.cameo,
                    "quad": event.quad,
                    "goldstein": event.goldstein,
                    "modality": event.modality,
                    "confidence": event.confidence,
                    "record": json.dumps(record, ensure_ascii=False),
                }
            )
            for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
                for position, actor in enumerate(actors):
                    actor_rows.append(
                        {"event_id": event.id, "role": role, "position": position} | actor.to_dict()
                    )
    stem = f"{number:06d}"
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        ("articles", article_rows),
        ("events", event_rows),
        ("event_actors", actor_rows),
    ):
        table = pa.Table.from_pylist(rows) if rows else pa.table({})
        tmp = out / f".{name}-{stem}.parquet.tmp"
        pq.write_table(table, tmp)
        tmp.replace(out / f"{name}-{stem}.parquet")  # a shard appears complete or not at all
    return stem


def _context_single(settings: Settings) -> CodingContext:
    from dataclasses import replace

    return _context(replace(settings, n_process=1))


def read_shards(folder: str | Path, stem: str) -> list[tuple[Article, list[Event]]]:
    """The coded articles of one partition's shards, in input order."""
    base = Path(folder)
    articles = pq.read_table(base / f"articles-{stem}.parquet").to_pylist()
    events = pq.read_table(base / f"events-{stem}.parquet").to_pylist()
    by_article: dict[str, list[Event]] = {}
    for row in events:
        by_article.setdefault(row["article_hash"], []).append(
            Event.from_dict(json.loads(row["record"]))
        )
    out: list[tuple[Article, list[Event]]] = []
    for row in articles:
        row.pop("n_events", None)
        article = _article_from_row(row)
        out.append((article, by_article.get(article.content_hash, [])))
    return out


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster of `workers` worker processes, one thread each, each started
    without torch (its preload, see `detente.cli.torchless`)."""
    from distributed import LocalCluster

    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        preload=["detente.cli.torchless"],
    )


def _client(scheduler: str, workers: int) -> Any:
    from distributed import Client

    if scheduler == "local":
        cluster = local_cluster(workers)
        return Client(cluster), cluster
    return Client(scheduler), None


def ingest_dask(
    paths: Iterable[str | Path],
    *,
    store: Any,
    scheduler: str = "local",
    workers: int = 2,
    options: ReadOptions | None = None,
    settings: Settings | None = None,
    batch_size: int = 250,
    shards: str | Path = "",
    progress: Progress | None = None,
    client: Any = None,
    strict: bool = False,
) -> IngestReport:
    """`detente.ingest.ingest`, coding partitions of `batch_size` articles on Dask.

    `client` (a `distributed.Client`) is used as given; otherwise one is made
    for `scheduler` ("local" starts a LocalCluster of `workers` processes).
    """
    cluster = None
    own_client = client is None
    if own_client:
        client, cluster = _client(scheduler, workers)
    temp = None
    if not shards:
        temp = tempfile.TemporaryDirectory(prefix="detente-shards-")
        shards = temp.name
    folder = str(shards)

    def on_dask(fresh: Iterator[Article], ctx: CodingContext, size: int) -> Iterator[Coded]:
        """Partitions coded by the workers, loaded from their shards in submission order,
        a bounded number in flight."""
        in_flight: deque[Any] = deque()
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        for number, partition in enumerate(batched(fresh, size)):
            task = client.submit(
                code_partition, partition, number=number, folder=folder, settings=ctx.settings,
                pure=False,
            )  # fmt: skip
            in_flight.append(task)
            while len(in_flight) >= limit:
                yield read_shards(folder, in_flight.popleft().result())
        while in_flight:
            yield read_shards(folder, in_flight.popleft().result())

    try:
        return ingest(
            paths,
            store=store,
            options=options,
            settings=settings,
            batch_size=batch_size,
            progress=progress,
            count=progress is not None,
            strict=strict,
            coder=on_dask,
        )
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
        if temp is not None:
            temp.cleanup()
