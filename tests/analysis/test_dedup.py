"""Reports -> events: the example reports of one meeting become one event."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from detente.analysis.dedup import cluster_coded, cluster_events, publisher_of, same_event
from detente.articles import ReadProblem, iter_articles
from detente.ingest import ingest
from detente.pipeline import code_articles
from detente.records import Article
from detente.store import open_store

REPORTS = Path(__file__).resolve().parents[2] / "examples" / "reports"


def _meeting(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    return [r for r in rows if r["event"] == "CONSULT" and r["mode"] == ""]


def test_reports_of_one_meeting_are_one_event_in_a_store(tmp_path: Path) -> None:
    with open_store(tmp_path / "r.db") as store:
        ingest([REPORTS], store=store)
        cluster_events(store)
        rows = store.clusters(limit=100)
        meeting = max(_meeting(rows), key=lambda r: int(r["num_reports"]))  # type: ignore[call-overload]
        # four articles report it; one of them again in its headline ("Scholz Meets
        # Macron ..."), and perhaps in "the two leaders spoke for three hours at the
        # chancellery" (as the sentence model reads that sentence)
        assert meeting["num_reports"] in (5, 6)
        assert meeting["num_articles"] == 4
        assert meeting["num_sources"] == 3
        assert (meeting["first_seen"], meeting["last_seen"]) == ("2024-10-07", "2024-10-09")
        assert meeting["date"] == "2024-10-07"
        assert meeting["actor_codes"] == "DEU FRA" or "DEU" in str(meeting["actor_codes"])
        assert len(store.cluster_reports(str(meeting["id"]))) == meeting["num_reports"]
        # every stored event belongs to exactly one cluster; re-running changes nothing
        total = store.scalar("SELECT COUNT(*) FROM events")
        assert store.scalar("SELECT COUNT(*) FROM event_cluster_members") == total
        again = cluster_events(store)
        assert again == len(store.clusters(modality="all", limit=1000))


def test_reports_of_one_meeting_are_one_event_in_memory() -> None:
    articles = [a for a in iter_articles([REPORTS]) if not isinstance(a, ReadProblem)]
    assert len(articles) == 4
    clusters = cluster_coded(list(code_articles(articles)))
    meeting = max(
        (c for c in clusters if c.event == "CONSULT" and c.mode == ""), key=lambda c: c.num_reports
    )
    assert (meeting.num_articles, meeting.num_sources) == (4, 3)
    assert meeting.num_reports in (5, 6)  # see the test above


def test_window_and_participants_separate_events() -> None:
    articles = [a for a in iter_articles([REPORTS]) if not isinstance(a, ReadProblem)]
    coded = list(code_articles(articles))
    meetings = [e for _, events in coded for e in events if e.event == "CONSULT" and not e.mode]
    first, second = meetings[0], meetings[1]
    assert same_event(first, second, window_days=3)
    later = dataclasses.replace(second, date="2024-11-30")
    assert not same_event(first, later, window_days=3)
    negated = dataclasses.replace(second, modality="negated")
    assert not same_event(first, negated, window_days=3)


def test_publisher_falls_back_from_source_to_host_to_folder() -> None:
    assert publisher_of(Article(id="x", text="", source="Reuters")) == "Reuters"
    assert publisher_of(Article(id="x", text="", url="https://www.bbc.co.uk/news/1")) == "bbc.co.uk"
    assert publisher_of(Article(id="paris-evening/a", text="")) == "paris-evening"
    assert publisher_of(Article(id="a", text="")) == "a"
