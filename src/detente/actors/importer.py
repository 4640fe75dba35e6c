"""Import actor and agent dictionaries into the user's layer of the knowledge base.

Formats: PETRARCH / TABARI / CAMEO actor and agent dictionaries (see
docs/kb.md), a CSV `name,code,sector,org,start,end,aliases[,id,kind,title]` and a
YAML `{entities: [...], agents: {word: sector}}`. The user layer lives in
`user_layer_dir()` (`entities.jsonl`, `agents.tsv`), outside the package, and wins
over the built-in knowledge base.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import yaml

from detente.actors.kb import (
    DATA_DIR,
    Entity,
    KnowledgeBase,
    alias_key,
    read_agents,
    read_entities,
    user_layer_dir,
)
from detente.errors import DetenteError, E
from detente.records import Role

FORMATS = ("auto", "petrarch", "tabari", "cameo", "csv", "yaml")
# CAMEO sector codes: a code's 3-letter chunk that is one of these is the sector.
_SECTOR_CODES = (
    "GOV MIL REB OPP ELI COP JUD LEG BUS MED CVL EDU HLH REF AGR CRM DEV ENV HRI LAB "
    "MOD RAD SPY UAF IRC SEP PTY NGO IGO NGM REL INS SET UNK"
)
CAMEO_SECTORS = frozenset(_SECTOR_CODES.split())
ORG_COUNTRIES = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "INT"})
NULL_CODES = frozenset({"", "---", "+++", "###"})
_BRACKET = re.compile(r"\[([^\]]*)\]")
_RESTRICTION = re.compile(
    r"^\s*([^\s<>\d][^\s<>]*)?\s*(?:(<|>)\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$"
)
_AGENT_CODE = re.compile(r"\[\s*(~?)\s*([A-Za-z]+)\s*(~?)\s*[\]}]")


@dataclass(slots=True)
class ImportReport:
    path: str
    format: str
    entities: int = 0
    agents: int = 0
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "entities": self.entities,
            "agents": self.agents,
            "skipped": self.skipped,
        }


# -- codes, dates, phrases ----------------------------------------------------


def parse_code(code: str) -> tuple[str, str, str] | None:
    """A CAMEO code -> (country, sector, org): "ISRMIL" -> (ISR, MIL, ""),
    "IGOCOPITP" -> (IGO, COP, ITP). None for the null codes ("---")."""
    code = code.strip().upper().split("/")[0]
    if code in NULL_CODES or len(code) < 3 or not code[:3].isalnum():
        return None
    country, rest = code[:3], code[3:]
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    sector = next((c for c in chunks if c in CAMEO_SECTORS), "")
    org = ""
    if country in ORG_COUNTRIES:
        org = next((c for c in chunks if c not in CAMEO_SECTORS), "")
    return country, sector, org


def parse_date(raw: str) -> str:
    """YYYYMMDD or YYMMDD (00-30 -> 20xx) -> ISO, the day clamped to its month;
    "" when the text is no such date."""
    raw = raw.strip()
    if not raw.isdigit() or len(raw) not in (6, 8):
        return ""
    if len(raw) == 6:
        year = int(raw[:2])
        raw = f"{2000 + year if year <= 30 else 1900 + year}{raw[2:]}"
    year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:8])
    if not 1 <= month <= 12:
        return ""
    day = max(1, min(day, calendar.monthrange(year, month)[1]))
    return f"{year:04d}-{month:02d}-{day:02d}"


def _restriction_role(text: str) -> Role | None:
    """`CODE`, `CODE <date`, `CODE >date`, `CODE d1-d2` -> a Role (None if null/unparsable)."""
    match = _RESTRICTION.match(text)
    if match is None:
        return None
    code, op, date, start, end = match.groups()
    parsed = parse_code(code or "")
    if parsed is None and not (op or start):
        return None
    country, sector, org = parsed or ("", "", "")  # a dated null code: no actor then
    role = Role(country=country, sector=sector, org=org)
    if op == "<":
        return replace(role, end=parse_date(date))
    if op == ">":
        return replace(role, start=parse_date(date))
    if start:
        return replace(role, start=parse_date(start), end=parse_date(end))
    return role


def phrase_text(phrase: str) -> str:
    """A dictionary phrase -> display text: "ARNOR_" -> "Arnor", "U.N." stays."""
    words = phrase.strip().strip("_").replace("_", " ").split()
    out = []
    for word in words:
        if "." in word or (len(word) <= 3 and not any(c in "AEIOU" for c in word)):
            out.append(word)
        else:
            out.append("-".join(w.capitalize() for w in word.split("-")))
    return " ".join(out)


def dictionary_lines(text: str) -> list[tuple[int, str]]:
    """Lines without <!-- --> (also multi-line), '#' and ';' comments, numbered from 1."""
    text = re.sub(r"<!.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = re.split(r"#|;", line, maxsplit=1)[0].rstrip()
        if line.strip():
            lines.append((number, line))
    return lines


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", alias_key(text)).strip("-") or "x"


# -- dictionaries -------------------------------------------------------------


def is_agents_dictionary(text: str) -> bool:
    return bool(re.search(r"\[\s*~\s*[A-Za-z]|[A-Za-z]\s*~\s*\]", text))


@dataclass(slots=True)
class DictionaryEntry:
    """One record of a PETRARCH/TABARI actor dictionary, as written: the phrase and its
    `+` synonyms, the contents of its brackets (`RUSGOV`, `USAGOV >20090120`, also from
    indented lines below it), and the last `#` heading above it."""

    phrases: list[str]
    codes: list[str] = field(default_factory=list)
    section: str = ""


def read_dictionary(text: str, *, is_code: Callable[[str], bool] = bool) -> list[DictionaryEntry]:
    """The records of an actor dictionary (the knowledge-base build reads Phoenix's
    dictionaries with it too). A bracket whose contents fail `is_code` is text."""
    entries: list[DictionaryEntry] = []
    section = ""
    text = re.sub(r"<!.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    for raw in text.split("\n"):
        if raw.startswith("#"):
            section = raw.strip("# \t") or section
            continue
        line = re.split(r"#|;", raw, maxsplit=1)[0].rstrip()
        if not line.strip():
            continue
        body = line.strip()
        codes = [c for c in _BRACKET.findall(body) if is_code(c)]
        phrase = _BRACKET.sub(lambda m: " " if is_code(m.group(1)) else m.group(0), body).strip()
        if line[:1] in (" ", "\t") and not phrase and entries:
            entries[-1].codes += codes  # a date restriction of the current record
        elif body.startswith("+") and entries:
            entries[-1].phrases.append(phrase[1:].strip())
            entries[-1].codes += codes
        elif phrase:
            entries.append(DictionaryEntry([phrase], codes, section))
    return entries


def parse_actors(text: str, *, source: str) -> list[Entity]:
    """A PETRARCH/TABARI actor dictionary -> entities (`user:<slug>` ids)."""
    entities: list[Entity] = []
    for entry in read_dictionary(text):
        names = [n for n in dict.fromkeys(phrase_text(p) for p in entry.phrases) if n]
        if not names:
            continue
        roles = [r for r in map(_restriction_role, entry.codes) if r is not None]
        dated = any(r.start or r.end for r in roles)
        bare = all(not r.sector and r.country not in ORG_COUNTRIES for r in roles)
        kind = "person" if dated else ("country" if bare else "org")
        entities.append(
            Entity(
                id=f"user:{_slug(names[0])}",
                kind=kind,
                name=names[0],
                aliases=names[1:],
                roles=roles,
                sources=[f"user:{source}"],
            )
        )
    return entities


def _plurals(word: str) -> list[str]:
    if word.endswith("ss"):
        return [word + "es"]
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u"):
        return [word[:-1] + "ies"]
    return [word + "s"]


def parse_agents(text: str) -> dict[str, str]:
    """A PETRARCH agent dictionary -> {word: sector}, with plurals and !SUBST! markers."""
    markers: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for _, line in dictionary_lines(text):
        marker = re.match(r"^\s*(![A-Z]+!)\s*=\s*(.+)$", line)
        if marker:
            markers[marker.group(1)] = [w.strip() for w in marker.group(2).split(",")]
            continue
        code = _AGENT_CODE.search(line)
        if code is None:
            continue
        sector = code.group(2).upper()[:3]
        head = line[: code.start()]
        plural_match = re.search(r"\{([^}]*)\}", head)
        phrase = re.sub(r"\{[^}]*\}", " ", head).strip()
        if not phrase:
            continue
        forms = [phrase]
        for name, values in markers.items():
            if name in phrase:
                forms = [f.replace(name, v) for f in forms for v in values]
        if any("!" in f for f in forms):
            forms = [re.sub(r"!\w+!", "", f) for f in forms]
        substituted = any(name in phrase for name in markers)
        words: list[str] = []
        for form in forms:
            words.append(form)
            if substituted:
                continue
            if plural_match is not None:
                words.extend(p for p in plural_match.group(1).split() if p)
            else:
                words.extend(_plurals(form.lower()))
        for word in words:
            key = alias_key(word.replace("_", " ").strip())
            if key:
                agents[key] = sector
    return agents


# -- CSV and YAML -------------------------------------------------------------


def _role_from_fields(raw: dict[str, Any]) -> Role | None:
    code = str(raw.get("code") or raw.get("country") or "")
    parsed = parse_code(code)
    if parsed is None:
        return None
    country, sector, org = parsed
    return Role(
        country=country,
        sector=str(raw.get("sector") or sector or ""),
        org=str(raw.get("org") or org or ""),
        title=str(raw.get("title") or ""),
        start=str(raw.get("start") or ""),
        end=str(raw.get("end") or ""),
    )


def _aliases(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [a.strip() for a in re.split(r"[;|]", str(value or "")) if a.strip()]


def parse_csv(text: str, *, source: str) -> tuple[list[Entity], dict[str, str]]:
    """Rows `name,code,sector,org,start,end,aliases[,id,kind,title]`; rows of one name or
    id are one entity with several roles; `kind=agent` rows are agent words."""
    grouped: dict[str, Entity] = {}
    agents: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        name = row.get("name", "")
        if not name:
            continue
        if row.get("kind") == "agent":
            agents[alias_key(name)] = (row.get("sector") or row.get("code", ""))[:3].upper()
            continue
        _add_record(grouped, row, name=name, source=source)
    return list(grouped.values()), agents


def _add_record(grouped: dict[str, Entity], raw: dict[str, Any], *, name: str, source: str) -> None:
    key = str(raw.get("id") or f"user:{_slug(name)}")
    entity = grouped.get(key)
    if entity is None:
        entity = grouped[key] = Entity(
            id=key,
            kind=str(raw.get("kind") or "person"),
            name=name,
            aliases=[],
            roles=[],
            sources=[f"user:{source}"],
        )
    for alias in _aliases(raw.get("aliases")):
        if alias not in entity.aliases and alias != entity.name:
            entity.aliases.append(alias)
    roles = raw.get("roles")
    for item in roles if isinstance(roles, list) else [raw]:
        role = _role_from_fields(item) if isinstance(item, dict) else None
        if role is not None and role not in entity.roles:
            entity.roles.append(role)


def parse_yaml(text: str, *, source: str) -> tuple[list[Entity], dict[str, str]]:
    """`{entities: [{name, id?, kind?, aliases, roles: [{code, sector, ...}]}], agents: {}}`
    or a bare list of entities."""
    data = yaml.safe_load(text) or {}
    items = data if isinstance(data, list) else data.get("entities") or []
    grouped: dict[str, Entity] = {}
    for raw in items:
        if isinstance(raw, dict) and raw.get("name"):
            _add_record(grouped, raw, name=str(raw["name"]), source=source)
    agents_raw = data.get("agents") if isinstance(data, dict) else None
    agents = {alias_key(str(k)): str(v).upper()[:3] for k, v in (agents_raw or {}).items()}
    return list(grouped.values()), agents


# -- the user layer -----------------------------------------------------------


def _overlaps(a: Role, b: Role) -> bool:
    return (not a.start or not b.end or a.start <= b.end) and (
        not b.start or not a.end or b.start <= a.end
    )


def merge_entity(old: Entity, new: Entity) -> Entity:
    """`new` on top of `old`: aliases joined; old roles overlapping a new one dropped."""
    roles = [r for r in old.roles if not any(_overlaps(r, n) for n in new.roles)] + new.roles
    aliases = list(
        dict.fromkeys([*old.aliases, *new.aliases, *([old.name] if old.name != new.name else [])])
    )
    return replace(
        old,
        name=new.name or old.name,
        aliases=[a for a in aliases if a != new.name],
        roles=roles,
        sources=list(dict.fromkeys([*old.sources, *new.sources])),
    )


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "petrarch"


def import_file(
    path: Path,
    *,
    fmt: str = "auto",
    layer_dir: Path | None = None,
    data_dir: Path = DATA_DIR,
) -> ImportReport:
    """Parse a dictionary or CSV/YAML file and merge it into the user layer."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise DetenteError(E.E001, path=path, why=err) from err
    fmt = detect_format(path, text) if fmt == "auto" else fmt
    report = ImportReport(path=str(path), format=fmt)
    entities: list[Entity] = []
    agents: dict[str, str] = {}
    if fmt in ("csv", "yaml"):
        try:
            entities, agents = (parse_csv if fmt == "csv" else parse_yaml)(text, source=path.name)
        except (yaml.YAMLError, csv.Error, AttributeError) as err:
            raise DetenteError(E.E202, path=path, line=0, why=err) from err
    elif is_agents_dictionary(text):
        agents = parse_agents(text)
    else:
        entities = parse_actors(text, source=path.name)
    layer = layer_dir if layer_dir is not None else user_layer_dir()
    builtin = (
        {e.id: e for e in read_entities(data_dir / "kb.jsonl")}
        if any(not e.id.startswith("user:") for e in entities)
        else {}
    )
    write_layer(entities, agents, layer_dir=layer, builtin=builtin, source=path.name)
    report.entities, report.agents = len(entities), len(agents)
    return report


def write_layer(
    entities: Iterable[Entity],
    agents: dict[str, str],
    *,
    layer_dir: Path,
    builtin: dict[str, Entity],
    source: str,
) -> None:
    """Merge entities and agents into the user layer files (re-importing is idempotent)."""
    layer_dir.mkdir(parents=True, exist_ok=True)
    entities_path = layer_dir / "entities.jsonl"
    agents_path = layer_dir / "agents.tsv"
    current = {e.id: e for e in read_entities(entities_path)} if entities_path.exists() else {}
    for entity in entities:
        base = current.get(entity.id) or builtin.get(entity.id)
        if base is not None and entity.id in current:
            current[entity.id] = merge_entity(base, entity)
        elif base is not None:  # a correction of a built-in entity
            current[entity.id] = merge_entity(
                replace(base, sources=[*base.sources, "user"]), entity
            )
        else:
            current[entity.id] = entity
    with entities_path.open("w", encoding="utf-8") as handle:
        for entity_id in sorted(current):
            handle.write(json.dumps(current[entity_id].to_dict(), ensure_ascii=False) + "\n")
    words = read_agents(agents_path) if agents_path.exists() else {}
    sources: dict[str, str] = {}
    if agents_path.exists():
        for line in agents_path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 3 and parts[0] != "word":
                sources[alias_key(parts[0])] = parts[2]
    for word, sector in agents.items():
        words[word] = sector
        sources[word] = f"user:{source}"
    with agents_path.open("w", encoding="utf-8") as handle:
        handle.write("word\tsector\tsource\n")
        for word in sorted(words):
            handle.write(f"{word}\t{words[word]}\t{sources.get(word, 'user')}\n")


def export_kb(kb: KnowledgeBase, out: TextIO) -> int:
    """Write the merged knowledge base as JSONL (sorted by id); returns the count."""
    for entity_id in sorted(kb.entities):
        out.write(json.dumps(kb.entities[entity_id].to_dict(), ensure_ascii=False) + "\n")
    return len(kb.entities)
