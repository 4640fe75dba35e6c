"""Resolve a free-text actor name as of a date, the way the coder does.

`resolve_name("Russian Foreign Minister Sergey Lavrov", date=..., kb=kb)` parses the
name with the coder's spaCy pipeline and finds its actors with the coder's own
`find_mentions`: a name resolves in `detente actors resolve` as it does in a sentence
of an article of that date. The answer is the longest mention in the name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from detente.actors.kb import Entity, KnowledgeBase
from detente.actors.mentions import find_mentions, former_role
from detente.errors import DetenteError, E


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one name: who, in which role, and why."""

    code: str  # ISO alpha-3, IGO/NGO/IMG, or "" for an agent without a country
    sector: str
    org: str
    name: str
    entity_id: str
    office: str  # the title of the role on the date, or of the last one ("Foreign Minister")
    entity_text: str  # the words of the name that resolved
    reason: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def _nlp() -> Language:
    from detente.nlp import load_nlp
    from detente.settings import default_settings

    return load_nlp(default_settings().model)


def resolve_name(
    name: str, *, date: dt.date | None, kb: KnowledgeBase, nlp: Language | None = None
) -> Resolution | None:
    """Resolve a name ("President Xi", "Ukrainian police", "Kremlin") as of `date`
    (`nlp`: the coder's spaCy pipeline, loaded when not given)."""
    text = " ".join(name.split())
    if not text:
        return None
    doc = (nlp or _nlp())(text)
    mentions = [m for m in find_mentions(doc, kb, date) if m.actors]
    if not mentions:
        return None
    mention = max(mentions, key=lambda m: (m.end - m.start, m.end))
    actor = mention.actors[0]
    if not (actor.code or actor.sector):
        return None  # a person the knowledge base does not know
    entity = mention.entity
    role = entity and (entity.role_on(date) or former_role(entity, date))
    return Resolution(
        code=actor.code,
        sector=actor.sector,
        org=actor.org,
        name=actor.name,
        entity_id=actor.entity_id,
        office=role.title if role else "",
        entity_text=actor.entity_text,
        reason=actor.reason,
    )


def resolve_many(
    path: Path, *, kb: KnowledgeBase, nlp: Language | None = None
) -> Iterator[dict[str, Any]]:
    """Answers for a JSONL of `{"name", "date"}`, in order: `{name, date, resolution}`."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise DetenteError(E.E001, path=path, why=err) from err
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                name = str(raw["name"])
                date_text = raw.get("date") or None
            except (ValueError, KeyError, TypeError, AttributeError) as err:
                raise DetenteError(E.E002, path=path, line=number, why=err) from err
            try:
                day = dt.date.fromisoformat(str(date_text)[:10]) if date_text else None
            except ValueError as err:
                raise DetenteError(E.E008, value=date_text) from err
            found = resolve_name(name, date=day, kb=kb, nlp=nlp)
            yield {
                "name": name,
                "date": date_text,
                "resolution": found.to_dict() if found else None,
            }


def entity_roles(entity_id: str, *, kb: KnowledgeBase) -> tuple[Entity, list[dict[str, str]]]:
    """An entity and its roles sorted by start date (for `detente actors show`)."""
    entity = kb.entities.get(entity_id) or kb.entities.get(entity_id.upper())
    if entity is None:
        raise DetenteError(E.E203, entity_id=entity_id)
    roles = sorted(entity.roles, key=lambda r: (r.start or "", r.end or "9999"))
    return entity, [
        {
            "start": r.start or "…",
            "end": r.end or "…",
            "country": r.country,
            "sector": r.sector,
            "org": r.org,
            "title": r.title,
        }
        for r in roles
    ]
