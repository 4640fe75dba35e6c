"""The prefilter skips parsing only where no event can be found: results are identical."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from detente.articles import ReadOptions, iter_articles
from detente.nlp import load_nlp
from detente.pipeline import code_articles, make_context, prefilter_for
from detente.records import Article
from detente.settings import default_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [ROOT / "examples" / "articles", ROOT / "examples" / "reports"]
SHARED = ROOT.parent / "shared" / "examples"


def _articles() -> list[Article]:
    paths = [*EXAMPLES, *([SHARED] if SHARED.exists() else [])]
    return [a for a in iter_articles(paths, options=ReadOptions()) if isinstance(a, Article)]


def test_trigger_forms_cover_inflections() -> None:
    ctx = make_context(dataclasses.replace(default_settings(), sentence_model="off"))
    forms = prefilter_for(ctx).triggers
    assert forms is not None  # the rules alone need a trigger word
    for word in ("met", "meets", "signed", "agreed", "accused", "talks", "sanctions", "fought"):
        assert word in forms, word
    assert "the" not in forms
    assert prefilter_for(make_context()).triggers is None  # the model needs none


def test_prefilter_skips_what_cannot_yield_an_event() -> None:
    ctx = make_context()
    check = prefilter_for(ctx)
    nlp = load_nlp(ctx.settings.model)
    assert check.may_have_event(nlp.make_doc("Russia accused Ukraine of shelling the plant."))
    assert not check.may_have_event(nlp.make_doc("Cocoa prices rose sharply on Tuesday."))
    assert not check.may_have_event(nlp.make_doc("It rained, so we met later at the cafe."))


def test_prefilter_events_identical_on_examples() -> None:
    articles = _articles()
    assert len(articles) >= 6
    on = make_context(dataclasses.replace(default_settings(), prefilter=True))
    off = make_context(dataclasses.replace(default_settings(), prefilter=False))
    with_filter = [[e.to_dict() for e in ev] for _, ev in code_articles(articles, ctx=on)]
    without = [[e.to_dict() for e in ev] for _, ev in code_articles(articles, ctx=off)]
    assert sum(map(len, without)) > 0
    assert with_filter == without


@pytest.mark.slow
def test_prefilter_eval_identical_on_gold() -> None:
    from detente.evaluate.gold import evaluate

    gold = ROOT.parent / "shared" / "data" / "gold"
    for name in ("plover_gsr.dev.jsonl", "pentaclass.dev.jsonl"):
        scores = []
        for flag in (True, False):
            settings = dataclasses.replace(default_settings(), prefilter=flag)
            scores.append(evaluate(gold / name, settings=settings).to_dict())
        assert scores[0] == scores[1], name
