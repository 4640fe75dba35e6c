"""Training on a few sentences: deterministic for a seed, and the heads it saves load back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import torch

from detente.learn.corpus import Example
from detente.learn.export import onnx_scorer
from detente.learn.network import load, save
from detente.learn.train import TrainConfig, fit, head_scores

EXAMPLES = [
    Example(
        "Rebels attacked an army base near the border.",
        "spans",
        quad=4,
        event="ASSAULT",
        words=("Rebels", "attacked", "an", "army", "base"),
        roles=("S", "O", "O", "T", "T"),
    ),
    Example("The two ministers met in Vienna for talks.", "plover_gsr", event="CONSULT"),
    Example("The striker scored twice in the second half.", "negatives", quad=0, event="NONE"),
    Example("Protesters marched on parliament demanding reforms.", "synthetic", event="PROTEST"),
] * 4


@pytest.mark.slow
def test_training_is_deterministic_and_the_saved_model_scores_the_same(tmp_path: Path) -> None:
    config = replace(TrainConfig.read(), epochs=1, batch_size=4)
    first, _ = fit(EXAMPLES, config)
    second, _ = fit(EXAMPLES, config)
    for name, tensor in first.trainable_state().items():
        assert torch.equal(tensor, second.trainable_state()[name]), name
    save(first, tmp_path, {"encoder": config.encoder, "max_tokens": config.max_tokens})
    loaded, _, meta = load(tmp_path)
    texts = [e.text for e in EXAMPLES[:4]]
    scored = [
        onnx_scorer(
            net, encoder=config.encoder, max_tokens=config.max_tokens, folder=tmp_path / n
        ).score(texts)
        for n, net in (("before", first), ("after", loaded))
    ]
    before, after = scored
    for a, b in zip(before, after, strict=True):  # float16 storage moves scores only a little
        assert max(abs(x - y) for x, y in zip(a.event, b.event, strict=True)) < 0.02
    scores = head_scores(EXAMPLES[:4], after)
    assert set(scores) >= {"event_accuracy", "relevance_f1", "role_S_f1"}
