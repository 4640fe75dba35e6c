"""The article's country for domestic sides that name none (real parse, KB and coder)."""

from __future__ import annotations

from detente.pipeline import code_text


def test_police_in_an_article_about_one_country_are_that_countrys() -> None:
    text = "Kenya held elections on Monday. Police arrested dozens of protesters in the capital."
    arrest = [e for e in code_text(text, date="2019-05-01") if e.event == "COERCE"]
    assert arrest, "the arrest is coded"
    assert {a.code for a in arrest[0].actor} == {"KEN"}
    assert any("country of the article: KEN" in a.reason for a in arrest[0].actor)


def test_no_home_country_when_no_country_leads() -> None:
    text = "Kenya and Uganda held talks on Monday. Police arrested dozens of protesters."
    assert not [e for e in code_text(text, date="2019-05-01") if e.event == "COERCE"]


def test_civilians_alone_make_no_event() -> None:
    text = "Floods hit Kenya on Monday. Twenty bodies of women and children were recovered."
    assert not [e for e in code_text(text, date="2019-05-01") if e.text_info.sentence_index == 1]


def test_a_person_the_kb_lacks_is_the_home_country_s_when_its_state_acts_on_him() -> None:
    text = (
        "A US court ruled on the case on Monday. "
        "Judge Amy Berman Jackson sentenced Paul Manafort to prison on Wednesday."
    )
    sentence = [e for e in code_text(text, date="2019-03-14") if e.event == "SANCTION"]
    assert sentence and [a.code for a in sentence[0].recipient] == ["USA"]
    assert "country of the article" in sentence[0].recipient[0].reason


def test_a_person_placed_by_the_article_s_country_alone_is_no_actor() -> None:
    # "Paul Smith" is American only by guess: he acts for no one, and makes no event
    text = "The US and Canada held talks in Washington. Paul Smith criticised the plan."
    events = code_text(text, date="2019-03-14")
    assert not [e for e in events if e.text_info.sentence_index == 1]


def test_a_person_the_kb_lacks_stands_for_the_group_his_phrase_names() -> None:
    text = "Anna Berg, spokeswoman for the Swedish foreign ministry, criticized the decision."
    accuse = [e for e in code_text(text, date="2019-05-17") if e.event == "ACCUSE"]
    assert accuse and [a.code for a in accuse[0].actor] == ["SWE"]


def test_the_target_of_violence_takes_no_guessed_country() -> None:
    text = "The US and Canada held talks. Paul Smith was killed by US soldiers on Monday."
    kill = [e for e in code_text(text, date="2019-03-14") if e.event == "ASSAULT"]
    # named, as the sentence names him, but counted for no country
    assert kill and all(
        [(a.entity_text, a.code) for a in e.recipient] == [("Paul Smith", "")] for e in kill
    )
