"""The articles stage: read files, folders, JSONL, CSV and HTML into clean `Article`s."""

from detente.articles.clean import (
    content_hash,
    normalize_text,
    read_text_article,
    split_tag_line,
)
from detente.articles.formats import detect_language, language_name, parse_date
from detente.articles.read import DATES_FILE, ReadOptions, ReadProblem, iter_articles

__all__ = [
    "DATES_FILE",
    "ReadOptions",
    "ReadProblem",
    "content_hash",
    "detect_language",
    "iter_articles",
    "language_name",
    "normalize_text",
    "parse_date",
    "read_text_article",
    "split_tag_line",
]
