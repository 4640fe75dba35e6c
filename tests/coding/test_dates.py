"""Event dates: the event's own date, not the article's (issue 16)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.coding.when import EventDate, act_date, date_of, event_date, resolve
from detente.nlp import load_nlp
from detente.pipeline import article_from_text, code_articles, code_text

FRIDAY = dt.date(2019, 10, 4)


def when(
    text: str, trigger: str, *, future: bool = False, past_cue: str = ""
) -> tuple[EventDate | None, tuple[str, str]]:
    """The date found for the first token `trigger` of `text`, and (date, precision)."""
    doc = load_nlp()(text)
    token = next(t for t in doc if t.text == trigger)
    found = event_date(token, published=FRIDAY, future=future, past_cue=past_cue)
    return found, date_of(found, FRIDAY)


@pytest.mark.parametrize(
    ("words", "lean", "expected"),
    [
        ("2014", "past", ("2014", "year")),
        ("june 23 , 1941", "past", ("1941-06-23", "day")),
        ("march 2011", "past", ("2011-03", "month")),
        ("march", "past", ("2019-03", "month")),
        ("november", "past", ("2018-11", "month")),
        ("november", "future", ("2019-11", "month")),
        ("march", "future", ("2020-03", "month")),
        ("october", "future", ("2019-10", "month")),
        ("early september", "present", ("2019-09", "month")),
        ("wednesday", "past", ("2019-10-02", "day")),
        ("friday", "past", ("2019-10-04", "day")),
        ("tuesday", "future", ("2019-10-08", "day")),
        ("last friday", "past", ("2019-09-27", "day")),
        ("yesterday", "past", ("2019-10-03", "day")),
        ("last night", "past", ("2019-10-03", "day")),
        ("last year", "past", ("2018", "year")),
        ("this year", "past", ("2019", "year")),
        ("earlier this month", "past", ("2019-10", "month")),
        ("last month", "past", ("2019-09", "month")),
        ("next month", "future", ("2019-11", "month")),
        ("two weeks ago", "past", ("2019-09", "month")),
        ("three days ago", "past", ("2019-10-01", "day")),
        ("five years ago", "past", ("2014", "year")),
        ("the 1980s", "past", ("1980", "decade")),
        ("september 11", "past", ("2019-09-11", "day")),
        ("october 14", "future", ("2019-10-14", "day")),
    ],
)
def test_time_expressions_against_the_article_date(
    words: str, lean: str, expected: tuple[str, str]
) -> None:
    found = resolve(words.split(), FRIDAY, lean)
    assert found is not None and found[:2] == expected


@pytest.mark.parametrize(
    "words", ["recent weeks", "two days later", "the past two years", "the week", "decades"]
)
def test_periods_with_no_anchor_are_not_dates(words: str) -> None:
    assert resolve(words.split(), FRIDAY, "past") is None


def test_a_weekday_in_a_dateline_line_is_not_the_event_date() -> None:
    text = "Friday, October 4, 2019\n\nOn Wednesday, a federal judge in Ohio sentenced two men."
    assert when(text, "sentenced")[1] == ("2019-10-02", "day")


def test_a_year_in_the_trigger_noun_phrase() -> None:
    found, day = when("Russia's 2014 annexation of Crimea was condemned by Ukraine.", "annexation")
    assert day == ("2014", "year") and found is not None and found.relation == "on"
    found, day = when("The peaceful 2011 protests that began the war were crushed.", "protests")
    assert day == ("2011", "year")


def test_a_year_on_an_argument_is_not_the_event_date() -> None:
    assert when("Ukraine condemned Russia's 2014 annexation of Crimea.", "condemned")[0] is None


def test_a_noun_event_takes_the_date_of_the_clause_that_says_it_happened() -> None:
    text = "Protests against the government began in early October."
    assert when(text, "Protests")[1] == ("2019-10", "month")
    assert when("The talks, held in Geneva last month, failed.", "talks")[1] == ("2019-09", "month")


def test_a_support_verb_dates_its_object_s_event() -> None:
    # "announced his resignation", "signed a deal", "filed a lawsuit": the verb's date is the act's
    text = "The governor announced his resignation on Wednesday."
    assert when(text, "resignation")[1] == ("2019-10-02", "day")
    # a verb of stance does not: the attack was not on Monday
    assert when("China condemned the attack on Monday.", "attack")[0] is None


def test_the_present_perfect_is_before_the_article_on_a_day_not_told() -> None:
    found, day = when("China and Russia have pledged funds to Syria.", "pledged")
    assert day == ("2019-10-04", "before") and found is not None and found.relation == "before"
    # with a date of its own, the date
    assert when("Iran has seized a tanker on Monday.", "seized")[1] == ("2019-09-30", "day")


def test_coordinated_verbs_share_a_date_after_them() -> None:
    text = "Police fired and landed a live round on a protester yesterday."
    assert when(text, "fired")[1] == ("2019-10-03", "day")


def test_a_participle_takes_the_time_of_its_clause_not_a_duration() -> None:
    # "in fighting": the clause's past perfect; "15 years" is how long, not when
    assert when("The US had been allied with the Kurds in fighting ISIS.", "fighting")[1] == (
        "2019-10-04",
        "before",
    )
    assert when("He spent 15 years fighting the law.", "spent")[0] is None
    # "sentenced for torturing": the torture came before the sentence
    text = "Yesterday the judge sentenced the couple to prison for torturing their children."
    assert when(text, "torturing")[1] != ("2019-10-03", "day")


def test_relative_dates() -> None:
    text = "Turkish troops attacked Kurdish fighters in Syria two weeks ago."
    assert when(text, "attacked")[1] == ("2019-09", "month")
    assert when("Last year, China sent troops to the border.", "sent")[1] == ("2018", "year")
    assert when("Police arrested him last night.", "arrested")[1] == ("2019-10-03", "day")


def test_a_month_named_without_a_year_follows_the_tense() -> None:
    assert when("Xi Jinping visited Moscow in March.", "visited")[1] == ("2019-03", "month")
    text = "Xi Jinping will visit Moscow in March."
    assert when(text, "visit", future=True)[1] == ("2020-03", "month")
    text = "Parliament would meet briefly in early September."  # in an August paper: this year
    found = event_date(
        next(t for t in load_nlp()(text) if t.text == "meet"),
        published=dt.date(2019, 8, 29),
        future=False,
    )
    assert found is not None and found.iso == "2019-09"


def test_an_onset_dates_the_event() -> None:
    found, day = when("Egypt has detained the journalists since 2016.", "detained")
    assert found is not None and found.relation == "since" and day == ("2016", "year")


def test_a_bound_in_the_past_is_not_the_event_date() -> None:
    text = "Before the invasion in 2014, Putin met with Xi Jinping in Beijing."
    found, day = when(text, "met")
    assert found is not None and found.relation == "before" and day == ("2014", "before")
    found, day = when("After talks failed in 2014, Russia attacked Ukraine.", "attacked")
    assert day == ("2019-10-04", "article")


def test_a_time_clause_dates_the_main_clause() -> None:
    text = (
        "When announcing the plan on Monday, the French president urged Iran to free the sailors."
    )
    assert when(text, "urged")[1] == ("2019-09-30", "day")


def test_another_clause_keeps_its_date() -> None:
    text = "The minister, who visited Kyiv in 2014, said Russia attacked Ukraine."
    assert when(text, "attacked")[0] is None


def test_previously_and_past_perfect_say_before_the_article() -> None:
    found, day = when("Germany had previously imposed sanctions on Iran.", "imposed", past_cue="x")
    assert found is not None and found.basis == "cue" and day == ("2019-10-04", "before")
    found, day = when("Germany had imposed sanctions on Iran.", "imposed")
    assert found is not None and found.basis == "tense" and day == ("2019-10-04", "before")
    assert when("Officials said Germany had imposed sanctions on Iran.", "imposed")[0] is None


def test_a_date_on_its_own_day_or_after_the_article() -> None:
    text = "The leaders of France and Germany meet in Paris on October 14."
    assert when(text, "meet")[1] == ("2019-10-14", "day")


def test_the_modal_may_is_no_month() -> None:
    assert when("Russia may send troops to Syria in the spring.", "send")[0] is None


def test_a_past_event_is_told_at_the_time_of_the_clause_that_reports_it() -> None:
    found, day = when("Yesterday, the ministry said rebels attacked the base.", "attacked")
    assert found is not None and found.basis == "reference" and day == ("2019-10-03", "day")
    # the perfect and the future are not told at that time: the perfect is done by then
    text = "Yesterday, the ministry said rebels have attacked the base."
    assert when(text, "attacked")[1] == ("2019-10-03", "before")
    assert when("Yesterday, the ministry said rebels will attack the base.", "attack")[0] is None


def test_a_past_event_is_told_at_the_time_the_previous_sentence_set() -> None:
    text = (
        "On Thursday, the European Court of Justice ruled on the case. "
        "The court issued a judgement favorable to the plaintiff."
    )
    assert when(text, "issued")[1] == ("2019-10-03", "day")
    text = "Twin bombings yesterday struck the cathedral. The second blast killed 20 people."
    assert when(text, "killed")[1] == ("2019-10-03", "day")
    # a present or perfect sentence before sets no time; a future date is no reference
    text = "The court rules on Thursday. The court issued a judgement."
    assert when(text, "issued")[0] is None
    text = "Russia will hold talks on Tuesday. Russia attacked Ukraine."
    assert when(text, "attacked")[0] is None


def test_a_dateline_run_into_the_first_date_is_cut_off() -> None:
    text = "Sunday, September 22, 2019\n\n\nFriday was when the protesters stormed the base."
    doc = load_nlp()(text)
    token = next(t for t in doc if t.text == "was")
    found = event_date(token, published=dt.date(2019, 9, 22), future=False)
    assert found is None or found.iso in ("2019-09-20", "2019-09-22")


def test_a_conjunct_shares_its_heads_tense() -> None:
    text = "The leaders would meet in Paris and sign the treaty on October 14."
    found = when(text, "sign")[0]
    assert found is not None and found.iso == "2019-10-14"


def test_an_announcement_is_dated_by_the_clause_that_makes_it() -> None:
    doc = load_nlp()("On Monday, France said Iran must free the sailors on Friday.")
    free = next(t for t in doc if t.text == "free")
    said = act_date(free, published=FRIDAY)
    assert said is not None and date_of(said, FRIDAY) == ("2019-09-30", "day")
    doc = load_nlp()("Russia will attack Ukraine on Tuesday.")
    attack = next(t for t in doc if t.text == "attack")
    assert act_date(attack, published=FRIDAY) is None  # announced on the article's day


def test_a_day_with_a_part_of_the_day_is_that_day() -> None:
    # "afternoon" (TIME) is nearer the verb than "Yesterday" (DATE) but names no day
    found, dated = when("Yesterday afternoon, the minister visited Paris.", "visited")
    assert dated == ("2019-10-03", "day")


def test_a_plan_with_no_date_is_dated_by_its_announcement() -> None:
    text = "On Wednesday, the Kenyan foreign minister said Kenya would send troops to Somalia."
    events = code_text(text, date=FRIDAY, all_modalities=True)
    planned = [e for e in events if e.event == "MOBILIZE"]
    assert planned and all(e.modality != "asserted" for e in planned)
    assert {(e.date, e.date_precision) for e in planned} == {("2019-10-02", "day")}


def test_a_participle_clause_happens_when_its_main_clause_does() -> None:
    found, dated = when(
        "The senator was shot in June 1968 while seeking the nomination for president.",
        "seeking",
    )
    assert dated == ("1968-06", "month")


def test_a_headline_tells_the_news_the_lede_dates() -> None:
    """A headline tells the event its lede dates; an undated sentence in the simple past
    goes on at the time the story set last."""
    article = article_from_text(
        "On Saturday, drones attacked two oil facilities in eastern Saudi Arabia. "
        "Houthi rebels claimed responsibility. The Saudi government condemned the attack.",
        date="2019-09-15",
        title="Oil facilities in Saudi Arabia hit by drone attacks",
    )
    ((_, events),) = code_articles([article])
    by_word = {e.text_info.trigger.text: e for e in events if e.text_info.trigger}
    assert by_word["hit"].date == "2019-09-14", by_word["hit"].reason_texts()
    assert by_word["hit"].has_reason("date", "lede")
    assert by_word["condemned"].date == "2019-09-14"
    # with no dated lede, the headline keeps the article's date
    undated = article_from_text(
        "Drones attacked two oil plants.",
        date="2019-09-15",
        title="Oil facilities in Saudi Arabia hit by drone attacks",
    )
    ((_, plain),) = code_articles([undated])
    assert {e.date for e in plain} == {"2019-09-15"}


def test_a_headline_takes_the_day_its_lede_tells() -> None:
    """With no event coded in the lede, the headline still takes the day the lede's verb
    is told on."""
    article = article_from_text(
        "Yesterday, facilities in Saudi Arabia were damaged in a pre-dawn raid.",
        date="2019-09-15",
        title="Drones hit Saudi Arabia's oil facilities",
    )
    ((_, events),) = code_articles([article])
    headline = [e for e in events if e.text_info.sentence_index == -1]
    assert headline and all(e.date == "2019-09-14" for e in headline), headline


def test_an_undated_past_event_is_on_the_lede_s_day() -> None:
    """When the sentences before set no time, a simple-past event is told on the day the
    article's lede tells its news, not on the day the article came out."""
    article = article_from_text(
        "Yesterday, police in Hong Kong shot a protester during clashes in Tsuen Wan.\n\n"
        "Thousands of people had marched through the city.\n\n"
        "In other parts of the city, the police used tear gas against protesters.",
        date="2019-10-02",
    )
    ((_, events),) = code_articles([article])
    gas = [e for e in events if e.text_info.trigger and e.text_info.trigger.text == "gas"]
    assert gas and all(e.date == "2019-10-01" for e in gas), [(e.event, e.date) for e in gas]


def test_a_reported_past_perfect_and_that_day_take_the_day_named_before() -> None:
    # "had entered": by the day of the announcement
    text = "Late on Tuesday, the SDF announced it had entered into an agreement with Syria."
    assert when(text, "agreement")[1] == ("2019-10-01", "before")
    text = "On Wednesday, the army released a statement saying an attack that day killed two."
    assert when(text, "attack")[1] == ("2019-10-02", "day")
    # a noun in a prepositional phrase is dated by its clause's verb
    text = "Yesterday, officials said eight people died in the attack."
    assert when(text, "attack")[1] == ("2019-10-03", "day")


def test_a_quote_s_present_happened_when_it_was_said() -> None:
    text = '"We warn the Saudis that our targets will keep expanding", Saree said yesterday.'
    assert when(text, "warn")[1] == ("2019-10-03", "day")
    # the longest tail of a time expression that names a day
    text = "The governor announced his resignation shortly before midnight Wednesday night."
    assert when(text, "announced")[1] == ("2019-10-02", "day")


def test_a_reported_past_perfect_happened_by_the_day_of_the_report() -> None:
    text = "On Tuesday, Donald Trump announced he had asked for John Bolton's resignation."
    assert when(text, "asked")[1] == ("2019-10-01", "before")


def test_an_undated_past_event_in_the_background_is_only_known_to_be_past() -> None:
    """With no time set before it, a simple-past event deep in the story (its background)
    happened by the article's day, on a day the text does not tell; the lede's past
    event is the story's news, of its day."""
    article = article_from_text(
        "Yesterday Russia attacked Ukraine's ports.\n\n"
        + "The ports are the country's largest. " * 5
        + "\n\nTurkey sentenced two smugglers to four years in prison.",
        date="2019-02-12",
    )
    ((_, events),) = code_articles([article])
    dates = {e.event: (e.date, e.date_precision) for e in events if e.modality == "asserted"}
    assert dates == {"ASSAULT": ("2019-02-11", "day"), "SANCTION": ("2019-02-12", "before")}
