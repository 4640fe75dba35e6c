"""The analyst's loop: watch, recode, runs, diff, series, alerts."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from detente.cli.options import (
    MODALITY_HELP,
    add_db,
    add_read_args,
    command,
    date_arg,
    interval_arg,
    read_options,
    report_problems,
)
from detente.errors import DetenteError, E


@command("watch")
def cmd_watch(args: argparse.Namespace) -> int:
    import signal
    import threading

    from detente.articles.fetch import FetchOptions
    from detente.store import open_store
    from detente.watch import RoundReport, Watcher, watch

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print("detente: stopping after the current batch (again to stop now)", file=sys.stderr)

    def on_round(report: RoundReport) -> None:
        report_problems(report.problems)
        summary = report.ingest.to_dict()
        summary.pop("problems")
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        line = {"round": report.number, "at": at, "feeds": report.feeds}
        line |= {"unchanged": report.unchanged, "items": report.items, "known": report.known}
        if args.json:
            print(json.dumps(line | summary | {"stopped": report.stopped}), flush=True)
            return
        skipped = report.ingest.skipped_by_reason()
        print(
            f"round {report.number} {at}: {report.feeds} feeds ({report.unchanged} unchanged), "
            f"{report.items} items ({report.known} known): {report.ingest.coded} coded, "
            f"{report.ingest.events} events ({report.ingest.asserted} asserted), "
            f"skipped {sum(skipped.values())}{f' {skipped}' if skipped else ''} "
            f"in {report.seconds:.1f}s{' (stopped)' if report.stopped else ''}",
            flush=True,
        )

    handlers = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with open_store(args.db) as store:
            watcher = Watcher(
                args.sources,
                store=store,
                options=read_options(args),
                fetch=FetchOptions(delay=args.delay, timeout=args.timeout, retries=args.retries),
                batch_size=args.batch_size,
                stop=stop,
            )
            watch(watcher, every=args.every, rounds=args.rounds or None, on_round=on_round)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return 0


@command("recode")
def cmd_recode(args: argparse.Namespace) -> int:
    from detente.console import Progress
    from detente.loop.recode import RecodeReport, recode
    from detente.store import open_store

    def progress(report: RecodeReport) -> None:
        bar.update(
            report.coded,
            total=report.affected,
            info=f"added {report.added}, removed {report.removed}, changed {report.changed}",
        )

    with open_store(args.db) as store, Progress("recode", unit="articles", quiet=args.quiet) as bar:
        report = recode(
            store,
            since=args.since,
            everything=args.all,
            batch_size=args.batch_size,
            progress=progress,
        )
    if args.json:
        print(json.dumps(report.to_dict()))
    else:
        print(
            f"run {report.run_id}: coded {report.coded} of {report.articles} articles again "
            f"({report.unchanged} unaffected); events added {report.added}, removed "
            f"{report.removed}, changed {report.changed} in {report.seconds:.1f}s"
        )
    return 0


@command("runs")
def cmd_runs(args: argparse.Namespace) -> int:
    from detente.console import print_table
    from detente.loop.runs import list_runs
    from detente.store import open_store

    with open_store(args.db) as store:
        runs = list_runs(store)
    if args.json:
        for run in runs:
            print(json.dumps(run.to_dict()))
        return 0
    rows = []
    for run in runs:
        counts = run.counts
        rows.append(
            {
                "run": run.id,
                "kind": run.kind,
                "status": run.status,
                "started": run.started_at,
                "version": run.version,
                "articles": counts.get("coded", ""),
                "events": counts.get("events", "")
                if run.kind == "ingest"
                else f"+{counts.get('added', 0)} -{counts.get('removed', 0)} "
                f"~{counts.get('changed', 0)}",
                "kb": run.state.kb[:8],
                "kb_layer": run.state.kb_layer[:8],
                "model": run.state.sentence_model[:8],
            }
        )
    columns = ["run", "kind", "status", "started", "version", "articles", "events"]
    print_table(rows, [*columns, "kb", "kb_layer", "model"])
    return 0


@command("diff")
def cmd_diff(args: argparse.Namespace) -> int:
    from detente.loop.diff import diff_runs
    from detente.store import open_store

    with open_store(args.db) as store:
        result = diff_runs(store, args.run_a, args.run_b)
    if args.json:
        print(json.dumps(result.to_dict(examples=args.examples), ensure_ascii=False))
        return 0
    counts = result.counts()
    print(
        f"run {result.run_a} -> run {result.run_b}: {counts['added']} added, "
        f"{counts['removed']} removed, {counts['changed']} changed"
    )
    for title, key in (("by type", "event"), ("by dyad", "dyad")):
        print(title)
        for name, n in list(result.by(key).items())[:15]:
            print(f"  {name:16s} +{n['added']} -{n['removed']} ~{n['changed']}")
    for kind in ("added", "removed", "changed"):
        shown = [c for c in result.changes if c.kind == kind][: args.examples]
        if shown:
            print(kind)
        for change in shown:
            row = change.to_dict()
            print(
                f"  {row['event']:10s} {row['dyad']:12s} {row['doc_id']}: {row['sentence'][:90]!r}"
            )
            for name, values in row.get("fields", {}).items():
                print(f"  {'':10s} {name}: {values['before']!r} -> {values['after']!r}")
    return 0


@command("series")
def cmd_series(args: argparse.Namespace) -> int:
    from detente.analysis.series import columns, series, write_series
    from detente.store import open_store

    with open_store(args.db) as store:
        rows = series(
            store,
            by=args.by,
            interval=args.interval,
            measure=args.measure,
            modality=args.modality,
            date_from=args.date_from,
            date_to=args.date_to,
            top=args.top,
        )
    fmt = "jsonl" if args.json else args.format
    if fmt == "parquet" and not args.output:
        raise DetenteError(E.E502, fmt="parquet to stdout", choices="use -o FILE.parquet")
    write_series(rows, columns(args.by, args.measure), fmt=fmt, out=args.output or sys.stdout)
    if args.output:
        print(f"{len(rows)} rows -> {args.output}", file=sys.stderr)
    return 0


@command("alerts")
def cmd_alerts(args: argparse.Namespace) -> int:
    from detente.analysis.alerts import Thresholds, alerts
    from detente.console import print_table
    from detente.store import open_store

    limits = Thresholds(
        min_events=args.min_events, ratio=args.ratio, min_excess=args.min_excess, drop=args.drop
    )
    with open_store(args.db) as store:
        found = alerts(store, since=args.since, thresholds=limits)
    if args.json:
        for alert in found:
            print(json.dumps(alert.to_dict(), ensure_ascii=False))
        return 0
    print(f"{len(found)} alerts ({limits.text()})", file=sys.stderr)
    rows = [a.to_dict() | {"events": len(a.event_ids)} for a in found]
    print_table(
        rows, ["week", "kind", "unit", "name", "value", "baseline_4", "baseline_52", "events"]
    )
    return 0


def add_watch(sub: Any) -> None:
    p = sub.add_parser("watch", help="code the new items of feeds into a store, round by round")
    p.add_argument("sources", nargs="+", help="feed URLs, feed files, or files listing them")
    p.add_argument("--every", type=interval_arg, default="15m", help="start a round this often")
    p.add_argument("--rounds", type=int, default=0, help="stop after N rounds (default: never)")
    p.add_argument("--batch-size", type=int, default=20, help="articles a transaction")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests to a host")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds for one request")
    p.add_argument("--retries", type=int, default=2, help="tries again after a time-out or 5xx")
    p.add_argument("--json", action="store_true", help="print each round as JSON")
    add_db(p)
    add_read_args(p)


def add_recode(sub: Any) -> None:
    p = sub.add_parser(
        "recode",
        help="code stored articles again with the current coder and knowledge base",
        description="Only articles whose events can change are coded: all of them when the "
        "model, lexicon, settings or detente changed; when only your knowledge-base layer "
        "changed, those that name what changed. Recorded as a run; resumable.",
    )
    add_db(p)
    p.add_argument("--since", type=date_arg, help="articles published on or after YYYY-MM-DD")
    p.add_argument("--all", action="store_true", help="code every stored article again")
    p.add_argument("--batch-size", type=int, default=100, help="articles a transaction")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def add_runs(sub: Any) -> None:
    p = sub.add_parser("runs", help="the ingest and recode runs of a store")
    add_db(p)
    p.add_argument("--json", action="store_true")


def add_series(sub: Any) -> None:
    from detente.analysis.series import BY, INTERVALS, MEASURES

    p = sub.add_parser(
        "series",
        help="a tidy table of events by dyad, actor or country and period (zeros included)",
        description="Columns: period, then source,target (dyad) | actor,sector | country, "
        "then events [goldstein_sum, goldstein_mean | q1..q4]. See docs/loop.md.",
    )
    add_db(p)
    p.add_argument("--by", default="dyad", choices=BY)
    p.add_argument("--interval", default="week", choices=INTERVALS)
    p.add_argument("--measure", default="count", choices=MEASURES)
    p.add_argument("--modality", default="asserted", help=MODALITY_HELP)
    p.add_argument("--from", dest="date_from", default="", help="YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="date_to", default="", help="YYYY[-MM[-DD]]")
    p.add_argument("--top", type=int, default=0, help="only the N units with most events")
    p.add_argument("--format", default="csv", choices=["csv", "parquet"])
    p.add_argument("-o", "--output", help="file to write (needed for parquet)")
    p.add_argument("--json", action="store_true", help="JSON lines instead of CSV")


def add_alerts(sub: Any) -> None:
    from detente.analysis.alerts import Thresholds

    limits = Thresholds()
    p = sub.add_parser(
        "alerts",
        help="surges, Goldstein drops and first appearances against 4- and 52-week baselines",
        description="Per dyad and per country, each ISO week against the weekly means of "
        "the 4 and 52 weeks before it. See docs/loop.md.",
    )
    add_db(p)
    p.add_argument("--since", type=date_arg, help="every week from this day (default: the last)")
    p.add_argument("--min-events", type=int, default=limits.min_events)
    p.add_argument("--ratio", type=float, default=limits.ratio, help="surge: times the baseline")
    p.add_argument("--min-excess", type=float, default=limits.min_excess)
    p.add_argument("--drop", type=float, default=limits.drop, help="Goldstein points")
    p.add_argument("--json", action="store_true")


def add_diff(sub: Any) -> None:
    p = sub.add_parser("diff", help="events added, removed and changed between two runs")
    p.add_argument("run_a", type=int)
    p.add_argument("run_b", type=int)
    add_db(p)
    p.add_argument("--examples", type=int, default=5, help="examples of each kind of change")
    p.add_argument("--json", action="store_true")
