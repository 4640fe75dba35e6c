"""A place name -> one gazetteer entry, or a reason why none.

Order: a country's own name, then a country the knowledge base knows by that
name (never a capital read as its government), then regions and towns. Of
several towns and regions with the name, one whose region is named in the
article wins, then one in the article's countries, then the most populous; a
town of 100,000 or more beats a region of the same name ("New York",
"Beijing"). Small towns outside the article's countries are never chosen, and
a town matched only by one of its alternate names must be large: "China"
never resolves to a Mexican village, nor "Kashmir" to Cashmere, Washington.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente.actors.kb import KnowledgeBase
from detente.geo.gazetteer import Entry, Gazetteer, name_key
from detente.records import PRECISIONS, Place

BIG_TOWN = 100_000  # a town this large beats a region of its name
MIN_TOWN = 1_000  # the smallest town chosen in one of the article's countries
MIN_TOWN_ELSEWHERE = 5_000  # ... and outside them
MIN_ALIAS_TOWN = 50_000  # the smallest town chosen by an alternate name
NEAR_TOP = 10  # a town in the article's countries wins if within 1/NEAR_TOP of the top's size


@dataclass(slots=True)
class InPlay:
    """What the article is about: its countries (ISO alpha-3) and regions (adm1 keys)."""

    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Resolution:
    place: Place
    rule: str  # country | kb_country | town | region | none
    why: str
    candidates: int = 0


def to_place(entry: Entry, gaz: Gazetteer, *, text: str, start: int, end: int, why: str) -> Place:
    feature = entry.feature if entry.feature in PRECISIONS else "city"
    return Place(
        text=text,
        start=start,
        end=end,
        name=entry.name,
        geonames_id=entry.geonames_id,
        feature=feature,  # type: ignore[arg-type]
        country=entry.code if entry.feature == "country" else gaz.iso3(entry.country),
        adm1=entry.adm1_key,
        lat=entry.lat,
        lon=entry.lon,
        precision=PRECISIONS[feature],
        reason=why,
    )


def _usable(entry: Entry, key: str, play: InPlay, gaz: Gazetteer) -> bool:
    if entry.feature != "city":
        return True
    by_own_name = name_key(entry.name) == key
    if not by_own_name and entry.population < MIN_ALIAS_TOWN:
        return False
    least = MIN_TOWN if gaz.iso3(entry.country) in play.countries else MIN_TOWN_ELSEWHERE
    return entry.population >= least


def _rank(entries: list[Entry], play: InPlay, gaz: Gazetteer) -> tuple[Entry, str]:
    """The entry the article most likely means, with why."""
    named = [
        e for e in entries if e.adm1_key and e.adm1_key in play.regions and e.feature == "city"
    ]
    if named:
        return named[
            0
        ], f"in {gaz.admin1_name(named[0].adm1_key) or named[0].adm1_key}, named in the article"
    regions = [e for e in entries if e.feature == "adm1"]
    towns = [e for e in entries if e.feature == "city"]
    region = regions[0] if regions else None
    if towns and (region is None or towns[0].population >= BIG_TOWN):
        top = towns[0]
        local = [e for e in towns if gaz.iso3(e.country) in play.countries]
        if (
            gaz.iso3(top.country) not in play.countries
            and local
            and local[0].population * NEAR_TOP >= top.population
        ):
            return local[0], f"in the article's country {gaz.iso3(local[0].country)}"
        why = (
            "the only town of that name"
            if len(towns) == 1
            else f"the most populous of {len(towns)} towns of that name"
        )
        if region is not None:
            why += f" ({top.population:,} inhabitants), before the region {region.name!r}"
        return top, why
    assert region is not None
    local_regions = [e for e in regions if gaz.iso3(e.country) in play.countries]
    if local_regions:
        return local_regions[
            0
        ], f"a region of the article's country {gaz.iso3(local_regions[0].country)}"
    return region, "a region of that name" if len(regions) == 1 else "the most populous region"


def resolve_name(
    text: str,
    *,
    start: int,
    end: int,
    gaz: Gazetteer,
    kb: KnowledgeBase,
    play: InPlay,
    within: Entry | None = None,
) -> Resolution:
    """The place `text` names; `within` (a region or country) narrows the choice
    ("Paris, Texas")."""
    key = name_key(text)
    entries = gaz.named(text) if key else []
    countries = [e for e in entries if e.feature == "country"]
    if countries and within is None:
        why = f"{text!r} is the name of a country"
        return Resolution(
            to_place(countries[0], gaz, text=text, start=start, end=end, why=why),
            "country",
            why,
            len(entries),
        )
    kb_country = _kb_country(text, kb) if within is None else ""
    if within is not None:
        entries = [
            e
            for e in entries
            if e.country == within.country
            and (within.feature == "country" or e.admin1 == within.admin1)
        ]
    usable = [e for e in entries if e.feature != "country" and _usable(e, key, play, gaz)]
    regions = {e.country for e in usable if e.feature == "adm1" and name_key(e.name) == key}
    if regions:
        # a region by its own name before a town of another country by one of its other
        # names ("Florida" is the state, not Floridablanca, Colombia; "New York" may
        # still be the city)
        usable = [
            e
            for e in usable
            if e.feature != "city" or name_key(e.name) == key or e.country in regions
        ]
    if kb_country and not any(gaz.iso3(e.country) == kb_country for e in usable):
        # "the UK", "Britain": a country by a name the gazetteer's countries lack (a town
        # of that name in the same country, "Gaza", is ranked with the others below)
        entry = gaz.country(kb_country)
        why = f"the knowledge base knows {text!r} as the country {kb_country}"
        if entry is not None:
            place = to_place(entry, gaz, text=text, start=start, end=end, why=why)
        else:
            place = Place(
                text=text,
                start=start,
                end=end,
                feature="country",
                country=kb_country,
                precision=3,
                reason=why,
            )
        return Resolution(place, "kb_country", why, len(entries))
    if not usable:
        why = (
            f"no place called {text!r} in the gazetteer"
            if not entries
            else f"{len(entries)} places called {text!r}, none a country, region or town large enough"
        )
        return Resolution(
            Place(text=text, start=start, end=end, reason=why), "none", why, len(entries)
        )
    entry, why = _rank(usable, play, gaz)
    if within is not None:
        why += f", within {within.name}"
    rule = "region" if entry.feature == "adm1" else "town"
    return Resolution(
        to_place(entry, gaz, text=text, start=start, end=end, why=why), rule, why, len(entries)
    )


def _kb_country(text: str, kb: KnowledgeBase) -> str:
    """The country the knowledge base knows by this name ("Britain", "the US"), not by
    its capital: "Moscow" is a place before it is the Russian government."""
    for hit in kb.lookup(text.removeprefix("the ").removeprefix("The ")):
        entity = kb.entities[hit.entity_id]
        if entity.kind == "country" and entity.roles and hit.via != "capital":
            return entity.roles[0].country
    return ""
