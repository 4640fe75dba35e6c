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
