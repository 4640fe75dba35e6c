"""Questions about where events happened: the points of the map."""

from __future__ import annotations

import json
from typing import Any

from detente.store.db import Row, Store
from detente.store.query import EventFilter, where_clause

MAX_POINTS = 5000


def place_points(store: Store, flt: EventFilter, *, limit: int = MAX_POINTS) -> list[Row]:
    """The places of the events matching `flt`, one point per coordinate pair with its
    event count, counts by quad class and the most frequent quad; busiest first."""
    where, params = where_clause(flt, store, counting=True)
    located = "e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    rows = store.rows(
        "SELECT e.place_lat AS lat, e.place_lon AS lon, e.quad, COUNT(*) AS events, "
        "MIN(e.place) AS place FROM events e"
        f"{where} GROUP BY e.place_lat, e.place_lon, e.quad",
        params,
    )
    points: dict[tuple[float, float], Row] = {}
    for r in rows:
        point = points.get((r["lat"], r["lon"]))
        if point is None:
            place: dict[str, Any] = json.loads(r["place"]) if r["place"].startswith("{") else {}
            point = {
                "lat": r["lat"],
                "lon": r["lon"],
                "name": place.get("name", ""),
                "country": place.get("country", ""),
                "adm1": place.get("adm1", ""),
                "feature": place.get("feature", ""),
                "precision": place.get("precision", 0),
                "events": 0,
                "by_quad": {},
            }
            points[(r["lat"], r["lon"])] = point
        point["events"] += r["events"]
        point["by_quad"][str(r["quad"])] = point["by_quad"].get(str(r["quad"]), 0) + r["events"]
    for point in points.values():
        point["quad"] = int(max(point["by_quad"].items(), key=lambda kv: (kv[1], -int(kv[0])))[0])
    return sorted(points.values(), key=lambda p: (-p["events"], p["name"]))[: max(0, limit)]
