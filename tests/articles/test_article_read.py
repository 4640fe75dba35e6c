"""iter_articles over real files written to a temp folder."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.records import Article

EXAMPLES = Path(__file__).parents[2] / "examples" / "articles"
SHARED_EXAMPLES = Path(__file__).parents[3] / "shared" / "examples"

BODY = (
    "Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo "
    "on Tuesday, and the two leaders agreed to deepen defence cooperation in the region."
)


def _read(*paths: Path, **options: object) -> list[Article | ReadProblem]:
    return list(iter_articles(paths, options=ReadOptions(**options)))  # type: ignore[arg-type]


def _articles(items: list[Article | ReadProblem]) -> list[Article]:
    return [x for x in items if isinstance(x, Article)]


def _problems(items: list[Article | ReadProblem]) -> list[ReadProblem]:
    return [x for x in items if isinstance(x, ReadProblem)]


def test_bundled_examples_with_dates_tsv() -> None:
    items = _read(EXAMPLES)
    assert not _problems(items)
    articles = {a.id: a for a in _articles(items)}
    assert len(articles) >= 4
    assert articles["india-japan-talks"].published == dt.date(2024, 3, 5)
    assert articles["india-japan-talks"].path == str(EXAMPLES / "india-japan-talks.txt")
    assert all(
        a.published is not None and a.published.year in (2023, 2024) for a in articles.values()
    )
    assert [a.id for a in _articles(_read(EXAMPLES))] == list(articles)  # deterministic order


@pytest.mark.skipif(not SHARED_EXAMPLES.exists(), reason="../shared/examples not present")
def test_default_date_for_shared_example() -> None:
    (article,) = _articles(_read(SHARED_EXAMPLES, default_date=dt.date(2023, 10, 16)))
    assert article.id == "putin-beijing-visit"
    assert article.published == dt.date(2023, 10, 16)
    assert article.section == "Foreign Affairs"


def test_recursive_ids_and_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "one.txt").write_text(BODY + " One.")
    (tmp_path / "a.txt").write_text(BODY + " Two.")
    (tmp_path / ".hidden.txt").write_text(BODY + " Three.")
    assert [a.id for a in _articles(_read(tmp_path))] == ["a", "b/one"]
    assert [a.id for a in _articles(_read(tmp_path / "b" / "one.txt"))] == ["one"]


def test_jsonl_with_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "r1", "text": BODY, "date": "2024-03-05", "title": "Talks", "url": "u"}),
        '{"id": "r2", "text": ',
        "",
        json.dumps({"text": BODY + " Again.", "date": "2024-03-06T08:30:00+09:00"}),
        json.dumps({"id": "r4", "text": BODY + " Bad date.", "date": "March 5"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "r7", "body": BODY}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    articles = _articles(items)
    assert [a.id for a in articles] == ["r1", "batch.jsonl:4"]
    assert articles[0].published == dt.date(2024, 3, 5)
    assert (articles[0].title, articles[0].url, articles[0].path) == ("Talks", "u", f"{path}:1")
    assert articles[1].published == dt.date(2024, 3, 6)
    problems = _problems(items)
    assert [(p.path, p.reason) for p in problems] == [
        (f"{path}:2", "malformed"),
        (f"{path}:5", "malformed"),
        (f"{path}:6", "malformed"),
        (f"{path}:7", "malformed"),
    ]
    assert problems[0].message.startswith("[E002]")
    assert "E008" in problems[1].message


def test_jsonl_custom_fields_and_tag_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    record = {
        "doc": 7,
        "body": BODY + "\n\nIndiaJapanModi Meets Kishida",
        "headline": "Modi Meets Kishida",
    }
    path.write_text(json.dumps(record) + "\n")
    (article,) = _articles(
        _read(
            path,
            id_field="doc",
            text_field="body",
            title_field="headline",
            default_date=dt.date(2024, 1, 1),
        )
    )
    assert (article.id, article.text, article.tags) == ("7", BODY, ("India", "Japan"))
    assert article.published == dt.date(2024, 1, 1)


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "batch.csv"
    long_body = BODY + (" More detail follows here." * 10000)  # > csv's default field limit
    path.write_text(
        "id,text,date,source\n"
        f'c1,"{BODY}\nSecond line, with a comma.",2024-03-05,Wire\n'
        f'c2,"{long_body}",,\n'
        ",,,\n"
        "c3,,2024-01-01,\n",
        encoding="utf-8",
    )
    items = _read(path)
    articles = _articles(items)
    assert [a.id for a in articles] == ["c1", "c2"]
    assert articles[0].text.endswith("with a comma.")
    assert articles[0].source == "Wire"
    assert len(articles[1].text) > 131072
    assert [(p.path, p.reason) for p in _problems(items)] == [(f"{path}:6", "empty")]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,hello\n")
    (problem,) = _problems(_read(path))
    assert problem.reason == "malformed"


def test_binary_and_empty(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 32)) * 20)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n\u200b\n")
    problems = {Path(p.path).name: p for p in _problems(_read(tmp_path))}
    assert {name: p.reason for name, p in problems.items()} == {
        "blank.txt": "empty",
        "controls.txt": "binary",
        "empty.txt": "empty",
        "image.png": "binary",
    }
    assert problems["image.png"].message.startswith("[E004]")


def test_latin1_cp1252_and_utf16(tmp_path: Path) -> None:
    text = "Caf\u00e9 talks \u2013 \u201cdiplomacy\u201d. " + BODY
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(("Caf\u00e9 " + BODY + " Latin.").encode("latin-1"))
    (tmp_path / "c.txt").write_bytes((text + " Sixteen.").encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(b"\xef\xbb\xbf" + (text + " BOM.").encode("utf-8"))
    articles = _articles(_read(tmp_path))
    assert [a.id for a in articles] == ["a", "b", "c", "d"]
    assert articles[1].text.startswith("Caf\u00e9 Indian")
    for article in (articles[0], articles[2], articles[3]):
        assert article.text.startswith('Caf\u00e9 talks \u2013 "diplomacy". Indian')


def test_symlink_loop_and_broken_link(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(BODY)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "self", tmp_path / "self")
    os.symlink(tmp_path / "missing.txt", tmp_path / "broken.txt")
    items = _read(tmp_path)
    assert [a.id for a in _articles(items)] == ["sub/a"]
    reasons = {Path(p.path).name: p.reason for p in _problems(items)}
    assert reasons == {"broken.txt": "unreadable", "loop": "symlink-loop", "self": "symlink-loop"}


def test_same_file_twice_and_same_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text(BODY.replace("'", "\u2019") + "\n\n")
    items = _read(tmp_path / "a.txt", tmp_path / "a.txt", tmp_path / "b.txt")
    assert [a.id for a in _articles(items)] == ["a"]
    assert [p.reason for p in _problems(items)] == ["duplicate", "duplicate"]
    assert len(_articles(_read(tmp_path, skip_duplicates=False))) == 2


def test_missing_and_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(BODY * 10)
    items = _read(tmp_path / "nope", tmp_path / "big.txt", max_bytes=100)
    assert [(p.reason, p.message[:6]) for p in _problems(items)] == [
        ("unreadable", "[E003]"),
        ("too-large", "[E005]"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(BODY)
    path.chmod(0)
    (problem,) = _problems(_read(path))
    assert problem.reason == "unreadable"


def test_not_english(tmp_path: Path) -> None:
    (tmp_path / "fr.txt").write_text(
        "Le président français a rencontré son homologue allemand à Berlin mardi pour discuter "
        "de la guerre en Ukraine et des relations commerciales entre les deux pays, selon un "
        "communiqué publié par l'Élysée après la réunion."
    )
    (tmp_path / "ru.txt").write_text("Президент России Владимир Путин прибыл в Пекин.")
    (tmp_path / "zh.txt").write_text("俄罗斯总统普京抵达北京，与中国国家主席习近平举行会谈。")
    (tmp_path / "en.txt").write_text(BODY)
    items = _read(tmp_path)
    assert [a.id for a in _articles(items)] == ["en"]
    assert {p.reason for p in _problems(items)} == {"not-english"}
    assert len(_articles(_read(tmp_path, skip_non_english=False))) == 4


def test_dates_tsv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY + " A.")
    (tmp_path / "b.txt").write_text(BODY + " B.")
    (tmp_path / "c.txt").write_text(BODY + " C.")
    (tmp_path / "DATES.tsv").write_text(
        "file\tdate\na.txt\t2024-03-05\nb\t2024-03-06T10:00:00\nc.txt 2024\n"
    )
    items = _read(tmp_path, default_date=dt.date(2020, 1, 1))
    assert [(a.id, a.published) for a in _articles(items)] == [
        ("a", dt.date(2024, 3, 5)),
        ("b", dt.date(2024, 3, 6)),
        ("c", dt.date(2020, 1, 1)),
    ]
    assert [(p.path, p.reason) for p in _problems(items)] == [
        (f"{tmp_path / 'DATES.tsv'}:4", "malformed")
    ]


HTML = """<!doctype html><html><head><title>India and Japan Hold Talks | The Daily</title>
<meta property="article:published_time" content="2024-03-05T09:00:00Z">
<script>var tracking = "SECRET_SCRIPT_TEXT";</script><style>.x{color:red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>India and Japan Hold Talks</h1>
<p>Indian Prime Minister Narendra Modi met Japanese Prime Minister Fumio Kishida in Tokyo on
Tuesday, and the two leaders agreed to deepen defence cooperation in the Indo-Pacific.</p>
<script>document.write("MORE_SCRIPT_TEXT")</script>
<p>The talks covered trade, technology and maritime security, officials said in a joint
statement released after the meeting in the Japanese capital.</p></article>
<footer>Copyright The Daily</footer></body></html>"""


def test_html_with_script(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(HTML, encoding="utf-8")
    (article,) = _articles(_read(tmp_path, default_date=dt.date(2000, 1, 1)))
    assert article.id == "page"
    assert "SCRIPT_TEXT" not in article.text
    assert "color:red" not in article.text
    assert article.text.startswith("Indian Prime Minister Narendra Modi met")
    assert "maritime security" in article.text
    assert "India and Japan Hold Talks" in article.title
    assert article.published == dt.date(2024, 3, 5)


def test_html_without_text(tmp_path: Path) -> None:
    (tmp_path / "blank.htm").write_text("<html><body><script>x()</script></body></html>")
    (problem,) = _problems(_read(tmp_path))
    assert problem.reason == "empty"
