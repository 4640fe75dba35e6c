"""`detente watch` against the local test site (tests/feedsite.py, tests/site): rounds,
broken items, a new item, SIGTERM and kill -9 in the middle of a round."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.cli import main
from detente.store import open_store
from detente.watch import expand_sources, parse_interval
from dumps import store_dump
from feedsite import Site

DETENTE = Path(sys.executable).parent / "detente"
FEEDS = Path(__file__).parent / "articles" / "feeds"
FAST = ["--delay", "0.05", "--timeout", "1", "--retries", "1", "--every", "0", "--json"]
PAGES = ("ghana-togo.html", "serbia-hungary.html", "peru-bolivia.html")

NEW_PAGE = """<!DOCTYPE html><html><head><title>Chad and Niger</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Chad and Niger agree
to patrol their border together</h1>
<p>Chad signed an agreement with Niger to patrol their shared border together, the Chadian
defence ministry said, after herders on both sides complained of cattle raids.</p>
<p>Under the plan, mixed units will be based in two towns near the frontier and will share
radio frequencies. Local leaders welcomed the patrols but asked that they respect grazing
routes used for generations.</p>
<p>The agreement follows months of talks between the two governments and is to be reviewed
after a year.</p></article><footer>Meridian Post</footer></body></html>"""

NEW_ITEM = """<item>
      <title>Chad and Niger agree to patrol their border together</title>
      <link>{site}/news/chad-niger.html</link>
      <pubDate>Mon, 09 Mar 2026 07:00:00 +0100</pubDate>
      <description>Mixed units will be based near the frontier.</description>
    </item>
    <item>"""


def _watch(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict], dict[str, str]]:
    assert main(["watch", *args]) == 0
    out, err = capsys.readouterr()
    problems = {}
    for line in err.splitlines():  # "skipped PATH (REASON): MESSAGE"
        if line.startswith("skipped "):
            path, reason = line.removeprefix("skipped ").split(": ", 1)[0].rsplit(" (", 1)
            problems[path.rsplit("/", 1)[-1]] = reason.rstrip(")")
    return [json.loads(line) for line in out.splitlines()], problems


def _stored(db: str) -> dict[str, tuple[str, str, int]]:
    with open_store(db) as store:
        rows = store.rows("SELECT url, published, source, n_events FROM articles")
    return {r["url"].rsplit("/", 1)[-1]: (r["published"], r["source"], r["n_events"]) for r in rows}


def _check_rounds(site: Site, db: str, capsys: pytest.CaptureFixture[str]) -> None:
    sources = [site.url("world.rss"), site.url("broken.rss")]
    rounds, problems = _watch(capsys, *sources, "--db", db, "--fetch", "--rounds", "2", *FAST)
    first, second = rounds
    assert (first["feeds"], first["items"], first["coded"]) == (2, 9, 3)  # broken.rss: read
    assert first["events"] > 0
    assert problems == {
        "broken.rss": "malformed",
        "withdrawn.html": "http-404",
        "slow-story.html": "timeout",
        "huge.html": "too-large",
        "a": "redirect-loop",
        "memo.html": "robots",
        "bresil.html": "not-english",
    }
    stored = _stored(db)
    assert set(stored) == set(PAGES)
    assert stored["ghana-togo.html"][:2] == ("2026-03-05", "Meridian Post — World")
    assert stored["peru-bolivia.html"][0] == "2026-03-07"  # 18:45 at -05:00
    # the second round: the feed has not changed (304), nothing is fetched or added
    assert (second["unchanged"], second["items"], second["coded"], second["read"]) == (1, 0, 0, 0)
    assert site.requests_to("/world.rss") == [200, 304]
    assert site.requests_to("/news/ghana-togo.html") == [200]

    # a new item: in the store after one round; stored items are not fetched again
    (site.root / "news" / "chad-niger.html").write_text(NEW_PAGE)
    feed = site.root / "world.rss"
    feed.write_text(feed.read_text().replace("<item>", NEW_ITEM.format(site=site.base), 1))
    (third,), problems = _watch(
        capsys, site.url("world.rss"), "--db", db, "--fetch", "--rounds", "1", *FAST
    )
    assert (third["items"], third["known"], third["coded"]) == (10, 3, 1)
    assert set(_stored(db)) == {*PAGES, "chad-niger.html"}
    assert _stored(db)["chad-niger.html"][0] == "2026-03-09"
    assert site.requests_to("/news/ghana-togo.html") == [200]
    assert problems["withdrawn.html"] == "http-404"  # failures are tried again


def test_watch_rounds_sqlite(
    feed_site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check_rounds(feed_site, str(tmp_path / "watch.db"), capsys)
    with open_store(tmp_path / "watch.db") as store:
        days = {
            r["date"]
            for r in store.rows("SELECT date FROM events WHERE doc_id LIKE ?", ("%ghana%",))
        }
    assert days == {"2026-03-05"}  # events dated by their item


@pytest.mark.slow
def test_watch_rounds_postgres(
    feed_site: Site, postgresql_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import psycopg

    with psycopg.connect(postgresql_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS watch_test")
        conn.execute("CREATE DATABASE watch_test")
    _check_rounds(feed_site, postgresql_url.rsplit("/", 1)[0] + "/watch_test", capsys)


# -- stopping: SIGTERM and kill -9 in separate processes -----------------------------


def _start(db: Path, *sources: str, rounds: int = 1) -> subprocess.Popen[str]:
    command = [str(DETENTE), "watch", *sources, "--db", str(db), "--batch-size", "1"]
    command += ["--delay", "0.05", "--json", "--every", "1s"]
    command += ["--rounds", str(rounds)] if rounds else ["--timeout", "3", "--retries", "0"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _query(db: Path, sql: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0


def _wait_for(db: Path, sql: str, value: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while _query(db, sql) < value and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _query(db, sql) == value and proc.poll() is None


def _dump(db: Path) -> list[list[tuple[object, ...]]]:
    return store_dump(
        db,
        "SELECT hash, doc_id, url, published, source, n_events, duplicate_of "
        "FROM articles ORDER BY 1",
        "SELECT source, etag, last_modified FROM feeds ORDER BY 1",
    )


WORLD = "SELECT COUNT(*) FROM articles WHERE source = 'Meridian Post — World'"


@pytest.mark.slow
def test_kill_9_mid_round_then_resume(feed_site: Site, tmp_path: Path) -> None:
    shutil.copy(FEEDS / "wire.rss", feed_site.root / "second.rss")
    world, second = feed_site.url("world.rss"), feed_site.url("gated/second.rss")
    whole, broken = tmp_path / "whole.db", tmp_path / "broken.db"
    feed_site.gate.set()
    assert _start(whole, world, second).wait(timeout=300) == 0
    in_world = _query(whole, WORLD)
    assert 0 < in_world < _query(whole, "SELECT COUNT(*) FROM articles")

    feed_site.gate.clear()  # the second feed now hangs until the gate opens
    proc = _start(broken, world, second)
    _wait_for(broken, "SELECT COUNT(*) FROM feeds", 1, proc)  # the first feed is done
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _query(broken, "SELECT COUNT(*) FROM articles") == in_world
    with sqlite3.connect(broken) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    feed_site.gate.set()
    resumed = _start(broken, world, second)
    out, _ = resumed.communicate(timeout=300)
    assert resumed.returncode == 0
    line = json.loads(out)
    assert (line["unchanged"], line["coded"]) == (1, 3)  # the first feed: 304; the second: all
    assert _dump(broken) == _dump(whole)  # nothing lost, nothing twice
    assert _start(broken, world, second).wait(timeout=300) == 0  # a re-run adds nothing
    assert _dump(broken) == _dump(whole)


@pytest.mark.slow
def test_sigterm_mid_round_stops_cleanly(feed_site: Site, tmp_path: Path) -> None:
    shutil.copy(FEEDS / "wire.rss", feed_site.root / "second.rss")
    db = tmp_path / "watch.db"
    gated, later = feed_site.url("gated/second.rss"), str(FEEDS / "desk.atom")
    proc = _start(db, feed_site.url("world.rss"), gated, later, rounds=0)
    _wait_for(db, "SELECT COUNT(*) FROM feeds", 1, proc)
    proc.send_signal(signal.SIGTERM)  # while the second feed hangs
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    (line,) = [json.loads(text) for text in out.splitlines()]
    assert line["stopped"] and "stopping after the current batch" in err
    assert _query(db, "SELECT COUNT(*) FROM articles") == _query(db, WORLD)  # nothing after
    assert _query(db, "SELECT COUNT(*) FROM feeds") == 1  # the unfinished feeds are read again


def test_sources_and_intervals(tmp_path: Path) -> None:
    shutil.copy(FEEDS / "desk.atom", tmp_path / "desk.xml")
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\nhttps://example.org/world.rss\n\ndesk.xml\nmissing.rss\n")
    found, problems = expand_sources([str(listing), str(tmp_path / "desk.xml"), "nothere.txt"])
    assert found == [
        "https://example.org/world.rss",
        str(tmp_path / "desk.xml"),
        str(tmp_path / "missing.rss"),  # reported when a round reads it
    ]
    assert [(p.path, p.reason) for p in problems] == [("nothere.txt", "unreadable")]
    assert [parse_interval(t) for t in ("15m", "90s", "1h", "2.5", "0")] == [900, 90, 3600, 2.5, 0]
    with pytest.raises(ValueError):
        parse_interval("soon")
