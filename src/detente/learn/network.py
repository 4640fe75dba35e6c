"""The sentence model: a small pretrained encoder with three heads.

- `quad`: the PentaClass class of the sentence (0 statement/no event, 1..4);
- `event`: NONE or one of the 16 PLOVER types;
- `role`: per word piece, O / S (source actor) / T (target actor).

The encoder's word embeddings stay frozen during fine-tuning, so they need not
be stored: they come from the pinned pip package that ships the encoder.
Saved weights are the transformer layers and the heads, in float16.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import transformers
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoConfig, AutoModel, AutoTokenizer, PreTrainedTokenizerBase

from detente.errors import DetenteError, E
from detente.learn.corpus import EVENT_LABELS, ROLE_LABELS
from detente.learn.encoder import encoder_dir, encoder_sha256

WEIGHTS = "weights.safetensors"
QUADS = 5


class CoderNet(nn.Module):
    def __init__(self, encoder: nn.Module, hidden: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.quad = nn.Linear(hidden, QUADS)
        self.event = nn.Linear(hidden, len(EVENT_LABELS))
        self.role = nn.Linear(hidden, len(ROLE_LABELS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = self.dropout((states * mask).sum(1) / mask.sum(1).clamp(min=1.0))
        return self.quad(pooled), self.event(pooled), self.role(self.dropout(states))

    def trainable_state(self) -> dict[str, torch.Tensor]:
        """What fine-tuning changed: everything but the frozen embeddings."""
        return {
            name: tensor
            for name, tensor in self.state_dict().items()
            if not name.startswith("encoder.embeddings.")
        }


def build(package: str) -> tuple[CoderNet, PreTrainedTokenizerBase]:
    """A fresh network on the packaged encoder, embeddings frozen, and its tokenizer."""
    folder = encoder_dir(package)
    transformers.logging.set_verbosity_error()  # the unused pooler is expected, not news
    transformers.logging.disable_progress_bar()
    encoder = AutoModel.from_pretrained(folder, add_pooling_layer=False)
    for parameter in encoder.embeddings.parameters():
        parameter.requires_grad = False
    net = CoderNet(encoder, AutoConfig.from_pretrained(folder).hidden_size)
    return net, AutoTokenizer.from_pretrained(folder)


def save(net: CoderNet, folder: Path, meta: dict[str, object]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in net.trainable_state().items()}
    save_file(state, str(folder / WEIGHTS))
    (folder / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")


def load(folder: Path) -> tuple[CoderNet, PreTrainedTokenizerBase, dict[str, object]]:
    """A trained network: the packaged encoder with the saved layers and heads on top."""
    meta_path = folder / "meta.json"
    if not meta_path.exists():
        raise DetenteError(E.E702, path=folder)
    meta = json.loads(meta_path.read_text())
    package = str(meta["encoder"])
    if meta.get("encoder_sha256") not in (None, encoder_sha256(package)):
        raise DetenteError(E.E704, package=package, path=folder)
    net, tokenizer = build(package)
    state = {k: v.to(torch.float32) for k, v in load_file(str(folder / WEIGHTS)).items()}
    missing, unexpected = net.load_state_dict(state, strict=False)
    if unexpected or any(not name.startswith("encoder.embeddings.") for name in missing):
        raise DetenteError(E.E702, path=folder)
    net.eval()
    return net, tokenizer, meta
