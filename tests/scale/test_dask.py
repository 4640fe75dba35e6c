"""Dask with 2 worker processes produces exactly the events of the single-process run."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.ingest import ingest
from detente.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
INPUTS = [ROOT / "examples" / "articles", ROOT / "examples" / "reports"]


def _dump(store: Store) -> list[list[object]]:
    return [
        [list(r.values()) for r in store.rows(f"SELECT * FROM {table} ORDER BY 1, 2, 3")]
        for table in ("events", "event_actors", "event_dyads")
    ]


def _spacy_and_torch() -> tuple[bool, bool]:
    """Whether this worker loaded spaCy, and whether torch is blocked (None) in it."""
    import sys

    return "spacy" in sys.modules, sys.modules.get("torch", False) is None


@pytest.mark.slow
def test_dask_local_cluster_matches_single_process(tmp_path: Path) -> None:
    from distributed import Client

    from detente.scale.dask import ingest_dask, local_cluster

    with open_store(tmp_path / "one.db") as store:
        ingest(INPUTS, store=store)
        expected = _dump(store)
    assert expected[0]
    with (
        local_cluster(2) as cluster,
        Client(cluster) as client,
        open_store(tmp_path / "dask.db") as store,
    ):
        report = ingest_dask(
            INPUTS, store=store, client=client, batch_size=2, shards=tmp_path / "shards"
        )
        assert report.coded > 0 and not report.failed
        assert len(list((tmp_path / "shards").glob("events-*.parquet"))) >= 2
        got = _dump(store)
        # the preload kept torch out of every worker; spaCy loaded without it
        states = list(client.run(_spacy_and_torch).values())
        assert any(spacy for spacy, _ in states) and all(blocked for _, blocked in states)
    strip = [[row for row in table] for table in got]
    assert strip == expected
