"""The same queries on a PostgreSQL store and a SQLite store give the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.ingest import ingest
from detente.store import EventFilter, Store, count_events, dyad_series, event_rows, open_store
from detente.store.query import top_actors, top_dyads

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "examples" / "articles", ROOT / "examples" / "reports"]

FILTERS = [
    EventFilter(limit=500),
    EventFilter(modality="all", limit=500),
    EventFilter(actor="RUS", limit=500),
    EventFilter(either="CHN", limit=500),
    EventFilter(actor="RUS", recipient="CHN", modality="all", limit=500),
    EventFilter(event="CONSULT", modality="", limit=500),
    EventFilter(quad=1, limit=500),
    EventFilter(date_from="2023-01-01", date_to="2024-12-31", limit=500),
    EventFilter(q="talks", modality="all", limit=500),
    EventFilter(q="Beijing", limit=500),
    EventFilter(min_confidence=0.8, limit=500),
]


def _answers(store: Store) -> dict[str, object]:
    out: dict[str, object] = {}
    for n, flt in enumerate(FILTERS):
        rows = event_rows(store, flt)
        out[f"rows{n}"] = sorted(
            (
                r["id"],
                r["event"],
                r["modality"],
                r["date"],
                round(float(r["confidence"]), 3),
                tuple(sorted(a.code for a in r.get("actor_list", r.get("actors", [])) or [])),
            )
            for r in rows
        )
        out[f"count{n}"] = count_events(store, flt)
        out[f"capped{n}"] = count_events(store, flt, cap=2)  # 3 when more than 2 match
    out["dyads"] = sorted(map(repr, top_dyads(store, limit=50)))
    out["actors"] = sorted(map(repr, top_actors(store, limit=50)))
    for a, b in (("RUS", "CHN"), ("FRA", "DEU")):
        for interval in ("month", "year", "day"):
            out[f"series-{a}-{b}-{interval}"] = dyad_series(store, a, b, interval=interval)
    return out


@pytest.mark.slow
def test_postgres_answers_like_sqlite(postgresql_url: str, tmp_path: Path) -> None:
    answers = []
    for url in (str(tmp_path / "lite.db"), postgresql_url):
        with open_store(url) as store:
            report = ingest(INPUTS, store=store)
            assert report.coded > 0 and not report.failed
            again = ingest(INPUTS, store=store)  # idempotent on both
            assert again.coded == 0
            answers.append(_answers(store))
    lite, pg = answers
    assert lite["count0"] > 0
    assert lite == pg
