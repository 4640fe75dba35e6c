"""Reports -> events: event mentions that report one happening become one event.

Two reports are one event when they have the same PLOVER type and modality,
compatible modes (equal, or one empty), the same participants and dates within
`Settings.dedup_window_days`. Participants are compared by knowledge-base
entity where both sides name one, else by country and sector (an empty sector
matches any). Symmetric types (CONSULT, COOPERATE, AGREE…) compare the set of
all participants, so "Modi met Kishida", "Kishida met Modi" and "Modi and
Kishida held talks" agree; the others compare actor and recipient sides.

Clustering is greedy in date order within a group of reports that share type,
modality and country-level participants: a report joins the first cluster
whose seed it matches and whose first date is within the window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from detente.records import Actor, Article, Event
from detente.settings import Settings, default_settings
from detente.store.db import Row, Store
from detente.store.query import row_to_article

SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})


def publisher_of(article: Article) -> str:
    """The publisher: Article.source, else the URL's host, else the id's first folder, else the id."""
    if article.source:
        return article.source
    if article.url:
        host = urlsplit(article.url).hostname or ""
        if host:
            return host.removeprefix("www.")
    if "/" in article.id:
        return article.id.split("/", 1)[0]
    return article.id


@dataclass(frozen=True, slots=True)
class Report:
    """One event mention with what dedup needs of its article."""

    event: Event
    article: str  # article key (content hash, else doc id)
    publisher: str
    published: str  # ISO date of the article, or ""


@dataclass(slots=True)
class EventCluster:
    """One event and the reports of it."""

    id: str
    event: str
    mode: str
    modality: str
    date: str  # the earliest report's event date
    actor: list[Actor]
    recipient: list[Actor]
    reports: list[Report] = field(default_factory=list)

    @property
    def num_reports(self) -> int:
        return len(self.reports)

    @property
    def num_articles(self) -> int:
        return len({r.article for r in self.reports})

    @property
    def num_sources(self) -> int:
        return len({r.publisher for r in self.reports})

    @property
    def first_seen(self) -> str:
        days = [r.published or r.event.date for r in self.reports]
        return min(days) if days else ""

    @property
    def last_seen(self) -> str:
        days = [r.published or r.event.date for r in self.reports]
        return max(days) if days else ""

    @property
    def seed(self) -> Event:
        return self.reports[0].event

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event": self.event,
            "mode": self.mode,
            "modality": self.modality,
            "date": self.date,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "num_reports": self.num_reports,
            "num_sources": self.num_sources,
            "num_articles": self.num_articles,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "reports": [r.event.id for r in self.reports],
        }


def _day(value: str) -> dt.date | None:
    """An event date (YYYY, YYYY-MM or YYYY-MM-DD) as its first day."""
    parts = value[:10].split("-")
    try:
        if len(parts) == 3:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 1 and parts[0]:
            return dt.date(int(parts[0]), 1, 1)
    except ValueError:
        return None
    return None


def _sides(event: Event) -> tuple[list[Actor], list[Actor]]:
    if event.event in SYMMETRIC:
        return [*event.actor, *event.recipient], []
    return list(event.actor), list(event.recipient)


def _country_key(event: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
    first, second = _sides(event)
    return tuple(sorted({a.code for a in first})), tuple(sorted({a.code for a in second}))


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return a.code == b.code and (a.sector == b.sector or not a.sector or not b.sector)


def _same_side(one: list[Actor], other: list[Actor]) -> bool:
    return all(any(_same_actor(a, b) for b in other) for a in one) and all(
        any(_same_actor(b, a) for a in one) for b in other
    )


def same_event(a: Event, b: Event, *, window_days: int) -> bool:
    """Do two event mentions report one event?"""
    if a.event != b.event or a.modality != b.modality:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    day_a, day_b = _day(a.date), _day(b.date)
    if day_a is None or day_b is None:
        if a.date != b.date:
            return False
    elif abs((day_a - day_b).days) > window_days:
        return False
    (a1, a2), (b1, b2) = _sides(a), _sides(b)
    return _same_side(a1, b1) and _same_side(a2, b2)


def cluster_id(seed: Event) -> str:
    return hashlib.sha1(f"cluster|{seed.id}".encode()).hexdigest()[:16]


def cluster_reports(
    reports: Iterable[Report], *, window_days: int | None = None
) -> list[EventCluster]:
    """Group reports into events; clusters come in date order."""
    window = default_settings().dedup_window_days if window_days is None else window_days
    groups: dict[tuple[object, ...], list[Report]] = defaultdict(list)
    for report in reports:
        e = report.event
        if not any(a.code for a in [*e.actor, *e.recipient]):
            continue
        groups[(e.event, e.modality, _country_key(e))].append(report)
    clusters: list[EventCluster] = []
    for members in groups.values():
        members.sort(key=lambda r: (r.event.date, r.published, r.event.id))
        open_clusters: list[EventCluster] = []
        for report in members:
            e = report.event
            day = _day(e.date)
            home = None
            for cluster in open_clusters:
                start = _day(cluster.date)
                if day and start and (day - start).days > window:
                    continue
                if same_event(cluster.seed, e, window_days=window):
                    home = cluster
                    break
            if home is None:
                home = EventCluster(
                    id=cluster_id(e),
                    event=e.event,
                    mode=e.mode,
                    modality=e.modality,
                    date=e.date,
                    actor=list(e.actor),
                    recipient=list(e.recipient),
                )
                open_clusters.append(home)
                clusters.append(home)
            elif not home.mode and e.mode:
                home.mode = e.mode
            home.reports.append(report)
    clusters.sort(key=lambda c: (c.date, c.id))
    return clusters


def reports_of(coded: Iterable[tuple[Article, Sequence[Event]]]) -> list[Report]:
    """Reports of in-memory coded articles (for `detente code` and tests)."""
    out: list[Report] = []
    for article, events in coded:
        published = article.published.isoformat() if article.published else ""
        key = article.content_hash or article.id
        publisher = publisher_of(article)
        out += [Report(e, key, publisher, published) for e in events]
    return out


def cluster_coded(
    coded: Iterable[tuple[Article, Sequence[Event]]],
    *,
    settings: Settings | None = None,
) -> list[EventCluster]:
    """Cluster the events of in-memory coded articles."""
    window = (settings or default_settings()).dedup_window_days
    return cluster_reports(reports_of(coded), window_days=window)


# -- over a store ----------------------------------------------------------------


def _store_reports(store: Store) -> list[Report]:
    from detente.store.query import stored_events

    articles = {
        r["hash"]: Article(
            id=r["doc_id"],
            text="",
            source=r["source"],
            url=r["url"],
            content_hash=r["hash"],
        )
        for r in store.rows("SELECT hash, doc_id, source, url FROM articles")
    }
    published = {
        r["hash"]: r["published"] or "" for r in store.rows("SELECT hash, published FROM articles")
    }
    rows = list(store.iter_event_rows("SELECT * FROM events ORDER BY id"))
    reports: list[Report] = []
    for i in range(0, len(rows), 5000):
        chunk = rows[i : i + 5000]
        for row, event in zip(chunk, stored_events(store, chunk), strict=True):
            article = articles.get(row["article_hash"])
            publisher = publisher_of(article) if article else row["doc_id"]
            when = published.get(row["article_hash"], "")
            reports.append(Report(event, row["article_hash"], publisher, when))
    return reports


def cluster_events(store: Store, *, settings: Settings | None = None) -> int:
    """(Re)compute the event clusters of a whole store; returns how many events there are.

    Run at the end of `detente ingest`; the tables `event_clusters` and
    `event_cluster_members` are replaced in one transaction.
    """
    window = (settings or default_settings()).dedup_window_days
    clusters = cluster_reports(_store_reports(store), window_days=window)
    store.replace_clusters([cluster_row(c) for c in clusters], cluster_members(clusters))
    return len(clusters)


def cluster_row(cluster: EventCluster) -> Row:
    return {
        "id": cluster.id,
        "event": cluster.event,
        "mode": cluster.mode,
        "modality": cluster.modality,
        "date": cluster.date,
        "seed_event_id": cluster.seed.id,
        "actor_codes": " ".join(sorted({a.code for a in cluster.actor if a.code})),
        "recipient_codes": " ".join(sorted({a.code for a in cluster.recipient if a.code})),
        "num_reports": cluster.num_reports,
        "num_sources": cluster.num_sources,
        "num_articles": cluster.num_articles,
        "first_seen": cluster.first_seen,
        "last_seen": cluster.last_seen,
    }


def cluster_members(clusters: Iterable[EventCluster]) -> list[tuple[str, str]]:
    return [(c.id, r.event.id) for c in clusters for r in c.reports]


def cluster_rows(
    store: Store, *, modality: str = "asserted", min_reports: int = 1, limit: int = 100
) -> list[Row]:
    """Stored events (clusters) with their counts, most reported first (CLI and API)."""
    return store.clusters(modality=modality, min_reports=min_reports, limit=limit)


def reports_by_event(store: Store, cluster: str) -> list[str]:
    """The event ids (reports) of one stored event cluster."""
    return store.cluster_reports(cluster)


def store_articles(store: Store) -> dict[str, Article]:
    """doc id -> Article (no text) of a store: publisher, URL and date for exports."""
    out: dict[str, Article] = {}
    for r in store.rows("SELECT hash, doc_id, source, url, published FROM articles"):
        out[r["doc_id"]] = row_to_article(r)
    return out
