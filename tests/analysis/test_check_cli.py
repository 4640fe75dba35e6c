"""`detente check PATH|--db URL [--json]` prints (and stores) the flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.cli import main
from detente.ingest import ingest
from detente.store import open_store

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "putin-beijing-visit.txt"

pytestmark = pytest.mark.skipif(not EXAMPLE.exists(), reason="example article not here")


def test_check_path_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--date", "2023-10-16", "--json"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    found = json.loads(line)
    (title,) = [f for f in found["flags"] if f["kind"] == "title"]
    assert title["severity"] == "high" and "Sergey Lavrov" in title["message"]
    assert any(c["speaker"]["entity_text"] == "Alexander Gabuev" for c in found["claims"])


def test_check_store_writes_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from detente.articles import ReadOptions

    db = tmp_path / "s.db"
    with open_store(db) as store:
        ingest([EXAMPLE], store=store, options=ReadOptions(default_date=dt.date(2023, 10, 16)))
    assert main(["check", "--db", str(db), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["kind"] for r in rows if r["severity"] == "high"] == ["title"]
    with open_store(db) as store:
        assert store.unchecked_articles() == []
        assert len(store.flags(severity="high")) == 1
    assert main(["check", "--db", str(db)]) == 0  # nothing new to parse; prints stored flags
    assert "Sergey Lavrov" in capsys.readouterr().out
