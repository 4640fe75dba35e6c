"""Schema versions: a store written before a column existed still opens, and gains it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.errors import DetenteError
from detente.records import Article
from detente.store import Store, open_store
from detente.store.query import article_list, row_to_article, store_stats
from detente.store.schema import SCHEMA_VERSION


def _article(doc_id: str, language: str) -> Article:
    text = f"Text of {doc_id}, written for this test."
    return Article(id=doc_id, text=text, content_hash=f"hash-{doc_id}", language=language)


V3_COLUMNS = ("place_country", "place_adm1", "place_lat", "place_lon", "place_precision")


def _drop_v3(store: Store) -> None:
    """Back to the events table of schema version 2: no place columns."""
    store.execute("DROP INDEX events_place_country")
    store.execute("DROP INDEX events_place_point")
    for column in V3_COLUMNS:
        store.execute(f"ALTER TABLE events DROP COLUMN {column}")


def _make_v1(url: str) -> None:
    """A store as schema version 1 left it: no `language` column, one article in it."""
    with open_store(url) as store:
        _drop_v3(store)
        store.execute("DROP INDEX articles_language")
        store.execute("ALTER TABLE articles DROP COLUMN language")
        store.execute(
            "INSERT INTO articles(hash, doc_id, text, ingested_at) VALUES (?, ?, ?, ?)",
            ("hash-old", "old", "Stored before languages were detected.", "2024-01-01"),
        )
        store.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        store.conn.commit()


def _check_migrated(url: str) -> None:
    with open_store(url) as store:
        assert store.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == str(
            SCHEMA_VERSION
        )
        assert store.add_batch([(_article("fr-1", "fr"), []), (_article("en-1", "en"), [])]) == 2
        old = store.rows("SELECT * FROM articles WHERE doc_id = 'old'")[0]
        assert row_to_article(old).language == ""
        assert [r["doc_id"] for r in article_list(store, language="fr")] == ["fr-1"]
        assert {r["doc_id"]: r["language"] for r in article_list(store)} == {
            "old": "",
            "fr-1": "fr",
            "en-1": "en",
        }
        assert {r["value"] for r in store_stats(store)["by_language"]} == {"", "fr", "en"}
    with open_store(url) as store:  # opening again changes nothing
        assert len(article_list(store)) == 3


def test_sqlite_store_of_version_1_is_migrated(tmp_path: Path) -> None:
    url = str(tmp_path / "v1.db")
    _make_v1(url)
    with Store(url) as store:
        assert store.scalar("SELECT COUNT(*) FROM articles") == 1
    _check_migrated(url)


def test_newer_store_is_refused(tmp_path: Path) -> None:
    url = str(tmp_path / "future.db")
    with open_store(url) as store:
        store.execute(
            "UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,)
        )
        store.conn.commit()
    with pytest.raises(DetenteError, match="E402"):
        open_store(url)


@pytest.fixture
def postgres_db(postgresql_url: str) -> Iterator[str]:
    """A database of its own on the session's server, so other tests' data stays apart."""
    import psycopg

    name = f"migrate_{dt.datetime.now().strftime('%H%M%S%f')}"
    with psycopg.connect(postgresql_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield postgresql_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.mark.slow
def test_postgres_store_of_version_1_is_migrated(postgres_db: str) -> None:
    _make_v1(postgres_db)
    _check_migrated(postgres_db)


def _make_v2(url: str) -> None:
    """A store as schema version 2 left it: an event whose place is "text|ISO3"."""
    with open_store(url) as store:
        _drop_v3(store)
        store.execute(
            "INSERT INTO articles(hash, doc_id, text, ingested_at) VALUES (?, ?, ?, ?)",
            ("hash-old", "old", "Protesters were arrested in Kyiv.", "2024-01-01"),
        )
        store.execute(
            "INSERT INTO events(id, article_hash, doc_id, event, modality, sentence_index, "
            "sentence, sent_start, sent_end, trigger_start, trigger_end, trigger_text, "
            "confidence, place) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "e-old",
                "hash-old",
                "old",
                "COERCE",
                "asserted",
                0,
                "x",
                0,
                1,
                0,
                1,
                "x",
                0.5,
                "Kyiv|UKR",
            ),
        )
        store.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
        store.conn.commit()


def _check_v2_migrated(url: str) -> None:
    from detente.store.query import EventFilter, count_events, event_rows, row_to_event

    with open_store(url) as store:
        assert store.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == "3"
        assert count_events(store, EventFilter(country="UKR")) == 1
        assert count_events(store, EventFilter(place="ukr")) == 1
        assert count_events(store, EventFilter(country="RUS")) == 0
        row = event_rows(store, EventFilter(country="UKR"))[0]
        assert row["place"]["text"] == "Kyiv" and row["place"]["precision"] == 3
        place = row_to_event(row).place
        assert place is not None and place.country == "UKR" and place.lat is None


def test_sqlite_store_of_version_2_gets_place_columns(tmp_path: Path) -> None:
    url = str(tmp_path / "v2.db")
    _make_v2(url)
    _check_v2_migrated(url)


@pytest.mark.slow
def test_postgres_store_of_version_2_gets_place_columns(postgres_db: str) -> None:
    _make_v2(postgres_db)
    _check_v2_migrated(postgres_db)
    with open_store(postgres_db) as store:  # coordinates are float8, added or created
        types = store.rows(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'events' AND column_name IN ('place_lat', 'place_lon')"
        )
        assert {r["data_type"] for r in types} == {"double precision"}, types
