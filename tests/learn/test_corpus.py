"""The training-corpus readers, on small files written here in the shapes of ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

from detente.learn.corpus import (
    NO_EVENT,
    Example,
    actor_spans,
    case2021,
    gold_events,
    merge,
    pentaclass,
    text_key,
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_pentaclass_class_zero_is_no_event(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": "Officials said little.", "quad": 0},
        {"id": "b", "text": "Troops shelled the town.", "quad": 4},
    ]
    path = write(tmp_path / "p.jsonl", "\n".join(json.dumps(r) for r in rows))
    first, second = pentaclass(path)
    assert (first.quad, first.event) == (0, NO_EVENT)
    assert (second.quad, second.event) == (4, None)  # the type of a quad-4 sentence is unknown


def test_gold_events_take_the_labelled_plover_type(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a",
            "text": "Zembla accused Borduria of spying.",
            "events": [{"event": "ACCUSE", "source": ["ZEM"], "target": ["BOR"]}],
        },
        {"id": "b", "text": "Zembla made a statement.", "events": [{"event": None}]},
    ]
    path = write(tmp_path / "g.jsonl", "\n".join(json.dumps(r) for r in rows))
    accuse, statement = gold_events(path, "plover_gsr")
    assert accuse.event == "ACCUSE" and statement.event is None


def test_actor_spans_keep_reciprocal_roles(tmp_path: Path) -> None:
    conll = "Zembla B-R\nand I-R\nBorduria I-R\nmet O\n. O\n\nRebels B-S\nhit O\nit B-T\n"
    first, second = actor_spans(write(tmp_path / "s.conll", conll))
    assert first.roles == ("R", "R", "R", "O", "O")
    assert second.words == ("Rebels", "hit", "it") and second.roles == ("S", "O", "T")


def test_case_subtypes_map_through_the_table_and_unmapped_ones_are_left_out(tmp_path: Path) -> None:
    tsv = "id\tEventSnippet\tSubType\n1\tJets bombed a bridge.\tAIR_STRIKE\n2\tA note.\tDIPLO\n"
    (example,) = case2021(write(tmp_path / "c.tsv", tsv))
    assert (example.event, example.quad) == ("ASSAULT", 4)


def test_merge_joins_the_labels_of_one_sentence_from_two_files() -> None:
    quad = Example("Rebels hit the town.", "pentaclass", quad=4)
    roles = Example("Rebels hit the town .", "spans", words=("Rebels",), roles=("S",))
    (merged,) = merge([quad, roles])
    assert merged.quad == 4 and merged.roles == ("S",) and merged.source == "pentaclass"


def test_folds_follow_the_text_and_other_sources_always_train() -> None:
    a = Example("Rebels hit the town.", "pentaclass")
    b = Example("rebels hit the town", "spans")
    assert text_key(a.text) == text_key(b.text) and a.fold(5) == b.fold(5) >= 0
    assert Example("Rebels hit the town.", "synthetic").fold(5) == -1
