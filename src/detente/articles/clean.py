"""Cleaning text and parsing the plain-text article layout.

The layout (see examples/articles/): a section line, a headline, the body,
and a last line where the page's tags and the headline were run together
("BeijingChinaRussia...Vladimir Putin's Beijing Visit: ..."). Everything here
works on text that went through `normalize_text`; character offsets computed
later refer to that normalised text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from functools import cache
from importlib import resources

from detente.records import Article

# -- normalisation ------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# zero-width and bidi marks, soft hyphen, C0/C1 controls except \t and \n
_INVISIBLE = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad"
    r"\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]"
)
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u02bc": "'",
        "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2212": "-",
    }
)  # fmt: skip
_TRAILING_SPACE = re.compile(r"[^\S\n]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")


def normalize_text(text: str) -> str:
    """Return `text` with unicode, quotes, spaces and line ends made uniform.

    NFKC (which also turns non-breaking spaces into spaces), curly quotes and
    apostrophes to straight ones, hyphen variants to "-" (en and em dashes are
    kept), zero-width characters and stray controls removed, \\r\\n to \\n,
    trailing spaces stripped per line, runs of 3+ blank lines cut to 2.
    Idempotent; never raises.
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_CHAR_MAP)
    text = _TRAILING_SPACE.sub("", text)
    return _MANY_BLANK_LINES.sub("\n\n\n", text)


def content_hash(text: str) -> str:
    """sha256 hex of the normalised text (the store dedups on it)."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# -- run-together tag lines ---------------------------------------------------


@cache
def _camel_lexicon() -> tuple[frozenset[str], tuple[str, ...]]:
    """(name prefixes, protected camel-case words) from data/camelcase.txt."""
    prefixes: set[str] = set()
    words: list[str] = []
    data = resources.files("detente.articles").joinpath("data/camelcase.txt")
    for raw in data.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("prefix:"):
            prefixes.add(line.removeprefix("prefix:"))
        else:
            words.append(line)
    return frozenset(prefixes), tuple(words)


_ABBREV_END = re.compile(r"\b[A-Z]\.$")  # "U.S." ends a tag or headline, not a sentence
_CAMEL_WORD = re.compile(r"\b\w*[a-z][A-Z]\w*\b")
_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", normalize_text(text)).strip()


def _known_words(run: str, body: str) -> tuple[set[int], set[int]]:
    """Known camel-case words (lexicon + words seen in the body) found in `run`:
    (positions inside them, never a boundary; positions where one starts, always one)."""
    _, words = _camel_lexicon()
    inside: set[int] = set()
    starts: set[int] = set()
    for word in {*words, *_CAMEL_WORD.findall(body)}:
        start = run.find(word)
        while start >= 0:
            inside.update(range(start + 1, start + len(word)))
            if start > 0 and not run[start - 1].isspace():
                starts.add(start)
            start = run.find(word, start + 1)
    return inside, starts - inside


def _is_boundary(run: str, i: int, frag_start: int, tag_start: int) -> bool:
    """Does a new tag start at run[i]? `frag_start`: start of the current word."""
    prev, cur = run[i - 1], run[i]
    if not cur.isupper() or prev.isspace():
        return False
    nxt = run[i + 1 : i + 3]
    fragment = run[frag_start:i]
    prefixes, _ = _camel_lexicon()
    if prev.islower() or prev.isdigit():
        if fragment in prefixes:
            return False  # McDonald, DeSantis, LaGuardia
        if fragment[:1].isupper() or fragment[:1].isdigit():
            return True  # BeijingChina, G20Summit
        if run[tag_start : tag_start + 1].isupper() and len(fragment) >= 3:
            return True  # "Ministry of defenceRussia"
        # iPhone stays whole, but "iPhoneApple" splits after the camel word
        return any(c.isupper() for c in fragment) and len(fragment) >= 4
    if prev.isupper():
        # acronym followed by a capitalised word: EUIran, IAEAIran (not NGOs)
        return (
            i - frag_start >= 2
            and run[frag_start:i].isupper()
            and len(nxt) == 2
            and nxt.isalpha()
            and nxt.islower()
        )
    if prev in ".)":
        return nxt[:1].islower()  # U.S.China
    return False


def _split_run(run: str, body: str) -> tuple[str, ...]:
    inside, starts = _known_words(run, body)
    tags: list[str] = []
    tag_start = frag_start = 0
    for i in range(1, len(run)):
        if run[i - 1].isspace():
            frag_start = i
            continue
        if i in starts or (i not in inside and _is_boundary(run, i, frag_start, tag_start)):
            tags.append(run[tag_start:i].strip())
            tag_start = frag_start = i
    tags.append(run[tag_start:].strip())
    return tuple(dict.fromkeys(t for t in tags if t))


def split_tag_line(line: str, *, title: str, body: str = "") -> tuple[str, ...] | None:
    """Return the tags if `line` is tags and `title` run together, else None.

    The line must end with the title, glued to the last tag with no space
    (quotes and spaces compared after normalisation; a few trailing dots or
    bars are allowed). Tags are split
    where a lower-case letter (or digit, or an acronym) runs into a capital;
    camel-case words from data/camelcase.txt or seen in `body` stay whole.
    A line that is only the title again gives ().
    """
    norm_line, norm_title = _squash(line), _squash(title)
    if not norm_line or not norm_title:
        return None
    idx = norm_line.rfind(norm_title)
    lowered = norm_line.lower(), norm_title.lower()
    if idx < 0 and (len(lowered[0]), len(lowered[1])) == (len(norm_line), len(norm_title)):
        idx = lowered[0].rfind(lowered[1])
    if idx < 0 or norm_line[idx + len(norm_title) :].strip(" .|-"):
        return None
    prefix = norm_line[:idx]
    if not prefix:
        return ()
    if prefix[-1].isspace():
        return None  # tags are glued to the headline; a space means ordinary prose
    if (prefix[-1] in "!?:;," or not prefix[0].isalnum()) or (
        prefix[-1] == "." and not _ABBREV_END.search(prefix)
    ):
        return None  # a sentence that happens to end with the headline
    return _split_run(prefix, body)


# -- the plain-text layout ----------------------------------------------------


def _heading_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 200 or len(s.split()) > 30:
        return False
    end = s.rstrip("'\")]")
    if not end:
        return False
    if end[-1] == "." and not _ABBREV_END.search(end):
        return False
    return end[-1] not in ",;:-\u2013\u2014"


def _section_like(line: str) -> bool:
    s = line.strip()
    return (
        _heading_like(s)
        and len(s) <= 40
        and len(s.split()) <= 4
        and s[0].isupper()
        and s[-1] not in "?!"
    )


def read_text_article(
    text: str, *, doc_id: str, published: dt.date | None = None, path: str = ""
) -> Article:
    """Parse one plain-text article into an `Article` (text normalised first).

    Layout "section / headline / body / tags+headline": the section, headline
    and tag line are taken out of the body. Otherwise the first line is the
    title if it is short with no final period (and a body follows), and a
    short first line followed by a headline-like line is section + title.
    """
    norm = normalize_text(text)
    lines = norm.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    section = title = ""
    tags: tuple[str, ...] = ()
    drop: set[int] = set()
    if len(filled) >= 3:
        first, second, last = filled[0], filled[1], filled[-1]
        rest = "\n".join(lines[:last])  # camel-case words in here are not split
        if _section_like(lines[first]) and _heading_like(lines[second]):
            found = split_tag_line(lines[last], title=lines[second], body=rest)
            if found is not None:
                section, title, tags = lines[first].strip(), lines[second].strip(), found
                drop = {first, second, last}
    if not title and len(filled) >= 3:
        first, last = filled[0], filled[-1]
        if _heading_like(lines[first]):
            rest = "\n".join(lines[:last])
            found = split_tag_line(lines[last], title=lines[first], body=rest)
            if found is not None:
                title, tags, drop = lines[first].strip(), found, {first, last}
    if not title and len(filled) >= 2:
        first, second = filled[0], filled[1]
        if (
            len(filled) >= 3
            and _section_like(lines[first])
            and _heading_like(lines[second])
            and len(lines[second].split()) > len(lines[first].split())
        ):
            section, title = lines[first].strip(), lines[second].strip()
            drop = {first, second}
        elif _heading_like(lines[first]):
            title, drop = lines[first].strip(), {first}
    body = normalize_text("\n".join(x for i, x in enumerate(lines) if i not in drop).strip())
    return Article(
        id=doc_id,
        text=body,
        title=title,
        section=section,
        published=published,
        tags=tags,
        path=path,
        content_hash=content_hash(body),
    )
