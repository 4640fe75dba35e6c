"""Write one benchmark's results into its section of docs/benchmarks.md.

Each section sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`; a
section not yet in the file is appended under `heading` with the command
that produces it.
"""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(name: str, text: str, *, heading: str, command: str, doc: Path = DOC) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    current = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current and end in current:
        head, rest = current.split(start, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = f"{current.rstrip()}\n\n## {heading}\n\n`{command}`\n\n{block}\n"
    doc.write_text(current, encoding="utf-8")
