"""Date and place of an event, from the words attached to its trigger.

Dates are resolved against the article date with dateparser; the modal
verb "may" is never read as the month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser
from spacy.tokens import Span, Token

from detente.actors.kb import KnowledgeBase

DAY_WORDS = re.compile(
    r"\b(\d{1,2}(st|nd|rd|th)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"yesterday|today|tomorrow)\b",
    re.I,
)
MONTHS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)\b",
    re.I,
)
WEEKDAYS = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
VAGUE = re.compile(r"\b(week|weekend|month|year|decade|century|recent|coming|past)\b", re.I)


@dataclass(frozen=True, slots=True)
class EventDate:
    iso: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year | article
    relation: str  # on | before | after
    text: str
    day: dt.date | None


def _path_to(token: Token, target: Token, limit: int = 6) -> list[Token] | None:
    path = [token]
    current = token
    for _ in range(limit):
        if current.i == target.i:
            return path
        if current.head.i == current.i:
            return None
        current = current.head
        path.append(current)
    return path if current.i == target.i else None


@lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date | None, prefer: str) -> dt.datetime | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def _is_modal_may(span: Span) -> bool:
    return any(t.lower_ == "may" and t.tag_ == "MD" for t in span)


def event_date(trigger: Token, *, published: dt.date | None, future: bool) -> EventDate | None:
    """The explicit date attached to the trigger, resolved; None if there is none."""
    for ent in trigger.sent.ents:
        if ent.label_ != "DATE" or _is_modal_may(ent):
            continue
        path = _path_to(ent.root, trigger)
        if path is None:
            continue
        relation = "on"
        words = {t.lower_ for t in path} | {
            c.lower_ for t in path for c in t.children if c.dep_ == "mark"
        }
        bound = words & {"before", "until", "since", "after"}
        if not bound and any(t.pos_ == "VERB" for t in path[1:-1]):
            continue  # the date belongs to another clause
        if "before" in words or "until" in words:
            relation = "before"
        elif "since" in words or "after" in words:
            relation = "after"
        text = ent.text
        if VAGUE.search(text) and not MONTHS.search(text) and not re.search(r"\d{4}", text):
            if published is None:
                continue
            return EventDate(published.isoformat(), "article", relation, text, published)
        parsed = _parse(text, published, "future" if future else "past")
        if parsed is None:
            continue
        day = parsed.date()
        if published is not None and WEEKDAYS.search(text) and (published - day).days == 7:
            day = published  # "on Tuesday" in Tuesday's paper is today
        if DAY_WORDS.search(text):
            iso, precision = day.isoformat(), "day"
        elif MONTHS.search(text):
            iso, precision = day.strftime("%Y-%m"), "month"
        else:
            iso, precision = str(day.year), "year"
        return EventDate(iso, precision, relation, text, day)
    return None


def event_place(trigger: Token, kb: KnowledgeBase) -> tuple[str, str]:
    """(place text, country code) from the nearest "in/at/near <place>" under the trigger."""
    frontier = [trigger]
    for _ in range(3):  # the trigger, its objects, their modifiers
        following: list[Token] = []
        for token in frontier:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at", "near", "inside"):
                    for obj in child.children:
                        if obj.dep_ != "pobj":
                            continue
                        if obj.ent_type_ in ("GPE", "LOC", "FAC"):
                            return _place(obj, kb)
                        if obj.pos_ == "PROPN":  # NER missed "Kiev"
                            text, code = _place(obj, kb)
                            if code:
                                return text, code
                if child.dep_ in ("dobj", "pobj", "prep", "npadvmod", "nsubjpass"):
                    following.append(child)
            # "a car bomb in Kiev killed ...": the subject's place, after the objects'
            following += [c for c in token.children if c.dep_ == "nsubj"]
        frontier = following
    return "", ""


def _place(token: Token, kb: KnowledgeBase) -> tuple[str, str]:
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    text = span.text if span is not None else token.text
    for hit in kb.lookup(text.removeprefix("the ")):
        entity = kb.entities[hit.entity_id]
        if entity.kind == "country" and entity.roles:
            return text, entity.roles[0].country
    return text, ""
