"""Build src/detente/coding/data/cameo.tsv from the third-party scale tables.

Derives, for every CAMEO event code, its name, Goldstein value, QuadClass and
PLOVER event/mode/context from the files in ../shared/data/scales (and the
PLOVER codebook table in ../shared/data/training for the valid mode names).
Nothing is copied verbatim except codes, short category names and numbers.

Usage:
    python scripts/build_scales.py [--scales DIR] [--codebook CSV] [--out PATH]

The output is deterministic: re-running it reproduces the file byte for byte.
See docs/scales.md for the choices made where the tables disagree.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCALES = ROOT.parent / "shared" / "data" / "scales"
DEFAULT_CODEBOOK = (
    ROOT.parent / "shared" / "data" / "training" / "PLOVER_structured_codebook_updated.csv"
)
DEFAULT_OUT = ROOT / "src" / "detente" / "coding" / "data" / "cameo.tsv"

GDELT_GOLDSTEIN = "CAMEO.goldsteinscale.gdelt.txt"
ANDYBEGA = "cameo-codes_andybega.csv"
QUADCLASS = "CAMEO_quadclass_phoenix.tsv"
CAMEO2PLOVER = "CAMEO2PLOVER-2021.txt"

COLUMNS = (
    "code",
    "name",
    "goldstein",
    "quad",
    "pentaclass",
    "plover_event",
    "plover_mode",
    "plover_context",
)

# The standard (GDELT/ICEWS) QuadClass rule by CAMEO root code.
STANDARD_QUAD = {
    f"{r:02d}": 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4 for r in range(1, 21)
}

# CAMEO 02 (APPEAL) is absent from CAMEO2PLOVER-2021. PLOVER 2.0's REQUEST covers
# requests and appeals, so an 02x code takes the mapping of the 10x code with the
# same suffix (021 -> 101, 0253 -> 1053, 026 -> 106 ...).
APPEAL_ROOT, DEMAND_ROOT = "02", "10"

# Corrections to CAMEO2PLOVER-2021 rows, each with its reason (documented in docs/scales.md).
# value: (event, mode, context) with None meaning "keep the table's value".
OVERRIDES: dict[str, tuple[str | None, str | None, str | None, str]] = {
    "163": (
        "SANCTION",
        "discontinue",
        "economic",
        "embargo/boycott/sanctions curtail exchanges: SANCTION in the PLOVER 2.0 codebook",
    ),
    "175": (
        None,
        "",
        "military;pro_autocracy",
        "the table puts the context pro_autocracy in the mode column",
    ),
    "195": (None, "aerial", None, "aerial weapons have their own ASSAULT mode in PLOVER 2.0"),
    "1712": (None, "destroy", None, "destroying property is ASSAULT/destroy in PLOVER 2.0"),
    "1321": (None, "rights", None, "THREATEN mode for restricting freedoms is 'rights'"),
    "1724": (None, "curfew", None, "the codebook's curfew mode covers emergency/martial law"),
    "085": (None, "", None, "'ease' is no longer a RETREAT mode (the table's own note)"),
}


@dataclass(frozen=True)
class Plover:
    event: str
    mode: str
    context: str


def read_gdelt(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            out[row["CAMEOEVENTCODE"].strip()] = float(row["GOLDSTEINSCALE"])
    return out


def read_andybega(path: Path) -> dict[str, tuple[str, float | None]]:
    out: dict[str, tuple[str, float | None]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            value = row["goldstein"].strip()
            gold = None if value in ("", "NA") else float(value)
            out[row["code"].strip()] = (" ".join(row["name"].split()), gold)
    return out


def read_quadclass(path: Path) -> dict[str, int]:
    with path.open(encoding="utf-8") as fh:
        return {
            r["cameo_root"].strip(): int(r["quad_class"])
            for r in csv.DictReader(fh, delimiter="\t")
        }


def read_codebook_modes(path: Path) -> dict[str, set[str]]:
    modes: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            modes.setdefault(row["event"].strip(), set())
            if row["mode"].strip():
                modes[row["event"].strip()].add(row["mode"].strip())
    return modes


_LINE = re.compile(r"^(\d{2,4})\s*:\s*(.*)$")


def read_cameo2plover(path: Path) -> tuple[dict[str, Plover], dict[str, str]]:
    """Return (code -> mapping for 3-4 digit codes, root -> PLOVER event of its header)."""
    codes: dict[str, Plover] = {}
    roots: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = _LINE.match(line)
        if not m:
            continue
        code, rest = m.group(1), m.group(2)
        parts = [p.strip() for p in rest.split(",")]
        if len(code) == 2:
            roots.setdefault(code, parts[0])  # 08 appears twice: CONCEDE first
            continue
        event = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        context = ";".join(
            c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip()
        )
        codes.setdefault(code, Plover(event, mode, context))  # 175 is listed twice, identically
    return codes, roots


def plover_for(
    code: str, table: dict[str, Plover], roots: dict[str, str], modes: dict[str, set[str]]
) -> Plover:
    lookup = code
    if code.startswith(APPEAL_ROOT):
        lookup = DEMAND_ROOT + code[2:]
        if len(code) == 2:
            return Plover(roots.get(DEMAND_ROOT, ""), "", "")
    if len(lookup) == 2:
        return Plover(roots.get(lookup, ""), "", "")
    p = table.get(lookup)
    if p is None:
        return Plover("", "", "")
    event, mode, context = p.event, p.mode, p.context
    if code in OVERRIDES:
        o_event, o_mode, o_context, _ = OVERRIDES[code]
        event = o_event if o_event is not None else event
        mode = o_mode if o_mode is not None else mode
        context = o_context if o_context is not None else context
    if mode and mode not in modes.get(event, set()):
        mode = ""  # not a PLOVER 2.0 mode name for this event type
    return Plover(event, mode, context)


def fmt(value: float) -> str:
    return f"{value:.1f}"


def build(*, scales: Path, codebook: Path) -> str:
    gdelt = read_gdelt(scales / GDELT_GOLDSTEIN)
    andy = read_andybega(scales / ANDYBEGA)
    phoenix_quad = read_quadclass(scales / QUADCLASS)
    table, roots = read_cameo2plover(scales / CAMEO2PLOVER)
    modes = read_codebook_modes(codebook)

    quad_disagree = sorted(r for r, q in phoenix_quad.items() if STANDARD_QUAD.get(r) != q)
    gold_disagree = sorted(
        c
        for c in gdelt
        if c in andy and andy[c][1] is not None and abs(gdelt[c] - (andy[c][1] or 0.0)) > 1e-9
    )
    codes = sorted(set(gdelt) | set(andy))

    lines = [
        "# CAMEO event codes with Goldstein value, QuadClass and PLOVER 2.0 mapping.",
        "# Generated by scripts/build_scales.py; do not edit by hand (see docs/scales.md).",
        "# Sources: GDELT CAMEO Goldstein table (CAMEO.goldsteinscale.gdelt.txt);",
        "#   CAMEO code list by Andreas Beger (cameo-codes_andybega.csv): names;",
        "#   Phoenix QuadClass table (CAMEO_quadclass_phoenix.tsv);",
        "#   CAMEO2PLOVER-2021 table, P. Schrodt / Open Event Data Alliance (CC BY-SA 4.0);",
        "#   PLOVER structured codebook (valid mode names). CAMEO: Gerner, Schrodt, Yilmaz et al.",
        "# Codes: union of the GDELT and Beger tables. Goldstein: GDELT, else Beger."
        f" Disagreeing codes (GDELT kept): {' '.join(gold_disagree) or 'none'}.",
        "# Quad: standard GDELT/ICEWS rule (roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4);"
        f" Phoenix differs for roots {' '.join(quad_disagree) or 'none'}.",
        "# PentaClass: the Phoenix table as is (0 = statement; used by ConfliBERT's PentaClass"
        " labels and by `detente eval` for them).",
        "# PLOVER: CAMEO2PLOVER-2021; 02x (APPEAL) takes the mapping of the 10x code with the same"
        f" suffix; corrected: {' '.join(sorted(OVERRIDES))}; modes not in the codebook left empty.",
        "# plover_context is ';'-separated; CAMEO 01 (statements) has no PLOVER type.",
        "\t".join(COLUMNS),
    ]
    for code in codes:
        name = andy[code][0] if code in andy else ""
        if code in gdelt:
            gold = gdelt[code]
        else:
            fallback = andy[code][1]
            if fallback is None:
                raise SystemExit(f"no Goldstein value for CAMEO {code}")
            gold = fallback
        quad = STANDARD_QUAD[code[:2]]
        p = plover_for(code, table, roots, modes)
        penta = str(phoenix_quad[code[:2]])
        lines.append(
            "\t".join((code, name, fmt(gold), str(quad), penta, p.event, p.mode, p.context))
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=Path, default=DEFAULT_SCALES)
    parser.add_argument("--codebook", type=Path, default=DEFAULT_CODEBOOK)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    text = build(scales=args.scales, codebook=args.codebook)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))
    print(f"wrote {args.out} ({text.count(chr(10)) - 12} codes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
