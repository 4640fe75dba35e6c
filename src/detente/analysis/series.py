"""`detente series`: a tidy table of events by unit and period, zeros included.

One row per unit (a dyad, an acting actor, or a country on either side) and
period (day, ISO week starting Monday, or month), for every period from the
first to the last in the selection, so that pandas and R read it as is:

    period  [unit columns]  events  [measure columns]

Unit columns: `source, target` (dyad), `actor, sector` (actor), `country`.
Measure columns: `count` adds none; `goldstein` adds `goldstein_sum,
goldstein_mean` (empty where there are no events); `quad` adds `q1..q4`.
Only events with a day (or, by month, a month) are counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.actors.importer import ORG_COUNTRIES
from detente.store import Store
from detente.store.query import dates_clause, modality_clause

BY = ("dyad", "actor", "country")
INTERVALS = ("day", "week", "month")
MEASURES = ("count", "goldstein", "quad")
UNIT_COLUMNS = {"dyad": ("source", "target"), "actor": ("actor", "sector"), "country": ("country",)}
MEASURE_COLUMNS = {
    "count": ("events",),
    "goldstein": ("events", "goldstein_sum", "goldstein_mean"),
    "quad": ("events", "q1", "q2", "q3", "q4"),
}
UNIT_SQL = {
    "dyad": "SELECT e.id, e.date, e.quad, e.goldstein, d.source AS u1, d.target AS u2 "
    "FROM events e JOIN event_dyads d ON d.event_id = e.id",
    "actor": "SELECT DISTINCT e.id, e.date, e.quad, e.goldstein, x.code AS u1, x.sector AS u2 "
    "FROM events e JOIN event_actors x ON x.event_id = e.id AND x.role = 'actor' "
    "AND x.code != ''",
    "country": "SELECT DISTINCT e.id, e.date, e.quad, e.goldstein, x.code AS u1, '' AS u2 "
    "FROM events e JOIN event_actors x ON x.event_id = e.id AND x.code != ''",
}


def columns(by: str, measure: str) -> tuple[str, ...]:
    """The columns of a series table, in order."""
    return ("period", *UNIT_COLUMNS[by], *MEASURE_COLUMNS[measure])


def period_of(date: str, interval: str) -> dt.date | None:
    """The first day of the period holding an event date ('YYYY-MM-DD' or 'YYYY-MM')."""
    try:
        if len(date) >= 10:
            day = dt.date.fromisoformat(date[:10])
        elif len(date) == 7 and interval == "month":
            day = dt.date.fromisoformat(date + "-01")
        else:
            return None
    except ValueError:
        return None
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    if interval == "month":
        return day.replace(day=1)
    return day


def next_period(day: dt.date, interval: str) -> dt.date:
    if interval == "day":
        return day + dt.timedelta(days=1)
    if interval == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def periods(first: dt.date, last: dt.date, interval: str) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day = next_period(day, interval)


@dataclass(slots=True)
class Cell:
    events: int = 0
    goldstein_sum: float = 0.0
    q1: int = 0
    q2: int = 0
    q3: int = 0
    q4: int = 0

    def add(self, quad: int, goldstein: float) -> None:
        self.events += 1
        self.goldstein_sum += goldstein
        if 1 <= quad <= 4:
            setattr(self, f"q{quad}", getattr(self, f"q{quad}") + 1)


def unit_events(
    store: Store,
    by: str,
    *,
    modality: str = "asserted",
    date_from: str = "",
    date_to: str = "",
) -> Iterator[dict[str, Any]]:
    """Event rows (id, date, quad, goldstein, u1, u2) with their unit, filtered."""
    params: list[Any] = []
    where = (
        " WHERE 1 = 1"
        + modality_clause(modality, params)
        + dates_clause(date_from, date_to, params)  # a date prefix includes its whole period
    )
    for row in store.iter_event_rows(UNIT_SQL[by] + where, params):
        if by == "country" and row["u1"] in ORG_COUNTRIES:
            continue  # IGO, NGO, ... are no country
        yield row


def series(
    store: Store,
    *,
    by: str = "dyad",
    interval: str = "week",
    measure: str = "count",
    modality: str = "asserted",
    date_from: str = "",
    date_to: str = "",
    top: int = 0,
) -> list[dict[str, Any]]:
    """The tidy table (see the module): rows sorted by unit, then period. `top` keeps the
    units with the most events (0: all)."""
    cells: dict[tuple[str, str], dict[dt.date, Cell]] = {}
    for row in unit_events(store, by, modality=modality, date_from=date_from, date_to=date_to):
        period = period_of(row["date"] or "", interval)
        if period is None:
            continue
        unit = (row["u1"], row["u2"] or "")
        cell = cells.setdefault(unit, {}).setdefault(period, Cell())
        cell.add(int(row["quad"] or 0), float(row["goldstein"] or 0.0))
    if not cells:
        return []
    units = sorted(cells)
    if top:
        totals = {u: sum(c.events for c in cells[u].values()) for u in units}
        units = sorted(sorted(units, key=lambda u: -totals[u])[:top])
    first = min(p for u in units for p in cells[u])
    last = max(p for u in units for p in cells[u])
    grid = list(periods(first, last, interval))
    names = UNIT_COLUMNS[by]
    wanted = MEASURE_COLUMNS[measure]
    rows: list[dict[str, Any]] = []
    for unit in units:
        for period in grid:
            cell = cells[unit].get(period) or Cell()
            out: dict[str, Any] = {"period": period.isoformat()}
            out.update(zip(names, unit[: len(names)], strict=True))
            values: dict[str, Any] = {
                "events": cell.events,
                "goldstein_sum": round(cell.goldstein_sum, 3),
                "goldstein_mean": round(cell.goldstein_sum / cell.events, 3)
                if cell.events
                else None,
                "q1": cell.q1,
                "q2": cell.q2,
                "q3": cell.q3,
                "q4": cell.q4,
            }
            out.update({k: values[k] for k in wanted})
            rows.append(out)
    return rows


def write_series(rows: list[dict[str, Any]], names: tuple[str, ...], *, fmt: str, out: Any) -> None:
    """Write the table as CSV (to a path or a stream), Parquet (a path) or JSON lines."""
    from pathlib import Path

    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"period": pa.string(), "goldstein_sum": pa.float64()}
        types["goldstein_mean"] = pa.float64()
        schema = pa.schema(
            [(n, types.get(n, pa.int64() if n in ALL_COUNTS else pa.string())) for n in names]
        )
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), Path(out))
        return
    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8", newline="") as handle:
            _write_text(rows, names, fmt=fmt, handle=handle)
    else:
        _write_text(rows, names, fmt=fmt, handle=out)


def _write_text(
    rows: list[dict[str, Any]], names: tuple[str, ...], *, fmt: str, handle: Any
) -> None:
    import csv
    import json

    if fmt == "jsonl":
        for row in rows:
            handle.write(json.dumps(row) + "\n")
        return
    writer = csv.DictWriter(handle, fieldnames=list(names))
    writer.writeheader()
    writer.writerows(rows)


ALL_COUNTS = frozenset({"events", "q1", "q2", "q3", "q4"})

__all__ = ["BY", "INTERVALS", "MEASURES", "columns", "period_of", "series", "write_series"]
