"""A careful reader's check of asserted events on real news (issues 10 and 16).

    .venv/bin/python benchmarks/real_news.py [--sample 50] [--seed 4]
        [--judgements benchmarks/real_news_judgements.tsv] [--write]

Codes the Wikinews 2019 corpus (../shared/data/corpus/wikinews_2019, 171 articles,
CC BY 2.5) with detente's defaults and prints a random sample of the asserted events
(sentence, type, actor, recipient, date, reasons) for a reader to check against the
text. The reader's verdicts are a TSV (`benchmarks/real_news_judgements.tsv`):

- `happened`: yes (the text asserts the event), no (it did not happen as the text
  tells it: negated, hypothetical, intended, prevented, generic) or no-event (the
  sentence reports no political event at all);
- `type`, `actor`, `recipient`: right or wrong (an empty side is right when the text
  names no one there);
- `date`: right or wrong (the event's own date, at the precision given);
- `why`: one line.

The script joins the verdicts to the sample and tallies: events that did not happen,
events from sentences with no political event, type + actor + recipient all right,
and dates right. `--write` puts the tally into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from detente.articles import ReadProblem, iter_articles
from detente.pipeline import code_articles
from detente.records import Actor, Event
from docsection import write_section
from judgements import read_judgements

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT.parent / "shared" / "data" / "corpus" / "wikinews_2019" / "wikinews_2019.csv"
JUDGEMENTS = Path(__file__).resolve().parent / "real_news_judgements.tsv"
RIGHT = ("right", "wrong")
ALLOWED = {
    "happened": ("yes", "no", "no-event"),
    "type": RIGHT,
    "actor": RIGHT,
    "recipient": RIGHT,
    "date": RIGHT,
}


def coded(event: Event) -> str:
    """What a verdict was given for: a verdict whose `coded` column differs from the
    event as coded today is stale (the coder changed it) and is not counted."""
    sides = [
        ",".join(f"{' '.join(a.entity_text.split())}:{a.code or '-'}" for a in side)
        for side in (event.actor, event.recipient)
    ]
    return f"{event.event} {sides[0]}>{sides[1]} {event.date}/{event.date_precision}"


def current(judged: dict[str, dict[str, str]], sample: list[Event]) -> dict[str, dict[str, str]]:
    """The verdicts that still hold: rows with no `coded` column (the first reviews) or
    whose `coded` matches the event today."""
    return {
        e.id: judged[e.id]
        for e in sample
        if e.id in judged and (judged[e.id].get("coded") or "") in ("", coded(e))
    }


def _sides(actors: list[Actor]) -> str:
    return ", ".join(f"{a.entity_text} ({a.code}/{a.sector})" for a in actors) or "-"


def show(n: int, event: Event, title: str, row: dict[str, str] | None) -> str:
    trigger = event.text_info.trigger.text if event.text_info.trigger else ""
    verdict = (
        " ".join(f"{k}={row[k]}" for k in ALLOWED) + f" | {row.get('why', '')}"
        if row
        else "not judged"
    )
    return "\n".join(
        [
            f"{n}. {event.id} in {title!r}",
            f"   {event.text_info.sentence.strip()}",
            f"   {event.event} ({trigger!r}) {_sides(event.actor)} -> {_sides(event.recipient)}"
            f"; date {event.date} ({event.date_precision}); coded: {coded(event)}",
            f"   {'; '.join(event.reason_texts())[:400]}",
            f"   verdict: {verdict}",
        ]
    )


def tally(sample: list[Event], judged: dict[str, dict[str, str]]) -> str:
    rows = [judged[e.id] for e in sample if e.id in judged]
    done = len(rows)
    if not done:
        return "No verdicts yet."

    def share(count: int, of: int) -> str:
        return f"{count} of {of} ({count / of:.0%})" if of else "-"

    happened = [r for r in rows if r["happened"] == "yes"]
    all_right = sum(all(r[k] == "right" for k in ("type", "actor", "recipient")) for r in rows)
    return "\n".join(
        [
            f"A reader's check of {done} of the {len(sample)} sampled asserted events "
            f"(verdicts in `benchmarks/{JUDGEMENTS.name}`, one reason each):",
            "",
            "| | events |",
            "|---|---:|",
            f"| did not happen as the text tells it (coded asserted) | "
            f"{share(sum(r['happened'] == 'no' for r in rows), done)} |",
            f"| from a sentence with no political event | "
            f"{share(sum(r['happened'] == 'no-event' for r in rows), done)} |",
            f"| type right | {share(sum(r['type'] == 'right' for r in rows), done)} |",
            f"| actor right | {share(sum(r['actor'] == 'right' for r in rows), done)} |",
            f"| recipient right | {share(sum(r['recipient'] == 'right' for r in rows), done)} |",
            f"| type, actor and recipient all right | {share(all_right, done)} |",
            f"| date right (events that happened) | "
            f"{share(sum(r['date'] == 'right' for r in happened), len(happened))} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    articles = [a for a in iter_articles([CSV]) if not isinstance(a, ReadProblem)]
    titles = {a.id: a.title for a in articles}
    asserted = [
        e for _, coded in code_articles(articles) for e in coded if e.modality == "asserted"
    ]
    # the sample is the events whose id hashes lowest with the seed: a change to the coder
    # that keeps an event keeps it in the sample (and its verdict), whatever else moves
    sample = sorted(asserted, key=lambda e: hashlib.sha1(f"{args.seed}:{e.id}".encode()).digest())
    sample = sample[: args.sample]
    judged = current(read_judgements(args.judgements, ALLOWED), sample)
    for n, event in enumerate(sample, 1):
        print(show(n, event, titles[event.doc_id], judged.get(event.id)))
    missing = [e.id for e in sample if e.id not in judged]
    if missing:
        print(f"\nNot judged yet: {len(missing)}")
    head = f"Wikinews 2019, {len(articles)} articles, {len(asserted)} asserted events; "
    text = head + f"a random sample of {len(sample)} (seed {args.seed}).\n\n"
    text += tally(sample, judged)
    print("\n" + text)
    if args.write:
        command = f"python benchmarks/real_news.py --sample {args.sample} --seed {args.seed}"
        write_section(
            f"real-news-{args.seed}",
            text,
            heading=f"Asserted events on real news, checked by a reader (seed {args.seed})",
            command=command + " --write",
        )


if __name__ == "__main__":
    main()
