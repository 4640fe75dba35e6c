"""Pin the development gold-set scores in tests/evaluate/baseline.json (the quality gate).

    .venv/bin/python scripts/update_baseline.py [--allow-lower]

Scores are cross-validated (`detente eval --cv`): development sentences are coded
with the fold model that never saw them. Floors only rise unless --allow-lower is
given; the file records a hash of each gold file so that a changed gold set is noticed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from detente.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "data" / "gold"
BASELINE = ROOT / "tests" / "evaluate" / "baseline.json"
GATED = {
    "plover_gsr.dev.jsonl": [
        "type_recall",
        "type_precision",
        "type_f1",
        "source_target_recall",
        "type_source_target_recall",
    ],
    "pentaclass.dev.jsonl": ["pentaclass_macro_f1", "pentaclass_accuracy"],
    "wikinews_silver.dev.jsonl": [
        "asserted_precision_type",
        "asserted_precision_type_source",
        "asserted_recall_type",
        "relevance_f1",
    ],
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--allow-lower", action="store_true", help="accept a lower floor")
    args = parser.parse_args()
    old = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    new: dict[str, dict[str, object]] = {}
    for name, metrics in GATED.items():
        result = evaluate(GOLD / name, cv=True)  # cross-validated: see docs/model.md
        floors = {m: result.metrics[m] for m in metrics}
        previous = old.get(name, {}).get("floors", {})
        for metric, value in floors.items():
            if value < previous.get(metric, 0.0) and not args.allow_lower:
                print(
                    f"{name} {metric}: {value} is below the pinned {previous[metric]}; "
                    "use --allow-lower to accept",
                    file=sys.stderr,
                )
                return 1
        new[name] = {"sha256": sha256(GOLD / name), "floors": floors}
    BASELINE.parent.mkdir(parents=True, exist_ok=True)
    BASELINE.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n")
    print(json.dumps(new, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
