"""Each event's place: its own clause, else the dateline, else none (issue 12)."""

from __future__ import annotations

from detente.geo.locate import dateline
from detente.pipeline import code_text
from detente.records import Event


def placed(text: str, event: str) -> Event:
    events = [
        e for e in code_text(text, date="2019-03-04", all_modalities=True) if e.event == event
    ]
    assert events, text
    return events[0]


def test_dateline_forms() -> None:
    assert dateline("MOSCOW, March 3 (Reuters) - Russia said") == ("MOSCOW", 0, 6)
    assert dateline("BEIJING (Reuters) - China") == ("BEIJING", 0, 7)
    assert dateline("KYIV, Ukraine (AP) -- Ukraine")[0] == "KYIV, Ukraine"
    assert dateline("Russia said on Monday - again - that") is None
    assert dateline("Friday, January 4, 2019\n\nAn apartment") is None


def test_own_clause_place_with_reason() -> None:
    event = placed("Putin met Xi Jinping in Beijing on Tuesday.", "CONSULT")
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place.precision) == ("Beijing", "CHN", 1)
    assert event.place.text == "Beijing" and event.place.start == 24
    reason = next(r for r in event.reasons if r.kind == "place")
    assert reason.fields["source"] == "clause" and reason.fields["geonames_id"] == "1816670"


def test_dateline_places_events_with_no_place_of_their_own() -> None:
    event = placed("MOSCOW, March 3 (Reuters) - Russia condemned Ukraine on Sunday.", "ACCUSE")
    assert event.place is not None and event.place.name == "Moscow"
    assert event.place.text == "MOSCOW" and (event.place.start, event.place.end) == (0, 6)
    assert event.place.reason.startswith("the article's dateline")
    assert event.has_reason("place", "town", source="dateline")


def test_no_place_is_never_the_capital_of_an_actor() -> None:
    event = placed("Russia condemned Ukraine on Sunday.", "ACCUSE")
    assert event.place is None


def test_a_qualifier_settles_the_town() -> None:
    event = placed("Police arrested protesters in Paris, Texas on Monday.", "COERCE")
    assert event.place is not None and event.place.text == "Paris, Texas"
    assert (event.place.country, event.place.adm1) == ("USA", "US.TX")


def test_an_unresolved_place_says_why() -> None:
    event = placed("Russian troops attacked Ukrainian forces in Xyzzyville on Monday.", "ASSAULT")
    assert event.place is not None and not event.place.resolved
    assert "Xyzzyville" in event.place.reason and event.place.lat is None
