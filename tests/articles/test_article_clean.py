"""normalize_text, split_tag_line and the plain-text layout parser."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.articles import normalize_text, read_text_article, split_tag_line

SHARED_EXAMPLE = Path(__file__).parents[3] / "shared" / "examples" / "putin-beijing-visit.txt"
EXAMPLES = Path(__file__).parents[2] / "examples" / "articles"
PUTIN_TITLE = "Vladimir Putin's Beijing Visit: China's Economic and Diplomatic Backing"
PUTIN_TAGS = ("Beijing", "China", "Russia", "Russian President Vladimir Putin", "Vladimir Putin")


# -- normalize_text -------------------------------------------------------------


def test_normalize_quotes_spaces_and_lines() -> None:
    raw = (
        "\u201cHi\u201d \u2018x\u2019 Putin\u02bcs\u00a0a\u200bb \u2014 c  "
        "\r\nd\r\n\n\n\n\n\ne\u2028f"
    )
    assert normalize_text(raw) == "\"Hi\" 'x' Putin's ab \u2014 c\nd\n\n\ne\nf"


def test_normalize_nbsp_to_space_and_ligatures() -> None:
    assert normalize_text("Xi\u00a0Jinping \ufb01nal") == "Xi Jinping final"


@given(st.text())
def test_normalize_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once
    assert "\u2019" not in once and "\u201c" not in once


# -- split_tag_line -------------------------------------------------------------


def test_split_putin_tag_line() -> None:
    line = (
        "BeijingChinaRussiaRussian President Vladimir PutinVladimir Putin"
        "Vladimir Putin's Beijing Visit: China's Economic and Diplomatic Backing"
    )
    title = "Vladimir Putin\u2019s Beijing Visit: China\u2019s Economic and Diplomatic Backing"
    assert split_tag_line(line, title=title) == PUTIN_TAGS


@pytest.mark.parametrize(
    ("run", "tags"),
    [
        ("McDonaldBurger King", ("McDonald", "Burger King")),
        ("Ron DeSantisFlorida", ("Ron DeSantis", "Florida")),
        ("AppleiPhone", ("Apple", "iPhone")),  # iPhone is in data/camelcase.txt
        ("ChinaU.S.", ("China", "U.S.")),
        ("iPhoneApple", ("iPhone", "Apple")),
        ("EUIranIAEA", ("EU", "Iran", "IAEA")),
        ("U.S.China", ("U.S.", "China")),
        ("G20Summit", ("G20", "Summit")),
        ("YouTubeGoogle", ("YouTube", "Google")),
        ("NGOsAid", ("NGOs", "Aid")),
    ],
)
def test_split_hard_cases(run: str, tags: tuple[str, ...]) -> None:
    assert split_tag_line(run + "Big Talks", title="Big Talks") == tags


def test_camel_words_from_body_stay_whole() -> None:
    body = "The startup DataRobot signed a deal."
    assert split_tag_line("DataRobotIndiaBig Talks", title="Big Talks", body=body) == (
        "DataRobot",
        "India",
    )
    assert split_tag_line("DataRobotIndiaBig Talks", title="Big Talks") == (
        "Data",
        "Robot",
        "India",
    )


def test_not_a_tag_line() -> None:
    assert split_tag_line("Nothing to see here.", title="Big Talks") is None
    assert split_tag_line("The leaders held Big Talks", title="Big Talks") is None  # prose, spaced
    assert split_tag_line("He said so.Big Talks", title="Big Talks") is None
    assert split_tag_line("Big Talks", title="Big Talks") == ()
    assert split_tag_line("IndiaBig Talks", title="") is None


_NAME_PREFIXES = {"Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz", "O"}
_word = st.from_regex(r"[A-Z][a-z]{1,9}", fullmatch=True).filter(lambda w: w not in _NAME_PREFIXES)
_tag = st.lists(_word, min_size=1, max_size=3).map(" ".join)


@given(st.lists(_tag, min_size=1, max_size=6, unique=True), _tag)
def test_split_roundtrip(tags: list[str], title: str) -> None:
    assert split_tag_line("".join(tags) + title, title=title) == tuple(tags)


@given(st.text(), st.text())
def test_split_never_raises(line: str, title: str) -> None:
    result = split_tag_line(line, title=title)
    assert result is None or isinstance(result, tuple)


# -- read_text_article -------------------------------------------------------------


@pytest.mark.skipif(not SHARED_EXAMPLE.exists(), reason="../shared/examples not present")
def test_putin_example() -> None:
    text = SHARED_EXAMPLE.read_text(encoding="utf-8")
    article = read_text_article(text, doc_id="putin-beijing-visit", published=dt.date(2023, 10, 16))
    assert article.section == "Foreign Affairs"
    assert article.title == PUTIN_TITLE
    assert article.tags == PUTIN_TAGS
    assert article.text.startswith("Russian President Vladimir Putin is set to meet")
    assert article.text.endswith(
        "Xi visited Moscow in March as part of exchanges between the sides."
    )
    assert "BeijingChina" not in article.text
    assert PUTIN_TITLE not in article.text
    assert article.content_hash == hashlib.sha256(article.text.encode()).hexdigest()
    assert normalize_text(article.text) == article.text


def test_ordinary_article_keeps_first_paragraph() -> None:
    text = (
        "Russia and China signed a trade deal on Monday.\n\n"
        "The agreement covers energy and grain.\n"
    )
    article = read_text_article(text, doc_id="x")
    assert (article.title, article.section) == ("", "")
    assert article.text == text.strip()


def test_headline_then_body() -> None:
    text = "China Warns U.S.\n\nChina warned the United States on Monday over Taiwan.\n"
    article = read_text_article(text, doc_id="x")
    assert article.title == "China Warns U.S."
    assert article.section == ""
    assert article.text == "China warned the United States on Monday over Taiwan."


def test_headline_and_tag_line_without_section() -> None:
    text = (
        "Leaders Meet in Delhi\n\nThe leaders met on Monday.\n\nIndiaJapanLeaders Meet in Delhi\n"
    )
    article = read_text_article(text, doc_id="x")
    assert (article.section, article.title, article.tags) == (
        "",
        "Leaders Meet in Delhi",
        ("India", "Japan"),
    )
    assert article.text == "The leaders met on Monday."


def test_single_line_is_body() -> None:
    article = read_text_article("Talks between Iran and the EU", doc_id="x")
    assert article.text == "Talks between Iran and the EU"
    assert article.title == ""


EXPECTED_EXAMPLE_TAGS = {
    "india-japan-talks": (
        "Diplomacy",
        "India",
        "Japan",
        "Narendra Modi",
        "Fumio Kishida",
        "Indo-Pacific",
    ),
    "india-japan-talks-report": (
        "India",
        "Japan",
        "Narendra Modi",
        "Fumio Kishida",
        "Semiconductors",
    ),
    "eu-iran-sanctions": ("European Union", "Iran", "IAEA", "Russia", "Sanctions"),
    "kyrgyz-tajik-border-clash": ("Kyrgyzstan", "Tajikistan", "Sadyr Japarov", "Emomali Rahmon"),
    "pakistan-flood-aid": (
        "Germany",
        "Pakistan",
        "Annalena Baerbock",
        "Shehbaz Sharif",
        "Humanitarian Aid",
    ),
    "tbilisi-protest": ("Georgia", "Tbilisi", "Irakli Kobakhidze", "European Union", "Protests"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLE_TAGS))
def test_bundled_examples(name: str) -> None:
    text = (EXAMPLES / f"{name}.txt").read_text(encoding="utf-8")
    article = read_text_article(text, doc_id=name)
    assert article.tags == EXPECTED_EXAMPLE_TAGS[name]
    assert article.section and article.title
    assert article.title not in article.text
    assert article.text.count("\n\n") >= 3
