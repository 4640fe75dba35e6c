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

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "gold"
DOC = ROOT / "docs" / "benchmarks.md"
FILES = ["plover_gsr.dev.jsonl", "pentaclass.dev.jsonl"]
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"


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


def write(section: str) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = f"{START}\n{section}\n{END}"
    if START in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = (
            text.rstrip()
            + "\n\n## Accuracy\n\n`.venv/bin/python benchmarks/accuracy.py --write`\n\n"
            + block
            + "\n"
        )
    DOC.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    section = table()
    print(section)
    if args.write:
        write(section)


if __name__ == "__main__":
    main()
