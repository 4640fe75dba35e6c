"""Place columns in CSV and Parquet; a GeoJSON export that loads in geopandas (issue 12)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from detente.cli import main
from detente.export import write_events
from detente.pipeline import code_text

TEXT = (
    "Putin met Xi Jinping in Beijing on Tuesday. "
    "Police arrested protesters in Paris, Texas on Monday. "
    "Russia condemned Ukraine on Sunday."
)


@pytest.fixture(scope="module")
def events() -> list:
    return code_text(TEXT, date="2023-10-18")


def test_csv_has_flat_place_columns(events: list) -> None:
    out = io.StringIO()
    write_events(events, fmt="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    beijing = next(r for r in rows if r["place_name"] == "Beijing")
    assert (beijing["place_country"], beijing["place_adm1"], beijing["geo_precision"]) == (
        "CHN",
        "CN.22",
        "1",
    )
    assert abs(float(beijing["place_lat"]) - 39.9) < 0.5
    assert beijing["place_source"] == "clause"  # "in Beijing", the event's own words
    unplaced = next(r for r in rows if "condemned" in r["sentence"])
    assert unplaced["place"] == "" and unplaced["geo_precision"] == ""
    assert unplaced["place_source"] == ""


def test_parquet_place_columns_are_typed(events: list, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "events.parquet"
    write_events(events, fmt="parquet", out=path)
    table = pq.read_table(path)
    assert str(table.schema.field("place_lat").type) == "double"
    assert "Beijing" in table.column("place_name").to_pylist()


def test_geojson_loads_in_geopandas(events: list, tmp_path: Path) -> None:
    geopandas = pytest.importorskip("geopandas")
    path = tmp_path / "events.geojson"
    count = write_events(events, fmt="geojson", out=path)
    placed = [e for e in events if e.place is not None and e.place.lat is not None]
    assert count == len(placed) >= 2
    frame = geopandas.read_file(path)
    assert len(frame) == count and set(frame.geom_type) == {"Point"}
    beijing = frame[frame["place_name"] == "Beijing"].iloc[0]
    assert abs(beijing.geometry.y - 39.9) < 0.5 and abs(beijing.geometry.x - 116.4) < 0.5
    assert beijing["event"] == "CONSULT" and "Beijing" in beijing["sentence"]
    raw = json.loads(path.read_text())
    assert raw["type"] == "FeatureCollection" and raw["features"][0]["id"]


def test_cli_export_geojson(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Putin met Xi Jinping in Beijing on Tuesday.\n")
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(source), "--db", db, "--date", "2023-10-18"]) == 0
    capsys.readouterr()
    assert main(["export", "--db", db, "--format", "geojson"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["features"][0]["geometry"]["type"] == "Point"


def test_place_survives_to_dict_and_from_dict(events: list) -> None:
    """`Event.from_dict` rebuilds the `Place` record (Dask shards keep events as JSON)."""
    from detente.records import Event, Place

    placed = [e for e in events if e.place is not None and e.place.resolved]
    assert placed
    for event in events:
        back = Event.from_dict(json.loads(json.dumps(event.to_dict())))
        assert back.place == event.place
        assert back.place is None or isinstance(back.place, Place)
        assert back.to_dict() == event.to_dict()


def test_geojson_features_carry_the_run_id(events: list) -> None:
    out = io.StringIO()
    count = write_events(events, fmt="geojson", out=out, run_id=7)
    features = json.loads(out.getvalue())["features"]
    assert len(features) == count > 0
    assert {f["properties"]["run_id"] for f in features} == {7}
