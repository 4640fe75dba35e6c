"""Low-level checks on inputs: decoding bytes, telling text from binary,
a cheap English detector, and date parsing."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from functools import cache
from importlib import resources

from detente.errors import DetenteError, E


class ReadFailure(Exception):
    """A problem with one input, with its short machine `reason`."""

    def __init__(self, reason: str, error: DetenteError) -> None:
        super().__init__(str(error))
        self.reason = reason
        self.error = error


# -- bytes -> text --------------------------------------------------------------

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c")
_MAX_CONTROL_RATIO = 0.02  # share of control bytes/chars above which a file is binary
_SNIFF = 65536


def _control_ratio(chars: str) -> float:
    sample = chars[:_SNIFF]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\x7f")
    return bad / len(sample)


def decode_bytes(data: bytes, *, path: str) -> str:
    """Decode a file's bytes: UTF-8 (BOM or not), UTF-16/32 by BOM, else cp1252/latin-1.

    Raises ReadFailure "binary" for NUL bytes or many control characters,
    "encoding" when a BOM promises an encoding the bytes do not follow.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                why = f"not valid {codec} despite its byte-order mark ({exc.reason})"
                raise ReadFailure("encoding", DetenteError(E.E004, path=path, why=why)) from exc
            break
    else:
        if b"\x00" in data[:_SNIFF]:
            why = "contains NUL bytes"
            raise ReadFailure("binary", DetenteError(E.E004, path=path, why=why))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        why = "too many control characters"
        raise ReadFailure("binary", DetenteError(E.E004, path=path, why=why))
    return text


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return data.decode("latin-1")


# -- language -------------------------------------------------------------------


@cache
def _stopwords() -> frozenset[str]:
    data = resources.files("detente.articles").joinpath("data/stopwords_en.txt")
    words: set[str] = set()
    for line in data.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Chinese/Japanese/Korean script", re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")),
    ("Cyrillic script", re.compile(r"[\u0400-\u04ff]")),
    ("Arabic script", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("Hebrew script", re.compile(r"[\u0590-\u05ff]")),
    ("Greek script", re.compile(r"[\u0370-\u03ff]")),
    ("Devanagari script", re.compile(r"[\u0900-\u097f]")),
    ("Thai script", re.compile(r"[\u0e00-\u0e7f]")),
)
_MIN_WORDS = 20  # too few words to judge by stopwords
_MIN_STOPWORD_SHARE = 0.12  # English news runs at 0.35-0.5; French/Spanish/German < 0.08
_MAX_FOREIGN_SCRIPT_SHARE = 0.3


def detect_non_english(text: str) -> str | None:
    """Describe the language if `text` is clearly not English, else None.

    Cheap: the share of non-Latin letters, then the share of common English
    function words among word tokens (only with enough words to judge).
    """
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    if letters:
        for name, pattern in _SCRIPTS:
            if len(pattern.findall(sample)) / letters > _MAX_FOREIGN_SCRIPT_SHARE:
                return name
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _MIN_WORDS:
        return None
    stop = _stopwords()
    share = sum(1 for w in words if w in stop) / len(words)
    if share < _MIN_STOPWORD_SHARE:
        return f"a non-English language ({share:.0%} English function words)"
    return None


# -- dates --------------------------------------------------------------------------


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date | None:
    """YYYY-MM-DD or an ISO datetime (its own calendar date) -> date; None/'' -> None.

    Raises DetenteError E008 for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        s = value.strip()
        try:
            if _ISO_DAY.fullmatch(s):
                return dt.date.fromisoformat(s)
            if _ISO_DAY.match(s) and s[10] in "T ":
                return dt.datetime.fromisoformat(s).date()
        except ValueError:
            pass
    raise DetenteError(E.E008, value=value)
