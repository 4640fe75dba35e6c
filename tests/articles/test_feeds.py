"""RSS 2.0, RSS 1.0 and Atom files read item by item (tests/articles/feeds, written for these tests)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.articles.feeds import html_to_text, looks_like_feed
from detente.cli import main
from detente.pipeline import code_articles
from detente.records import Article

FEEDS = Path(__file__).parent / "feeds"
SITE = Path(__file__).parents[1] / "site"
MARKUP = re.compile(r"<[a-zA-Z/!?]|&[a-zA-Z#]\w*;|CDATA")


def _read(*paths: Path) -> tuple[list[Article], list[ReadProblem]]:
    items = list(iter_articles(paths, options=ReadOptions()))
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, ReadProblem)],
    )


def test_rss_items_are_articles() -> None:
    articles, problems = _read(FEEDS / "wire.rss")
    assert not problems
    assert [(a.id, a.title, a.published) for a in articles] == [
        (
            "https://harbour-wire.example/world/kenya-tanzania-markets",
            "Kenya and Tanzania agree to reopen border markets",
            dt.date(2026, 3, 9),
        ),
        (
            "https://harbour-wire.example/world/chile-peru-fishing",
            "Chile & Peru hold talks on fishing rights",
            dt.date(2026, 3, 10),  # 23:40 at -05:00: the item's own day, not UTC's
        ),
        (
            "harbour-wire-2026-0311-norway-aid",
            "Norway sends aid to flooded Bangladesh",
            dt.date(2026, 3, 11),
        ),
    ]
    assert {a.source for a in articles} == {"Harbour Wire — World"}
    kenya, chile, norway = articles
    assert kenya.url == kenya.id and norway.url == ""  # a guid that is no link is only the id
    assert kenya.tags == ("East Africa",)
    assert kenya.text.startswith("Kenya signed an agreement with Tanzania")  # content:encoded
    assert "trackStory" not in kenya.text  # scripts dropped
    assert kenya.text.count("\n\n") == 2  # one paragraph each
    assert chile.text.startswith("Chile's foreign minister met")  # escaped HTML description
    assert "\n" in norway.text  # <br/> breaks the line
    for article in articles:
        assert not MARKUP.search(article.text), article.text
        assert article.path.startswith(str(FEEDS / "wire.rss:"))


def test_atom_entries_are_articles() -> None:
    articles, problems = _read(FEEDS / "desk.atom")
    assert not problems
    assert [(a.id, a.title, a.published) for a in articles] == [
        (
            "https://northern-desk.example/2026/finland-airspace",
            "Finland condemns airspace violation",
            dt.date(2026, 3, 12),  # published 01:30 at +02:00, not the UTC day before
        ),
        (
            "https://northern-desk.example/2026/baltic-grid",
            "Estonia and Latvia sign power grid accord",
            dt.date(2026, 3, 13),
        ),
        (
            "https://northern-desk.example/2026/iceland-talks",
            "Iceland offers to host Arctic fisheries talks",
            dt.date(2026, 3, 13),  # only <updated>
        ),
    ]
    assert {a.source for a in articles} == {"Northern Desk"}
    finland, grid, _ = articles
    assert finland.text.startswith("Finland condemned Russia")  # content, not the summary
    assert grid.text.split("\n\n")[1] == "The line will carry wind power from the coast."
    assert not any(MARKUP.search(a.text) or MARKUP.search(a.title) for a in articles)


def test_rss_1_in_an_xml_file_is_sniffed(tmp_path: Path) -> None:
    articles, problems = _read(FEEDS / "bulletin.xml")
    assert not problems
    assert [(a.title, a.published, a.source) for a in articles] == [
        ("Uganda and Rwanda ministers meet in Kigali", dt.date(2026, 3, 14), "Lakeside Bulletin"),
        ("Malawi protests Zambian tariff", dt.date(2026, 3, 15), "Lakeside Bulletin"),
    ]
    # a feed saved under any name is still a feed; XML that is no feed stays text
    shutil.copy(FEEDS / "desk.atom", tmp_path / "desk.txt")
    (tmp_path / "note.xml").write_text(
        "<?xml version='1.0'?><note>Greece recalled its ambassador from Turkey.</note>"
    )
    articles, problems = _read(tmp_path)
    assert [a.id for a in articles][:3] == [a.id for a in _read(FEEDS / "desk.atom")[0]]
    assert articles[3].id == "note" and "<note>" in articles[3].text
    assert not problems


def test_malformed_feed_is_reported() -> None:
    articles, problems = _read(SITE / "broken.rss")
    assert articles == []
    assert [(p.reason, p.path) for p in problems] == [("malformed", str(SITE / "broken.rss"))]
    assert "malformed feed" in problems[0].message


def test_sniffing() -> None:
    assert looks_like_feed(b"\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c -->\n<rss version='2.0'>")
    assert looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>")
    assert looks_like_feed(b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>")
    assert not looks_like_feed(b"<html><body>rss</body></html>")
    assert not looks_like_feed(b"The feed is <rss> in the text")


def test_html_to_text() -> None:
    html = (
        "<p>Talks &amp; trade</p><ul><li>one</li><li>two  <b>bold</b></li></ul><style>p{}</style>"
    )
    assert html_to_text(html) == "Talks & trade\n\none\n\ntwo bold"
    assert html_to_text("plain text, no markup") == "plain text, no markup"


@given(
    st.text(alphabet=st.characters(blacklist_characters="<&", blacklist_categories=["Cs", "Cc"]))
)
def test_html_to_text_keeps_the_words_of_a_paragraph(text: str) -> None:
    out = html_to_text(f"<p>{text}</p>")
    assert "<" not in out and out.split() == html_to_text(text).split()


def test_events_are_dated_by_their_item() -> None:
    articles, _ = _read(FEEDS / "wire.rss", FEEDS / "desk.atom")
    published = {a.id: a.published for a in articles}
    coded = {article.id: events for article, events in code_articles(articles)}
    assert set(coded) == set(published)  # one document per item
    for doc_id, events in coded.items():
        for event in events:
            assert event.date == published[doc_id].isoformat(), (event.date, event.text_info)
            assert not MARKUP.search(event.text_info.sentence)
    found = {
        (e.doc_id.rsplit("/", 1)[-1], e.event, e.date, e.actor[0].code, e.recipient[0].code)
        for events in coded.values()
        for e in events
        if e.modality == "asserted" and e.actor and e.recipient
    }
    assert ("kenya-tanzania-markets", "AGREE", "2026-03-09", "KEN", "TZA") in found
    assert ("finland-airspace", "ACCUSE", "2026-03-12", "FIN", "RUS") in found
    assert ("chile-peru-fishing", "CONSULT", "2026-03-10", "CHL", "PER") in found


def test_code_command_reads_feeds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "events.jsonl"
    assert main(["code", str(FEEDS / "wire.rss"), str(FEEDS / "bulletin.xml"), "-o", str(out)]) == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert {e["doc_id"] for e in events} >= {
        "https://harbour-wire.example/world/kenya-tanzania-markets",
        "https://lakeside-bulletin.example/malawi-protest",
    }
    assert all(not MARKUP.search(e["text_info"]["sentence"]) for e in events)
    assert "from 5 articles" in capsys.readouterr().err
