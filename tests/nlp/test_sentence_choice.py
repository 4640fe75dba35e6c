"""Parsing only the sentences that can hold an event (issue 11) changes no event."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from detente.articles import ReadOptions, iter_articles
from detente.nlp import load_nlp
from detente.nlp.prefilter import trigger_forms
from detente.pipeline import (
    PARSE_STATS,
    _split,
    article_from_text,
    choice_for,
    code_articles,
    make_context,
    parse_and_code,
)
from detente.records import Article, Event
from detente.settings import default_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "examples" / "articles", ROOT / "examples" / "reports"]
SHARED = ROOT.parent / "shared" / "examples"

STORY = (
    "Russia accused Ukraine of shelling the plant on Monday. "
    "Cocoa prices rose sharply in thin trading. "
    "Police arrested twelve protesters outside the parliament in Kyiv. "
    "The weather stayed mild and the harvest was good. "
    "President Vladimir Putin met Chinese leader Xi Jinping in Beijing on Tuesday. "
    "Putin said the two countries would sign an agreement on energy."
)
UNRELATED = "Wheat futures ended the session slightly lower in thin trade. "


def _ctx(parse: str):  # type: ignore[no-untyped-def]
    return make_context(dataclasses.replace(default_settings(), parse=parse))


def _code(articles: list[Article], parse: str) -> list[list[Event]]:
    return [events for _, events in code_articles(articles, ctx=_ctx(parse))]


def _examples() -> list[Article]:
    paths = [*EXAMPLES, *([SHARED] if SHARED.exists() else [])]
    return [a for a in iter_articles(paths, options=ReadOptions()) if isinstance(a, Article)]


def test_candidates_give_the_events_of_every_sentence() -> None:
    articles = [*_examples(), article_from_text(STORY, doc_id="story", date="2024-05-07")]
    chosen = _code(articles, "candidates")
    every = _code(articles, "sentences")
    assert sum(map(len, every)) > 0
    assert [[e.to_dict() for e in ev] for ev in chosen] == [
        [e.to_dict() for e in ev] for ev in every
    ]


def test_unrelated_sentences_are_not_parsed() -> None:
    article = article_from_text(STORY, doc_id="story", date="2024-05-07")
    ctx = _ctx("candidates")
    PARSE_STATS.sentences = PARSE_STATS.parsed = 0
    ((_, doc, events),) = list(parse_and_code([article], ctx=ctx))
    assert events and doc is not None
    assert doc.text == article.text
    assert PARSE_STATS.sentences == 6 and PARSE_STATS.parsed < 6
    sents = list(doc.sents)
    assert len(sents) == 6  # the boundaries of the split, parsed or not
    cocoa = sents[1]
    assert not any(t.pos_ for t in cocoa), "the cocoa sentence is never parsed"
    assert all(t.pos_ for t in sents[4] if not t.is_space)


def _evidence(event: Event, text: str, shift: int) -> tuple[object, ...]:
    info = event.text_info
    trigger = info.trigger
    assert trigger is not None and text[trigger.start : trigger.end] == trigger.text
    for actor in [*event.actor, *event.recipient]:
        if actor.end:  # offsets exact in the article's text
            assert text[actor.start : actor.end] == actor.entity_text
    return (
        event.event,
        event.modality,
        event.date,
        info.sentence,
        info.sentence_index - (1 if shift else 0),
        trigger.start - shift,
        tuple((a.code, a.sector, a.start - shift) for a in event.actor),
        tuple((a.code, a.sector, a.start - shift) for a in event.recipient),
    )


def test_events_do_not_depend_on_an_unrelated_sentence_before() -> None:
    plain = article_from_text(STORY, doc_id="a", date="2024-05-07")
    longer = article_from_text(UNRELATED + STORY, doc_id="b", date="2024-05-07")
    first, second = _code([plain, longer], "candidates")
    assert first
    assert [_evidence(e, plain.text, 0) for e in first] == [
        _evidence(e, longer.text, len(UNRELATED)) for e in second
    ]
    again, _ = _code([plain, longer], "candidates")
    assert [e.id for e in again] == [e.id for e in first]  # ids are stable


def test_choice_of_sentences() -> None:
    ctx = _ctx("candidates")
    choice = choice_for(ctx)
    nlp = load_nlp(ctx.settings.model)
    (doc,) = _split(nlp, [STORY], 8)
    day = dt.date(2024, 5, 7)
    named = choice.named(doc, day)
    # Russia; police + "arrest"; Putin, Xi; Putin + "the two countries"
    assert named == {0, 2, 4, 5}
    sents = list(doc.sents)
    assert choice.context(sents, {2}) == set()  # the cocoa sentence dates nothing
    assert choice.context(sents, {1}) == {0}  # "on Monday" is a reference time
    assert choice.aliases(sents, {0}, {"putin"}) == {4, 5}


def test_trigger_forms_take_the_lemma_token_of_a_rule() -> None:
    forms = trigger_forms(["meet", "be"], load_nlp())
    assert {"met", "meets", "is", "was"} <= forms
    # attribute-ruler patterns set a lemma on one of their tokens, not on all of them
    assert not {"of", "to", "in"} & forms
    choice = choice_for(_ctx("candidates"))
    assert "meet" in choice.lemmas["met"]
    assert {"police", "minister", "army"} <= choice.agents
