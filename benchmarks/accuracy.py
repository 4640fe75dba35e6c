"""Accuracy of `detente eval` on the development gold sets, as markdown tables.

    .venv/bin/python benchmarks/accuracy.py [--write]

Each gold file is coded twice: by the rules alone (`sentence_model=off`) and by
the rules with the trained model, cross-validated (`detente eval --cv`: every
development sentence is scored by the fold model that never saw it; the silver
Wikinews sentences are in no fold, so the packaged model scores them). The
model heads' own cross-validated scores come from the model's meta.json.
With --write the tables replace the accuracy section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

from detente.coding.sentence_model import MODEL_DIR
from detente.evaluate import evaluate
from detente.settings import default_settings
from docsection import write_section

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "gold"
FILES = [
    "plover_gsr.dev.jsonl",
    "pentaclass.dev.jsonl",
    "petrarch2_unittest.dev.jsonl",
    "wikinews_silver.dev.jsonl",
]


def _row(name: str, records: int, metric: str, rules: float | None, model: float | None) -> str:
    def cell(value: float | None) -> str:
        if value is None:
            return ""
        if isinstance(value, int):
            return str(value)
        return f"{value:.3f}" if value < 10 else f"{value:.0f}"

    return f"| `{name}` | {records} | {metric} | {cell(rules)} | {cell(model)} |"


def table() -> str:
    lines = [
        "| gold file | records | metric | rules alone | rules + model (CV) |",
        "|---|---|---|---|---|",
    ]
    per_type: list[str] = []
    rules_only = dataclasses.replace(default_settings(), sentence_model="off")
    for name in FILES:
        path = GOLD / name
        if not path.exists():
            continue
        started = time.perf_counter()
        rules = evaluate(path, settings=rules_only)
        middle = time.perf_counter()
        model = evaluate(path, cv=True)
        seconds = (middle - started, time.perf_counter() - middle)
        for metric in dict.fromkeys([*rules.metrics, *model.metrics]):
            lines.append(
                _row(
                    name,
                    model.records,
                    metric,
                    rules.metrics.get(metric),
                    model.metrics.get(metric),
                )
            )
        lines.append(_row(name, model.records, "seconds (coding + scoring)", *seconds))
        if name == "plover_gsr.dev.jsonl":
            per_type = [
                "",
                f"Per PLOVER type on `{name}`, rules + model (CV):",
                "",
                "| type | gold | recall | predicted | precision |",
                "|---|---|---|---|---|",
            ]
            per_type += [
                f"| {t} | {s['gold']} | {s['recall']:.3f} | {s['predicted']} | "
                f"{s['precision']:.3f} |"
                for t, s in model.per_type.items()
            ]
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    heads = [
        "",
        f"The model's heads alone, {meta['folds']}-fold cross-validated on the development "
        "sentences (from `src/detente/coding/model/meta.json`, written by `detente train`):",
        "",
        "| held-out source | metric | value |",
        "|---|---|---|",
    ]
    for source, scores in meta.get("cv_scores", {}).items():
        heads += [f"| {source} | {metric} | {value:.3f} |" for metric, value in scores.items()]
    return "\n".join(lines + per_type + heads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    section = table()
    print(section)
    if args.write:
        write_section(
            "accuracy",
            section,
            heading="Accuracy on the development gold sets",
            command=".venv/bin/python benchmarks/accuracy.py --write",
        )


if __name__ == "__main__":
    main()
