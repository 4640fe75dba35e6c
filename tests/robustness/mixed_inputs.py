"""A folder of good articles mixed with every kind of bad input (built in a temp dir).

The good inputs are the bundled example articles plus texts written for these
tests in other encodings and formats; `EXPECTED_PROBLEMS` maps each bad input
(relative path, or "file:line" for a record) to the reason it must be skipped with.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parents[2]
EXAMPLES = ROOT / "examples" / "articles"
DETENTE = [sys.executable, "-m", "detente.cli"]
BIG_LOG_BYTES = 60 * 1024 * 1024

# Written for these tests.
LATIN1 = (
    "World\nFrench minister visits Algiers\n\n"
    "French Foreign Minister Jean-No\u00ebl Barrot met Algerian President Abdelmadjid "
    "Tebboune in Algiers on Monday, the caf\u00e9 talks ending a long d\u00e9tente.\n"
)
UTF16 = (
    "World\nTurkey and Greece hold talks\n\n"
    "Turkish President Recep Tayyip Erdogan met Greek Prime Minister Kyriakos "
    "Mitsotakis in Athens on Thursday to discuss maritime borders.\n"
)
CHINESE = "世界新闻\n中国外交部长王毅周一在北京会见了俄罗斯外长拉夫罗夫，双方讨论了双边关系。\n" * 3
HTML = """<!doctype html><html><head><title>Egypt hosts Gaza talks</title>
<script>document.write('<img src=x onerror=alert(1)>'); var secret = "SCRIPT-PAYLOAD";</script>
</head><body><nav>Home | World | Sport</nav>
<article><h1>Egypt hosts Gaza talks</h1>
<p>Egyptian President Abdel Fattah el-Sisi met Qatari Emir Tamim bin Hamad Al Thani in
Cairo on Sunday to discuss a ceasefire in Gaza, officials said.</p>
<p>The two leaders also discussed humanitarian aid deliveries through the Rafah crossing
and agreed to meet again next month in Doha.</p>
<script>alert("SCRIPT-PAYLOAD")</script></article>
<footer>Copyright 2024 Example News</footer></body></html>
"""
JSONL_GOOD = [
    {
        "id": "jl-1",
        "date": "2024-04-02",
        "text": "German Chancellor Olaf Scholz met Polish Prime Minister Donald Tusk "
        "in Warsaw on Tuesday.",
    },
    {
        "id": "jl-2",
        "date": "2024-04-03",
        "text": "Japan condemned North Korea on Wednesday after a missile test.",
    },
]
CSV_TEXT = (
    "id,text,date\n"
    'cs-1,"Brazil\'s President Luiz Inacio Lula da Silva visited Buenos Aires on Monday.",'
    "2024-05-06\n"
    'cs-2,"one","two","three","four"\n'
    'cs-3,"Kenya accused Somalia on Friday of violating its airspace.",2024-05-10\n'
)


@dataclass(frozen=True)
class Mixed:
    folder: Path
    good: int  # articles that must reach the store
    problems: dict[str, str]  # relative path (or path:line) -> reason


def build_mixed_folder(folder: Path) -> Mixed:
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.iterdir():
        shutil.copy(path, folder / path.name)
    good = sum(1 for p in EXAMPLES.glob("*.txt"))
    rng = random.Random(7)
    problems: dict[str, str] = {}

    def write(name: str, data: bytes, reason: str | None) -> None:
        (folder / name).write_bytes(data)
        if reason:
            problems[name] = reason

    write("empty.txt", b"", "empty")
    write("blank.txt", b"  \n\t\n   \r\n", "empty")
    write("random.bin", bytes(rng.getrandbits(8) for _ in range(4096)), "binary")
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.getrandbits(8) for _ in range(512))
    write("image.png", png, "binary")
    write("nul.txt", b"Russia and China signed a deal.\x00\x00 More text.\n", "binary")
    write("latin1.txt", LATIN1.encode("latin-1"), None)
    write("utf16.txt", UTF16.encode("utf-16"), None)
    write("chinese.txt", CHINESE.encode("utf-8"), "not-english")
    write("page.html", HTML.encode("utf-8"), None)
    good += 3
    lines = [
        json.dumps(JSONL_GOOD[0]),
        '{"id": "jl-bad", "text": "unterminated',
        "[1, 2, 3]",
        json.dumps({"id": "jl-notext", "body": "no text field"}),
        json.dumps(JSONL_GOOD[1]),
    ]
    write("records.jsonl", ("\n".join(lines) + "\n").encode(), None)
    problems.update({"records.jsonl:2": "malformed", "records.jsonl:3": "malformed"})
    problems["records.jsonl:4"] = "malformed"
    write("table.csv", CSV_TEXT.encode(), None)
    problems["table.csv:3"] = "malformed"
    good += 4
    with (folder / "big.log").open("wb") as log:  # 60 MB, written in 1 MB chunks
        line = b"2024-01-01T00:00:00 INFO worker 17 heartbeat ok latency=3ms\n"
        chunk = line * (1024 * 1024 // len(line) + 1)
        while log.tell() < BIG_LOG_BYTES:
            log.write(chunk)
    problems["big.log"] = "too-large"
    os.symlink(".", folder / "loop")  # a folder that contains itself
    problems["loop"] = "symlink-loop"
    os.symlink("self.txt", folder / "self.txt")  # a link to itself (ELOOP)
    problems["self.txt"] = "symlink-loop"
    os.symlink("missing-target.txt", folder / "dangling.txt")
    problems["dangling.txt"] = "unreadable"
    # Truly unreadable even as root: a FIFO (opening it would block forever).
    os.mkfifo(folder / "pipe.txt")
    problems["pipe.txt"] = "unreadable"
    return Mixed(folder=folder, good=good, problems=problems)


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    max_rss_mb: float


def run_detente(*args: str, cwd: Path, timeout: float = 600) -> Run:
    """Run the CLI in a subprocess; returns its exit code, output and peak memory (ru_maxrss)."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen([*DETENTE, *args], cwd=cwd, stdout=stdout, stderr=stderr)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        finally:
            timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        code=proc.returncode,
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        max_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
    )


# -- a store with a hostile article, for the web tests ---------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTR = '" onmouseover="alert(1)" x="'
SVG = "'><svg onload=alert(1)>"
# Written for these tests: markup in the title and in the body, next to codable sentences.
HOSTILE = f"""World
Talks in Beijing {SCRIPT} {ATTR}

Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday {SVG}.
China criticised Japan {ATTR} over its defence budget on Monday {SCRIPT}.
"""


def build_web_store(folder: Path) -> str:
    """The example articles plus `HOSTILE` coded into folder/web.db; returns its path."""
    import datetime as dt

    from detente.articles import ReadOptions
    from detente.ingest import ingest
    from detente.store import open_store

    (folder / "in").mkdir(parents=True)
    (folder / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    path = str(folder / "web.db")
    with open_store(path) as store:
        ingest([EXAMPLES], store=store)
        ingest([folder / "in"], store=store, options=ReadOptions(default_date=dt.date(2024, 1, 8)))
    return path
