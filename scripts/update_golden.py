"""Regenerate the golden events of the example article (tests/data/*.golden.jsonl).

    .venv/bin/python scripts/update_golden.py

Review the diff before committing: the golden file is what the example article
must keep yielding. Only codes, offsets and labels are stored, not article text.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from detente.articles import ReadOptions, ReadProblem, iter_articles
from detente.pipeline import code_articles

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT.parent / "shared" / "examples" / "putin-beijing-visit.txt"
GOLDEN = ROOT / "tests" / "data" / "putin-beijing-visit.golden.jsonl"


def summary(event: object) -> dict[str, object]:
    from detente.records import Event

    assert isinstance(event, Event)
    trigger = event.text_info.trigger
    return {
        "event": event.event,
        "mode": event.mode,
        "cameo": event.cameo,
        "actor": sorted(f"{a.code}/{a.sector}" for a in event.actor),
        "recipient": sorted(f"{a.code}/{a.sector}" for a in event.recipient),
        "modality": event.modality,
        "date": event.date,
        "sentence_index": event.text_info.sentence_index,
        "trigger_start": trigger.start if trigger else -1,
    }


def golden_events() -> list[dict[str, object]]:
    options = ReadOptions(default_date=dt.date(2023, 10, 16))
    articles = [
        a for a in iter_articles([EXAMPLE], options=options) if not isinstance(a, ReadProblem)
    ]
    return [summary(e) for _, events in code_articles(articles) for e in events]


def main() -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text("".join(json.dumps(row, sort_keys=True) + "\n" for row in golden_events()))
    print(f"wrote {GOLDEN}")


if __name__ == "__main__":
    main()
