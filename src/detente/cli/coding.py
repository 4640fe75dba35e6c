"""Coding commands: read, code, ingest, check, eval, train."""

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
    add_read_args,
    command,
    read_options,
    report_problems,
)


@command("read")
def cmd_read(args: argparse.Namespace) -> int:
    from detente.articles import ReadProblem, iter_articles

    problems = []
    for item in iter_articles(args.paths, options=read_options(args)):
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
    report_problems(problems)
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
        for item in iter_articles(args.inputs, options=read_options(args, skip_duplicates=False)):
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
    report_problems(problems)
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
                options=read_options(args),
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
                options=read_options(args),
                settings=settings,
                batch_size=args.batch_size,
                progress=progress,
                count=not args.quiet,
                strict=args.strict,
            )
    report_problems(report.problems)
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
            for item in iter_articles(args.paths, options=read_options(args)):
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
        report_problems(problems)
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


def add_read(sub: Any) -> None:
    p = sub.add_parser("read", help="show how inputs are read")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true")
    add_read_args(p)


def add_code(sub: Any) -> None:
    p = sub.add_parser("code", help="code inputs to PLOVER JSONL (stateless)")
    p.add_argument("inputs", nargs="+")
    p.add_argument("-o", "--output")
    p.add_argument("--format", default="plover", choices=["plover", "jsonl", "csv"])
    p.add_argument("--modality", default="asserted", help=MODALITY_HELP)
    # the old spelling of `--modality all`, kept for scripts that use it
    p.add_argument("--all-modalities", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="exit 1 on any bad input")
    add_read_args(p)


def add_ingest(sub: Any) -> None:
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
    add_db(p)
    add_read_args(p)


def add_check(sub: Any) -> None:
    p = sub.add_parser("check", help="consistency flags and claims of inputs or a store")
    p.add_argument("paths", nargs="*", help="articles to check (else the store's articles)")
    add_db(p)
    p.add_argument("--severity", default="", choices=["", "high", "medium", "low"])
    p.add_argument("--recheck", action="store_true", help="check stored articles again")
    p.add_argument("--claims", action="store_true", help="also print attributed claims")
    p.add_argument("--json", action="store_true")
    add_read_args(p)


def add_eval(sub: Any) -> None:
    p = sub.add_parser("eval", help="score the coder on gold files")
    p.add_argument("gold", nargs="+")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")
    p.add_argument(
        "--cv",
        action="store_true",
        help="score development sentences with the fold model that never saw them",
    )


def add_train(sub: Any) -> None:
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
