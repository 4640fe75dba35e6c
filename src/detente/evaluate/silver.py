"""Score the coder on real news sentences as they come (wikinews_silver).

A silver record is one sentence of a news article with *every* PLOVER event
it reports, each with its modality and its own date, and the sentence before
it (context for pronouns, not annotated). The scoring (issue 16):

- each sentence is coded with its previous sentence in front, as one text
  (previous + " " + sentence) dated by the record's date; only events whose
  trigger starts inside the sentence count;
- an asserted predicted event is right when a gold asserted event of the
  sentence has its type (`asserted_precision_type`) and, stricter, also
  shares a source code (`asserted_precision_type_source`); a gold asserted
  event is found when an asserted predicted event has its type
  (`asserted_recall_type`);
- relevance: does the sentence report at least one asserted event;
- predicted events of any modality are matched one to one by type to gold
  events of any modality; on those pairs, `modality_accuracy` and
  `date_accuracy` (dates compared at the coarser of the two precisions:
  YYYY, YYYY-MM or YYYY-MM-DD; gold events with no date are not scored).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.evaluate.jsonl import read_records
from detente.records import Event

ASSERTED = "asserted"


@dataclass(frozen=True, slots=True)
class SilverEvent:
    event: str
    mode: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    modality: str
    event_date: str  # YYYY, YYYY-MM, YYYY-MM-DD or "" (not said)
    trigger: str


@dataclass(frozen=True, slots=True)
class SilverRecord:
    id: str
    text: str
    previous: str
    date: str | None
    events: tuple[SilverEvent, ...]

    @property
    def coded_text(self) -> str:
        """The text the coder reads: the previous sentence, then this one."""
        return f"{self.previous} {self.text}" if self.previous else self.text

    @property
    def offset(self) -> int:
        """Where this record's own sentence starts in `coded_text`."""
        return len(self.previous) + 1 if self.previous else 0


def _event(raw: Mapping[str, Any]) -> SilverEvent:
    return SilverEvent(
        event=str(raw["event"]),
        mode=str(raw.get("mode") or ""),
        source=tuple(str(c) for c in raw.get("source") or () if c),
        target=tuple(str(c) for c in raw.get("target") or () if c),
        modality=str(raw["modality"]),
        event_date=str(raw.get("event_date") or ""),
        trigger=str(raw.get("trigger") or ""),
    )


def is_silver(raw_events: Iterable[Mapping[str, Any]] | None) -> bool:
    """A record's events are silver when they carry their own modality."""
    return any("modality" in e for e in raw_events or ())


def read_silver(path: Path) -> list[SilverRecord]:
    return list(read_records(path, _silver_record))


def _silver_record(raw: dict[str, Any]) -> SilverRecord:
    return SilverRecord(
        id=str(raw["id"]),
        text=str(raw["text"]),
        previous=str(raw.get("previous") or ""),
        date=raw.get("date"),
        events=tuple(_event(e) for e in raw.get("events") or ()),
    )


def in_sentence(event: Event, record: SilverRecord) -> bool:
    """The event's trigger starts inside the record's own sentence."""
    trigger = event.text_info.trigger
    start = trigger.start if trigger is not None else event.text_info.start
    return start >= record.offset


def same_date(predicted: str, gold: str) -> bool:
    """Equal at the coarser of the two precisions (YYYY, YYYY-MM, YYYY-MM-DD)."""
    if not predicted or not gold:
        return False
    size = min(len(predicted), len(gold))
    return predicted[:size] == gold[:size]


def _codes(actors: Iterable[Any]) -> set[str]:
    return {a.code for a in actors if a.code}


def _pairs(
    predicted: list[Event], gold: tuple[SilverEvent, ...]
) -> list[tuple[Event, SilverEvent]]:
    """One-to-one pairs of the same type; a predicted trigger word inside the gold
    trigger phrase, then a shared source, break ties."""
    pairs: list[tuple[Event, SilverEvent]] = []
    used: set[int] = set()
    for wanted in gold:
        candidates = [
            (i, e) for i, e in enumerate(predicted) if i not in used and e.event == wanted.event
        ]
        if not candidates:
            continue

        def fit(item: tuple[int, Event], wanted: SilverEvent = wanted) -> tuple[bool, bool]:
            event = item[1]
            word = event.text_info.trigger.text if event.text_info.trigger else ""
            return (
                bool(word) and word.lower() in wanted.trigger.lower(),
                bool(_codes(event.actor) & set(wanted.source)),
            )

        index, event = max(candidates, key=fit)
        used.add(index)
        pairs.append((event, wanted))
    return pairs


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


@dataclass(slots=True)
class SilverScore:
    metrics: dict[str, float] = field(default_factory=dict)
    per_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold -> predicted modality


def score_silver(records: list[SilverRecord], coded: Mapping[str, list[Event]]) -> SilverScore:
    """Score coded events (by record id, offsets into `coded_text`) against the records."""
    counts: dict[str, int] = dict.fromkeys(
        (
            "sentences",
            "gold_asserted",
            "gold_asserted_found",
            "asserted_predicted",
            "asserted_correct_type",
            "asserted_correct_type_source",
            "relevance_tp",
            "relevance_fp",
            "relevance_fn",
            "matched_events",
            "modality_correct",
            "dated_matches",
            "date_correct",
        ),
        0,
    )
    types: dict[str, dict[str, int]] = {}
    confusion: dict[str, dict[str, int]] = {}

    def tally(kind: str, key: str) -> None:
        row = types.setdefault(kind, {"gold": 0, "found": 0, "predicted": 0, "correct": 0})
        row[key] += 1

    for record in records:
        counts["sentences"] += 1
        events = [e for e in coded.get(record.id, []) if in_sentence(e, record)]
        asserted = [e for e in events if e.modality == ASSERTED]
        gold_asserted = [g for g in record.events if g.modality == ASSERTED]
        for gold in gold_asserted:
            counts["gold_asserted"] += 1
            tally(gold.event, "gold")
            if any(e.event == gold.event for e in asserted):
                counts["gold_asserted_found"] += 1
                tally(gold.event, "found")
        for event in asserted:
            counts["asserted_predicted"] += 1
            tally(event.event, "predicted")
            same = [g for g in gold_asserted if g.event == event.event]
            if same:
                counts["asserted_correct_type"] += 1
                tally(event.event, "correct")
            if any(_codes(event.actor) & set(g.source) for g in same):
                counts["asserted_correct_type_source"] += 1
        said, truth = bool(asserted), bool(gold_asserted)
        counts["relevance_tp"] += said and truth
        counts["relevance_fp"] += said and not truth
        counts["relevance_fn"] += truth and not said
        for event, gold in _pairs(events, record.events):
            counts["matched_events"] += 1
            counts["modality_correct"] += event.modality == gold.modality
            row = confusion.setdefault(gold.modality, {})
            row[event.modality] = row.get(event.modality, 0) + 1
            if gold.event_date:
                counts["dated_matches"] += 1
                counts["date_correct"] += same_date(event.date, gold.event_date)
    precision = _ratio(counts["relevance_tp"], counts["relevance_tp"] + counts["relevance_fp"])
    recall = _ratio(counts["relevance_tp"], counts["relevance_tp"] + counts["relevance_fn"])
    metrics: dict[str, float] = {
        "asserted_precision_type": _ratio(
            counts["asserted_correct_type"], counts["asserted_predicted"]
        ),
        "asserted_precision_type_source": _ratio(
            counts["asserted_correct_type_source"], counts["asserted_predicted"]
        ),
        "asserted_recall_type": _ratio(counts["gold_asserted_found"], counts["gold_asserted"]),
        "relevance_precision": precision,
        "relevance_recall": recall,
        "relevance_f1": _f1(precision, recall),
        "modality_accuracy": _ratio(counts["modality_correct"], counts["matched_events"]),
        "date_accuracy": _ratio(counts["date_correct"], counts["dated_matches"]),
    }
    metrics.update(counts)
    per_type = {
        kind: {
            "gold": row["gold"],
            "recall": _ratio(row["found"], row["gold"]),
            "predicted": row["predicted"],
            "precision": _ratio(row["correct"], row["predicted"]),
        }
        for kind, row in sorted(types.items())
    }
    return SilverScore(metrics, per_type, confusion)
