"""What the CLI shows people, through rich: one progress helper and tables.

In a terminal (a real one: `isatty`): one live bar on stderr (count, rate,
ETA) and rich tables on stdout. Piped or redirected: no control characters at all, so logs stay
readable: a plain progress line at most every `DETENTE_PROGRESS_SECONDS`
(default 30; 0 prints every update) on stderr, and tab-separated tables.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as LiveProgress
from rich.table import Table
from rich.text import Text

PLAIN_EVERY = 30.0  # seconds between plain progress lines, unless the environment says
# colours of the four quad classes in terminal tables (verbal/material cooperation/conflict)
QUAD_STYLES = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


class _Rate(ProgressColumn):
    """Items a second: over rich's recent window while running (the ETA's rate too),
    over the whole run once finished (short runs code in bursts)."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed
        speed = task.completed / elapsed if task.finished and elapsed else task.speed
        shown = f"{speed:.1f}" if speed else "?"
        return Text(f"{shown} {self.unit}/s", style="progress.data.speed")


def _is_terminal(stream: TextIO) -> bool:
    """A real terminal (rich alone also says yes under FORCE_COLOR, as in many CI logs)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class Progress:
    """Progress of one long command: `update` counts, `note` prints a line.

    Use as a context manager; with `quiet` it shows nothing.
    """

    def __init__(self, what: str, *, unit: str, quiet: bool = False) -> None:
        self.what, self.unit, self.quiet = what, unit, quiet
        self.console = Console(stderr=True)
        self.every = float(os.environ.get("DETENTE_PROGRESS_SECONDS", PLAIN_EVERY))
        self.started = self.last = time.monotonic()
        self.live: LiveProgress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> Progress:
        if not self.quiet and _is_terminal(sys.stderr):
            self.live = LiveProgress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _Rate(self.unit),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[info]}"),
                console=self.console,
                redirect_stdout=False,  # stdout carries results (JSON, tables)
                refresh_per_second=4,
                speed_estimate_period=60,  # ingest reports in batches: smooth over several
            )
            self.live.start()
            # hidden until the first count: a command may only print notes
            self.task = self.live.add_task(self.what, total=None, visible=False, info="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()

    def update(self, done: int, *, total: int | None = None, info: str = "") -> None:
        """`done` of `total` (None: unknown) items; `info` is shown after the ETA."""
        if self.quiet:
            return
        if self.live is not None and self.task is not None:
            self.live.update(self.task, completed=done, total=total, info=info, visible=True)
            return
        now = time.monotonic()
        if now - self.last < self.every:
            return
        self.last = now
        rate = done / (now - self.started) if now > self.started else 0.0
        line = f"{self.what}: {done}{f'/{total}' if total else ''} {self.unit}, "
        line += f"{rate:.1f} {self.unit}/s"
        if total and rate:
            line += f", ETA {_clock(max(0, total - done) / rate)}"
        print(f"{line}  {info}".rstrip(), file=sys.stderr, flush=True)

    def note(self, line: str) -> None:
        """A line of its own (above the bar in a terminal)."""
        if self.quiet:
            return
        if self.live is not None:
            self.live.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr, flush=True)


def _cell(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())  # one line, no tabs


def print_table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    style: Callable[[Mapping[str, Any]], str] | None = None,
) -> None:
    """`rows` as a rich table in a terminal, else as TSV with a header line.

    `style` gives a row's rich style (e.g. its quad class's colour); TSV has none.
    """
    if not _is_terminal(sys.stdout):
        print("\t".join(columns))
        for row in rows:
            print("\t".join(_cell(row.get(c)) for c in columns))
        return
    table = Table(box=box.SIMPLE_HEAD, header_style="bold")
    for column in columns:
        numeric = bool(rows) and all(
            isinstance(row.get(column), int | float) for row in rows if row.get(column) is not None
        )
        table.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        cells = [Text(_cell(row.get(c))) for c in columns]  # Text: no rich markup from data
        table.add_row(*cells, style=style(row) if style else None)
    Console().print(table)


def quad_style(row: Mapping[str, Any]) -> str:
    """The colour of an event row's quad class."""
    try:
        return QUAD_STYLES.get(int(row.get("quad") or 0), "")
    except (TypeError, ValueError):
        return ""
