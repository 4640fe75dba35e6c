"""A store coded from the real example articles (plus one hostile article) for web tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.articles import ReadOptions
from detente.ingest import ingest
from detente.store import open_store
from detente.web import create_app

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "articles"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# Written for these tests: markup in the title and body of an otherwise ordinary article.
HOSTILE = f"""World
Moscow and Beijing {SCRIPT} talks {IMG}

Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday {SCRIPT}.
China criticised Japan {IMG} over its defence budget on Monday.
"""


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "articles" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE, encoding="utf-8")
    db = str(folder / "web.db")
    with open_store(db) as store:
        ingest([EXAMPLES], store=store)
        if SHARED_EXAMPLES.is_dir():
            ingest(
                [SHARED_EXAMPLES],
                store=store,
                options=ReadOptions(default_date=dt.date(2023, 10, 16)),
            )
        ingest(
            [hostile.parent], store=store, options=ReadOptions(default_date=dt.date(2023, 10, 30))
        )
    return db


@pytest.fixture(scope="session")
def client(store_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(store_path)) as test_client:
        yield test_client
