"""Shared inputs of the analysis tests: the example article and the example reports."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from detente.analysis.check import ArticleCheck, check_articles
from detente.articles import ReadProblem, iter_articles

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
EXAMPLE = SHARED / "examples" / "putin-beijing-visit.txt"
REPORTS = ROOT / "examples" / "reports"


@pytest.fixture(scope="session")
def example_check() -> ArticleCheck:
    if not EXAMPLE.exists():
        pytest.skip(f"{EXAMPLE} is not here")
    (article,) = [a for a in iter_articles([EXAMPLE]) if not isinstance(a, ReadProblem)]
    article = dataclasses.replace(article, published=dt.date(2023, 10, 16))
    return next(check_articles([article]))
