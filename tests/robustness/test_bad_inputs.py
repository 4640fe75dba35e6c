"""Issue 7: one run over good articles mixed with every kind of bad input.

Every good article is coded, every bad one is listed with its reason, no
traceback is printed, the exit code says some inputs failed, memory stays
bounded with a 60 MB file in the folder, and the SQLite store is intact.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from mixed_inputs import HTML, Mixed, run_detente

from detente.articles import ReadOptions, ReadProblem, iter_articles


def _listed(stderr: str, mixed: Mixed) -> dict[str, str]:
    """relative path -> reason, from the CLI's `skipped PATH (REASON): message` lines."""
    found: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("skipped ") and " (" in line:
            path, _, rest = line.removeprefix("skipped ").partition(" (")
            rel = Path(path).relative_to(mixed.folder).as_posix()
            found[rel] = rest.split(")", 1)[0]
    return found


def test_reader_reports_every_bad_input(mixed: Mixed) -> None:
    items = list(iter_articles([mixed.folder]))
    problems = {
        Path(p.path).relative_to(mixed.folder).as_posix(): p.reason
        for p in items
        if isinstance(p, ReadProblem)
    }
    assert problems == mixed.problems
    articles = [a for a in items if not isinstance(a, ReadProblem)]
    assert len(articles) == mixed.good
    texts = {a.id: a.text for a in articles}
    assert "Barrot met Algerian President" in texts["latin1"]  # Latin-1 decoded
    assert "Mitsotakis in Athens" in texts["utf16"]  # UTF-16 by its BOM
    assert "Rafah crossing" in texts["page"]
    assert "SCRIPT-PAYLOAD" not in texts["page"] and "<script" not in texts["page"]


def test_ingest_mixed_folder(mixed: Mixed, tmp_path: Path) -> None:
    db = tmp_path / "mixed.db"
    run = run_detente("ingest", str(mixed.folder), "--db", str(db), cwd=tmp_path)
    output = run.stdout + run.stderr
    assert "Traceback" not in output
    assert run.code == 2, output  # 2: some inputs failed
    assert _listed(run.stderr, mixed) == mixed.problems
    summary = [line for line in run.stdout.splitlines() if line.startswith("coded ")]
    assert summary and f"coded {mixed.good} articles" in summary[-1], run.stdout
    assert f"skipped {len(mixed.problems)} " in summary[-1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == mixed.good
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        texts = " ".join(r[0] for r in conn.execute("SELECT text FROM articles"))
    assert "SCRIPT-PAYLOAD" not in texts and "<script" not in texts
    # bounded memory: the 60 MB log is refused by its size, never read (spaCy itself ~300 MB)
    assert run.max_rss_mb < 1500, run.max_rss_mb
    # a re-run adds nothing and still reports the same problems
    again = run_detente("ingest", str(mixed.folder), "--db", str(db), "--json", cwd=tmp_path)
    assert again.code == 2 and "Traceback" not in again.stdout + again.stderr
    report = json.loads(again.stdout.strip().splitlines()[-1])
    assert report["coded"] == 0 and report["skipped_known"] == mixed.good
    assert sum(report["skipped"].values()) == len(mixed.problems)


def test_code_mixed_folder(mixed: Mixed, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    run = run_detente("code", str(mixed.folder), "-o", str(out), cwd=tmp_path)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.code == 2
    assert _listed(run.stderr, mixed) == mixed.problems
    summary = run.stderr.strip().splitlines()[-1]
    assert f"from {mixed.good} articles; skipped {len(mixed.problems)}" in summary, summary
    doc_ids = {json.loads(line)["doc_id"] for line in out.read_text().splitlines()}
    assert {"jl-1", "cs-1", "utf16", "latin1"} <= doc_ids
    strict = run_detente("code", str(mixed.folder), "-o", str(out), "--strict", cwd=tmp_path)
    assert strict.code == 1 and "Traceback" not in strict.stdout + strict.stderr


def test_big_file_is_not_read_into_memory(mixed: Mixed, tmp_path: Path) -> None:
    """`detente read` peaks at about the same memory with or without the 60 MB file."""
    with_big, without = tmp_path / "with", tmp_path / "without"
    for folder in (with_big, without):
        folder.mkdir()
        shutil.copy(mixed.folder / "page.html", folder)
    (with_big / "big.log").symlink_to(mixed.folder / "big.log")
    (without / "small.log").write_text("2024-01-01 INFO ok\n" * 10)
    big = run_detente("read", str(with_big), cwd=tmp_path)
    small = run_detente("read", str(without), cwd=tmp_path)
    assert big.code == 1 and "(too-large)" in big.stderr and "Traceback" not in big.stderr
    assert big.max_rss_mb - small.max_rss_mb < 30, (big.max_rss_mb, small.max_rss_mb)


def test_long_jsonl_line_and_csv_row_are_refused_not_held(tmp_path: Path) -> None:
    good = json.dumps({"id": "ok", "text": "Japan condemned North Korea on Wednesday."})
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "huge", "text": "x " * 3000}) + "\n" + good + "\n"
    )
    (tmp_path / "b.csv").write_text(
        "id,text\nhuge," + "y" * 6000 + "\nok2,Kenya accused Somalia on Friday.\n"
    )
    items = list(iter_articles([tmp_path], options=ReadOptions(max_bytes=5000)))
    problems = [(Path(p.path).name, p.reason) for p in items if isinstance(p, ReadProblem)]
    assert problems == [("a.jsonl:1", "too-large"), ("b.csv:2", "too-large")]
    assert [a.id for a in items if not isinstance(a, ReadProblem)] == ["ok", "ok2"]


def test_csv_row_with_nul_is_cleaned(tmp_path: Path) -> None:
    (tmp_path / "n.csv").write_text(
        "id,text\nr1,Japan condemned North Korea.\nr2,bad\x00row\nr3,Kenya accused Somalia.\n"
    )
    items = list(iter_articles([tmp_path]))
    articles = [a for a in items if not isinstance(a, ReadProblem)]
    assert [a.id for a in articles] == ["r1", "r2", "r3"]  # Python 3.11's csv accepts NUL
    assert articles[1].text == "badrow"  # normalize_text drops the control character


def test_text_longer_than_the_parser_limit_is_coded_in_pieces(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"The president of Russia met the president of China and said that it was a good day {n}.\n\n"
        for n in range(40)
    )
    (tmp_path / "long.txt").write_text("World\nLong\n\n" + paragraphs)
    items = list(iter_articles([tmp_path], options=ReadOptions(max_chars=1000)))
    articles = [a for a in items if not isinstance(a, ReadProblem)]
    assert len(articles) == len(items) > 3
    assert [a.id for a in articles[:2]] == ["long#1", "long#2"]
    assert all(len(a.text) <= 1000 and a.text.endswith(".") for a in articles)
    assert "day 39." in articles[-1].text


@pytest.mark.parametrize("html", [HTML])
def test_html_script_never_reaches_the_article(tmp_path: Path, html: str) -> None:
    (tmp_path / "p.html").write_text(html)
    (article,) = list(iter_articles([tmp_path]))
    assert not isinstance(article, ReadProblem)
    assert "alert" not in article.text and "SCRIPT-PAYLOAD" not in article.text
