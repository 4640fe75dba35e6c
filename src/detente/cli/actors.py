"""Knowledge-base commands: actors (resolve, search, show, unknown, add), kb, geo."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from detente.cli.options import (
    Handler,
    add_db,
    command,
    date_arg,
)


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
    found = resolve_name(args.name, start=-1, end=-1, gaz=load_gazetteer(), kb=load_kb(), play=play)
    if args.json:
        print(json.dumps({**asdict(found.place), "rule": found.rule}, ensure_ascii=False))
    else:
        place = found.place
        where = f"{place.name} ({place.feature}, {place.country}, {place.adm1})"
        print(f"{args.name} -> {where if place.resolved else 'unresolved'}: {found.why}")
    return 0 if found.place.resolved else 1


def add_actors(sub: Any) -> None:
    p = sub.add_parser("actors", help="resolve, search and show knowledge-base actors")
    actors = p.add_subparsers(dest="actors_command", required=True)
    a = actors.add_parser("resolve", help="resolve a name as of a date")
    a.add_argument("name", nargs="*")
    a.add_argument("--date", type=date_arg, help="YYYY-MM-DD (default: today's roles)")
    a.add_argument("--input", help="JSONL of {name, date}: one JSON answer per line")
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("search", help="entities whose names contain TEXT")
    a.add_argument("text", nargs="+")
    a.add_argument("--limit", type=int, default=20)
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("show", help="an entity's aliases and roles over time")
    a.add_argument("entity_id")
    a.add_argument("--json", action="store_true")
    _add_unknown_and_add(actors)


def add_geo(sub: Any) -> None:
    p = sub.add_parser("geo", help="the gazetteer of event places: import GeoNames, look up")
    geos = p.add_subparsers(dest="geo_command", required=True)
    a = geos.add_parser("import", help="add a GeoNames dump (allCountries.txt, XX.txt)")
    a.add_argument("dump")
    a = geos.add_parser("lookup", help="the place a name resolves to, and why")
    a.add_argument("name")
    a.add_argument("--countries", default="", help="the article's countries, e.g. USA,MEX")
    a.add_argument("--json", action="store_true")


def add_kb(sub: Any) -> None:
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


def _add_unknown_and_add(actors: Any) -> None:
    a = actors.add_parser(
        "unknown",
        help="names in coded events that the knowledge base lacks, most seen first",
        description="Parses the stored articles that have an event with a missing side.",
    )
    add_db(a)
    a.add_argument("--since", type=date_arg, help="articles published on or after YYYY-MM-DD")
    a.add_argument("--limit", type=int, default=50, help="most names to list (0: all)")
    a.add_argument("--examples", type=int, default=5, help="--json: sentences per name")
    a.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a.add_argument("--json", action="store_true")
    a = actors.add_parser("add", help="add a person or group to your knowledge-base layer")
    a.add_argument("name", nargs="+")
    a.add_argument("--code", required=True, help="ISO alpha-3 or CAMEO code (LVA, RUSGOV, IGO)")
    a.add_argument("--sector", default="", help="CAMEO sector (GOV, MIL, REB, ...)")
    a.add_argument("--from", dest="start", type=date_arg, help="the role starts YYYY-MM-DD")
    a.add_argument("--to", dest="end", type=date_arg, help="the role ends YYYY-MM-DD")
    a.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    a.add_argument("--title", default="", help="the office, e.g. 'Prime Minister'")
    a.add_argument("--kind", default="person", choices=["person", "group", "org", "institution"])
    a.add_argument("--json", action="store_true")
