"""Attribution: claims keep their speaker apart from the event's actor."""

from __future__ import annotations

from detente.analysis.check import ArticleCheck, check_articles
from detente.pipeline import article_from_text


def test_gabuev_assessment_carries_him_as_speaker(example_check: ArticleCheck) -> None:
    (claim,) = [c for c in example_check.claims if c.cue == "believes"]
    assert claim.speaker.entity_text == "Alexander Gabuev"
    assert claim.kind == "assessment"
    assert claim.text.startswith("Russia is a safe neighbour")
    assert claim.speaker_role == "director of Carnegie Russia Eurasia Center"
    text = example_check.article.text
    assert text[claim.start : claim.end].startswith("Russia is a safe neighbour")


def test_according_to_gives_the_speaker_not_the_actor(example_check: ArticleCheck) -> None:
    (claim,) = [c for c in example_check.claims if c.cue == "according to"]
    assert claim.speaker.entity_text == "Sergei Gabuev"
    assert claim.text.startswith("Russia and China are unlikely")
    (event,) = [
        e
        for e in example_check.events
        if e.event == "COOPERATE" and "unlikely to form" in e.text_info.sentence
    ]
    assert event.speaker is not None and event.speaker.entity_text == "Sergei Gabuev"
    assert {a.code for a in event.actor} == {"RUS", "CHN"}


def test_events_inside_a_claim_get_its_speaker() -> None:
    article = article_from_text(
        "Russian troops did not attack Ukraine on Monday, the ministry said.",
        doc_id="t",
        date="2022-03-02",
    )
    checked = next(check_articles([article]))
    (claim,) = checked.claims
    assert "ministry" in claim.speaker.entity_text and claim.cue == "said"
    assert all(e.speaker is not None for e in checked.events)
