"""GDELT 2.0 event-table export: one row per event (reports merged), tab-separated.

The 61 columns of the GDELT 2.0 event table in its order, no header (as GDELT
ships them; `header=True` adds one), so scripts written for GDELT files run
on detente's output. Events are the clusters of `detente.analysis.dedup`:
NumMentions = reports, NumSources = distinct publishers, NumArticles =
distinct articles. What detente does not know stays empty (religion, ethnic
codes, ADM2) and AvgTone is 0. ActionGeo_* is the event's place (detente.geo)
with FIPS 10-4 country codes as in GDELT. Actor1Geo_*/Actor2Geo_* are the
country of the side's first actor at country precision (Type 1, the country's
centre in the gazetteer), empty for an actor with no country (an IGO): GDELT
places an actor where the article mentions it, detente does not.
Differences from GDELT, documented in docs/trust.md: FeatureID is the GeoNames
id (GDELT: GNS/GNIS), ADM1 codes are GeoNames admin1 codes after the FIPS
country code, and DATEADDED is the last report's date at 00:00.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO

from detente.analysis.dedup import EventCluster, Report, cluster_reports, publisher_of
from detente.geo.codes import country_name, fips
from detente.geo.gazetteer import Gazetteer
from detente.records import Actor, Article, Event, Place

_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode "
    "Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode "
    "Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code "
    "Actor1Geo_ADM2Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code "
    "Actor2Geo_ADM2Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code "
    "ActionGeo_ADM2Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL"
)
GDELT_COLUMNS: tuple[str, ...] = tuple(_COLUMNS.split())
IGO_CODES = frozenset({"IGO", "NGO", "IMG", "MNC"})


def _day(value: str, fallback: str) -> dt.date:
    for text in (value, fallback):
        parts = text[:10].split("-") if text else []
        try:
            if len(parts) >= 1 and parts[0]:
                month = int(parts[1]) if len(parts) > 1 else 1
                day = int(parts[2]) if len(parts) > 2 else 1
                return dt.date(int(parts[0]), month, day)
        except ValueError:
            continue
    return dt.date(1970, 1, 1)


def _country_of(actor: Actor) -> str:
    """The ISO alpha-3 country of an actor, "" for an organisation with none (IGO, or a
    three-letter organisation code such as UNO, which names no country)."""
    code = actor.code
    return code if code not in IGO_CODES and len(code) == 3 and country_name(code) else ""


def _actor_columns(actors: list[Actor]) -> list[str]:
    """Actor{1,2}Code … Type3Code from the first actor of a side (GDELT has one per side)."""
    if not actors:
        return [""] * 10
    a = actors[0]
    country = _country_of(a)
    group = a.org or (a.code if a.code and not country else "")
    code = (country or group) + (a.sector or "")
    name = (a.name or a.entity_text).upper()
    return [code, name, country, group, "", "", "", a.sector, "", ""]


def _built_gazetteer() -> Gazetteer | None:
    """The gazetteer, if its index is already built (an export never builds it)."""
    from detente.geo.gazetteer import default_path, load_gazetteer

    return load_gazetteer() if default_path().exists() else None


def _admin1_name(key: str) -> str:
    """The name of a first-level division, if the gazetteer index is already built."""
    gaz = _built_gazetteer() if key else None
    return gaz.admin1_name(key) if gaz else ""


def actor_geo_columns(actors: list[Actor]) -> list[str]:
    """The 8 geography columns of a side: its first actor's country at country
    precision, placed at the country's centre when the gazetteer index is built;
    empty when the actor has no country or the country has no FIPS code."""
    country = _country_of(actors[0]) if actors else ""
    if not fips(country):
        return [""] * 8
    gaz = _built_gazetteer()
    entry = gaz.country(country) if gaz else None
    place = Place(
        text="",
        name=entry.name if entry else country_name(country),
        geonames_id=entry.geonames_id if entry else 0,
        feature="country",
        country=country,
        lat=entry.lat if entry else None,
        lon=entry.lon if entry else None,
        precision=3,
        reason="the country of the actor's code",
    )
    return geo_columns(place)


def geo_columns(place: Place | None) -> list[str]:
    """The 8 GDELT geography columns of a place: Type, FullName, CountryCode (FIPS
    10-4), ADM1Code (FIPS country + GeoNames admin1), ADM2Code (empty), Lat, Long,
    FeatureID (GeoNames id; the ADM1 or FIPS code for regions and countries)."""
    if place is None or not place.resolved:
        return [""] * 8
    country = fips(place.country)
    us = place.country == "USA"
    admin1 = place.adm1.partition(".")[2]
    adm1_code = country + admin1 if admin1 else country
    if place.feature == "country":
        kind, full, feature = "1", place.name or country_name(place.country), country
    elif place.feature == "adm1":
        kind, feature = ("2" if us else "5"), adm1_code
        full = ", ".join(p for p in (place.name, country_name(place.country)) if p)
    else:
        kind, feature = ("3" if us else "4"), str(place.geonames_id or "")
        parts = (place.name, _admin1_name(place.adm1), country_name(place.country))
        full = ", ".join(dict.fromkeys(p for p in parts if p))
    lat = f"{place.lat:.4f}" if place.lat is not None else ""
    lon = f"{place.lon:.4f}" if place.lon is not None else ""
    return [kind, full, country, adm1_code, "", lat, lon, feature]


def gdelt_row(cluster: EventCluster, *, url: str = "") -> list[str]:
    """One cluster as the 61 GDELT 2.0 event columns."""
    seed: Event = cluster.seed
    first = cluster.reports[0]
    day = _day(cluster.date, first.published)
    added = _day(cluster.last_seen, cluster.date)
    fraction = day.year + (day.timetuple().tm_yday / 365.0)
    cameo = seed.cameo
    first_side, second_side = cluster.actor, cluster.recipient
    if not second_side and len({a.entity_id or a.code for a in first_side}) > 1:
        first_side, second_side = first_side[:1], first_side[1:]  # "X and Y met"
    return [
        str(int(cluster.id[:15], 16)),
        day.isoformat().replace("-", ""),  # not strftime: it drops the zeros of year 1
        day.isoformat().replace("-", "")[:6],
        str(day.year),
        f"{fraction:.4f}",
        *_actor_columns(first_side),
        *_actor_columns(second_side),
        "1" if seed.text_info.sentence_index == 0 else "0",
        cameo,
        cameo[:3],
        cameo[:2],
        str(seed.quad),
        f"{seed.goldstein:g}",
        str(cluster.num_reports),
        str(cluster.num_sources),
        str(cluster.num_articles),
        "0",
        *actor_geo_columns(first_side),
        *actor_geo_columns(second_side),
        *geo_columns(seed.place),
        added.isoformat().replace("-", "") + "000000",
        url or seed.doc_id,
    ]


def write_gdelt(
    events: Iterable[Event],
    *,
    out: IO[str],
    header: bool = False,
    articles: Mapping[str, Article] | None = None,
    window_days: int | None = None,
) -> int:
    """Cluster `events` into events and write GDELT rows; returns rows written.

    `articles` maps doc id -> Article (for publisher, URL and date); without
    it, an event's doc id stands for its article and publisher.
    """
    known = articles or {}
    reports: list[Report] = []
    for event in events:
        article = known.get(event.doc_id) or Article(id=event.doc_id, text="")
        published = article.published.isoformat() if article.published else ""
        key = article.content_hash or article.id
        reports.append(Report(event, key, publisher_of(article), published))
    clusters = cluster_reports(reports, window_days=window_days)
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    for cluster in clusters:
        seed_article = known.get(cluster.seed.doc_id)
        row = gdelt_row(cluster, url=seed_article.url if seed_article else "")
        out.write("\t".join(v.replace("\t", " ").replace("\n", " ") for v in row) + "\n")
    return len(clusters)
