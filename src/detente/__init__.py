"""detente: foreign-affairs news to PLOVER event data, with evidence."""

from detente.pipeline import code_articles, code_text
from detente.records import Actor, Article, Event

__version__ = "0.6.0"
__all__ = ["Actor", "Article", "Event", "code_articles", "code_text", "__version__"]
