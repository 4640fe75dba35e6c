"""Command line: parses arguments and calls one library function each.

Every command that reads a store takes `--db PATH|URL` (default ./detente.db).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from detente.cli import actors, coding, loop, store
from detente.cli.options import COMMANDS
from detente.cli.torchless import keep_torch_out
from detente.errors import DetenteError

# the commands in the order `detente --help` lists them
PARSERS = (
    coding.add_read,
    coding.add_code,
    coding.add_ingest,
    loop.add_watch,
    store.add_events,
    store.add_dyads,
    coding.add_eval,
    coding.add_train,
    store.add_export,
    coding.add_check,
    store.add_serve,
    actors.add_actors,
    actors.add_geo,
    actors.add_kb,
    loop.add_recode,
    loop.add_runs,
    loop.add_series,
    loop.add_alerts,
    loop.add_diff,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for add in PARSERS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if argv is None and args.command != "train":  # the program, not a caller in Python
        keep_torch_out()
    try:
        return COMMANDS[args.command](args)
    except DetenteError as err:
        print(f"detente: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("detente: interrupted; committed work is kept, re-run to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
