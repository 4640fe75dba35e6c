"""Places on the Wikinews 2019 corpus: the share of events placed, and a sample to check.

    .venv/bin/python benchmarks/places.py [--sample 50] [--seed 12] [--modality all]
        [--corpus reuters --n 300] [--judgements benchmarks/places_judgements.tsv] [--write]

Codes the corpus (../shared/data/corpus/wikinews_2019, 171 articles, CC BY
2.5) with detente's own reader, counts the asserted events that get a place
(resolved, and with coordinates) by source (clause, sentence, dateline) and by
precision, and prints a random sample of placed events (id, headline, sentence,
place words, the place chosen and why) for a hand check. The reviewed verdicts
are a TSV (`event_id`, `verdict`: right | wrong | too coarse, `why`), written by
a reader; the script joins them to the sample, tallies them and names the sampled
events not judged yet. `--write` puts the counts and the tally into
docs/benchmarks.md between `<!-- places:start -->` and `<!-- places:end -->`.

Wikinews articles have no datelines; `--corpus reuters` codes the first `--n`
Reuters-21578 articles each led by its dateline as printed ("WASHINGTON, March
2 - "), to measure and check the dateline path.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import Counter
from pathlib import Path

from detente.articles import ReadProblem, iter_articles
from detente.pipeline import code_articles
from detente.records import PLACE_SOURCES, Event
from detente.scale.reuters import reuters_articles
from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT.parent / "shared" / "data" / "corpus" / "wikinews_2019" / "wikinews_2019.csv"
REUTERS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578"
JUDGEMENTS = Path(__file__).resolve().parent / "places_judgements.tsv"
VERDICTS = ("right", "wrong", "too coarse")


def read_judgements(path: Path) -> dict[str, tuple[str, str]]:
    """event id -> (verdict, why) of a reviewed-judgements TSV."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))  # comments
        rows = list(csv.DictReader(lines, delimiter="\t"))
    bad = [r["event_id"] for r in rows if r["verdict"] not in VERDICTS]
    if bad:
        raise SystemExit(f"{path}: verdicts must be one of {VERDICTS}: {bad}")
    return {r["event_id"]: (r["verdict"], r["why"]) for r in rows}


def tally(sample: list[Event], judged: dict[str, tuple[str, str]]) -> str:
    """The hand check of the sample as a table: verdicts by the place's source."""
    counts = Counter(
        (judged[e.id][0], e.place.source if e.place else "") for e in sample if e.id in judged
    )
    done = sum(counts.values())
    head = f"Hand check of {done} of the {len(sample)} sampled placed events (verdicts in " + (
        f"`benchmarks/{JUDGEMENTS.name}`, one reason each):"
    )
    rows = [
        f"| {verdict} | {sum(counts[verdict, s] for s in PLACE_SOURCES)} | "
        + " | ".join(str(counts[verdict, s]) for s in PLACE_SOURCES)
        + " |"
        for verdict in VERDICTS
    ]
    return "\n".join(
        [
            head,
            "",
            "| verdict | events | " + " | ".join(f"from the {s}" for s in PLACE_SOURCES) + " |",
            "|---|---:|" + "---:|" * len(PLACE_SOURCES),
            *rows,
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--modality", default="asserted", help="asserted (default) or all")
    parser.add_argument("--corpus", choices=("wikinews", "reuters"), default="wikinews")
    parser.add_argument("--n", type=int, default=300, help="Reuters articles (--corpus reuters)")
    parser.add_argument(
        "--judgements", type=Path, default=JUDGEMENTS, help="reviewed verdicts (TSV)"
    )
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.corpus == "reuters":
        articles = list(reuters_articles(REUTERS, limit=args.n, dateline=True))
        name = f"Reuters-21578 (the first {args.n} articles, each led by its dateline)"
    else:
        articles = [a for a in iter_articles([CSV]) if not isinstance(a, ReadProblem)]
        name = "Wikinews 2019"
    titles = {a.id: a.title for a in articles}
    events = [
        e
        for _, coded in code_articles(articles)
        for e in coded
        if args.modality in ("all", e.modality)
    ]
    placed = [e for e in events if e.place is not None and e.place.resolved]
    unresolved = [e for e in events if e.place is not None and not e.place.resolved]
    by_precision = Counter(e.place.precision for e in placed if e.place)
    by_source = Counter(e.place.source for e in placed if e.place)
    mapped = sum(1 for e in placed if e.place and e.place.lat is not None)
    lines = [
        f"{name}, {len(articles)} articles, {len(events)} events "
        f"({'every modality' if args.modality == 'all' else args.modality}).",
        "",
        "| | events | share |",
        "|---|---:|---:|",
        f"| placed (resolved to a gazetteer entry) | {len(placed)} | {len(placed) / len(events):.1%} |",
        f"| placed with coordinates (on the map) | {mapped} | {mapped / len(events):.1%} |",
        *(
            f"| placed from the {name} | {by_source[name]} | {by_source[name] / len(events):.1%} |"
            for name in PLACE_SOURCES
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
    judged = read_judgements(args.judgements)
    print(f"\nSample of {len(sample)} placed events (seed {args.seed}):\n")
    for n, event in enumerate(sample, 1):
        place = event.place
        assert place is not None
        verdict = judged.get(event.id, ("not judged", ""))
        print(f"{n}. {event.id} [{event.event}, {event.modality}] in {titles[event.doc_id]!r}")
        print(f"   {event.text_info.sentence.strip()}")
        print(
            f"   words {place.text!r} -> {place.name}, {place.country} ({place.feature}, "
            f"precision {place.precision}; {place.source}): {place.reason}"
        )
        print(f"   verdict: {verdict[0]}{': ' + verdict[1] if verdict[1] else ''}")
    table += "\n\n" + tally(sample, judged)
    print("\n" + tally(sample, judged))
    if unresolved:
        print("\nNot resolved:", ", ".join(sorted({e.place.text for e in unresolved if e.place})))
    if args.write:
        key = "places" + ("" if args.modality == "asserted" else f"-{args.modality}")
        heading, notes = "Places on Wikinews 2019", []
        command = f"python benchmarks/places.py --sample {args.sample} --seed {args.seed}"
        if args.corpus == "reuters":
            key, heading = f"{key}-reuters", "Places on Reuters-21578"
            notes.append("datelines")
            command += f" --corpus reuters --n {args.n}"
        if args.modality != "asserted":
            notes.append(f"{args.modality} modalities")
            command += f" --modality {args.modality}"
        heading += f" ({', '.join(notes)})" if notes else ""
        write_section(key, table, heading=heading, command=command + " --write")


if __name__ == "__main__":
    main()
