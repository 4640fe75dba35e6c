"""Property and fuzz tests: readers, tag-line splitter and date resolution never raise."""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mixed_inputs import EXAMPLES, run_detente

from detente import code_text
from detente.articles import (
    ReadOptions,
    ReadProblem,
    iter_articles,
    normalize_text,
    read_text_article,
    split_tag_line,
)
from detente.articles.formats import ReadFailure, decode_bytes
from detente.articles.read import split_long_text
from detente.records import Event

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)


@FAST
@given(any_text)
def test_normalize_text_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@FAST
@given(any_text, st.text(max_size=40))
def test_read_text_article_never_raises(text: str, doc_id: str) -> None:
    article = read_text_article(text, doc_id=doc_id, published=None, path="x.txt")
    assert article.id == doc_id


@FAST
@given(any_text, st.text(max_size=60), st.text(max_size=200))
def test_split_tag_line_never_raises(line: str, title: str, body: str) -> None:
    found = split_tag_line(line, title=title, body=body)
    assert found is None or all(isinstance(tag, str) for tag in found)


@FAST
@given(st.binary(max_size=600))
def test_decode_bytes_returns_text_or_a_failure(data: bytes) -> None:
    try:
        assert isinstance(decode_bytes(data, path="x"), str)
    except ReadFailure as failure:
        assert failure.reason in {"binary", "encoding"}


@FAST
@given(st.text(max_size=3000), st.integers(min_value=1, max_value=500))
def test_split_long_text_keeps_the_words(text: str, max_chars: int) -> None:
    pieces = split_long_text(text, max_chars=max_chars)
    assert all(len(p) <= max_chars for p in pieces) or pieces == [text]
    assert "".join("".join(pieces).split()) == "".join(text.split())  # no character lost


SUFFIXES = [".txt", ".jsonl", ".csv", ".html", ".md", ""]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SUFFIXES), st.binary(max_size=800) | any_text.map(str.encode))
def test_iter_articles_never_raises_on_any_file(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(iter_articles([path], options=ReadOptions(max_bytes=10_000)))
    for item in items:
        assert isinstance(item, ReadProblem) or item.text.strip()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
records = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "text": json_values | st.text(max_size=200),
        "date": json_values | st.dates().map(dt.date.isoformat),
        "title": json_values,
        "tags": json_values,
    },
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(records | json_values, max_size=6))
def test_jsonl_and_csv_records_never_raise(values: list[object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "r.jsonl"
        jsonl.write_text("\n".join(json.dumps(v) for v in values) + "\n")
        csv = Path(tmp) / "r.csv"
        cells = [json.dumps(v).replace("\n", " ") for v in values]
        csv.write_text("id,text,date\n" + "\n".join(f"{i},{c},{c}" for i, c in enumerate(cells)))
        items = list(iter_articles([jsonl, csv]))
    assert all(isinstance(i, ReadProblem) or i.text for i in items)


DATE_WORDS = [
    "Monday", "Tuesday", "yesterday", "today", "tomorrow", "last week", "next month",
    "on March 3", "in 2019", "May", "may", "the 31st", "February 30", "1999-12-31",
    "two days ago", "this year", "in the 1990s", "on 12/13/2024", "Sunday night",
]  # fmt: skip
SENTENCES = [
    "Russia and China signed a trade deal {w}.",
    "Putin visited Beijing {w}.",
    "Japan may criticise North Korea {w}.",
    "{w} India and Pakistan held talks in Islamabad.",
    "The minister said {w} that troops attacked the border {w}.",
]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(SENTENCES),
    st.sampled_from(DATE_WORDS) | st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 2), max_value=dt.date(9999, 12, 30)) | st.none(),
)
def test_date_resolution_never_raises(template: str, word: str, date: dt.date | None) -> None:
    for event in code_text(template.format(w=word), date=date, all_modalities=True):
        assert_valid_date(event)


PRECISIONS = {"day", "month", "year", "decade", "before", "article"}


def assert_valid_date(event: Event) -> None:
    """A real calendar date at the precision the event says (or none at all)."""
    assert event.date_precision in PRECISIONS, event.date_precision
    if not event.date:
        return
    year, *rest = event.date.split("-")
    assert len(year) == 4 and year.isdigit(), event.date
    if len(rest) == 2:
        dt.date.fromisoformat(event.date)  # raises on "2024-02-30"
    elif rest:
        assert 1 <= int(rest[0]) <= 12, event.date


@pytest.mark.parametrize("word", DATE_WORDS)
@pytest.mark.parametrize("date", [dt.date(1, 1, 1), dt.date(2024, 2, 29), dt.date(9999, 12, 31)])
def test_date_words_at_calendar_edges(word: str, date: dt.date) -> None:
    # countries, not people: who holds an office depends on the date
    text = f"Russia and China held talks in Beijing {word}. They signed a trade deal {word}."
    events = code_text(text, date=date, all_modalities=True)
    assert any(e.event == "CONSULT" for e in events), [e.event for e in events]
    for event in events:
        assert_valid_date(event)


def _mutate(text: str, rng: random.Random) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(data) or 1)
        op = rng.random()
        if op < 0.4:
            data[at : at + 1] = bytes([rng.getrandbits(8)])
        elif op < 0.7:
            data[at:at] = rng.choice([b"\x00", b"\xff\xfe", b"<script>", b"\"'", b"\n" * 5, b"\t"])
        else:
            del data[at : at + rng.randint(1, 200)]
    return bytes(data)


def test_fuzz_detente_code_in_one_run(tmp_path: Path) -> None:
    """~30 random and mutated files in one folder, one `detente code` run: no traceback."""
    rng = random.Random(2024)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    originals = sorted(EXAMPLES.glob("*.txt"))
    for n in range(12):
        size = rng.choice([1, 10, 500, 5000])
        (folder / f"random{n}{rng.choice(SUFFIXES)}").write_bytes(rng.randbytes(size))
    for n in range(18):
        text = rng.choice(originals).read_text(encoding="utf-8")
        suffix = rng.choice([".txt", ".txt", ".html", ".jsonl", ".csv"])
        if suffix == ".jsonl":
            text = json.dumps({"id": f"m{n}", "text": text}) + "\n"
        elif suffix == ".csv":
            text = "id,text\n" + f'm{n},"{text}"\n'
        (folder / f"mutated{n}{suffix}").write_bytes(_mutate(text, rng))
    run = run_detente("code", str(folder), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-3000:]
    assert run.code in (0, 2)
    assert " events from " in run.stderr.strip().splitlines()[-1]
    for line in (tmp_path / "out.jsonl").read_text().splitlines():
        json.loads(line)
