"""The country an article is about, for sides known only by their sector.

"Police arrested two protesters" names no country. In an article whose headline
and text name one country more than all others together, the police and the
protesters are that country's: PLOVER codes domestic actors (government,
military, police, courts, parties, rebels, civilians) with their country, and a
reader of the article would too. Business, media, religious and international
sectors are left alone: "the company" says nothing about whose it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from detente.actors.kb import KnowledgeBase
from detente.actors.mentions import UNKNOWN_PERSON, Mention
from detente.records import Actor

# sectors of actors who belong to the country they act in
DOMESTIC = frozenset(
    {"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "ELI", "REB", "CVL", "LAB", "PRE"}
)
# of those, the state and its armed challengers: a sentence that names one of them is
# about the country's politics ("police arrested ..."); one that names only civilians
# ("twenty bodies were recovered, eleven women ...") is not, unless it names an actor
STATE = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "REB", "OPP"})


def home_country(
    mentions: Iterable[Mention], kb: KnowledgeBase, regions: Iterable[str] = ()
) -> tuple[str, int, int] | None:
    """(code, its mentions, all country mentions) of the country named in more than half
    of the mentions that name a country, if there is one; `regions` are the countries of
    the regions the article names ("California", "Sindh"), one mention each."""
    countries = kb.country_codes
    counts = Counter[str](code for code in regions if code in countries)
    for mention in mentions:
        for code in {a.code for a in mention.actors if a.code in countries}:
            counts[code] += 1
    total = sum(counts.values())
    if not total:
        return None
    code, top = counts.most_common(1)[0]
    return (code, top, total) if 2 * top > total else None


def _nameless(mention: Mention) -> bool:
    """A side known by its sector or title only ("police", "the interior minister")."""
    return mention.kind in ("agent", "person") and not mention.resolved


def is_state_agent(mention: Mention) -> bool:
    """An agent of the state or its armed challengers that names no country."""
    return _nameless(mention) and any(a.sector in STATE for a in mention.actors)


ARTICLE_COUNTRY = "country of the article"


def give_home_country(mentions: list[Mention], home: tuple[str, int, int] | None) -> None:
    """Code the domestic sides that name no country, and the persons the knowledge base
    lacks (`home_person`: a guess the coder uses sparingly), with the article's country."""
    if home is None:
        return
    code, top, total = home
    why = f"{ARTICLE_COUNTRY}: {code} ({top} of {total} mentions of a country)"
    for mention in mentions:
        if not _nameless(mention):
            continue
        mention.actors = [
            replace(a, code=code, reason=f"{a.reason}; {why}")
            if a.sector in DOMESTIC or a.reason == UNKNOWN_PERSON
            else a
            for a in mention.actors
        ]


def home_person(actor: Actor) -> bool:
    """A person the knowledge base does not know, given the article's country: a fair
    guess for whom a state acts on ("the judge sentenced Paul Manafort"), too weak to
    make anyone an actor or an event by itself (`detente.coding.coder.code_sentence`)."""
    return not actor.sector and actor.reason.startswith(f"{UNKNOWN_PERSON}; {ARTICLE_COUNTRY}")
