"""Offices held by one person per country at a time, and the titles that name them.

One table (data/offices.tsv) maps a title to the office key of the knowledge base's
roles ("Minister of Foreign Affairs" -> "foreign minister"): the consistency checks
compare a title in an article with the office holder of the article's date.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

OFFICES_FILE = Path(__file__).parent / "data" / "offices.tsv"
# words before a title that say the office is past ("former President X", "the late king")
FORMER_WORDS = frozenset({"former", "ex", "ex-", "then", "late", "erstwhile", "onetime", "one-time"})


@lru_cache(maxsize=1)
def office_titles() -> dict[str, str]:
    """title (lower case) -> office, from data/offices.tsv."""
    titles: dict[str, str] = {}
    for line in OFFICES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            office, variants = line.split("\t")[:2]
            for variant in variants.split("|"):
                titles[" ".join(variant.lower().split())] = office
    return titles


def office_of(title: str) -> str:
    """The office a title names exactly ("Foreign Minister" -> "foreign minister"), else ""."""
    return office_titles().get(" ".join(title.lower().replace("-", " ").split()), "")
