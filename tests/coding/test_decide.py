"""The model's decision over the rules' triggers and roles, with scores built by hand
(the scores are a record; the parse, KB and lexicon are the real ones)."""

from __future__ import annotations

import pytest

from detente.actors.mentions import find_mentions
from detente.coding.coder import code_sentence
from detente.coding.decide import MODEL_PATTERN, choose_triggers, main_predicate, model_trigger
from detente.coding.lexicon import load_lexicon
from detente.coding.roles import match_trigger
from detente.coding.sentence_model import SentenceScores
from detente.learn.corpus import EVENT_LABELS
from detente.nlp import load_nlp
from detente.pipeline import article_from_text, make_context
from detente.settings import Settings


def scores(event: str, p: float, *, pieces: tuple = ()) -> SentenceScores:  # type: ignore[type-arg]
    probs = [0.0] * len(EVENT_LABELS)
    probs[EVENT_LABELS.index(event)] = p
    probs[0] += 1.0 - p if event != "NONE" else 0.0
    return SentenceScores((0.2,) * 5, tuple(probs), pieces)


@pytest.fixture(scope="module")
def ctx():  # type: ignore[no-untyped-def]
    return make_context(Settings(sentence_model="off"))


def parse(text: str):  # type: ignore[no-untyped-def]
    doc = load_nlp()(text)
    return doc, next(iter(doc.sents))


def code_with(text: str, date: str, model: SentenceScores) -> list:  # type: ignore[type-arg]
    """All events of a one-sentence text with the given model scores (real parse and KB)."""
    ctx = make_context(Settings(sentence_model="off"))
    doc, sent = parse(text)
    article = article_from_text(text, date=date)
    mentions = find_mentions(doc, ctx.kb, article.published)
    return code_sentence(sent, 0, article, mentions, ctx, model)


def test_a_sentence_the_model_rejects_yields_nothing(ctx) -> None:  # type: ignore[no-untyped-def]
    doc, sent = parse("Russia accused Ukraine of shelling the plant.")
    matches = [(t, m) for t in sent if (m := match_trigger(t, ctx.lexicon))]
    assert matches
    assert choose_triggers(sent, matches, scores("NONE", 1.0), ctx.lexicon, ctx.settings) == []


def test_an_implausible_trigger_is_dropped_and_the_main_predicate_takes_the_model_type(ctx) -> None:  # type: ignore[no-untyped-def]
    doc, sent = parse("Russia accused Ukraine of shelling the plant.")
    matches = [(t, m) for t in sent if (m := match_trigger(t, ctx.lexicon))]
    chosen = choose_triggers(sent, matches, scores("ACCUSE", 0.9), ctx.lexicon, ctx.settings)
    assert {trig.event for _, trig in chosen} == {"ACCUSE"}
    made = model_trigger(sent, [], scores("REJECT", 0.9), ctx.lexicon, ctx.settings)
    assert made is not None
    token, trigger = made
    assert token.i == main_predicate(sent, ctx.lexicon).i and trigger.pattern == MODEL_PATTERN  # type: ignore[union-attr]
    assert trigger.event == "REJECT" and trigger.cameo == ctx.lexicon.default_cameo("REJECT")
    unsure = model_trigger(sent, [], scores("REJECT", 0.2), ctx.lexicon, ctx.settings)
    assert unsure is None


def test_the_role_model_picks_the_sides_of_the_main_event(ctx) -> None:  # type: ignore[no-untyped-def]
    text = "The talks were held in Moscow, where Iran thanked China."
    doc, sent = parse(text)
    article = article_from_text(text, date="2023-10-17")
    mentions = find_mentions(doc, ctx.kb, article.published)
    china, iran = text.index("China"), text.index("Iran")
    pieces = ((iran, iran + 4, 0.1, 0.8), (china, china + 5, 0.9, 0.05))  # reversed on purpose
    events = code_sentence(sent, 0, article, mentions, ctx, scores("SUPPORT", 0.9, pieces=pieces))
    event = next(e for e in events if e.event == "SUPPORT")
    assert {a.code for a in event.actor} == {"CHN"} and {a.code for a in event.recipient} == {"IRN"}
    assert any(r.rule == "role_model" for r in event.reasons)
    assert event.confidence == pytest.approx(0.9)


@pytest.mark.parametrize(
    "text",
    [
        "Emergency responders included the police and the army of Kenya.",
        "Governor Alexander Pimentel told reporters the towns affected were mostly small ones.",
    ],
)
def test_a_verb_of_state_or_a_bare_report_carries_no_model_event(ctx, text: str) -> None:  # type: ignore[no-untyped-def]
    doc, sent = parse(text)
    assert main_predicate(sent, ctx.lexicon) is None
    assert model_trigger(sent, [], scores("AID", 0.95), ctx.lexicon, ctx.settings) is None


def test_a_refusal_stays_when_the_model_rejects_the_refused_act() -> None:
    text = "Hungary says it will not accept refugees from Serbia."
    # the model finds a REJECT, not the AGREE of the trigger "accept"
    kinds = {(e.event, e.modality) for e in code_with(text, "2019-05-01", scores("REJECT", 0.9))}
    assert ("REJECT", "asserted") in kinds and ("AGREE", "asserted") not in kinds
    assert ("AGREE", "negated") in kinds  # the refused act, on record as not happening
    # a sentence the model finds eventless keeps no refusal either
    eventless = code_with(text, "2019-05-01", scores("NONE", 1.0))
    assert not [e for e in eventless if e.modality == "asserted"]


def test_the_models_agree_on_a_planned_meeting_is_the_announcement() -> None:
    text = "Trump and King Abdullah will gather for a meeting in the Oval Office on Monday."
    events = code_with(text, "2019-04-17", scores("AGREE", 0.9))
    agree = [e for e in events if e.event == "AGREE"]
    assert agree and agree[0].modality == "asserted"
    assert agree[0].date == "2019-04-17"  # told today; the meeting is on Monday


@pytest.mark.parametrize(
    "text",
    [
        "An Iranian cargo plane crashed into houses near Tehran.",  # a plane, not Iran
        "Boeing crashed its test plane in Seattle last year.",  # a company
        "A database of the Iranian air force lists the plane as military.",  # no actor subject
    ],
)
def test_the_model_codes_no_predicate_whose_subject_is_no_political_actor(text: str) -> None:
    events = code_with(text, "2019-01-15", scores("ASSAULT", 0.9))
    assert not [e for e in events if e.modality == "asserted"]


def test_the_model_codes_a_predicate_whose_subject_is_a_country() -> None:
    text = "Iran downed an American drone over the Gulf on Thursday."
    events = code_with(text, "2019-06-21", scores("ASSAULT", 0.9))
    made = [e for e in events if e.event == "ASSAULT" and e.has_reason("trigger", "model")]
    assert made and {a.code for a in made[0].actor} == {"IRN"}


def test_the_role_model_keeps_the_sides_of_a_passive_with_its_agent() -> None:
    text = "Beijing's attempts to broker peace in Russia's war were dismissed by Ukraine."
    pieces = ((0, 7, 0.9, 0.1), (text.index("Ukraine"), len(text) - 1, 0.1, 0.9))  # backwards
    events = code_with(text, "2023-10-16", scores("REJECT", 0.9, pieces=pieces))
    reject = next(e for e in events if e.event == "REJECT")
    assert {a.code for a in reject.actor} == {"UKR"} and {a.code for a in reject.recipient} == {
        "CHN"
    }


def test_the_role_model_names_no_attacker_for_who_faces_attacks() -> None:
    text = "A member of Tunisia's parliament said Tunisia is facing terrorist attacks."
    pieces = ((text.index("Tunisia"), text.index("Tunisia") + 7, 0.95, 0.1),)
    events = code_with(text, "2019-07-08", scores("ASSAULT", 0.9, pieces=pieces))
    attack = next(e for e in events if e.event == "ASSAULT")
    assert not attack.actor and {a.code for a in attack.recipient} == {"TUN"}


def test_troops_promised_to_a_country_are_no_threat_to_it() -> None:
    text = "The United States pledged to send more troops to Saudi Arabia."
    events = code_with(text, "2019-09-23", scores("MOBILIZE", 0.9))
    assert not [e for e in events if e.event == "THREATEN"]
    assert [e for e in events if e.event == "AGREE" and e.modality == "asserted"]


def test_a_trip_home_is_no_predicate_for_the_model() -> None:
    """ "returned from a tour" matches a stop pattern of the lexicon: the model's type
    is not forced on it; "refused talks, saying ..." still is a predicate (refuse is a
    trigger word, the stop pattern matched words of another clause)."""
    nlp, lexicon = load_nlp(), load_lexicon()
    trip = next(iter(nlp("Mr Brown has just returned from a tour of African nations.").sents))
    assert main_predicate(trip, lexicon) is None
    refused = next(iter(nlp("The Taliban refused direct talks, saying they want a deal.").sents))
    predicate = main_predicate(refused, lexicon)
    assert predicate is not None and predicate.lemma_ == "refuse"
