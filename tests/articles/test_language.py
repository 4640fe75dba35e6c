"""The language of an article: detected with py3langid, stored, and reported by `detente read`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.articles import ReadOptions, detect_language, iter_articles
from detente.cli import main
from detente.records import Article

# Written for these tests: short news-like paragraphs in three languages.
FRENCH = (
    "Sommet à Rabat\n\n"
    "La ministre des Affaires étrangères du Maroc a reçu jeudi son homologue espagnol pour "
    "préparer un accord sur la pêche et la surveillance des côtes. Les deux gouvernements "
    "souhaitent conclure les négociations avant la fin de l'année, a indiqué un porte-parole."
)
RUSSIAN = (
    "Переговоры в Ереване\n\n"
    "Министр иностранных дел Армении в среду принял делегацию из Казахстана. Стороны "
    "обсудили строительство новой железной дороги и поставки зерна, сообщило ведомство."
)
ENGLISH = (
    "Talks in Nairobi\n\n"
    "Kenya's foreign minister hosted his Ethiopian counterpart on Tuesday to discuss water "
    "sharing on the Omo river and a new trade corridor, officials in Nairobi said."
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in (("fr", FRENCH), ("ru", RUSSIAN), ("en", ENGLISH)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    return tmp_path


def test_detect_language() -> None:
    assert detect_language(FRENCH) == "fr"
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language(ENGLISH) == "en"
    assert detect_language("俄罗斯总统抵达北京，与中国国家主席举行会谈。") == "zh"
    # too short to tell: undetermined, and so never skipped as foreign
    assert detect_language("Lavrov in Ankara") == "und"
    assert detect_language("") == "und"


def test_articles_carry_their_language(folder: Path) -> None:
    items = list(iter_articles([folder], options=ReadOptions(skip_non_english=False)))
    assert {a.id: a.language for a in items if isinstance(a, Article)} == {
        "en": "en",
        "fr": "fr",
        "ru": "ru",
    }


def test_read_skips_and_names_foreign_languages(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", str(folder)]) == 1  # a skipped input is reported, as before
    out, err = capsys.readouterr()
    assert out.startswith("en\t") and out.rstrip().endswith("language: en")
    assert "fr.txt is in French (fr), not English" in err
    assert "ru.txt is in Russian (ru), not English" in err
    assert "(not-english)" in err


def test_read_reports_each_language(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["read", str(folder), "--json", "--keep-non-english"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["id"]: line["language"] for line in lines} == {"en": "en", "fr": "fr", "ru": "ru"}
