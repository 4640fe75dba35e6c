"""The store stage: SQLite by default, PostgreSQL for shared use."""

from detente.store.db import Store, dyad_pairs, open_store
from detente.store.query import EventFilter, count_events, dyad_series, event_rows

__all__ = [
    "EventFilter",
    "Store",
    "count_events",
    "dyad_pairs",
    "dyad_series",
    "event_rows",
    "open_store",
]
