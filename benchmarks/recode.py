"""Recode after a knowledge-base change touches only the articles that name what changed.

    .venv/bin/python benchmarks/recode.py [--n 2000] [--write]

Ingests the first N Reuters-21578 articles with a body into a fresh SQLite store
(1 process), then, each timed: a recode with nothing changed; `actors add` of a
person the knowledge base lacks and Reuters names often in 1987 (Clayton Yeutter,
US Trade Representative) followed by a recode; and, for comparison, a recode of
every article (`--all`). The user layer lives in a temporary DETENTE_HOME. With
`--write` the table goes into docs/benchmarks.md between `<!-- recode:start -->`
and `<!-- recode:end -->`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from docsection import write_section

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "data" / "corpus" / "reuters21578"
COMMAND = ".venv/bin/python benchmarks/recode.py --n 2000 --write"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="detente-recode-"))
    os.environ["DETENTE_HOME"] = str(folder / "home")  # before detente reads it

    from detente.actors.add import NewActor, add_actor
    from detente.ingest import ingest_items, ingest_settings
    from detente.loop.diff import diff_runs
    from detente.loop.recode import recode
    from detente.loop.runs import coder_state, finish_run, read_layer, start_run
    from detente.pipeline import make_context
    from detente.scale.reuters import reuters_articles
    from detente.store import open_store

    rows: list[dict[str, object]] = []
    settings = ingest_settings(None, n_process=1)
    with open_store(folder / "reuters.db") as store:
        from detente.ingest import IngestReport

        ctx = make_context(settings)
        layer = read_layer()
        run_id = start_run(store, "ingest", coder_state(ctx, layer), layer)
        report = IngestReport()
        started = time.perf_counter()
        ingest_items(
            reuters_articles(REUTERS, limit=args.n),
            store=store,
            ctx=ctx,
            report=report,
            index=None,
            run_id=run_id,
        )
        seconds = time.perf_counter() - started
        finish_run(store, run_id, status="done", counts={"coded": report.coded})
        words = report.words
        rows.append(
            {"step": "ingest", "seconds": seconds, "coded": report.coded, "of": report.coded}
        )
        print(f"ingest: {report.coded} articles, {report.events} events, {seconds:.1f}s")

        def timed(step: str, **options: object) -> None:
            result = recode(store, settings=settings, **options)  # type: ignore[arg-type]
            changes = diff_runs(store, result.run_id - 1, result.run_id).counts()
            rows.append(
                {
                    "step": step,
                    "seconds": result.seconds,
                    "coded": result.coded,
                    "of": result.articles,
                    "changes": changes,
                }
            )
            print(step, json.dumps(result.to_dict()), file=sys.stderr)

        timed("recode, nothing changed")
        add_actor(
            NewActor(
                "Clayton Yeutter",
                code="USA",
                sector="GOV",
                start="1985-07-01",
                end="1989-01-20",
                aliases=("Yeutter",),
            )
        )
        timed('`actors add "Clayton Yeutter"`, then recode')
        timed("recode --all (every article)", everything=True)
    lines = [
        f"Reuters-21578, first {args.n} articles with a body ({words:,} words); 2 CPUs, "
        f"1 process; measured {dt.date.today().isoformat()}.",
        "",
        "| step | seconds | articles coded | of | events added / removed / changed |",
        "|---|---:|---:|---:|---|",
    ]
    for row in rows:
        changes = row.get("changes")
        shown = (
            f"{changes['added']} / {changes['removed']} / {changes['changed']}"  # type: ignore[index]
            if changes
            else ""
        )
        lines.append(
            f"| {row['step']} | {row['seconds']:.1f} | {row['coded']} | {row['of']} | {shown} |"
        )
    lines += [
        "",
        "The recode after `actors add` codes only the articles that name the new actor; the "
        "full recode after it changes no event, so the incremental one missed nothing.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        write_section(
            "recode", text, heading="Recode after a knowledge-base change", command=COMMAND
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
