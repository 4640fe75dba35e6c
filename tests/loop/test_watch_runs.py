"""`detente watch` records a run for each round that stored something, none for an idle one."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.loop.diff import diff_runs
from detente.loop.runs import list_runs
from detente.store import open_store
from detente.watch import Watcher

FEED = Path(__file__).parents[1] / "articles" / "feeds" / "wire.rss"


def test_watch_rounds_are_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    with open_store(tmp_path / "watch.db") as store:
        watcher = Watcher([str(FEED)], store=store)
        first = watcher.round()
        assert first.ingest.coded > 0
        watcher.round()  # the feed file did not change: nothing stored, no run
        runs = list_runs(store)
        assert [(r.id, r.kind, r.status) for r in runs] == [(1, "watch", "done")]
        assert runs[0].counts["coded"] == first.ingest.coded
        stored = store.scalar("SELECT COUNT(*) FROM events")
        assert diff_runs(store, 0, 1).counts()["added"] == stored
