"""On real news (Wikinews 2019), high-severity flags are rare, and docs list them all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.analysis.check import check_articles
from detente.articles import ReadProblem, iter_articles

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT.parent / "shared" / "data" / "corpus" / "wikinews_2019" / "wikinews_2019.csv"
DOC = ROOT / "docs" / "flags-wikinews.md"


@pytest.mark.slow
def test_wikinews_high_flags_are_rare_and_documented() -> None:
    if not CSV.exists():
        pytest.skip(f"{CSV} is not here")
    articles = [a for a in iter_articles([CSV]) if not isinstance(a, ReadProblem)]
    assert len(articles) == 171
    results = list(check_articles(articles))
    high = [r for r in results if any(f.severity == "high" for f in r.flags)]
    assert len(high) < 0.05 * len(articles), [r.article.id for r in high]
    total = sum(len(r.flags) for r in results)
    documented = re.search(r"^- flags: (\d+)$", DOC.read_text(encoding="utf-8"), re.M)
    assert documented is not None
    assert int(documented.group(1)) == total, "re-run scripts/flag_report.py"
