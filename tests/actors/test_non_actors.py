"""Names that stand for no actor: inside a person's name, money, currencies, fixed expressions
(issue 10, 'actors only from actors'). Real spaCy parse and knowledge base."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors.kb import load_kb
from detente.actors.mentions import find_mentions
from detente.nlp import load_nlp

DAY = dt.date(2023, 6, 1)


def codes(text: str) -> set[str]:
    doc = load_nlp()(text)
    return {a.code or a.sector for m in find_mentions(doc, load_kb(), DAY) for a in m.actors}


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The deal is worth 5 billion US dollars.", "USA"),
        ("The Chinese yuan fell against the euro on Monday.", "CHN"),
        ("A woman met two police officers at an Irish pub.", "IRL"),
        ("Ukraine and Russia signed the Minsk agreement in 2015.", "BLR"),
        ("China condemned the Tokyo talks.", "JPN"),
        ("The court ordered his tax preparer Mazars USA to hand over the records.", "USA"),
        ("A judge sentenced the doctor to prison for 40 years.", "COP"),
        ("Police arrested John Jordan in Chicago.", "JOR"),
        ("The government declared a state of emergency after the floods.", "GOV-state"),
        # one-word aliases news writes in lower case name no actor (scripts/build_kb.py)
        ("The Department said it would review the request.", "USA"),
        ("Military officials met the Army chief.", "USA"),
        ("The Nation reported that the Country Party met.", "GEO"),
        ("Israeli police entered the Al-Aqsa Mosque compound.", "MEA"),
    ],
)
def test_no_actor_from_words_that_name_none(text: str, absent: str) -> None:
    if absent == "GOV-state":
        doc = load_nlp()(text)
        texts = [doc[m.start : m.end].text for m in find_mentions(doc, load_kb(), DAY)]
        assert "state" not in texts and "government" in texts
    else:
        assert absent not in codes(text)


def test_real_actors_beside_them_stay() -> None:
    assert {"USA", "KEN"} <= codes(
        "US officials said the Kenyan shilling would be supported by Kenya."
    )
    assert "ASM" in codes("A storm hit American Samoa on Monday.")


def test_a_shared_surname_is_not_the_office_holder() -> None:
    # the knowledge base's "Fernando Pimentel" (a Brazilian minister) is the only office
    # holder of that surname: his surname alone names him, another full name does not
    assert "BRA" not in codes("Governor Alexander Pimentel toured the towns.")
    assert "BRA" in codes("Fernando Pimentel toured the towns, and Pimentel spoke.")


def test_a_territory_is_not_its_neighbour() -> None:
    found = codes("An American Samoan official met a Samoan minister in Pago Pago.")
    assert "ASM" in found and "WSM" in found
    assert codes("For an American Samoan, the fee is 725 dollars.") & {"WSM", "USA"} == set()


def test_a_surname_is_the_person_the_article_names_so() -> None:
    """ "Howard" in a 2005 article about the British Conservative Michael Howard is not
    the Australian prime minister John Howard; in one about John Howard it is."""
    day = dt.date(2005, 3, 1)
    nlp, kb = load_nlp(), load_kb()

    def actors(text: str) -> dict[str, set[str]]:
        doc = nlp(text)
        return {
            doc[m.start : m.end].text: {a.code for a in m.actors}
            for m in find_mentions(doc, kb, day)
        }

    other = actors("Howard dismisses tax fears. Michael Howard has dismissed fears from his party.")
    assert "AUS" not in set().union(*other.values()), other
    same = actors("Howard dismissed the claims. Prime Minister John Howard met Bush.")
    assert "AUS" in same.get("Howard", set()), same


def test_a_bare_surname_needs_his_country_in_view() -> None:
    """In an article about other countries only, "Mr Howard" is not Australia's prime
    minister; with Australia named, or with too little context to judge, he is."""
    day = dt.date(2005, 3, 1)
    nlp, kb = load_nlp(), load_kb()

    def howard(text: str) -> set[str]:
        doc = nlp(text)
        return {
            a.code
            for m in find_mentions(doc, kb, day)
            if doc[m.start : m.end].text.endswith("Howard")
            for a in m.actors
        }

    british = "Mr Howard said Britain must act. British ministers met in London with UK officials."
    assert "AUS" not in howard(british)
    assert "AUS" in howard(british + " Australia disagreed.")
    assert "AUS" in howard("Mr Howard met the British prime minister.")


def test_a_new_world_place_is_not_its_namesake() -> None:
    """ "New Orleans" is not Orleans (France), "New Jersey" not Jersey; no agent takes
    its country from them ("the mayor of New Orleans")."""
    assert "FRA" not in codes("The mayor of New Orleans advised residents to leave.")
    assert "FRA" in codes("The mayor of Orleans advised residents to leave.")


def test_an_institution_belongs_to_the_country_that_owns_it() -> None:
    """The knowledge base gives "Senate" to the United States; "Puerto Rico's Senate" and
    "the Philippine Senate" are not American."""
    assert codes("Puerto Rico's Senate rejected the nomination.") == {"PRI"}
    assert codes("The Philippine Senate rejected the treaty.") == {"PHL"}
    assert codes("The Senate rejected the treaty.") == {"USA"}


def test_an_office_named_before_a_person_is_the_person_s_title() -> None:
    """ "Secretary of State Mike Pompeo" is one side, not an office and a person; an
    unknown person takes the country of the office ("Niger's ambassador Brah Mohamane")."""
    doc = load_nlp()("US Secretary of State Mike Pompeo met Niger's ambassador Brah Mohamane.")
    mentions = find_mentions(doc, load_kb(), DAY)
    texts = [doc[m.start : m.end].text for m in mentions]
    assert "Secretary of State Mike Pompeo" in texts and "State" not in texts
    envoy = next(m for m in mentions if doc[m.end - 1].text == "Mohamane")
    assert (envoy.actors[0].code, envoy.actors[0].sector) == ("NER", "GOV")


def test_an_embassy_is_its_owner_s_not_its_host_s() -> None:
    doc = load_nlp()("Protesters gathered at the US Embassy in London.")
    embassy = [m for m in find_mentions(doc, load_kb(), DAY) if doc[m.end - 1].text == "Embassy"]
    assert embassy and [a.code for a in embassy[0].actors] == ["USA"]
