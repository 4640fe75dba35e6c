"""Export a trained network to ONNX with int8 weights, for onnxruntime on CPU.

The graph takes word-piece ids and an attention mask and returns the three heads'
probabilities: quad (batch, 5), event (batch, 17) and role (batch, pieces, 4).
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import torch
from torch import nn

from detente.learn.network import CoderNet

if TYPE_CHECKING:
    from detente.coding.sentence_model import OnnxModel

ONNX_FILE = "model.int8.onnx"


class _Probabilities(nn.Module):
    def __init__(self, net: CoderNet) -> None:
        super().__init__()
        self.net = net

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        quad, event, role = self.net(ids, mask)
        return quad.softmax(-1), event.softmax(-1), role.softmax(-1)


def export_float(net: CoderNet, path: Path) -> Path:
    """Write the float32 graph of the network to `path` (the input of the int8 export)."""
    net.eval()
    ids = torch.ones((1, 8), dtype=torch.long)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Probabilities(net),
            (ids, torch.ones_like(ids)),
            str(path),
            input_names=["ids", "mask"],
            output_names=["quad", "event", "role"],
            dynamic_axes={
                "ids": {0: "batch", 1: "pieces"},
                "mask": {0: "batch", 1: "pieces"},
                "quad": {0: "batch"},
                "event": {0: "batch"},
                "role": {0: "batch", 1: "pieces"},
            },
            opset_version=17,
            dynamo=False,
        )
    return path


def export_onnx(net: CoderNet, folder: Path) -> Path:
    """Write `folder/model.int8.onnx` (dynamic 8-bit quantisation of the weights).

    The weights are unsigned, as the activations: onnxruntime multiplies unsigned by
    signed bytes with an instruction that saturates on CPUs without VNNI (AVX2 only),
    so a signed-weight model scores the same sentence differently on different
    machines; unsigned by unsigned is exact on every CPU."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        full = export_float(net, Path(tmp) / "model.onnx")
        quantize_dynamic(str(full), str(folder / ONNX_FILE), weight_type=QuantType.QUInt8)
    return folder / ONNX_FILE


def onnx_scorer(net: CoderNet, *, encoder: str, max_tokens: int, folder: Path) -> OnnxModel:
    """The runtime scorer of an in-memory network (exported into `folder`)."""
    import json

    from detente.coding.sentence_model import OnnxModel

    export_onnx(net, folder)
    (folder / "meta.json").write_text(json.dumps({"encoder": encoder, "max_tokens": max_tokens}))
    return OnnxModel(folder)
