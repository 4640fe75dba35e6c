"""Alerts on synthetic stores: a planted surge is found; a flat store gives nothing."""

from __future__ import annotations

from pathlib import Path

from detente.analysis.alerts import alerts
from detente.cli import main
from detente.store import open_store
from synthetic import day_of, flat, make_store


def test_flat_store_gives_no_alerts(tmp_path: Path) -> None:
    db = make_store(tmp_path / "flat.db", flat())
    with open_store(db) as store:
        assert alerts(store) == []
        assert alerts(store, since=day_of(0)) == []  # no week of the 60


def test_planted_surge_is_found(tmp_path: Path) -> None:
    planted = flat() + [(59, d % 7, "RUS", "UKR", 4, -10.0) for d in range(9)]  # 10, not 1
    db = make_store(tmp_path / "surge.db", planted)
    with open_store(db) as store:
        found = alerts(store)
    kinds = {(a.kind, a.unit, a.name) for a in found}
    assert ("surge", "dyad", "RUS→UKR") in kinds
    assert {("surge", "country", "RUS"), ("surge", "country", "UKR")} <= kinds
    assert not any(a.name in ("FRA→DEU", "FRA", "DEU") for a in found)
    surge = next(a for a in found if a.kind == "surge" and a.unit == "dyad")
    assert surge.week == day_of(59).isoformat()
    assert surge.value == 10 and surge.baseline_4 == 1.0 and surge.baseline_52 == 1.0
    assert len(surge.event_ids) == 10
    # the mean Goldstein of the week fell from about -1.9 to -8.3
    assert ("goldstein_drop", "dyad", "RUS→UKR") in kinds
    # newest first: with --since every week is checked, and only the last one alerts
    with open_store(db) as store:
        assert {a.week for a in alerts(store, since=day_of(0))} == {surge.week}


def test_first_appearance(tmp_path: Path) -> None:
    planted = flat() + [(59, 1, "POL", "BLR", 3, -4.0)]
    db = make_store(tmp_path / "new.db", planted)
    with open_store(db) as store:
        found = alerts(store)
    assert {(a.kind, a.name) for a in found} == {
        ("first_appearance", "POL→BLR"),
        ("first_appearance", "POL"),
        ("first_appearance", "BLR"),
    }


def test_alerts_cli_json(tmp_path: Path, capsys: object) -> None:
    planted = flat() + [(59, d % 7, "RUS", "UKR", 4, -10.0) for d in range(9)]
    db = make_store(tmp_path / "cli.db", planted)
    assert main(["alerts", "--db", db, "--json"]) == 0
    out = capsys.readouterr().out.splitlines()  # type: ignore[attr-defined]
    assert out and '"kind": "surge"' in out[0]
