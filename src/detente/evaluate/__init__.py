"""Evaluation against gold sets."""

from detente.evaluate.gold import EvalResult, evaluate, read_gold

__all__ = ["EvalResult", "evaluate", "read_gold"]
