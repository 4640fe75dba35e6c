"""Write events as PLOVER JSONL, a flat CSV (pandas, R, Excel), Parquet, GDELT 2.0 TSV
or GeoJSON (the events that have coordinates, as points)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from detente.errors import DetenteError, E
from detente.records import Actor, Article, Event, Place

FORMATS = ("plover", "jsonl", "csv", "parquet", "gdelt", "geojson")
FLAT_COLUMNS = (
    "id",
    "doc_id",
    "date",
    "date_precision",
    "event",
    "mode",
    "context",
    "cameo",
    "quad",
    "goldstein",
    "modality",
    "actor_code",
    "actor_sector",
    "actor_name",
    "actor_entity_id",
    "actor_text",
    "recipient_code",
    "recipient_sector",
    "recipient_name",
    "recipient_entity_id",
    "recipient_text",
    "place",
    "place_name",
    "place_feature",
    "place_country",
    "place_adm1",
    "place_lat",
    "place_lon",
    "place_geonames_id",
    "geo_precision",
    "place_source",
    "confidence",
    "sentence",
    "sentence_index",
    "trigger",
    "trigger_start",
    "trigger_end",
    "speaker",
    "reasons",
)


def _join(actors: list[Actor], attr: str) -> str:
    return ";".join(getattr(a, attr) for a in actors)


def _place_columns(place: Place | None) -> dict[str, Any]:
    """The flat place_* columns; geo_precision as ACLED's (1 town, 2 region, 3 country;
    empty when unplaced); place_source where the place's words were found."""
    placed = place is not None and place.resolved
    return {
        "place": place.text if place else "",
        "place_name": place.name if place else "",
        "place_feature": place.feature if place else "",
        "place_country": place.country if place else "",
        "place_adm1": place.adm1 if place else "",
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "place_geonames_id": place.geonames_id if placed and place and place.geonames_id else None,
        "geo_precision": place.precision if placed and place else None,
        # clause (the event's own words), sentence or dateline (inferred: less sure)
        "place_source": place.source if placed and place else "",
    }


def geojson_feature(event: Event, run_id: int | None = None) -> dict[str, Any] | None:
    """An event as a GeoJSON point feature with its flat columns (and the store's run id),
    None without coordinates."""
    place = event.place
    if place is None or place.lat is None or place.lon is None:
        return None
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": _with_run(flat_row(event), run_id),
    }


def write_geojson(events: Iterable[Event], out: IO[str], *, run_id: int | None = None) -> int:
    """A FeatureCollection of the events that have coordinates (streamed); returns how many."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        feature = geojson_feature(event, run_id)
        if feature is not None:
            out.write((",\n" if count else "") + json.dumps(feature, ensure_ascii=False))
            count += 1
    out.write("\n]}\n")
    return count


def flat_row(event: Event) -> dict[str, Any]:
    """One event as flat columns; several actors are joined with ';'."""
    trigger = event.text_info.trigger
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "date": event.date,
        "date_precision": event.date_precision,
        "event": event.event,
        "mode": event.mode,
        "context": ";".join(event.context),
        "cameo": event.cameo,
        "quad": event.quad,
        "goldstein": event.goldstein,
        "modality": event.modality,
        "actor_code": _join(event.actor, "code"),
        "actor_sector": _join(event.actor, "sector"),
        "actor_name": _join(event.actor, "name"),
        "actor_entity_id": _join(event.actor, "entity_id"),
        "actor_text": _join(event.actor, "entity_text"),
        "recipient_code": _join(event.recipient, "code"),
        "recipient_sector": _join(event.recipient, "sector"),
        "recipient_name": _join(event.recipient, "name"),
        "recipient_entity_id": _join(event.recipient, "entity_id"),
        "recipient_text": _join(event.recipient, "entity_text"),
        **_place_columns(event.place),
        "confidence": event.confidence,
        "sentence": event.text_info.sentence,
        "sentence_index": event.text_info.sentence_index,
        "trigger": event.text_info.text,
        "trigger_start": trigger.start if trigger else -1,
        "trigger_end": trigger.end if trigger else -1,
        "speaker": event.speaker.entity_text if event.speaker else "",
        "reasons": " | ".join(event.reason_texts()),
    }


def _columns(run_id: int | None) -> tuple[str, ...]:
    return FLAT_COLUMNS if run_id is None else (*FLAT_COLUMNS, "run_id")


def _with_run(row: dict[str, Any], run_id: int | None) -> dict[str, Any]:
    """A row with the store's run id, when the events come from a store with runs."""
    return row if run_id is None else {**row, "run_id": run_id}


def write_events(
    events: Iterable[Event],
    *,
    fmt: str,
    out: IO[str] | Path,
    header: bool = False,
    articles: Mapping[str, Article] | None = None,
    run_id: int | None = None,
) -> int:
    """Write events in a format; returns how many were written.

    `run_id` (the store's last run, `detente.loop.runs`) goes on every PLOVER/JSONL
    line, in a `run_id` column of CSV and Parquet and in the properties of each GeoJSON
    feature, so a dataset names its version.

    `gdelt` merges reports into events first (one row per event) and writes no
    header unless `header`; `articles` (doc id -> Article) gives it publishers
    and URLs.
    """
    if fmt not in FORMATS:
        raise DetenteError(E.E502, fmt=fmt, choices=", ".join(FORMATS))
    if fmt == "gdelt":
        from detente.export.gdelt import write_gdelt

        if isinstance(out, Path):
            with out.open("w", encoding="utf-8", newline="") as stream:
                return write_gdelt(events, out=stream, header=header, articles=articles)
        return write_gdelt(events, out=out, header=header, articles=articles)
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [_with_run(flat_row(e), run_id) for e in events]
        table = (
            pa.Table.from_pylist(rows)
            if rows
            else pa.table({c: pa.array([], pa.string()) for c in _columns(run_id)})
        )
        if not isinstance(out, Path):
            raise DetenteError(E.E502, fmt="parquet to stdout", choices="use -o FILE.parquet")
        pq.write_table(table, out)
        return len(rows)
    handle = out.open("w", encoding="utf-8", newline="") if isinstance(out, Path) else out
    count = 0
    try:
        if fmt == "geojson":
            count = write_geojson(events, handle, run_id=run_id)
        elif fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=_columns(run_id))
            writer.writeheader()
            for event in events:
                writer.writerow(_with_run(flat_row(event), run_id))
                count += 1
        else:
            for event in events:
                line = _with_run(event.to_dict(), run_id)
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if isinstance(out, Path):
            handle.close()
    return count
