"""Factuality: does the text say the event happened? (issue 16)"""

from __future__ import annotations

import pytest

from detente.coding.lexicon import load_lexicon
from detente.coding.modality import ModalityFinding, find_modality
from detente.coding.roles import match_trigger, wish
from detente.nlp import load_nlp


def finding(text: str, trigger: str) -> ModalityFinding:
    doc = load_nlp()(text)
    token = next(t for t in doc if t.text == trigger)
    return find_modality(token, load_lexicon())


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # negation and its scope
        ("Turkey did not attack the Kurdish militia.", "attack", "negated"),
        ("No country has recognised the new government.", "recognised", "negated"),
        ("But no one tried to storm the military base.", "storm", "negated"),
        ("Nobody wanted to attack the embassy.", "attack", "negated"),
        ("Russia not only attacked Ukraine but also annexed Crimea.", "attacked", "asserted"),
        ("There was no end to the fighting in Yemen.", "fighting", "asserted"),
        ("Iran denied that its forces seized the tanker.", "seized", "negated"),
        # purposes
        ("Troops were sent to prevent a clash with the rebels.", "clash", "negated"),
        ("Russia deployed troops to attack the rebels.", "attack", "hypothetical"),
        ("The ministry would not risk lives to rescue its citizens.", "rescue", "negated"),
        ("The navy sent ships in order to deter an attack.", "attack", "hypothetical"),
        # intentions, calls, refusals, threats
        ("Washington seeks to rebuild ties with Havana.", "rebuild", "hypothetical"),
        ("The EU urged Turkey to end the offensive.", "end", "hypothetical"),
        ("France called for talks with Iran.", "talks", "hypothetical"),
        ("Iran refused to release the sailors.", "release", "negated"),
        ("Turkey threatened to expel the ambassador.", "expel", "hypothetical"),
        ("Iran's threat to attack Israel worried Washington.", "attack", "hypothetical"),
        ("Turkey has no plans to attack Syria.", "attack", "negated"),
        # questions and generic statements
        ("Will Russia invade Ukraine?", "invade", "hypothetical"),
        ("Did China send troops to the border?", "send", "hypothetical"),
        ("Police routinely arrest protesters in the capital.", "arrest", "hypothetical"),
        ("G7 meetings usually center on politics.", "meetings", "hypothetical"),
        ("Volker arranged a meeting between Zelensky and Trump.", "meeting", "future"),
        # the blamed or charged act is alleged; the blame itself is an ACCUSE
        (
            "Critics blame Bolsonaro for encouraging farmers to set fires.",
            "encouraging",
            "hypothetical",
        ),
        ("The meeting ended without a deal.", "meeting", "asserted"),
        # a tensed conjunct is no part of an infinitive clause the parser hangs it under
        (
            "He has arranged for the Guard to be available and has teams at the ready"
            " and has requested President Trump declare an emergency.",
            "requested",
            "asserted",
        ),
        ("Iran denied that its forces seized and held the tanker.", "held", "negated"),
        # the main act of a purpose stays asserted; its purpose does not
        ("The two leaders met to discuss the crisis in Syria.", "met", "asserted"),
        ("The two leaders met to discuss the crisis in Syria.", "discuss", "hypothetical"),
        (
            "Protesters gathered outside parliament to demand his resignation.",
            "gathered",
            "asserted",
        ),
        # 'would': the future seen from the past, unless a condition or a perfect
        ("Turkey would also take over guarding the fighters.", "take", "future"),
        ("If Iran attacked, the US would respond with force.", "respond", "hypothetical"),
        ("The US would have attacked Iran without the deal.", "attacked", "hypothetical"),
        # 'not ... until': it happens then
        (
            "Parliament would meet in early September and then not reconvene until October 14.",
            "reconvene",
            "future",
        ),
        # through a preposition: commitments, refusals, 'without'
        ("McConnell committed to proceeding with an impeachment trial.", "proceeding", "future"),
        ("Rogue operatives committed the murder.", "murder", "asserted"),
        ("Turkey refrained from attacking the Kurds.", "attacking", "negated"),
        ("Russia annexed Crimea without consulting Ukraine.", "consulting", "negated"),
        # permission
        (
            "The ruling allows an Austrian court to require Facebook to remove a post.",
            "require",
            "hypothetical",
        ),
        # an embedded question presupposes its event
        ("Officials did not say who carried out the attack.", "carried", "asserted"),
        # a wrong lemma ("hopes" -> "hop") does not hide the cue
        ("The United States hopes to sign a trade deal with Japan.", "sign", "hypothetical"),
        # a noun subject of a conditional clause
        ("If Pakistan attacks, India will retaliate.", "attacks", "hypothetical"),
        # a blocked or prevented act, named by a noun or a participle on a noun
        ("Venezuela prevented the delivery of US aid at the border.", "aid", "negated"),
        ("Brazil blocked a resolution condemning Israel.", "condemning", "negated"),
        ("The council passed a resolution condemning Israel.", "condemning", "asserted"),
        ("Russia resumed the delivery of aid to Syria.", "aid", "asserted"),
        # pressure and lawsuits seek an act; an attempt is coded as the act (PLOVER)
        ("The White House pressured Ukraine to launch an investigation.", "launch", "hypothetical"),
        (
            "Trump sued the attorney to block the release of his tax returns.",
            "block",
            "hypothetical",
        ),
        ("North Korea has tried to hack the computers of the army.", "hack", "asserted"),
        # an infinitive on a noun is a goal; an order is not its act
        (
            "The other goal is a safe zone to repatriate Syrian refugees.",
            "repatriate",
            "hypothetical",
        ),
        ("The general ordered the troops to withdraw from the border.", "withdraw", "hypothetical"),
        # what an allegation or a claim holds is not told as fact; a relative clause is
        (
            "The report detailed allegations that Russian troops attacked civilians.",
            "attacked",
            "hypothetical",
        ),
        ("Russia rejected claims that its troops attacked Ukraine.", "attacked", "hypothetical"),
        ("The news that Russia attacked Ukraine shocked Europe.", "attacked", "asserted"),
        ("The attack that killed five soldiers was carried out by Russia.", "killed", "asserted"),
        # facts stay facts
        ("China was the first country to recognise the government.", "recognise", "asserted"),
        ("Police arrested 20 people after the protest.", "arrested", "asserted"),
    ],
)
def test_factuality(text: str, trigger: str, modality: str) -> None:
    found = finding(text, trigger)
    assert found.modality == modality, found


def test_a_cue_on_the_trigger_that_the_event_is_past() -> None:
    assert finding("Germany had previously imposed sanctions on Iran.", "imposed").past
    assert not finding("Germany imposed sanctions on Iran.", "imposed").past


def test_a_negated_plan_is_no_refusal_event() -> None:
    found = finding("Turkey has no plans to attack Syria.", "attack")
    assert found.intent == ""


@pytest.mark.parametrize(
    ("text", "verb", "wished"),
    [
        ("Washington seeks to rebuild ties with Havana.", "seeks", True),
        ("Turkey is trying to mediate between Russia and Ukraine.", "trying", True),
        ("Kenya seeks help from the United Nations.", "seeks", False),
        ("The UN urged Myanmar to allow aid into Rakhine.", "urged", False),
    ],
)
def test_a_wish_with_an_infinitive_is_no_event_of_its_own(
    text: str, verb: str, wished: bool
) -> None:
    doc = load_nlp()(text)
    token = next(t for t in doc if t.text == verb)
    assert wish(token) is wished
    trigger = match_trigger(token, load_lexicon())
    assert (trigger is None) if wished else (trigger is not None)
