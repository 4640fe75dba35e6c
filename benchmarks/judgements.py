"""Reviewed verdicts for a benchmark's hand check: a TSV keyed by event id.

Lines starting with "#" are comments (who reviewed, when, how). Each column named in
`allowed` must hold one of its values; other columns (a reason, "why") are free text.
"""

from __future__ import annotations

import csv
from pathlib import Path


def read_judgements(path: Path, allowed: dict[str, tuple[str, ...]]) -> dict[str, dict[str, str]]:
    """event id -> the row's columns, checked against `allowed`."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        rows = list(csv.DictReader(lines, delimiter="\t"))
    bad = [
        f"{r['event_id']}: {column}={r.get(column)!r}"
        for r in rows
        for column, values in allowed.items()
        if r.get(column) not in values
    ]
    if bad:
        raise SystemExit(f"{path}: values must be one of {allowed}: {bad}")
    return {r["event_id"]: r for r in rows}
