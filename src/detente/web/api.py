"""The JSON API (documented at /docs and /openapi.json); every list also as CSV.

Each handler is a thin call into `detente.store.query`; `explain_*` functions
build the payloads that the HTML pages render too, so both show the same.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from detente.store import Store, count_events, dyad_series, event_rows
from detente.store.query import (
    DYAD_COLUMNS,
    MAX_LIMIT,
    EventFilter,
    actor_list,
    actor_summary,
    all_matching_events,
    article_by_id,
    article_events,
    article_list,
    dyad_types,
    event_by_id,
    network_edges,
    other_reports,
    store_stats,
    top_dyads,
)
from detente.web.deps import (
    TEXT_MAX,
    FilterDep,
    IntervalParam,
    Language,
    ModalityParam,
    Offset,
    StoreDep,
    StorePool,
    Text,
)
from detente.web.render import (
    EDGE_COLUMNS,
    SIZE_BY,
    SIZE_BY_LABEL,
    events_csv,
    graph_nodes,
    graph_text,
    to_csv,
)

router = APIRouter(prefix="/api", tags=["api"])
ListFormat = Literal["json", "csv"]
NO_WEEK = "no week"  # the weekly period of events dated only to the month or year
Code = Annotated[str, Query(min_length=1, max_length=TEXT_MAX)]
# Event lists count matches only this far (as datasette does): an exact count of a broad
# filter visits every event on every request.
COUNT_CAP = 10_000


def csv_response(body: str, name: str) -> Response:
    # The file name echoes request values: keep it to safe ASCII (headers are Latin-1).
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:100] or "export"
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


# -- payload builders (also used by the pages) ----------------------------------


def capped_count(store: Store, flt: EventFilter) -> tuple[int, bool]:
    """How many events match, counted up to COUNT_CAP, and whether more do."""
    counted = count_events(store, flt, cap=COUNT_CAP)
    return min(counted, COUNT_CAP), counted > COUNT_CAP


def list_events(store: Store, flt: EventFilter) -> dict[str, Any]:
    """A page of events with how many match, counted up to COUNT_CAP ("10,000+")."""
    if flt.limit > MAX_LIMIT:
        raise HTTPException(400, f"limit above {MAX_LIMIT}: page with offset, or use the CSV")
    rows = event_rows(store, flt)
    total, capped = capped_count(store, flt)
    end = flt.offset + len(rows)
    more = end < total or (capped and len(rows) == flt.limit > 0)
    return {
        "total": total,
        "total_capped": capped,  # true: `total` is a lower bound ("10,000+")
        "limit": flt.limit,
        "offset": flt.offset,
        "next_offset": end if more else None,
        "events": rows,
    }


def explain_event(store: Store, event_id: str) -> dict[str, Any]:
    row = event_by_id(store, event_id)
    if row is None:
        raise HTTPException(404, "no such event")
    article = article_by_id(store, row["article_hash"]) or {}
    base = row["sent_start"]
    spans = [
        {
            "role": role,
            "code": a["code"],
            "text": a["entity_text"],
            "start": a["start"] - base,
            "end": a["end"] - base,
        }
        for role in ("actor", "recipient")
        for a in row[role]
        if a["start"] >= 0
    ]
    if row["trigger_start"] >= 0:
        spans.append(
            {
                "role": "trigger",
                "code": row["event"],
                "text": row["trigger_text"],
                "start": row["trigger_start"] - base,
                "end": row["trigger_end"] - base,
            }
        )
    return {
        "event": row,
        "evidence": {
            "sentence": row["sentence"],
            "sentence_index": row["sentence_index"],
            "spans": spans,
        },
        "article": {
            k: article.get(k) for k in ("hash", "doc_id", "title", "url", "source", "published")
        },
        "reasons": row["reasons"],
        "other_reports": other_reports(store, row),
    }


def explain_actor(store: Store, actor_id: str, *, modality: str) -> dict[str, Any]:
    from detente.web.kbview import entity_view

    summary = actor_summary(store, actor_id, modality=modality)
    entity = entity_view(actor_id)
    as_actor = event_rows(store, EventFilter(actor=actor_id, modality=modality, limit=50))
    as_recipient = event_rows(store, EventFilter(recipient=actor_id, modality=modality, limit=50))
    counts = {
        "as_actor": count_events(store, EventFilter(actor=actor_id, modality=modality)),
        "as_recipient": count_events(store, EventFilter(recipient=actor_id, modality=modality)),
    }
    if entity is None and not summary["names"]:
        raise HTTPException(404, "no such actor in the store or the knowledge base")
    return {
        "id": actor_id,
        "entity": entity,
        "counts": counts,
        **summary,
        "events_as_actor": as_actor,
        "events_as_recipient": as_recipient,
    }


def explain_dyad(
    store: Store,
    a: str,
    b: str,
    *,
    interval: str,
    modality: str,
    date_from: str = "",
    date_to: str = "",
) -> dict[str, Any]:
    a, b = a.upper(), b.upper()
    series = dyad_series(
        store, a, b, interval=interval, modality=modality, date_from=date_from, date_to=date_to
    )
    types = dyad_types(
        store, a, b, interval=interval, modality=modality, date_from=date_from, date_to=date_to
    )
    for row in series + types:
        row["period"] = NO_WEEK if row["period"] is None else row["period"]
    totals: dict[str, dict[str, Any]] = {}
    for row in series:
        key = f"{row['source']}->{row['target']}"
        total = totals.setdefault(
            key,
            {
                "source": row["source"],
                "target": row["target"],
                "events": 0,
                "q1": 0,
                "q2": 0,
                "q3": 0,
                "q4": 0,
                "goldstein_sum": 0.0,
            },
        )
        for k in ("events", "q1", "q2", "q3", "q4", "goldstein_sum"):
            total[k] += row[k] or 0
    for total in totals.values():
        total["goldstein_mean"] = total["goldstein_sum"] / total["events"] if total["events"] else 0
    by_type: dict[str, dict[str, int]] = {}
    for row in types:
        key = f"{row['source']}->{row['target']}"
        by_type.setdefault(key, {})
        by_type[key][row["event"]] = by_type[key].get(row["event"], 0) + row["events"]
    return {
        "a": a,
        "b": b,
        "interval": interval,
        "modality": modality,
        "series": series,
        "types": types,
        "totals": list(totals.values()),
        "by_type": by_type,
    }


def explain_network(
    store: Store, *, min_count: int, date_from: str, date_to: str, modality: str
) -> dict[str, Any]:
    edges = network_edges(
        store, min_count=min_count, date_from=date_from, date_to=date_to, modality=modality
    )
    return {
        "min_count": min_count,
        "date_from": date_from,
        "date_to": date_to,
        "modality": modality,
        "size_by": SIZE_BY,
        "size_by_label": SIZE_BY_LABEL,
        "nodes": graph_nodes(edges),
        "edges": edges,
    }


def explain_article(store: Store, article_id: str) -> dict[str, Any]:
    article = article_by_id(store, article_id)
    if article is None:
        raise HTTPException(404, "no such article")
    return {"article": article, "events": article_events(store, article["hash"])}


# -- routes ---------------------------------------------------------------------


@router.get("/events", summary="Events matching a filter, paged")
async def api_events(request: Request, flt: FilterDep, format: ListFormat = "json") -> Response:
    # The busiest route: one trip through the thread pool, where the thread's own store
    # connection answers and the JSON is encoded (FastAPI would encode a returned dict
    # with `jsonable_encoder` on the event loop: 80 ms for 500 events, stalling the rest).
    pool: StorePool = request.app.state.pool

    def answer() -> Response:
        store = pool.get()
        if format == "csv":
            return api_events_csv(store, flt)
        return JSONResponse(list_events(store, flt))

    return await run_in_threadpool(answer)


@router.get("/events.csv", summary="The same events as CSV (flat columns of `detente export`)")
def api_events_csv(store: StoreDep, flt: FilterDep) -> Response:
    return csv_response(events_csv(all_matching_events(store, flt, limit=flt.limit)), "events")


@router.get("/events/{event_id}", summary="One event with its evidence, reasons, other reports")
def api_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    return explain_event(store, event_id)


@router.get("/actors", summary="Actor codes with their event counts")
def api_actors(
    store: StoreDep,
    q: Text = "",
    modality: ModalityParam = "asserted",
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100,
    offset: Offset = 0,
    format: ListFormat = "json",
) -> Any:
    rows = actor_list(store, q=q, modality=modality, limit=limit, offset=offset)
    if format == "csv":
        return csv_response(
            to_csv(rows, ["code", "events", "as_actor", "as_recipient", "first_date", "last_date"]),
            "actors",
        )
    return {"limit": limit, "offset": offset, "actors": rows}


@router.get("/actors/{actor_id}", summary="An actor: KB roles over time, names, events")
def api_actor(store: StoreDep, actor_id: str, modality: ModalityParam = "asserted") -> Any:
    return explain_actor(store, actor_id, modality=modality)


@router.get("/dyads", summary="One dyad over time (a, b) or the busiest dyads")
def api_dyads(
    store: StoreDep,
    a: Text = "",
    b: Text = "",
    interval: IntervalParam = "month",
    modality: ModalityParam = "asserted",
    date_from: Text = "",
    date_to: Text = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    format: ListFormat = "json",
) -> Any:
    if a and b:
        data = explain_dyad(
            store, a, b, interval=interval, modality=modality, date_from=date_from, date_to=date_to
        )
        if format == "csv":
            return csv_response(
                to_csv(
                    data["series"],
                    DYAD_COLUMNS,
                ),
                f"dyad-{data['a']}-{data['b']}",
            )
        return data
    if a or b:
        raise HTTPException(400, "give both a and b, or neither")
    rows = top_dyads(store, limit=limit, modality=modality)
    if format == "csv":
        return csv_response(to_csv(rows, ["source", "target", "events", "goldstein_mean"]), "dyads")
    return {"dyads": rows}


@router.get("/articles", summary="Articles (without text), newest first")
def api_articles(
    store: StoreDep,
    q: Text = "",
    language: Language = "",
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 100,
    offset: Offset = 0,
    format: ListFormat = "json",
) -> Any:
    rows = article_list(store, q=q, language=language, limit=limit, offset=offset)
    if format == "csv":
        return csv_response(
            to_csv(rows, list(rows[0]) if rows else ["hash", "doc_id", "title"]), "articles"
        )
    return {"limit": limit, "offset": offset, "articles": rows}


@router.get("/articles/{article_id}", summary="An article (by hash or doc id) with its events")
def api_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    return explain_article(store, article_id)


@router.get("/stats", summary="Counts: articles, events, dyads, by type/quad/modality")
def api_stats(store: StoreDep) -> dict[str, Any]:
    return store_stats(store)


@router.get("/network", summary="Actors (with PageRank) and dyads: JSON, GEXF, GraphML, GML, CSV")
def api_network(
    store: StoreDep,
    min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    date_from: Text = "",
    date_to: Text = "",
    modality: ModalityParam = "asserted",
    format: Literal["json", "csv", "gexf", "graphml", "gml"] = "json",
) -> Any:
    data = explain_network(
        store, min_count=min_count, date_from=date_from, date_to=date_to, modality=modality
    )
    if format == "csv":
        return csv_response(to_csv(data["edges"], EDGE_COLUMNS), "network")
    if format != "json":
        return Response(
            graph_text(data["edges"], format),
            media_type="text/plain; charset=utf-8" if format == "gml" else "application/xml",
            headers={"Content-Disposition": f'attachment; filename="network.{format}"'},
        )
    return JSONResponse(data)


@router.get("/places", summary="Where the filtered events happened: one point per place")
def api_places(store: StoreDep, flt: FilterDep) -> dict[str, Any]:
    return explain_places(store, flt)


def explain_places(store: Store, flt: EventFilter) -> dict[str, Any]:
    """The map's data: points with counts, how many events match and how many are placed."""
    from detente.store.places import place_points

    points = place_points(store, replace(flt, limit=0, offset=0))
    total, capped = capped_count(store, flt)
    return {
        "total": total,
        "total_capped": capped,  # true: `total` is a lower bound ("10,000+"), as /api/events
        "placed": sum(p["events"] for p in points),  # events at the points returned
        "points": points,
    }
