"""`detente alerts`: what is unusual this week against a trailing baseline.

For every dyad and every country (on either side of an event), each ISO week
(Monday to Sunday) is compared with the weekly means of the 4 and the 52 weeks
before it (weeks before the store's first week are not counted):

- **surge**: conflict events (QuadClass 3 and 4) this week ≥ `min_events`, and
  ≥ `ratio` × the larger of the two baseline means, and exceeding it by at
  least `min_excess`;
- **goldstein drop**: the mean Goldstein value of this week's events (at least
  `min_events`) is at least `drop` points below the mean of the events of the
  4 weeks before and of the 52 weeks before (each with `min_events` or more);
- **first appearance**: the first event ever of a dyad, a country or a named
  actor (a knowledge-base entity) falls in this week, and the store has events
  from at least `settle_weeks` weeks before (a new store flags nothing).

Asserted events only. Each alert keeps the events behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from detente.analysis.series import period_of
from detente.store import Store

CONFLICT = (3, 4)


@dataclass(frozen=True, slots=True)
class Thresholds:
    min_events: int = 3
    ratio: float = 2.0
    min_excess: float = 3.0
    drop: float = 3.0
    settle_weeks: int = 4

    def text(self) -> str:
        return (
            f"surge: conflict events >= {self.min_events}, >= {self.ratio}x and "
            f">= +{self.min_excess} over the 4- and 52-week weekly means; "
            f"goldstein drop: mean >= {self.drop} below both baselines; "
            f"first appearance: store older than {self.settle_weeks} weeks"
        )


@dataclass(slots=True)
class Alert:
    kind: str  # surge | goldstein_drop | first_appearance
    unit: str  # dyad | country | actor
    name: str  # 'RUS→UKR', 'UKR', or an entity id
    week: str  # the Monday
    value: float
    baseline_4: float | None
    baseline_52: float | None
    message: str
    event_ids: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.week}:{self.kind}:{self.unit}:{self.name}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "unit": self.unit,
            "name": self.name,
            "week": self.week,
            "value": self.value,
            "baseline_4": self.baseline_4,
            "baseline_52": self.baseline_52,
            "message": self.message,
            "event_ids": self.event_ids,
        }


@dataclass(slots=True)
class Ev:
    id: str
    quad: int
    goldstein: float


Weeks = dict[dt.date, list[Ev]]

UNIT_SQL = {
    "dyad": "SELECT e.id, e.date, e.quad, e.goldstein, d.source || '→' || d.target AS unit "
    "FROM events e JOIN event_dyads d ON d.event_id = e.id WHERE e.modality = 'asserted'",
    "country": "SELECT DISTINCT e.id, e.date, e.quad, e.goldstein, x.code AS unit "
    "FROM events e JOIN event_actors x ON x.event_id = e.id "
    "WHERE e.modality = 'asserted' AND x.code != '' AND x.code NOT IN "
    "('IGO', 'NGO', 'NGM', 'IMG', 'MNC', 'INT')",
    "actor": "SELECT DISTINCT e.id, e.date, e.quad, e.goldstein, x.entity_id AS unit "
    "FROM events e JOIN event_actors x ON x.event_id = e.id "
    "WHERE e.modality = 'asserted' AND x.entity_id != '' AND x.entity_id != x.code",
}


def _load(store: Store, unit: str) -> dict[str, Weeks]:
    out: dict[str, Weeks] = {}
    for r in store.iter_event_rows(UNIT_SQL[unit] + " ORDER BY e.date, e.id"):
        week = period_of(r["date"] or "", "week")
        if week is not None:
            ev = Ev(r["id"], int(r["quad"] or 0), float(r["goldstein"] or 0.0))
            out.setdefault(r["unit"], {}).setdefault(week, []).append(ev)
    return out


def _before(weeks: Weeks, week: dt.date, n: int, start: dt.date) -> list[list[Ev]]:
    """The events of each of the n weeks before `week`, from the store's first week on."""
    out = []
    for k in range(1, n + 1):
        day = week - dt.timedelta(weeks=k)
        if day < start:
            break
        out.append(weeks.get(day, []))
    return out


def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _check(
    unit: str,
    name: str,
    weeks: Weeks,
    week: dt.date,
    start: dt.date,
    limits: Thresholds,
) -> list[Alert]:
    found: list[Alert] = []
    now = weeks.get(week, [])
    if not now:
        return found
    base4, base52 = _before(weeks, week, 4, start), _before(weeks, week, 52, start)
    label = f"{unit} {name}, week of {week.isoformat()}"
    # surge of conflict events
    conflict = [e for e in now if e.quad in CONFLICT]
    mean4 = _mean(sum(e.quad in CONFLICT for e in w) for w in base4)
    mean52 = _mean(sum(e.quad in CONFLICT for e in w) for w in base52)
    if base4 and mean4 is not None and mean52 is not None:
        base = max(mean4, mean52)
        if (
            len(conflict) >= limits.min_events
            and len(conflict) >= limits.ratio * base
            and len(conflict) - base >= limits.min_excess
        ):
            found.append(
                Alert(
                    "surge", unit, name, week.isoformat(), len(conflict),
                    round(mean4, 2), round(mean52, 2),
                    f"{label}: {len(conflict)} conflict events against weekly means of "
                    f"{mean4:.1f} (4 weeks) and {mean52:.1f} (52 weeks)",
                    [e.id for e in conflict],
                )
            )  # fmt: skip
    # drop in mean Goldstein
    if len(now) >= limits.min_events:
        mean_now = sum(e.goldstein for e in now) / len(now)
        past4 = [e.goldstein for w in base4 for e in w]
        past52 = [e.goldstein for w in base52 for e in w]
        g4, g52 = _mean(past4), _mean(past52)
        if (
            g4 is not None
            and g52 is not None
            and len(past4) >= limits.min_events
            and mean_now <= g4 - limits.drop
            and mean_now <= g52 - limits.drop
        ):
            found.append(
                Alert(
                    "goldstein_drop", unit, name, week.isoformat(), round(mean_now, 2),
                    round(g4, 2), round(g52, 2),
                    f"{label}: mean Goldstein {mean_now:+.1f} against {g4:+.1f} (4 weeks) "
                    f"and {g52:+.1f} (52 weeks)",
                    [e.id for e in now],
                )
            )  # fmt: skip
    # first appearance
    if min(weeks) == week and week - dt.timedelta(weeks=limits.settle_weeks) >= start:
        found.append(
            Alert(
                "first_appearance", unit, name, week.isoformat(), len(now), None, None,
                f"{label}: first seen, {len(now)} events",
                [e.id for e in now],
            )
        )  # fmt: skip
    return found


def alerts(
    store: Store,
    *,
    since: dt.date | None = None,
    thresholds: Thresholds | None = None,
    units: Iterable[str] = ("dyad", "country", "actor"),
) -> list[Alert]:
    """Alerts for the latest week with events, or for every week from `since` on;
    newest first, then surges, drops and first appearances, then by name."""
    limits = thresholds or Thresholds()
    loaded = {unit: _load(store, unit) for unit in units}
    all_weeks = {w for by_name in loaded.values() for weeks in by_name.values() for w in weeks}
    if not all_weeks:
        return []
    start, latest = min(all_weeks), max(all_weeks)
    first = period_of(since.isoformat(), "week") if since else latest
    assert first is not None
    checked = sorted(w for w in all_weeks if w >= first)
    found: list[Alert] = []
    for unit, by_name in loaded.items():
        for name, weeks in by_name.items():
            if unit == "actor":  # named actors: first appearances only
                weeks_seen = [w for w in checked if w == min(weeks)]
            else:
                weeks_seen = [w for w in checked if w in weeks]
            for week in weeks_seen:
                alerts_here = _check(unit, name, weeks, week, start, limits)
                if unit == "actor":
                    alerts_here = [a for a in alerts_here if a.kind == "first_appearance"]
                found += alerts_here
    order = {"surge": 0, "goldstein_drop": 1, "first_appearance": 2}
    units_order = {"dyad": 0, "country": 1, "actor": 2}
    return sorted(
        found,
        key=lambda a: (
            -dt.date.fromisoformat(a.week).toordinal(),
            order[a.kind],
            units_order[a.unit],
            a.name,
        ),
    )


__all__ = ["Alert", "Thresholds", "alerts"]
