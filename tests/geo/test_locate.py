"""Each event's place: its own clause, else the only place its sentence names, else the
dateline, else none (issue 12)."""

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


def where(text: str, event: str = "ACCUSE") -> tuple[str, str, str] | None:
    """(name, country, source) of the place of the first `event` coded from `text`."""
    place = placed(text, event).place
    return (place.name, place.country, place.source) if place is not None else None


def test_dateline_forms() -> None:
    assert dateline("MOSCOW, March 3 (Reuters) - Russia said") == ("MOSCOW", 0, 6)
    assert dateline("BEIJING (Reuters) - China") == ("BEIJING", 0, 7)
    assert dateline("KYIV, Ukraine (AP) -- Ukraine")[0] == "KYIV, Ukraine"
    assert dateline("Russia said on Monday - again - that") is None
    assert dateline("Friday, January 4, 2019\n\nAn apartment") is None
    assert dateline("LONDON \u2014 Britain said") == ("LONDON", 0, 6)
    assert dateline("WASHINGTON (AP) \u2014 The") == ("WASHINGTON", 0, 10)
    assert dateline("NEW DELHI: India said") == ("NEW DELHI", 0, 9)
    assert dateline("Kabul, Afghanistan: The") == ("Kabul, Afghanistan", 0, 18)
    assert dateline("Kabul (Reuters) - The") == ("Kabul", 0, 5)
    # MUC-3: a day-first date, an agency with a hyphen, or no date at all
    assert dateline("SAN SALVADOR, 3 DEC 89 (ACAN-EFE) -- [TEXT]") == ("SAN SALVADOR", 0, 12)
    assert dateline("BOGOTA, NO DATE (DOMESTIC SERVICE) -- [SPEECH]") == ("BOGOTA", 0, 6)


def test_a_mixed_case_dateline_needs_more_than_a_word() -> None:
    # in mixed case a word before a colon or dash is a dateline only with its country,
    # a date or an agency
    assert dateline("Update: the talks") is None
    assert dateline("Kabul - the talks") is None
    assert dateline("Note: Russia said") is None


def test_own_clause_place_with_reason() -> None:
    event = placed("Putin met Xi Jinping in Beijing on Tuesday.", "CONSULT")
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place.precision) == ("Beijing", "CHN", 1)
    assert event.place.text == "Beijing" and event.place.start == 24
    reason = next(r for r in event.reasons if r.kind == "place")
    assert reason.fields["source"] == "clause" and reason.fields["geonames_id"] == "1816670"
    assert event.place.source == "clause"


def test_dateline_places_events_with_no_place_of_their_own() -> None:
    event = placed("MOSCOW, March 3 (Reuters) - Russia condemned Ukraine on Sunday.", "ACCUSE")
    assert event.place is not None and event.place.name == "Moscow"
    assert event.place.text == "MOSCOW" and (event.place.start, event.place.end) == (0, 6)
    assert event.place.reason.startswith("the article's dateline")
    assert event.has_reason("place", "town", source="dateline")
    assert event.place.source == "dateline"


def test_a_dash_dateline_in_mixed_case_places_events() -> None:
    text = "Kabul, Afghanistan: Pakistan accused India on Monday of shelling."
    assert where(text) == ("Kabul", "AFG", "dateline")


def test_a_dateline_is_no_actor() -> None:
    # "LONDON" is where the story was filed, not the British government
    event = placed("LONDON \u2014 Iran condemned Israel on Monday.", "ACCUSE")
    assert [a.code for a in event.actor] == ["IRN"]
    assert event.place is not None and event.place.name == "London"


SPEAKING = "Speaking in {}, Lavrov accused Washington of lying."


def test_the_only_place_of_the_sentence_with_its_own_reason() -> None:
    event = placed(SPEAKING.format("Vienna"), "ACCUSE")
    assert event.place is not None and event.place.source == "sentence"
    assert (event.place.name, event.place.country, event.place.precision) == ("Vienna", "AUT", 1)
    assert event.place.reason.startswith("the only place its sentence names")
    assert event.has_reason("place", "town", source="sentence")


def test_the_sentence_comes_before_the_dateline_if_it_resolves() -> None:
    assert where("LONDON \u2014 " + SPEAKING.format("Vienna")) == ("Vienna", "AUT", "sentence")
    # an unresolved place of the sentence leaves it to the dateline
    unresolved = placed("LONDON \u2014 " + SPEAKING.format("Xyzzyville"), "ACCUSE").place
    assert unresolved is not None and (unresolved.name, unresolved.source) == ("London", "dateline")
    assert unresolved.reason.startswith("the article's dateline")


def test_no_sentence_place_when_it_names_two() -> None:
    assert where(SPEAKING.format("Vienna and Berlin")) is None


def test_places_that_are_not_where_it_happened() -> None:
    # a place describing people, whose someone is, or where someone comes from, is not
    # the event's place
    for text in (
        "Lavrov, speaking to Mexicans in the United States, accused Washington of lying.",
        "Yutaka Iwasaki of Kobe, Japan said Japan attacked the United States.",
        "Kurt Volker, the United States special envoy, accused Russia of lying.",
    ):
        events = code_text(text, date="2019-03-04", all_modalities=True)
        assert events and all(e.place is None for e in events), text


def test_no_place_is_never_the_capital_of_an_actor() -> None:
    event = placed("Russia condemned Ukraine on Sunday.", "ACCUSE")
    assert event.place is None


def test_a_qualifier_settles_the_town() -> None:
    event = placed("Police arrested protesters in Paris, Texas on Monday.", "COERCE")
    assert event.place is not None and event.place.text == "Paris, Texas"
    assert (event.place.country, event.place.adm1) == ("USA", "US.TX")


def test_a_subject_after_the_comma_is_no_qualifier() -> None:
    event = placed("Following the talks in Geneva, Russia condemned Ukraine.", "ACCUSE")
    assert event.place is not None and event.place.text == "Geneva"


def test_an_unresolved_place_says_why() -> None:
    event = placed("Russian troops attacked Ukrainian forces in Xyzzyville on Monday.", "ASSAULT")
    assert event.place is not None and not event.place.resolved
    assert "Xyzzyville" in event.place.reason and event.place.lat is None
