"""Checks on the coding data files: triggers, contexts, modality cues and CAMEO scales."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "detente" / "coding" / "data"
SHARED = ROOT.parent / "shared" / "data"


def words(text: str) -> set[str]:
    return set(text.split())


# PLOVER 2.0 event types and their modes (PLOVER structured codebook).
PLOVER_MODES: dict[str, set[str]] = {
    "AGREE": set(),
    "CONSULT": words("visit third-party multilateral phone"),
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": set(),
    "RETREAT": words("withdraw release return disarm ceasefire access resign"),
    "REQUEST": words("assist change yield meet"),
    "ACCUSE": words("disapprove investigate allege"),
    "REJECT": words("assist change yield meet"),
    "THREATEN": words("restrict ban arrest relations rights expel territory violence"),
    "PROTEST": words("demo riot strike hunger boycott obstruct"),
    "SANCTION": words("convict expel withdraw discontinue"),
    "MOBILIZE": words("troops weapons police militia"),
    "COERCE": words("seize restrict ban censor curfew arrest deport withhold misinformation cyber"),
    "ASSAULT": words(
        "abduct beat torture execute sexual assassinate destroy primitive firearms explosives"
        " suicide-attack aerial drone heavy-weapons crowd-control cleansing massacre"
        " unconventional"
    ),
}

# PLOVER manual context table plus the contexts used by CAMEO2PLOVER-2021.
PLOVER_CONTEXTS = words(
    "political military intelligence peacekeeping economic diplomatic resource culture disease"
    " enviro_disaster migration humanitarian legal human_rights rights_freedoms gender lgbt"
    " terrorism human_security religion_ethnicity government election legislative cbrn cyber"
    " political_institutions corruption crime executive democracy pro_autocracy asylum"
)


def read_tsv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return (header, [(line number, fields)]) of a `#`-commented TSV file."""
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
            else:
                rows.append((lineno, fields))
    assert header is not None, f"{path} has no header line"
    return header, rows


def cameo_codes() -> set[str]:
    _, rows = read_tsv(DATA / "cameo.tsv")
    return {fields[0] for _, fields in rows}


def test_triggers_rows_parse_and_are_valid() -> None:
    header, rows = read_tsv(DATA / "triggers.tsv")
    assert header == ["pattern", "pos", "event", "mode", "cameo", "note"]
    codes = cameo_codes()
    for lineno, f in rows:
        where = f"triggers.tsv:{lineno}"
        assert len(f) == 6, f"{where}: expected 6 columns, got {len(f)}"
        pattern, pos, event, mode, cameo, _note = f
        words = pattern.split(" ")
        assert 1 <= len(words) <= 4 and all(words), f"{where}: bad pattern {pattern!r}"
        assert pattern == pattern.strip().lower(), f"{where}: pattern must be lower-case lemmas"
        assert pos in ("VERB", "NOUN"), f"{where}: pos {pos!r}"
        if event == "-":  # a stop pattern: no event, no mode
            assert not mode and (not cameo or cameo in codes), where
            continue
        assert event in PLOVER_MODES, f"{where}: unknown PLOVER event {event!r}"
        assert not mode or mode in PLOVER_MODES[event], f"{where}: {mode!r} is not a {event} mode"
        assert cameo in codes, f"{where}: CAMEO {cameo!r} not in cameo.tsv"


def test_triggers_have_no_duplicates() -> None:
    _, rows = read_tsv(DATA / "triggers.tsv")
    counts = Counter((f[0], f[1]) for _, f in rows)
    assert [k for k, n in counts.items() if n > 1] == []


def test_every_plover_type_has_triggers() -> None:
    _, rows = read_tsv(DATA / "triggers.tsv")
    counts = Counter(f[2] for _, f in rows)
    thin = {event: counts[event] for event in PLOVER_MODES if counts[event] < 5}
    assert thin == {}


def test_cameo_table_is_complete_and_consistent() -> None:
    header, rows = read_tsv(DATA / "cameo.tsv")
    assert header == [
        "code",
        "name",
        "goldstein",
        "quad",
        "pentaclass",
        "plover_event",
        "plover_mode",
        "plover_context",
    ]
    codes = [f[0] for _, f in rows]
    assert len(codes) == len(set(codes))
    assert {f"{r:02d}" for r in range(1, 21)} <= set(codes)
    for lineno, f in rows:
        code, name, gold, quad, penta, event, mode, context = f
        assert penta in {"0", "1", "2", "3", "4"}
        where = f"cameo.tsv:{lineno}"
        assert code.isdigit() and 2 <= len(code) <= 4, where
        assert name, where
        assert -10.0 <= float(gold) <= 10.0, where
        root = int(code[:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert int(quad) == expected, where
        assert event == "" or event in PLOVER_MODES, where
        assert not mode or mode in PLOVER_MODES[event], where
        assert all(c in PLOVER_CONTEXTS for c in context.split(";") if c), where
    # CAMEO 01 (statements) has no PLOVER type; every other code has one.
    assert all((f[5] == "") == f[0].startswith("01") for _, f in rows)


def test_contexts_use_plover_names() -> None:
    header, rows = read_tsv(DATA / "contexts.tsv")
    assert header == ["cue", "context"]
    assert len({(f[0], f[1]) for _, f in rows}) == len(rows)
    for lineno, f in rows:
        assert len(f) == 2 and f[0] == f[0].lower() and f[0].strip(), f"contexts.tsv:{lineno}"
        assert f[1] in PLOVER_CONTEXTS, f"contexts.tsv:{lineno}: {f[1]!r}"


def test_modality_cues_are_valid() -> None:
    header, rows = read_tsv(DATA / "modality.tsv")
    assert header == ["cue", "modality", "scope", "intent", "note"]
    modalities = {"negated", "hypothetical", "future", "historical", "reported"}
    for lineno, f in rows:
        assert len(f) == 5, f"modality.tsv:{lineno}"
        assert f[3] in ("", "announce", "demand", "refuse"), f"modality.tsv:{lineno}: {f[3]!r}"
        assert f[1] in modalities, f"modality.tsv:{lineno}: {f[1]!r}"
        assert f[2] in {"aux", "head", "mark", "prep"}, f"modality.tsv:{lineno}: {f[2]!r}"
    assert {f[1] for _, f in rows} == modalities


def test_data_files_are_plain_utf8_tsv() -> None:
    for name in ("cameo.tsv", "triggers.tsv", "contexts.tsv", "modality.tsv", "intents.tsv"):
        text = (DATA / name).read_bytes().decode("utf-8")
        assert "\r" not in text and text.endswith("\n"), name
        list(csv.reader(text.splitlines(), delimiter="\t"))


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "scales").is_dir(), reason="../shared/data/scales not present")
def test_build_scales_reproduces_cameo_tsv(tmp_path: Path) -> None:
    out = tmp_path / "cameo.tsv"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_scales.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (DATA / "cameo.tsv").read_bytes()
