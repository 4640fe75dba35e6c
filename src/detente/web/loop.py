"""Explorer pages and API of the analyst's loop: unknown actors (accepted into the user
layer with the explorer's token) and alerts, each page with its `.json` twin."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from detente.actors.add import KINDS, NewActor, add_actor
from detente.actors.kb import load_kb
from detente.analysis.alerts import Alert, alerts
from detente.errors import DetenteError
from detente.loop.runs import latest_run_id, read_layer
from detente.loop.unknown import UnknownActor, unknown_actors
from detente.store import Store
from detente.web.deps import StoreDep
from detente.web.pages import show

router = APIRouter()
PAGE_WEEKS = 12  # the alerts page shows this many weeks back from the latest by default
ALERT_EVENTS = 20  # events shown under one alert


def page(path: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Register a handler for `path` and its `.json` twin, like `detente.web.pages.page`."""

    def register(func: Callable[..., Response]) -> Callable[..., Response]:
        router.add_api_route(path + ".json", func, methods=["GET"], include_in_schema=False)
        router.add_api_route(
            path, func, methods=["GET"], response_class=HTMLResponse, include_in_schema=False
        )
        return func

    return register


# -- unknown actors -------------------------------------------------------------------

# The last answer per store, kept while the store's runs and the user layer stay the
# same: finding unknown names parses articles again.
_UNKNOWN: dict[str, tuple[tuple[Any, ...], list[UnknownActor]]] = {}
_UNKNOWN_LOCK = threading.Lock()


def _unknown(store: Store) -> list[UnknownActor]:
    key = (latest_run_id(store), json.dumps(read_layer(), sort_keys=True))
    with _UNKNOWN_LOCK:
        cached = _UNKNOWN.get(store.url)
        if cached is not None and cached[0] == key:
            return cached[1]
        found = unknown_actors(store, kb=load_kb(), limit=100)
        _UNKNOWN[store.url] = (key, found)
        return found


@page("/unknown")
def unknown_page(request: Request, store: StoreDep) -> Response:
    found = _unknown(store)
    data = {
        "unknown": [u.to_dict(examples=3) for u in found],
        "can_write": bool(request.app.state.token),
    }
    return show(request, "unknown.html", data)


class Accept(BaseModel):
    """An unknown name accepted into the user's knowledge-base layer."""

    name: str = Field(min_length=1, max_length=200)
    code: str = Field(min_length=3, max_length=12)
    sector: str = Field(default="", max_length=3)
    start: str = Field(default="", max_length=10, description="YYYY-MM-DD")
    end: str = Field(default="", max_length=10, description="YYYY-MM-DD")
    aliases: list[str] = Field(default_factory=list, max_length=20)
    kind: str = Field(default="person", max_length=12)


@router.post("/api/unknown/accept", tags=["api"], summary="Add a name to the user's KB layer")
def api_accept(request: Request, body: Accept) -> dict[str, Any]:
    """Needs the explorer's token (`detente serve --token`): without one the explorer is
    read-only. Then `detente recode` codes the articles that name it again."""
    if not request.app.state.token:
        raise HTTPException(403, "writing needs the explorer started with --token")
    if body.kind not in KINDS:
        raise HTTPException(422, f"kind must be one of {', '.join(KINDS)}")
    try:
        entity = add_actor(
            NewActor(
                name=body.name,
                code=body.code,
                sector=body.sector,
                start=body.start,
                end=body.end,
                aliases=tuple(body.aliases),
                kind=body.kind,
            ),
            source="explorer",
        )
    except DetenteError as err:
        raise HTTPException(422, str(err)) from err
    return {"entity": entity.to_dict(), "next": "detente recode --db DB"}


# -- alerts -----------------------------------------------------------------------


def _evidence(store: Store, found: list[Alert]) -> dict[str, list[dict[str, Any]]]:
    """The first events behind each alert (id, date, type, sides, sentence)."""
    wanted = sorted({i for a in found for i in a.event_ids[:ALERT_EVENTS]})
    rows = {
        r["id"]: r
        for r in store.rows_in(
            "SELECT id, date, event, quad, goldstein, actor_codes, recipient_codes, sentence "
            "FROM events WHERE id IN ({marks})",
            wanted,
        )
    }
    return {a.id: [rows[i] for i in a.event_ids[:ALERT_EVENTS] if i in rows] for a in found}


@page("/alerts")
def alerts_page(
    request: Request,
    store: StoreDep,
    since: Annotated[dt.date | None, Query(description="every week from this day")] = None,
) -> Response:
    if since is None:
        latest = store.scalar("SELECT MAX(date) FROM events WHERE modality = 'asserted'")
        if latest and len(latest) >= 10:
            since = dt.date.fromisoformat(latest[:10]) - dt.timedelta(weeks=PAGE_WEEKS)
    found = alerts(store, since=since)
    evidence = _evidence(store, found)
    data = {
        "since": since.isoformat() if since else "",
        "alerts": [a.to_dict() | {"events": evidence[a.id]} for a in found],
    }
    return show(request, "alerts.html", data)


__all__ = ["router"]
