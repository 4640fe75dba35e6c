"""The command line codes without torch in memory (thinc would import it: ~230 MB a
process); `detente train` and callers of `main` in Python keep it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "articles" / "eu-iran-sanctions.txt"

# runs the program as the console script does (`main()` reads sys.argv), then reports
PROGRAM = """
import sys
from detente.cli import main
sys.argv = ["detente", *sys.argv[1:]]
code = main()
import thinc.compat
print(json.dumps({"torch": sys.modules.get("torch") is not None,
                  "thinc_torch": thinc.compat.has_torch, "code": code}), file=sys.stderr)
"""


def _run(*args: str) -> tuple[str, dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + PROGRAM, *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.slow
def test_program_codes_without_torch() -> None:
    pytest.importorskip("torch")  # only meaningful where torch is installed
    out, state = _run("code", str(EXAMPLE), "--format", "jsonl", "--date", "2024-03-01")
    events = [json.loads(line) for line in out.splitlines()]
    assert events and all(e["text_info"] for e in events)
    assert state == {"torch": False, "thinc_torch": False, "code": 0}


def test_caller_in_python_keeps_torch() -> None:
    pytest.importorskip("torch")
    code = f"from detente.cli import main\nmain(['code', {str(EXAMPLE)!r}, '-o', '/dev/null'])\n"
    done = subprocess.run(
        [sys.executable, "-c", code + "import sys; import torch; print(torch.__name__)"],
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip().endswith("torch")


def test_keep_torch_out_leaves_an_imported_torch() -> None:
    code = (
        "import sys; import torch\n"
        "from detente.cli.torchless import keep_torch_out\n"
        "print(keep_torch_out(), sys.modules['torch'] is torch)"
    )
    pytest.importorskip("torch")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]
