"""Read the Reuters-21578 SGML collection as articles (the scale benchmark's texts)."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterator
from pathlib import Path

from detente.records import Article

_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_DATE = re.compile(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}


def reuters_articles(
    folder: str | Path, *, limit: int | None = None, dateline: bool = False
) -> Iterator[Article]:
    """Articles with a body, in file and NEWID order, at most `limit` of them; with
    `dateline`, the text starts with its dateline as printed ("SALVADOR, Feb 26 - ")."""
    count = 0
    for path in sorted(Path(folder).glob("reut2-*.sgm")):
        raw = path.read_bytes().decode("latin-1")
        for match in _DOC.finditer(raw):
            body = _BODY.search(match.group(2))
            if body is None:
                continue
            text = html.unescape(body.group(1)).replace("\x03", "").strip()
            text = re.sub(r"\s*\n\s*", " ", re.sub(r"\n\s{3,}", "\n\n", text))
            text = re.sub(r"\s*Reuter\s*$", "", text).strip()
            if not text:
                continue
            line = _DATELINE.search(match.group(2)) if dateline else None
            if line is not None and line.group(1).strip():
                text = f"{html.unescape(line.group(1)).strip()} {text}"
            title = _TITLE.search(match.group(2))
            date = _DATE.search(match.group(2))
            published = (
                dt.date(int(date.group(3)), _MONTHS[date.group(2)], int(date.group(1)))
                if date
                else None
            )
            yield Article(
                id=f"reuters-{match.group(1)}",
                text=text,
                title=html.unescape(title.group(1)) if title else "",
                published=published,
                source="Reuters",
                content_hash=hashlib.sha256(text.encode()).hexdigest(),
            )
            count += 1
            if limit is not None and count >= limit:
                return
