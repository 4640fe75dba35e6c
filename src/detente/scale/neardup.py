"""Near-duplicate articles (wire copies, updated versions) by MinHash over word shingles.

An article whose estimated Jaccard similarity to an earlier kept article is at
least the threshold is a near-duplicate of it. "Earlier" means earlier in the
input order or already in the store, so the decision is the same whether a
run was interrupted and resumed or not. Memory: one signature of `num_perm`
64-bit values per kept article (512 bytes at the default 64).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 3


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Lowercase word n-grams of a text (the whole text if it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


class NearDuplicates:
    """An index of kept articles' MinHash signatures, queried in input order."""

    def __init__(self, *, threshold: float = 0.8, num_perm: int = 64) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.signatures: dict[str, np.ndarray] = {}

    def _minhash(self, text: str) -> MinHash:
        minhash = MinHash(num_perm=self.num_perm, seed=1)
        minhash.update_batch(list(shingles(text)))
        return minhash

    def add(self, key: str, text: str) -> None:
        if key in self.signatures:
            return
        minhash = self._minhash(text)
        self.lsh.insert(key, minhash)
        self.signatures[key] = minhash.hashvalues

    def original_of(self, text: str) -> str | None:
        """The kept article `text` nearly duplicates (the most similar; ties by key)."""
        minhash = self._minhash(text)
        best: tuple[float, str] | None = None
        for key in self.lsh.query(minhash):
            similarity = float(np.mean(self.signatures[key] == minhash.hashvalues))
            if similarity >= self.threshold and (
                best is None or (-similarity, key) < (-best[0], best[1])
            ):
                best = (similarity, key)
        return best[1] if best else None

    def check(self, key: str, text: str) -> str | None:
        """The original of a near-duplicate, or None after indexing `text` as kept."""
        original = self.original_of(text)
        if original is None:
            self.add(key, text)
        return original

    def add_all(self, items: Iterable[tuple[str, str]]) -> None:
        for key, text in items:
            self.add(key, text)
