"""Consistency checks: claims that contradict the knowledge base or the article itself.

Each check returns `Flag`s with a message, evidence spans (character offsets
into the article text) and a severity:

- `names`: one surname with two first names, or one person with two offices;
- `title`: a title that contradicts the knowledge base on the article's date
  ("Russian Foreign Minister Sergei Gabuev" when Sergey Lavrov held the office);
- `date`: an event reported in the past tense but dated after the article, or
  a month without a year that resolves into the future;
- `contradiction`: one sentence asserts what another denies (same event type
  and participants, asserted vs negated);
- `unmatched_speaker`: a claim attributed to a name that nothing else in the
  article mentions.

Offices and their titles are data (data/offices.tsv). Only roles the
knowledge base dates well (a closed term, or one from a curated source) are
used to name a holder, so stale open-ended dictionary roles raise no flag.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from detente.actors.kb import Entity, KnowledgeBase
from detente.actors.mentions import Mention
from detente.actors.offices import office_of
from detente.analysis.claims import Claim
from detente.analysis.dedup import same_event
from detente.records import Article, Event, Role, Span

Severity = Literal["high", "medium", "low"]
SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
DATA_DIR = Path(__file__).parent / "data"
CURATED_SOURCES = frozenset({"detente", "factbook"})  # sources that keep current office holders
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
ERA = re.compile(r"\b((1\d|20)\d0s|\d{1,2}(st|nd|rd|th)[- ]century|(nine|eigh|seven)teenth[- ]century)\b", re.I)


@dataclass(frozen=True, slots=True)
class Flag:
    """One suspect statement, with the spans that show it."""

    kind: str  # names | title | date | contradiction | unmatched_speaker
    severity: Severity
    message: str
    evidence: tuple[Span, ...]
    doc_id: str = ""
    id: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "evidence": [dataclasses.asdict(s) for s in self.evidence],
        }


def _flag(
    kind: str, severity: Severity, message: str, evidence: Sequence[Span], doc_id: str
) -> Flag:
    key = f"{doc_id}|{kind}|" + "|".join(f"{s.start}-{s.end}" for s in evidence)
    return Flag(
        kind=kind,
        severity=severity,
        message=message,
        evidence=tuple(evidence),
        doc_id=doc_id,
        id=hashlib.sha1(key.encode()).hexdigest()[:16],
    )


# -- offices ---------------------------------------------------------------------


def _country_of(words: list[str], kb: KnowledgeBase) -> tuple[str, int]:
    """A country named by the first words of a title: (code, words used)."""
    for size in (3, 2, 1):
        if size > len(words):
            continue
        for hit in kb.lookup(" ".join(words[:size])):
            entity = kb.entities[hit.entity_id]
            if entity.kind == "country" and hit.via in ("adjective", "alias") and entity.roles:
                return entity.roles[0].country, size
    return "", 0


def parse_title(title: str, kb: KnowledgeBase) -> tuple[str, str]:
    """(country code, office) of a title such as "Russian Foreign Minister"; "" where unknown."""
    words = [w.removesuffix("'s") for w in title.split()]
    country, used = _country_of(words, kb)
    return country, office_of(" ".join(words[used:]))


Holder = tuple[Entity, Role]


@lru_cache(maxsize=4)
def _holders_index(kb: KnowledgeBase) -> dict[tuple[str, str], list[Holder]]:
    index: dict[tuple[str, str], list[Holder]] = defaultdict(list)
    for entity in kb.entities.values():
        if entity.kind != "person":
            continue
        for role in entity.roles:
            office = office_of(role.title) if role.title else ""
            if office:
                index[(role.country, office)].append((entity, role))
    return index


def _well_dated(entity: Entity, role: Role) -> bool:
    return bool(role.start) and (bool(role.end) or bool(CURATED_SOURCES & set(entity.sources)))


def office_holders(kb: KnowledgeBase, country: str, office: str, day: dt.date) -> list[Holder]:
    """Who held `office` of `country` on `day`, by well-dated KB roles (one entry per person)."""
    seen: set[str] = set()
    out: list[Holder] = []
    for entity, role in _holders_index(kb).get((country, office), []):
        if role.valid_on(day) and _well_dated(entity, role) and entity.id not in seen:
            seen.add(entity.id)
            out.append((entity, role))
    return out


# -- helpers -----------------------------------------------------------------------


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start, end, doc.text[start:end])


def _surname(name: str) -> str:
    words = [w for w in name.replace("'s", "").split() if w[:1].isalpha()]
    return words[-1].lower() if words else ""


def _earlier_year(sentence: str, day: dt.date) -> bool:
    return any(int(y) < day.year for y in YEAR.findall(sentence))


def _about_the_past(sent: SpacySpan, day: dt.date) -> bool:
    """The sentence, or the one before it, sets an earlier time: a year before the
    article's, a decade ("the 1860s") or a century ("the 19th century")."""
    doc = sent.doc
    before = doc[sent.start - 1].sent if sent.start > 0 else None
    for part in (sent, before):
        if part is None:
            continue
        if _earlier_year(part.text, day) or ERA.search(part.text):
            return True
    return False


def _name_of(mention: Mention) -> str:
    return mention.actors[0].entity_text if mention.actors else ""


def _mention_span(doc: Doc, mention: Mention) -> Span:
    span = doc[mention.start : mention.end]
    return Span(span.start_char, span.end_char, span.text)


def _appositive(doc: Doc, mention: Mention) -> str:
    for token in doc[mention.start : mention.end]:
        for child in token.children:
            if child.dep_ == "appos" and child.i >= mention.end:
                return doc[child.left_edge.i : child.right_edge.i + 1].text
    return ""


def _role_text(doc: Doc, mention: Mention) -> str:
    return mention.title or _appositive(doc, mention)


@dataclass(slots=True)
class _Person:
    mention: Mention
    first: str
    surname: str
    name: str
    role: str
    span: Span
    entity_id: str = ""
    offices: set[str] = field(default_factory=set)


def _people(doc: Doc, mentions: list[Mention], kb: KnowledgeBase) -> list[_Person]:
    out: list[_Person] = []
    for m in mentions:
        if m.kind != "person" or not m.actors:
            continue
        name = _name_of(m)
        words = [w for w in name.split() if w[:1].isalpha()]
        if len(words) < 2 or not all(w[:1].isupper() for w in words):
            continue
        first = words[0]
        if len(first.rstrip(".")) < 2 or first.endswith("."):
            continue  # an initial is not a first name
        if first.lower() in honorifics() or kb.agent_sector(first):
            continue  # "Mme Spanton", "Sheriff Lee"
        person = _Person(
            mention=m,
            first=first,
            surname=words[-1].lower(),
            name=name,
            role=_role_text(doc, m),
            span=_mention_span(doc, m),
            entity_id=m.actors[0].entity_id,
        )
        if m.title:
            _, office = parse_title(m.title, kb)
            if office:
                person.offices.add(office)
        out.append(person)
    return out


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    lines = (DATA_DIR / "honorifics.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip().lower() for x in lines if x.strip() and not x.startswith("#"))


def _spelling_variant(a: str, b: str) -> bool:
    """Sergei/Sergey, Mohammed/Muhammad: same start, small difference."""
    a, b = a.lower(), b.lower()
    if a[:2] != b[:2] or abs(len(a) - len(b)) > 2:
        return False
    same = sum(x == y for x, y in zip(a, b, strict=False))
    return max(len(a), len(b)) - same <= 2


# -- the checks --------------------------------------------------------------------


def check_names(doc: Doc, mentions: list[Mention], kb: KnowledgeBase, *, doc_id: str) -> list[Flag]:
    """One surname with two first names; one person given two offices."""
    flags: list[Flag] = []
    by_surname: dict[str, list[_Person]] = defaultdict(list)
    people = _people(doc, mentions, kb)
    for person in people:
        by_surname[person.surname].append(person)
    for group in by_surname.values():
        firsts: dict[str, _Person] = {}
        for person in group:
            firsts.setdefault(person.first.lower(), person)
        if len(firsts) < 2:
            continue
        shown = list(firsts.values())
        names = [p.name.lower() for p in shown]
        if any(a != b and b.endswith(" " + a) for a in names for b in names):
            continue  # "Rivera Schatz" is the end of "Thomas Rivera Schatz"
        ids = {p.entity_id for p in shown if p.entity_id}
        if len(ids) == len(shown):
            continue  # the knowledge base knows them as different people
        variants = all(_spelling_variant(shown[0].first, p.first) for p in shown[1:])
        described = [f"{p.name!r}" + (f" ({p.role})" if p.role else "") for p in shown]
        roles = {p.role.lower() for p in shown if p.role}
        message = f"One surname with {len(shown)} first names: " + ", ".join(described)
        if variants:
            message += "; the first names may be spellings of one name"
        elif len(roles) > 1:
            message += "; if one person, the roles differ too"
        else:
            message += " (relatives share a surname; check that these are different people)"
        severity: Severity = "low" if variants else "medium"
        flags.append(_flag("names", severity, message, [p.span for p in shown], doc_id))
    by_person: dict[str, list[_Person]] = defaultdict(list)
    for person in people:
        by_person[person.entity_id or person.name.lower()].append(person)
    for group in by_person.values():
        offices = sorted({o for p in group for o in p.offices})
        if len(offices) > 1:
            message = f"{group[0].name!r} is given {len(offices)} offices: " + ", ".join(
                f"{p.mention.title!r}" for p in group if p.offices
            )
            spans = [p.span for p in group if p.offices]
            flags.append(_flag("names", "medium", message, spans, doc_id))
    return flags


def check_titles(
    doc: Doc,
    mentions: list[Mention],
    kb: KnowledgeBase,
    *,
    day: dt.date | None,
    doc_id: str,
) -> list[Flag]:
    """A title that names an office whose holder on the article's date was someone else."""
    if day is None:
        return []
    flags: list[Flag] = []
    people = [m for m in mentions if m.kind == "person" and m.actors]
    for m in people:
        if not m.title:
            continue
        country, office = parse_title(m.title, kb)
        if not country or not office:
            continue
        if _about_the_past(doc[m.start].sent, day):
            continue  # a passage about an earlier time: the title was right then
        name = _name_of(m)
        entity = m.entity
        holders = [h for h in office_holders(kb, country, office, day) if h[0] is not entity]
        if not holders:
            continue
        titled = _mention_span(doc, m)
        when = day.isoformat()
        office_name = f"{office.title()} of {kb.entities[country].name if country in kb.entities else country}"
        holder_names = " and ".join(e.name for e, _ in holders)
        if entity is not None:
            own = [
                r
                for r in entity.roles
                if r.country == country and office_of(r.title or "-") == office
            ]
            if any(r.valid_on(day) for r in own):
                continue
            terms = ", ".join(f"{r.start or '…'}–{r.end or '…'}" for r in own)
            message = (
                f"{titled.text!r}: the knowledge base has {entity.name} in that office "
                + (f"only {terms}" if terms else "never")
                + f"; on {when} the {office_name} was {holder_names}"
            )
            severity: Severity = "medium" if own else "high"
            flags.append(_flag("title", severity, message, [titled], doc_id))
            continue
        surname = _surname(name)
        if any(surname == _surname(alias) for e, _ in holders for alias in [e.name, *e.aliases]):
            continue  # a holder under a spelling the KB lacks
        message = (
            f"{titled.text!r}: on {when} the {office_name} was {holder_names} "
            f"(knowledge base); {name!r} is not known to have held that office"
        )
        evidence = [titled]
        earlier = [
            o
            for o in people
            if o is not m and o.start < m.start and _surname(_name_of(o)) == surname
        ]
        if earlier:
            first = earlier[0]
            role = _role_text(doc, first)
            message += f"; the article earlier names {_name_of(first)!r}" + (
                f" ({role})" if role else ""
            )
            evidence.insert(0, _mention_span(doc, first))
        severity = "high" if len(holders) == 1 else "medium"
        flags.append(_flag("title", severity, message, evidence, doc_id))
    return flags


def _past_tense(token: Token) -> bool:
    verb = token
    if token.pos_ in ("NOUN", "PROPN") and token.head.pos_ in ("VERB", "AUX"):
        verb = token.head
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" or c.lower_ in ("has", "have")
        for c in verb.children
    )


def check_dates(doc: Doc, article: Article, events: list[Event]) -> list[Flag]:
    """Events told in the past tense but dated after the article."""
    day = article.published
    if day is None:
        return []
    by_char = {t.idx: t for t in doc}
    flags: list[Flag] = []
    seen: set[int] = set()
    for event in events:
        trigger = event.text_info.trigger
        if event.modality not in ("asserted", "historical") or trigger is None:
            continue
        found = next((r.fields for r in event.reasons if r.kind == "date"), None)
        if found is None or found["relation"] != "on" or trigger.start in seen:
            continue
        iso = found["iso"]
        late = iso[:10] > day.isoformat() if len(iso) >= 10 else iso > day.isoformat()[: len(iso)]
        token = by_char.get(trigger.start)
        if not late or token is None or not _past_tense(token):
            continue
        seen.add(trigger.start)
        sentence = _span(doc, event.text_info.start, event.text_info.end)
        text = found["text"]
        if YEAR.search(text) or len(iso) < 7:
            kind_msg = f"is reported as past ({token.text!r}) but dated {iso}"
            severity: Severity = "high"
        elif len(iso) == 7:
            kind_msg = f"is dated by a month without a year, {text!r}, which resolves to {iso}"
            severity = "medium"
        else:
            kind_msg = f"is reported as past ({token.text!r}) but {text!r} resolves to {iso}"
            severity = "medium"
        message = f"{event.event} event {kind_msg}, after the article's date {day.isoformat()}"
        flags.append(_flag("date", severity, message, [sentence, trigger], article.id))
    return flags


def check_contradictions(
    doc: Doc, events: list[Event], *, window_days: int, doc_id: str
) -> list[Flag]:
    """A sentence asserting what another sentence of the article denies."""
    flags: list[Flag] = []
    asserted = [e for e in events if e.modality == "asserted"]
    negated = [e for e in events if e.modality == "negated"]
    seen: set[tuple[int, int]] = set()
    for neg in negated:
        as_fact = dataclasses.replace(neg, modality="asserted")
        for fact in asserted:
            pair = (fact.text_info.sentence_index, neg.text_info.sentence_index)
            if pair[0] == pair[1] or pair in seen:
                continue
            if not same_event(fact, as_fact, window_days=window_days):
                continue
            seen.add(pair)
            who = "/".join(sorted({a.code for a in [*fact.actor, *fact.recipient] if a.code}))
            message = (
                f"Sentence {pair[0] + 1} asserts {fact.event} ({who}, {fact.text_info.text!r}); "
                f"sentence {pair[1] + 1} denies it ({neg.text_info.text!r})"
            )
            spans = [_span(doc, e.text_info.start, e.text_info.end) for e in (fact, neg)]
            flags.append(_flag("contradiction", "medium", message, spans, doc_id))
    return flags


def check_speakers(doc: Doc, claims: list[Claim], *, doc_id: str) -> list[Flag]:
    """A claim attributed to a person named nowhere else in the article."""
    flags: list[Flag] = []
    seen: set[str] = set()
    for claim in claims:
        speaker = claim.speaker
        if speaker.code or speaker.entity_id or not speaker.name:
            continue
        surname = _surname(speaker.name)
        if not surname or surname in seen:
            continue
        pattern = re.compile(rf"\b{re.escape(surname)}\b", re.IGNORECASE)
        if len(pattern.findall(doc.text)) > 1 or claim.speaker_role:
            continue  # named again, or identified by a title or description
        seen.add(surname)
        message = (
            f"A claim ({claim.cue!r}) is attributed to {speaker.name!r}, who is not in the "
            "knowledge base, is not described, and is named nowhere else in the article"
        )
        spans = [
            Span(speaker.start, speaker.end, speaker.entity_text),
            _span(doc, claim.start, claim.end),
        ]
        flags.append(_flag("unmatched_speaker", "low", message, spans, doc_id))
    return flags


def check_doc(
    doc: Doc,
    article: Article,
    events: list[Event],
    mentions: list[Mention],
    claims: list[Claim],
    *,
    kb: KnowledgeBase,
    window_days: int = 3,
) -> list[Flag]:
    """Every check on one parsed article, most severe first."""
    flags = (
        check_titles(doc, mentions, kb, day=article.published, doc_id=article.id)
        + check_names(doc, mentions, kb, doc_id=article.id)
        + check_dates(doc, article, events)
        + check_contradictions(doc, events, window_days=window_days, doc_id=article.id)
        + check_speakers(doc, claims, doc_id=article.id)
    )
    unique = {f.id: f for f in flags}
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(
        unique.values(), key=lambda f: (order[f.severity], f.evidence[0].start if f.evidence else 0)
    )
