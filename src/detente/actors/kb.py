"""The actor knowledge base: entities with aliases and dated roles.

Built-in data lives in `actors/data/` (made by `scripts/build_kb.py`); a user
layer (`detente kb import`) is loaded on top and wins over it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from detente.errors import DetenteError, E
from detente.records import Role

DATA_DIR = Path(__file__).parent / "data"
SECTOR_OF_KIND = {"institution": "GOV"}  # the Kremlin is the government
KIND_PRIORITY = {"country": 0, "org": 1, "group": 2, "institution": 3, "person": 4}


@dataclass(slots=True)
class Entity:
    id: str
    kind: str
    name: str
    aliases: list[str]
    roles: list[Role]
    adjectives: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role valid on `day` (the latest-starting one), else None; with no
        date, the open-ended role, else the most recent one."""
        valid = [r for r in self.roles if r.valid_on(day)]
        if not valid and day is None and self.roles:
            # No date to go by: the most recent role is the best guess.
            return max(self.roles, key=lambda r: (r.end, r.start, bool(r.sector)))
        if not valid:
            return None
        return max(valid, key=lambda r: (r.start or "", bool(r.sector)))

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "aliases": self.aliases,
            "roles": [
                {k: getattr(r, k) for k in ("country", "sector", "org", "title", "start", "end")}
                for r in self.roles
            ],
        }
        out["sources"] = self.sources
        if self.adjectives or self.kind == "country":
            out["adjectives"] = self.adjectives
        if self.capitals or self.kind == "country":
            out["capitals"] = self.capitals
        return out


def entity_from_dict(raw: dict[str, object]) -> Entity:
    roles_raw = raw.get("roles") or []
    assert isinstance(roles_raw, list)
    roles = [
        Role(
            country=str(r.get("country", "")),
            sector=str(r.get("sector", "") or ""),
            org=str(r.get("org", "") or ""),
            title=str(r.get("title", "") or ""),
            start=str(r.get("start", "") or ""),
            end=str(r.get("end", "") or ""),
        )
        for r in roles_raw
    ]

    def strings(key: str) -> list[str]:
        value = raw.get(key) or []
        assert isinstance(value, list)
        return [str(v) for v in value]

    return Entity(
        id=str(raw["id"]),
        kind=str(raw.get("kind", "person")),
        name=str(raw.get("name", raw["id"])),
        aliases=strings("aliases"),
        roles=roles,
        adjectives=strings("adjectives"),
        capitals=strings("capitals"),
        sources=strings("sources"),
    )


def alias_key(text: str) -> str:
    """The lookup key of an alias or a span of text: lower case, no diacritics
    ("Erdoğan" is "erdogan"), single spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


def is_user_entity(entity: Entity) -> bool:
    """Whether the entity comes from (or was corrected by) the user's layer."""
    return any(s == "user" or s.startswith("user:") for s in entity.sources)


@dataclass(frozen=True, slots=True)
class AliasHit:
    entity_id: str
    via: str  # alias | adjective | capital
    alias: str


class KnowledgeBase:
    """Entities indexed by alias, adjective and capital; agents by word."""

    def __init__(self, entities: Iterable[Entity], agents: dict[str, str]) -> None:
        self.entities: dict[str, Entity] = {}
        self.index: dict[str, list[AliasHit]] = {}
        self.agents = agents
        self.max_alias_tokens = 1
        self._surnames: dict[str, list[Entity]] | None = None  # built on first use
        self._agent_heads: set[str] | None = None
        self._first_words: set[str] | None = None
        self._countries: frozenset[str] | None = None
        for entity in entities:
            self.add(entity)

    def add(self, entity: Entity) -> None:
        """Add or replace an entity (a later layer wins)."""
        if entity.id in self.entities:
            self._unindex(entity.id)
        self._surnames = None
        self._first_words = None
        self._countries = None
        self.entities[entity.id] = entity
        for via, names in (
            ("alias", [entity.name, *entity.aliases]),
            ("adjective", entity.adjectives),
            ("capital", entity.capitals),
        ):
            for name in names:
                key = alias_key(name).removeprefix("the ")  # "the Emirates" is found as "Emirates"
                if not key:
                    continue
                hits = self.index.setdefault(key, [])
                if not any(h.entity_id == entity.id and h.via == via for h in hits):
                    hits.append(AliasHit(entity.id, via, name))
                self.max_alias_tokens = max(self.max_alias_tokens, len(key.split()) + 2)

    def _unindex(self, entity_id: str) -> None:
        for key in list(self.index):
            kept = [h for h in self.index[key] if h.entity_id != entity_id]
            if kept:
                self.index[key] = kept
            else:
                del self.index[key]

    def lookup(self, text: str) -> list[AliasHit]:
        """Alias hits for `text`, honouring case for acronyms ("US" is not "us")."""
        hits = self.index.get(alias_key(text), [])
        return [
            h
            for h in hits
            if not _is_acronym(h.alias)
            or h.alias.replace(".", "")
            in (text.replace(".", ""), text.replace(".", "").upper() if text.isupper() else "")
        ]

    def best(
        self, hits: list[AliasHit], day: dt.date | None
    ) -> tuple[Entity, Role, AliasHit] | None:
        """The most plausible entity among alias hits on `day`."""
        ranked: list[tuple[tuple[int, int, int, int], Entity, Role, AliasHit]] = []
        for hit in hits:
            entity = self.entities[hit.entity_id]
            role = entity.role_on(day)
            if role is None:
                continue
            full_name = 0 if len(hit.alias.split()) > 1 or entity.kind != "person" else 1
            layer = 0 if is_user_entity(entity) else 1  # the user's layer wins
            # "Serbian" is listed for Serbia and for old Serbia-and-Montenegro entries:
            # prefer the entity whose name the word comes from.
            stem = 0 if alias_key(entity.name)[:4] == alias_key(hit.alias)[:4] else 1
            rank = (layer, KIND_PRIORITY.get(entity.kind, 9), full_name, stem)
            ranked.append((rank, entity, role, hit))
        if not ranked:
            return None
        ranked.sort(key=lambda item: item[0])
        _, entity, role, hit = ranked[0]
        return entity, role, hit

    @property
    def country_codes(self) -> frozenset[str]:
        """The codes of the countries (and territories) the knowledge base knows."""
        if self._countries is None:
            self._countries = frozenset(
                r.country for e in self.entities.values() if e.kind == "country" for r in e.roles
            )
        return self._countries

    @property
    def surnames(self) -> dict[str, list[Entity]]:
        """People by the last word of their name (built on first use)."""
        if self._surnames is None:
            self._surnames = {}
            for entity in self.entities.values():
                if entity.kind == "person" and entity.name:
                    last = alias_key(entity.name).split()[-1]
                    self._surnames.setdefault(last, []).append(entity)
        return self._surnames

    def office_holder_named(self, surname: str, day: dt.date | None) -> Entity | None:
        """The one person of that surname in government or an IGO on `day`, if just one."""
        holders = []
        for entity in self.surnames.get(alias_key(surname), []):
            role = entity.role_on(day)
            if role is not None and (role.sector == "GOV" or role.country == "IGO"):
                holders.append(entity)
        return holders[0] if len(holders) == 1 else None

    @property
    def first_words(self) -> set[str]:
        """Every word an alias can begin with, as the tokenizer may cut it: "al" of
        "al-qaeda" too. Lets the mention finder skip a token at once."""
        if self._first_words is None:
            words: set[str] = set()
            for key in self.index:
                first = key.split()[0]
                words.add(first)
                for mark in ("-", "'", "."):
                    words.add(first.split(mark)[0])
            self._first_words = words
        return self._first_words

    @property
    def agent_heads(self) -> set[str]:
        """The last words of agent phrases ("minister" of "foreign minister")."""
        if self._agent_heads is None:
            self._agent_heads = {key.split()[-1] for key in self.agents}
        return self._agent_heads

    def agent_sector(self, words: str) -> str | None:
        return self.agents.get(alias_key(words))

    def only_title(self, alias: str) -> bool:
        """True for aliases that name an office, not a person ("Vice-President")."""
        words = alias.replace("-", " ").split()
        return all(
            self.agent_sector(w) or w.lower() in ("vice", "deputy", "of", "the") for w in words
        )

    def search(self, text: str, *, limit: int = 20) -> list[Entity]:
        needle = alias_key(text)
        found: list[Entity] = []
        seen: set[str] = set()
        for key, hits in self.index.items():
            if needle in key:
                for hit in hits:
                    if hit.entity_id not in seen:
                        seen.add(hit.entity_id)
                        found.append(self.entities[hit.entity_id])
        found.sort(
            key=lambda e: (alias_key(e.name) != needle, KIND_PRIORITY.get(e.kind, 9), e.name)
        )
        return found[:limit]


def read_entities(path: Path) -> Iterator[Entity]:
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield entity_from_dict(json.loads(line))
    except (OSError, ValueError) as err:
        raise DetenteError(E.E201, path=path, why=err) from err


def read_agents(path: Path) -> dict[str, str]:
    agents: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("#") or not line.strip():
                    continue
                word, sector, *_ = line.rstrip("\n").split("\t")
                if word == "word":
                    continue
                agents[alias_key(word)] = sector
    except (OSError, ValueError) as err:
        raise DetenteError(E.E201, path=path, why=err) from err
    return agents


def user_layer_dir() -> Path:
    """Where `detente kb import` keeps the user's additions (survives upgrades)."""
    env = os.environ.get("DETENTE_HOME")
    base = Path(env) if env else Path.home() / ".detente"
    return base / "kb"


def load_kb(data_dir: Path = DATA_DIR, user_dir: Path | None = None) -> KnowledgeBase:
    """The built-in KB with the user's layer on top (cached per data and layer folder, and
    read again when a layer file changes: `actors add` in another process, say)."""
    layer = user_dir if user_dir is not None else user_layer_dir()
    stamp = tuple(
        (path.stat().st_mtime_ns, path.stat().st_size) if path.exists() else (0, 0)
        for path in (layer / "entities.jsonl", layer / "agents.tsv")
    )
    return _load_kb(data_dir, layer, stamp)


@lru_cache(maxsize=4)
def _load_kb(data_dir: Path, layer: Path, stamp: tuple[tuple[int, int], ...] = ()) -> KnowledgeBase:
    kb = KnowledgeBase(read_entities(data_dir / "kb.jsonl"), read_agents(data_dir / "agents.tsv"))
    if (layer / "entities.jsonl").exists():
        for entity in read_entities(layer / "entities.jsonl"):
            kb.add(entity)
    if (layer / "agents.tsv").exists():
        kb.agents.update(read_agents(layer / "agents.tsv"))
        kb._agent_heads = None
    return kb
