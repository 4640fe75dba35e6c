"""Place of an event, from the words attached to its trigger (its date: `coding.when`).

The nearest "in/at/near <place>" of the trigger's clause, the place visited, a place
name compounded with a noun trigger ("Putin's Beijing visit"), else the only place its
sentence names; the gazetteer then resolves the words (`detente.geo.locate`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from detente.actors.kb import KnowledgeBase

LOCATIVE = ("in", "at", "near", "inside")  # prepositions whose object is where it happens


def is_location(token: Token) -> bool:
    """The object of a locative preposition ("in Berlin"): where, not who."""
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """The words that say where an event happened: `text` may carry a qualifier
    ("Paris, Texas"); `code` is the country the knowledge base gives the name (for
    coding the sides of a visit or of violence), "" if none."""

    text: str
    start: int
    end: int
    code: str = ""
    # prep (an "in/at/near" phrase) | clause | visited | compound ("the Beijing visit")
    # | sentence (the only place the sentence names: `sentence_place`)
    rule: str = "prep"


def event_place(
    trigger: Token,
    kb: KnowledgeBase,
    *,
    sides: frozenset[int] = frozenset(),
    visit: bool = False,
) -> PlaceMention | None:
    """Where the trigger's event happened, from its own clause: the nearest
    "in/at/near <place>" under the trigger, its objects and their modifiers, or the
    subject's; for a visit, the place visited ("visited Moscow", "a trip to
    China"); else a place name compounded with a noun trigger ("Putin's Beijing
    visit") that is not one of `sides` (the actors' start offsets: "US sanctions"
    are the US's, not in the US)."""
    frontier = [trigger]
    for _ in range(3):  # the trigger, its objects, their modifiers
        following: list[Token] = []
        for token in frontier:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in LOCATIVE:
                    for obj in child.children:
                        if obj.dep_ != "pobj":
                            continue
                        if obj.ent_type_ in ("GPE", "LOC", "FAC"):
                            return _place(obj, kb)
                        if obj.pos_ == "PROPN":  # NER missed "Kiev"
                            found = _place(obj, kb)
                            if found.code:
                                return found
                if child.dep_ in ("dobj", "pobj", "prep", "npadvmod", "nsubjpass"):
                    following.append(child)
            # "a car bomb in Kiev killed ...": the subject's place, after the objects'
            following += [c for c in token.children if c.dep_ == "nsubj"]
        frontier = following
    host = trigger.head
    if (
        trigger.pos_ in ("NOUN", "PROPN")
        and trigger.dep_ in ("nsubj", "nsubjpass", "dobj")
        and host.pos_ in ("VERB", "AUX")
    ):
        # "talks were held in Geneva", "launched an attack in Kabul": the clause's place
        for child in host.children:
            if child.dep_ == "prep" and child.lower_ in LOCATIVE:
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ in ("GPE", "LOC", "FAC"):
                        return replace(_place(obj, kb), rule="clause")
    if visit:
        visited = [c for c in trigger.children if c.dep_ == "dobj"] + [
            o
            for c in trigger.children
            if c.dep_ == "prep" and c.lower_ in VISITED
            for o in c.children
            if o.dep_ == "pobj"
        ]
        for obj in visited:
            if _placename(obj, kb):
                return replace(_place(obj, kb, places_only=True), rule="visited")
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "compound" and _placename(child, kb):
                span = _entity(child, places_only=True)
                if span.start_char not in sides:
                    return replace(_place(child, kb, places_only=True), rule="compound")
    return None


VISITED = ("to",)  # "a visit to Beijing": the preposition of the place visited
# places that are where something came from or went, not where it happened
NOT_VENUE = ("from", "to", "toward", "towards", "into")


def _venue(root: Token, sides: frozenset[int], *, country: bool) -> bool:
    """Whether a place name may say where its sentence happens: not an actor ("Moscow
    said"), not a subject ("Mahan flies ..."), not a `country` named as whose someone is
    ("the United States special envoy"), not where someone came from or went, nor a
    place that describes a thing or a person ("Mexicans in the United States", "Iwasaki of
    Kobe") unless that thing is itself where ("in the border city of El Paso")."""
    if country and root.dep_ in ("compound", "poss", "amod", "nmod"):
        return False
    in_sides = root.i in sides
    while root.dep_ == "conj" and root.head.i != root.i:  # "in Vienna and Berlin": as Vienna
        root = root.head
    if root.dep_ in ("nsubj", "nsubjpass"):
        return False
    if in_sides and not is_location(root):
        return False
    if root.dep_ != "pobj":
        return True
    prep = root.head
    if prep.lower_ in NOT_VENUE:
        return False
    described = prep.head
    if described.pos_ not in ("NOUN", "PROPN", "PRON"):
        return True
    return prep.lower_ == "of" and is_location(described)


def sentence_place(
    sent: Span, kb: KnowledgeBase, *, sides: frozenset[int], after: int = 0
) -> PlaceMention | None:
    """The only place the sentence names after character `after` (the end of the
    article's dateline), for events with none in their own clause (`sides`: the tokens of
    the sentence's actor mentions); None when it names none that may be where it happens
    (`_venue`), or more than one."""
    found: list[PlaceMention] = []
    last = after  # where the last place's words end
    for ent in sent.ents:
        if ent.label_ not in ("GPE", "LOC") or ent.start_char < last:
            continue  # not a place, the dateline, or the last place's qualifier ("Paris, Texas")
        root = (ent[1:] if ent[0].dep_ == "det" and len(ent) > 1 else ent).root  # not "the"
        mention = replace(_place(root, kb, places_only=True), rule="sentence")
        last = mention.end
        if _venue(root, sides, country=bool(mention.code)):
            found.append(mention)
    return found[0] if len({m.text for m in found}) == 1 else None


def _placename(token: Token, kb: KnowledgeBase) -> bool:
    """A place entity, or a proper noun the knowledge base knows as a country or
    capital (headlines in title case hide "Beijing" from the entity tagger)."""
    if token.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return token.pos_ == "PROPN" and any(
        kb.entities[h.entity_id].kind == "country" for h in kb.lookup(token.text)
    )


def _entity(token: Token, *, places_only: bool = False) -> Span:
    """The entity around a token (a place entity, with `places_only`), else the token
    with its compounds ("New York")."""
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if span is not None and (not places_only or span.label_ in ("GPE", "LOC", "FAC")):
        return span
    start = min([token.i, *(c.i for c in token.children if c.dep_ == "compound")])
    return token.doc[start : token.i + 1]


def _place(token: Token, kb: KnowledgeBase, *, places_only: bool = False) -> PlaceMention:
    span = _entity(token, places_only=places_only)
    text = span.text
    code = ""
    for hit in kb.lookup(text.removeprefix("the ")):
        entity = kb.entities[hit.entity_id]
        if entity.kind == "country" and entity.roles:
            code = entity.roles[0].country
            break
    doc, end = token.doc, span.end_char
    # "in Paris, Texas": a region or country after a comma qualifies the place (unless it
    # is the clause's subject: "After talks in Geneva, Russia said")
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text == ","
        and doc[span.end + 1].ent_type_ == "GPE"
        and _entity(doc[span.end + 1]).root.dep_ not in ("nsubj", "nsubjpass")
    ):
        end = _entity(doc[span.end + 1]).end_char
    return PlaceMention(doc.text[span.start_char : end], span.start_char, end, code)
