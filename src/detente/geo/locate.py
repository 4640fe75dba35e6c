"""Place each event of an article: its own clause's place, else the only place its
sentence names, else the dateline, else none.

The coder leaves on each event the words that say where it happened (a
pending `Place`: text and offsets only). Here they are resolved with the
whole article in view: its countries (every side of its events, every
country it names as a place) and its regions settle ambiguous names. An
event with no place in its own clause takes the only place its sentence
names, else the article's dateline ("MOSCOW, March 3 (Reuters) -"); those
two are inferred and say so (`Place.source`); never the capital of an
actor's country.
"""

from __future__ import annotations

import re
from dataclasses import replace

from detente.actors.kb import KnowledgeBase
from detente.geo.gazetteer import Gazetteer
from detente.geo.resolve import InPlay, Resolution, resolve_name
from detente.records import Article, Event, Place, PlaceSource, Reason

# "WASHINGTON, March 3 - ", "BEIJING (Reuters) - ", "KYIV, Ukraine, Jan 5 (AP) -- ",
# "LONDON — ", "SAN SALVADOR, 3 DEC 89 (ACAN-EFE) -- ", "Kabul, Afghanistan: "
_TAIL = (
    r"(?:,\s*(?!NO DATE)(?P<qual>[A-Z][A-Za-z.'\- ]{1,30}?))?"  # the region or country: ", Ukraine"
    r"(?P<date>,\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Za-z]{3,9}\.?(?: \d{2,4})?|NO DATE))?"
    r"(?P<agency>\s*\([A-Za-z .\-]+\))?"
    r"\s*(?:[-\u2013\u2014]{1,2}|:)\s"
)
DATELINE = re.compile(r"\A\s*(?P<place>[A-Z][A-Z.'\- ]{1,30}[A-Z.])" + _TAIL)
# in mixed case a town alone before a dash or colon may be anything ("Update: "): a
# dateline needs its region or country, a date or an agency ("Kabul, Afghanistan: ")
DATELINE_MIXED = re.compile(r"\A\s*(?P<place>[A-Z][a-z.'\-]+(?: [A-Z][a-z.'\-]+){0,2})" + _TAIL)
PENDING = ""  # the reason of a place not resolved yet


def pending_place(text: str, start: int, end: int, *, source: PlaceSource = "clause") -> Place:
    """The words of a place, to be resolved by `locate_events`."""
    return Place(text=text, start=start, end=end, reason=PENDING, source=source)


def dateline(text: str) -> tuple[str, int, int] | None:
    """(place words, start, end) of the article's dateline, if it has one."""
    found = DATELINE.match(text)
    if found is None:
        found = DATELINE_MIXED.match(text)
        if found is None or not (
            found.group("qual") or found.group("date") or found.group("agency")
        ):
            return None
    end = found.end("qual") if found.group("qual") else found.end("place")
    return text[found.start("place") : end], found.start("place"), end


def _in_play(events: list[Event]) -> InPlay:
    countries = {a.code for e in events for a in [*e.actor, *e.recipient] if len(a.code) == 3}
    return InPlay(countries=countries)


class _Resolver:
    """Resolves an article's place words, each distinct text once."""

    def __init__(self, gaz: Gazetteer, kb: KnowledgeBase, play: InPlay) -> None:
        self.gaz, self.kb, self.play = gaz, kb, play
        self.done: dict[str, Resolution] = {}

    def __call__(self, text: str, start: int, end: int) -> Resolution:
        known = self.done.get(text)
        if known is None:
            known = self._resolve(text)
            self.done[text] = known
        return replace(known, place=replace(known.place, start=start, end=end))

    def _resolve(self, text: str) -> Resolution:
        head, _, qualifier = text.partition(",")
        within = None
        if qualifier.strip():
            outer = resolve_name(
                qualifier.strip(), start=-1, end=-1, gaz=self.gaz, kb=self.kb, play=self.play
            )
            if outer.rule in ("country", "kb_country", "region"):
                entry = self.gaz.country(outer.place.country) if outer.rule != "region" else None
                within = entry or next(
                    (e for e in self.gaz.named(qualifier.strip()) if e.feature == "adm1"), None
                )
        found = resolve_name(
            head.strip(), start=-1, end=-1, gaz=self.gaz, kb=self.kb, play=self.play, within=within
        )
        if within is not None and found.rule == "none":  # "in Paris, London said ...": no qualifier
            found = resolve_name(
                head.strip(), start=-1, end=-1, gaz=self.gaz, kb=self.kb, play=self.play
            )
        return replace(found, place=replace(found.place, text=text))


WHY = {
    "clause": "",
    "sentence": "the only place its sentence names; ",
    "dateline": "the article's dateline; ",
}


def _reason(resolution: Resolution, source: PlaceSource) -> Reason:
    place = resolution.place
    where = f"{place.name} ({place.feature}, {place.country}" + (
        f", {place.lat:.2f},{place.lon:.2f})"
        if place.lat is not None and place.lon is not None
        else ")"
    )
    text = (
        f"place {place.text!r} ({source}) -> {where}: {resolution.why}"
        if place.resolved
        else f"place {place.text!r} ({source}) not resolved: {resolution.why}"
    )
    fields = {
        "source": source,
        "text": place.text,
        "name": place.name,
        "feature": place.feature,
        "country": place.country,
        "adm1": place.adm1,
        "precision": str(place.precision),
        "geonames_id": str(place.geonames_id),
        "candidates": str(resolution.candidates),
    }
    return Reason("place", text, resolution.rule, fields)


def locate_events(
    events: list[Event], article: Article, *, kb: KnowledgeBase, gazetteer: Gazetteer | None
) -> list[Event]:
    """Resolve the pending place of each event (in place) and return the events: its own
    clause's place (resolved or not), else the only place its sentence names if that
    resolves, else the article's dateline if that resolves, else none."""
    if gazetteer is None:
        for event in events:
            if event.place is not None and event.place.reason == PENDING:
                event.place = replace(
                    event.place, reason="not geocoded (the geocode setting is off)"
                )
        return events
    play = _in_play(events)
    resolver = _Resolver(gazetteer, kb, play)
    # a first pass over the article's own place words: the countries and regions they
    # name are in play for the others ("Paris" in an article that names Texas)
    for event in events:
        if event.place is not None and event.place.reason == PENDING:
            found = resolver(event.place.text, event.place.start, event.place.end)
            if found.rule in ("country", "kb_country") and found.place.country:
                play.countries.add(found.place.country)
            elif found.rule == "region" and found.place.adm1:
                play.regions.add(found.place.adm1)
    if play.regions or len(play.countries) > len(_in_play(events).countries):
        resolver.done.clear()  # resolve again with what the first pass found in play
    line = dateline(article.text)
    from_dateline = resolver(*line) if line else None
    for event in events:
        place = event.place
        if place is not None and place.reason != PENDING:
            continue  # placed already
        chosen: tuple[Resolution, PlaceSource] | None = None
        if place is not None:
            own = resolver(place.text, place.start, place.end)
            if place.source in ("clause", "") or own.place.resolved:  # an inferred one must resolve
                chosen = own, place.source or "clause"
        if chosen is None and from_dateline is not None and from_dateline.place.resolved:
            chosen = from_dateline, "dateline"
        event.place = None
        if chosen is None:
            continue
        found, source = chosen
        event.place = replace(found.place, reason=WHY[source] + found.why, source=source)
        event.reasons.append(_reason(found, source))
    return events
