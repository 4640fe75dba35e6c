"""`detente series` tables load in pandas with the documented columns, zeros included."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from detente.analysis.series import MEASURE_COLUMNS, UNIT_COLUMNS, columns, series
from detente.cli import main
from detente.store import open_store
from synthetic import flat, make_store

# weeks 0 and 2 only: week 1 must appear with zeros
GAPPED = [
    (0, 1, "RUS", "UKR", 4, -10.0),
    (0, 2, "RUS", "UKR", 1, 1.0),
    (2, 3, "RUS", "UKR", 3, -4.0),
    (2, 3, "FRA", "DEU", 1, 1.0),
]


@pytest.mark.parametrize("by", ["dyad", "actor", "country"])
@pytest.mark.parametrize("measure", ["count", "goldstein", "quad"])
def test_csv_loads_in_pandas(tmp_path: Path, by: str, measure: str) -> None:
    db = make_store(tmp_path / "s.db", GAPPED)
    out = tmp_path / "series.csv"
    args = ["series", "--db", db, "--by", by, "--measure", measure, "--interval", "week"]
    assert main([*args, "-o", str(out)]) == 0
    frame = pd.read_csv(out)
    assert tuple(frame.columns) == ("period", *UNIT_COLUMNS[by], *MEASURE_COLUMNS[measure])
    assert frame["events"].dtype.kind == "i"
    # one row per unit and week, for every week from the first to the last
    units = frame.groupby(list(UNIT_COLUMNS[by])).size()
    assert set(units) == {3}
    assert sorted(frame["period"].unique()) == ["2022-01-03", "2022-01-10", "2022-01-17"]


def test_zeros_and_values(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s.db", GAPPED)
    with open_store(db) as store:
        rows = series(store, by="dyad", interval="week", measure="goldstein")
    rus = [r for r in rows if (r["source"], r["target"]) == ("RUS", "UKR")]
    assert [r["events"] for r in rus] == [2, 0, 1]
    assert [r["goldstein_mean"] for r in rus] == [-4.5, None, -4.0]
    with open_store(db) as store:
        quads = series(store, by="country", interval="month", measure="quad")
    ukr = next(r for r in quads if r["country"] == "UKR")
    assert (ukr["period"], ukr["events"], ukr["q1"], ukr["q3"], ukr["q4"]) == (
        "2022-01-01", 3, 1, 1, 1
    )  # fmt: skip


def test_parquet_and_days(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s.db", flat(weeks=3))
    out = tmp_path / "s.parquet"
    args = ["series", "--db", db, "--interval", "day", "--measure", "quad"]
    assert main([*args, "--format", "parquet", "-o", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert tuple(frame.columns) == columns("dyad", "quad")
    assert len(frame) == 2 * 17  # two dyads, days 2022-01-04 .. 2022-01-20
    assert frame["events"].sum() == 4 * 3
    assert (frame["events"] == 0).sum() > 0
