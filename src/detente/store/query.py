"""Questions asked of the store: filtered events, dyads over time, top actors.

Shared by the CLI, exports and the HTTP API, so that each shows the same
answer for the same filter.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from detente.actors.orgs import org_name
from detente.errors import DetenteError, E
from detente.records import MODALITIES, Actor, Article, Event, Place, Reason, Span, TextInfo
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


_NUMBER = r"-?[0-9]{1,3}(\.[0-9]+)?"
# The shape of a `bbox` filter (`parse_bbox` checks its ranges); of a `country` filter.
BBOX_PATTERN = f"^({_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER})?$"
COUNTRY_PATTERN = "^([A-Za-z]{3})?$"


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) from "west,south,east,north" (GeoJSON's order)."""
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError as err:
        raise DetenteError(E.E902, value=text) from err
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise DetenteError(E.E902, value=text)
    return west, south, east, north


def _filter_field(
    default: Any,
    help: str = "",  # noqa: A002 - the argparse / OpenAPI word for it
    *,
    choices: tuple[str, ...] = (),
    ge: float | None = None,
    le: float | None = None,
    pattern: str | None = None,
    check: Callable[[str], object] | None = None,
) -> Any:
    """A field of `EventFilter` with what a user interface needs to offer it: `pattern`
    is a regular expression a text value must match, `check` a function that raises
    `DetenteError` for a value the pattern lets through but that is still wrong."""
    meta = {"help": help, "choices": choices, "ge": ge, "le": le}
    return field(default=default, metadata=meta | {"pattern": pattern, "check": check})


@dataclass(slots=True)
class EventFilter:
    """Which events to list: the one definition behind the API's query parameters,
    the store query (`where_clause`) and the CLI's filter options."""

    actor: str = _filter_field("", "actor code or entity id (e.g. RUS)")
    recipient: str = _filter_field("", "recipient code or entity id")
    either: str = _filter_field("", "code or entity id on either side")
    place: str = _filter_field(
        "", "country code of the event's place (the older name of `country`)"
    )
    country: str = _filter_field(
        "", "ISO alpha-3 of the event's place, e.g. CHN", pattern=COUNTRY_PATTERN
    )
    adm1: str = _filter_field("", 'first-level division of the event\'s place, e.g. "CN.22"')
    bbox: str = _filter_field(
        "",
        "WEST,SOUTH,EAST,NORTH in degrees: events placed inside",
        pattern=BBOX_PATTERN,
        check=parse_bbox,
    )
    event: str = _filter_field("", "PLOVER type, e.g. CONSULT")
    mode: str = _filter_field("", "PLOVER mode")
    context: str = _filter_field("", "PLOVER context")
    quad: int | None = _filter_field(None, "QuadClass 1-4", ge=0, le=4)
    modality: str = _filter_field(
        "asserted", "asserted (default), another modality, or all", choices=(*MODALITIES, "all")
    )
    date_from: str = _filter_field("", "YYYY[-MM[-DD]]")
    date_to: str = _filter_field("", "YYYY[-MM[-DD]] (a prefix includes the whole period)")
    publisher: str = _filter_field("", "the articles' source")
    min_confidence: float = _filter_field(0.0, "lowest confidence", ge=0, le=1)
    q: str = _filter_field("", "full-text search over sentences")
    doc_id: str = _filter_field("", "input id of the article")
    article: str = _filter_field("", "article hash")
    sort: str = _filter_field("date", "order of the rows", choices=tuple(SORTS))
    limit: int = _filter_field(100, "most rows to return", ge=0)
    offset: int = _filter_field(0, "rows to skip first", ge=0)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> EventFilter:
        """The filter from any mapping (CLI arguments, a JSON object); other keys are ignored."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


PAGING = ("limit", "offset")
# The fields that select events (everything but paging), in declaration order.
FILTER_KEYS = tuple(f.name for f in fields(EventFilter) if f.name not in PAGING)


# A side value on more events than this is "common": its events are found by walking
# events in sort order; a rarer one's are looked up first (see `_side`).
COMMON_SIDE = 2000


def _side(store: Store, column_role: str, value: str, *, counting: bool) -> tuple[str, list[Any]]:
    """Events with `value` (a code or an entity id) as actor, recipient or either.

    Counting visits every match, so the value's events are looked up through its index
    (an IN set). So are a rare value's few events when listing a page; a common value's
    are met soon enough by walking the events in sort order and checking each (a
    correlated EXISTS), which stops after one page. Which is which is counted here (at
    most COMMON_SIDE index entries): no planner knows it per value.
    """
    role = "" if column_role == "either" else " AND role = ?"
    params: list[Any] = [value.upper(), value] + ([] if column_role == "either" else [column_role])
    match = f"(code = ? OR entity_id = ?){role}"
    if (
        counting
        or int(
            store.scalar(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM event_actors WHERE {match} LIMIT ?) side",
                [*params, COMMON_SIDE + 1],
            )
            or 0
        )
        <= COMMON_SIDE
    ):
        return f"e.id IN (SELECT event_id FROM event_actors WHERE {match})", params
    return f"EXISTS (SELECT 1 FROM event_actors WHERE event_id = e.id AND {match})", params


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
            sql, values = _side(store, role, value, counting=counting)
            add(sql, *values)
    for code in {c.strip().upper() for c in (flt.place, flt.country) if c.strip()}:
        add("e.place_country = ?", code)
    if flt.adm1:
        add("e.place_adm1 = ?", flt.adm1.strip())
    if flt.bbox:
        west, south, east, north = parse_bbox(flt.bbox)
        add("e.place_lat BETWEEN ? AND ?", south, north)
        if west <= east:
            add("e.place_lon BETWEEN ? AND ?", west, east)
        else:  # across the antimeridian
            add("(e.place_lon >= ? OR e.place_lon <= ?)", west, east)
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


def _matching_rows(store: Store, flt: EventFilter) -> list[Row]:
    where, params = where_clause(flt, store)
    order = SORTS.get(flt.sort, SORTS["date"])
    limit = max(0, min(int(flt.limit), MAX_LIMIT))
    return store.rows(
        f"SELECT e.* FROM events e{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, max(0, int(flt.offset))],
    )


def event_rows(store: Store, flt: EventFilter) -> list[Row]:
    """The JSON of the events matching the filter (`event_dict`), newest first."""
    return event_dicts(store, _matching_rows(store, flt))


def matching_events(store: Store, flt: EventFilter) -> list[Event]:
    """The events matching the filter as Event records, newest first."""
    return stored_events(store, _matching_rows(store, flt))


def all_matching_events(
    store: Store, flt: EventFilter, *, limit: int | None
) -> Iterator[Event]:
    """`limit` events of the filter from its `offset` (None: every one), fetched in pages
    of MAX_LIMIT."""
    offset, done = flt.offset, 0
    while limit is None or done < limit:
        size = MAX_LIMIT if limit is None else min(MAX_LIMIT, limit - done)
        events = matching_events(store, dataclasses.replace(flt, limit=size, offset=offset))
        yield from events
        done += len(events)
        offset += len(events)
        if len(events) < size:
            return


def count_events(store: Store, flt: EventFilter, *, cap: int | None = None) -> int:
    """How many events match; with `cap`, counting stops at `cap + 1` (more than `cap`)."""
    where, params = where_clause(flt, store, counting=True)
    if cap is None:
        return int(store.scalar(f"SELECT COUNT(*) FROM events e{where}", params) or 0)
    return int(
        store.scalar(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM events e{where} LIMIT ?) capped",
            [*params, cap + 1],
        )
        or 0
    )


def event_dicts(store: Store, rows: list[Row]) -> list[Row]:
    """Events-table rows as the JSON of their events (`event_dict`)."""
    return [event_dict(event, row) for event, row in zip(stored_events(store, rows), rows, strict=True)]


def stored_events(store: Store, rows: list[Row]) -> list[Event]:
    """Events-table rows with their actors as the pipeline's Event records."""
    actors = store.actors_of([r["id"] for r in rows])
    none: dict[str, list[Actor]] = {"actor": [], "recipient": []}
    return [row_to_event(row | actors.get(row["id"], none)) for row in rows]


def event_dict(event: Event, row: Row) -> Row:
    """The JSON of a stored event (API, pages): `Event.to_dict()`, the shape of `detente
    code`, with each actor's organisation name and the events-table columns the record
    lacks (`article_hash`; `sentence`, `trigger_text`, `sent_start`... that the explorer
    reads flat)."""
    out = event.to_dict()
    for actor in (*out["actor"], *out["recipient"]):
        actor["org_name"] = org_name(actor["org"])
    return out | {k: v for k, v in row.items() if k not in out}


def _decoded(raw: Any) -> Any:
    """A JSON column's value: stored as text, or already decoded."""
    return json.loads(raw) if isinstance(raw, str) else raw


def _place(raw: Any) -> Place | None:
    """A stored place (its JSON, or the "text|ISO3" of older stores), or None."""
    if isinstance(raw, str) and raw.startswith("{"):
        raw = json.loads(raw)
    return Place.from_value(raw)


ACTOR_FIELDS = frozenset(f.name for f in fields(Actor))


def _actor(values: Actor | Row) -> Actor:
    if isinstance(values, Actor):
        return values
    return Actor(**{k: v for k, v in values.items() if k in ACTOR_FIELDS})


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
    """An events-table row with its `actor` and `recipient` (Actor records or their
    dicts), as stored or as `event_dict` gives it, back as the pipeline's Event."""
    speaker = _decoded(row.get("speaker"))
    return Event(
        id=row["id"],
        doc_id=row["doc_id"],
        date=row["date"],
        event=row["event"],
        mode=row["mode"],
        context=list(_decoded(row["context"])),
        cameo=row["cameo"],
        quad=row["quad"],
        goldstein=row["goldstein"],
        actor=[_actor(a) for a in row["actor"]],
        recipient=[_actor(a) for a in row["recipient"]],
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
        reasons=[Reason("stored", text) for text in _decoded(row["reasons"])],
        place=_place(row["place"]),
        date_precision=row["date_precision"],
        speaker=_actor(speaker) if speaker else None,
    )


# -- questions the explorer asks (web pages and HTTP API) -----------------------


def modality_clause(modality: str, params: list[Any], *, prefix: str = "AND") -> str:
    if modality and modality != "all":
        params.append(modality)
        return f" {prefix} e.modality = ?"
    return ""


def dates_clause(date_from: str, date_to: str, params: list[Any]) -> str:
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
    return where + modality_clause(modality, params) + dates_clause(date_from, date_to, params)


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
    return event_dicts(store, rows)[0] if rows else None


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
    return event_dicts(store, rows)


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
    """Other reports of the same event: the same type, dyad and modality, on the same
    event date (within `days` of a date to the day; in the same month or year when the
    event is dated only that far; a coarser date of the other that contains it).

    A meeting that happened and a meeting announced are two events, as are a 2022
    meeting and a 2023 one however close their articles (issue 13).
    """
    params: list[Any] = [row["event"], row["id"], row["modality"]]
    clauses = ["e.event = ?", "e.id != ?", "e.modality = ?"]
    date = str(row["date"] or "")
    width = {"month": 7, "year": 4}.get(str(row["date_precision"]))
    # the other's coarser date contains this one ("2023-10" contains "2023-10-16")
    contains = "(e.date != '' AND SUBSTR(?, 1, LENGTH(e.date)) = e.date)"
    try:
        day = dt.date.fromisoformat(date[:10]) if width is None else None
    except ValueError:
        day = None
    if day is not None:
        clauses.append(f"((e.date >= ? AND e.date <= ?) OR {contains})")
        params += [
            (day - dt.timedelta(days=days)).isoformat(),
            (day + dt.timedelta(days=days)).isoformat() + "\uffff",
            date,
        ]
    elif date:
        period = date[:width] if width else date
        clauses.append(f"(SUBSTR(e.date, 1, ?) = ? OR {contains})")
        params += [len(period), period, period]
    else:
        clauses.append("e.date = ''")
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
    return event_dicts(store, rows)


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
    mod = modality_clause(modality, params)
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
    mod = modality_clause(modality, params)
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
        f"WHERE (d.source = ? OR d.target = ?){modality_clause(modality, [])} "
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
    return event_dicts(store, rows)


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
    where = "WHERE 1 = 1" + modality_clause(modality, params)
    where += dates_clause(date_from, date_to, params)
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
