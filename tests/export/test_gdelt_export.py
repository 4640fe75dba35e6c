"""GDELT 2.0 export: 61 tab-separated columns, one row per event, counts of reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from detente.analysis.dedup import cluster_events
from detente.cli import main
from detente.export import GDELT_COLUMNS, write_events
from detente.ingest import ingest
from detente.store import open_store

REPORTS = Path(__file__).resolve().parents[2] / "examples" / "reports"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gdelt") / "r.db"
    with open_store(path) as store:
        ingest([REPORTS], store=store)
        cluster_events(store)
    return path


def test_columns_are_gdelt_2_event_table() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_cli_export_gdelt(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(store_path), "--format", "gdelt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]
    assert rows and all(len(line.split("\t")) == 61 for line in lines)
    (meeting,) = [r for r in rows if r["EventCode"] == "040"]
    assert meeting["SQLDATE"] == "20241007" and meeting["MonthYear"] == "202410"
    # four articles, three outlets; one of them mentions the meeting again in its
    # headline (and perhaps a third time, as the sentence model reads that sentence)
    assert (meeting["NumSources"], meeting["NumArticles"]) == ("3", "4")
    assert meeting["NumMentions"] in ("5", "6")
    assert meeting["QuadClass"] == "1" and meeting["EventRootCode"] == "04"
    assert {meeting["Actor1CountryCode"], meeting["Actor2CountryCode"]} == {"DEU", "FRA"}
    # the place, geocoded: a world city (type 4), FIPS country code GM, its coordinates
    assert meeting["ActionGeo_Type"] == "4"
    assert (
        meeting["ActionGeo_FullName"].startswith("Berlin")
        and "Germany" in meeting["ActionGeo_FullName"]
    )
    assert meeting["ActionGeo_CountryCode"] == "GM" and meeting["ActionGeo_ADM1Code"].startswith(
        "GM"
    )
    assert abs(float(meeting["ActionGeo_Lat"]) - 52.52) < 0.5
    assert abs(float(meeting["ActionGeo_Long"]) - 13.40) < 0.5
    assert meeting["ActionGeo_FeatureID"] == "2950159"  # GeoNames' Berlin
    # each side's own geography: its country, at country precision, at the country's centre
    sides = {meeting["Actor1Geo_CountryCode"]: 1, meeting["Actor2Geo_CountryCode"]: 2}
    assert set(sides) == {"GM", "FR"}
    germany = sides["GM"]
    assert meeting[f"Actor{germany}Geo_Type"] == "1"
    assert meeting[f"Actor{germany}Geo_FullName"] == "Germany"
    assert meeting[f"Actor{germany}Geo_ADM1Code"] == "GM"
    assert abs(float(meeting[f"Actor{germany}Geo_Lat"]) - 51.0) < 2
    assert abs(float(meeting[f"Actor{germany}Geo_Long"]) - 10.0) < 2
    assert meeting["DATEADDED"] == "20241009000000"
    assert int(meeting["GLOBALEVENTID"]) > 0


def test_header_is_optional(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(store_path), "--format", "gdelt", "--header"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.split("\t") == list(GDELT_COLUMNS)


def test_write_events_gdelt_in_memory() -> None:
    from detente.pipeline import code_text

    events = code_text(
        "Putin met Xi Jinping in Beijing on Tuesday. Putin and Xi Jinping held talks on Tuesday.",
        date="2023-10-18",
    )
    out = io.StringIO()
    count = write_events(events, fmt="gdelt", out=out)
    assert count == len(out.getvalue().splitlines()) >= 1


def test_geography_is_empty_where_no_place_is_known(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from detente.store.query import EventFilter, matching_events

    assert main(["export", "--db", str(store_path), "--format", "gdelt"]) == 0
    rows = [
        dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
        for line in capsys.readouterr().out.splitlines()
    ]
    with open_store(store_path) as store:
        events = matching_events(store, EventFilter(modality="all", limit=1000))
    placed = sum(1 for e in events if e.place is not None and e.place.resolved)
    assert 0 < placed < len(events)  # the fixture has placed and unplaced events
    for row in rows:
        geo = [row[c] for c in GDELT_COLUMNS if c.startswith("ActionGeo_") and "ADM2" not in c]
        assert all(geo) or not any(geo[:3]), geo  # all filled (ADM2 aside) or none
        if row["ActionGeo_Type"]:
            assert len(row["ActionGeo_CountryCode"]) == 2  # FIPS 10-4, never ISO alpha-3


def test_an_actor_with_no_country_has_no_geography() -> None:
    from detente.pipeline import code_text

    events = code_text("The United Nations condemned Russia on Tuesday.", date="2023-10-18")
    out = io.StringIO()
    assert write_events(events, fmt="gdelt", out=out) == 1
    row = dict(zip(GDELT_COLUMNS, out.getvalue().rstrip("\n").split("\t"), strict=True))
    assert row["Actor1Code"] == "UNO" and row["Actor1CountryCode"] == ""  # not a country
    assert row["Actor2CountryCode"] == "RUS"
    assert not any(row[c] for c in GDELT_COLUMNS if c.startswith("Actor1Geo_"))
    assert (row["Actor2Geo_Type"], row["Actor2Geo_CountryCode"]) == ("1", "RS")
    assert row["Actor2Geo_Lat"] and row["ActionGeo_Type"] == ""  # no place of its own
