"""The whole flow as library calls: articles -> nlp -> actors -> events.

>>> from detente import code_text
>>> events = code_text("Putin visited Beijing on Tuesday.", date="2023-10-17")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from detente.actors.kb import load_kb
from detente.actors.mentions import KB_MENTIONS_KEY, Mention, kb_mentions
from detente.coding.coder import CodingContext, code_docs
from detente.coding.lexicon import load_lexicon
from detente.coding.sentence_model import MODEL_DIR, LazyModel, Scorer, load_sentence_model
from detente.errors import DetenteError, E
from detente.geo.gazetteer import load_gazetteer
from detente.learn.calibrate import Calibration
from detente.nlp import load_nlp
from detente.nlp.prefilter import Prefilter, SentenceChoice
from detente.records import Article, Event
from detente.settings import Settings, default_settings


def model_folder(settings: Settings) -> Path | None:
    """The folder of the sentence model the settings name (None when it is off)."""
    if settings.sentence_model == "off":
        return None
    return MODEL_DIR if settings.sentence_model == "packaged" else Path(settings.sentence_model)


# fewer articles than this are coded in one process: workers would not pay for their start-up
MIN_ARTICLES_TO_FORK = 50


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def model_threads(n_process: int) -> int:
    """onnxruntime threads for the sentence model of one of `n_process` processes (0: all
    cores, for the one process that codes a small input): its share of the cores."""
    return max(1, available_cores() // n_process) if n_process > 0 else available_cores()


def _scorer(settings: Settings, *, threads: int) -> Scorer | None:
    folder = model_folder(settings)
    return None if folder is None else load_sentence_model(str(folder), threads=threads)


def make_context(
    settings: Settings | None = None, *, scorer: Scorer | None = None
) -> CodingContext:
    """What the coder needs: knowledge base, lexicon, settings and the sentence model
    (`scorer` overrides the one the settings name, e.g. out-of-fold scores in `eval --cv`)."""
    settings = settings or default_settings()
    if scorer is None:  # worker processes share the cores
        scorer = _scorer(settings, threads=model_threads(settings.n_process))
    folder = model_folder(settings)
    return CodingContext(
        kb=load_kb(),
        lexicon=load_lexicon(),
        settings=settings,
        scorer=scorer,
        calibration=Calibration.read(folder) if folder is not None else None,
        gazetteer=load_gazetteer() if settings.geocode else None,
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
    regions = ctx.gazetteer.region_keys() if ctx.gazetteer is not None else frozenset()
    nlp = load_nlp(ctx.settings.model)
    prefilter = Prefilter.build(nlp=nlp, kb=ctx.kb, heads=heads, regions=regions)
    _PREFILTER[:] = [(ctx.settings.model, ctx.kb, ctx.lexicon, prefilter)]
    return prefilter


_CHOICE: list[tuple[str, object, object, SentenceChoice]] = []  # as _PREFILTER


def choice_for(ctx: CodingContext) -> SentenceChoice:
    """The sentence choice for a context's model, knowledge base and lexicon (built once)."""
    for model, kb, lexicon, choice in _CHOICE:
        if model == ctx.settings.model and kb is ctx.kb and lexicon is ctx.lexicon:
            return choice
    nlp = load_nlp(ctx.settings.model)
    choice = SentenceChoice.build(nlp=nlp, kb=ctx.kb, triggers=ctx.lexicon.triggers)
    _CHOICE[:] = [(ctx.settings.model, ctx.kb, ctx.lexicon, choice)]
    return choice


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
    this process); results come back in input order. `n_process` 0 (the default) means
    the machine's cores for `MIN_ARTICLES_TO_FORK` articles or more, else this process
    (see `processes_for`). With the `prefilter` setting, an
    article that has no candidate trigger or no candidate actor (see
    `detente.nlp.prefilter`) is only tokenised, never parsed; with the `parse` setting
    at `candidates`, only the sentences that can hold an event are parsed.
    """
    ctx = ctx or make_context(settings)
    articles, workers = processes_for(articles, ctx)
    if workers > 1:
        yield from _code_in_processes(articles, ctx, workers)
        return
    for article, _, events in parse_and_code(articles, ctx=ctx):
        yield article, events


def processes_for(articles: Iterable[Article], ctx: CodingContext) -> tuple[Iterable[Article], int]:
    """The articles (as a new iterable: some may have been read) and the number of
    processes to code them: the `n_process` setting, or when it is 0, the cores if the
    input has `MIN_ARTICLES_TO_FORK` articles or more and a worker builds the same context
    from the settings (not out-of-fold scores, not a knowledge base of its own)."""
    if ctx.settings.n_process > 0:
        return articles, ctx.settings.n_process
    cores = available_cores()
    rebuilt = (
        (ctx.scorer is None or isinstance(ctx.scorer, LazyModel))
        and ctx.kb is load_kb()
        and ctx.lexicon is load_lexicon()
    )
    if cores < 2 or not rebuilt:
        return articles, 1
    stream = iter(articles)
    head = list(islice(stream, MIN_ARTICLES_TO_FORK))
    return chain(head, stream), cores if len(head) >= MIN_ARTICLES_TO_FORK else 1


def parse_and_code(
    articles: Iterable[Article], *, ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    """`code_articles` in this process, with each article's body as the coder read it
    (None when nothing in it was parsed: it has no events). With the `parse` setting
    at `candidates`, only the sentences the coder needs carry a parse."""
    if ctx.settings.parse == "all":
        yield from _parse_articles_and_code(articles, ctx)
        return
    if ctx.settings.parse not in ("candidates", "sentences"):
        raise DetenteError(E.E102, value=ctx.settings.parse)
    for chunk in _chunks(articles, ctx.settings.batch_size):
        yield from _parse_sentences_and_code(chunk, ctx)


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    stream = iter(items)
    while chunk := list(islice(stream, size)):
        yield chunk


def _parse_articles_and_code(
    articles: Iterable[Article], ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    """`parse: all`: each article (headline, body) parsed whole in one `nlp.pipe`."""
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


@dataclass(slots=True)
class ParseStats:
    """Sentences seen and parsed in this process (`parse: candidates|sentences`)."""

    sentences: int = 0
    parsed: int = 0

    @property
    def share(self) -> float:
        return self.parsed / self.sentences if self.sentences else 0.0


PARSE_STATS = ParseStats()


@dataclass(slots=True)
class _Parts:
    """One article's headline and body split into sentences, and what is parsed of them."""

    article: Article
    docs: list[Doc]  # tokens and sentence boundaries: [headline,] body
    sents: list[list[Span]]  # per part: its sentences (`doc.sents` walks every token)
    title: bool
    chosen: list[set[int]]  # per part: sentences that can hold an event (and their context)
    parsed: list[dict[int, Doc]]  # per part: sentence index -> its parse
    mentions: list[list[Mention]]  # per part: its knowledge-base mentions (`kb_mentions`)


SENTENCE_ENDS = frozenset(".!?:;\"')]”’…")  # a sentence begins after one of these
FULL_STOPS = (".", "!", "?")
OPENERS = "\"'“‘("  # a sentence may begin with one of these before its first word


def _split(nlp: Language, texts: list[str], batch_size: int) -> list[Doc]:
    """Tokens and sentences, close to those the parser finds when it parses the article
    whole: the pipeline's `senter` (the rule-based sentencizer if it has none), then a
    sentence after a line break that follows a sentence's end, and after a full stop that
    stands alone before a capital ("... sector. Putin"; not "Lt. Gen." or "U.S."), and
    none after a word that ends none ("Anti | -war", a dateline before a line break)."""
    docs = [nlp.make_doc(text) for text in texts]
    splitter: Any = nlp.get_pipe("senter") if "senter" in nlp.component_names else Sentencizer()
    split = list(splitter.pipe(docs, batch_size=batch_size))
    for doc in split:
        for token in doc[1:]:
            before = doc[token.i - 1]
            ended = token.i >= 2 and doc[token.i - 2].text[-1] in SENTENCE_ENDS
            paragraph = before.is_space and "\n" in before.text and ended
            stop = (
                before.text in FULL_STOPS
                and token.i >= 2
                and len(doc[token.i - 2].text) > 3
                and (token.text[:1].isupper() or token.text[:1] in OPENERS)
            )
            if paragraph or stop:
                token.is_sent_start = True
            if token.is_sent_start and not before.is_space and before.text[-1] not in SENTENCE_ENDS:
                token.is_sent_start = False
    return split


def _unparsed(sent: Span) -> Doc:
    """A sentence's tokens as one flat tree: a Doc of parsed sentences keeps it whole."""
    n = len(sent)
    return Doc(
        sent.doc.vocab,
        words=[t.text for t in sent],
        spaces=[bool(t.whitespace_) for t in sent],
        heads=[0] * n,
        deps=["ROOT"] + ["dep"] * (n - 1),
    )


def _assemble(doc: Doc, sents: list[Span], parsed: dict[int, Doc]) -> Doc:
    """The part's text again, the parsed sentences with their parse (offsets exact)."""
    if not parsed:
        return doc
    pieces = [parsed[i] if i in parsed else _unparsed(sent) for i, sent in enumerate(sents)]
    # spaCy's stub lacks `exclude` (spaCy >= 3.3 has it); the tensors differ in width
    return Doc.from_docs(  # type: ignore[call-arg]
        pieces, ensure_whitespace=False, exclude=["tensor", "user_data"]
    )


def _alone(sent: Span) -> Doc:
    """A sentence as a Doc of its own, as `Span.as_doc` gives it to the parser (the same
    words, spaces, norms, and one sentence) for a quarter of the cost. The norms are
    the tokenizer's, which its exceptions set ("Dec." is "december"); the parser reads them."""
    starts: list[bool | int | None] = [True, *([False] * (len(sent) - 1))]
    words, spaces = [t.text for t in sent], [bool(t.whitespace_) for t in sent]
    doc = Doc(sent.doc.vocab, words=words, spaces=spaces, sent_starts=starts)
    norms = numpy.array([[t.norm] for t in sent], dtype=numpy.uint64)
    doc.from_array([NORM], norms)  # type: ignore[arg-type]  # the stub wants thinc's Ints2d
    return doc


def _parse_into(
    nlp: Language, wanted: list[tuple[_Parts, int, int, Span]], batch_size: int
) -> None:
    sentences = (_alone(sent) for _, _, _, sent in wanted)
    for (parts, part, index, _), doc in zip(
        wanted, nlp.pipe(sentences, batch_size=batch_size), strict=True
    ):
        parts.parsed[part][index] = doc


def _parse_sentences_and_code(
    articles: list[Article], ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    """`parse: candidates|sentences`: split every part into sentences, parse the ones
    the coder can need (`SentenceChoice`; all with `sentences`), each on its own, and
    code the article from its parts with the parsed sentences in place."""
    nlp = load_nlp(ctx.settings.model)
    choice = choice_for(ctx)
    check = prefilter_for(ctx) if ctx.settings.prefilter else None
    every = ctx.settings.parse == "sentences"
    longest = ctx.settings.max_sentence_chars
    texts = [t for a in articles for t in ([a.title] if a.title else []) + [a.text]]
    docs = iter(_split(nlp, texts, ctx.settings.batch_size))
    found: list[_Parts] = []
    for article in articles:
        split = [next(docs) for _ in range(2 if article.title else 1)]
        sents = [list(doc.sents) for doc in split]
        wanted = check is None or check.may_have_event(*split)
        # the knowledge base's mentions depend on the tokens alone: found once, on the split
        mentions = [kb_mentions(doc, ctx.kb, article.published) if wanted else [] for doc in split]
        chosen = [
            (
                set(range(len(listed)))
                if every
                else choice.named(doc, article.published, mentions=known, sents=listed)
            )
            if wanted
            else set()
            for doc, known, listed in zip(split, mentions, sents, strict=True)
        ]
        parsed: list[dict[int, Doc]] = [{} for _ in split]
        found.append(_Parts(article, split, sents, bool(article.title), chosen, parsed, mentions))

    def sentences(parts: _Parts, which: list[set[int]]) -> Iterator[tuple[_Parts, int, int, Span]]:
        for part, (listed, indices) in enumerate(zip(parts.sents, which, strict=True)):
            for index, sent in enumerate(listed):
                fresh = index in indices and index not in parts.parsed[part]
                if fresh and len(sent.text) <= longest:
                    yield parts, part, index, sent

    size = ctx.settings.batch_size * 4  # sentences, not articles
    _parse_into(nlp, [s for p in found for s in sentences(p, p.chosen)], size)
    later: list[tuple[_Parts, int, int, Span]] = []
    for parts in found:
        if not any(parts.chosen):
            continue
        day = parts.article.published
        entities = (ent for parsed in parts.parsed for doc in parsed.values() for ent in doc.ents)
        names = choice.names(parts.docs, day, mentions=parts.mentions, entities=entities)
        for part, listed in enumerate(parts.sents):
            parts.chosen[part] |= choice.aliases(listed, parts.chosen[part], names)
            parts.chosen[part] |= choice.context(listed, parts.chosen[part])
        later += sentences(parts, parts.chosen)
    _parse_into(nlp, later, size)
    batch: list[tuple[Doc, Article, Doc | None, bool]] = []
    for parts in found:
        used = [
            {i: p for i, p in parsed.items() if i in chosen}
            for parsed, chosen in zip(parts.parsed, parts.chosen, strict=True)
        ]
        coded = [
            _assemble(doc, listed, mine)
            for doc, listed, mine in zip(parts.docs, parts.sents, used, strict=True)
        ]
        if any(parts.chosen):  # the mentions depend on the tokens alone: not found twice
            for doc, known in zip(coded, parts.mentions, strict=True):
                doc.user_data[KB_MENTIONS_KEY] = known
        PARSE_STATS.sentences += sum(map(len, parts.sents))
        PARSE_STATS.parsed += sum(map(len, used))
        title = coded[0] if parts.title else None
        batch.append((coded[-1], parts.article, title, any(parts.chosen)))
    yield from _code_batch(batch, ctx)


def _code_batch(
    batch: list[tuple[Doc, Article, Doc | None, bool]], ctx: CodingContext
) -> Iterator[tuple[Article, Doc | None, list[Event]]]:
    wanted = [(doc, article, title) for doc, article, title, parsed in batch if parsed]
    coded = iter(code_docs(wanted, ctx))
    for doc, article, _, parsed in batch:
        yield (article, doc, next(coded)) if parsed else (article, None, [])


_WORKER: list[CodingContext] = []  # the coding context of a worker process


def _start_worker(settings: Settings, workers: int) -> None:
    single = dataclasses.replace(settings, n_process=1)
    _WORKER[:] = [make_context(single, scorer=_scorer(single, threads=model_threads(workers)))]


def _code_chunk(chunk: list[Article]) -> list[tuple[Article, list[Event]]]:
    return list(code_articles(chunk, ctx=_WORKER[0]))


def _code_in_processes(
    articles: Iterable[Article], ctx: CodingContext, workers: int
) -> Iterator[tuple[Article, list[Event]]]:
    """Code chunks of articles in `workers` forked workers, a bounded number in flight.

    The spaCy pipeline and the sentence choice are loaded here first, so the workers
    share them (copy-on-write) instead of each loading its own; `gc.freeze` keeps the
    collector from touching, and so copying, the pages they share. The sentence model
    is not: onnxruntime is not safe to fork, each worker starts its own."""
    stream = iter(articles)
    load_nlp(ctx.settings.model)
    if ctx.settings.parse != "all":
        choice_for(ctx)
    if ctx.settings.prefilter:
        prefilter_for(ctx)
    gc.freeze()
    pool_context = multiprocessing.get_context("fork")
    start = (ctx.settings, workers)
    try:
        with pool_context.Pool(workers, initializer=_start_worker, initargs=start) as pool:
            pending: deque[Any] = deque()
            while chunk := list(islice(stream, ctx.settings.batch_size)):
                pending.append(pool.apply_async(_code_chunk, (chunk,)))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        gc.unfreeze()


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
