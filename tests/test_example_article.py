"""The article detente was started from: what an analyst must find in it (issue 2)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.pipeline import code_articles
from detente.records import Event

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "putin-beijing-visit.txt"
GOLDEN = ROOT / "tests" / "data" / "putin-beijing-visit.golden.jsonl"
pytestmark = pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared/examples is not here")


@pytest.fixture(scope="module")
def events() -> list[Event]:
    options = ReadOptions(default_date=dt.date(2023, 10, 16))
    articles = [
        a for a in iter_articles([EXAMPLE], options=options) if not isinstance(a, ReadProblem)
    ]
    return [e for _, coded in code_articles(articles) for e in coded]


def find(
    events: list[Event], event: str, source: set[str], target: set[str], modality: str = "asserted"
) -> list[Event]:
    return [
        e
        for e in events
        if e.event == event
        and e.modality == modality
        and source <= {a.code for a in e.actor}
        and target <= ({a.code for a in e.recipient} or {a.code for a in e.actor})
    ]


def test_what_an_analyst_finds(events: list[Event]) -> None:
    assert find(events, "CONSULT", {"RUS", "CHN"}, set(), "future"), "Putin and Xi will discuss"
    discuss = find(events, "CONSULT", {"RUS", "CHN"}, set(), "future")[0]
    assert "economic" in discuss.context
    assert find(events, "SUPPORT", {"CHN"}, {"RUS"}), "China's backing of Moscow"
    xi_visit = find(events, "CONSULT", {"CHN"}, {"RUS"})
    assert xi_visit and xi_visit[0].mode == "visit" and xi_visit[0].date == "2023-03"
    assert find(events, "AGREE", {"RUS"}, {"CHN"}, "historical"), "the no-limits agreement"
    assert find(events, "CONSULT", {"RUS"}, {"CHN"}, "historical"), "the meeting before the war"


def test_no_alliance_is_asserted(events: list[Event]) -> None:
    unlikely = [e for e in events if "unlikely to form" in e.text_info.sentence]
    may_not = [e for e in events if "may not forge" in e.text_info.sentence]
    # the alliance is on record, as what did not happen: not silently dropped
    assert any(e.event == "COOPERATE" for e in unlikely), [e.event for e in unlikely]
    assert any(e.event == "COOPERATE" for e in may_not), [e.event for e in may_not]
    for event in unlikely:
        assert event.modality != "asserted", event.reason_texts()
    for event in may_not:
        assert event.event != "COOPERATE" or event.modality != "asserted"


def test_golden_file(events: list[Event]) -> None:
    spec = importlib.util.spec_from_file_location(
        "update_golden", ROOT / "scripts" / "update_golden.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = [json.loads(line) for line in GOLDEN.read_text().splitlines()]
    assert [module.summary(e) for e in events] == expected, (
        "events changed: review and run scripts/update_golden.py"
    )


def test_the_visit_is_placed_in_beijing(events: list[Event]) -> None:
    """Issue 12: the headline's and the first sentence's visit, in Beijing, with the reason."""
    visits = [e for e in events if e.event == "CONSULT" and e.text_info.sentence_index in (-1, 0)]
    assert len(visits) == 2
    for visit in visits:
        place = visit.place
        assert place is not None and place.text == "Beijing", visit.reason_texts()
        assert (place.name, place.country, place.feature, place.precision) == (
            "Beijing",
            "CHN",
            "city",
            1,
        )
        assert place.lat is not None and abs(place.lat - 39.9) <= 0.5
        assert place.lon is not None and abs(place.lon - 116.4) <= 0.5
        assert place.reason and visit.has_reason("place", "town", source="clause")
    # no place is made up: the sentences that name none have none (no dateline here)
    assert all(e.place is None for e in events if "show of support" in e.text_info.sentence)
