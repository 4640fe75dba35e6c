"""The sentence model's own speed, and how far each faster idea moves its scores (issue 11).

    .venv/bin/python benchmarks/sentence_model.py [--articles 300] [--repeat 5]
        [--weights FOLDER] [--write]

The sentences are those the coder asks the model about when it codes the first
`--articles` Reuters-21578 articles (recorded by a scorer that only listens). The
process is pinned to one core. Each row runs a graph on them and reports sentences/s
(the fastest of `--repeat` passes: on a shared machine, the least disturbed) and how
far its scores are from the runtime's: over every probability the coder reads (quad,
event, each word piece's p(source) and p(target)), the largest and the median over
sentences of a sentence's largest change, the share of sentences that move by more than
2e-3, and the share whose top PLOVER type changes. Rows:

- the runtime (`OnnxModel.score`): the packaged int8 model, one sentence a run;
- the same graph in length-bucketed padded batches: the int8 export quantizes each
  activation tensor over the whole batch, so a sentence's scores move with its company;
- the same graph with onnxruntime's basic optimisation level: the same int8 arithmetic
  with unfused kernels, so only float rounding differs;
- with `--weights FOLDER` (`weights.safetensors` and `meta.json` as `detente train`
  writes them; needs the `train` extra): the float32 export of those weights one
  sentence a run and in batches, their int8 re-export (what `detente train` would
  commit), and their static int8 quantisation (QDQ, activation scales calibrated once
  on 300 training sentences) one sentence a run and in batches.

The last column compares a batched row with the same graph one sentence a run: a
batch-independent graph moves only by float noise there.
With `--write` the table goes into docs/benchmarks.md between
`<!-- sentence-model:start -->` and `<!-- sentence-model:end -->`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime

from detente.coding.sentence_model import MODEL_DIR, ONNX_FILE, OnnxModel, SentenceScores
from detente.learn.corpus import EVENT_LABELS
from detente.pipeline import code_articles, make_context
from detente.scale.reuters import reuters_articles
from detente.settings import default_settings
from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
REUTERS = SHARED / "corpus" / "reuters21578"
BATCH = 16
TOLERANCE = 2e-3  # the change in a probability a faster model was allowed (issue 11)
# a sentence's scores as arrays: quad, event, role (pieces, 4) with its special pieces
Scores = list[tuple[np.ndarray, np.ndarray, np.ndarray]]


class Listener:
    """A scorer that keeps the sentences it is asked about and answers 'no event'."""

    def __init__(self) -> None:
        self.sentences: list[str] = []

    def score(self, sentences: Sequence[str]) -> list[SentenceScores]:
        self.sentences += sentences
        nothing = SentenceScores((1.0,) + (0.0,) * 4, (1.0,) + (0.0,) * (len(EVENT_LABELS) - 1))
        return [nothing] * len(sentences)


def candidate_sentences(articles: int) -> list[str]:
    """The sentences the coder scores in the first `articles` Reuters articles."""
    listener = Listener()
    settings = replace(default_settings(), n_process=1)
    ctx = make_context(settings, scorer=listener)
    for _ in code_articles(reuters_articles(REUTERS, limit=articles), ctx=ctx):
        pass
    return listener.sentences


def session(path: Path, *, basic: bool = False) -> onnxruntime.InferenceSession:
    """An onnxruntime session set up as `OnnxModel` sets it up (one thread)."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    if basic:
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def one_at_a_time(run: onnxruntime.InferenceSession, pieces: list[list[int]]) -> Scores:
    out = []
    for ids in pieces:
        batch = np.array([ids], dtype=np.int64)
        quad, event, role = run.run(None, {"ids": batch, "mask": np.ones_like(batch)})
        out.append((quad[0], event[0], role[0]))
    return out


def batched(run: onnxruntime.InferenceSession, pieces: list[list[int]]) -> Scores:
    """Batches of `BATCH` sentences of similar length, padded, with an attention mask."""
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    out: list[Any] = [None] * len(pieces)
    for first in range(0, len(order), BATCH):
        rows = order[first : first + BATCH]
        ids = np.zeros((len(rows), max(len(pieces[i]) for i in rows)), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, i in enumerate(rows):
            ids[row, : len(pieces[i])], mask[row, : len(pieces[i])] = pieces[i], 1
        quad, event, role = run.run(None, {"ids": ids, "mask": mask})
        for row, i in enumerate(rows):
            out[i] = (quad[row], event[row], role[row, : len(pieces[i])])
    return out


def largest_changes(a: Scores, b: Scores, texts: list[np.ndarray]) -> np.ndarray:
    """Each sentence's largest change in a probability the coder reads (`texts`: which
    pieces hold text, as `OnnxModel` keeps them)."""
    changes = []
    for (qa, ea, ra), (qb, eb, rb), text in zip(a, b, texts, strict=True):
        sides_a = np.stack([ra[:, 1] + ra[:, 3], ra[:, 2] + ra[:, 3]])[:, text]
        sides_b = np.stack([rb[:, 1] + rb[:, 3], rb[:, 2] + rb[:, 3]])[:, text]
        changes.append(
            max(np.abs(qa - qb).max(), np.abs(ea - eb).max(), np.abs(sides_a - sides_b).max())
        )
    return np.array(changes)


@dataclass
class Row:
    name: str
    run: Callable[[], object]
    scores: Scores | None = None  # None: the runtime itself
    alone: Scores | None = None  # a batched row's graph, one sentence a run
    speeds: list[float] = field(default_factory=list)

    def summary(self, reference: Scores, texts: list[np.ndarray]) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.name, "speed": max(self.speeds)}
        if self.scores is not None:
            changes = largest_changes(reference, self.scores, texts)
            tops = [
                np.argmax(a[1][1:]) != np.argmax(b[1][1:])
                for a, b in zip(reference, self.scores, strict=True)
            ]
            out |= {"max": changes.max(), "median": np.median(changes), "top": np.mean(tops)}
            out["moved"] = np.mean(changes > TOLERANCE)
        if self.alone is not None and self.scores is not None:
            out["batch_max"] = largest_changes(self.alone, self.scores, texts).max()
        return out


def static_int8(fp32: Path, model: OnnxModel) -> Path:
    """Static int8 quantisation (QDQ): activation scales calibrated once, on training
    sentences, so a sentence's scores need not depend on its batch."""
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    from detente.learn.corpus import read_corpus
    from detente.learn.train import TrainConfig

    config = TrainConfig.read()
    examples = read_corpus(
        SHARED, synthetic_per_type=config.synthetic_per_type, negatives=config.negatives
    )[::10][:300]

    class Sentences(CalibrationDataReader):
        def __init__(self) -> None:
            self.left = iter(model.tokenizer.encode_batch([e.text for e in examples]))

        def get_next(self) -> dict[str, np.ndarray] | None:
            encoding = next(self.left, None)
            if encoding is None:
                return None
            ids = np.array([encoding.ids], dtype=np.int64)
            return {"ids": ids, "mask": np.ones_like(ids)}

    out = fp32.with_name("model.qdq.onnx")
    quantize_static(
        str(fp32),
        str(out),
        Sentences(),
        quant_format=QuantFormat.QDQ,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
    )
    return out


def measure(sentences: list[str], *, repeat: int, weights: Path | None) -> list[dict[str, Any]]:
    """Each row's scores, then `repeat` rounds that time every row in turn (the machine's
    load falls on all rows alike)."""
    model = OnnxModel(MODEL_DIR, threads=1)
    encodings = model.tokenizer.encode_batch(sentences)
    pieces = [e.ids for e in encodings]
    texts = [np.array([b > a for a, b in e.offsets]) for e in encodings]
    int8 = session(MODEL_DIR / ONNX_FILE)
    reference = one_at_a_time(int8, pieces)
    rows = [Row("runtime: int8, one sentence a run", lambda: model.score(sentences))]

    def add(name: str, run: onnxruntime.InferenceSession, *, batch: bool = False) -> Row:
        how = batched if batch else one_at_a_time
        rows.append(Row(name, lambda: how(run, pieces), how(run, pieces)))
        return rows[-1]

    add(f"int8, batches of {BATCH} by length", int8, batch=True).alone = reference
    add(
        "int8, onnxruntime basic optimisation (float rounding only)",
        session(MODEL_DIR / ONNX_FILE, basic=True),
    )
    with tempfile.TemporaryDirectory() as tmp:
        if weights is not None:
            from detente.learn.export import export_float, export_onnx
            from detente.learn.network import load

            net, _, _ = load(weights)
            float_graph = export_float(net, Path(tmp) / "model.fp32.onnx")
            fp32 = session(float_graph)
            alone = add("float32 from weights.safetensors, one sentence a run", fp32).scores
            add(
                f"float32 from weights.safetensors, batches of {BATCH}", fp32, batch=True
            ).alone = alone
            add("int8 re-exported from weights.safetensors", session(export_onnx(net, Path(tmp))))
            static = session(static_int8(float_graph, model))
            alone = add("static int8 (QDQ, scales from 300 training sentences)", static).scores
            add(f"static int8, batches of {BATCH}", static, batch=True).alone = alone
        model.score(sentences[:20])  # warm up
        for _ in range(repeat):
            for row in rows:
                started = time.perf_counter()
                row.run()
                row.speeds.append(len(sentences) / (time.perf_counter() - started))
    return [row.summary(reference, texts) for row in rows]


def by_length(lengths: Sequence[int] = (8, 16, 32, 64, 96), runs: int = 20) -> dict[int, float]:
    """Milliseconds of one run of the runtime's graph on a sentence of so many pieces
    (the fastest of 5 rounds of `runs` runs of each length)."""
    run = session(MODEL_DIR / ONNX_FILE)
    feeds = {}
    for length in lengths:
        ids = np.array([[101] + [1996] * (length - 2) + [102]], dtype=np.int64)  # [CLS] the… [SEP]
        feeds[length] = {"ids": ids, "mask": np.ones_like(ids)}
        run.run(None, feeds[length])
    best = dict.fromkeys(lengths, float("inf"))
    for _ in range(5):
        for length, feed in feeds.items():
            started = time.perf_counter()
            for _ in range(runs):
                run.run(None, feed)
            best[length] = min(best[length], (time.perf_counter() - started) / runs * 1000)
    return best


def table(
    rows: list[dict[str, Any]],
    sentences: list[str],
    pieces: float,
    args: argparse.Namespace,
    load: tuple[float, float],
) -> str:
    base = rows[0]["speed"]
    lines = [
        f"{len(sentences)} sentences the coder scores in the first {args.articles} Reuters-21578 "
        f"articles ({pieces:.1f} word pieces on average); 1 process pinned to 1 core; "
        f"onnxruntime {onnxruntime.__version__}; the fastest of {args.repeat} passes; measured "
        f"{time.strftime('%Y-%m-%d')}, load average {load[0]:.1f} before and {load[1]:.1f} after "
        f"on {os.cpu_count()} CPUs.",
        "",
        "| graph | sentences/s | × runtime | max \\|Δp\\| | median \\|Δp\\| "
        f"| sentences moved > {TOLERANCE:g} | top type changed | max \\|Δp\\| vs one at a time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        cells = [row["row"], f"{row['speed']:.0f}", f"{row['speed'] / base:.2f}"]
        if "max" in row:
            cells += [f"{row['max']:.3f}", f"{row['median']:.4f}"]
            cells += [f"{row[k]:.1%}" for k in ("moved", "top")]
        else:
            cells += ["0", "0", "0", "0"]
        cells.append(f"{row['batch_max']:.1e}" if "batch_max" in row else "")
        lines.append("| " + " | ".join(cells) + " |")
    costs = ", ".join(f"{n} pieces {ms:.2f} ms" for n, ms in by_length().items())
    lines += ["", f"One run of the runtime's graph, by sentence length: {costs}."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--weights", type=Path, help="folder with weights.safetensors and meta.json"
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    load_before = os.getloadavg()[0]
    sentences = candidate_sentences(args.articles)
    rows = measure(sentences, repeat=args.repeat, weights=args.weights)
    model = OnnxModel(MODEL_DIR, threads=1)
    pieces = float(np.mean([len(e.ids) for e in model.tokenizer.encode_batch(sentences)]))
    text = table(rows, sentences, pieces, args, (load_before, os.getloadavg()[0]))
    print(text)
    if args.write:
        command = ".venv/bin/python benchmarks/sentence_model.py"
        command += f" --articles {args.articles} --repeat {args.repeat}"
        command += " --weights src/detente/coding/model" if args.weights else ""
        write_section(
            "sentence-model",
            text,
            heading="The sentence model's own speed",
            command=command + " --write",
        )


if __name__ == "__main__":
    main()
