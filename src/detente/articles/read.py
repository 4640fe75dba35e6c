"""Reading articles from files, folders, JSONL, CSV, HTML and RSS/Atom feeds.

`iter_articles` yields an `Article` for every document it could read and a
`ReadProblem` (with a catalogued message) for every one it could not; it
never raises for a bad input, so one broken file does not stop a batch.

Folders are walked recursively in sorted order; names starting with "." are
skipped. A folder may hold a `DATES.tsv` (lines `FILE<TAB>YYYY-MM-DD`, "#"
comments, FILE with or without its extension) giving the published date of
the files in that same folder. The most specific date wins: the record's own
date (JSONL/CSV field, HTML metadata), then DATES.tsv, then
`ReadOptions.default_date`.

A feed (`.rss`, `.atom`, `.rdf`, or any other file whose content is one) gives
one article per item; with `ReadOptions.fetch`, an item that carries only a
summary is replaced by the body of its page (see `detente.articles.fetch`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import errno
import json
import os
import stat
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from detente.articles.clean import content_hash, normalize_text, read_text_article, split_tag_line
from detente.articles.feeds import FEED_SUFFIXES, Feed, item_article, looks_like_feed, parse_feed
from detente.articles.fetch import Fetcher, FetchFailure, FetchOptions
from detente.articles.formats import (
    UNDETERMINED,
    ReadFailure,
    decode_bytes,
    detect_language,
    language_name,
    parse_date,
)
from detente.errors import DetenteError, E
from detente.records import Article

DATES_FILE = "DATES.tsv"
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_CSV_FIELD_LIMIT = 2**31 - 1


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """An input that could not be read, and why."""

    path: str  # "dir/file.txt" or "file.jsonl:12"
    reason: str  # empty | binary | encoding | too-large | malformed | not-english
    #              | unreadable | symlink-loop | duplicate
    #              | fetching a page: timeout | network | robots | redirect-loop | http-NNN
    message: str  # the catalogued message
    language: str = ""  # for "not-english": the ISO 639-1 code detected


@dataclass(frozen=True, slots=True)
class ReadOptions:
    default_date: dt.date | None = None
    id_field: str = "id"
    text_field: str = "text"
    date_field: str = "date"
    title_field: str = "title"
    url_field: str = "url"
    source_field: str = "source"
    max_bytes: int = 20_000_000  # per file (text, HTML) or per record line (JSONL)
    max_chars: int = 1_000_000  # longer texts are coded in pieces (spaCy's max_length)
    skip_non_english: bool = True
    skip_duplicates: bool = True  # same normalised text as an earlier article
    fetch: FetchOptions | None = None  # fetch the pages of feed items that carry a summary


Item = Article | ReadProblem


def split_long_text(text: str, *, max_chars: int) -> list[str]:
    """`text` cut into pieces of at most `max_chars` (at a paragraph, line or space if
    one is in the second half of the window); one piece when it is short enough.

    The parser needs memory in proportion to the text, so a huge file is coded
    in pieces instead of being refused or exhausting memory.
    """
    if max_chars <= 0 or len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, start + max_chars // 2, end)
            if cut != -1:
                end = cut + len(sep)
                break
        if piece := text[start:end].strip():
            pieces.append(piece)
        start = end
    if piece := text[start:].strip():
        pieces.append(piece)
    return pieces or [text]


def iter_articles(
    paths: Iterable[str | Path], *, options: ReadOptions = ReadOptions()
) -> Iterator[Item]:
    """Yield the articles (and problems) found at `paths`: files or folders."""
    reader = _Reader(options)
    for path in paths:
        yield from reader.read_root(Path(path))


def read_feed(
    feed: Feed, *, path: str, options: ReadOptions = ReadOptions(), fetcher: Fetcher | None = None
) -> Iterator[Item]:
    """The articles (and problems) of a parsed feed read from `path` (a file or URL)."""
    reader = _Reader(options)
    reader.fetcher = fetcher
    yield from reader.feed_items(feed, path=path)


def html_article(html: str | bytes, *, doc_id: str, path: str) -> Article:
    """The article in an HTML page (trafilatura); raises ReadFailure when there is none."""
    import trafilatura  # slow to import; only needed for HTML
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # lxml/trafilatura can fail in many ways on bad markup
        why = f"HTML extraction failed ({exc})"
        raise ReadFailure("malformed", DetenteError(E.E002, path=path, line=1, why=why)) from exc
    if not isinstance(doc, Document) or not doc.text:
        raise ReadFailure("empty", DetenteError(E.E007, path=path))
    title = " ".join(normalize_text(doc.title or "").split())
    lines = normalize_text(doc.text).strip().split("\n")
    if title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # trafilatura repeats the <h1>
    body = normalize_text("\n".join(lines).strip())
    try:
        meta_date = parse_date(doc.date)
    except DetenteError:
        meta_date = None
    tags = [t for t in [*(doc.categories or []), *(doc.tags or [])] if isinstance(t, str)]
    return Article(
        id=doc_id,
        text=body,
        title=title,
        source=doc.sitename or "",
        url=doc.url or "",
        published=meta_date,
        tags=tuple(dict.fromkeys(normalize_text(t).strip() for t in tags if t.strip())),
        path=path,
        content_hash=content_hash(body),
    )


def _problem(where: str, reason: str, code: E, /, **kwargs: object) -> ReadProblem:
    return ReadProblem(path=where, reason=reason, message=str(DetenteError(code, **kwargs)))


def _failure(path: str, failure: ReadFailure) -> ReadProblem:
    return ReadProblem(path=path, reason=failure.reason, message=str(failure.error))


def _os_problem(path: Path, exc: OSError) -> ReadProblem:
    shown = str(path)
    if exc.errno == errno.ELOOP:
        return _problem(shown, "symlink-loop", E.E001, path=shown, why="symlink loop")
    if exc.errno == errno.ENOENT:
        if os.path.islink(path):
            return _problem(shown, "unreadable", E.E001, path=shown, why="broken symlink")
        return _problem(shown, "unreadable", E.E003, path=shown)
    return _problem(shown, "unreadable", E.E001, path=shown, why=exc.strerror or str(exc))


def _text_field(record: Mapping[str, object], name: str) -> str:
    value = record.get(name)
    return " ".join(normalize_text(value).split()) if isinstance(value, str) else ""


class _Reader:
    """State of one `iter_articles` call: files and texts seen, DATES.tsv read."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.seen_files: dict[str, str] = {}  # real path -> shown path
        self.seen_texts: dict[str, str] = {}  # content hash -> shown path
        self.folder_dates: dict[str, dict[str, dt.date]] = {}
        self.fetcher: Fetcher | None = None  # made on the first feed that needs it

    # -- walking ---------------------------------------------------------------

    def read_root(self, root: Path) -> Iterator[Item]:
        try:
            mode = root.stat().st_mode
        except OSError as exc:
            yield _os_problem(root, exc)
            return
        if stat.S_ISDIR(mode):
            yield from self._walk(root, root, frozenset())
        else:
            yield from self._read_file(root, doc_id=root.stem, rel=root.name)

    def _walk(self, root: Path, folder: Path, ancestors: frozenset[str]) -> Iterator[Item]:
        real = os.path.realpath(folder)
        if real in ancestors:
            why = f"symlink loop back to {real}"
            yield _problem(str(folder), "symlink-loop", E.E001, path=folder, why=why)
            return
        ancestors = ancestors | {real}
        try:
            with os.scandir(folder) as scan:
                names = sorted(entry.name for entry in scan)
        except OSError as exc:
            yield _os_problem(folder, exc)
            return
        for name in names:
            if name.startswith(".") or name == DATES_FILE:
                continue
            path = folder / name
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                yield _os_problem(path, exc)
                continue
            if stat.S_ISDIR(mode):
                yield from self._walk(root, path, ancestors)
            elif stat.S_ISREG(mode):
                rel = path.relative_to(root).as_posix()
                doc_id = rel[: -len(path.suffix)] if path.suffix else rel
                yield from self._read_file(path, doc_id=doc_id, rel=rel)
            else:
                why = "not a regular file"
                yield _problem(str(path), "unreadable", E.E001, path=path, why=why)

    def _dates_for(self, folder: Path) -> Generator[ReadProblem, None, dict[str, dt.date]]:
        """The DATES.tsv mapping of `folder` (read once; its problems yielded once)."""
        key = str(folder)
        if key in self.folder_dates:
            return self.folder_dates[key]
        dates: dict[str, dt.date] = {}
        self.folder_dates[key] = dates
        tsv = folder / DATES_FILE
        if not tsv.is_file():
            return dates
        try:
            content = tsv.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            yield _problem(str(tsv), "unreadable", E.E001, path=tsv, why=str(exc))
            return dates
        for number, line in enumerate(content.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [part.strip() for part in line.split("\t")]
            where = f"{tsv}:{number}"
            if len(parts) != 2 or not parts[0]:
                why = "expected FILE<TAB>YYYY-MM-DD"
                yield _problem(where, "malformed", E.E002, path=tsv, line=number, why=why)
                continue
            if number == 1 and parts[1].lower() == "date":
                continue  # a header line
            try:
                day = parse_date(parts[1])
            except DetenteError as exc:
                yield _problem(where, "malformed", E.E002, path=tsv, line=number, why=exc)
                continue
            if day is not None:
                dates[parts[0]] = day
        return dates

    # -- one file --------------------------------------------------------------

    def _read_file(self, path: Path, *, doc_id: str, rel: str) -> Iterator[Item]:
        shown = str(path)
        real = os.path.realpath(path)
        if real in self.seen_files:
            other = self.seen_files[real]
            yield _problem(shown, "duplicate", E.E009, path=shown, other=other)
            return
        self.seen_files[real] = shown
        dates = yield from self._dates_for(path.parent)
        file_date = dates.get(path.name) or dates.get(path.stem)
        suffix = path.suffix.lower()
        try:
            if suffix in JSONL_SUFFIXES:
                yield from self._read_jsonl(path, rel=rel, file_date=file_date)
            elif suffix in CSV_SUFFIXES:
                yield from self._read_csv(path, rel=rel, file_date=file_date)
            elif suffix in HTML_SUFFIXES:
                yield from self._read_html(path, doc_id=doc_id, file_date=file_date)
            elif suffix in FEED_SUFFIXES:
                yield from self.feed_items(
                    parse_feed(self._read_bytes(path), path=shown), path=shown
                )
            else:
                yield from self._read_text(path, doc_id=doc_id, file_date=file_date)
        except ReadFailure as failure:
            yield _failure(shown, failure)
        except OSError as exc:
            yield _os_problem(path, exc)

    def _read_bytes(self, path: Path) -> bytes:
        if path.stat().st_size > self.options.max_bytes:
            error = DetenteError(E.E005, path=path, limit=self.options.max_bytes)
            raise ReadFailure("too-large", error)
        return path.read_bytes()

    def _read_text(self, path: Path, *, doc_id: str, file_date: dt.date | None) -> Iterator[Item]:
        data = self._read_bytes(path)
        if looks_like_feed(data):  # e.g. feed.xml
            yield from self.feed_items(parse_feed(data, path=str(path)), path=str(path))
            return
        text = decode_bytes(data, path=str(path))
        published = file_date or self.options.default_date
        article = read_text_article(text, doc_id=doc_id, published=published, path=str(path))
        yield from self._finish(article)

    def _read_html(self, path: Path, *, doc_id: str, file_date: dt.date | None) -> Iterator[Item]:
        html = decode_bytes(self._read_bytes(path), path=str(path))
        try:
            article = html_article(html, doc_id=doc_id, path=str(path))
        except ReadFailure as failure:
            yield _failure(str(path), failure)
            return
        published = article.published or file_date or self.options.default_date
        yield from self._finish(replace(article, published=published))

    def feed_items(self, feed: Feed, *, path: str) -> Iterator[Item]:
        """Articles of a feed's items; with `options.fetch`, a summary-only item's page
        is fetched (one by one, as the items are consumed) and its body replaces it."""
        if feed.problem is not None:
            yield _failure(path, feed.problem)
        for number, item in enumerate(feed.items, 1):
            article = item_article(item, source=feed.title, path=f"{path}:{number}")
            if self.options.fetch is not None and item.summary_only and item.url:
                self.fetcher = self.fetcher or Fetcher(self.options.fetch)
                try:
                    page = html_article(
                        self.fetcher.get(item.url).body, doc_id=item.id, path=item.url
                    )
                except FetchFailure as failure:
                    yield ReadProblem(
                        path=item.url, reason=failure.reason, message=str(failure.error)
                    )
                    continue
                except ReadFailure as failure:
                    yield _failure(item.url, failure)
                    continue
                article = replace(
                    article,
                    text=page.text,
                    title=article.title or page.title,
                    path=item.url,  # read from there
                    content_hash=page.content_hash,
                )
            yield from self._finish(article)

    def _read_jsonl(self, path: Path, *, rel: str, file_date: dt.date | None) -> Iterator[Item]:
        limit = self.options.max_bytes
        with path.open("rb") as lines:
            for number, raw in enumerate(iter(lambda: lines.readline(limit + 1), b""), 1):
                where = f"{path}:{number}"
                if len(raw) > limit:  # skip the rest of the line without holding it
                    while raw and not raw.endswith(b"\n"):
                        raw = lines.readline(limit + 1)
                    yield _problem(where, "too-large", E.E005, path=where, limit=limit)
                    continue
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    why = f"not UTF-8 ({exc.reason})"
                    yield _problem(where, "encoding", E.E002, path=path, line=number, why=why)
                    continue
                except json.JSONDecodeError as exc:
                    why = f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"
                    yield _problem(where, "malformed", E.E002, path=path, line=number, why=why)
                    continue
                if not isinstance(record, dict):
                    why = "not a JSON object"
                    yield _problem(where, "malformed", E.E002, path=path, line=number, why=why)
                    continue
                yield from self._record(
                    record,
                    path=path,
                    line=number,
                    fallback_id=f"{rel}:{number}",
                    file_date=file_date,
                )

    def _read_csv(self, path: Path, *, rel: str, file_date: dt.date | None) -> Iterator[Item]:
        csv.field_size_limit(_CSV_FIELD_LIMIT)  # articles are long fields
        limit = self.options.max_bytes
        overlong: list[int] = []  # numbers of lines longer than `limit`, skipped unread

        def bounded(handle: TextIO) -> Iterator[str]:
            for number, line in enumerate(iter(lambda: handle.readline(limit + 1), ""), 1):
                if len(line) > limit:
                    while line and not line.endswith("\n"):
                        line = handle.readline(limit + 1)
                    overlong.append(number)
                    yield "\n"
                else:
                    yield line

        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = csv.reader(bounded(handle))
            number = 1
            try:
                header = [name.strip() for name in next(rows)]
            except StopIteration:
                yield _problem(str(path), "empty", E.E007, path=path)
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                yield _problem(str(path), "malformed", E.E002, path=path, line=1, why=exc)
                return
            if self.options.text_field not in header:
                why = f"no {self.options.text_field!r} column in the header"
                yield _problem(f"{path}:1", "malformed", E.E002, path=path, line=1, why=why)
                return
            while True:
                number = rows.line_num + 1
                where = f"{path}:{number}"
                try:
                    row = next(rows)
                except StopIteration:
                    row = None
                except UnicodeDecodeError as exc:
                    why = f"not UTF-8 ({exc.reason})"
                    yield _problem(where, "encoding", E.E002, path=path, line=number, why=why)
                    return
                except csv.Error as exc:
                    yield _problem(where, "malformed", E.E002, path=path, line=number, why=exc)
                    if rows.line_num < number:  # nothing consumed: do not loop forever
                        return
                    continue
                while overlong:
                    at = overlong.pop(0)
                    yield _problem(
                        f"{path}:{at}", "too-large", E.E005, path=f"{path}:{at}", limit=limit
                    )
                if row is None:
                    return
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) > len(header):
                    why = f"{len(row)} fields for {len(header)} columns"
                    yield _problem(where, "malformed", E.E002, path=path, line=number, why=why)
                    continue
                yield from self._record(
                    dict(zip(header, row, strict=False)),
                    path=path,
                    line=number,
                    fallback_id=f"{rel}:{number}",
                    file_date=file_date,
                )

    def _record(
        self,
        record: Mapping[str, object],
        *,
        path: Path,
        line: int,
        fallback_id: str,
        file_date: dt.date | None,
    ) -> Iterator[Item]:
        """One JSONL/CSV record -> Article (or a problem)."""
        opts = self.options
        where = f"{path}:{line}"
        text = record.get(opts.text_field)
        if not isinstance(text, str):
            why = f"no string field {opts.text_field!r}"
            yield _problem(where, "malformed", E.E002, path=path, line=line, why=why)
            return
        raw_id = record.get(opts.id_field)
        ok_id = isinstance(raw_id, str | int) and not isinstance(raw_id, bool) and str(raw_id)
        doc_id = str(raw_id).strip() if ok_id else fallback_id
        try:
            published = parse_date(record.get(opts.date_field))
        except DetenteError as exc:
            yield _problem(where, "malformed", E.E002, path=path, line=line, why=exc)
            return
        title = _text_field(record, opts.title_field)
        raw_tags = record.get("tags")
        tags: tuple[str, ...] = ()
        if isinstance(raw_tags, list):
            tags = tuple(normalize_text(t).strip() for t in raw_tags if isinstance(t, str))
        body = normalize_text(text).strip()
        lines = body.split("\n")
        if title and len(lines) > 1:  # a run-together tag line left at the end
            found = split_tag_line(lines[-1], title=title, body="\n".join(lines[:-1]))
            if found is not None:
                body = normalize_text("\n".join(lines[:-1]).strip())
                tags = tags or found
        article = Article(
            id=doc_id,
            text=body,
            title=title,
            source=_text_field(record, opts.source_field),
            url=_text_field(record, opts.url_field),
            published=published or file_date or opts.default_date,
            tags=tags,
            path=where,
            content_hash=content_hash(body),
        )
        yield from self._finish(article)

    # -- checks shared by all formats ------------------------------------------

    def _finish(self, article: Article) -> Iterator[Item]:
        pieces = split_long_text(article.text, max_chars=self.options.max_chars)
        if len(pieces) == 1:
            yield from self._check(article)
            return
        for number, piece in enumerate(pieces, 1):
            part = replace(
                article,
                id=f"{article.id}#{number}",
                text=piece,
                path=f"{article.path}#{number}",
                content_hash=content_hash(piece),
            )
            yield from self._check(part)

    def _check(self, article: Article) -> Iterator[Item]:
        where = article.path
        if not article.text.strip():
            yield _problem(where, "empty", E.E007, path=where)
            return
        language = detect_language(f"{article.title}\n{article.text}")
        article = replace(article, language=language)
        if self.options.skip_non_english and language not in ("en", UNDETERMINED):
            problem = _problem(where, "not-english", E.E006, path=where, lang=language_name(language))
            yield replace(problem, language=language)
            return
        if self.options.skip_duplicates:
            other = self.seen_texts.setdefault(article.content_hash, where)
            if other != where:
                yield _problem(where, "duplicate", E.E009, path=where, other=other)
                return
        yield article
