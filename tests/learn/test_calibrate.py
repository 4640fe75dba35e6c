"""Platt scaling of event confidence: fitted maps are monotone and fix a biased score."""

from __future__ import annotations

import random

from detente.evaluate.gold import calibration, expected_calibration_error
from detente.learn.calibrate import cross_fitted, fit


def biased_rows(n: int = 2000) -> list[tuple[float, bool]]:
    """Scores that are far too low: the truth is sqrt(score)."""
    rng = random.Random(7)
    rows = []
    for _ in range(n):
        raw = rng.uniform(0.01, 0.99)
        rows.append((raw, rng.random() < raw**0.5))
    return rows


def test_fit_is_monotone_and_lowers_the_calibration_error() -> None:
    rows = biased_rows()
    mapped = fit(rows)
    assert mapped(0.1) < mapped(0.5) < mapped(0.9)
    before = expected_calibration_error(calibration(rows))
    after = expected_calibration_error(calibration([(mapped(r), ok) for r, ok in rows]))
    assert before > 0.1 and after < before / 2


def test_cross_fitting_scores_every_row_once() -> None:
    rows = biased_rows(500)
    groups = [rows[i : i + 5] for i in range(0, len(rows), 5)]
    checked = cross_fitted(groups)
    assert len(checked) == len(rows)
    assert sorted(ok for _, ok in checked) == sorted(ok for _, ok in rows)
