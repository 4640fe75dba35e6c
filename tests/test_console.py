"""Progress and tables: live and rich in a terminal, plain text (no control characters) else."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from detente.console import Progress, print_table, quad_style

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
DETENTE = Path(sys.executable).parent / "detente"
ROWS = [
    {"date": "2024-03-01", "event": "CONSULT", "quad": 1, "sentence": "Talks\tin  Rabat."},
    {"date": "2024-03-02", "event": "ASSAULT", "quad": 4, "sentence": "[bold]Shelling[/bold]"},
]


class _Terminal(io.StringIO):
    """Standard output that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_table_is_tsv_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(ROWS, ["date", "event", "sentence"], style=quad_style)
    assert capsys.readouterr().out.splitlines() == [
        "date\tevent\tsentence",
        "2024-03-01\tCONSULT\tTalks in Rabat.",  # tabs and runs of spaces in a cell: one space
        "2024-03-02\tASSAULT\t[bold]Shelling[/bold]",
    ]


def test_table_is_rich_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    monkeypatch.setenv("COLUMNS", "100")
    print_table(ROWS, ["date", "event", "sentence"], style=quad_style)
    shown = screen.getvalue()
    assert "\t" not in shown and "─" in shown  # a drawn table, not TSV
    assert "[bold]Shelling[/bold]" in shown  # text from data is never rich markup
    assert quad_style(ROWS[1]) == "bold red" and quad_style({"quad": None}) == ""


def test_plain_progress_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DETENTE_PROGRESS_SECONDS", "0")
    with Progress("eval gold.jsonl", unit="sentences") as bar:
        bar.update(5, total=10)
        bar.note("fold 1/5")
    with Progress("eval", unit="sentences", quiet=True) as bar:
        bar.update(5, total=10)
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("eval gold.jsonl: 5/10 sentences, ") and "ETA 0:00:0" in lines[0]
    assert lines[1:] == ["fold 1/5"]
    assert "\r" not in err and "\x1b" not in err


def _ingest_args(db: Path) -> list[str]:
    return [str(DETENTE), "ingest", str(EXAMPLES), "--db", str(db), "--batch-size", "1"]


@pytest.mark.slow
def test_ingest_piped_shows_no_carriage_returns(tmp_path: Path) -> None:
    env = {**os.environ, "DETENTE_PROGRESS_SECONDS": "0"}  # a line at every batch
    done = subprocess.run(_ingest_args(tmp_path / "piped.db"), capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert b"\r" not in output and b"\x1b" not in output
    progress = done.stderr.decode().splitlines()
    assert len(progress) >= 6 and all(line.startswith("ingest: ") for line in progress)
    assert "ingest: 6/6 articles" in progress[-1]
    assert done.stdout.decode().startswith("coded 6 articles")
    quiet = subprocess.run(
        [*_ingest_args(tmp_path / "quiet.db"), "--quiet", "--json"], capture_output=True, env=env
    )
    assert quiet.returncode == 0 and quiet.stderr == b""
    assert b'"coded": 6' in quiet.stdout


@pytest.mark.slow
def test_ingest_in_a_terminal_shows_one_live_bar(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "160"}
    proc = subprocess.Popen(
        _ingest_args(tmp_path / "tty.db"), stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait() == 0
    screen = b"".join(chunks).decode()
    lines = screen.split("\n")
    bars = [line for line in lines if "━" in line]
    assert len(bars) == 1  # redrawn in place, never scrolled
    assert "\r" in bars[0]  # (a terminal is where carriage returns belong)
    final = bars[0].rsplit("\r", 2)[-2]  # the last drawing of the bar
    assert "6/6" in final and "articles/s" in final and "ETA" in final
    assert "coded 6 articles" in lines[-2]
