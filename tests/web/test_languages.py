"""The language of each stored article: `language` filter of /api/articles, shown on pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from detente.articles import ReadOptions, iter_articles
from detente.records import Article
from detente.store import open_store
from detente.web import create_app

# Written for this test.
TEXTS = {
    "accord-peche": (
        "Accord de pêche\n\nLe Sénégal et la Mauritanie ont signé lundi à Dakar un accord "
        "qui autorise les pêcheurs des deux pays à travailler dans leurs eaux respectives."
    ),
    "granitsa": (
        "Граница открыта\n\nГрузия и Армения во вторник открыли новый пограничный переход, "
        "сообщили правительства двух стран после встречи министров в Тбилиси."
    ),
    "border-opens": (
        "Border opens\n\nGeorgia and Armenia opened a new border crossing on Tuesday, the two "
        "governments said after their ministers met in Tbilisi."
    ),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("languages")
    for name, text in TEXTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    read = iter_articles([folder], options=ReadOptions(skip_non_english=False))
    articles = [a for a in read if isinstance(a, Article)]
    db = str(folder / "languages.db")
    with open_store(db) as store:
        assert store.add_batch([(a, []) for a in articles]) == 3  # stored as read, not coded
    with TestClient(create_app(db)) as test_client:
        yield test_client


def test_language_filter(client: TestClient) -> None:
    rows = client.get("/api/articles").json()["articles"]
    assert {r["doc_id"]: r["language"] for r in rows} == {
        "accord-peche": "fr",
        "granitsa": "ru",
        "border-opens": "en",
    }
    french = client.get("/api/articles", params={"language": "fr"}).json()["articles"]
    assert [r["doc_id"] for r in french] == ["accord-peche"]
    csv = client.get("/api/articles", params={"language": "ru", "format": "csv"}).text
    assert "granitsa" in csv and "accord-peche" not in csv


def test_pages_show_the_language(client: TestClient) -> None:
    page = client.get("/articles", params={"language": "ru"}).text
    assert "granitsa" in page and "accord-peche" not in page
    assert "language: fr" in client.get("/article/accord-peche").text
    assert client.get("/article/accord-peche.json").json()["article"]["language"] == "fr"
