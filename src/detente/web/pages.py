"""Server-rendered pages; each has a `.json` twin that returns the data it shows.

Templates are rendered with autoescape on; the only markup built in Python is
offset highlighting (`render.highlight`), which escapes every piece itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from detente.store.query import (
    MAX_LIMIT,
    EventFilter,
    actor_list,
    article_list,
    dyad_period_events,
    event_rows,
    facet_counts,
    store_stats,
    top_actors,
    top_dyads,
)
from detente.web import render
from detente.web.api import (
    explain_actor,
    explain_article,
    explain_dyad,
    explain_event,
    explain_network,
    explain_places,
    list_events,
)
from detente.web.deps import (
    TEXT_MAX,
    FilterDep,
    IntervalParam,
    Language,
    ModalityParam,
    Offset,
    StoreDep,
    Text,
    filter_params,
)

TEMPLATES = Path(__file__).parent / "templates"
STATIC = {
    "cytoscape": "cytoscape-3.33.1.min.js",
    "d3": "d3-7.9.0.min.js",
    "plot": "plot-0.6.17.umd.min.js",
    "topojson": "topojson-client-3.1.0.min.js",
    "world": "world-atlas-2.0.2-countries-110m.json",  # Natural Earth 1:110m, public domain
    "swagger_js": "swagger-ui-bundle-5.35.0.js",
    "swagger_css": "swagger-ui-5.35.0.css",
}
PAGE_LIMIT = 200  # most rows one HTML page shows

env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(
        enabled_extensions=("html", "xml", "j2"), default=True, default_for_string=True
    ),
)
env.globals.update(
    qs=render.query_string,
    sentence_html=render.sentence_html,
    article_html=render.article_html,
    codes=render.codes,
    quad_names=render.QUAD_NAMES,
    colour=render.goldstein_colour,
    static=STATIC,
)
env.filters["num"] = lambda v, digits=2: "" if v is None else f"{float(v):.{digits}f}"

router = APIRouter(include_in_schema=False)


def show(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
    """HTML from `template`, or `data` as JSON when the path ends in `.json`."""
    if request.url.path.endswith(".json"):
        return JSONResponse(jsonable_encoder(data))
    html = env.get_template(template).render(
        request=request, path=request.url.path, **data, **extra
    )
    return HTMLResponse(html)


def page(path: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Register a handler for `path` and its `.json` twin (the twin first, to win the match)."""

    def register(func: Callable[..., Response]) -> Callable[..., Response]:
        twin = "/index.json" if path == "/" else path + ".json"
        router.add_api_route(twin, func, methods=["GET"])
        router.add_api_route(path, func, methods=["GET"], response_class=HTMLResponse)
        return func

    return register


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> Response:
    """Swagger UI from the vendored files in static/, so the API reference works offline."""
    html = env.get_template("swagger.html").render(
        title=request.app.title, openapi_url=request.app.openapi_url
    )
    return HTMLResponse(html)


@page("/")
def overview(request: Request, store: StoreDep) -> Response:
    data = {
        "stats": store_stats(store),
        "latest": event_rows(store, _latest_filter()),
        "top_dyads": top_dyads(store, limit=12),
        "top_actors": top_actors(store, limit=12),
    }
    return show(request, "overview.html", data)


def _latest_filter() -> EventFilter:
    return EventFilter(limit=12)


@page("/events")
def events_page(request: Request, store: StoreDep, flt: FilterDep) -> Response:
    flt.limit = min(flt.limit, PAGE_LIMIT)
    data = list_events(store, flt)
    data["facets"] = {
        name: facet_counts(store, flt, name) for name in ("event", "quad", "modality", "month")
    }
    data["filters"] = filter_params(flt)
    return show(request, "events.html", data, flt=flt)


@page("/map")
def map_page(request: Request, store: StoreDep, flt: FilterDep) -> Response:
    data = explain_places(store, flt)
    data["filters"] = filter_params(flt)
    return show(request, "map.html", data, flt=flt)


@page("/event/{event_id}")
def event_page(request: Request, store: StoreDep, event_id: str) -> Response:
    return show(request, "event.html", explain_event(store, event_id))


@page("/dyads")
def dyads_page(
    request: Request,
    store: StoreDep,
    a: Text = "",
    b: Text = "",
    modality: ModalityParam = "asserted",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> Response:
    if a and b:
        return RedirectResponse(f"/dyad/{a.strip().upper()}/{b.strip().upper()}", 303)
    return show(request, "dyads.html", {"dyads": top_dyads(store, limit=limit, modality=modality)})


@page("/dyad/{a}/{b}")
def dyad_page(
    request: Request,
    store: StoreDep,
    a: str,
    b: str,
    interval: IntervalParam = "month",
    modality: ModalityParam = "asserted",
    period: Text = "",
    date_from: Text = "",
    date_to: Text = "",
) -> Response:
    if len(a) > TEXT_MAX or len(b) > TEXT_MAX:
        raise HTTPException(400, "code too long")
    data = explain_dyad(
        store, a, b, interval=interval, modality=modality, date_from=date_from, date_to=date_to
    )
    data["period"] = period
    data["events"] = dyad_period_events(
        store, a, b, interval=interval, period=period, modality=modality, limit=PAGE_LIMIT
    )
    return show(request, "dyad.html", data)


@page("/network")
def network_page(
    request: Request,
    store: StoreDep,
    min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    date_from: Text = "",
    date_to: Text = "",
    modality: ModalityParam = "asserted",
) -> Response:
    data = explain_network(
        store, min_count=min_count, date_from=date_from, date_to=date_to, modality=modality
    )
    for edge in data["edges"]:
        edge["colour"] = render.goldstein_colour(edge["goldstein_mean"])
    return show(request, "network.html", data)


@page("/actors")
def actors_page(
    request: Request,
    store: StoreDep,
    q: Text = "",
    modality: ModalityParam = "asserted",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 200,
    offset: Offset = 0,
) -> Response:
    rows = actor_list(store, q=q, modality=modality, limit=limit, offset=offset)
    return show(
        request,
        "actors.html",
        {"actors": rows, "q": q, "modality": modality, "limit": limit, "offset": offset},
    )


@page("/actor/{actor_id}")
def actor_page(
    request: Request, store: StoreDep, actor_id: str, modality: ModalityParam = "asserted"
) -> Response:
    if len(actor_id) > TEXT_MAX:
        raise HTTPException(400, "id too long")
    data = explain_actor(store, actor_id, modality=modality)
    data["today"] = dt.date.today().isoformat()
    return show(request, "actor.html", data)


@page("/articles")
def articles_page(
    request: Request,
    store: StoreDep,
    q: Text = "",
    language: Language = "",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Offset = 0,
) -> Response:
    rows = article_list(store, q=q, language=language, limit=limit, offset=offset)
    return show(
        request,
        "articles.html",
        {"articles": rows, "q": q, "language": language, "limit": limit, "offset": offset},
    )


@page("/article/{article_id}")
def article_page(request: Request, store: StoreDep, article_id: str) -> Response:
    return show(request, "article.html", explain_article(store, article_id))


def install_error_pages(app: FastAPI) -> None:
    """Errors as an HTML page for browsers and JSON for the API and `.json` twins."""

    def wants_json(request: Request) -> bool:
        path = request.url.path
        return path.startswith("/api/") or path.endswith(".json") or path.startswith("/static/")

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        detail = exc.detail if isinstance(exc, StarletteHTTPException) else "error"
        if wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status)
        html = env.get_template("error.html").render(status=status, detail=detail, path="")
        return HTMLResponse(html, status_code=status)

    async def invalid(request: Request, exc: Exception) -> Response:
        errors = exc.errors() if isinstance(exc, RequestValidationError) else []
        if wants_json(request):
            return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)
        lines = [
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in errors
        ]
        html = env.get_template("error.html").render(status=422, detail="; ".join(lines), path="")
        return HTMLResponse(html, status_code=422)

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
