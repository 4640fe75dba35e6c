"""`kill -9` in the middle of `detente ingest`, then the same command: nothing lost or doubled."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.scale.reuters import reuters_articles
from dumps import store_dump

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578"
DETENTE = Path(sys.executable).parent / "detente"
OK = (0, 2)  # 0: Reuters' exact copies are skips, not failures; 2 would be a bad input


def _corpus(folder: Path, n: int) -> Path:
    path = folder / "reuters.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for article in reuters_articles(REUTERS, limit=n):
            date = article.published.isoformat() if article.published else None
            out.write(json.dumps({"id": article.id, "text": article.text, "date": date}) + "\n")
    return path


def _ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(DETENTE), "ingest", str(corpus), "--db", str(db), "--batch-size", "20", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def _dump(db: Path) -> list[list[tuple[object, ...]]]:
    return store_dump(db, "SELECT hash, doc_id, n_events, duplicate_of FROM articles ORDER BY 1")


@pytest.mark.slow
@pytest.mark.skipif(not REUTERS.exists(), reason="needs ../shared/data/corpus/reuters21578")
def test_kill_9_then_resume_equals_uninterrupted(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 2000)  # the size: 2,000 Reuters articles
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    assert _ingest(corpus, whole).wait(timeout=1800) in OK

    proc = _ingest(corpus, broken)
    deadline = time.monotonic() + 600
    while _count(broken) < 600 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be interrupted"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted_at = _count(broken)
    assert 0 < interrupted_at < _count(whole)
    with sqlite3.connect(broken) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    assert _ingest(corpus, broken).wait(timeout=1800) in OK
    assert _dump(broken) == _dump(whole)
    assert _ingest(corpus, broken).wait(timeout=900) in OK  # a re-run adds nothing
    assert _dump(broken) == _dump(whole)
