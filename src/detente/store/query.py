"""Questions asked of the store: filtered events, dyads over time, top actors.

Shared by the CLI, exports and the HTTP API, so that each shows the same
answer for the same filter.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from typing import Any

from detente.records import Actor, Article, Event, Reason, Span, TextInfo
from detente.store.db import Row, Store

SORTS = {
    "date": "e.date DESC, e.id",
    "-date": "e.date ASC, e.id",
    "confidence": "e.confidence DESC, e.id",
    "goldstein": "e.goldstein ASC, e.id",
    "-goldstein": "e.goldstein DESC, e.id",
    "event": "e.event, e.date DESC, e.id",
}
MAX_LIMIT = 1000
# The columns of one dyad's series (`dyad_series`), in the order exports show them.
DYAD_COLUMNS = (
    "period",
    "source",
    "target",
    "events",
    "q1",
    "q2",
    "q3",
    "q4",
    "goldstein_sum",
    "goldstein_mean",
)


@dataclass(slots=True)
class EventFilter:
    actor: str = ""  # country/org code or entity id of the actor
    recipient: str = ""
    either: str = ""  # on either side
    place: str = ""  # country code of the event place
    event: str = ""  # PLOVER type
    mode: str = ""
    context: str = ""
    quad: int | None = None
    modality: str = "asserted"  # "" or "all" for every modality
    date_from: str = ""
    date_to: str = ""
    publisher: str = ""
    min_confidence: float = 0.0
    q: str = ""  # full-text search over sentences
    doc_id: str = ""
    article: str = ""  # article hash
    sort: str = "date"
    limit: int = 100
    offset: int = 0

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> EventFilter:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


def _side(column_role: str, value: str, *, counting: bool) -> tuple[str, list[Any]]:
    """Events with `value` (a code or an entity id) as actor, recipient or either.

    Listing a page walks events in order and stops early, so a correlated EXISTS
    is fastest; counting visits every match, so one indexed IN set is.
    """
    role = "" if column_role == "either" else " AND role = ?"
    params: list[Any] = [value.upper(), value] + ([] if column_role == "either" else [column_role])
    if counting:
        sql = f"e.id IN (SELECT event_id FROM event_actors WHERE (code = ? OR entity_id = ?){role})"
    else:
        sql = (
            "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id "
            f"AND (a.code = ? OR a.entity_id = ?){role.replace('role', 'a.role')})"
        )
    return sql, params


def where_clause(
    flt: EventFilter, store: Store, *, counting: bool = False
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    for role, value in (("actor", flt.actor), ("recipient", flt.recipient), ("either", flt.either)):
        if value:
            sql, values = _side(role, value, counting=counting)
            add(sql, *values)
    if flt.place:
        add("e.place LIKE ?", f"%|{flt.place.upper()}")
    if flt.event:
        add("e.event = ?", flt.event.upper())
    if flt.mode:
        add("e.mode = ?", flt.mode)
    if flt.context:
        add("e.context LIKE ?", f'%"{flt.context}"%')
    if flt.quad is not None:
        add("e.quad = ?", int(flt.quad))
    if flt.modality and flt.modality != "all":
        add("e.modality = ?", flt.modality)
    if flt.date_from:
        add("e.date >= ?", flt.date_from)
    if flt.date_to:
        add("e.date <= ?", flt.date_to + "\uffff")
    if flt.publisher:
        add("e.article_hash IN (SELECT hash FROM articles WHERE source = ?)", flt.publisher)
    if flt.min_confidence:
        add("e.confidence >= ?", float(flt.min_confidence))
    if flt.doc_id:
        add("e.doc_id = ?", flt.doc_id)
    if flt.article:
        add("e.article_hash = ?", flt.article)
    if flt.q:
        if store.dialect == "sqlite":
            phrase = '"' + flt.q.replace('"', '""') + '"'
            add("e.rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", phrase)
        else:
            # The same semantics as the FTS5 phrase query: unstemmed words, in sequence.
            add("to_tsvector('simple', e.sentence) @@ phraseto_tsquery('simple', ?)", flt.q)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def event_rows(store: Store, flt: EventFilter) -> list[Row]:
    """Events matching the filter, newest first, with actors attached."""
    where, params = where_clause(flt, store)
    order = SORTS.get(flt.sort, SORTS["date"])
    limit = max(0, min(int(flt.limit), MAX_LIMIT))
    rows = store.rows(
        f"SELECT e.* FROM events e{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, max(0, int(flt.offset))],
    )
    return attach_actors(store, rows)


def count_events(store: Store, flt: EventFilter) -> int:
    where, params = where_clause(flt, store, counting=True)
    return int(store.scalar(f"SELECT COUNT(*) FROM events e{where}", params) or 0)


def attach_actors(store: Store, rows: list[Row]) -> list[Row]:
    actors = store.actors_of([r["id"] for r in rows])
    for r in rows:
        sides = actors.get(r["id"], {"actor": [], "recipient": []})
        r["actor"] = [a.to_dict() for a in sides["actor"]]
        r["recipient"] = [a.to_dict() for a in sides["recipient"]]
        for key in ("context", "reasons"):
            r[key] = json.loads(r[key]) if isinstance(r[key], str) else r[key]
        r["speaker"] = json.loads(r["speaker"]) if r.get("speaker") else None
    return rows


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    modality: str = "asserted",
    date_from: str = "",
    date_to: str = "",
) -> list[Row]:
    """Counts by quad and Goldstein per period for A->B and B->A."""
    period = period_expr(store, interval)
    params: list[Any] = []
    where = _dyad_where(a, b, params, modality=modality, date_from=date_from, date_to=date_to)
    return store.rows(
        f"SELECT {period} AS period, d.source, d.target, COUNT(*) AS events, "
        "SUM(CASE WHEN e.quad = 1 THEN 1 ELSE 0 END) AS q1, "
        "SUM(CASE WHEN e.quad = 2 THEN 1 ELSE 0 END) AS q2, "
        "SUM(CASE WHEN e.quad = 3 THEN 1 ELSE 0 END) AS q3, "
        "SUM(CASE WHEN e.quad = 4 THEN 1 ELSE 0 END) AS q4, "
        "SUM(e.goldstein) AS goldstein_sum, AVG(e.goldstein) AS goldstein_mean "
        "FROM event_dyads d JOIN events e ON e.id = d.event_id "
        f"WHERE {where} AND e.date != '' "
        "GROUP BY 1, d.source, d.target ORDER BY 1, d.source, d.target",
        params,
    )


def top_dyads(store: Store, *, limit: int = 10, modality: str = "asserted") -> list[Row]:
    where = "WHERE e.modality = ?" if modality and modality != "all" else ""
    params: list[Any] = [modality] if where else []
    return store.rows(
        "SELECT d.source, d.target, COUNT(*) AS events, AVG(e.goldstein) AS goldstein_mean "
        f"FROM event_dyads d JOIN events e ON e.id = d.event_id {where} "
        "GROUP BY d.source, d.target ORDER BY events DESC, d.source, d.target LIMIT ?",
        [*params, limit],
    )


def dyads_by_month(store: Store, *, modality: str = "asserted", limit: int = 1000) -> list[Row]:
    where = "WHERE e.modality = ?" if modality and modality != "all" else ""
    params: list[Any] = [modality] if where else []
    return store.rows(
        "SELECT d.source, d.target, SUBSTR(e.date, 1, 7) AS month, COUNT(*) AS events, "
        "AVG(e.goldstein) AS goldstein_mean "
        f"FROM event_dyads d JOIN events e ON e.id = d.event_id {where} "
        "GROUP BY d.source, d.target, SUBSTR(e.date, 1, 7) "
        "ORDER BY events DESC, d.source, d.target, month LIMIT ?",
        [*params, limit],
    )


def top_actors(store: Store, *, limit: int = 10, modality: str = "asserted") -> list[Row]:
    where = "AND e.modality = ?" if modality and modality != "all" else ""
    params: list[Any] = [modality] if where else []
    return store.rows(
        "SELECT a.code, COUNT(DISTINCT a.event_id) AS events FROM event_actors a "
        f"JOIN events e ON e.id = a.event_id WHERE a.code != '' {where} "
        "GROUP BY a.code ORDER BY events DESC, a.code LIMIT ?",
        [*params, limit],
    )


def row_to_event(row: Row) -> Event:
    """An event row (with actors attached) back as the pipeline's Event record."""
    speaker = row.get("speaker")
    return Event(
        id=row["id"],
        doc_id=row["doc_id"],
        date=row["date"],
        event=row["event"],
        mode=row["mode"],
        context=list(row["context"]),
        cameo=row["cameo"],
        quad=row["quad"],
        goldstein=row["goldstein"],
        actor=[Actor(**a) for a in row["actor"]],
        recipient=[Actor(**a) for a in row["recipient"]],
        modality=row["modality"],
        text_info=TextInfo(
            sentence=row["sentence"],
            sentence_index=row["sentence_index"],
            start=row["sent_start"],
            end=row["sent_end"],
            text=row["trigger_text"],
            trigger=Span(row["trigger_start"], row["trigger_end"], row["trigger_text"]),
        ),
        confidence=row["confidence"],
        reasons=[Reason("stored", text) for text in row["reasons"]],
        place=row["place"],
        date_precision=row["date_precision"],
        speaker=Actor(**speaker) if isinstance(speaker, dict) else None,
    )


# -- questions the explorer asks (web pages and HTTP API) -----------------------


def _modality_clause(modality: str, params: list[Any], *, prefix: str = "AND") -> str:
    if modality and modality != "all":
        params.append(modality)
        return f" {prefix} e.modality = ?"
    return ""


def _dates_clause(date_from: str, date_to: str, params: list[Any]) -> str:
    sql = ""
    if date_from:
        sql += " AND e.date >= ?"
        params.append(date_from)
    if date_to:
        sql += " AND e.date <= ?"
        params.append(date_to + "\uffff")  # "2023-10" includes every day of October
    return sql


def _dyad_where(
    a: str, b: str, params: list[Any], *, modality: str, date_from: str = "", date_to: str = ""
) -> str:
    """Both directions of the dyad A-B, with the modality and date filters."""
    params += [a.upper(), b.upper(), b.upper(), a.upper()]
    where = "((d.source = ? AND d.target = ?) OR (d.source = ? AND d.target = ?))"
    return where + _modality_clause(modality, params) + _dates_clause(date_from, date_to, params)


def period_expr(store: Store, interval: str) -> str:
    """The SQL expression naming an event's period, as used by `dyad_series`."""
    if interval == "week":
        return (
            "strftime('%Y-W%W', e.date)"
            if store.dialect == "sqlite"
            else "to_char(to_date(SUBSTR(e.date,1,10),'YYYY-MM-DD'),'IYYY-\"W\"IW')"
        )
    width = 7 if interval == "month" else 4 if interval == "year" else 10
    return f"SUBSTR(e.date, 1, {width})"


def event_by_id(store: Store, event_id: str) -> Row | None:
    """One event row with actors attached, or None."""
    rows = store.rows("SELECT e.* FROM events e WHERE e.id = ?", [event_id])
    return attach_actors(store, rows)[0] if rows else None


def article_by_id(store: Store, article_id: str) -> Row | None:
    """An article by content hash or, failing that, by doc id (the latest ingested)."""
    rows = store.rows("SELECT * FROM articles WHERE hash = ?", [article_id])
    if not rows:
        rows = store.rows(
            "SELECT * FROM articles WHERE doc_id = ? ORDER BY ingested_at DESC LIMIT 1",
            [article_id],
        )
    if not rows:
        return None
    row = rows[0]
    row["tags"] = json.loads(row["tags"]) if isinstance(row["tags"], str) else row["tags"]
    return row


def article_events(store: Store, article_hash: str) -> list[Row]:
    """Every event coded from an article (all modalities), in text order."""
    rows = store.rows(
        "SELECT e.* FROM events e WHERE e.article_hash = ? ORDER BY e.trigger_start, e.id",
        [article_hash],
    )
    return attach_actors(store, rows)


def article_list(
    store: Store, *, q: str = "", language: str = "", limit: int = 100, offset: int = 0
) -> list[Row]:
    """Articles, newest first, without their text; `q` matches title or doc id,
    `language` is an ISO 639-1 code ("und": undetermined)."""
    params: list[Any] = []
    clauses: list[str] = []
    if q:
        clauses.append("(title LIKE ? OR doc_id LIKE ?)")
        params += [f"%{q}%", f"%{q}%"]
    if language:
        clauses.append("language = ?")
        params.append(language)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    return store.rows(
        "SELECT hash, doc_id, title, source, url, published, language, n_events, ingested_at "
        f"FROM articles {where} ORDER BY published DESC, doc_id LIMIT ? OFFSET ?",
        [*params, max(0, min(limit, MAX_LIMIT)), max(0, offset)],
    )


def other_reports(store: Store, row: Row, *, days: int = 3, limit: int = 50) -> list[Row]:
    """Other mentions of the same event: same type and dyad within `days` of its date."""
    import datetime as dt

    params: list[Any] = [row["event"], row["id"]]
    clauses = ["e.event = ?", "e.id != ?"]
    try:
        day = dt.date.fromisoformat(str(row["date"])[:10])
        clauses.append("e.date >= ? AND e.date <= ?")
        params += [
            (day - dt.timedelta(days=days)).isoformat(),
            (day + dt.timedelta(days=days)).isoformat() + "\uffff",
        ]
    except ValueError:
        clauses.append("e.date = ?")
        params.append(row["date"])
    pairs = store.rows("SELECT source, target FROM event_dyads WHERE event_id = ?", [row["id"]])
    if pairs:
        ors = " OR ".join("(d.source = ? AND d.target = ?)" for _ in pairs)
        clauses.append(f"e.id IN (SELECT d.event_id FROM event_dyads d WHERE {ors})")
        for p in pairs:
            params += [p["source"], p["target"]]
    else:
        clauses.append("e.actor_codes = ? AND e.recipient_codes = ?")
        params += [row["actor_codes"], row["recipient_codes"]]
    rows = store.rows(
        f"SELECT e.* FROM events e WHERE {' AND '.join(clauses)} ORDER BY e.date, e.id LIMIT ?",
        [*params, limit],
    )
    return attach_actors(store, rows)


def actor_list(
    store: Store,
    *,
    q: str = "",
    modality: str = "asserted",
    limit: int = 100,
    offset: int = 0,
) -> list[Row]:
    """Actor codes with how many events they are actor and recipient of."""
    params: list[Any] = []
    mod = _modality_clause(modality, params)
    like = ""
    if q:
        like = " AND (a.code LIKE ? OR a.name LIKE ? OR a.entity_text LIKE ?)"
        params += [f"%{q.upper()}%", f"%{q}%", f"%{q}%"]
    return store.rows(
        "SELECT a.code, COUNT(DISTINCT a.event_id) AS events, "
        "COUNT(DISTINCT CASE WHEN a.role = 'actor' THEN a.event_id END) AS as_actor, "
        "COUNT(DISTINCT CASE WHEN a.role = 'recipient' THEN a.event_id END) AS as_recipient, "
        "MIN(e.date) AS first_date, MAX(e.date) AS last_date "
        "FROM event_actors a JOIN events e ON e.id = a.event_id "
        f"WHERE a.code != ''{mod}{like} "
        "GROUP BY a.code ORDER BY events DESC, a.code LIMIT ? OFFSET ?",
        [*params, max(0, min(limit, MAX_LIMIT)), max(0, offset)],
    )


def actor_summary(store: Store, actor_id: str, *, modality: str = "asserted") -> Row:
    """How an actor code or entity id appears: names, sectors, periods and partners."""
    params: list[Any] = [actor_id.upper(), actor_id]
    mod = _modality_clause(modality, params)
    base = (
        "FROM event_actors a JOIN events e ON e.id = a.event_id "
        f"WHERE (a.code = ? OR a.entity_id = ?){mod}"
    )
    names = store.rows(
        f"SELECT a.entity_text, a.entity_id, a.name, a.sector, a.role, COUNT(*) AS mentions, "
        f"MIN(e.date) AS first_date, MAX(e.date) AS last_date {base} "
        "GROUP BY a.entity_text, a.entity_id, a.name, a.sector, a.role "
        "ORDER BY mentions DESC, a.entity_text LIMIT 100",
        params,
    )
    by_month = store.rows(
        f"SELECT SUBSTR(e.date, 1, 7) AS month, a.role, COUNT(DISTINCT e.id) AS events, "
        f"AVG(e.goldstein) AS goldstein_mean {base} AND e.date != '' "
        "GROUP BY SUBSTR(e.date, 1, 7), a.role ORDER BY month, a.role",
        params,
    )
    partners = store.rows(
        "SELECT CASE WHEN d.source = ? THEN d.target ELSE d.source END AS partner, "
        "SUM(CASE WHEN d.source = ? THEN 1 ELSE 0 END) AS outgoing, "
        "SUM(CASE WHEN d.target = ? THEN 1 ELSE 0 END) AS incoming, "
        "AVG(e.goldstein) AS goldstein_mean "
        "FROM event_dyads d JOIN events e ON e.id = d.event_id "
        f"WHERE (d.source = ? OR d.target = ?){_modality_clause(modality, [])} "
        "GROUP BY 1 ORDER BY outgoing + incoming DESC, 1 LIMIT 50",
        [actor_id.upper()] * 5 + ([modality] if modality and modality != "all" else []),
    )
    return {"names": names, "by_month": by_month, "partners": partners}


def dyad_period_events(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    period: str = "",
    modality: str = "asserted",
    limit: int = 200,
) -> list[Row]:
    """Events behind a dyad's points (both directions), optionally in one period."""
    params: list[Any] = []
    where = _dyad_where(a, b, params, modality=modality)
    if period == "no week":  # dated only to the month or year: no week to put it in
        where += f" AND {period_expr(store, interval)} IS NULL"
    elif period:
        where += f" AND {period_expr(store, interval)} = ?"
        params.append(period)
    rows = store.rows(
        "SELECT e.* FROM events e WHERE e.id IN (SELECT d.event_id FROM event_dyads d "
        f"JOIN events e ON e.id = d.event_id WHERE {where}) ORDER BY e.date DESC, e.id LIMIT ?",
        [*params, max(0, min(limit, MAX_LIMIT))],
    )
    return attach_actors(store, rows)


def dyad_types(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str = "month",
    modality: str = "asserted",
    date_from: str = "",
    date_to: str = "",
) -> list[Row]:
    """Counts by period, direction and PLOVER type for one dyad."""
    params: list[Any] = []
    where = _dyad_where(a, b, params, modality=modality, date_from=date_from, date_to=date_to)
    return store.rows(
        f"SELECT {period_expr(store, interval)} AS period, d.source, d.target, e.event, "
        "COUNT(*) AS events FROM event_dyads d JOIN events e ON e.id = d.event_id "
        f"WHERE {where} AND e.date != '' GROUP BY 1, d.source, d.target, e.event "
        "ORDER BY 1, d.source, d.target, e.event",
        params,
    )


def network_edges(
    store: Store,
    *,
    min_count: int = 1,
    date_from: str = "",
    date_to: str = "",
    modality: str = "asserted",
    limit: int = 2000,
) -> list[Row]:
    """Directed dyads with their event count and mean Goldstein, busiest first."""
    params: list[Any] = []
    where = "WHERE 1 = 1" + _modality_clause(modality, params)
    where += _dates_clause(date_from, date_to, params)
    return store.rows(
        "SELECT d.source, d.target, COUNT(*) AS events, AVG(e.goldstein) AS goldstein_mean, "
        "SUM(CASE WHEN e.quad IN (1, 2) THEN 1 ELSE 0 END) AS cooperation, "
        "SUM(CASE WHEN e.quad IN (3, 4) THEN 1 ELSE 0 END) AS conflict "
        f"FROM event_dyads d JOIN events e ON e.id = d.event_id {where} "
        "GROUP BY d.source, d.target HAVING COUNT(*) >= ? "
        "ORDER BY events DESC, d.source, d.target LIMIT ?",
        [*params, max(1, min_count), max(1, limit)],
    )


def facet_counts(store: Store, flt: EventFilter, column: str, *, limit: int = 20) -> list[Row]:
    """Counts of the events matching `flt` by one of a fixed set of columns."""
    allowed = {
        "event": "e.event",
        "quad": "e.quad",
        "modality": "e.modality",
        "mode": "e.mode",
        "month": "SUBSTR(e.date, 1, 7)",
    }
    expr = allowed[column]
    where, params = where_clause(flt, store, counting=True)
    return store.rows(
        f"SELECT {expr} AS value, COUNT(*) AS events FROM events e{where} "
        "GROUP BY 1 ORDER BY events DESC, 1 LIMIT ?",
        [*params, limit],
    )


def store_stats(store: Store) -> Row:
    """Counts for the overview: totals, by type, quad, modality, publisher and language,
    date range."""
    out: Row = dict(store.counts())
    out["dyads"] = store.scalar(
        "SELECT COUNT(*) FROM (SELECT DISTINCT source, target FROM event_dyads) t"
    )
    span = store.rows("SELECT MIN(date) AS first, MAX(date) AS last FROM events WHERE date != ''")
    out["first_date"], out["last_date"] = span[0]["first"], span[0]["last"]
    for key, sql in (
        (
            "by_event",
            "SELECT event AS value, COUNT(*) AS events FROM events "
            "WHERE modality = 'asserted' GROUP BY event",
        ),
        (
            "by_quad",
            "SELECT quad AS value, COUNT(*) AS events FROM events "
            "WHERE modality = 'asserted' GROUP BY quad",
        ),
        (
            "by_modality",
            "SELECT modality AS value, COUNT(*) AS events FROM events GROUP BY modality",
        ),
        (
            "by_publisher",
            "SELECT source AS value, COUNT(*) AS articles FROM articles GROUP BY source",
        ),
        (
            "by_language",
            "SELECT language AS value, COUNT(*) AS articles FROM articles GROUP BY language",
        ),
    ):
        out[key] = sorted(
            store.rows(sql),
            key=lambda r: (
                -int(next(iter(v for k, v in r.items() if k != "value"))),
                str(r["value"]),
            ),
        )
    return out


def row_to_article(row: Row) -> Article:
    """An `articles` row (all or some of its columns) back as an Article record."""
    published = row.get("published")
    return Article(
        id=row["doc_id"],
        text=row.get("text") or "",
        title=row.get("title") or "",
        section=row.get("section") or "",
        source=row.get("source") or "",
        url=row.get("url") or "",
        published=dt.date.fromisoformat(published) if published else None,
        tags=tuple(json.loads(row.get("tags") or "[]")),
        path=row.get("path") or "",
        content_hash=row.get("hash") or "",
        language=row.get("language") or "",
    )
