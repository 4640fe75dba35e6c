"""The event store: one class over SQLite (default) or PostgreSQL.

SQL is written once with `?` placeholders and translated for psycopg. Every
value goes through bound parameters; only column names chosen from fixed
lists are ever formatted into SQL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from detente.errors import DetenteError, E
from detente.records import Actor, Article, Event
from detente.store.schema import (
    DROPPED_INDEXES,
    INDEXES,
    LOOP_TABLES,
    MIGRATIONS,
    SCHEMA_VERSION,
    SQLITE_EXTRA,
    TABLES,
)

Row = dict[str, Any]


def dyad_pairs(event: Event) -> set[tuple[str, str]]:
    """Directed country-level pairs of an event; symmetric events count both ways."""
    sources = [a.code for a in event.actor if a.code]
    targets = [a.code for a in event.recipient if a.code]
    if targets:
        return {(s, t) for s in sources for t in targets if s != t}
    return {(s, t) for s in sources for t in sources if s != t}


class Store:
    """A connection to an event store with the operations detente needs."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = (
            "postgresql" if url.startswith(("postgresql://", "postgres://")) else "sqlite"
        )
        try:
            if self.dialect == "postgresql":
                import psycopg

                self.conn: Any = psycopg.connect(url, autocommit=False)
            else:
                path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
                if path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
                self.conn.row_factory = sqlite3.Row
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
        except Exception as err:  # noqa: BLE001 - any driver error becomes a catalogued one
            raise DetenteError(E.E403, url=url, why=err) from err
        self._create()

    # -- plumbing -----------------------------------------------------------

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, tuple(r), strict=True)) for r in cur.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.execute(sql, params).fetchone()
        return None if row is None else tuple(row)[0]

    def _create(self) -> None:
        with self.transaction():
            for ddl in TABLES:
                self._ddl(ddl)
            found = self.scalar("SELECT value FROM meta WHERE key = 'schema_version'")
            if found is None:
                self.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif int(found) > SCHEMA_VERSION:
                raise DetenteError(E.E402, url=self.url, found=found, expected=SCHEMA_VERSION)
            else:
                self._migrate(int(found))
            for ddl in INDEXES + (SQLITE_EXTRA if self.dialect == "sqlite" else []):
                self._ddl(ddl)
            for ddl in LOOP_TABLES:
                self._ddl(ddl)
            for name in DROPPED_INDEXES:
                self.execute(f"DROP INDEX IF EXISTS {name}")
            if self.dialect == "sqlite":
                self._refresh_statistics()

    def _ddl(self, ddl: str) -> None:
        if self.dialect == "postgresql":
            # REAL is float4 in PostgreSQL; also at the end of a line or an ALTER TABLE
            ddl = re.sub(r"\bREAL\b", "DOUBLE PRECISION", ddl)
        self.execute(ddl)

    def _migrate(self, found: int) -> None:
        """Bring a store of schema version `found` up to SCHEMA_VERSION (one transaction)."""
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for ddl in MIGRATIONS[version]:
                self._ddl(ddl)
        if found != SCHEMA_VERSION:
            self.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
            )

    def _refresh_statistics(self) -> None:
        """SQLite's planner statistics (ANALYZE), again whenever the events have doubled.

        Without them SQLite takes any index with an equality over a better one: it walks
        the 85% of events that are asserted (`events_modality`) to find the few of one
        actor. PostgreSQL keeps its own statistics (autovacuum).
        """
        events = int(self.scalar("SELECT COUNT(*) FROM events") or 0)
        seen = int(self.scalar("SELECT value FROM meta WHERE key = 'analyzed_events'") or 0)
        if events > 2 * seen:
            self.execute("ANALYZE")  # about 0.3 s on 100,000 events
            self.execute("DELETE FROM meta WHERE key = 'analyzed_events'")
            self.execute(
                "INSERT INTO meta(key, value) VALUES ('analyzed_events', ?)", (str(events),)
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit what the block writes, or nothing if it fails."""
        try:
            yield
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise

    def rows_in(self, sql: str, values: Sequence[Any], *, size: int = 500) -> Iterator[Row]:
        """Rows of `sql`, whose `{marks}` is an `IN` list of `values`, queried `size` at a time."""
        for i in range(0, len(values), size):
            chunk = list(values[i : i + size])
            yield from self.rows(sql.format(marks=",".join("?" * len(chunk))), chunk)

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        sql = "SELECT hash FROM articles WHERE hash IN ({marks})"
        return {r["hash"] for r in self.rows_in(sql, list(hashes))}

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The URLs among `urls` that a stored article has."""
        sql = "SELECT url FROM articles WHERE url IN ({marks})"
        return {r["url"] for r in self.rows_in(sql, [url for url in dict.fromkeys(urls) if url])}

    def feed_state(self, source: str) -> tuple[str, str]:
        """The (etag, last_modified) a feed gave when last read in full ('' if never)."""
        rows = self.rows("SELECT etag, last_modified FROM feeds WHERE source = ?", (source,))
        return (rows[0]["etag"], rows[0]["last_modified"]) if rows else ("", "")

    def save_feed_state(self, source: str, *, etag: str, last_modified: str) -> None:
        """Remember a feed's validators, once every item it gave is stored or reported."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.transaction():
            self.execute(
                "INSERT INTO feeds(source, etag, last_modified, checked_at) VALUES (?,?,?,?) "
                "ON CONFLICT(source) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, checked_at = excluded.checked_at",
                (source, etag, last_modified, now),
            )

    def add_batch(self, batch: Sequence[tuple[Article, Sequence[Event]]]) -> int:
        """Write articles with their events in one transaction; returns articles added."""
        added = 0
        with self.transaction():
            known = self.known_hashes(a.content_hash for a, _ in batch)
            for article, events in batch:
                if article.content_hash in known:
                    continue
                known.add(article.content_hash)
                self._insert_article(article, len(events))
                for event in events:
                    self._insert_event(article, event)
                added += 1
        return added

    def _insert_article(self, article: Article, n_events: int) -> None:
        self.execute(
            "INSERT INTO articles(hash, doc_id, title, section, source, url, published, tags, "
            "text, path, n_events, ingested_at, language) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.content_hash,
                article.id,
                article.title,
                article.section,
                article.source,
                article.url,
                article.published.isoformat() if article.published else None,
                json.dumps(list(article.tags)),
                article.text,
                article.path,
                n_events,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                article.language,
            ),
        )

    def _insert_event(self, article: Article, event: Event) -> None:
        info = event.text_info
        trigger = info.trigger
        place = event.place
        self.execute(
            "INSERT INTO events(id, article_hash, doc_id, date, event, mode, context, cameo, "
            "quad, goldstein, modality, sentence_index, sentence, sent_start, sent_end, "
            "trigger_start, trigger_end, trigger_text, confidence, reasons, place, "
            "date_precision, speaker, actor_codes, recipient_codes, place_country, place_adm1, "
            "place_lat, place_lon, place_precision) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT DO NOTHING",
            (
                event.id,
                article.content_hash,
                event.doc_id,
                event.date,
                event.event,
                event.mode,
                json.dumps(event.context),
                event.cameo,
                event.quad,
                event.goldstein,
                event.modality,
                info.sentence_index,
                info.sentence,
                info.start,
                info.end,
                trigger.start if trigger else -1,
                trigger.end if trigger else -1,
                info.text,
                event.confidence,
                json.dumps(event.reason_texts()),
                json.dumps(dataclasses.asdict(place), ensure_ascii=False) if place else "",
                event.date_precision,
                json.dumps(event.speaker.to_dict()) if event.speaker else None,
                " ".join(sorted({a.code for a in event.actor if a.code})),
                " ".join(sorted({a.code for a in event.recipient if a.code})),
                place.country if place else "",
                place.adm1 if place else "",
                place.lat if place else None,
                place.lon if place else None,
                place.precision if place else 0,
            ),
        )
        for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
            for position, actor in enumerate(actors):
                self.execute(
                    "INSERT INTO event_actors(event_id, role, position, code, sector, "
                    "entity_text, entity_id, name, org, start_char, end_char, reason) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    (
                        event.id,
                        role,
                        position,
                        actor.code,
                        actor.sector,
                        actor.entity_text,
                        actor.entity_id,
                        actor.name,
                        actor.org,
                        actor.start,
                        actor.end,
                        actor.reason,
                    ),
                )
        for source, target in sorted(dyad_pairs(event)):
            self.execute(
                "INSERT INTO event_dyads(event_id, source, target) VALUES (?,?,?) "
                "ON CONFLICT DO NOTHING",
                (event.id, source, target),
            )
        if self.dialect == "sqlite":
            self.execute(
                "INSERT INTO events_fts(rowid, sentence) "
                "SELECT rowid, sentence FROM events WHERE id = ?",
                (event.id,),
            )

    # -- reading ------------------------------------------------------------

    def counts(self) -> Row:
        return {
            "articles": self.scalar("SELECT COUNT(*) FROM articles"),
            "events": self.scalar("SELECT COUNT(*) FROM events"),
            "asserted_events": self.scalar(
                "SELECT COUNT(*) FROM events WHERE modality = 'asserted'"
            ),
            "actors": self.scalar("SELECT COUNT(DISTINCT code) FROM event_actors WHERE code != ''"),
        }

    def actors_of(self, event_ids: Sequence[str]) -> dict[str, dict[str, list[Actor]]]:
        out: dict[str, dict[str, list[Actor]]] = {}
        sql = "SELECT * FROM event_actors WHERE event_id IN ({marks}) ORDER BY event_id, role, position"
        for r in self.rows_in(sql, event_ids):
            actor = Actor(
                code=r["code"],
                sector=r["sector"],
                entity_text=r["entity_text"],
                entity_id=r["entity_id"],
                name=r["name"],
                org=r["org"],
                start=r["start_char"],
                end=r["end_char"],
                reason=r["reason"],
            )
            out.setdefault(r["event_id"], {"actor": [], "recipient": []})[r["role"]].append(actor)
        return out

    def iter_event_rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        while True:
            chunk = cur.fetchmany(1000)
            if not chunk:
                return
            for r in chunk:
                yield dict(zip(names, tuple(r), strict=True))

    # -- analysis: event clusters, flags, claims (detente.analysis) -----------

    def replace_clusters(self, clusters: Sequence[Row], members: Sequence[tuple[str, str]]) -> None:
        """Replace all event clusters and their member reports in one transaction."""
        columns = (
            "id, event, mode, modality, date, seed_event_id, actor_codes, recipient_codes, "
            "num_reports, num_sources, num_articles, first_seen, last_seen"
        )
        names = [c.strip() for c in columns.split(",")]
        with self.transaction():
            self.execute("DELETE FROM event_cluster_members")
            self.execute("DELETE FROM event_clusters")
            for row in clusters:
                self.execute(
                    f"INSERT INTO event_clusters({columns}) VALUES ({','.join('?' * len(names))})",
                    [row[n] for n in names],
                )
            for cluster_id, event_id in members:
                self.execute(
                    "INSERT INTO event_cluster_members(event_id, cluster_id) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (event_id, cluster_id),
                )

    def clusters(
        self, *, modality: str = "asserted", min_reports: int = 1, limit: int = 100
    ) -> list[Row]:
        """Event clusters, most reported first."""
        where = "WHERE num_reports >= ?"
        params: list[Any] = [int(min_reports)]
        if modality and modality != "all":
            where += " AND modality = ?"
            params.append(modality)
        return self.rows(
            f"SELECT * FROM event_clusters {where} "
            "ORDER BY num_reports DESC, num_sources DESC, date DESC, id LIMIT ?",
            [*params, max(0, int(limit))],
        )

    def cluster_reports(self, cluster_id: str) -> list[str]:
        """The event ids (reports) of one cluster."""
        return [
            r["event_id"]
            for r in self.rows(
                "SELECT event_id FROM event_cluster_members WHERE cluster_id = ? ORDER BY event_id",
                (cluster_id,),
            )
        ]

    def clusters_of(self, event_ids: Sequence[str]) -> dict[str, Row]:
        """event id -> its cluster row (with num_reports, num_sources, ...)."""
        out: dict[str, Row] = {}
        sql = (
            "SELECT m.event_id AS member_event_id, c.* FROM event_cluster_members m "
            "JOIN event_clusters c ON c.id = m.cluster_id WHERE m.event_id IN ({marks})"
        )
        for r in self.rows_in(sql, event_ids):
            out[r.pop("member_event_id")] = r
        return out

    def write_checks(self, article_hash: str, flags: Sequence[Row], claims: Sequence[Row]) -> None:
        """Replace the flags and claims of one article (rows as made by detente.analysis)."""
        with self.transaction():
            self.execute("DELETE FROM flags WHERE article_hash = ?", (article_hash,))
            self.execute("DELETE FROM claims WHERE article_hash = ?", (article_hash,))
            for f in flags:
                self.execute(
                    "INSERT INTO flags(id, article_hash, doc_id, kind, severity, message, "
                    "evidence) VALUES (?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                    (
                        f["id"],
                        article_hash,
                        f["doc_id"],
                        f["kind"],
                        f["severity"],
                        f["message"],
                        json.dumps(f["evidence"], ensure_ascii=False),
                    ),
                )
            for c in claims:
                self.execute(
                    "INSERT INTO claims(id, article_hash, doc_id, sentence_index, start_char, "
                    "end_char, cue, speaker, speaker_text, text) VALUES (?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT DO NOTHING",
                    (
                        c["id"],
                        article_hash,
                        c["doc_id"],
                        c["sentence_index"],
                        c["start"],
                        c["end"],
                        c["cue"],
                        json.dumps(c["speaker"], ensure_ascii=False),
                        c["speaker_text"],
                        c["text"],
                    ),
                )
            self.execute("DELETE FROM checked_articles WHERE article_hash = ?", (article_hash,))
            self.execute(
                "INSERT INTO checked_articles(article_hash, n_flags, n_claims, checked_at) "
                "VALUES (?,?,?,?)",
                (
                    article_hash,
                    len(flags),
                    len(claims),
                    dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                ),
            )

    def unchecked_articles(self) -> list[str]:
        """Hashes of stored articles whose consistency checks have not run."""
        return [
            r["hash"]
            for r in self.rows(
                "SELECT hash FROM articles WHERE hash NOT IN "
                "(SELECT article_hash FROM checked_articles) ORDER BY doc_id"
            )
        ]

    def flags(self, *, article_hash: str = "", severity: str = "") -> list[Row]:
        """Stored flags (evidence decoded), by article then severity."""
        clauses: list[str] = []
        params: list[Any] = []
        if article_hash:
            clauses.append("article_hash = ?")
            params.append(article_hash)
        if severity:
            clauses.append("severity = ?")
            params.append(severity)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        rows = self.rows(
            f"SELECT * FROM flags{where} ORDER BY doc_id, "
            "CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, id",
            params,
        )
        for r in rows:
            r["evidence"] = json.loads(r["evidence"])
        return rows

    def claims(self, *, article_hash: str = "") -> list[Row]:
        """Stored attributed claims (speaker decoded) in reading order."""
        where, params = ("WHERE article_hash = ?", [article_hash]) if article_hash else ("", [])
        rows = self.rows(f"SELECT * FROM claims {where} ORDER BY doc_id, start_char", params)
        for r in rows:
            r["speaker"] = json.loads(r["speaker"])
        return rows


def open_store(db: str | Path = "detente.db") -> Store:
    """Open (creating if needed) a store from a path or URL."""
    url = str(db)
    if "://" in url and not url.startswith(("sqlite://", "postgresql://", "postgres://")):
        raise DetenteError(E.E401, url=url)
    return Store(url)
