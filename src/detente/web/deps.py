"""Request plumbing shared by the API and the pages: the store and the filters."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from detente.store import Store, open_store
from detente.store.query import MAX_LIMIT, EventFilter

CSV_MAX_LIMIT = 100_000  # a CSV export may ask for more rows than one JSON page
TEXT_MAX = 200  # longest accepted filter value
MAX_OFFSET = 10_000_000  # larger offsets overflow SQLite integers and page nowhere useful

ModalityParam = Literal["asserted", "negated", "hypothetical", "future", "historical", "all"]
SortParam = Literal["date", "-date", "confidence", "goldstein", "-goldstein", "event"]
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


def get_store(request: Request) -> Iterator[Store]:
    pool: StorePool = request.app.state.pool
    yield pool.get()


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


def event_filter(
    actor: Annotated[str, Query(max_length=TEXT_MAX, description="actor code or entity id")] = "",
    recipient: Annotated[str, Query(max_length=TEXT_MAX, description="recipient code/id")] = "",
    either: Annotated[str, Query(max_length=TEXT_MAX, description="code on either side")] = "",
    place: Annotated[str, Query(max_length=TEXT_MAX, description="country of the place")] = "",
    event: Annotated[str, Query(max_length=TEXT_MAX, description="PLOVER type")] = "",
    mode: Text = "",
    context: Text = "",
    quad: Annotated[int | None, Query(ge=0, le=4)] = None,
    modality: ModalityParam = "asserted",
    date_from: Annotated[str, Query(max_length=TEXT_MAX, description="YYYY[-MM[-DD]]")] = "",
    date_to: Annotated[str, Query(max_length=TEXT_MAX, description="YYYY[-MM[-DD]]")] = "",
    publisher: Text = "",
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    q: Annotated[str, Query(max_length=TEXT_MAX, description="full-text search")] = "",
    doc_id: Text = "",
    article: Annotated[str, Query(max_length=TEXT_MAX, description="article hash")] = "",
    sort: SortParam = "date",
    limit: Annotated[
        int, Query(ge=0, le=CSV_MAX_LIMIT, description=f"at most {MAX_LIMIT} for JSON")
    ] = 100,
    offset: Offset = 0,
) -> EventFilter:
    """The event filter from query parameters (validated: bad values give 422)."""
    return EventFilter(
        actor=actor.strip(),
        recipient=recipient.strip(),
        either=either.strip(),
        place=place.strip(),
        event=event.strip(),
        mode=mode.strip(),
        context=context.strip(),
        quad=quad,
        modality=modality,
        date_from=date_from.strip(),
        date_to=date_to.strip(),
        publisher=publisher,
        min_confidence=min_confidence,
        q=q.strip(),
        doc_id=doc_id,
        article=article,
        sort=sort,
        limit=limit,
        offset=offset,
    )


FilterDep = Annotated[EventFilter, Depends(event_filter)]
FILTER_KEYS = (
    "actor",
    "recipient",
    "either",
    "place",
    "event",
    "mode",
    "context",
    "quad",
    "modality",
    "date_from",
    "date_to",
    "publisher",
    "min_confidence",
    "q",
    "doc_id",
    "article",
    "sort",
)


def filter_params(flt: EventFilter) -> dict[str, str]:
    """The non-default filter values, for links that keep the filter in the URL."""
    defaults = EventFilter()
    out: dict[str, str] = {}
    for key in FILTER_KEYS:
        value = getattr(flt, key)
        if value != getattr(defaults, key) and value is not None:
            out[key] = str(value)
    return out
