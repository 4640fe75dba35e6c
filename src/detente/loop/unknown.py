"""Unknown actors: names that stand in coded events but that the knowledge base lacks.

The articles of a store with an event whose side is missing or has no entity are
parsed again; a person the parser finds that the knowledge base does not know
("Ilze Dravniece", and "Dravniece" after it in the same article) is a sighting
in each sentence of the article that holds an event. Each sighting votes for a
code and sector from the words around the name: a title before it ("the
Latvian prime minister Ilze Dravniece" → LVA GOV, "rebel commander X" → REB) or
an apposition after it ("X, the Latvian prime minister,"). Names are ranked by
sightings, then by articles.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span

from detente.actors.kb import KnowledgeBase, alias_key, load_kb
from detente.actors.mentions import Mention, find_mentions
from detente.coding.coder import HEADLINE
from detente.nlp import load_nlp
from detente.settings import Settings, default_settings
from detente.store import Store
from detente.store.query import row_to_article

# mentions whose words can say who a name next to them is
TITLE_KINDS = ("agent", "adjective", "country", "person")
# words allowed between a name and the title after it ("X, the Latvian prime minister")
APPOSITION_GAP = {",", "the", "a", "an", "-", "—"}
NAME_LABELS = ("PERSON",)


@dataclass(slots=True)
class Sighting:
    """One sentence with an event that names the unknown actor."""

    doc_id: str
    article_hash: str
    published: str
    sentence_index: int
    sentence: str
    text: str  # the name as written there
    event_ids: list[str]
    code: str = ""
    sector: str = ""
    evidence: str = ""  # the words that gave code and sector

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "article_hash": self.article_hash,
            "published": self.published,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "text": self.text,
            "event_ids": self.event_ids,
            "code": self.code,
            "sector": self.sector,
            "evidence": self.evidence,
        }


@dataclass(slots=True)
class UnknownActor:
    name: str
    key: str
    sightings: list[Sighting] = field(default_factory=list)
    code: str = ""
    sector: str = ""
    reason: str = ""

    @property
    def count(self) -> int:
        return len(self.sightings)

    @property
    def articles(self) -> int:
        return len({s.article_hash for s in self.sightings})

    @property
    def first_seen(self) -> str:
        return min((s.published for s in self.sightings if s.published), default="")

    @property
    def last_seen(self) -> str:
        return max((s.published for s in self.sightings if s.published), default="")

    def to_dict(self, *, examples: int = 5) -> dict[str, Any]:
        return {
            "name": self.name,
            "key": self.key,
            "count": self.count,
            "articles": self.articles,
            "code": self.code,
            "sector": self.sector,
            "reason": self.reason,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "sightings": [s.to_dict() for s in self.sightings[:examples]],
        }

    def suggest(self) -> None:
        """Code and sector by majority of the sightings that gave one, with the reason."""
        codes = Counter(s.code for s in self.sightings if s.code)
        sectors = Counter(s.sector for s in self.sightings if s.sector)
        self.code = codes.most_common(1)[0][0] if codes else ""
        self.sector = sectors.most_common(1)[0][0] if sectors else ""
        voted = [s for s in self.sightings if s.code or s.sector]
        if not voted:
            self.reason = "no title or apposition names a country or sector"
            return
        said = Counter(s.evidence for s in voted).most_common(3)
        self.reason = f"{len(voted)} of {self.count} sightings: " + "; ".join(
            f"{text!r} ×{n}" for text, n in said
        )


# -- one article ----------------------------------------------------------------------


def _title_near(span: Span, mentions: list[Mention]) -> tuple[str, str, str]:
    """(code, sector, words) of a title right before the name or in apposition after it."""
    doc = span.doc
    for m in mentions:
        if m.kind not in TITLE_KINDS or not any(a.code or a.sector for a in m.actors):
            continue
        actor = m.actors[0]
        if m.start <= span.start and span.end <= m.end and m.title:  # "Estonian Minister X"
            return actor.code, actor.sector, m.title
        before = m.end == span.start and m.kind != "person"
        gap = doc[span.end : m.start]
        after = (
            m.kind == "agent"
            and 0 < len(gap) <= 3
            and gap[0].text == ","
            and all(t.lower_ in APPOSITION_GAP for t in gap)
        )
        if before or after:
            return actor.code, actor.sector, doc[m.start : m.end].text
    return "", "", ""


def _known_tokens(mentions: list[Mention]) -> set[int]:
    """Tokens of mentions the knowledge base resolved (an entity, not a bare title)."""
    return {i for m in mentions if m.entity is not None for i in range(m.start, m.end)}


def _names(doc: Doc, kb: KnowledgeBase, mentions: list[Mention]) -> list[Span]:
    """Spans of unknown people: parser names the knowledge base does not know."""
    known = _known_tokens(mentions)
    found: list[Span] = []
    for ent in doc.ents:
        tokens = [t for t in ent if t.text not in ("'s", "’s")]
        if ent.label_ not in NAME_LABELS or not tokens:
            continue
        span = doc[tokens[0].i : tokens[-1].i + 1]
        if any(t.i in known for t in span) or not span.text[:1].isupper():
            continue
        if kb.lookup(span.text):
            continue
        found.append(span)
    return found


def _sightings_in(
    doc: Doc,
    kb: KnowledgeBase,
    day: dt.date | None,
    surnames: dict[str, str],
    full_names: dict[str, str],
) -> list[tuple[str, str, Span, tuple[str, str, str]]]:
    """(key, name, span, title) of each unknown name in a parsed text; `surnames` maps the
    last word of a full name seen in the article to its key (filled as names are met)."""
    mentions = find_mentions(doc, kb, day)
    known = _known_tokens(mentions)
    out: list[tuple[str, str, Span, tuple[str, str, str]]] = []
    taken: set[int] = set()
    for span in _names(doc, kb, mentions):
        key = alias_key(span.text)
        if len(span) > 1:
            surnames.setdefault(key.split()[-1], key)
            full_names.setdefault(key, span.text)
        else:
            key = surnames.get(key, key)
            full_names.setdefault(key, span.text)
        out.append((key, full_names[key], span, _title_near(span, mentions)))
        taken |= set(range(span.start, span.end))
    # a surname alone that the parser did not call a person ("Dravniece signed ...")
    for token in doc:
        full = surnames.get(token.lower_)
        if full is None or token.i in taken or token.i in known or not token.text[:1].isupper():
            continue
        span = doc[token.i : token.i + 1]
        out.append((full, full_names[full], span, _title_near(span, mentions)))
    return out


# -- a store ------------------------------------------------------------------------

ARTICLES_WITH_GAPS = (
    "SELECT * FROM articles a WHERE a.duplicate_of IS NULL{since} AND EXISTS ("
    "SELECT 1 FROM events e WHERE e.article_hash = a.hash AND (e.actor_codes = '' "
    "OR e.recipient_codes = '' OR EXISTS (SELECT 1 FROM event_actors x "
    "WHERE x.event_id = e.id AND x.entity_id = ''))) ORDER BY a.published, a.hash"
)


def unknown_actors(
    store: Store,
    *,
    kb: KnowledgeBase | None = None,
    settings: Settings | None = None,
    since: dt.date | None = None,
    limit: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> list[UnknownActor]:
    """Unknown names in the store's coded events, most seen first."""
    kb = kb or load_kb()
    settings = settings or default_settings()
    nlp = load_nlp(settings.model)
    params = [since.isoformat()] if since else []
    rows = store.rows(
        ARTICLES_WITH_GAPS.format(since=" AND a.published >= ?" if since else ""), params
    )
    found: dict[str, UnknownActor] = {}
    for done, row in enumerate(rows, start=1):
        article = row_to_article(row)
        events = store.rows(
            "SELECT id, sentence_index, sent_start, sent_end, sentence FROM events "
            "WHERE article_hash = ? ORDER BY sentence_index, sent_start",
            (article.content_hash,),
        )
        surnames: dict[str, str] = {}
        full_names: dict[str, str] = {}
        parts = [(nlp(article.title), True)] if article.title else []
        parts.append((nlp(article.text), False))
        # the body first: its full names name the headline's surnames
        for doc, headline in sorted(parts, key=lambda p: p[1]):
            seen = _sightings_in(doc, kb, article.published, surnames, full_names)
            _add_sightings(found, seen, events, article, headline=headline)
        if progress is not None:
            progress(done, len(rows))
    ranked = sorted(_merge_surnames(found).values(), key=lambda u: (-u.count, -u.articles, u.key))
    for unknown in ranked:
        unknown.suggest()
    return ranked[:limit] if limit else ranked


def _merge_surnames(found: dict[str, UnknownActor]) -> dict[str, UnknownActor]:
    """A surname seen alone in some articles joins the one full name that ends in it."""
    by_last: dict[str, list[str]] = {}
    for key in found:
        if len(key.split()) > 1:
            by_last.setdefault(key.split()[-1], []).append(key)
    for key in [k for k in found if len(k.split()) == 1]:
        full = by_last.get(key, [])
        if len(full) == 1:
            found[full[0]].sightings += found.pop(key).sightings
    return found


def _add_sightings(
    found: dict[str, UnknownActor],
    seen: Iterable[tuple[str, str, Span, tuple[str, str, str]]],
    events: list[dict[str, Any]],
    article: Any,
    *,
    headline: bool,
) -> None:
    """One sighting per name and sentence with events; a title seen anywhere counts."""
    by_sentence: dict[tuple[str, int], Sighting] = {}
    for key, name, span, (code, sector, words) in seen:
        start = span.start_char
        inside = [
            e
            for e in events
            if (e["sentence_index"] == HEADLINE) == headline
            and e["sent_start"] <= start < e["sent_end"]
        ]
        if not inside:
            continue
        index = inside[0]["sentence_index"] if headline else inside[0]["sent_start"]
        sighting = by_sentence.get((key, index))
        if sighting is None:
            sighting = by_sentence[(key, index)] = Sighting(
                doc_id=article.id,
                article_hash=article.content_hash,
                published=article.published.isoformat() if article.published else "",
                sentence_index=inside[0]["sentence_index"],
                sentence=inside[0]["sentence"],
                text=span.text,
                event_ids=[e["id"] for e in inside],
            )
            unknown = found.setdefault(key, UnknownActor(name=name, key=key))
            if len(name.split()) > len(unknown.name.split()):
                unknown.name = name
            unknown.sightings.append(sighting)
        if (code or sector) and not (sighting.code or sighting.sector):
            sighting.code, sighting.sector, sighting.evidence = code, sector, words


__all__ = ["Sighting", "UnknownActor", "unknown_actors"]
