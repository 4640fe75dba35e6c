"""Score the coder on a gold file (the format of ../shared/data/gold).

Event files: PLOVER type recall, source+target recall, CAMEO agreement, per
type. PentaClass files: the sentence's class (0 = no event, else the quad
class of its most confident asserted event), accuracy and macro-F1. Silver
files, whose events carry their own modality and date, are scored by
`detente.evaluate.silver` (precision on sentences as they come, date and
modality accuracy).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.coding.coder import CodingContext
from detente.coding.lexicon import load_lexicon
from detente.coding.sentence_model import MODEL_DIR, OOF_FILE, OutOfFold, load_sentence_model
from detente.evaluate.jsonl import read_records
from detente.evaluate.silver import is_silver, read_silver, score_silver
from detente.pipeline import article_from_text, code_articles, make_context, model_folder
from detente.records import Article, Event
from detente.settings import Settings, default_settings


@dataclass(frozen=True, slots=True)
class GoldEvent:
    event: str | None
    cameo: str | None
    quad: int | None
    source: tuple[str, ...]
    target: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    events: tuple[GoldEvent, ...] | None
    quad: int | None


def read_gold(path: Path) -> Iterator[GoldRecord]:
    return read_records(path, _gold_record)


def _gold_record(raw: dict[str, Any]) -> GoldRecord:
    events = None
    if raw.get("events") is not None:
        events = tuple(
            GoldEvent(
                e.get("event"),
                e.get("cameo"),
                e.get("quad"),
                tuple(e.get("source") or ()),
                tuple(e.get("target") or ()),
            )
            for e in raw["events"]
        )
    return GoldRecord(str(raw["id"]), str(raw["text"]), raw.get("date"), events, raw.get("quad"))


@dataclass(slots=True)
class TypeScore:
    gold: int = 0
    found: int = 0  # gold events whose type was coded
    predicted: int = 0
    correct_predicted: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "recall": _ratio(self.found, self.gold),
            "predicted": self.predicted,
            "precision": _ratio(self.correct_predicted, self.predicted),
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


@dataclass(slots=True)
class EvalResult:
    path: str
    records: int = 0
    metrics: dict[str, float] = field(default_factory=dict)
    per_type: dict[str, dict[str, Any]] = field(default_factory=dict)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    calibration: list[dict[str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "records": self.records,
            "metrics": self.metrics,
            "per_type": self.per_type,
            "confusion": self.confusion,
            "calibration": self.calibration,
        }


def calibration(pairs: list[tuple[float, bool]], bins: int = 5) -> list[dict[str, float]]:
    """Reliability of `confidence`: per confidence bin, the share of events that are right."""
    table = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (index == bins - 1 and c == 1)]
        if inside:
            table.append(
                {
                    "from": low,
                    "to": high,
                    "events": len(inside),
                    "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 3),
                    "right": round(sum(ok for _, ok in inside) / len(inside), 3),
                }
            )
    return table


def expected_calibration_error(table: list[dict[str, float]]) -> float:
    total = sum(row["events"] for row in table)
    gaps = sum(row["events"] * abs(row["mean_confidence"] - row["right"]) for row in table)
    return round(gaps / total, 4) if total else 0.0


def _codes(actors: list[Any]) -> set[str]:
    return {a.code for a in actors if a.code}


def _covers(event: Event, gold: GoldEvent) -> bool:
    """Gold source and target are among the event's actors and recipients.

    A symmetric event ("A and B agreed", no recipient) covers a gold target
    that is among its actors.
    """
    actors, recipients = _codes(event.actor), _codes(event.recipient)
    return set(gold.source) <= actors and set(gold.target) <= (recipients or actors)


def sentence_class(events: list[Event]) -> int:
    """PentaClass label of a sentence: the Phoenix class of its most confident
    asserted event (0 = statement or no event)."""
    lexicon = load_lexicon()
    asserted = [e for e in events if e.modality == "asserted" and e.quad]
    if not asserted:
        return 0
    best = max(asserted, key=lambda e: (e.confidence, e.quad))
    scale = lexicon.scale(best.cameo)
    return scale.pentaclass if scale else best.quad


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def _macro_f1(pairs: list[tuple[int, int]], labels: list[int]) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def _silver_file(path: Path) -> bool:
    """Some record's events carry their own modality (wikinews_silver)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                raw = json.loads(line)
            except ValueError:
                continue  # read_gold reports it
            if isinstance(raw, dict) and is_silver(raw.get("events")):
                return True
    return False


def context(settings: Settings | None, *, cv: bool) -> CodingContext:
    """The coding context of an evaluation; with `cv`, development sentences are scored
    by the fold model that did not see them (the out-of-fold scores beside the model)."""
    settings = settings or default_settings()
    if not cv or settings.sentence_model == "off":
        return make_context(settings)
    folder = model_folder(settings) or MODEL_DIR
    # A sentence no fold held out (not a development sentence) gets the final model.
    oof = OutOfFold.read(folder / OOF_FILE, load_sentence_model(str(folder)))
    return make_context(settings, scorer=oof)


Progress = Callable[[int, int], None]  # (sentences coded, sentences in all)


def _code_all(
    articles: Sequence[Article], ctx: CodingContext, progress: Progress | None
) -> dict[str, list[Event]]:
    coded: dict[str, list[Event]] = {}
    for done, (article, events) in enumerate(code_articles(articles, ctx=ctx), 1):
        coded[article.id] = events
        if progress is not None:
            progress(done, len(articles))
    return coded


def _count_fallbacks(result: EvalResult, ctx: CodingContext) -> None:
    """With out-of-fold scores: how many sentences no fold held out (scored by the
    final model; for silver records, mostly their previous sentences)."""
    if isinstance(ctx.scorer, OutOfFold):
        result.metrics["cv_fallback_sentences"] = ctx.scorer.misses


def evaluate_silver(
    path: Path,
    *,
    settings: Settings | None = None,
    cv: bool = False,
    progress: Progress | None = None,
) -> EvalResult:
    """Code each silver sentence with its previous sentence in front and score it."""
    records = read_silver(path)
    ctx = context(settings, cv=cv)
    articles = [article_from_text(r.coded_text, doc_id=r.id, date=r.date) for r in records]
    coded = _code_all(articles, ctx, progress)
    score = score_silver(records, coded)
    result = EvalResult(
        path=str(path),
        records=len(records),
        metrics=score.metrics,
        per_type=score.per_type,
        confusion=score.confusion,
    )
    _count_fallbacks(result, ctx)
    return result


def evaluate(
    path: Path,
    *,
    settings: Settings | None = None,
    cv: bool = False,
    progress: Progress | None = None,
) -> EvalResult:
    """Code every gold sentence and score the result (`cv`: see `context`);
    `progress` is called as sentences are coded."""
    if _silver_file(path):
        return evaluate_silver(path, settings=settings, cv=cv, progress=progress)
    records = list(read_gold(path))
    ctx = context(settings, cv=cv)
    articles = [article_from_text(r.text, doc_id=r.id, date=r.date) for r in records]
    coded = _code_all(articles, ctx, progress)
    result = EvalResult(path=str(path), records=len(records))
    _count_fallbacks(result, ctx)
    types: dict[str, TypeScore] = {}
    totals = Counter[str]()
    pairs: list[tuple[int, int]] = []
    confidences: list[tuple[float, bool]] = []  # an asserted event's confidence, type right
    for record in records:
        events = [e for e in coded.get(record.id, []) if e.modality == "asserted"]
        if record.quad is not None:
            pairs.append((int(record.quad), sentence_class(coded.get(record.id, []))))
        if record.events is None:
            continue
        totals["sentences"] += 1
        predicted_types = {e.event for e in events}
        for gold in record.events:
            totals["gold_events"] += 1
            if gold.event:
                score = types.setdefault(gold.event, TypeScore())
                score.gold += 1
                same = [e for e in events if e.event == gold.event]
                if same:
                    score.found += 1
                    totals["type_found"] += 1
                    # how many of the coded sides' codes are the gold ones
                    actors, recipients = _codes(same[0].actor), _codes(same[0].recipient)
                    totals["actor_codes"] += len(actors)
                    totals["actor_codes_right"] += len(actors & set(gold.source))
                    if gold.target:
                        totals["recipient_codes"] += len(recipients)
                        totals["recipient_codes_right"] += len(recipients & set(gold.target))
                if any(_covers(e, gold) for e in same):
                    totals["type_actors_found"] += 1
                if any(_covers(e, gold) for e in events):
                    totals["actors_found"] += 1
            if gold.cameo:
                totals["cameo_gold"] += 1
                if any(e.cameo == gold.cameo for e in events):
                    totals["cameo_exact"] += 1
                if any(e.cameo[:2] == gold.cameo[:2] for e in events):
                    totals["cameo_root"] += 1
                if any(e.cameo[:2] == gold.cameo[:2] and _covers(e, gold) for e in events):
                    totals["cameo_root_actors"] += 1
            if gold.quad:
                totals["quad_gold"] += 1
                totals["quad_found"] += any(e.quad == gold.quad for e in events)
        gold_types = {g.event for g in record.events if g.event}
        confidences += [(e.confidence, e.event in gold_types) for e in events]
        for event_type in predicted_types:
            score = types.setdefault(event_type, TypeScore())
            score.predicted += 1
            score.correct_predicted += event_type in gold_types
        totals["predicted_events"] += len(events)
        totals["sentences_with_prediction"] += bool(events)
    if totals["gold_events"]:
        predicted = sum(s.predicted for s in types.values())
        correct = sum(s.correct_predicted for s in types.values())
        result.metrics.update(
            {
                "type_recall": _ratio(totals["type_found"], totals["gold_events"]),
                "type_precision": _ratio(correct, predicted),
                "type_f1": _f1(
                    _ratio(correct, predicted), _ratio(totals["type_found"], totals["gold_events"])
                ),
                "source_target_recall": _ratio(totals["actors_found"], totals["gold_events"]),
                "type_source_target_recall": _ratio(
                    totals["type_actors_found"], totals["gold_events"]
                ),
                "actor_code_precision": _ratio(totals["actor_codes_right"], totals["actor_codes"]),
                "recipient_code_precision": _ratio(
                    totals["recipient_codes_right"], totals["recipient_codes"]
                ),
                "sentence_coverage": _ratio(
                    totals["sentences_with_prediction"], totals["sentences"]
                ),
            }
        )
        if totals["cameo_gold"]:
            result.metrics.update(
                {
                    "cameo_exact_recall": _ratio(totals["cameo_exact"], totals["cameo_gold"]),
                    "cameo_root_recall": _ratio(totals["cameo_root"], totals["cameo_gold"]),
                    "cameo_root_actors_recall": _ratio(
                        totals["cameo_root_actors"], totals["cameo_gold"]
                    ),
                }
            )
        if totals["quad_gold"]:
            result.metrics["quad_recall"] = _ratio(totals["quad_found"], totals["quad_gold"])
        result.per_type = {k: v.to_dict() for k, v in sorted(types.items())}
        result.calibration = calibration(confidences)
        result.metrics["confidence_ece"] = expected_calibration_error(result.calibration)
    if pairs:
        labels = sorted({g for g, _ in pairs})
        result.metrics.update(
            {
                "pentaclass_accuracy": _ratio(sum(g == p for g, p in pairs), len(pairs)),
                "pentaclass_macro_f1": _macro_f1(pairs, labels),
            }
        )
        result.confusion = {
            str(g): {str(p): sum(1 for a, b in pairs if a == g and b == p) for p in labels}
            for g in labels
        }
    return result
