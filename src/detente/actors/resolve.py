"""Resolve a free-text actor name as of a date, without spaCy.

`resolve_name("Russian Foreign Minister Sergey Lavrov", date=..., kb=kb)` tries, in order:
the whole name as a knowledge-base alias; a country or organisation with an agent word
("Ukrainian police", "the Chinese Foreign Ministry", "NATO troops", "police of Ukraine");
a title followed by a known name ("President Xi"); a title followed by a surname or an
unknown name ("President Erdogan", "Arnorian envoy Zyx"); a surname alone. Each step also
tries a transliteration skeleton of the name (Zelenskiy/Zelenskyy, Erdoğan/Erdogan).
A person with no role on the date who held one before is a former official: `ELI`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import weakref
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from detente.actors.kb import SECTOR_OF_KIND, AliasHit, Entity, KnowledgeBase, alias_key
from detente.actors.offices import FORMER_WORDS, office_titles
from detente.errors import DetenteError, E
from detente.records import Role

FILLER_WORDS = {
    "the",
    "a",
    "an",
    "new",
    "acting",
    "interim",
    "outgoing",
    "incoming",
    "top",
    "senior",
}
LINK_WORDS = ("of", "from", "in", "for")
HEAD_OFFICES = ("president", "prime minister", "chancellor", "supreme leader", "king", "emir")


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer for one name: who, in which role, and why."""

    code: str  # ISO alpha-3, IGO/NGO/IMG, or "" for an agent without a country
    sector: str
    org: str
    name: str
    entity_id: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


# -- normalising and transliteration ------------------------------------------


def _fold(text: str) -> str:
    """Lowercase without accents: "Erdoğan" -> "erdogan"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_SKELETON_RULES = [
    (re.compile(r"[^a-z ]"), " "),
    (re.compile(r"kh"), "h"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q|c(?=[aou])"), "k"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"w"), "v"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def skeleton(text: str) -> str:
    """A transliteration-tolerant key: Zelenskiy, Zelenskyy and Zelensky share one."""
    out = _fold(text).replace("-", "").replace("'", "")
    for pattern, repl in _SKELETON_RULES:
        out = pattern.sub(repl, out)
    return " ".join(out.split())


class _Indexes:
    """Lazily built lookups over one KnowledgeBase: skeletons, surnames, office holders."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.skeletons: dict[str, list[str]] = {}
        self.surnames: dict[str, list[str]] = {}
        self.offices: dict[str, list[tuple[str, Role]]] = {}
        for key in kb.index:
            self.skeletons.setdefault(skeleton(key), []).append(key)
        for entity in kb.entities.values():
            if entity.kind != "person":
                continue
            names = {alias_key(a).split()[-1] for a in (entity.name, *entity.aliases) if a}
            for surname in names:
                self.surnames.setdefault(skeleton(surname), []).append(entity.id)
            for role in entity.roles:
                if role.title:
                    self.offices.setdefault(office_key(role.title), []).append((entity.id, role))


_INDEXES: weakref.WeakKeyDictionary[KnowledgeBase, _Indexes] = weakref.WeakKeyDictionary()


def _indexes(kb: KnowledgeBase) -> _Indexes:
    found = _INDEXES.get(kb)
    if found is None:
        found = _INDEXES[kb] = _Indexes(kb)
    return found


def office_key(title: str) -> str:
    """Normalise an office name: "Minister of Foreign Affairs" -> "foreign minister"."""
    key = alias_key(title.replace("-", " ")).strip(" ._")
    key = re.sub(r"^(the|first|1st) ", "", key)
    return office_titles().get(key, key)


def _clean(name: str) -> str:
    text = " ".join(name.replace("’", "'").split()).strip(" \t\"'.,;:()[]")
    text = re.sub(r"'s?$", "", text)
    while text.lower().startswith(("the ", "a ", "an ")):
        text = text.split(" ", 1)[1]
    return text


# -- pieces -------------------------------------------------------------------


def _when(day: dt.date | None) -> str:
    return day.isoformat() if day else "no date"


def _role_text(role: Role) -> str:
    return f"{role.title or role.sector or role.country} {role.start or '…'}–{role.end or '…'}"


def _hits(kb: KnowledgeBase, text: str) -> list[AliasHit]:
    """Alias hits for text, else for names with the same transliteration skeleton."""
    hits = kb.lookup(text)
    if hits or not text.strip():
        return hits
    keys = _indexes(kb).skeletons.get(skeleton(text), [])
    return [h for key in keys for h in kb.index.get(key, [])]


def _former(entity: Entity, day: dt.date | None) -> Role | None:
    """The last role that ended before `day` (None if the entity holds one on it)."""
    if entity.role_on(day) is not None:
        return None
    iso = day.isoformat() if day else "9999"
    ended = [r for r in entity.roles if r.end and r.end < iso]
    return max(ended, key=lambda r: r.end) if ended else None


def _answer(
    entity: Entity,
    role: Role,
    *,
    hit: AliasHit | None,
    day: dt.date | None,
    sector: str = "",
    note: str = "",
) -> Resolution:
    via = f"{hit.via} {hit.alias!r} -> " if hit else ""
    reason = f"{via}{entity.name}"
    if role.start or role.end:
        reason += f" ({_role_text(role)}, valid {_when(day)})"
    if note:
        reason += f"; {note}"
    default_sector = "GOV" if hit is not None and hit.via == "capital" else ""
    return Resolution(
        code=role.country,
        sector=sector or role.sector or default_sector or SECTOR_OF_KIND.get(entity.kind, ""),
        org=role.org,
        name=entity.name,
        entity_id=entity.id,
        reason=reason,
    )


def _former_answer(
    entity: Entity, role: Role, *, hit: AliasHit | None, day: dt.date | None
) -> Resolution:
    via = f"{hit.via} {hit.alias!r} -> " if hit else ""
    return Resolution(
        code=role.country,
        sector="ELI",
        org=role.org,
        name=entity.name,
        entity_id=entity.id,
        reason=f"{via}{entity.name}: former {_role_text(role)}, no role on {_when(day)}",
    )


def _entity(
    kb: KnowledgeBase, text: str, day: dt.date | None, *, persons_only: bool = False
) -> Resolution | None:
    """The whole text as an entity alias: valid role on `day`, else a former official."""
    hits = _hits(kb, text)
    if persons_only:
        hits = [h for h in hits if kb.entities[h.entity_id].kind == "person"]
    best = kb.best(hits, day) if hits else None
    if best is not None:
        entity, role, hit = best
        if entity.kind == "person" and kb.only_title(hit.alias):
            return None
        return _answer(entity, role, hit=hit, day=day)
    formers = [
        (last, kb.entities[h.entity_id], h)
        for h in hits
        if kb.entities[h.entity_id].kind == "person"
        and (last := _former(kb.entities[h.entity_id], day)) is not None
    ]
    if formers:
        last, entity, hit = max(formers, key=lambda f: f[0].end)
        return _former_answer(entity, last, hit=hit, day=day)
    return None


@dataclass(frozen=True, slots=True)
class _Head:
    """A country, organisation or group that an agent or title hangs on."""

    resolution: Resolution
    kind: str


def _head(kb: KnowledgeBase, text: str, day: dt.date | None) -> _Head | None:
    """Text as a country (name, adjective, capital), organisation, group or institution."""
    text = re.sub(r"'s?$", "", text.strip())
    if not text:
        return None
    hits = [h for h in _hits(kb, text) if kb.entities[h.entity_id].kind != "person"]
    best = kb.best(hits, day) if hits else None
    if best is None:
        return None
    entity, role, hit = best
    answer = _answer(entity, role, hit=hit, day=day)
    if hit.via == "capital":  # "Moscow police": the city, not its government
        answer = Resolution(
            answer.code, "", answer.org, answer.name, answer.entity_id, answer.reason
        )
    return _Head(answer, entity.kind)


def _agent(kb: KnowledgeBase, words: list[str]) -> tuple[str, str, bool] | None:
    """(sector, agent phrase, former) for title/agent words, e.g. "Foreign Ministry spokesman"."""
    former = any(w.lower() in FORMER_WORDS for w in words)
    kept = [w for w in words if w.lower() not in FORMER_WORDS | FILLER_WORDS]
    if not kept:
        return None
    # Longest phrase first; a phrase ending the words names the person ("ministry spokesman").
    for size in range(len(kept), 0, -1):
        for start in range(len(kept) - size, -1, -1):
            phrase = " ".join(kept[start : start + size])
            sector = kb.agent_sector(phrase) or kb.agent_sector(phrase.replace("-", " "))
            if sector:
                return sector, phrase, former
    return None


def _with_agent(
    head: _Head | None, sector: str, phrase: str, *, former: bool, text: str
) -> Resolution:
    if head is None:
        return Resolution("", sector, "", "", "", f"agent {phrase!r} -> {sector}; no country")
    base = head.resolution
    sector = "ELI" if former and sector == "GOV" else sector
    return Resolution(
        code=base.code,
        sector=sector,
        org=base.org,
        name=base.name if head.kind != "country" else "",
        entity_id=base.entity_id if head.kind != "country" else "",
        reason=f"agent {phrase!r} -> {sector}{' (former)' if former else ''}; {base.reason}",
    )


def _split_head(
    kb: KnowledgeBase, words: list[str], day: dt.date | None
) -> tuple[_Head | None, list[str]]:
    """Split words into a leading or trailing ("... of Ukraine") head and the rest."""
    for size in range(len(words), 0, -1):
        head = _head(kb, " ".join(words[:size]), day)
        if head is not None:
            return head, words[size:]
    for i, word in enumerate(words):
        if word.lower() in LINK_WORDS and 0 < i < len(words) - 1:
            head = _head(kb, " ".join(words[i + 1 :]), day)
            if head is not None:
                return head, words[:i]
    return None, words


def _title(
    kb: KnowledgeBase, words: list[str], day: dt.date | None
) -> tuple[_Head | None, tuple[str, str, bool] | None]:
    """A title before a name: ("Russian Foreign Minister") -> (RUS, (GOV, ..., former))."""
    head, rest = _split_head(kb, words, day)
    if head is not None and head.kind == "person":
        return None, None
    agent = _agent(kb, rest) if rest else None
    if rest and agent is None:
        return None, None
    return head, agent


def _office_holder(
    kb: KnowledgeBase, office: str, country: str, surname: str, day: dt.date | None, org: str = ""
) -> tuple[Entity, Role] | None:
    """The holder of an office (in a country or organisation, with a surname) on `day`."""
    found: dict[str, tuple[Entity, Role]] = {}
    offices = _indexes(kb).offices
    for entity_id, role in offices.get(office_key(office), []):
        if (country and role.country != country) or (org and role.org != org):
            continue
        if not role.valid_on(day) or (day is None and not role.start):
            continue
        entity = kb.entities.get(entity_id)
        if entity is None:
            continue
        if (
            surname
            and skeleton(entity.name.split()[-1]) != skeleton(surname)
            and not any(
                skeleton(alias_key(a).split()[-1]) == skeleton(surname) for a in entity.aliases
            )
        ):
            continue
        found[entity_id] = (entity, role)
    if len(found) == 1:
        return next(iter(found.values()))
    return None


def _surname(
    kb: KnowledgeBase, surname: str, day: dt.date | None, country: str
) -> Resolution | None:
    """A surname alone: the one person of that name in office on `day` (heads first)."""
    ids = _indexes(kb).surnames.get(skeleton(surname), [])
    current: list[tuple[int, Entity, Role]] = []
    for entity_id in dict.fromkeys(ids):
        entity = kb.entities[entity_id]
        role = entity.role_on(day)
        if role is None or (country and role.country != country):
            continue
        if not (role.start or role.end):
            continue
        rank = 0 if office_key(role.title) in HEAD_OFFICES else 1
        current.append((rank, entity, role))
    current.sort(key=lambda c: c[0])
    if current and (len(current) == 1 or current[0][0] < current[1][0]):
        _, entity, role = current[0]
        return _answer(entity, role, hit=None, day=day, note=f"surname {surname!r}, in office")
    return None


# -- the resolver -------------------------------------------------------------


def resolve_name(name: str, *, date: dt.date | None, kb: KnowledgeBase) -> Resolution | None:
    """Resolve a name ("President Xi", "Ukrainian police", "Kremlin") as of `date`."""
    text = _clean(name)
    if not text:
        return None
    day = date
    found = _entity(kb, text, day)
    if found is not None:
        return found
    words = text.replace("'s ", " 's ").split()
    words = [w for w in words if w != "'s"]
    # A country/organisation with an agent or title, and nothing else.
    head, rest = _split_head(kb, words, day)
    if head is not None and head.kind != "person" and rest:
        base = head.resolution
        holder = _office_holder(kb, " ".join(rest), base.code, "", day, base.org)
        if holder is not None and head.kind in ("country", "org"):
            entity, role = holder
            return _answer(entity, role, hit=None, day=day, note=f"holder of {' '.join(rest)!r}")
        agent = _agent(kb, rest)
        if agent is not None and " ".join(rest).lower().endswith(agent[1].lower()):
            holder = _office_holder(kb, agent[1], head.resolution.code, "", day)
            if holder is not None and not agent[2] and head.kind == "country":
                entity, role = holder
                return _answer(entity, role, hit=None, day=day, note=f"holder of {agent[1]!r}")
            return _with_agent(head, agent[0], agent[1], former=agent[2], text=text)
    # A title, then a known name: the longest known name at the end.
    for i in range(1, len(words)):
        title_words, name_words = words[:i], words[i:]
        title_head, agent = _title(kb, title_words, day)
        if title_head is None and agent is None:
            continue
        person = _entity(kb, " ".join(name_words), day, persons_only=True)
        if person is not None:
            note = f"title {' '.join(title_words)!r}"
            former = agent is not None and agent[2]
            if former and person.sector not in ("ELI", ""):
                person = Resolution(
                    person.code, "ELI", person.org, person.name, person.entity_id, person.reason
                )
            return Resolution(
                person.code,
                person.sector,
                person.org,
                person.name,
                person.entity_id,
                f"{person.reason}; {note}",
            )
        if agent is None:
            continue
        country = title_head.resolution.code if title_head else ""
        holder = None
        if not agent[2]:
            holder = _office_holder(kb, agent[1], country, name_words[-1], day)
        if holder is not None:
            entity, role = holder
            return _answer(
                entity,
                role,
                hit=None,
                day=day,
                note=f"title {' '.join(title_words)!r}, surname {name_words[-1]!r}",
            )
        if title_head is not None:
            base = _with_agent(title_head, agent[0], agent[1], former=agent[2], text=text)
            return Resolution(
                base.code,
                base.sector,
                base.org,
                " ".join(name_words),
                "",
                f"{base.reason}; name {' '.join(name_words)!r} not in knowledge base",
            )
        by_surname = _surname(kb, name_words[-1], day, "")
        if by_surname is not None:
            return by_surname
    if head is None and len(words) <= 3:
        agent = _agent(kb, words)
        if agent is not None and " ".join(words).lower().endswith(agent[1].lower()):
            return _with_agent(None, agent[0], agent[1], former=agent[2], text=text)
    if len(words) == 1:
        return _surname(kb, words[0], day, "")
    return None


def resolve_many(path: Path, *, kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
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
            found = resolve_name(name, date=day, kb=kb)
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
