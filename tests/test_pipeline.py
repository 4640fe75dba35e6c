"""How many processes code an input when `n_process` is left at 0 (issue 11)."""

from __future__ import annotations

import dataclasses

from detente.coding.sentence_model import OutOfFold
from detente.pipeline import (
    MIN_ARTICLES_TO_FORK,
    article_from_text,
    available_cores,
    make_context,
    model_threads,
    processes_for,
)
from detente.records import Article
from detente.settings import default_settings

SETTINGS = dataclasses.replace(default_settings(), n_process=0, sentence_model="off")


def _articles(n: int) -> list[Article]:
    return [article_from_text(f"Article number {i}.", doc_id=str(i)) for i in range(n)]


def test_issue_11_small_inputs_stay_in_one_process() -> None:
    few = _articles(MIN_ARTICLES_TO_FORK - 1)
    stream, workers = processes_for(iter(few), make_context(SETTINGS))
    assert workers == 1
    assert list(stream) == few  # nothing read ahead is lost


def test_issue_11_large_inputs_use_the_cores() -> None:
    many = _articles(MIN_ARTICLES_TO_FORK + 5)
    stream, workers = processes_for(iter(many), make_context(SETTINGS))
    assert workers == (available_cores() if available_cores() > 1 else 1)
    assert list(stream) == many


def test_issue_11_a_context_workers_cannot_rebuild_stays_in_one_process() -> None:
    many = _articles(MIN_ARTICLES_TO_FORK + 5)
    out_of_fold = make_context(SETTINGS, scorer=OutOfFold({}))
    assert processes_for(many, out_of_fold)[1] == 1


def test_issue_11_the_setting_wins_and_threads_share_the_cores() -> None:
    three = dataclasses.replace(SETTINGS, n_process=3)
    assert processes_for(_articles(2), make_context(three))[1] == 3
    assert model_threads(0) == available_cores()
    assert model_threads(available_cores()) == 1
