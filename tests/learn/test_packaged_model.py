"""The packaged model was trained on today's data with today's recipe, and its
out-of-fold scores cover the development sentences."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from detente.coding.sentence_model import MODEL_DIR, OOF_FILE
from detente.learn.corpus import corpus_hash, read_corpus
from detente.learn.network import encoder_sha256
from detente.learn.train import TrainConfig

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
META = json.loads((MODEL_DIR / "meta.json").read_text())


def test_the_model_records_its_recipe_encoder_and_scores() -> None:
    config = TrainConfig.read()
    for field in ("encoder", "epochs", "lr", "seed", "folds", "max_tokens", "partial_types"):
        assert META.get(field, False) == getattr(config, field), field
    assert META["encoder_sha256"] == encoder_sha256(config.encoder)
    assert META["cv_scores"]["pentaclass"]["quad_macro_f1"] > 0.5


def test_out_of_fold_scores_exist_for_the_development_sentences() -> None:
    with gzip.open(MODEL_DIR / OOF_FILE, "rt") as handle:
        keys = [json.loads(line)["key"] for line in handle]
    assert len(keys) == len(set(keys)) > 1500


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not here")
def test_the_model_was_trained_on_todays_data() -> None:
    config = TrainConfig.read()
    examples = read_corpus(
        SHARED, synthetic_per_type=config.synthetic_per_type, negatives=config.negatives
    )
    assert corpus_hash(examples) == META["data_sha256"], "retrain: `detente train`"


def test_the_weights_are_unsigned_bytes_like_the_activations() -> None:
    """Unsigned by signed bytes saturates on CPUs without VNNI (onnxruntime's AVX2 kernel),
    so a model with signed weights scores differently from machine to machine."""
    onnx = pytest.importorskip("onnx")
    graph = onnx.load(str(MODEL_DIR / "model.int8.onnx")).graph
    weights = {init.name: init.data_type for init in graph.initializer}
    products = [n for n in graph.node if n.op_type == "MatMulInteger"]
    assert products
    assert {weights[n.input[1]] for n in products} == {onnx.TensorProto.UINT8}
