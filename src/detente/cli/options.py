"""What the commands share: the registry, argument types and options, input reading."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import Any

from detente.errors import DetenteError, E

MODALITY_HELP = "asserted (default), negated, hypothetical, future, historical, or all"

Handler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        COMMANDS[name] = func
        return func

    return register


def date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(DetenteError(E.E008, value=value))) from err


def write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def read_options(args: argparse.Namespace, *, skip_duplicates: bool = True) -> Any:
    from detente.articles import ReadOptions
    from detente.articles.fetch import FetchOptions

    polite = {k: getattr(args, k) for k in ("delay", "timeout", "retries") if k in args}
    return ReadOptions(
        default_date=args.date,
        skip_non_english=not args.keep_non_english,
        skip_duplicates=skip_duplicates,
        fetch=FetchOptions(**polite) if args.fetch else None,
    )


def report_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        print(f"skipped {problem.path} ({problem.reason}): {problem.message}", file=sys.stderr)


def interval_arg(value: str) -> float:
    from detente.watch import parse_interval

    try:
        return parse_interval(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def event_filter(args: argparse.Namespace) -> Any:
    from detente.store import EventFilter

    return EventFilter.from_mapping(vars(args))


def add_read_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", type=date_arg, help="publication date for inputs without one")
    p.add_argument("--keep-non-english", action="store_true", help="do not skip non-English text")
    p.add_argument(
        "--fetch", action="store_true", help="feeds: fetch the page of an item given as a summary"
    )


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db", default="detente.db", help="SQLite path or sqlite:///, postgresql:// URL"
    )


FILTER_FLAGS = {"date_from": "--from", "date_to": "--to"}  # shorter than --date-from


def _checked_text(spec: Any) -> Any:
    """An argparse type for a text filter that declares a pattern or a check: a bad
    --bbox or --country is a usage error here, as it is a 422 in the API."""
    pattern, check = spec.metadata["pattern"], spec.metadata["check"]
    if pattern is None and check is None:
        return str

    def text(value: str) -> str:
        import re

        from detente.errors import DetenteError

        value = value.strip()
        if value and check is not None:
            try:
                check(value)
            except DetenteError as err:
                raise argparse.ArgumentTypeError(str(err)) from err
        if pattern is not None and not re.fullmatch(pattern, value):
            raise argparse.ArgumentTypeError(f"{value!r}: expected {spec.metadata['help']}")
        return value

    return text


def add_filters(p: argparse.ArgumentParser) -> None:
    """One option per field of `EventFilter`, with its default, choices and help."""
    from dataclasses import fields
    from typing import get_type_hints

    from detente.store import EventFilter

    hints = get_type_hints(EventFilter)
    for spec in fields(EventFilter):
        kind = hints[spec.name]
        p.add_argument(
            FILTER_FLAGS.get(spec.name, "--" + spec.name.replace("_", "-")),
            dest=spec.name,
            default=spec.default,
            type=kind
            if kind in (int, float)
            else int
            if kind == int | None
            else _checked_text(spec),
            choices=spec.metadata["choices"] or None,
            help=spec.metadata["help"],
        )
