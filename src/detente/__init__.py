"""detente: foreign-affairs news to PLOVER event data, with evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from detente.pipeline import code_articles, code_text
    from detente.records import Actor, Article, Event

__version__ = "0.8.0"
__all__ = ["Actor", "Article", "Event", "code_articles", "code_text", "__version__"]

# where each public name lives: imported on first use, so that `import detente` (and the
# command line, see `detente.cli.torchless`) does not load spaCy before it needs it
_HOMES = {
    "code_articles": "detente.pipeline",
    "code_text": "detente.pipeline",
    "Actor": "detente.records",
    "Article": "detente.records",
    "Event": "detente.records",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
