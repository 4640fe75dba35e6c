"""Request plumbing shared by the API and the pages: the store and the filters."""

from __future__ import annotations

import inspect
import threading
from dataclasses import Field, fields
from typing import Annotated, Any, Literal, get_type_hints

from fastapi import Depends, Query, Request
from fastapi.exceptions import RequestValidationError

from detente.errors import DetenteError
from detente.store import Store, open_store
from detente.store.query import FILTER_KEYS, MAX_LIMIT, EventFilter

CSV_MAX_LIMIT = 100_000  # a CSV export may ask for more rows than one JSON page
TEXT_MAX = 200  # longest accepted filter value
MAX_OFFSET = 10_000_000  # larger offsets overflow SQLite integers and page nowhere useful

ModalityParam = Literal["asserted", "negated", "hypothetical", "future", "historical", "all"]
IntervalParam = Literal["week", "month", "year"]


class StorePool:
    """One store connection per worker thread (SQLite connections are not shared)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


def get_store(request: Request) -> Store:
    # A plain function, not a generator: FastAPI runs a sync generator dependency in two
    # trips through the thread pool (enter and exit), and there is nothing to clean up.
    pool: StorePool = request.app.state.pool
    return pool.get()


StoreDep = Annotated[Store, Depends(get_store)]
Text = Annotated[str, Query(max_length=TEXT_MAX)]
Language = Annotated[
    str,
    Query(
        pattern="^([a-z]{2,3})?$",
        description='ISO 639-1 code detected when the article was read, e.g. "fr"; '
        '"und": undetermined',
    ),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


# Web-only bounds on top of the filter's own: a CSV may ask for many rows; larger offsets
# overflow SQLite integers.
WEB_BOUNDS: dict[str, dict[str, float]] = {
    "limit": {"le": CSV_MAX_LIMIT},
    "offset": {"le": MAX_OFFSET},
}
DESCRIPTIONS = {"limit": f"at most {MAX_LIMIT} for JSON"}


def _query_parameter(spec: Field[Any], hint: Any) -> inspect.Parameter:
    """One `EventFilter` field as a validated query parameter (bad values give 422)."""
    meta = spec.metadata
    if meta["choices"]:
        hint = Literal.__getitem__(meta["choices"])
    bounds = {k: meta[k] for k in ("ge", "le") if meta[k] is not None} | WEB_BOUNDS.get(
        spec.name, {}
    )
    if hint is str:
        bounds["max_length"] = TEXT_MAX
    if meta["pattern"]:
        bounds["pattern"] = meta["pattern"]
    query = Query(description=DESCRIPTIONS.get(spec.name, meta["help"]) or None, **bounds)
    return inspect.Parameter(
        spec.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=spec.default,
        annotation=Annotated[hint, query],
    )


async def event_filter(**values: Any) -> EventFilter:
    """The event filter from query parameters: one per `EventFilter` field (async: it
    only builds a record, so it needs no trip through the thread pool)."""
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    for name, check in CHECKS.items():
        if values.get(name):
            try:
                check(values[name])
            except DetenteError as err:  # in shape (its pattern) but not in range: 422 too
                raise RequestValidationError(
                    [{"loc": ("query", name), "msg": str(err), "type": "value_error"}]
                ) from err
    return EventFilter.from_mapping(values)


# The fields whose values a pattern cannot fully check (a bbox's ranges)
CHECKS = {f.name: f.metadata["check"] for f in fields(EventFilter) if f.metadata["check"]}


_hints = get_type_hints(EventFilter)
# FastAPI reads a dependency's parameters from its signature: derive it from the fields.
event_filter.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [_query_parameter(f, _hints[f.name]) for f in fields(EventFilter)],
    return_annotation=EventFilter,
)
FilterDep = Annotated[EventFilter, Depends(event_filter)]


def filter_params(flt: EventFilter) -> dict[str, str]:
    """The non-default filter values, for links that keep the filter in the URL."""
    defaults = EventFilter()
    out: dict[str, str] = {}
    for key in FILTER_KEYS:
        value = getattr(flt, key)
        if value != getattr(defaults, key) and value is not None:
            out[key] = str(value)
    return out
