"""Command line: parses arguments and calls one library function each.

Every command that reads a store takes `--db PATH|URL` (default ./detente.db).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
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


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(DetenteError(E.E008, value=value))) from err


def _write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def _read_options(args: argparse.Namespace, *, skip_duplicates: bool = True) -> Any:
    from detente.articles import ReadOptions
    from detente.articles.fetch import FetchOptions

    polite = {k: getattr(args, k) for k in ("delay", "timeout", "retries") if k in args}
    return ReadOptions(
        default_date=args.date,
        skip_non_english=not args.keep_non_english,
        skip_duplicates=skip_duplicates,
        fetch=FetchOptions(**polite) if args.fetch else None,
    )


def _report_problems(problems: Sequence[Any]) -> None:
    for problem in problems:
        print(f"skipped {problem.path} ({problem.reason}): {problem.message}", file=sys.stderr)


# -- commands -----------------------------------------------------------------


@command("read")
def cmd_read(args: argparse.Namespace) -> int:
    from detente.articles import ReadProblem, iter_articles

    problems = []
    for item in iter_articles(args.paths, options=_read_options(args)):
        if isinstance(item, ReadProblem):
            problems.append(item)
            continue
        info = {
            "id": item.id,
            "section": item.section,
            "title": item.title,
            "date": item.published.isoformat() if item.published else None,
            "tags": list(item.tags),
            "length": len(item.text),
            "url": item.url,
            "source": item.source,
            "path": item.path,
            "language": item.language,
        }
        if args.json:
            print(json.dumps(info, ensure_ascii=False))
        else:
            print(
                f"{item.id}\t{info['date'] or '-'}\t{item.title[:60]}\t{len(item.text)} chars"
                f"\ttags: {', '.join(item.tags)}\tlanguage: {item.language}"
            )
    _report_problems(problems)
    return 1 if problems else 0


@command("code")
def cmd_code(args: argparse.Namespace) -> int:
    from collections import Counter

    from detente.articles import ReadProblem, iter_articles
    from detente.export import write_events
    from detente.pipeline import code_articles

    problems: list[Any] = []
    read = [0]

    def articles() -> Any:
        # a record with its own id is coded even when its text repeats another's:
        # repeats are reports of one event, for a store to cluster, not bad input
        for item in iter_articles(args.inputs, options=_read_options(args, skip_duplicates=False)):
            if isinstance(item, ReadProblem):
                problems.append(item)
            else:
                read[0] += 1
                yield item

    wanted = "all" if args.all_modalities else args.modality

    def events() -> Any:
        for _, coded in code_articles(articles()):
            for event in coded:
                if wanted in ("all", event.modality):
                    yield event

    out = Path(args.output) if args.output else sys.stdout
    count = write_events(events(), fmt=args.format, out=out)
    _report_problems(problems)
    reasons = dict(Counter(p.reason for p in problems))
    print(
        f"{count} events from {read[0]} articles; skipped {len(problems)} {reasons or ''}",
        file=sys.stderr,
    )
    return 1 if problems and args.strict else (2 if problems else 0)


@command("ingest")
def cmd_ingest(args: argparse.Namespace) -> int:
    from detente.console import Progress
    from detente.ingest import IngestReport, ingest, ingest_settings
    from detente.store import open_store

    def progress(report: IngestReport) -> None:
        done = report.done + len(report.problems)
        bar.update(
            done,
            total=max(report.total, done) if report.total else None,
            info=f"coded {report.coded}, known {report.skipped_known}, "
            f"near-dup {report.near_duplicates}, events {report.events}",
        )

    changes: dict[str, Any] = {}
    if args.n_process:
        changes["n_process"] = args.n_process
    if args.no_prefilter:
        changes["prefilter"] = False
    settings = ingest_settings(None, **changes)
    with (
        open_store(args.db) as store,
        Progress("ingest", unit="articles", quiet=args.quiet) as bar,
    ):
        if args.dask:
            from detente.scale.dask import ingest_dask

            report = ingest_dask(
                args.paths,
                store=store,
                scheduler=args.dask,
                workers=args.workers,
                options=_read_options(args),
                settings=settings,
                batch_size=args.batch_size,
                shards=args.shards,
                progress=progress,
                strict=args.strict,
            )
        else:
            report = ingest(
                args.paths,
                store=store,
                options=_read_options(args),
                settings=settings,
                batch_size=args.batch_size,
                progress=progress,
                count=not args.quiet,
                strict=args.strict,
            )
    _report_problems(report.problems)
    summary = report.to_dict()
    summary.pop("problems")
    print(
        json.dumps(summary)
        if args.json
        else f"coded {report.coded} articles ({report.skipped_known} already in the store), "
        f"{report.events} events ({report.asserted} asserted), "
        f"skipped {sum(report.skipped_by_reason().values())} "
        f"{report.skipped_by_reason() or ''} in {report.seconds:.1f}s"
    )
    return 2 if report.failed else 0


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
        _report_problems(report.problems)
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
                options=_read_options(args),
                fetch=FetchOptions(delay=args.delay, timeout=args.timeout, retries=args.retries),
                batch_size=args.batch_size,
                stop=stop,
            )
            watch(watcher, every=args.every, rounds=args.rounds or None, on_round=on_round)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return 0


def _interval(value: str) -> float:
    from detente.watch import parse_interval

    try:
        return parse_interval(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from err


def _filter(args: argparse.Namespace) -> Any:
    from detente.store import EventFilter

    return EventFilter.from_mapping(vars(args))


@command("events")
def cmd_events(args: argparse.Namespace) -> int:
    from detente.console import print_table, quad_style
    from detente.export import flat_row
    from detente.store import open_store
    from detente.store.query import matching_events

    with open_store(args.db) as store:
        rows = [flat_row(event) for event in matching_events(store, _filter(args))]
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
        _write_csv(rows, list(rows[0]) if rows else columns)
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
        _write_csv(rows, columns)
    else:
        print_table(rows, columns)
    return 0


@command("eval")
def cmd_eval(args: argparse.Namespace) -> int:
    from detente.console import Progress
    from detente.evaluate import evaluate

    for path in args.gold:
        with Progress(f"eval {Path(path).name}", unit="sentences", quiet=args.quiet) as bar:
            result = evaluate(
                Path(path), cv=args.cv, progress=lambda done, total: bar.update(done, total=total)
            )
        if args.json:
            print(json.dumps(result.to_dict()))
            continue
        print(f"{path}: {result.records} records")
        for name, value in result.metrics.items():
            print(f"  {name:28s} {value:.3f}")
        if result.per_type:
            print(f"  {'type':12s} {'gold':>5s} {'recall':>7s} {'pred':>5s} {'prec':>6s}")
            for name, score in result.per_type.items():
                print(
                    f"  {name:12s} {score['gold']:5d} {score['recall']:7.3f} "
                    f"{score['predicted']:5d} {score['precision']:6.3f}"
                )
    return 0


@command("train")
def cmd_train(args: argparse.Namespace) -> int:
    from detente.coding.sentence_model import MODEL_DIR
    from detente.console import Progress
    from detente.learn.train import TrainConfig, spacy_sentences, train
    from detente.settings import default_settings

    if args.calibrate_only:
        from detente.learn.calibrate import calibrate_model
        from detente.learn.train import calibration_gold

        folder = Path(args.output) if args.output else MODEL_DIR
        fitted = calibrate_model(folder, calibration_gold(Path(args.shared) / "data"))
        print(json.dumps(fitted, indent=2))
        return 0
    config = TrainConfig.read(Path(args.config)) if args.config else TrainConfig.read()
    if args.folds:
        config = dataclasses.replace(config, folds=args.folds)
    with Progress("train", unit="steps", quiet=args.quiet) as bar:
        meta = train(
            Path(args.shared) / "data",
            out=Path(args.output) if args.output else MODEL_DIR,
            config=config,
            split=spacy_sentences(default_settings().model),
            cv=not args.no_cv,
            progress=bar.note,
        )
    print(json.dumps(meta.get("cv_scores", {}), indent=2) if not args.json else json.dumps(meta))
    return 0


@command("export")
def cmd_export(args: argparse.Namespace) -> int:
    from detente.export import write_events
    from detente.loop.runs import latest_run_id
    from detente.store import open_store
    from detente.store.query import all_matching_events

    flt = dataclasses.replace(_filter(args), offset=0)
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


@command("actors")
def cmd_actors(args: argparse.Namespace) -> int:
    from detente.actors.kb import load_kb
    from detente.actors.resolve import entity_roles, resolve_many, resolve_name
    from detente.console import print_table

    if args.actors_command in LOOP_ACTORS:
        return LOOP_ACTORS[args.actors_command](args)
    kb = load_kb()
    if args.actors_command == "resolve":
        if args.input:
            for answer in resolve_many(Path(args.input), kb=kb):
                print(json.dumps(answer, ensure_ascii=False))
            return 0
        found = resolve_name(" ".join(args.name), date=args.date, kb=kb)
        if args.json:
            print(json.dumps(found.to_dict() if found else None, ensure_ascii=False))
        elif found is None:
            print("not resolved")
        else:
            office = f" ({found.office})" if found.office else ""
            print(
                f"{found.code} {found.sector} {found.org} {found.name}{office} "
                f"[{found.entity_id}] <- {found.entity_text!r}"
            )
            print(f"  {found.reason}")
        return 0 if found else 1
    if args.actors_command == "search":
        rows = [
            {
                "id": e.id,
                "kind": e.kind,
                "name": e.name,
                "codes": ", ".join(sorted({f"{r.country}{r.sector}" for r in e.roles})),
            }
            for e in kb.search(" ".join(args.text), limit=args.limit)
        ]
        if args.json:
            for r in rows:
                print(json.dumps(r, ensure_ascii=False))
        else:
            print_table(rows, ["id", "kind", "name", "codes"])
        return 0
    entity, roles = entity_roles(args.entity_id, kb=kb)
    if args.json:
        print(json.dumps(entity.to_dict(), ensure_ascii=False))
    else:
        print(f"{entity.id}  {entity.kind}  {entity.name}")
        print(f"aliases: {', '.join(entity.aliases)}")
        print_table(roles, ["start", "end", "country", "sector", "org", "title"])
    return 0


@command("kb")
def cmd_kb(args: argparse.Namespace) -> int:
    from detente.actors.importer import export_kb, import_file
    from detente.actors.kb import load_kb, user_layer_dir

    if args.kb_command == "import":
        for path in args.files:
            report = import_file(Path(path), fmt=args.format)
            print(
                json.dumps(report.to_dict())
                if args.json
                else f"{path}: {report.entities} entities, {report.agents} agent words "
                f"({report.format}) -> {user_layer_dir()}"
            )
        return 0
    kb = load_kb()
    if args.output:
        with Path(args.output).open("w", encoding="utf-8") as handle:
            count = export_kb(kb, handle)
    else:
        count = export_kb(kb, sys.stdout)
    print(f"{count} entities", file=sys.stderr)
    return 0


@command("geo")
def cmd_geo(args: argparse.Namespace) -> int:
    from detente.geo import import_geonames, load_gazetteer
    from detente.geo.gazetteer import default_path

    if args.geo_command == "import":
        added = import_geonames(Path(args.dump))
        print(f"{added} places added to {default_path()}", file=sys.stderr)
        return 0
    from dataclasses import asdict

    from detente.actors.kb import load_kb
    from detente.geo.resolve import InPlay, resolve_name

    play = InPlay(countries={c.upper() for c in args.countries.split(",") if c})
    found = resolve_name(
        args.name, start=-1, end=-1, gaz=load_gazetteer(), kb=load_kb(), play=play
    )
    if args.json:
        print(json.dumps({**asdict(found.place), "rule": found.rule}, ensure_ascii=False))
    else:
        place = found.place
        where = f"{place.name} ({place.feature}, {place.country}, {place.adm1})"
        print(f"{args.name} -> {where if place.resolved else 'unresolved'}: {found.why}")
    return 0 if found.place.resolved else 1


def _gdelt_options(args: argparse.Namespace, store: Any) -> dict[str, Any]:
    if args.format != "gdelt":
        return {}
    from detente.analysis.dedup import store_articles

    return {"header": args.header, "articles": store_articles(store)}


def _print_flag(flag: dict[str, Any]) -> None:
    print(f"  {flag['severity'].upper():6s} {flag['kind']:17s} {flag['message']}")
    for span in flag["evidence"]:
        print(f"  {'':6s} {'':17s} @{span['start']}-{span['end']} {span['text'][:100]!r}")


@command("check")
def cmd_check(args: argparse.Namespace) -> int:
    from detente.analysis.check import check_articles, check_store

    if args.paths:
        from detente.articles import ReadProblem, iter_articles

        problems: list[Any] = []

        def articles() -> Any:
            for item in iter_articles(args.paths, options=_read_options(args)):
                if isinstance(item, ReadProblem):
                    problems.append(item)
                else:
                    yield item

        for result in check_articles(articles()):
            flags = [
                f.to_dict()
                for f in result.flags
                if not args.severity or f.severity == args.severity
            ]
            if args.json:
                print(json.dumps(result.to_dict() | {"flags": flags}, ensure_ascii=False))
                continue
            day = result.article.published
            print(f"{result.article.id}  {day or '-'}  {result.article.title[:60]}")
            for flag in flags:
                _print_flag(flag)
            if args.claims:
                for claim in result.claims:
                    who = claim.speaker.entity_text
                    print(f"  CLAIM  {who!r} {claim.cue}: {claim.text[:90]!r}")
        _report_problems(problems)
        return 2 if problems else 0
    from detente.store import open_store

    with open_store(args.db) as store:
        checked = check_store(store, recheck=args.recheck)
        rows = store.flags(severity=args.severity)
        claims = store.claims() if args.claims else []
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        for stored in claims:
            print(json.dumps({"claim": stored}, ensure_ascii=False))
        return 0
    print(f"checked {checked} new articles; {len(rows)} flags", file=sys.stderr)
    last = None
    for row in rows:
        if row["doc_id"] != last:
            print(row["doc_id"])
            last = row["doc_id"]
        _print_flag(row)
    for stored in claims:
        who = stored["speaker_text"]
        print(f"{stored['doc_id']}  CLAIM {who!r} {stored['cue']}: {stored['text'][:90]!r}")
    return 0


# -- arguments ----------------------------------------------------------------


def _add_read_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", type=_date, help="publication date for inputs without one")
    p.add_argument("--keep-non-english", action="store_true", help="do not skip non-English text")
    p.add_argument(
        "--fetch", action="store_true", help="feeds: fetch the page of an item given as a summary"
    )


def _add_db(p: argparse.ArgumentParser) -> None:
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


def _add_filters(p: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("read", help="show how inputs are read")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    _add_read_args(p)

    p = sub.add_parser("code", help="code inputs to PLOVER JSONL (stateless)")
    p.add_argument("inputs", nargs="+")
    p.add_argument("-o", "--output")
    p.add_argument("--format", default="plover", choices=["plover", "jsonl", "csv"])
    p.add_argument("--modality", default="asserted", help=MODALITY_HELP)
    # the old spelling of `--modality all`, kept for scripts that use it
    p.add_argument("--all-modalities", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="exit 1 on any bad input")
    _add_read_args(p)

    p = sub.add_parser(
        "ingest",
        help="code inputs into a store (incremental)",
        description="Progress goes to stderr: a live bar in a terminal; when piped, a plain "
        "line every DETENTE_PROGRESS_SECONDS (default 30).",
    )
    p.add_argument("paths", nargs="+")
    p.add_argument("--batch-size", type=int, default=100)
    p.add_argument("--n-process", type=int, default=0, help="spaCy processes (default: setting)")
    p.add_argument("--no-prefilter", action="store_true", help="parse every article")
    p.add_argument("--dask", default="", help="code on Dask: 'local' or a scheduler address")
    p.add_argument("--workers", type=int, default=2, help="workers of --dask local")
    p.add_argument("--shards", default="", help="folder for --dask Parquet shards (default: temp)")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--strict", action="store_true", help="stop at the first bad input (exit 1)")
    _add_db(p)
    _add_read_args(p)

    p = sub.add_parser("watch", help="code the new items of feeds into a store, round by round")
    p.add_argument("sources", nargs="+", help="feed URLs, feed files, or files listing them")
    p.add_argument("--every", type=_interval, default="15m", help="start a round this often")
    p.add_argument("--rounds", type=int, default=0, help="stop after N rounds (default: never)")
    p.add_argument("--batch-size", type=int, default=20, help="articles a transaction")
    p.add_argument("--delay", type=float, default=1.0, help="seconds between requests to a host")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds for one request")
    p.add_argument("--retries", type=int, default=2, help="tries again after a time-out or 5xx")
    p.add_argument("--json", action="store_true", help="print each round as JSON")
    _add_db(p)
    _add_read_args(p)

    piped = "a table in a terminal, tab-separated values (with a header line) when piped"
    p = sub.add_parser("events", help="list stored events", description=piped)
    _add_db(p)
    _add_filters(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true")

    p = sub.add_parser(
        "dyads", help="directed pairs by month, or one dyad over time", description=piped
    )
    _add_db(p)
    p.add_argument("--a", default="")
    p.add_argument("--b", default="")
    p.add_argument("--interval", default="month", choices=["week", "month", "year"])
    p.add_argument("--modality", default="asserted", help=MODALITY_HELP)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.add_argument("--csv", action="store_true")

    p = sub.add_parser("eval", help="score the coder on gold files")
    p.add_argument("gold", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--cv",
        action="store_true",
        help="score development sentences with the fold model that never saw them",
    )

    p = sub.add_parser("train", help="rebuild the sentence model from ../shared/data")
    p.add_argument("--shared", default="../shared", help="folder holding data/ (third-party data)")
    p.add_argument("-o", "--output", help="model folder (default: the package's own)")
    p.add_argument("--config", help="training recipe (default: learn/data/coder.yaml)")
    p.add_argument("--folds", type=int, default=0, help="cross-validation folds (default: recipe)")
    p.add_argument(
        "--no-cv", action="store_true", help="skip cross-validation (no out-of-fold scores)"
    )
    p.add_argument(
        "--calibrate-only", action="store_true", help="refit the confidence calibration only"
    )
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--json", action="store_true", help="print the whole meta.json")

    p = sub.add_parser("export", help="export stored events")
    _add_db(p)
    _add_filters(p)
    p.add_argument(
        "--format", default="plover", choices=["plover", "csv", "parquet", "gdelt", "geojson"]
    )
    p.add_argument("-o", "--output")
    p.add_argument("--header", action="store_true", help="gdelt: write a header line")

    p = sub.add_parser("check", help="consistency flags and claims of inputs or a store")
    p.add_argument("paths", nargs="*", help="articles to check (else the store's articles)")
    _add_db(p)
    p.add_argument("--severity", default="", choices=["", "high", "medium", "low"])
    p.add_argument("--recheck", action="store_true", help="check stored articles again")
    p.add_argument("--claims", action="store_true", help="also print attributed claims")
    p.add_argument("--json", action="store_true")
    _add_read_args(p)
    p = sub.add_parser("serve", help="open the explorer (HTTP API + web pages)")
    _add_db(p)
    p.add_argument("--host", default="127.0.0.1", help="loopback by default")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--token", default=None, help="required unless the host is loopback")

    p = sub.add_parser("actors", help="resolve, search and show knowledge-base actors")
    actors = p.add_subparsers(dest="actors_command", required=True)
    a = actors.add_parser("resolve", help="resolve a name as of a date")
    a.add_argument("name", nargs="*")
    a.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today's roles)")
    a.add_argument("--input", help="JSONL of {name, date}: one JSON answer per line")
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("search", help="entities whose names contain TEXT")
    a.add_argument("text", nargs="+")
    a.add_argument("--limit", type=int, default=20)
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("show", help="an entity's aliases and roles over time")
    a.add_argument("entity_id")
    a.add_argument("--json", action="store_true")
    _add_loop_actors(actors)

    p = sub.add_parser("geo", help="the gazetteer of event places: import GeoNames, look up")
    geos = p.add_subparsers(dest="geo_command", required=True)
    a = geos.add_parser("import", help="add a GeoNames dump (allCountries.txt, XX.txt)")
    a.add_argument("dump")
    a = geos.add_parser("lookup", help="the place a name resolves to, and why")
    a.add_argument("name")
    a.add_argument("--countries", default="", help="the article's countries, e.g. USA,MEX")
    a.add_argument("--json", action="store_true")

    p = sub.add_parser("kb", help="import dictionaries into your KB layer, export the KB")
    kbs = p.add_subparsers(dest="kb_command", required=True)
    a = kbs.add_parser("import", help="PETRARCH/TABARI/CAMEO dictionaries, CSV or YAML")
    a.add_argument("files", nargs="+")
    a.add_argument(
        "--format", default="auto", choices=["auto", "petrarch", "tabari", "cameo", "csv", "yaml"]
    )
    a.add_argument("--json", action="store_true")
    a = kbs.add_parser("export", help="write the merged KB as JSONL")
    a.add_argument("-o", "--output")
    _add_loop_commands(sub)
    return parser


# -- the analyst's loop: unknown actors, recode, runs, diff, series, alerts ---------


def _actors_unknown(args: argparse.Namespace) -> int:
    from detente.console import Progress, print_table
    from detente.loop.unknown import unknown_actors
    from detente.store import open_store

    with (
        open_store(args.db) as store,
        Progress("unknown actors", unit="articles", quiet=args.quiet or args.json) as bar,
    ):
        found = unknown_actors(
            store,
            since=args.since,
            limit=args.limit,
            progress=lambda done, total: bar.update(done, total=total),
        )
    if args.json:
        for unknown in found:
            print(json.dumps(unknown.to_dict(examples=args.examples), ensure_ascii=False))
        return 0
    rows = [
        {
            "name": u.name,
            "count": u.count,
            "articles": u.articles,
            "code": u.code,
            "sector": u.sector,
            "last_seen": u.last_seen,
            "example": u.sightings[0].sentence[:90],
        }
        for u in found
    ]
    print_table(rows, ["name", "count", "articles", "code", "sector", "last_seen", "example"])
    return 0


def _actors_add(args: argparse.Namespace) -> int:
    from detente.actors.add import NewActor, add_actor
    from detente.actors.kb import user_layer_dir

    entity = add_actor(
        NewActor(
            name=" ".join(args.name),
            code=args.code,
            sector=args.sector,
            start=args.start.isoformat() if args.start else "",
            end=args.end.isoformat() if args.end else "",
            aliases=tuple(args.alias),
            title=args.title,
            kind=args.kind,
        )
    )
    if args.json:
        print(json.dumps(entity.to_dict(), ensure_ascii=False))
    else:
        role = entity.roles[0]
        print(
            f"{entity.id}: {entity.name} {role.country} {role.sector} "
            f"{role.start or '…'}–{role.end or '…'} -> {user_layer_dir()}; "
            "run `detente recode` to code the stored articles again"
        )
    return 0


LOOP_ACTORS: dict[str, Handler] = {"unknown": _actors_unknown, "add": _actors_add}


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


def _add_loop_actors(actors: Any) -> None:
    a = actors.add_parser(
        "unknown",
        help="names in coded events that the knowledge base lacks, most seen first",
        description="Parses the stored articles that have an event with a missing side.",
    )
    _add_db(a)
    a.add_argument("--since", type=_date, help="articles published on or after YYYY-MM-DD")
    a.add_argument("--limit", type=int, default=50, help="most names to list (0: all)")
    a.add_argument("--examples", type=int, default=5, help="--json: sentences per name")
    a.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("add", help="add a person or group to your knowledge-base layer")
    a.add_argument("name", nargs="+")
    a.add_argument("--code", required=True, help="ISO alpha-3 or CAMEO code (LVA, RUSGOV, IGO)")
    a.add_argument("--sector", default="", help="CAMEO sector (GOV, MIL, REB, ...)")
    a.add_argument("--from", dest="start", type=_date, help="the role starts YYYY-MM-DD")
    a.add_argument("--to", dest="end", type=_date, help="the role ends YYYY-MM-DD")
    a.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    a.add_argument("--title", default="", help="the office, e.g. 'Prime Minister'")
    a.add_argument("--kind", default="person", choices=["person", "group", "org", "institution"])
    a.add_argument("--json", action="store_true")


def _add_loop_commands(sub: Any) -> None:
    p = sub.add_parser(
        "recode",
        help="code stored articles again with the current coder and knowledge base",
        description="Only articles whose events can change are coded: all of them when the "
        "model, lexicon, settings or detente changed; when only your knowledge-base layer "
        "changed, those that name what changed. Recorded as a run; resumable.",
    )
    _add_db(p)
    p.add_argument("--since", type=_date, help="articles published on or after YYYY-MM-DD")
    p.add_argument("--all", action="store_true", help="code every stored article again")
    p.add_argument("--batch-size", type=int, default=100, help="articles a transaction")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")

    p = sub.add_parser("runs", help="the ingest and recode runs of a store")
    _add_db(p)
    p.add_argument("--json", action="store_true")

    from detente.analysis.alerts import Thresholds
    from detente.analysis.series import BY, INTERVALS, MEASURES

    p = sub.add_parser(
        "series",
        help="a tidy table of events by dyad, actor or country and period (zeros included)",
        description="Columns: period, then source,target (dyad) | actor,sector | country, "
        "then events [goldstein_sum, goldstein_mean | q1..q4]. See docs/loop.md.",
    )
    _add_db(p)
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

    limits = Thresholds()
    p = sub.add_parser(
        "alerts",
        help="surges, Goldstein drops and first appearances against 4- and 52-week baselines",
        description="Per dyad and per country, each ISO week against the weekly means of "
        "the 4 and 52 weeks before it. See docs/loop.md.",
    )
    _add_db(p)
    p.add_argument("--since", type=_date, help="every week from this day (default: the last)")
    p.add_argument("--min-events", type=int, default=limits.min_events)
    p.add_argument("--ratio", type=float, default=limits.ratio, help="surge: times the baseline")
    p.add_argument("--min-excess", type=float, default=limits.min_excess)
    p.add_argument("--drop", type=float, default=limits.drop, help="Goldstein points")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("diff", help="events added, removed and changed between two runs")
    p.add_argument("run_a", type=int)
    p.add_argument("run_b", type=int)
    _add_db(p)
    p.add_argument("--examples", type=int, default=5, help="examples of each kind of change")
    p.add_argument("--json", action="store_true")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    raise SystemExit(main())
