"""Consistency flags: the example article's wrong title, names, dates, contradictions."""

from __future__ import annotations

from detente.actors.kb import load_kb
from detente.actors.offices import office_of
from detente.analysis.check import ArticleCheck, check_articles
from detente.analysis.consistency import office_holders, parse_title
from detente.pipeline import article_from_text


def _check(text: str, date: str) -> ArticleCheck:
    return next(check_articles([article_from_text(text, doc_id="t", date=date)]))


def test_title_flag_names_the_holder_and_the_earlier_name(example_check: ArticleCheck) -> None:
    titles = [f for f in example_check.flags if f.kind == "title"]
    assert len(titles) == 1
    flag = titles[0]
    assert flag.severity == "high"
    assert "Sergey Lavrov" in flag.message and "2023-10-16" in flag.message
    assert "Alexander Gabuev" in flag.message
    texts = [span.text for span in flag.evidence]
    assert texts == ["Alexander Gabuev", "Russian Foreign Minister Sergei Gabuev"]
    text = example_check.article.text
    for span in flag.evidence:
        assert text[span.start : span.end] == span.text
    assert flag.evidence[0].start < flag.evidence[1].start


def test_two_first_names_are_flagged(example_check: ArticleCheck) -> None:
    names = [f for f in example_check.flags if f.kind == "names"]
    assert len(names) == 1
    assert "Alexander Gabuev" in names[0].message and "Sergei Gabuev" in names[0].message
    assert names[0].severity == "medium"


def test_example_has_no_other_high_flags(example_check: ArticleCheck) -> None:
    assert [f.kind for f in example_check.flags if f.severity == "high"] == ["title"]


def test_offices_and_holders() -> None:
    kb = load_kb()
    assert office_of("Foreign Minister") == office_of("Minister of Foreign Affairs") != ""
    assert office_of("Deputy Foreign Minister") == ""
    assert parse_title("Russian Foreign Minister", kb) == ("RUS", "foreign minister")
    import datetime as dt

    holders = office_holders(kb, "RUS", "foreign minister", dt.date(2023, 10, 16))
    assert [e.name for e, _ in holders] == ["Sergey Lavrov"]


def test_right_title_is_not_flagged() -> None:
    checked = _check(
        "Russian Foreign Minister Sergey Lavrov met Chinese officials in Beijing on Monday.",
        "2023-10-16",
    )
    assert not [f for f in checked.flags if f.kind == "title"]


def test_assertion_and_denial_are_flagged() -> None:
    checked = _check(
        "Russian troops attacked Ukraine on Monday. "
        "Russian troops did not attack Ukraine on Monday, the ministry said.",
        "2022-03-02",
    )
    flags = [f for f in checked.flags if f.kind == "contradiction"]
    assert len(flags) == 1 and "ASSAULT" in flags[0].message
    assert len(flags[0].evidence) == 2


def test_past_event_dated_after_the_article() -> None:
    checked = _check(
        "Russian troops attacked Ukraine on 20 March 2019, officials said.", "2019-03-10"
    )
    flags = [f for f in checked.flags if f.kind == "date"]
    assert len(flags) == 1 and flags[0].severity == "high"
    assert "2019-03-20" in flags[0].message


def test_claim_by_a_name_named_nowhere_else() -> None:
    checked = _check(
        "Iran will not negotiate with the United States, John Quimby said.", "2019-05-01"
    )
    flags = [f for f in checked.flags if f.kind == "unmatched_speaker"]
    assert len(flags) == 1 and flags[0].severity == "low"
    assert "John Quimby" in flags[0].message


def test_a_title_in_a_passage_about_history_is_no_contradiction() -> None:
    lincoln = "US President Abraham Lincoln signed the Emancipation Proclamation, she recalled."
    now = _check(f"Historians met in Washington on Monday. {lincoln}", "2020-06-01")
    assert [f.severity for f in now.flags if f.kind == "title"] == ["high"]
    for setting in ("In the 19th century, the country was at war.", "It was the 1860s."):
        then = _check(f"{setting} {lincoln}", "2020-06-01")
        assert not [f for f in then.flags if f.kind == "title"], setting
