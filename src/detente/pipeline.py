"""The whole flow as library calls: articles -> nlp -> actors -> events.

>>> from detente import code_text
>>> events = code_text("Putin visited Beijing on Tuesday.", date="2023-10-17")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from detente.actors.kb import load_kb
from detente.coding.coder import CodingContext, code_docs
from detente.coding.lexicon import load_lexicon
from detente.coding.sentence_model import MODEL_DIR, Scorer, load_sentence_model
from detente.learn.calibrate import Calibration
from detente.nlp import load_nlp
from detente.nlp.prefilter import Prefilter
from detente.records import Article, Event
from detente.settings import Settings, default_settings


def model_folder(settings: Settings) -> Path | None:
    """The folder of the sentence model the settings name (None when it is off)."""
    if settings.sentence_model == "off":
        return None
    return MODEL_DIR if settings.sentence_model == "packaged" else Path(settings.sentence_model)


def _scorer(settings: Settings, *, threads: int) -> Scorer | None:
    folder = model_folder(settings)
    return None if folder is None else load_sentence_model(str(folder), threads=threads)


def make_context(
    settings: Settings | None = None, *, scorer: Scorer | None = None
) -> CodingContext:
    """What the coder needs: knowledge base, lexicon, settings and the sentence model
    (`scorer` overrides the one the settings name, e.g. out-of-fold scores in `eval --cv`)."""
    settings = settings or default_settings()
    if scorer is None:  # worker processes share the cores: one torch thread each
        scorer = _scorer(settings, threads=1 if settings.n_process > 1 else 2)
    folder = model_folder(settings)
    return CodingContext(
        kb=load_kb(),
        lexicon=load_lexicon(),
        settings=settings,
        scorer=scorer,
        calibration=Calibration.read(folder) if folder is not None else None,
    )


# The last prefilter built, with the model name, KB and lexicon it was built for.
# Holding the objects (not their ids) means a new KB can never reuse a stale entry.
_PREFILTER: list[tuple[str, object, object, Prefilter]] = []


def prefilter_for(ctx: CodingContext) -> Prefilter:
    """The prefilter for a context's model, knowledge base and lexicon (built once)."""
    for model, kb, lexicon, prefilter in _PREFILTER:
        same = model == ctx.settings.model and kb is ctx.kb and lexicon is ctx.lexicon
        if same and (prefilter.triggers is None) == (ctx.scorer is not None):
            return prefilter
    # with the sentence model, an event needs no lexicon trigger: only actors are checked
    heads = ctx.lexicon.triggers if ctx.scorer is None else None
    prefilter = Prefilter.build(nlp=load_nlp(ctx.settings.model), kb=ctx.kb, heads=heads)
    _PREFILTER[:] = [(ctx.settings.model, ctx.kb, ctx.lexicon, prefilter)]
    return prefilter


def code_articles(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    ctx: CodingContext | None = None,
) -> Iterator[tuple[Article, list[Event]]]:
    """Code articles in batches; yields each article with all its events (every modality).

    Streams: one `nlp.pipe` over the whole input, so memory does not grow with
    the corpus. With `n_process` > 1, worker processes each parse *and* code
    chunks of articles (the coding would otherwise queue behind the parsing in
    this process); results come back in input order. With the `prefilter` setting, an
    article that has no candidate trigger or no candidate actor (see
    `detente.nlp.prefilter`) is only tokenised, never parsed: it is passed
    through the pipe as an empty text to keep the stream in order.
    """
    ctx = ctx or make_context(settings)
    if ctx.settings.n_process > 1:
        yield from _code_in_processes(articles, ctx)
        return
    for article, _, events in parse_and_code(articles, ctx=ctx):
        yield article, events


def parse_and_code(
    articles: Iterable[Article], *, ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    """`code_articles` in this process, with each article's parse (None when the
    prefilter left it unparsed: it has no events). `detente check` reads the parse."""
    nlp = load_nlp(ctx.settings.model)
    check = prefilter_for(ctx) if ctx.settings.prefilter else None

    def pending() -> Iterator[tuple[str, tuple[Article, str, bool]]]:
        for article in articles:
            parts = [("title", article.title)] if article.title else []
            parts.append(("body", article.text))
            # the whole article, headline and body, is parsed or neither is
            wanted = check is None or check.may_have_event(
                *(nlp.make_doc(text) for _, text in parts)
            )
            for part, text in parts:
                yield (text if wanted else ""), (article, part, wanted)

    docs = nlp.pipe(pending(), as_tuples=True, batch_size=ctx.settings.batch_size)
    title: Doc | None = None
    batch: list[tuple[Doc, Article, Doc | None, bool]] = []  # coded together (model batches)
    for doc, (article, part, parsed) in docs:
        if part == "title":  # the headline comes just before its body
            title = doc if parsed else None
            continue
        batch.append((doc, article, title, parsed or title is not None))
        title = None
        if len(batch) >= ctx.settings.batch_size:
            yield from _code_batch(batch, ctx)
            batch = []
    yield from _code_batch(batch, ctx)


def _code_batch(
    batch: list[tuple[Doc, Article, Doc | None, bool]], ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    wanted = [(doc, article, title) for doc, article, title, parsed in batch if parsed]
    coded = iter(code_docs(wanted, ctx))
    for doc, article, _, parsed in batch:
        yield (article, doc, next(coded)) if parsed else (article, None, [])


_WORKER: list[CodingContext] = []  # the coding context of a worker process


def _start_worker(settings: Settings) -> None:
    single = dataclasses.replace(settings, n_process=1)
    _WORKER[:] = [make_context(single, scorer=_scorer(single, threads=1))]


def _code_chunk(chunk: list[Article]) -> list[tuple[Article, list[Event]]]:
    return list(code_articles(chunk, ctx=_WORKER[0]))


def _code_in_processes(
    articles: Iterable[Article], ctx: CodingContext
) -> Iterator[tuple[Article, list[Event]]]:
    """Code chunks of articles in `n_process` forked workers, a bounded number in flight."""
    workers = ctx.settings.n_process
    stream = iter(articles)
    pool_context = multiprocessing.get_context("fork")
    with pool_context.Pool(workers, initializer=_start_worker, initargs=(ctx.settings,)) as pool:
        pending: deque[Any] = deque()
        while chunk := list(islice(stream, ctx.settings.batch_size)):
            pending.append(pool.apply_async(_code_chunk, (chunk,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def article_from_text(
    text: str,
    *,
    doc_id: str = "text",
    date: str | dt.date | None = None,
    title: str = "",
    url: str = "",
) -> Article:
    published = (
        dt.date.fromisoformat(date)
        if isinstance(date, str) and date
        else (date if isinstance(date, dt.date) else None)
    )
    return Article(
        id=doc_id,
        text=text,
        title=title,
        url=url,
        published=published,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def code_text(
    text: str,
    *,
    date: str | dt.date | None = None,
    doc_id: str = "text",
    all_modalities: bool = False,
) -> list[Event]:
    """Code one text; by default only asserted events."""
    article = article_from_text(text, doc_id=doc_id, date=date)
    _, events = next(code_articles([article]))
    return events if all_modalities else [e for e in events if e.modality == "asserted"]


__all__ = [
    "prefilter_for",
    "code_articles",
    "code_text",
    "article_from_text",
    "make_context",
]
