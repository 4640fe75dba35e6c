"""Organisation codes have names: UNO is the United Nations (issue 13)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from detente.actors.orgs import ORG_NAMES, org_name

ROOT = Path(__file__).resolve().parents[2]


def test_igo_codes_have_the_names_readers_expect() -> None:
    assert org_name("UNO") == "United Nations"
    assert org_name("NAT") == "NATO"
    assert org_name("EEC") == "European Union"
    assert org_name("wto") == "World Trade Organization (WTO)"
    assert org_name("") == "" and org_name("ZZZ") == ""


def test_org_names_are_generated_from_the_sources() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_org_names", ROOT / "scripts" / "build_org_names.py"
    )
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    if not script.DEFAULT_MANUAL.exists():
        pytest.skip("../shared/data is not beside the repository")
    text = script.render(
        script.DEFAULT_MANUAL.read_text(encoding="utf-8", errors="replace"),
        script.DEFAULT_KB.read_text(encoding="utf-8").splitlines(),
    )
    assert ORG_NAMES.read_text(encoding="utf-8") == text, "run scripts/build_org_names.py"
