"""What a SQLite store holds, as plain rows: for "resumed equals uninterrupted" tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

EVENT_TABLES = ("events", "event_actors", "event_dyads")


def store_dump(db: Path, *queries: str) -> list[list[tuple[object, ...]]]:
    """The event tables in a fixed order, then the rows of each of `queries`."""
    with sqlite3.connect(db) as conn:
        return [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
            for table in EVENT_TABLES
        ] + [conn.execute(query).fetchall() for query in queries]
