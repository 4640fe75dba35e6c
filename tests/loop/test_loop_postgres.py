"""The loop on PostgreSQL: the same unknown name, recode and diff as on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.actors.add import NewActor, add_actor
from detente.analysis.alerts import alerts
from detente.analysis.series import series
from detente.ingest import ingest
from detente.loop.diff import diff_runs
from detente.loop.recode import recode
from detente.loop.unknown import unknown_actors
from detente.store import open_store
from synthetic import flat, make_store

ARTICLES = Path(__file__).parent / "articles"


def fresh_database(url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + f"/{name}"


@pytest.mark.slow
def test_loop_on_postgres(
    postgresql_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    answers = []
    for url in (str(tmp_path / "lite.db"), fresh_database(postgresql_url, "loop_test")):
        with open_store(url) as store:
            ingest([ARTICLES], store=store)
            top = unknown_actors(store)[0]
            add_actor(NewActor("Ilze Dravniece", code="LVA", sector="GOV", start="2023-09-15"))
            report = recode(store)
            changes = sorted((c.event_id, c.kind) for c in diff_runs(store, 1, 2).changes)
            again = recode(store)
            answers.append((top.name, top.code, report.affected, changes, again.affected))
        (tmp_path / "home" / "kb" / "entities.jsonl").unlink()
    assert answers[0] == answers[1]
    assert answers[0][3]


@pytest.mark.slow
def test_series_and_alerts_on_postgres(postgresql_url: str, tmp_path: Path) -> None:
    planted = flat() + [(59, d % 7, "RUS", "UKR", 4, -10.0) for d in range(9)]
    lite = make_store(tmp_path / "lite.db", planted)
    pg = make_store(fresh_database(postgresql_url, "alerts_test"), planted)
    found = []
    for url in (lite, pg):
        with open_store(url) as store:
            found.append(
                (
                    [a.to_dict() for a in alerts(store)],
                    series(store, by="country", interval="month", measure="quad"),
                )
            )
    assert found[0] == found[1]
    assert found[0][0]
