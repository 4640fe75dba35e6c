"""The knowledge-base side of an actor page: who an id is and their roles over time."""

from __future__ import annotations

from typing import Any

from detente.actors.orgs import org_name
from detente.errors import DetenteError


def entity_view(actor_id: str) -> dict[str, Any] | None:
    """The KB entity for an entity id or a country code, with roles sorted by start.

    Returns None when the id is unknown or the knowledge base is not available.
    """
    try:
        from detente.actors.kb import load_kb

        kb = load_kb()
    except (DetenteError, OSError, ValueError):
        return None
    entity = kb.entities.get(actor_id) or kb.entities.get(actor_id.upper())
    if entity is None:
        code = actor_id.upper()
        countries = [
            e
            for e in kb.entities.values()
            if e.kind == "country" and any(r.country == code and not r.sector for r in e.roles)
        ]
        entity = countries[0] if len(countries) == 1 else None
    if entity is None:
        return None
    view: dict[str, Any] = entity.to_dict()
    roles = sorted(entity.roles, key=lambda r: (r.start or "", r.end or "~"))
    view["roles"] = [
        {
            "country": r.country,
            "sector": r.sector,
            "org": r.org,
            "org_name": org_name(r.org),
            "title": r.title,
            "start": r.start,
            "end": r.end,
        }
        for r in roles
    ]
    return view
