"""The silver scorer on small hand-written records and events (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.evaluate.gold import _silver_file
from detente.evaluate.silver import (
    SilverEvent,
    SilverRecord,
    in_sentence,
    read_silver,
    same_date,
    score_silver,
)
from detente.records import Actor, Event, Modality, Span, TextInfo

PREVIOUS = "Talks stalled."
TEXT = "Russia attacked Georgia and France protested."


def record(*events: SilverEvent, rid: str = "r1", previous: str = PREVIOUS) -> SilverRecord:
    return SilverRecord(rid, TEXT, previous, "2019-05-10", events)


def gold(
    kind: str, modality: str = "asserted", *, source: str = "RUS", date: str = "2019-05-10"
) -> SilverEvent:
    return SilverEvent(kind, "", (source,), (), modality, date, "")


def predicted(
    kind: str,
    *,
    word: str = "attacked",
    source: str = "RUS",
    modality: Modality = "asserted",
    date: str = "2019-05-10",
    previous: str = PREVIOUS,
) -> Event:
    text = f"{previous} {TEXT}" if previous else TEXT
    start = text.index(word)
    return Event(
        id=f"{kind}{word}{modality}",
        doc_id="r1",
        date=date,
        event=kind,
        mode="",
        context=[],
        cameo="",
        quad=0,
        goldstein=0.0,
        actor=[Actor(code=source)],
        recipient=[],
        modality=modality,
        text_info=TextInfo(TEXT, 1, 0, len(text), word, Span(start, start + len(word), word)),
        confidence=0.5,
    )


def test_precision_by_type_and_by_type_and_source() -> None:
    records = [record(gold("ASSAULT"), gold("PROTEST", source="FRA"))]
    events = [
        predicted("ASSAULT"),  # right type, right source
        predicted("PROTEST", word="protested", source="DEU"),  # right type, wrong source
        predicted("SANCTION", word="Georgia"),  # wrong type
    ]
    metrics = score_silver(records, {"r1": events}).metrics
    assert metrics["asserted_predicted"] == 3
    assert metrics["asserted_precision_type"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["asserted_precision_type_source"] == pytest.approx(1 / 3, abs=1e-3)
    assert metrics["asserted_recall_type"] == 1.0


def test_only_triggers_inside_the_sentence_count() -> None:
    rec = SilverRecord("r1", TEXT, "Russia attacked Chechnya.", "2019-05-10", ())
    text = rec.coded_text
    assert text[rec.offset :] == TEXT
    in_previous = predicted("ASSAULT", previous=rec.previous)
    start = text.index("attacked")  # the first one: in the previous sentence
    assert start < rec.offset
    in_previous.text_info.trigger = Span(start, start + 8, "attacked")
    assert not in_sentence(in_previous, rec)
    metrics = score_silver([rec], {"r1": [in_previous]}).metrics
    assert metrics["asserted_predicted"] == 0
    assert metrics["relevance_fp"] == 0


def test_non_asserted_predictions_are_not_precision_errors_but_are_matched() -> None:
    records = [record(gold("ASSAULT", "historical", date="2008"))]
    events = [predicted("ASSAULT", modality="historical", date="2008-08-07")]
    metrics = score_silver(records, {"r1": events}).metrics
    assert metrics["asserted_predicted"] == 0
    assert metrics["gold_asserted"] == 0
    assert metrics["matched_events"] == 1
    assert metrics["modality_accuracy"] == 1.0
    assert metrics["date_accuracy"] == 1.0  # compared at the year


def test_wrong_modality_and_date_on_a_match() -> None:
    records = [record(gold("ASSAULT", "historical", date="2008-08"))]
    events = [predicted("ASSAULT", modality="asserted", date="2019-05-10")]
    score = score_silver(records, {"r1": events})
    assert score.metrics["modality_accuracy"] == 0.0
    assert score.metrics["date_accuracy"] == 0.0
    assert score.confusion == {"historical": {"asserted": 1}}
    # an asserted prediction against a non-asserted gold event is a false positive
    assert score.metrics["asserted_precision_type"] == 0.0
    assert score.metrics["relevance_fp"] == 1


def test_gold_without_a_date_is_not_scored_for_dates() -> None:
    records = [record(gold("ASSAULT", date=""))]
    metrics = score_silver(records, {"r1": [predicted("ASSAULT")]}).metrics
    assert metrics["matched_events"] == 1
    assert metrics["dated_matches"] == 0


def test_matching_is_one_to_one() -> None:
    records = [record(gold("ASSAULT"), gold("ASSAULT", "negated"))]
    events = [predicted("ASSAULT")]
    metrics = score_silver(records, {"r1": events}).metrics
    assert metrics["matched_events"] == 1
    assert metrics["asserted_recall_type"] == 1.0


def test_relevance_counts_sentences() -> None:
    records = [
        record(gold("ASSAULT"), rid="hit"),
        record(gold("ASSAULT"), rid="missed"),
        record(rid="quiet"),
        record(rid="noise"),
    ]
    coded = {"hit": [predicted("ASSAULT")], "noise": [predicted("COERCE")]}
    metrics = score_silver(records, coded).metrics
    assert (metrics["relevance_tp"], metrics["relevance_fp"], metrics["relevance_fn"]) == (1, 1, 1)
    assert metrics["relevance_precision"] == 0.5
    assert metrics["relevance_recall"] == 0.5
    assert metrics["relevance_f1"] == 0.5
    assert metrics["asserted_recall_type"] == 0.5


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("2019-05-10", "2019", True),
        ("2019-05-10", "2019-05", True),
        ("2019-05", "2019-05-31", True),
        ("2019-05-10", "2019-05-11", False),
        ("2019-04", "2019-05-01", False),
        ("2018", "2019-01", False),
        ("", "2019", False),
    ],
)
def test_dates_compare_at_the_coarser_precision(left: str, right: str, same: bool) -> None:
    assert same_date(left, right) is same


def test_a_silver_file_is_recognised_and_read(tmp_path: Path) -> None:
    line = {
        "id": "s1",
        "text": TEXT,
        "date": "2019-05-10",
        "previous": PREVIOUS,
        "events": [
            {
                "event": "ASSAULT",
                "mode": None,
                "source": ["RUS"],
                "target": ["GEO"],
                "source_sector": ["MIL"],
                "target_sector": [],
                "modality": "asserted",
                "event_date": None,
                "trigger": "attacked",
            }
        ],
    }
    silver = tmp_path / "silver.jsonl"
    silver.write_text(json.dumps(line) + "\n" + json.dumps({**line, "events": []}) + "\n")
    plain = tmp_path / "gold.jsonl"
    plain.write_text(json.dumps({"id": "g1", "text": TEXT, "events": [{"event": "ASSAULT"}]}))
    assert _silver_file(silver) and not _silver_file(plain)
    first, second = read_silver(silver)
    assert first.coded_text == f"{PREVIOUS} {TEXT}" and first.offset == len(PREVIOUS) + 1
    assert first.events[0].event_date == "" and first.events[0].target == ("GEO",)
    assert second.events == ()
