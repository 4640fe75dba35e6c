"""Training examples for the sentence model, read from the third-party data in ../shared/data.

Every source gives what it knows and leaves the rest unknown (None): PentaClass
gives the quad class, the PLOVER gold standard the event type, the actor-span
file the source/target role of each word, and so on. The loss of a head is only
taken on examples that label it.

Sentences of the development gold sets (`FOLDED`) are split into folds by a hash
of their text, so the same sentence never sits on both sides of a fold even when
two files hold it; the other sources are always training data.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from detente.coding.lexicon import DATA_DIR as LEXICON_DIR
from detente.coding.lexicon import PLOVER_TYPES

DATA_DIR = Path(__file__).parent / "data"
NO_EVENT = "NONE"
EVENT_LABELS: tuple[str, ...] = (NO_EVENT, *PLOVER_TYPES)
# outside, source actor, target actor, reciprocal (both: "X and Y will meet")
ROLE_LABELS: tuple[str, ...] = ("O", "S", "T", "R")
FOLDED = ("pentaclass", "plover_gsr", "petrarch2", "spans")


@dataclass(frozen=True, slots=True)
class Example:
    """One training sentence with whatever labels its source gives."""

    text: str
    source: str
    quad: int | None = None  # PentaClass 0..4
    event: str | None = None  # a PLOVER type or NO_EVENT
    words: tuple[str, ...] = ()  # with `roles`: the sentence as words, each with its role
    roles: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A hash of the normalised text: the unit of cross-validation folds."""
        return text_key(self.text)

    def fold(self, folds: int) -> int:
        """The fold of a development sentence, -1 for sources that are always trained on."""
        return int(self.key[:8], 16) % folds if self.source in FOLDED else -1


def text_key(text: str) -> str:
    """A hash of a sentence's words, blind to case, spacing and punctuation."""
    return hashlib.sha1(re.sub(r"\W+", " ", text.lower()).strip().encode()).hexdigest()


def _jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def pentaclass(path: Path) -> Iterator[Example]:
    """PentaClass: the quad class; class 0 (statement or nothing) is no PLOVER event."""
    for raw in _jsonl(path):
        quad = int(raw["quad"])  # type: ignore[call-overload]
        yield Example(
            str(raw["text"]), "pentaclass", quad=quad, event=NO_EVENT if quad == 0 else None
        )


def gold_events(path: Path, source: str) -> Iterator[Example]:
    """A gold file with one labelled event per sentence (the PLOVER gold standard, PETRARCH-2)."""
    for raw in _jsonl(path):
        events = raw.get("events") or []
        assert isinstance(events, list)
        labelled = [e for e in events if isinstance(e, dict) and e.get("event") in PLOVER_TYPES]
        event = str(labelled[0]["event"]) if labelled else None
        yield Example(str(raw["text"]), source, event=event)


def actor_spans(path: Path) -> Iterator[Example]:
    """CoNLL words with BIO tags S (source actor), T (target actor), R (reciprocal)."""
    words: list[str] = []
    roles: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in [*handle, ""]:
            parts = line.split()
            if len(parts) >= 2:
                words.append(parts[0])
                roles.append(parts[-1].split("-")[-1] if parts[-1] != "O" else "O")
            elif words:
                yield Example(" ".join(words), "spans", words=tuple(words), roles=tuple(roles))
                words, roles = [], []


def case2021(path: Path, mapping: Path = DATA_DIR / "case_to_plover.tsv") -> Iterator[Example]:
    """CASE 2021 snippets whose ACLED subtype maps to a PLOVER type (or to no event)."""
    table = {row["subtype"]: row for row in _tsv(mapping)}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            mapped = table.get(row.get("SubType", ""))
            if mapped:
                yield Example(
                    row["EventSnippet"], "case2021", quad=int(mapped["quad"]), event=mapped["event"]
                )


def cameo_examples(path: Path) -> Iterator[Example]:
    """The example sentence of each CAMEO code, typed by detente's own CAMEO->PLOVER table."""
    table = {row["code"]: row for row in _tsv(LEXICON_DIR / "cameo.tsv")}
    with path.open(encoding="cp1252", errors="replace") as handle:  # the file is not UTF-8
        for row in csv.DictReader(handle):
            text, known = (row.get("example") or "").strip(), table.get(row.get("code", ""))
            if len(text) < 20 or text == "NA" or known is None:
                continue
            event = known["plover_event"] or (NO_EVENT if known["pentaclass"] == "0" else None)
            yield Example(text, "cameo", quad=int(known["pentaclass"]), event=event)


def synthetic(path: Path, *, per_type: int) -> Iterator[Example]:
    """The first sentence of each NGEC synthetic story (at most `per_type` a type)."""
    taken = Counter[str]()
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".csv"))
        with archive.open(name) as raw:
            for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")):
                event = row.get("label", "")
                if event not in PLOVER_TYPES or taken[event] >= per_type:
                    continue
                first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", row["text"].strip(), maxsplit=1)[0]
                if len(first) >= 20:
                    taken[event] += 1
                    yield Example(first, "synthetic", event=event)


def weak_negatives(folder: Path, *, sections: tuple[str, ...], count: int) -> Iterator[Example]:
    """Sentences from sections with no political news (BBC sport, entertainment): no event.

    Weak labels: a few may mention a politician, but news as it comes is mostly sentences
    without an event, and the gold sets alone hold too few of them.
    """
    per_section = count // len(sections)
    for section in sections:
        taken = 0
        for path in sorted((folder / section).glob("*.txt")):
            body = path.read_text(encoding="utf-8", errors="replace").split("\n", 1)[-1]
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", body.strip())[:2]:
                if 40 <= len(sentence) <= 400 and taken < per_section:
                    taken += 1
                    yield Example(sentence.strip(), "negatives", quad=0, event=NO_EVENT)


def _tsv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t")


def merge(examples: Iterable[Example]) -> list[Example]:
    """One example per sentence: the labels of the same text from several files are joined.

    Where two files disagree on a label, the first one read wins.
    """
    merged: dict[str, Example] = {}
    for example in examples:
        known = merged.get(example.key)
        if known is None:
            merged[example.key] = example
            continue
        merged[example.key] = replace(
            known,
            source=known.source if known.source in FOLDED else example.source,
            quad=known.quad if known.quad is not None else example.quad,
            event=known.event if known.event is not None else example.event,
            words=known.words or example.words,
            roles=known.roles or example.roles,
        )
    return list(merged.values())


def read_corpus(shared: Path, *, synthetic_per_type: int, negatives: int) -> list[Example]:
    """Every training example, from the folders of ../shared/data."""
    gold = shared / "gold"
    return merge(
        [
            *pentaclass(gold / "pentaclass.dev.jsonl"),
            *gold_events(gold / "plover_gsr.dev.jsonl", "plover_gsr"),
            *gold_events(gold / "petrarch2_unittest.dev.jsonl", "petrarch2"),
            *actor_spans(gold / "actor_spans" / "source_target_spans.dev.conll"),
            *case2021(gold / "case2021_task2" / "test_set_final_release_with_labels.tsv"),
            *cameo_examples(shared / "scales" / "cameo-codes_andybega.csv"),
            *synthetic(
                shared / "training" / "gpt_synthetic_events_2023-10-19_19.csv.zip",
                per_type=synthetic_per_type,
            ),
            *weak_negatives(
                shared / "corpus" / "bbc", sections=("sport", "entertainment"), count=negatives
            ),
        ]
    )


def corpus_hash(examples: Iterable[Example]) -> str:
    """A hash of the training data and its labels (recorded beside the weights)."""
    digest = hashlib.sha256()
    for example in examples:
        digest.update(
            json.dumps(
                [example.text, example.source, example.quad, example.event, example.roles]
            ).encode()
        )
    return digest.hexdigest()
