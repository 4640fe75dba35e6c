"""`check` codes articles through the same flow as `code` and `ingest` (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from detente.analysis.check import check_articles
from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.pipeline import code_articles
from detente.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


def _articles() -> list[Article]:
    options = ReadOptions(default_date=dt.date(2024, 5, 1))
    found = [
        a for a in iter_articles([EXAMPLES], options=options) if not isinstance(a, ReadProblem)
    ]
    # a headline of its own: `check` once parsed the body only and missed its events
    headline = Article(
        id="headline-only",
        title="Turkey condemns Greek naval drills near Rhodes",
        text="The statement came late on Tuesday. Officials gave no further details.",
        published=dt.date(2024, 5, 1),
    )
    return [*found, headline]


def test_check_and_code_give_the_same_events() -> None:
    articles = _articles()
    coded = {a.id: [e.to_dict() for e in events] for a, events in code_articles(articles)}
    checked = {r.article.id: [e.to_dict() for e in r.events] for r in check_articles(articles)}
    assert coded["headline-only"], "the headline's event is coded"
    assert set(coded) == set(checked)
    for doc_id, events in coded.items():
        # check adds the speaker of a claim; the events themselves are the same
        assert [e["id"] for e in checked[doc_id]] == [e["id"] for e in events], doc_id
        for mine, theirs in zip(checked[doc_id], events, strict=True):
            assert {k: v for k, v in mine.items() if k not in ("speaker", "reasons")} == {
                k: v for k, v in theirs.items() if k not in ("speaker", "reasons")
            }
