"""A side named by its sector and the region that owns it takes the region's country
(issue 10, 'actors only from actors'). Real parse, knowledge base and gazetteer."""

from __future__ import annotations

import pytest

from detente import code_text
from detente.actors.regions import region_country
from detente.geo.gazetteer import load_gazetteer
from detente.pipeline import article_from_text, code_articles
from detente.settings import Settings

# the rules alone: whether the sentence model keeps an event is not what is tested here
RULES = Settings(sentence_model="off")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Florida", "USA"), ("Texas", "USA"), ("Sindh", "PAK"), ("Paris", ""), ("Ontario", "")],
)
def test_a_region_is_its_country_s_and_a_city_is_no_region(name: str, code: str) -> None:
    # the gazetteer's most populous "Ontario" is a city in California (the province has
    # no population there): no region is claimed, a miss rather than a wrong country
    assert region_country(name, load_gazetteer()) == code


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Texas prosecutors charged the suspect with murder.", "USA"),
        ("Police in Sindh arrested ten protesters.", "PAK"),
        # in a story about the Bahamas, Florida's governor is still American
        (
            "Hurricane Dorian struck the Bahamas. The Bahamas asked for help. "
            "Florida's governor declared an emergency.",
            "USA",
        ),
        # a person the knowledge base does not know, by the title's region
        (
            "Hurricane Dorian struck the Bahamas. The Bahamas asked for help. "
            "Last week, Florida Governor Ron DeSantis declared a state of emergency.",
            "USA",
        ),
    ],
)
def test_a_side_owned_by_a_region(text: str, actor: str) -> None:
    ((_, events),) = code_articles([article_from_text(text, date="2019-09-03")], settings=RULES)
    assert events and events[-1].actor[0].code == actor


def test_the_regions_an_article_names_tell_its_country() -> None:
    # a story set in California that names Jordan once: its police are American, counted
    # with the regions the article names (without them no country has a majority)
    text = (
        "Sirhan, a man from Jordan, was stabbed in a prison in California on Friday. "
        "Prison officials in California said the police arrested the attacker."
    )
    events = code_text(text, date="2019-09-03")
    police = [a for e in events for a in e.actor if a.entity_text == "police"]
    assert police and police[0].code == "USA"
