"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one `FeedItem` per item, markup stripped.

Parsing is feedparser's (it copes with the feeds found in the wild); this
module only sniffs whether bytes are a feed, picks each item's fields and
turns its HTML into plain text with paragraph breaks.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from detente.articles.clean import content_hash, normalize_text
from detente.articles.formats import ReadFailure
from detente.errors import DetenteError, E
from detente.records import Article

FEED_SUFFIXES = frozenset({".rss", ".atom", ".rdf"})  # ".xml" is sniffed by content
SUMMARY_WORDS = 150  # an item whose text is shorter than this carries only a summary

_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
_PROLOGUE = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)


def looks_like_feed(data: bytes) -> bool:
    """Whether `data` starts (after the XML declaration and comments) with a feed's root."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    start = _PROLOGUE.match(head)
    return _ROOT.match(head, start.end() if start else 0) is not None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One item of a feed, its text already plain."""

    id: str  # the link, else the guid
    url: str
    title: str
    published: dt.date | None
    text: str
    tags: tuple[str, ...] = ()

    @property
    def summary_only(self) -> bool:
        return len(self.text.split()) < SUMMARY_WORDS


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    items: tuple[FeedItem, ...]
    problem: ReadFailure | None = None  # malformed XML, from which these items were recovered


def parse_feed(data: bytes, *, path: str) -> Feed:
    """The items of a feed. Items recovered from malformed XML come with the `problem`;
    raises ReadFailure "malformed" when no item can be recovered, "empty" for no items."""
    import feedparser  # imported on first use: only feeds need it

    parsed: Any = feedparser.parse(io.BytesIO(data))  # bytes: never fetched, never a path
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(error, feedparser.ThingsNobodyCaresAboutButMe):
        error = None  # an encoding or namespace oddity feedparser has handled
    problem = None
    if error is not None:
        why = f"malformed feed ({error})"
        problem = ReadFailure("malformed", DetenteError(E.E002, path=path, line=1, why=why))
    items = tuple(_item(entry, number) for number, entry in enumerate(parsed.entries, 1))
    items = tuple(item for item in items if item.url or item.text)
    if not items:
        raise problem or ReadFailure("empty", DetenteError(E.E007, path=path))
    return Feed(title=_line(parsed.feed.get("title", "")), items=items, problem=problem)


def _item(entry: Any, number: int) -> FeedItem:
    url = str(entry.get("link", "")).strip()
    contents = [c.get("value", "") for c in entry.get("content", [])]
    html = max(contents, key=len) if contents else entry.get("summary", "")
    tags = (_line(t.get("term") or "") for t in entry.get("tags", []))
    return FeedItem(
        id=url or str(entry.get("id", "")).strip() or f"item-{number}",
        url=url,
        title=_line(html_to_text(entry.get("title", ""))),
        published=_item_date(entry),
        text=html_to_text(html),
        tags=tuple(dict.fromkeys(t for t in tags if t)),
    )


def _line(text: str) -> str:
    return " ".join(normalize_text(text).split())


def _item_date(entry: Any) -> dt.date | None:
    """The calendar date the item gives, in its own time zone (feedparser's is UTC)."""
    for key in ("published", "updated", "created"):
        raw = str(entry.get(key) or "").strip()
        if not raw:
            continue
        try:
            return email.utils.parsedate_to_datetime(raw).date()  # RSS: RFC 822
        except (TypeError, ValueError):
            pass
        try:
            return dt.datetime.fromisoformat(raw).date()  # Atom, dc:date: RFC 3339
        except ValueError:
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(*parsed[:3])
    return None


def item_article(item: FeedItem, *, source: str, path: str, text: str | None = None) -> Article:
    """An `Article` for a feed item (`text`: the page's body, when fetched)."""
    body = normalize_text(text if text is not None else item.text).strip()
    return Article(
        id=item.id,
        text=body,
        title=item.title,
        source=source,
        url=item.url,
        published=item.published,
        tags=item.tags,
        path=path,
        content_hash=content_hash(body),
    )


# -- HTML -> text ----------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
     "table", "section", "article", "header", "footer", "figure", "figcaption", "pre", "hr",
     "dd", "dt"}
)  # fmt: skip
_HIDDEN = frozenset({"script", "style", "noscript", "template", "iframe", "object"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, one blank line
    between blocks (paragraphs, list items, headings) and single spaces inside them."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    blocks = (" ".join(block.split()) for block in "".join(parser.parts).split("\n\n"))
    return normalize_text("\n\n".join(block for block in blocks if block))
