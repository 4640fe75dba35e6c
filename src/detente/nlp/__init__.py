"""The nlp stage: loading the spaCy pipeline and parsing articles in batches."""

from detente.nlp.pipeline import load_nlp

__all__ = ["load_nlp"]
