"""The store's indexes and planner statistics, and counting up to a cap (issue 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from detente.ingest import ingest
from detente.store import EventFilter, count_events, event_rows, open_store
from detente.store.query import top_actors
from detente.store.schema import DROPPED_INDEXES, INDEXES

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"


def _index_names(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_an_older_store_gets_the_new_indexes_and_statistics_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        ingest([EXAMPLES], store=store)
        events = count_events(store, EventFilter(modality="all"))
    new = {ddl.split(" IF NOT EXISTS ")[1].split()[0] for ddl in INDEXES}
    with sqlite3.connect(path) as conn:  # the store as an older version left it
        for name in new:
            conn.execute(f"DROP INDEX {name}")
        conn.execute("CREATE INDEX event_actors_code ON event_actors(code, role)")
        conn.execute("DROP TABLE IF EXISTS sqlite_stat1")
        conn.execute("DELETE FROM meta WHERE key = 'analyzed_events'")
    assert not new & _index_names(path)
    with open_store(str(path)) as store:
        analyzed = store.scalar("SELECT value FROM meta WHERE key = 'analyzed_events'")
        stats = store.scalar("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'events'")
    names = _index_names(path)
    assert new <= names and not set(DROPPED_INDEXES) & names
    assert int(analyzed) == events > 0 and stats > 0


def test_count_stops_at_the_cap(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        ingest([EXAMPLES], store=store)
        flt = EventFilter(modality="all")
        total = count_events(store, flt)
        assert total > 3
        assert count_events(store, flt, cap=3) == 4  # "more than 3"
        assert count_events(store, flt, cap=total) == total  # exact when within the cap
        code = top_actors(store, limit=1, modality="all")[0]["code"]
        rare = EventFilter(actor=code, modality="all")
        assert count_events(store, rare, cap=total) == len(event_rows(store, rare)) > 0


def test_every_filter_field_is_a_cli_option_and_a_query_parameter() -> None:
    """Issue 13: the fields of EventFilter are the one list of filters."""
    from dataclasses import fields

    from detente.cli import build_parser
    from detente.web import create_app

    names = {f.name for f in fields(EventFilter)}
    parser = build_parser()
    for command in ("events", "export"):
        args = parser.parse_args([command])
        assert names <= set(vars(args)), command
        assert EventFilter.from_mapping(vars(args)) == EventFilter(limit=args.limit)
    schema = create_app(":memory:").openapi()["paths"]["/api/events"]["get"]
    assert names <= {p["name"] for p in schema["parameters"]}
