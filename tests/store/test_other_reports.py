"""Other reports of an event compare event dates and modality (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from detente.records import Actor, Article, Event, TextInfo
from detente.store import open_store
from detente.store.query import event_by_id, other_reports

SENTENCE = "Russia's foreign minister met his Chinese counterpart."


def _report(
    n: int, published: str, *, date: str, precision: str = "day", modality: str = "asserted"
) -> tuple[Article, list[Event]]:
    article = Article(
        id=f"a{n}",
        text=SENTENCE,
        source=f"paper{n}",
        published=dt.date.fromisoformat(published),
        content_hash=f"hash{n}",
    )
    event = Event(
        id=f"e{n}",
        doc_id=article.id,
        date=date,
        event="CONSULT",
        mode="meet",
        context=[],
        cameo="040",
        quad=1,
        goldstein=1.0,
        actor=[Actor(code="RUS", sector="GOV", entity_text="Russia's foreign minister")],
        recipient=[Actor(code="CHN", sector="GOV", entity_text="his Chinese counterpart")],
        modality=modality,  # type: ignore[arg-type]
        text_info=TextInfo(
            sentence=SENTENCE, sentence_index=0, start=0, end=len(SENTENCE), text="met"
        ),
        confidence=0.9,
        date_precision=precision,
    )
    return article, [event]


def test_a_2022_meeting_is_not_reported_by_a_2023_announcement(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        store.add_batch(
            [
                # the meeting of 10 May 2022, told in 2023 (its own date, not the article's)
                _report(1, "2023-05-10", date="2022-05-10"),
                # a 2023 announcement of the next meeting, dated by its article
                _report(2, "2023-05-11", date="2023-05-11", precision="article", modality="future"),
                # another report of the 2022 meeting, days later
                _report(3, "2022-05-12", date="2022-05-12"),
                # a report of the same meeting dated only to its month
                _report(4, "2022-06-01", date="2022-05", precision="month"),
                # a 2023 meeting, its article the day after the first article
                _report(5, "2023-05-11", date="2023-05-11", precision="article"),
                # a meeting announced in 2022 (future): not the meeting itself
                _report(6, "2022-05-09", date="2022-05-10", modality="future"),
            ]
        )
        meeting = event_by_id(store, "e1")
        assert meeting is not None
        assert [r["id"] for r in other_reports(store, meeting)] == ["e4", "e3"]
        by_month = event_by_id(store, "e4")
        assert by_month is not None
        assert [r["id"] for r in other_reports(store, by_month)] == ["e1", "e3"]
        announced = event_by_id(store, "e2")
        assert announced is not None
        assert other_reports(store, announced) == []


def test_an_igo_actor_carries_its_organisations_name(tmp_path: Path) -> None:
    from dataclasses import replace

    from detente.store.query import row_to_event

    article, [event] = _report(1, "2023-05-10", date="2023-05-10")
    un = Actor(code="IGO", org="UNO", entity_text="the United Nations")
    with open_store(str(tmp_path / "s.db")) as store:
        store.add_batch([(article, [replace(event, recipient=[un])])])
        row = event_by_id(store, "e1")
    assert row is not None
    assert row["recipient"][0]["org"] == "UNO"
    assert row["recipient"][0]["org_name"] == "United Nations"
    assert row["actor"][0]["org_name"] == ""
    assert row_to_event(row).recipient == [replace(un, start=-1, end=-1)]  # exports unchanged
