"""Accuracy of `detente eval` on the development gold sets, as a markdown table.

    .venv/bin/python benchmarks/accuracy.py [--write]

With --write the table replaces the section between the accuracy markers of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from detente.evaluate import evaluate
from docsection import write_section

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "gold"
FILES = ["plover_gsr.dev.jsonl", "pentaclass.dev.jsonl"]


def table() -> str:
    lines = ["| gold file | records | metric | value |", "|---|---|---|---|"]
    per_type: list[str] = []
    for name in FILES:
        started = time.perf_counter()
        result = evaluate(GOLD / name)
        seconds = time.perf_counter() - started
        for metric, value in result.metrics.items():
            lines.append(f"| `{name}` | {result.records} | {metric} | {value:.3f} |")
        lines.append(
            f"| `{name}` | {result.records} | seconds (coding + scoring) | {seconds:.1f} |"
        )
        if result.per_type:
            per_type = [
                "",
                f"Per PLOVER type on `{name}`:",
                "",
                "| type | gold | recall | predicted | precision |",
                "|---|---|---|---|---|",
            ]
            per_type += [
                f"| {t} | {s['gold']} | {s['recall']:.3f} | {s['predicted']} | "
                f"{s['precision']:.3f} |"
                for t, s in result.per_type.items()
            ]
    return "\n".join(lines + per_type)


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
