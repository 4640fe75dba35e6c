"""Find actor mentions in a parsed document and resolve them as of a date.

A mention is a token span with a resolved `Actor` (or a person we could not
resolve, kept for in-document aliases and consistency checks). Order of work:
knowledge-base aliases (longest match), people from NER, titles before names,
agents with their country ("Ukrainian police"), and in-document references
("Putin" after "Vladimir Putin", "the two countries").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from detente.actors.kb import (
    DATA_DIR,
    SECTOR_OF_KIND,
    AliasHit,
    Entity,
    KnowledgeBase,
    alias_key,
)
from detente.actors.offices import FORMER_WORDS
from detente.records import Actor, Role

PAIR_PHRASES = {
    "the two countries",
    "both countries",
    "the two sides",
    "both sides",
    "the sides",
    "the two nations",
    "both nations",
    "the two governments",
    "both governments",
    "the two leaders",
    "both leaders",
    "the two neighbours",
    "the two neighbors",
}
PAIR_FIRST_WORDS = {phrase.split()[0] for phrase in PAIR_PHRASES}
MAX_WINDOW = 8
# the reason of a person the knowledge base does not know and no title places
UNKNOWN_PERSON = "person not in knowledge base"
# a bare surname stands for a foreign office holder only if the document names his country,
# or names other countries fewer times than this (too little context to judge)
CONTEXT_MENTIONS = 3
# Whose agents: "Chinese leaders", "Hamas fighters", "UN troops", "Hun Sen's government".
OWNER_KINDS = ("country", "adjective", "capital", "group", "org", "person")
OWNER_DEPS = ("amod", "compound", "poss", "nmod")  # the dependents that say whose a noun is
# Entities that are dates, times and amounts: never an actor, never an event.
NUMERIC_ENTITIES = ("DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY")


@dataclass(slots=True)
class Mention:
    start: int  # token offsets
    end: int
    actors: list[Actor]  # one, or two for "the two countries"
    kind: str  # country | person | org | group | institution | agent | pair | adjective | capital
    title: str = ""  # e.g. "Russian Foreign Minister" before a person's name
    entity: Entity | None = None

    @property
    def resolved(self) -> bool:
        return any(a.code for a in self.actors)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit()


def _actor_for(
    entity: Entity, *, span: Span, day: dt.date | None, via: str, alias: str, sector: str = ""
) -> Actor | None:
    when = day.isoformat() if day else "no date"
    reason = f"{via} {alias!r} -> {entity.name}"
    role = entity.role_on(day)
    if role is None:
        role = former_role(entity, day)
        if role is None:
            return None
        sector = "ELI"  # a former official: the elite of the last role's country
        reason += f": former {_role_text(role)}, no role on {when}"
    elif role.start or role.end:
        reason += f" ({_role_text(role)}, valid {when})"
    code_sector = sector or role.sector or SECTOR_OF_KIND.get(entity.kind, "")
    return Actor(
        code=role.country,
        sector=code_sector,
        entity_text=span.text,
        entity_id=entity.id,
        name=entity.name,
        org=role.org,
        start=span.start_char,
        end=span.end_char,
        reason=reason,
    )


def _role_text(role: Role) -> str:
    return f"{role.title or role.sector} {role.start or '…'}–{role.end or '…'}"


def former_role(entity: Entity, day: dt.date | None) -> Role | None:
    """A person's last role that ended before `day`, if none is valid on it."""
    if entity.kind != "person" or day is None or entity.role_on(day) is not None:
        return None
    ended = [r for r in entity.roles if r.end and r.end < day.isoformat()]
    return max(ended, key=lambda r: r.end) if ended else None


def _best_or_former(
    kb: KnowledgeBase, hits: list[AliasHit], day: dt.date | None
) -> tuple[Entity, Role, AliasHit] | None:
    """The best hit with a role on `day`, else the person named in full ("Yvette Cooper",
    not "Cooper" of "Anderson Cooper") who held one last before it."""
    best = kb.best(hits, day) if hits else None
    if best is not None:
        return best
    formers = [
        (role, kb.entities[h.entity_id], h)
        for h in hits
        if " " in h.alias and (role := former_role(kb.entities[h.entity_id], day)) is not None
    ]
    if not formers:
        return None
    role, entity, hit = max(formers, key=lambda f: f[0].end)
    return entity, role, hit


def particle_name(doc: Doc, i: int) -> bool:
    """ "al-Qaeda", "al-Shabaab": a lower-case particle joined to a capitalised name."""
    return i + 2 < len(doc) and doc[i + 1].text == "-" and _capitalised(doc[i + 2])


def kb_mentions(doc: Doc, kb: KnowledgeBase, day: dt.date | None) -> list[Mention]:
    """Longest alias matches, left to right."""
    found: list[Mention] = []
    i = 0
    n = len(doc)
    window = min(MAX_WINDOW, kb.max_alias_tokens)
    first_words = kb.first_words
    while i < n:
        if (not _capitalised(doc[i]) and not particle_name(doc, i)) or (
            alias_key(doc[i].text) not in first_words
        ):
            i += 1
            continue
        matched = False
        for j in range(min(n, i + window), i, -1):
            span = doc[i:j]
            if not _capitalised(doc[j - 1]) and doc[j - 1].text != "'s" and not _hyphen_end(doc, j):
                continue
            best = _best_or_former(kb, kb.lookup(span.text), day)
            if best is None:
                continue
            entity, _, hit = best
            if entity.kind == "person" and kb.only_title(hit.alias):
                continue  # "Vice-President" alone names an office, not a person
            sector = "GOV" if hit.via == "capital" else ""
            actor = _actor_for(
                entity, span=span, day=day, via=hit.via, alias=hit.alias, sector=sector
            )
            if actor is None:
                continue
            kind = hit.via if hit.via in ("adjective", "capital") else entity.kind
            found.append(Mention(i, j, [actor], kind, entity=entity))
            i = j
            matched = True
            break
        if not matched:
            i += 1
    return found


def _hyphen_end(doc: Doc, end: int) -> bool:
    """The span ends in the lower-case part of a hyphenated name ("Tsai Ing-wen")."""
    if end < 3 or doc[end - 2].text != "-":
        return False
    joined = not doc[end - 3].whitespace_ and not doc[end - 2].whitespace_
    return joined and _capitalised(doc[end - 3])


# bodies whose name before a title says whom the person speaks for ("Hamas leader X",
# "NATO spokesman Y"; not an institution's: "Senate President" in Puerto Rico)
BODIES = frozenset({"group", "org"})


def _title_before(doc: Doc, start: int, kb: KnowledgeBase) -> tuple[int, str, str, str]:
    """Scan the words before a name: (new start, title text, country, sector)."""
    j = start
    while j > 0 and doc[j - 1].dep_ in ("compound", "amod") and doc[j - 1].head.i >= start - 1:
        j -= 1
    if j == start:
        return start, "", "", ""
    words = doc[j:start]
    country = ""
    sector = ""
    for k in range(len(words)):
        hits = kb.lookup(words[k].text)
        adj = [h for h in hits if h.via in ("adjective", "alias")]
        entity = kb.entities[adj[0].entity_id] if adj else None
        if entity is not None and entity.kind == "country" and entity.roles and not country:
            country = entity.roles[0].country  # the code, also for user-layer countries
            continue
        if entity is not None and entity.kind in BODIES and entity.roles and not country:
            # "Houthi spokesman X", "Hamas leader Y": the body's side, not the title's sector
            country, sector = entity.roles[0].country, entity.roles[0].sector
            if sector:
                break
            continue
        for m in range(len(words), k, -1):
            found = kb.agent_sector(words[k:m].text)
            if found:
                sector = found
                break
        if sector:
            break
    if sector and is_former(words):
        sector = "ELI"  # "former Afghan President X": no longer in office
    return j, words.text, country, sector


def is_former(title: Span) -> bool:
    """Whether a title says the office is past ("former", "ex-")."""
    return any(t.lower_ in FORMER_WORDS for t in title)


def _follow_title(mention: Mention, title: Span, kb: KnowledgeBase, day: dt.date | None) -> None:
    """ "NATO Secretary General Jens Stoltenberg": of a person's roles, take the one
    the title names (by country or organisation), if the person has such a role."""
    if mention.entity is None or not len(title):
        return
    for token in title:
        hits = [
            h for h in kb.lookup(token.text) if kb.entities[h.entity_id].kind in ("country", "org")
        ]
        if not hits:
            continue
        owner = kb.entities[hits[0].entity_id].roles
        if not owner:
            continue
        code, org = owner[0].country, owner[0].org
        roles = [r for r in mention.entity.roles if r.country == code and (not org or r.org == org)]
        actor = mention.actors[0]
        if not roles or (actor.code == code and (not org or actor.org == org)):
            return
        valid = [r for r in roles if r.valid_on(day)] or roles
        role = max(valid, key=lambda r: (r.start, r.end))
        mention.actors = [
            replace(
                actor,
                code=role.country,
                sector=role.sector,
                org=role.org,
                reason=f"{actor.reason}; the title {title.text!r} names the role "
                f"{role.title or role.sector} of {role.country} {role.start or '…'}–{role.end or '…'}",
            )
        ]
        return


def _agent_mentions(
    doc: Doc, kb: KnowledgeBase, taken: set[int], by_token: dict[int, Mention]
) -> list[Mention]:
    """Agent nouns with the country that modifies them: "Chinese leaders", "Iraq's army"."""
    found: list[Mention] = []
    for token in doc:
        if (
            token.i in taken
            or token.pos_ not in ("NOUN", "PROPN")
            or token.ent_type_ in NUMERIC_ENTITIES
        ):
            continue
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            continue
        if token.lower_ not in kb.agent_heads and token.lemma_.lower() not in kb.agent_heads:
            continue  # no agent phrase ends in this word
        sector = None
        start = token.i
        for left in range(max(0, token.i - 2), token.i + 1):
            phrase = doc[left : token.i + 1]
            sector = kb.agent_sector(phrase.text) or kb.agent_sector(
                " ".join([*(t.lower_ for t in phrase[:-1]), token.lemma_.lower()])
            )
            if sector:
                start = left
                break
        if not sector:
            continue
        owners = _owners(token, by_token)
        span_start = min([start, *(m.start for m in owners)])
        span = doc[span_start : token.i + 1]
        actors = []
        for owner in owners:
            base = owner.actors[0]
            own_sector = base.sector if owner.kind in ("group", "org") and base.sector else sector
            actors.append(
                replace(  # "Hamas fighters" are Hamas
                    base,
                    sector=own_sector,
                    entity_text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    reason=f"agent {token.lemma_!r} -> {own_sector}; {base.reason}",
                )
            )
        if not actors:
            actors = [
                Actor(
                    code="",
                    sector=sector,
                    entity_text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    reason=f"agent {token.lemma_!r} -> {sector}; no country",
                )
            ]
        found.append(Mention(span_start, token.i + 1, actors, "agent"))
    return found


def _owners(token: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """The coded mentions that own a noun: "Iraq's army", "US and British forces" (both),
    "the army of Iraq"."""
    owners: list[Mention] = []
    named_before = any(c.dep_ in OWNER_DEPS and c.i in by_token for c in token.children)
    for child in token.children:
        if child.dep_ in OWNER_DEPS:
            heads = [child]
        elif child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
            if child.lower_ == "in" and named_before:
                continue  # "the US Embassy in London": where it is, not whose
            heads = [obj for obj in child.children if obj.dep_ == "pobj"]
        else:
            continue
        for head in heads:
            for t in (head, *head.conjuncts):
                owner = by_token.get(t.i)
                if owner is not None and owner not in owners and owner.kind in OWNER_KINDS:
                    owners.append(owner)
    return [m for m in owners if m.actors[0].code]


def _rehome_institutions(doc: Doc, mentions: list[Mention], by_token: dict[int, Mention]) -> None:
    """ "Puerto Rico's Senate", "the Philippine Senate": an institution named by a word
    the knowledge base gives one country ("Senate" -> USA) belongs to the country that
    owns it in the sentence; it keeps its sector."""
    for mention in mentions:
        if mention.kind != "institution":
            continue
        owners = [
            m
            for m in _owners(doc[mention.end - 1], by_token)
            if m is not mention and m.kind in ("country", "adjective", "capital")
        ]
        actor = mention.actors[0]
        if not owners or owners[0].actors[0].code == actor.code:
            continue
        owner = owners[0]
        mention.actors = [
            replace(
                actor,
                code=owner.actors[0].code,
                entity_id="",
                name="",
                reason=f"{actor.reason}; owned by {doc[owner.start : owner.end].text!r} "
                f"-> {owner.actors[0].code}",
            )
        ]


def _titles_of_people(doc: Doc, agents: list[Mention], mentions: list[Mention]) -> list[Mention]:
    """ "Secretary of State Antony Blinken": an office named right before a person is the
    person's title, not a side of its own; the agents left."""
    people = {m.start: m for m in mentions if m.kind == "person"}
    left = []
    for agent in agents:
        person = people.get(agent.end)
        if person is None:
            left.append(agent)
            continue
        person.title = doc[agent.start : person.start].text + (
            f" {person.title}" if person.title else ""
        )
        person.start = agent.start
        actor, office = person.actors[0], agent.actors[0]
        if not actor.code:  # a person the knowledge base lacks: "Niger's ambassador X"
            why = f"{actor.reason}; title {person.title!r}"
            sector = actor.sector or office.sector
            person.actors = [replace(actor, code=office.code, sector=sector, reason=why)]
    return left


def _person_mentions(
    doc: Doc,
    kb: KnowledgeBase,
    day: dt.date | None,
    taken: set[int],
    known: dict[str, Mention],
    named: Counter[str],
) -> list[Mention]:
    """NER people the KB did not match: in-document surnames, titles, or unresolved.
    `named` counts the codes of the document's other actor mentions."""
    found: list[Mention] = []
    for ent in doc.ents:
        if any(t.i in taken for t in ent):
            continue
        if len(ent) == 1 and ent.end in taken:
            continue  # "Secretary of State Mike Pompeo": the parser's "State" is in a title
        if ent.label_ in ("GPE", "ORG", "NORP") and len(ent) == 1 and ent.root.pos_ == "PROPN":
            # The parser's "GPE" Erdogan: a surname the KB knows as an office holder?
            holder = _surname_holder(doc, ent.text, kb, day, named)
            actor = (
                None
                if holder is None
                else _actor_for(holder, span=ent, day=day, via="surname of", alias=ent.text)
            )
            if holder is not None and actor is not None:
                found.append(Mention(ent.start, ent.end, [actor], "person", entity=holder))
            continue
        tokens = [t for t in ent if t.text != "'s"]
        if ent.label_ != "PERSON" or not tokens:
            continue
        span = doc[tokens[0].i : tokens[-1].i + 1]
        start, title, country, sector = _title_before(doc, span.start, kb)
        earlier = known.get(tokens[-1].lower_)
        if earlier is not None and len(tokens) == 1 and earlier.actors[0].code:
            base = earlier.actors[0]
            actor = replace(
                base,
                entity_text=span.text,
                start=span.start_char,
                end=span.end_char,
                reason=f"in-document alias {span.text!r} of {base.entity_text!r}",
            )
            found.append(
                Mention(start, span.end, [actor], "person", title=title, entity=earlier.entity)
            )
            continue
        holder = _surname_holder(doc, tokens[-1].text, kb, day, named) if not country else None
        if holder is not None and len(tokens) > 1 and not _same_given_name(tokens, holder):
            holder = None  # "Alexander Pimentel" is not the minister "José Pimentel"
        held = (
            None
            if holder is None
            else _actor_for(holder, span=span, day=day, via="surname of", alias=span.text)
        )
        if holder is not None and held is not None:  # "Erdogan": the one office holder so named
            mention = Mention(start, span.end, [held], "person", title=title, entity=holder)
            found.append(mention)
            known.setdefault(tokens[-1].lower_, mention)
            continue
        actor = Actor(
            code=country,
            sector=sector,
            entity_text=span.text,
            name=span.text,
            start=span.start_char,
            end=span.end_char,
            reason=f"title {title!r}" if country else UNKNOWN_PERSON,
        )
        mention = Mention(start, span.end, [actor], "person", title=title)
        found.append(mention)
        if country:
            known.setdefault(tokens[-1].lower_, mention)
    return found


def _surname_holder(
    doc: Doc, surname: str, kb: KnowledgeBase, day: dt.date | None, named: Counter[str]
) -> Entity | None:
    """The one office holder of the day with this surname, unless the document names
    someone else so called ("Howard dismisses ..." where the article is about Michael
    Howard, not the Australian prime minister John Howard), or, when it never names him
    in full, names other countries often and his never ("Mr Howard" in British news
    with no word of Australia)."""
    holder = kb.office_holder_named(surname, day)
    role = holder.role_on(day) if holder is not None else None
    if holder is None or role is None:
        return None
    in_full = False
    for ent in doc.ents:
        tokens = [t for t in ent if t.text != "'s"]
        if ent.label_ == "PERSON" and len(tokens) > 1 and tokens[-1].lower_ == surname.lower():
            if not _same_given_name(tokens, holder):
                return None
            in_full = True
    others = sum(n for code, n in named.items() if code != role.country)
    if in_full or role.country == "IGO" or named[role.country] or others < CONTEXT_MENTIONS:
        return holder
    return None


def _same_given_name(tokens: list[Token], holder: Entity) -> bool:
    """Whether a full name's first word is also in the office holder's name or aliases."""
    first = tokens[0].lower_.rstrip(".")
    names = [holder.name, *holder.aliases]
    return any(first in name.lower().replace(".", "").split() for name in names)


def _pair_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "The two countries" / "both sides" -> the two countries most named before it."""
    found: list[Mention] = []
    coded = sorted((m for m in mentions if m.actors[0].code), key=lambda m: m.start)
    starts = [t.i for t in doc if t.lower_ in PAIR_FIRST_WORDS]
    for size in (3, 2):
        for i in starts:
            if i + size > len(doc):
                continue
            span = doc[i : i + size]
            if span.text.lower() not in PAIR_PHRASES:
                continue
            counts: dict[str, tuple[int, int, Actor]] = {}  # code -> (count, last, actor)
            people = span[-1].lower_ == "leaders"  # "the two leaders": people, not places
            for m in coded:
                if m.end > i:
                    break
                if people and m.kind != "person":
                    continue
                actor = m.actors[0]
                count, _, first = counts.get(actor.code, (0, 0, actor))
                counts[actor.code] = (count + 1, m.start, first if count else actor)
            top = sorted(counts.values(), key=lambda c: (-c[0], -c[1]))[:2]
            if len(top) < 2:
                continue
            actors = [
                replace(
                    a,
                    entity_text=span.text,
                    entity_id="",
                    name="",
                    start=span.start_char,
                    end=span.end_char,
                    reason=f"{span.text!r} -> {a.code}, named {n} times before",
                )
                for n, _, a in sorted(top, key=lambda c: c[2].code)
            ]
            found.append(Mention(i, i + size, actors, "pair"))
    return found


# Doc.user_data key: the `kb_mentions` of the Doc, found before (on the same tokens)
KB_MENTIONS_KEY = "detente_kb_mentions"


def find_mentions(doc: Doc, kb: KnowledgeBase, day: dt.date | None) -> list[Mention]:
    """All actor mentions of a document, sorted by position, non-overlapping."""
    before: list[Mention] | None = doc.user_data.get(KB_MENTIONS_KEY)
    if before is None:
        before = kb_mentions(doc, kb, day)
    else:  # copies: what follows changes them
        before = [replace(m, actors=list(m.actors)) for m in before]
    # names that stand for no actor go first, so no agent takes its country from one
    mentions = [m for m in before if not _names_no_actor(doc, m)]
    known: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "person":
            known.setdefault(doc[m.end - 1].lower_, m)
            first, m.title, _, _ = _title_before(doc, m.start, kb)
            _follow_title(m, doc[first : m.start], kb, day)
            if is_former(doc[first : m.start]) and m.actors[0].sector == "GOV":
                actor = m.actors[0]
                m.actors = [replace(actor, sector="ELI", reason=f"{actor.reason}; 'former' -> ELI")]
            m.start = first
    # A title absorbs the adjective inside it ("Russian President Vladimir Putin").
    mentions = [
        m
        for m in mentions
        if not any(o is not m and o.start <= m.start and m.end <= o.end for o in mentions)
    ]
    taken = {i for m in mentions for i in range(m.start, m.end)}
    named = Counter(a.code for m in mentions if m.kind != "person" for a in m.actors if a.code)
    people = _person_mentions(doc, kb, day, taken, known, named)
    mentions += people
    taken |= {i for m in people for i in range(m.start, m.end)}
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    _rehome_institutions(doc, mentions, by_token)
    agents = _titles_of_people(doc, _agent_mentions(doc, kb, taken, by_token), mentions)
    # An agent mention absorbs the country adjective that modifies it.
    absorbed = {id(by_token[i]) for a in agents for i in range(a.start, a.end) if i in by_token}
    mentions = [m for m in mentions if id(m) not in absorbed] + agents
    mentions += _pair_mentions(doc, mentions)
    mentions = [  # the longest wins where two overlap ("Afghan" in "Afghan President ...")
        m
        for m in mentions
        if not any(
            o is not m
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in mentions
        )
    ]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return [m for m in mentions if not _names_no_actor(doc, m)]


@lru_cache(maxsize=1)
def _non_actor_words() -> tuple[tuple[tuple[str, ...], ...], frozenset[str], frozenset[str]]:
    """Fixed expressions, head nouns, and nouns whose city modifier is a venue, that show
    a name is no actor (data/non_actors.tsv)."""
    phrases: list[tuple[str, ...]] = []
    heads: set[str] = set()
    venues: set[str] = set()
    with (DATA_DIR / "non_actors.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            kind, _, words = line.rstrip("\n").partition("\t")
            if kind == "phrase":
                phrases.append(tuple(words.split()))
            elif kind == "head":
                heads.add(words)
            elif kind == "venue":
                venues.add(words)
    return tuple(phrases), frozenset(heads), frozenset(venues)


def _new_world(doc: Doc, mention: Mention, ent: Span) -> bool:
    """ "New Orleans", "New Mexico", "New Jersey": a place named after another is not
    it (the knowledge base matches whole names it knows, "New Caledonia", first)."""
    return (
        ent.label_ in ("GPE", "LOC", "FAC")
        and ent.start < mention.start
        and doc[mention.start - 1].text == "New"
    )


def _branch_name(doc: Doc, mention: Mention, ent: Span) -> bool:
    """ "Mazars USA", "Air Canada", "Samsung India": a name ending in a country after
    another proper name (not "the Government of Canada") names a company or a place
    ("Northern Ireland"), not the country."""
    return (
        ent.label_ in ("ORG", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT")
        and mention.kind == "country"
        and ent.start < mention.start
        and mention.end == ent.end
        and doc[mention.start - 1].pos_ == "PROPN"
    )


def _names_no_actor(doc: Doc, mention: Mention) -> bool:
    """A name inside a person's name ("John Jordan"), an amount of money, a currency or
    product ("US dollars", "the Chinese yuan"), or a fixed expression ("state of
    emergency") is no actor."""
    phrases, heads, venues = _non_actor_words()
    span = doc[mention.start : mention.end]
    venue = {span.root.head.lemma_.lower(), span.root.head.lower_} & venues
    if mention.kind == "capital" and span.root.dep_ == "compound" and venue:
        return True  # "the Minsk agreement": where it was made, not who made it
    if mention.kind in ("country", "adjective", "capital"):
        for ent in span.ents or [e for e in doc.ents if e.start <= mention.start < e.end]:
            inside = ent.start <= mention.start and mention.end <= ent.end
            if inside and (
                ent.label_ == "MONEY"
                or (ent.label_ == "PERSON" and len(ent) > len(span))
                or _new_world(doc, mention, ent)
                or _branch_name(doc, mention, ent)
            ):
                return True
        head = span.root.head
        if span.root.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in heads:
            return True
    longest = max((len(p) for p in phrases), default=0)
    window = doc[max(0, mention.start - longest + 1) : min(len(doc), mention.end + longest - 1)]
    lemmas = [t.lemma_.lower() for t in window]
    for phrase in phrases:
        for first in range(len(lemmas) - len(phrase) + 1):
            at = window.start + first
            overlaps = at < mention.end and at + len(phrase) > mention.start
            if overlaps and tuple(lemmas[first : first + len(phrase)]) == phrase:
                return True
    return False
