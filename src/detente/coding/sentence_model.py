"""Scores of the trained sentence model for the sentences the coder looks at.

The model (see `detente.learn`) reads a sentence and gives the probability of
each PentaClass class, of no event or each PLOVER type, and for each word piece
the probability that it belongs to the source or the target actor. The coder
asks it only about candidate sentences, one sentence at a time (`OnnxModel`).

`OutOfFold` answers for development sentences with the scores of the fold model
that never saw them, which is how `detente eval --cv` stays honest.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from detente.errors import DetenteError, E
from detente.learn.corpus import EVENT_LABELS, NO_EVENT
from detente.learn.encoder import encoder_dir

MODEL_DIR = Path(__file__).parent / "model"
OOF_FILE = "oof.jsonl.gz"
ONNX_FILE = "model.int8.onnx"
# start, end (in the sentence), p(source), p(target); a reciprocal actor counts as both
Piece = tuple[int, int, float, float]


@dataclass(frozen=True, slots=True)
class SentenceScores:
    quad: tuple[float, ...]
    event: tuple[float, ...]  # in the order of EVENT_LABELS
    pieces: tuple[Piece, ...] = ()

    @property
    def p_event(self) -> float:
        return 1.0 - self.event[0]

    def top(self) -> tuple[str, float]:
        """The most probable PLOVER type (never NONE) and its probability."""
        index = max(range(1, len(self.event)), key=self.event.__getitem__)
        return EVENT_LABELS[index], self.event[index]

    def p(self, event: str) -> float:
        return self.event[EVENT_LABELS.index(event)] if event in EVENT_LABELS else 0.0

    def role(self, starts: set[int]) -> tuple[float, float]:
        """Mean p(source), p(target) of the pieces that begin a word at these offsets."""
        chosen = [(s, t) for start, _, s, t in self.pieces if start in starts]
        if not chosen:
            return 0.0, 0.0
        return (
            sum(s for s, _ in chosen) / len(chosen),
            sum(t for _, t in chosen) / len(chosen),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "quad": [round(p, 4) for p in self.quad],
            "event": [round(p, 4) for p in self.event],
            "pieces": [[a, b, round(s, 4), round(t, 4)] for a, b, s, t in self.pieces],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SentenceScores:
        return cls(
            tuple(raw["quad"]),
            tuple(raw["event"]),
            tuple((int(a), int(b), float(s), float(t)) for a, b, s, t in raw["pieces"]),
        )


class Scorer(Protocol):
    def score(self, sentences: Sequence[str]) -> list[SentenceScores]: ...


class OutOfFold:
    """Scores computed by the fold models for the development sentences they did not see."""

    def __init__(self, table: dict[str, SentenceScores], fallback: Scorer | None = None) -> None:
        self.table, self.fallback = table, fallback
        self.misses = 0

    @classmethod
    def read(cls, path: Path, fallback: Scorer | None = None) -> OutOfFold:
        table: dict[str, SentenceScores] = {}
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                raw = json.loads(line)
                table[raw["key"]] = SentenceScores.from_json(raw)
        return cls(table, fallback)

    def score(self, sentences: Sequence[str]) -> list[SentenceScores]:
        from detente.learn.corpus import text_key

        found: list[SentenceScores | None] = [self.table.get(text_key(s)) for s in sentences]
        missing = [i for i, s in enumerate(found) if s is None]
        self.misses += len(missing)
        if missing and self.fallback is not None:
            rescored = self.fallback.score([sentences[i] for i in missing])
            for i, scores in zip(missing, rescored, strict=True):
                found[i] = scores
        return [s or _NOTHING for s in found]


_NOTHING = SentenceScores((1.0, 0.0, 0.0, 0.0, 0.0), (1.0,) + (0.0,) * (len(EVENT_LABELS) - 1))


class OnnxModel:
    """The int8 ONNX export of the model on onnxruntime, one sentence at a time.

    Each sentence is scored alone (no padding, no batch): its scores depend on
    nothing else, so the same article gives the same events in one process, in
    many, or on Dask.
    """

    def __init__(self, folder: Path, *, threads: int = 1, max_tokens: int = 96) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        meta = json.loads((folder / "meta.json").read_text())
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(
            str(encoder_dir(str(meta["encoder"])) / "tokenizer.json")
        )
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(int(meta.get("max_tokens", max_tokens)))

    def score(self, sentences: Sequence[str]) -> list[SentenceScores]:
        import numpy as np

        out: list[SentenceScores] = []
        for encoding in self.tokenizer.encode_batch(list(sentences)):
            ids = np.array([encoding.ids], dtype=np.int64)
            quad, event, role = self.session.run(None, {"ids": ids, "mask": np.ones_like(ids)})
            # float32 sums as before, turned into Python floats in one go
            sources = (role[0][:, 1] + role[0][:, 3]).tolist()
            targets = (role[0][:, 2] + role[0][:, 3]).tolist()
            pieces = tuple(
                (a, b, source, target)
                for (a, b), source, target in zip(encoding.offsets, sources, targets, strict=True)
                if b > a
            )
            out.append(SentenceScores(tuple(quad[0].tolist()), tuple(event[0].tolist()), pieces))
        return out


class LazyModel:
    """The packaged (or named) model, loaded on its first sentence.

    Loading waits until then so that a parent process that forks coding workers
    never starts a thread pool (a forked child could hang on it).
    """

    def __init__(self, folder: Path, threads: int) -> None:
        self.folder, self.threads = folder, threads
        self._model: OnnxModel | None = None

    def score(self, sentences: Sequence[str]) -> list[SentenceScores]:
        if self._model is None:
            self._model = OnnxModel(self.folder, threads=self.threads)
        return self._model.score(sentences)


@lru_cache(maxsize=4)
def load_sentence_model(folder: str = "", *, threads: int = 1) -> LazyModel:
    """The trained model (one per process and folder), loaded when first used."""
    path = Path(folder) if folder else MODEL_DIR
    if not (path / "meta.json").exists() or not (path / ONNX_FILE).exists():
        raise DetenteError(E.E702, path=path)
    return LazyModel(path, threads)


__all__ = [
    "SentenceScores",
    "LazyModel",
    "OutOfFold",
    "load_sentence_model",
    "NO_EVENT",
]
