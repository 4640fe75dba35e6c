"""Regression (issue 13): `detente code` codes every record with its own id, even when its
text repeats an earlier record's, and exits 0."""

from __future__ import annotations

import json
from pathlib import Path

from detente.cli import main


def test_records_with_repeated_text_are_all_coded(tmp_path: Path) -> None:
    text = "Russian President Vladimir Putin visited Beijing on Tuesday."
    records = tmp_path / "records.jsonl"
    records.write_text(
        "\n".join(json.dumps({"id": f"r{i}", "text": text, "date": "2023-10-17"}) for i in range(3))
    )
    out = tmp_path / "events.jsonl"
    assert main(["code", str(records), "-o", str(out)]) == 0
    doc_ids = [json.loads(line)["doc_id"] for line in out.read_text().splitlines()]
    assert sorted(set(doc_ids)) == ["r0", "r1", "r2"]


def test_code_selects_modalities_as_events_does(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Russia and China are unlikely to form a military alliance, officials said.")
    out = tmp_path / "events.jsonl"

    def modalities(*flags: str) -> set[str]:
        assert main(["code", str(text), "--date", "2023-10-16", "-o", str(out), *flags]) == 0
        return {json.loads(line)["modality"] for line in out.read_text().splitlines()}

    assert "asserted" not in modalities("--modality", "all")
    assert modalities("--modality", "all") == modalities("--all-modalities")
    assert modalities("--modality", "all") and not modalities()
