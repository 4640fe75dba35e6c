"""Names of organisation codes: `org_name("UNO")` is "United Nations".

The table is `data/org_names.tsv`, built by `scripts/build_org_names.py` from the
knowledge base and the CAMEO manual (see data/SOURCES.md).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

ORG_NAMES = Path(__file__).parent / "data" / "org_names.tsv"


@cache
def org_names() -> dict[str, str]:
    with ORG_NAMES.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle, delimiter="\t")}


def org_name(code: str) -> str:
    """The organisation's name, or "" for an empty or unknown code."""
    return org_names().get(code.upper(), "") if code else ""
