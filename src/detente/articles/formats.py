"""Low-level checks on inputs: decoding bytes, telling text from binary,
the language of a text (py3langid) and date parsing."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Any

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

UNDETERMINED = "und"  # BCP 47: too short or too mixed to tell
_MIN_CONFIDENCE = 0.5  # short headlines ("Lavrov in Ankara") score below; articles near 1.0
_SAMPLE = 20000  # characters enough to judge; keeps long texts cheap


@cache
def _identifier() -> Any:
    """py3langid's model (loaded once, ~0.5 s) restricted to the languages of news."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=_MIN_CONFIDENCE
    )
    data = resources.files("detente.articles").joinpath("data/languages.txt")
    lines = data.read_text(encoding="utf-8").splitlines()
    identifier.set_languages([w for line in lines if not line.startswith("#") for w in line.split()])
    return identifier


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language of `text` ("en", "fr", "ru", ...), or "und"."""
    code, _ = _identifier().classify(text[:_SAMPLE])
    return str(code)


def language_name(code: str) -> str:
    """The English name of `code` with the code, e.g. "French (fr)"; the bare code if unknown."""
    import pycountry

    found = pycountry.languages.get(alpha_2=code)
    return f"{found.name} ({code})" if found is not None else code


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
