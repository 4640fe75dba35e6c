"""Decoding, language detection and date parsing."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.articles import detect_language, parse_date, read_text_article
from detente.articles.formats import ReadFailure, decode_bytes
from detente.errors import DetenteError


def test_decode_variants() -> None:
    assert decode_bytes("caf\u00e9".encode(), path="x") == "caf\u00e9"
    assert decode_bytes(b"\xef\xbb\xbfcaf\xc3\xa9", path="x") == "caf\u00e9"
    assert decode_bytes("caf\u00e9".encode("utf-16"), path="x") == "caf\u00e9"
    assert decode_bytes(b"\x93quoted\x94 caf\xe9", path="x") == "\u201cquoted\u201d caf\u00e9"
    assert decode_bytes(b"caf\xe9 \x81", path="x") == "caf\u00e9 \x81"  # latin-1 fallback


@pytest.mark.parametrize("data", [b"abc\x00def", bytes(range(1, 32)) * 4, b"\xff\xfe\x00\xd8"])
def test_decode_refuses(data: bytes) -> None:
    with pytest.raises(ReadFailure) as info:
        decode_bytes(data, path="x")
    assert info.value.reason in {"binary", "encoding"}


def test_language_detection() -> None:
    english = "The minister said on Monday that the two countries would hold talks in the capital."
    assert detect_language(english * 2) == "en"
    assert detect_language("Short text") == "und"
    spanish = (
        "El presidente del Gobierno se reunió este lunes con su homólogo francés en Madrid "
        "para abordar la crisis migratoria y la guerra en Ucrania, según fuentes oficiales."
    )
    assert detect_language(spanish) == "es"
    assert detect_language("Владимир Путин прибыл в Пекин") == "ru"
    assert detect_language("习近平会见普京 in Beijing") == "zh"


def test_parse_date() -> None:
    assert parse_date("2023-10-16") == dt.date(2023, 10, 16)
    assert parse_date("2023-10-16T23:30:00Z") == dt.date(2023, 10, 16)
    assert parse_date("2023-10-16 08:00:00+02:00") == dt.date(2023, 10, 16)
    assert parse_date(None) is None and parse_date("") is None
    assert parse_date(dt.date(2024, 1, 2)) == dt.date(2024, 1, 2)
    for bad in ("16/10/2023", "2023-W42-1", "2023-13-01", "yesterday", 20231016):
        with pytest.raises(DetenteError, match="E008"):
            parse_date(bad)


@given(st.text())
def test_read_text_article_never_raises(text: str) -> None:
    article = read_text_article(text, doc_id="x")
    assert article.text == article.text.strip()
    assert "\r" not in article.text
