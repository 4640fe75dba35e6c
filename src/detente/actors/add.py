"""`detente actors add`: one person or group into the user's layer of the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from detente.actors.importer import CAMEO_SECTORS, _slug, parse_code, write_layer
from detente.actors.kb import Entity, user_layer_dir
from detente.errors import DetenteError, E
from detente.records import Role

KINDS = ("person", "group", "org", "institution", "country")


@dataclass(frozen=True, slots=True)
class NewActor:
    """What `actors add` is told: a name, a code and sector, when, and other names."""

    name: str
    code: str
    sector: str = ""
    start: str = ""
    end: str = ""
    aliases: tuple[str, ...] = ()
    title: str = ""
    kind: str = "person"

    def entity(self, *, source: str = "cli") -> Entity:
        """The entity, after checking the code, sector, dates and kind."""
        name = " ".join(self.name.split())
        if not name:
            raise DetenteError(E.E802, why="no name")
        parsed = parse_code(self.code)
        if parsed is None:
            raise DetenteError(E.E802, why=f"{self.code!r} is no CAMEO or ISO code")
        country, code_sector, org = parsed
        sector = (self.sector or code_sector).upper()
        if sector and sector not in CAMEO_SECTORS:
            raise DetenteError(E.E802, why=f"{sector!r} is no CAMEO sector")
        if self.kind not in KINDS:
            raise DetenteError(E.E802, why=f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        for day in (self.start, self.end):
            try:
                if day:
                    dt.date.fromisoformat(day)
            except ValueError as err:
                raise DetenteError(E.E008, value=day) from err
        if self.start and self.end and self.end < self.start:
            raise DetenteError(E.E802, why=f"ends ({self.end}) before it starts ({self.start})")
        role = Role(
            country=country,
            sector=sector,
            org=org,
            title=self.title,
            start=self.start,
            end=self.end,
        )
        aliases = [a for a in dict.fromkeys(" ".join(a.split()) for a in self.aliases) if a]
        return Entity(
            id=f"user:{_slug(name)}",
            kind=self.kind,
            name=name,
            aliases=[a for a in aliases if a != name],
            roles=[role],
            sources=[f"user:{source}"],
        )


def add_actor(actor: NewActor, *, layer_dir: Path | None = None, source: str = "cli") -> Entity:
    """Write the actor into the user layer (merged with an entry of the same name) and
    return it; the next `load_kb` sees it (its cache follows the layer files)."""
    entity = actor.entity(source=source)
    layer = layer_dir if layer_dir is not None else user_layer_dir()
    write_layer([entity], {}, layer_dir=layer, builtin={}, source=source)
    return entity


__all__ = ["KINDS", "NewActor", "add_actor"]
