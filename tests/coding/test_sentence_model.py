"""The sentence model's scores of a sentence depend on that sentence alone (issue 11).

The int8 export quantizes each activation tensor with one scale over the whole batch, so
a padded batch would change a sentence's scores by the company it keeps (measured on
Reuters sentences: up to 0.35 in a probability). The model therefore reads one sentence
per run, and these tests hold it to that: the scores of each sentence are the same
whether it is scored alone or with others, in any order, on one thread or two.
"""

from __future__ import annotations

from pathlib import Path

from detente.coding.sentence_model import MODEL_DIR, OnnxModel, SentenceScores

ROOT = Path(__file__).resolve().parents[2]


def _sentences() -> list[str]:
    """Real sentences of different lengths: the lines of the example articles."""
    found: list[str] = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for sentence in line.split(". "):
                if len(sentence.split()) >= 4:
                    found.append(sentence.strip())
    return found[:40]


def test_issue_11_scores_do_not_depend_on_the_other_sentences() -> None:
    sentences = _sentences()
    assert len(sentences) >= 20
    assert len({len(s.split()) for s in sentences}) >= 10  # lengths differ
    model = OnnxModel(MODEL_DIR, threads=1)
    together = model.score(sentences)
    alone = [model.score([s])[0] for s in sentences]
    backwards = model.score(sentences[::-1])[::-1]
    assert together == alone == backwards
    assert all(isinstance(s, SentenceScores) and s.pieces for s in together)


def test_issue_11_scores_do_not_depend_on_the_threads() -> None:
    sentences = _sentences()[:10]
    one = OnnxModel(MODEL_DIR, threads=1).score(sentences)
    two = OnnxModel(MODEL_DIR, threads=2).score(sentences)
    assert one == two
