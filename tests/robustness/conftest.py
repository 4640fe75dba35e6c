"""Fixtures for the robustness tests (helpers live in mixed_inputs.py)."""

from __future__ import annotations

import pytest
from mixed_inputs import Mixed, build_mixed_folder, build_web_store


@pytest.fixture(scope="session")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Mixed:
    return build_mixed_folder(tmp_path_factory.mktemp("mixed") / "inputs")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_web_store(tmp_path_factory.mktemp("hostile-web"))
