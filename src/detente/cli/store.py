"""Commands over a store: events, dyads, export, serve."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from detente.cli.options import (
    MODALITY_HELP,
    add_db,
    add_filters,
    command,
    event_filter,
    write_csv,
)

PIPED = "a table in a terminal, tab-separated values (with a header line) when piped"


@command("events")
def cmd_events(args: argparse.Namespace) -> int:
    from detente.console import print_table, quad_style
    from detente.export import flat_row
    from detente.store import open_store
    from detente.store.query import matching_events

    with open_store(args.db) as store:
        rows = [flat_row(event) for event in matching_events(store, event_filter(args))]
    columns = [
        "date",
        "event",
        "mode",
        "actor_code",
        "recipient_code",
        "modality",
        "goldstein",
        "trigger",
        "sentence",
    ]
    if args.json:
        for r in rows:
            print(json.dumps(r, ensure_ascii=False))
    elif args.csv:
        write_csv(rows, list(rows[0]) if rows else columns)
    else:
        print_table(rows, columns, style=quad_style)
    return 0


@command("dyads")
def cmd_dyads(args: argparse.Namespace) -> int:
    from detente.console import print_table
    from detente.store import dyad_series, open_store
    from detente.store.query import DYAD_COLUMNS, dyads_by_month

    with open_store(args.db) as store:
        if args.a and args.b:
            rows = dyad_series(
                store, args.a, args.b, interval=args.interval, modality=args.modality
            )
            columns = list(DYAD_COLUMNS)
        else:
            rows = dyads_by_month(store, modality=args.modality, limit=args.limit)
            columns = ["source", "target", "month", "events", "goldstein_mean"]
    for r in rows:
        if r.get("goldstein_mean") is not None:
            r["goldstein_mean"] = round(float(r["goldstein_mean"]), 2)
    if args.json:
        for r in rows:
            print(json.dumps(r))
    elif args.csv:
        write_csv(rows, columns)
    else:
        print_table(rows, columns)
    return 0


def _gdelt_options(args: argparse.Namespace, store: Any) -> dict[str, Any]:
    if args.format != "gdelt":
        return {}
    from detente.analysis.dedup import store_articles

    return {"header": args.header, "articles": store_articles(store)}


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from detente.export import write_events
    from detente.loop.runs import latest_run_id
    from detente.store import open_store
    from detente.store.query import all_matching_events

    flt = dataclasses.replace(event_filter(args), offset=0)
    out = Path(args.output) if args.output else sys.stdout
    with open_store(args.db) as store:
        run_id = latest_run_id(store)
        count = write_events(
            all_matching_events(store, flt, limit=None),
            fmt=args.format,
            out=out,
            run_id=run_id,
            **_gdelt_options(args, store),
        )
    print(f"{count} events (run {run_id if run_id is not None else '-'})", file=sys.stderr)
    return 0


@command("serve")
def cmd_serve(args: argparse.Namespace) -> int:
    from detente.web import serve

    print(f"detente explorer on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    serve(args.db, host=args.host, port=args.port, token=args.token)
    return 0


def add_events(sub: Any) -> None:
    p = sub.add_parser("events", help="list stored events", description=PIPED)
    add_db(p)
    add_filters(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true")


def add_dyads(sub: Any) -> None:
    p = sub.add_parser(
        "dyads", help="directed pairs by month, or one dyad over time", description=PIPED
    )
    add_db(p)
    p.add_argument("--a", default="")
    p.add_argument("--b", default="")
    p.add_argument("--interval", default="month", choices=["week", "month", "year"])
    p.add_argument("--modality", default="asserted", help=MODALITY_HELP)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true")


def add_export(sub: Any) -> None:
    p = sub.add_parser("export", help="export stored events")
    add_db(p)
    add_filters(p)
    p.add_argument(
        "--format", default="plover", choices=["plover", "csv", "parquet", "gdelt", "geojson"]
    )
    p.add_argument("-o", "--output")
    p.add_argument("--header", action="store_true", help="gdelt: write a header line")


def add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help="open the explorer (HTTP API + web pages)")
    add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="loopback by default")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None, help="required unless the host is loopback")
