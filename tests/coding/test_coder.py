"""The coder on small hand-written sentences (real spaCy model, real KB and lexicon)."""

from __future__ import annotations

import pytest

from detente import code_text
from detente.pipeline import article_from_text, code_articles
from detente.records import Event
from detente.settings import Settings


def coded(text: str, *, date: str = "2023-10-17", everything: bool = False) -> list[Event]:
    return code_text(text, date=date, all_modalities=everything)


def codes(actors: list) -> set[str]:  # type: ignore[type-arg]
    return {a.code for a in actors}


def one(events: list[Event], event: str) -> Event:
    found = [e for e in events if e.event == event]
    assert found, f"no {event} in {[e.event for e in events]}"
    return found[0]


def test_visit_with_title_and_capital_as_government() -> None:
    event = one(coded("Russian President Vladimir Putin visited Beijing on Tuesday."), "CONSULT")
    assert event.mode == "visit"
    assert codes(event.actor) == {"RUS"} and event.actor[0].sector == "GOV"
    assert codes(event.recipient) == {"CHN"}
    assert event.date == "2023-10-17"  # "on Tuesday" in Tuesday's paper
    assert event.modality == "asserted"
    assert event.cameo == "042" and event.quad == 1


def test_evidence_offsets_point_into_the_text() -> None:
    text = "Protesters clashed with police. Ukrainian troops shelled Russian positions."
    event = next(e for e in coded(text) if e.text_info.text == "shelled")
    trigger = event.text_info.trigger
    assert trigger is not None and text[trigger.start : trigger.end] == trigger.text == "shelled"
    actor = event.actor[0]
    assert text[actor.start : actor.end] == actor.entity_text == "Ukrainian troops"
    assert (actor.code, actor.sector) == ("UKR", "MIL")
    assert text[event.text_info.start : event.text_info.end] == event.text_info.sentence
    assert event.reasons and event.reasons[0].kind == "trigger"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("China did not sign the agreement with India.", "negated"),
        ("Russia and China are unlikely to form a military alliance.", "negated"),
        ("Moscow and Beijing may not forge a full-fledged military alliance.", "negated"),
        ("Russia may send troops to Syria.", "hypothetical"),
        (
            "If Iran attacks Israel, the United States could impose sanctions on Iran.",
            "hypothetical",
        ),
        ("Putin will meet Xi Jinping in Beijing.", "future"),
        ("Russian President Vladimir Putin is set to meet Chinese leaders.", "future"),
    ],
)
def test_statements_that_do_not_assert_an_event(text: str, modality: str) -> None:
    everything = coded(text, everything=True)
    triggered = [e for e in everything if not e.has_reason("announced")]
    assert triggered, "the event should still be coded, with its modality"
    assert triggered[0].modality == modality
    assert all(e.modality == "asserted" for e in coded(text))
    assert not [e for e in coded(text) if e.event == triggered[0].event]


def test_refused_to_is_a_reject_and_the_refused_act_is_negated() -> None:
    events = coded("Pakistan refused to send troops to Iraq.", everything=True)
    reject = one(events, "REJECT")
    assert reject.modality == "asserted" and codes(reject.actor) == {"PAK"}
    assert codes(reject.recipient) == {"IRQ"}
    assert all(e.modality == "negated" for e in events if e.event != "REJECT")


def test_passive_by_and_agents() -> None:
    event = one(coded("Protesters were arrested by Ukrainian police in Kyiv."), "COERCE")
    assert (event.actor[0].code, event.actor[0].sector) == ("UKR", "COP")
    assert event.recipient[0].sector == "CVL"
    assert event.place is not None and event.place.text.startswith("Kyiv")


def test_coordination_gives_both_actors() -> None:
    event = one(coded("Putin and Xi Jinping met in Beijing on Monday."), "CONSULT")
    assert codes(event.actor) == {"RUS", "CHN"}
    assert event.date == "2023-10-16"


def test_the_two_countries_refers_back() -> None:
    events = coded(
        "India and Japan signed a defence pact on Tuesday. "
        "The two countries also agreed to hold joint naval exercises."
    )
    agree = [e for e in events if e.event == "AGREE" and e.text_info.sentence_index == 1]
    assert agree and codes(agree[0].actor) == {"IND", "JPN"}


def test_may_is_not_the_month() -> None:
    for event in coded("Russia may send troops to Syria next year.", everything=True):
        assert "-05" not in event.date


def test_month_without_year_resolves_to_the_past() -> None:
    event = one(coded("Xi visited Moscow in March."), "CONSULT")
    assert event.date == "2023-03" and event.date_precision == "month"


def test_historical_before_a_date() -> None:
    events = coded(
        "Before the war began in February 2020, Putin met with Xi Jinping in Beijing.",
        everything=True,
    )
    assert one(events, "CONSULT").modality == "historical"


def test_announced_aid_is_an_agreement() -> None:
    events = coded("Finland will give Tanzania a grant to finance water projects.")
    agree = one(events, "AGREE")
    assert codes(agree.actor) == {"FIN"} and codes(agree.recipient) == {"TZA"}


def test_groups_and_their_fighters() -> None:
    event = one(coded("Hamas fighters attacked Israeli soldiers."), "ASSAULT")
    assert codes(event.actor) == {"PSE"} and codes(event.recipient) == {"ISR"}


def test_one_event_per_act() -> None:
    # the obligation cue and the trigger give one demand; "met for a summit" is one meeting
    events = coded(
        "On Sunday, President Hassan Rouhani said foreign powers should get out.", date="2019-09-23"
    )
    assert len([e for e in events if e.event == "REQUEST"]) == 1
    events = coded("Leaders of African Union member states met in Niamey for an AU summit.")
    assert len([e for e in events if e.event == "CONSULT"]) == 1


def test_who_faces_an_attack_is_its_target() -> None:
    attack = one(coded("Tunisia is facing terrorist attacks, the minister said."), "ASSAULT")
    assert {a.code for a in attack.recipient} == {"TUN"}
    assert "TUN" not in {a.code for a in attack.actor}


def test_a_conditional_offer_is_an_offer_and_unless_makes_a_threat() -> None:
    offer = coded("Israel was willing to withdraw its troops from Hebron if Egypt agreed.")
    assert [e for e in offer if e.event == "AGREE"] and not [
        e for e in offer if e.event == "THREATEN"
    ]
    threat = coded("Russia will withdraw its troops unless Ukraine stops the shelling.")
    assert [e for e in threat if e.event == "THREATEN"]


def test_a_protest_verb_with_an_object_is_no_protest() -> None:
    assert not [
        e
        for e in coded("In its ruling, the Austrian court demonstrated a shocking ignorance.")
        if e.event == "PROTEST"
    ]
    assert [
        e
        for e in coded("Thousands demonstrated in Vienna against Austria's government.")
        if e.event == "PROTEST"
    ]


def test_who_is_punished_or_accused_for_an_act_did_it() -> None:
    events = coded("Turkey accused Syria of shelling its border towns.", everything=True)
    shelling = one(events, "ASSAULT")
    assert {a.code for a in shelling.actor} == {"SYR"} and shelling.modality != "asserted"


def test_at_the_request_of_names_who_asked() -> None:
    event = one(coded("He left the post at the request of Canada."), "REQUEST")
    assert codes(event.actor) == {"CAN"} and not codes(event.recipient)
    assert event.has_reason("actor", "behest")


def test_a_definition_is_no_event() -> None:
    assert not coded("The White House refers to the United States president's office.")


def test_what_someone_can_do_is_not_done() -> None:
    events = coded("Germany can help Ukraine rebuild its power grid.", everything=True)
    assert events and all(e.modality == "hypothetical" for e in events), [
        (e.event, e.modality) for e in events
    ]


def test_cancelled_speeches_and_water_bombing_are_no_events() -> None:
    assert not coded("President Emmanuel Macron cancelled an address he was to give.")
    fire = coded("French officials said water bombing by aircraft was disallowed.", everything=True)
    assert not [e for e in fire if e.text_info.text == "bombing"]
    assert one(coded("Putin cancelled a planned visit to Turkey."), "SANCTION")


def test_the_reporter_of_an_agentless_passive_did_not_do_it() -> None:
    """ "The prime minister said twenty people have been confirmed killed": nobody is
    named as the killer, least of all the one who reports the deaths."""
    text = (
        "Prime Minister Hubert Minnis of the Bahamas said that twenty people have been"
        " confirmed killed."
    )
    killings = [e for e in coded(text, date="2019-09-05", everything=True) if e.event == "ASSAULT"]
    assert all("BHS" not in codes(e.actor) for e in killings), [e.actor for e in killings]
    arrests = coded(
        "Minnis said two migrants were arrested by police in Nassau.", date="2019-09-05"
    )
    assert any(e.event == "COERCE" and e.actor for e in arrests)  # "by police" names the actor


def test_a_demand_of_nobody_named_is_still_a_request() -> None:
    events = coded("The EU says military intervention in Venezuela must be avoided.")
    assert any(e.event == "REQUEST" and "IGO" in codes(e.actor) for e in events), events


@pytest.mark.parametrize(
    "text",
    [
        "Typhoon Phanfone strikes the Philippines.",
        "The fire killed nine people in Chittagong, Bangladesh.",
    ],
)
def test_a_natural_force_is_no_actor(text: str) -> None:
    assert not [e for e in coded(text, everything=True) if e.event == "ASSAULT"]


def test_gunfire_has_an_actor() -> None:
    events = coded("Israeli fire killed two Palestinians in Gaza.")
    assert any(e.event == "ASSAULT" and "ISR" in codes(e.actor) for e in events), events


def test_a_pronoun_agrees_with_its_reporter() -> None:
    """ "Officials said it killed nine": 'it' is not the officials; 'the Royal Marines
    said it will not release': a plural name is one body."""
    fire = coded("Bangladeshi officials said it killed nine people.", everything=True)
    assert all("BGD" not in codes(e.actor) for e in fire), [e.actor for e in fire]
    marines = coded("Britain's Royal Marines said it will not release the Iranian tanker.")
    assert any(e.event == "REJECT" and "GBR" in codes(e.actor) for e in marines), marines


def test_an_attack_dated_by_its_copula() -> None:
    attack = coded(
        "In 2006, Abqaiq was the target of an Al-Qaeda suicide attack.",
        date="2019-09-15",
        everything=True,
    )
    assert [(e.event, e.date, e.modality) for e in attack] == [("ASSAULT", "2006", "historical")]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # who tells of an attack did not make it
        ("The Afghan council member described the casualties of Monday's attack in Ghazni.", []),
        # the noun's own modifier is the doer, whatever the role head says of the sentence
        ("Afghan officials reported the deaths of 20 soldiers in the Taliban attack.", ["AFG"]),
        ("Russia launched an attack on Ukraine.", ["RUS"]),
    ],
)
def test_who_reports_an_attack_is_not_its_doer(text: str, actor: list[str]) -> None:
    events = [e for e in code_text(text, date="2019-10-01") if e.event == "ASSAULT"]
    assert events and [a.code for a in events[0].actor] == actor
    if actor == ["AFG"]:
        assert events[0].actor[0].sector == "REB"  # the Taliban, not the officials


@pytest.mark.parametrize(
    "text",
    [
        "This is the first report of a Hong Kong protester being shot by police.",
        "Five Afghan soldiers killed in the Taliban attack were buried on Monday.",
    ],
)
def test_the_noun_a_passive_clause_modifies_undergoes_the_act(text: str) -> None:
    events = [e for e in code_text(text, date="2019-10-01") if e.event == "ASSAULT"]
    assert events
    assert all(a.sector not in ("CVL", "MIL") for a in events[0].actor)  # not the victims
    assert any(a.sector in ("CVL", "MIL") for a in events[0].recipient)


def test_a_material_act_in_the_body_in_the_simple_present_is_a_state() -> None:
    """ "NASA pays Russia for seats": a standing arrangement, not an event on a day; the
    first sentence (a headline's present) and verbal acts ("warns") stay asserted."""
    text = "Russia said on Monday it would help. Currently, NASA pays Russia for seats."
    coded = code_text(text, date="2019-10-01", all_modalities=True)
    pays = [e for e in coded if e.text_info.trigger and e.text_info.trigger.text == "pays"]
    assert pays and pays[0].modality == "hypothetical"
    first = code_text("NASA pays Russia for seats.", date="2019-10-01")
    assert [e.modality for e in first] == ["asserted"]
    text = "Russia said on Monday it would help. Iran warns the Saudis of new attacks."
    warns = [e for e in code_text(text, date="2019-10-01") if e.event == "THREATEN"]
    assert warns and warns[0].modality == "asserted"


def test_a_headline_participle_is_a_passive() -> None:
    """Headlinese drops the auxiliary: "Doctor sentenced" and "Nine jailed" undergo it."""
    article = article_from_text(
        "On Wednesday, a federal judge sentenced the doctor to prison.",
        date="2019-10-04",
        title="United States doctor sentenced to 40 years for opioid prescriptions",
    )
    # the rules alone: whether the sentence model keeps the event is not tested here
    [(_, events)] = list(code_articles([article], settings=Settings(sentence_model="off")))
    headline = [e for e in events if e.text_info.sentence_index == -1]
    assert headline and not headline[0].actor
    assert [(a.code, a.sector) for a in headline[0].recipient] == [("USA", "MED")]


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        # who tells of an agentless passive did not do it, however the role head reads it
        (
            "According to Mexican President Andrés Manuel López Obrador, six Mexican"
            " nationals were killed in the attack.",
            [],
            ["MEX"],
        ),
        # a passive that states what its subject does
        ("The US had been allied with Kurdish groups in fighting ISIS.", ["USA"], [""]),
        (
            "Minister Tran Xuan Gia said Vietnam is committed to opening up the economy.",
            ["VNM"],
            [],
        ),
    ],
)
def test_passives_and_their_doers(text: str, actor: list[str], recipient: list[str]) -> None:
    events = code_text(text, date="2019-10-01")
    assert events
    assert [a.code for a in events[0].actor] == actor
    assert [a.code for a in events[0].recipient] == recipient


def test_a_finite_clause_keeps_its_own_subject() -> None:
    """ "after Theresa May stepped down", with "May" misparsed: not the main clause's subject."""
    text = (
        "Boris Johnson spoke on Monday. Johnson became prime minister after Theresa May "
        "stepped down on July 24 after she was unable to negotiate a Brexit deal."
    )
    events = code_text(text, date="2019-08-29")
    retreat = [e for e in events if e.event == "RETREAT"]
    assert retreat and [a.entity_text for a in retreat[0].actor] == ["Theresa May"]


def test_the_of_phrase_of_a_resignation_or_withdrawal_names_who_does_it() -> None:
    (event,) = [
        e
        for e in code_text(
            "The withdrawal of US troops from Syria began on Monday.", date="2019-10-16"
        )
        if e.event == "RETREAT"
    ]
    assert [a.code for a in event.actor] == ["USA"] and [a.code for a in event.recipient] == ["SYR"]


def test_an_occasion_is_not_what_a_verb_of_promise_governs() -> None:
    # "sworn in following the resignation": the resignation happened, it was not sworn
    text = "Ortiz was sworn in on Friday following the resignation of President Ricardo Rossello."
    events = code_text(text, date="2019-08-08", all_modalities=True)
    assert [e.modality for e in events if e.event == "RETREAT"] == ["asserted"]


def test_two_sides_of_one_country_and_sector_both_stay() -> None:
    (event,) = [
        e
        for e in code_text("Sixteen states sued President Trump on Monday.", date="2019-02-21")
        if e.event == "ACCUSE"
    ]
    assert [a.code for a in event.actor] == ["USA"] and [a.code for a in event.recipient] == ["USA"]


def test_neither_nor_on_the_subject_negates_the_clause() -> None:
    text = "Despite the lists, neither US nor British authorities delivered the list of countries."
    events = code_text(text, date="2019-10-16", all_modalities=True)
    assert events and all(e.modality == "negated" for e in events if e.event == "AID")


def test_an_event_noun_in_an_office_s_title_is_no_event() -> None:
    text = "Kurt Volker, the US special envoy for Ukraine negotiations, met Zelensky on Monday."
    events = code_text(text, date="2019-09-30", all_modalities=True)
    assert events and not [e for e in events if e.text_info.trigger.text == "negotiations"]


def test_a_headline_s_past_form_with_no_object_is_a_passive_its_reporter_did_not_do() -> None:
    article = article_from_text(
        "On Saturday the White House said Hamza bin Laden was killed in an operation.",
        title="US President Trump says Osama bin Laden's son killed",
        date="2019-09-17",
    )
    ((_, events),) = code_articles([article])
    (kill,) = [e for e in events if e.text_info.sentence_index == -1 and e.event == "ASSAULT"]
    assert not kill.actor and [a.code for a in kill.recipient] == ["IMG"]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        # an animal is no actor
        ("A South African man was killed by his lions on Tuesday.", "ASSAULT"),
        # an accident: killed when a plane crashed (not "when fighters stormed the base")
        ("Seven Americans were killed on Wednesday when a bomber crashed in Ohio.", "ASSAULT"),
        # publishing records frees no one
        ("A US judge ordered the release of President Trump's tax records.", "RETREAT"),
    ],
)
def test_no_event_from_an_animal_or_a_publication(text: str, event: str) -> None:
    assert not [e for e in code_text(text, date="2019-10-10") if e.event == event]


def test_who_attacks_or_names_an_investigation_is_not_its_investigator() -> None:
    text = "Trump attacked the impeachment investigation as a witch hunt on Tuesday."
    probe = [
        e for e in code_text(text, date="2019-09-25") if e.text_info.trigger.text == "investigation"
    ]
    assert all(not e.actor for e in probe)


def test_a_noun_event_made_by_someone_is_his() -> None:
    text = "A phone call made by President Macron to Vladimir Putin lasted two hours."
    (call,) = [e for e in code_text(text, date="2019-09-30") if e.event == "CONSULT"]
    assert [a.code for a in call.actor] == ["FRA"] and [a.code for a in call.recipient] == ["RUS"]


def test_an_investigation_into_a_crash_or_a_death_accuses_no_one() -> None:
    text = (
        "A bus crashed near Kursk on Monday, killing seven. "
        "The crash was being investigated by Russian police and federal prosecutors."
    )
    assert not [e for e in code_text(text, date="2019-06-25") if e.event == "ACCUSE"]
    accuse = code_text("US prosecutors are investigating Iran over the attack.", date="2019-06-25")
    assert [e.event for e in accuse] == ["ACCUSE"]


def test_killed_when_fighters_stormed_the_base_is_an_attack() -> None:
    text = "Five Afghan soldiers were killed when Taliban fighters stormed the base."
    assert [e for e in code_text(text, date="2019-10-03") if e.text_info.trigger.text == "killed"]


def test_a_side_named_by_a_person_the_knowledge_base_lacks_names_him_with_no_code() -> None:
    (warn,) = [e for e in code_text("Yahya Saree warned Saudi Arabia.") if e.event == "THREATEN"]
    assert [(a.entity_text, a.code) for a in warn.actor] == [("Yahya Saree", "")]
    assert [a.code for a in warn.recipient] == ["SAU"]
    assert warn.has_reason("actor", "unknown_person")
    # he is no side the knowledge base knows: alone, he makes no event
    assert not code_text("Yahya Saree warned Peter Mulligan.")


def test_a_body_named_before_a_title_is_whom_the_person_speaks_for() -> None:
    (warn,) = [
        e
        for e in code_text("Houthi spokesman Yahya Saree warned Saudi Arabia.")
        if e.event == "THREATEN"
    ]
    assert [(a.code, a.sector) for a in warn.actor] == [("YEM", "REB")]


def test_a_capital_before_a_noun_names_where_not_the_government() -> None:
    (attack,) = [
        e
        for e in code_text("A man killed four staff at the Paris police headquarters.")
        if e.event == "ASSAULT"
    ]
    assert [(a.code, a.sector) for a in attack.recipient] == [("FRA", "")]
    bombing = code_text("Last week a Kabul car bombing killed five people.")
    assert not any(a.code == "AFG" for e in bombing for a in e.actor)
    # the capital for its government: "Moscow said", "Tehran's support"
    (blame,) = [e for e in code_text("Moscow accused Kyiv of the attack.") if e.event == "ACCUSE"]
    assert [(a.code, a.sector) for a in blame.actor] == [("RUS", "GOV")]
