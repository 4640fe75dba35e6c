"""`detente check`: parse, code and check articles, from inputs or from a store.

The checks need the parse (sentences, entities, mentions): articles go
through the library's one flow (`parse_and_code`, as in `code` and `ingest`),
which hands back each parse, so events and flags agree with the stored ones. Over a store, flags and claims are written per article
(`flags`, `claims`, `checked_articles`), and only unchecked articles are parsed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from detente.actors.mentions import find_mentions
from detente.analysis.claims import Claim, attribute_events, find_claims
from detente.analysis.consistency import Flag, check_doc
from detente.coding.coder import CodingContext
from detente.nlp import load_nlp
from detente.pipeline import make_context, parse_and_code
from detente.records import Article, Event
from detente.settings import Settings
from detente.store.db import Row, Store
from detente.store.query import row_to_article


@dataclass(slots=True)
class ArticleCheck:
    """An article with its events, flags and attributed claims."""

    article: Article
    events: list[Event] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "doc_id": self.article.id,
            "title": self.article.title,
            "date": self.article.published.isoformat() if self.article.published else None,
            "flags": [f.to_dict() for f in self.flags],
            "claims": [c.to_dict() for c in self.claims],
        }


def check_articles(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    ctx: CodingContext | None = None,
) -> Iterator[ArticleCheck]:
    """Code each article as `code` and `ingest` do (`parse_and_code`: headline,
    prefilter, model batches), then check it on the same parse."""
    ctx = ctx or make_context(settings)
    nlp = load_nlp(ctx.settings.model)
    whole = ctx.settings.parse == "all"
    for article, parsed, events in parse_and_code(articles, ctx=ctx):
        # the checks read the article parsed whole: the coder parses only the sentences
        # that can hold an event (`parse` setting), or none when the prefilter found no
        # event in it; its names and titles are still checked
        doc = parsed if parsed is not None and whole else nlp(article.text)
        mentions = find_mentions(doc, ctx.kb, article.published)
        claims = find_claims(doc, mentions, doc_id=article.id)
        flags = check_doc(
            doc,
            article,
            events,
            mentions,
            claims,
            kb=ctx.kb,
            window_days=ctx.settings.dedup_window_days,
        )
        yield ArticleCheck(article, attribute_events(events, claims), flags, claims)


def flag_row(flag: Flag) -> Row:
    return flag.to_dict()


def claim_row(claim: Claim) -> Row:
    return {
        "id": claim.id,
        "doc_id": claim.doc_id,
        "sentence_index": claim.sentence_index,
        "start": claim.start,
        "end": claim.end,
        "cue": claim.cue,
        "speaker": claim.speaker.to_dict() | {"role": claim.speaker_role},
        "speaker_text": claim.speaker.entity_text,
        "text": claim.text,
    }


def check_store(
    store: Store,
    *,
    settings: Settings | None = None,
    recheck: bool = False,
) -> int:
    """Run the checks on the store's unchecked articles (all with `recheck`); returns how many."""
    hashes = (
        [r["hash"] for r in store.rows("SELECT hash FROM articles ORDER BY doc_id")]
        if recheck
        else store.unchecked_articles()
    )

    def articles() -> Iterator[Article]:
        sql = "SELECT * FROM articles WHERE hash IN ({marks})"
        for row in store.rows_in(sql, hashes, size=200):
            yield row_to_article(row)

    count = 0
    for result in check_articles(articles(), settings=settings):
        store.write_checks(
            result.article.content_hash,
            [flag_row(f) for f in result.flags],
            [claim_row(c) for c in result.claims],
        )
        count += 1
    return count


def stored_flags(store: Store, *, severity: str = "") -> list[Row]:
    """Flags stored for every article (for the CLI, the API and the explorer)."""
    return store.flags(severity=severity)


def article_checks(store: Store, article_hash: str) -> dict[str, list[Row]]:
    """The flags and claims of one stored article (for the explorer's article page)."""
    return {
        "flags": store.flags(article_hash=article_hash),
        "claims": store.claims(article_hash=article_hash),
    }
