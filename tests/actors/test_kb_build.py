"""The actor knowledge base shipped in detente/actors/data (built by scripts/build_kb.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src/detente/actors/data"
SHARED = ROOT.parent / "shared" / "data"


@cache
def kb() -> dict[str, dict[str, Any]]:
    with (DATA / "kb.jsonl").open(encoding="utf-8") as fh:
        return {ent["id"]: ent for ent in map(json.loads, fh)}


def by_alias(alias: str, kind: str | None = None) -> list[dict[str, Any]]:
    low = alias.lower()
    return [
        e
        for e in kb().values()
        if (kind is None or e["kind"] == kind) and any(a.lower() == low for a in e["aliases"])
    ]


def roles_on(ent: dict[str, Any], date: str) -> list[dict[str, str]]:
    """Dated roles valid on `date`, else the undated defaults."""
    dated = [
        r
        for r in ent["roles"]
        if (r["start"] or r["end"]) and (r["start"] or "0000") <= date <= (r["end"] or "9999")
    ]
    return dated or [r for r in ent["roles"] if not (r["start"] or r["end"])]


def test_ids_sorted_unique_and_kinds_known() -> None:
    lines = (DATA / "kb.jsonl").read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    kinds = {e["kind"] for e in kb().values()}
    assert kinds == {"country", "person", "org", "group", "institution"}
    assert (DATA / "kb.jsonl").stat().st_size < 15_000_000


def test_putin_is_russian_government_in_2023() -> None:
    putin = kb()["Q7747"]
    assert "Putin" in putin["aliases"]
    assert any(
        r["country"] == "RUS" and r["sector"] == "GOV" for r in roles_on(putin, "2023-10-16")
    )


def test_lavrov_is_foreign_minister_in_2023() -> None:
    (lavrov,) = by_alias("Sergei Lavrov", "person")
    assert lavrov in by_alias("Sergey Lavrov", "person")
    assert any(
        r["country"] == "RUS" and r["sector"] == "GOV" and r["title"] == "Foreign Minister"
        for r in roles_on(lavrov, "2023-10-16")
    )


def test_taliban_rebels_then_government() -> None:
    (taliban,) = by_alias("Taliban", "group")
    assert {(r["country"], r["sector"]) for r in roles_on(taliban, "2019-06-01")} == {
        ("AFG", "REB")
    }
    assert {(r["country"], r["sector"]) for r in roles_on(taliban, "2022-01-01")} == {
        ("AFG", "GOV")
    }


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Burma", "MMR"),
        ("Soviet Union", "SUN"),
        ("Ivory Coast", "CIV"),
        ("Britain", "GBR"),
        ("U.S.", "USA"),
    ],
)
def test_country_aliases(alias: str, code: str) -> None:
    assert [e["id"] for e in by_alias(alias, "country")] == [code]


def test_country_adjectives_and_capitals() -> None:
    rus = kb()["RUS"]
    assert {"Russian", "Russians"} <= set(rus["adjectives"])
    assert "Moscow" in rus["capitals"]


def test_un_is_igo_uno() -> None:
    (un,) = by_alias("UN", "org")
    assert {(r["country"], r["org"]) for r in un["roles"]} == {("IGO", "UNO")}


@pytest.mark.parametrize(
    "alias",
    [
        "NATO",
        "EU",
        "African Union",
        "ASEAN",
        "SCO",
        "BRICS",
        "OPEC",
        "IMF",
        "World Bank",
        "WHO",
        "ICC",
        "IAEA",
        "Arab League",
        "OSCE",
        "Amnesty International",
        "Human Rights Watch",
        "Red Cross",
        "MSF",
    ],
)
def test_required_organisations(alias: str) -> None:
    assert len(by_alias(alias, "org")) == 1


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Kremlin", "RUS"),
        ("White House", "USA"),
        ("Pentagon", "USA"),
        ("Downing Street", "GBR"),
        ("Élysée", "FRA"),
        ("Zhongnanhai", "CHN"),
    ],
)
def test_institutions(alias: str, code: str) -> None:
    (inst,) = by_alias(alias, "institution")
    assert inst["roles"][0]["country"] == code


def test_agents() -> None:
    agents: dict[str, str] = {}
    for line in (DATA / "agents.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, sector, _source = line.split("\t")
            agents[word] = sector
    assert agents["troops"] == "MIL"
    assert agents["police"] == "COP"
    assert agents["rebels"] == "REB"
    assert agents["lawmaker"] == "LEG"
    assert not [w for w in agents if len(w) < 3 or w != w.lower()]


@pytest.mark.slow
def test_build_is_reproducible(tmp_path: Path) -> None:
    if not (SHARED / "kb").is_dir():
        pytest.skip(f"reference data not found at {SHARED}; cannot rebuild the knowledge base")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/build_kb.py"),
            "--data",
            str(SHARED),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    for name in ("kb.jsonl", "agents.tsv", "SOURCES.md"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
