"""The country of a side named only by its sector and the region that owns it.

"Florida's governor", "Texas prosecutors", "the police of Sindh": the knowledge base
knows countries, not their provinces and states, so such a side would be left without
a country, or given the country the article is about ("the governor" in a story about
the Bahamas). The gazetteer knows the regions (first-level divisions): a side owned by
one is that region's country.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import OWNER_DEPS, Mention
from detente.geo.gazetteer import Gazetteer


def _owner_names(root: Token) -> list[Span]:
    """The proper names that own a noun: "Florida's", "Texas", "of Sindh"."""
    heads = [c for c in root.children if c.dep_ in OWNER_DEPS]
    if root.dep_ == "compound" and root.head.pos_ == "PROPN":
        # a title before a name: "Florida Governor Ron DeSantis" (all compounds of the name)
        heads += [c for c in root.head.children if c.dep_ == "compound" and c.i < root.i]
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "in")):
        heads += [o for o in prep.children if o.dep_ == "pobj"]
    names = []
    for head in heads:
        if head.pos_ != "PROPN":
            continue
        words = [t for t in head.subtree if t.pos_ == "PROPN"]
        names.append(root.doc[words[0].i : words[-1].i + 1])
    return names


def region_country(name: str, gazetteer: Gazetteer) -> str:
    """The ISO alpha-3 code of the country whose region this is, if the most populous
    place of that name is a region ("Florida", "Sindh"; not "Paris", a city)."""
    places = gazetteer.named(name)
    if not places or places[0].feature != "adm1":
        return ""
    return gazetteer.iso3(places[0].country)


def _title_names(doc: Doc, mention: Mention) -> list[Span]:
    """The runs of proper names in a person's title: "Florida Governor" -> "Florida"."""
    end = doc[mention.start].idx + len(mention.title)
    title = [t for t in doc[mention.start : mention.end] if t.idx < end]
    runs: list[list[Token]] = []
    for token in title:
        if token.pos_ != "PROPN":
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1].i == token.i - 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    # the whole run ("New South Wales Premier"), then each word ("Florida Governor")
    whole = [doc[run[0].i : run[-1].i + 1] for run in runs if run]
    return whole + [doc[t.i : t.i + 1] for run in runs if len(run) > 1 for t in run]


def give_region_country(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer | None) -> None:
    """Code a nameless side owned by a region with the region's country: an agent
    ("Texas prosecutors") or a person the knowledge base does not know, by the title
    ("Florida Governor Ron DeSantis")."""
    if gazetteer is None:
        return
    taken = {i for m in mentions if m.resolved for i in range(m.start, m.end)}
    for mention in mentions:
        if mention.resolved or mention.kind not in ("agent", "person"):
            continue
        if mention.kind == "agent":
            names = _owner_names(doc[mention.end - 1])
        else:
            names = _title_names(doc, mention) if mention.title else []
        for name in names:
            if any(t.i in taken for t in name):
                break  # the knowledge base knows the owner ("Georgia's president")
            code = region_country(name.text, gazetteer)
            if code:
                why = f"owned by {name.text!r}, a region of {code} (gazetteer)"
                mention.actors = [
                    replace(a, code=code, reason=f"{a.reason}; {why}") for a in mention.actors
                ]
                break


def named_regions(doc: Doc, mentions: list[Mention], gazetteer: Gazetteer | None) -> list[str]:
    """The countries of the regions a part names as places of its own (the parser's GPE
    entities the knowledge base does not know: "California", "San Diego County" is no
    region): evidence of the country a story is about."""
    if gazetteer is None:
        return []
    taken = {i for m in mentions for i in range(m.start, m.end)}
    found = []
    for ent in doc.ents:
        if ent.label_ == "GPE" and not any(t.i in taken for t in ent):
            code = region_country(ent.text, gazetteer)
            if code:
                found.append(code)
    return found
