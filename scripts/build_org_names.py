"""Build src/detente/actors/data/org_names.tsv: a name for each organisation code.

An IGO/NGO actor's `org` is a CAMEO organisation code ("UNO", "NAT"); readers
expect "United Nations", "NATO". The names come from two places, in this order:

1. the package's own knowledge base (src/detente/actors/data/kb.jsonl): an
   organisation with a Wikidata id whose undated role carries the code
   (Q1065 United Nations: UNO, Q7184 NATO: NAT);
2. the table of international/transnational actors with special codes in the
   CAMEO manual (../shared/data/kb/oeda/CAMEO.Manual.1.1b3.tex, table
   `tab:orgs`): the last three letters of each code ("IGOUNOWHO" -> WHO).
   A code the table gives two names is left out (no name beats a wrong one).

Usage:
    python scripts/build_org_names.py [--manual TEX] [--kb JSONL] [--out PATH]

The output is deterministic: re-running it reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MANUAL = ROOT.parent / "shared" / "data" / "kb" / "oeda" / "CAMEO.Manual.1.1b3.tex"
DEFAULT_KB = ROOT / "src" / "detente" / "actors" / "data" / "kb.jsonl"
DEFAULT_OUT = ROOT / "src" / "detente" / "actors" / "data" / "org_names.tsv"
ROW = re.compile(r"&\s*([^&\\]+?)\s*&\s*((?:IGO|NGO)[A-Z]{3,})\s*\\\\")


def manual_names(tex: str) -> dict[str, str]:
    """Code -> name from the CAMEO manual's `tab:orgs` table; ambiguous codes dropped."""
    table = tex.split("\\label{tab:orgs}", 1)[1].split("\\end{longtable}", 1)[0]
    found: dict[str, set[str]] = {}
    for name, code in ROW.findall(table):
        found.setdefault(code[-3:], set()).add(" ".join(name.split()))
    return {code: names.pop() for code, names in found.items() if len(names) == 1}


def kb_names(lines: list[str]) -> dict[str, str]:
    """Code -> name of the Wikidata-identified organisations of the knowledge base."""
    out: dict[str, set[str]] = {}
    for line in lines:
        entity = json.loads(line)
        if entity["kind"] != "org" or not re.fullmatch(r"Q\d+", entity["id"]):
            continue
        for role in entity["roles"]:
            if role["org"] and not role["sector"] and not role["start"] and not role["end"]:
                out.setdefault(role["org"], set()).add(entity["name"])
    return {code: names.pop() for code, names in out.items() if len(names) == 1}


def render(manual: str, kb_lines: list[str]) -> str:
    rows = {code: (name, "cameo-manual") for code, name in manual_names(manual).items()}
    rows |= {code: (name, "kb") for code, name in kb_names(kb_lines).items()}
    lines = ["code\tname\tsource"]
    lines += [f"{code}\t{name}\t{source}" for code, (name, source) in sorted(rows.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manual", type=Path, default=DEFAULT_MANUAL)
    parser.add_argument("--kb", type=Path, default=DEFAULT_KB)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    text = render(
        args.manual.read_text(encoding="utf-8", errors="replace"),
        args.kb.read_text(encoding="utf-8").splitlines(),
    )
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} codes)")


if __name__ == "__main__":
    main()
