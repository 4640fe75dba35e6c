"""The loop's commands through the CLI, as an analyst types them (--json outputs)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from detente.cli import main

ARTICLES = Path(__file__).parent / "articles"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:  # type: ignore[type-arg]
    assert main(list(args)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_loop_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DETENTE_HOME", str(tmp_path / "home"))
    db = str(tmp_path / "cli.db")
    (ingested,) = run(capsys, "ingest", str(ARTICLES), "--db", db, "--quiet", "--json")
    assert ingested["run"] == 1
    unknown = run(capsys, "actors", "unknown", "--db", db, "--json", "--quiet")
    assert (unknown[0]["name"], unknown[0]["code"], unknown[0]["sector"]) == (
        "Ilze Dravniece", "LVA", "GOV"
    )  # fmt: skip
    assert unknown[0]["sightings"][0]["sentence"]
    (added,) = run(
        capsys, "actors", "add", "Ilze", "Dravniece", "--code", "LVA", "--sector", "GOV",
        "--from", "2023-09-15", "--alias", "Dravniece", "--json",
    )  # fmt: skip
    assert added["id"] == "user:ilze-dravniece" and added["roles"][0]["start"] == "2023-09-15"
    (recoded,) = run(capsys, "recode", "--db", db, "--quiet", "--json")
    assert recoded["run"] == 2 and recoded["affected"] == 3 and recoded["changed"] > 0
    runs = run(capsys, "runs", "--db", db, "--json")
    assert [(r["id"], r["kind"], r["status"]) for r in runs] == [
        (1, "ingest", "done"),
        (2, "recode", "done"),
    ]
    assert runs[0]["state"]["kb_layer"] != runs[1]["state"]["kb_layer"]
    assert runs[0]["state"]["kb"] == runs[1]["state"]["kb"]
    (diff,) = run(capsys, "diff", "1", "2", "--db", db, "--json")
    total = sum(diff["counts"].values())
    assert total == recoded["added"] + recoded["removed"] + recoded["changed"]
    assert sum(sum(n.values()) for n in diff["by_dyad"].values()) == total
    assert main(["diff", "1", "9", "--db", db]) == 1  # no run 9: E801
    # exports name the run they show
    out = tmp_path / "events.jsonl"
    assert main(["export", "--db", db, "-o", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines and {line["run_id"] for line in lines} == {2}
    out = tmp_path / "events.csv"
    assert main(["export", "--db", db, "--format", "csv", "-o", str(out)]) == 0
    with out.open() as handle:
        assert {row["run_id"] for row in csv.DictReader(handle)} == {"2"}
