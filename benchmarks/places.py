"""Places on the Wikinews 2019 corpus: the share of events placed, and a sample to check.

    .venv/bin/python benchmarks/places.py [--sample 50] [--seed 12] [--modality all] [--write]

Codes the corpus (../shared/data/corpus/wikinews_2019, 171 articles, CC BY
2.5) with detente's own reader, counts the asserted events that get a place
(resolved, and with coordinates) by source (own clause, dateline) and by
precision, and prints a random sample of placed events (sentence, place
words, the place chosen and why) for a hand check. `--write` puts the counts
into docs/benchmarks.md between `<!-- places:start -->` and `<!-- places:end -->`;
the hand check's verdicts are written there by hand, under that section.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

from detente.articles import ReadProblem, iter_articles
from detente.pipeline import code_articles
from detente.records import Event
from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT.parent / "shared" / "data" / "corpus" / "wikinews_2019" / "wikinews_2019.csv"


def source(event: Event) -> str:
    reason = next((r for r in event.reasons if r.kind == "place"), None)
    return reason.fields.get("source", "") if reason else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--modality", default="asserted", help="asserted (default) or all")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    articles = [a for a in iter_articles([CSV]) if not isinstance(a, ReadProblem)]
    events = [
        e
        for _, coded in code_articles(articles)
        for e in coded
        if args.modality in ("all", e.modality)
    ]
    placed = [e for e in events if e.place is not None and e.place.resolved]
    unresolved = [e for e in events if e.place is not None and not e.place.resolved]
    by_precision = Counter(e.place.precision for e in placed if e.place)
    by_source = Counter(source(e) for e in placed)
    mapped = sum(1 for e in placed if e.place and e.place.lat is not None)
    lines = [
        f"Wikinews 2019, {len(articles)} articles, {len(events)} events "
        f"({'every modality' if args.modality == 'all' else args.modality}).",
        "",
        "| | events | share |",
        "|---|---:|---:|",
        f"| placed (resolved to a gazetteer entry) | {len(placed)} | {len(placed) / len(events):.1%} |",
        f"| placed with coordinates (on the map) | {mapped} | {mapped / len(events):.1%} |",
        *(
            f"| placed from the {name} | {by_source[name]} | {by_source[name] / len(events):.1%} |"
            for name in ("own clause", "dateline")
        ),
        *(
            f"| precision {p} ({label}) | {by_precision[p]} | {by_precision[p] / len(events):.1%} |"
            for p, label in ((1, "town"), (2, "region"), (3, "country"))
        ),
        f"| place words found but not resolved | {len(unresolved)} | {len(unresolved) / len(events):.1%} |",
    ]
    table = "\n".join(lines)
    print(table)
    rng = random.Random(args.seed)
    sample = rng.sample(placed, min(args.sample, len(placed)))
    print(f"\nSample of {len(sample)} placed events (seed {args.seed}):\n")
    for n, event in enumerate(sample, 1):
        place = event.place
        assert place is not None
        print(f"{n}. [{event.event}, {event.modality}] {event.text_info.sentence.strip()}")
        print(
            f"   words {place.text!r} -> {place.name}, {place.country} ({place.feature}, "
            f"precision {place.precision}; {source(event)}): {place.reason}"
        )
    if unresolved:
        print("\nNot resolved:", ", ".join(sorted({e.place.text for e in unresolved if e.place})))
    if args.write:
        key = "places" if args.modality == "asserted" else f"places-{args.modality}"
        write_section(
            key,
            table,
            heading="Places on Wikinews 2019"
            + ("" if args.modality == "asserted" else f" ({args.modality} modalities)"),
            command="python benchmarks/places.py --sample 50 --seed 12"
            + ("" if args.modality == "asserted" else f" --modality {args.modality}")
            + " --write",
        )


if __name__ == "__main__":
    main()
