"""Near-duplicate articles (wire copies) are linked to the original and not coded again."""

from __future__ import annotations

import json
from pathlib import Path

from detente.ingest import ingest
from detente.scale.neardup import NearDuplicates
from detente.store import open_store

STORY = (
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Tuesday "
    "and the two leaders signed an agreement on energy cooperation, officials said. "
    "The talks lasted three hours and covered trade, security and the war in Ukraine. "
    "Xi praised the partnership between the two countries and said China would expand "
    "imports of Russian oil and gas. Putin thanked his host and invited Xi to visit Moscow "
    "next year. Japan criticised the meeting and accused both governments of undermining "
    "regional stability. India said it was watching the talks closely."
)
COPY = STORY.replace("officials said", "the Kremlin said").replace("three hours", "four hours")


def test_minhash_links_wire_copies() -> None:
    index = NearDuplicates(threshold=0.8)
    assert index.check("a", STORY) is None
    assert index.check("b", COPY) == "a"
    assert index.check("c", "A completely different story about cocoa prices in Bahia.") is None


def test_ingest_links_near_duplicate(tmp_path: Path) -> None:
    corpus = tmp_path / "wire.jsonl"
    records = [
        {"id": "agency-a", "text": STORY, "date": "2023-10-17"},
        {"id": "agency-b", "text": COPY, "date": "2023-10-17"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records))
    with open_store(tmp_path / "x.db") as store:
        report = ingest([corpus], store=store)
        assert (report.coded, report.near_duplicates) == (1, 1)
        rows = {
            r["doc_id"]: r
            for r in store.rows("SELECT doc_id, hash, duplicate_of, n_events FROM articles")
        }
        assert rows["agency-b"]["duplicate_of"] == rows["agency-a"]["hash"]
        assert rows["agency-a"]["duplicate_of"] is None
        assert rows["agency-a"]["n_events"] > 0
        assert (
            store.scalar(
                "SELECT COUNT(*) FROM events WHERE article_hash = ?", (rows["agency-b"]["hash"],)
            )
            == 0
        )
        again = ingest([corpus], store=store)
        assert (again.coded, again.near_duplicates, again.skipped_known) == (0, 0, 2)
