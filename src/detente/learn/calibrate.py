"""Calibrate event confidence: a logistic map (Platt scaling) from the model's raw score
of an event (p(event) x the type's share) to the probability that its type is right.

Fitted on the development gold files that label event types (PLOVER GSR,
PETRARCH-2), coded with out-of-fold scores so that no sentence is scored by a
model that saw it. The reported calibration is cross-fitted (each record's events
are scored by a map fitted on the other folds); the map saved beside the model is
fitted on all of them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CALIBRATION_FILE = "calibration.json"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def features(raw: float) -> list[float]:
    return [1.0, _logit(raw)]


@dataclass(frozen=True, slots=True)
class Calibration:
    weights: tuple[float, ...]

    def __call__(self, raw: float) -> float:
        z = sum(w * x for w, x in zip(self.weights, features(raw), strict=True))
        return round(1 / (1 + math.exp(-z)), 3)

    @classmethod
    def read(cls, folder: Path) -> Calibration | None:
        path = folder / CALIBRATION_FILE
        if not path.exists():
            return None
        return cls(tuple(json.loads(path.read_text())["weights"]))


def fit(rows: Sequence[tuple[float, bool]], *, l2: float = 1.0, steps: int = 50) -> Calibration:
    """Logistic regression by Newton's method with a small L2 penalty (no bias penalty)."""
    import numpy as np

    x = np.array([features(raw) for raw, _ in rows], dtype=float)
    y = np.array([float(ok) for _, ok in rows])
    w = np.zeros(x.shape[1])
    penalty = np.eye(x.shape[1]) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty @ w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(tuple(float(v) for v in w))


def cross_fitted(
    groups: Sequence[Sequence[tuple[float, bool]]], *, folds: int = 5
) -> list[tuple[float, bool]]:
    """Each group's (a record's) events scored by a map fitted on the other folds."""
    out: list[tuple[float, bool]] = []
    for fold in range(folds):
        train = [row for i, group in enumerate(groups) if i % folds != fold for row in group]
        if not train:
            continue
        calibration = fit(train)
        for i, group in enumerate(groups):
            if i % folds == fold:
                out += [(calibration(raw), ok) for raw, ok in group]
    return out


def calibrate_model(folder: Path, gold: Sequence[Path]) -> dict[str, object]:
    """Fit the calibration of the model in `folder` on gold files coded with its
    out-of-fold scores; writes calibration.json beside the model and returns it."""
    import dataclasses

    from detente.evaluate.gold import calibration, context, expected_calibration_error, read_gold
    from detente.pipeline import article_from_text, code_articles
    from detente.settings import default_settings

    settings = dataclasses.replace(default_settings(), sentence_model=str(folder))
    ctx = dataclasses.replace(context(settings, cv=True), calibration=None)
    groups: list[list[tuple[float, bool]]] = []
    for path in gold:
        records = list(read_gold(path))
        articles = [article_from_text(r.text, doc_id=r.id, date=r.date) for r in records]
        coded = {a.id: events for a, events in code_articles(articles, ctx=ctx)}
        for record in records:
            wanted = {g.event for g in record.events or () if g.event}
            groups.append(
                [
                    (e.confidence, e.event in wanted)
                    for e in coded.get(record.id, [])
                    if e.modality == "asserted"
                ]
            )
    rows = [row for group in groups for row in group]
    checked = cross_fitted(groups)
    result: dict[str, object] = {
        "weights": list(fit(rows).weights),
        "fitted_on": [p.name for p in gold],
        "events": len(rows),
        "raw": calibration(rows),
        "raw_ece": expected_calibration_error(calibration(rows)),
        "cross_fitted": calibration(checked),
        "cross_fitted_ece": expected_calibration_error(calibration(checked)),
    }
    (folder / CALIBRATION_FILE).write_text(json.dumps(result, indent=2) + "\n")
    return result
