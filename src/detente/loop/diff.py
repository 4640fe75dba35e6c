"""`detente diff RUN_A RUN_B`: the events added, removed and changed between two runs.

The changes recorded by the runs after A up to B are composed per event: its
state after A is the `before` of its first change, its state after B the
`after` of its last. An event that ends as it started is no change.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from detente.loop.runs import get_run
from detente.store import Store

KINDS = ("added", "removed", "changed")


def side_text(side: list[dict[str, str]]) -> str:
    """A side as the diff shows it: 'LVA GOV (Ilze Dravniece)'."""
    out = []
    for a in side:
        code = " ".join(p for p in (a.get("code", ""), a.get("sector", "")) if p) or "?"
        out.append(f"{code} ({a.get('text', '')})" if a.get("text") else code)
    return "; ".join(out) or "-"


def dyad_of(summary: dict[str, Any]) -> str:
    """'LVA→DEU' from the codes of an event's sides ('-' for a side with no code)."""

    def codes(side: list[dict[str, str]]) -> str:
        return "+".join(sorted({a["code"] for a in side if a.get("code")})) or "-"

    return f"{codes(summary['actor'])}→{codes(summary['recipient'])}"


@dataclass(slots=True)
class Change:
    event_id: str
    kind: str  # added | removed | changed
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def summary(self) -> dict[str, Any]:
        found = self.after if self.after is not None else self.before
        assert found is not None
        return found

    def fields(self) -> list[str]:
        """The fields that differ (for a changed event)."""
        if self.before is None or self.after is None:
            return []
        return [k for k in self.after if self.before.get(k) != self.after.get(k)]

    def to_dict(self) -> dict[str, Any]:
        summary = self.summary
        out: dict[str, Any] = {
            "event_id": self.event_id,
            "change": self.kind,
            "doc_id": summary["doc_id"],
            "event": summary["event"],
            "dyad": dyad_of(summary),
            "sentence": summary["sentence"],
        }
        if self.kind == "changed" and self.before is not None and self.after is not None:
            out["fields"] = {
                k: {"before": _shown(k, self.before.get(k)), "after": _shown(k, self.after.get(k))}
                for k in self.fields()
            }
        return out


def _shown(key: str, value: Any) -> Any:
    if key == "place":
        return place_text(value)
    return side_text(value) if key in ("actor", "recipient") else value


def place_text(place: Any) -> str:
    """A place as the diff shows it: 'Beijing (CHN, CN.22)', '-' for none."""
    if not isinstance(place, dict):  # none, or the "text|ISO3" of a run before places
        return str(place or "-")
    where = ", ".join(p for p in (place.get("country", ""), place.get("adm1", "")) if p)
    name = place.get("name") or place.get("text") or "?"
    return f"{name} ({where})" if where else name


@dataclass(slots=True)
class RunDiff:
    run_a: int
    run_b: int
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(c.kind for c in self.changes)
        return {k: found.get(k, 0) for k in KINDS}

    def by(self, key: str) -> dict[str, dict[str, int]]:
        """Counts of each kind of change by event type (`event`) or by dyad (`dyad`)."""
        out: dict[str, Counter[str]] = {}
        for c in self.changes:
            name = dyad_of(c.summary) if key == "dyad" else c.summary["event"]
            out.setdefault(name, Counter())[c.kind] += 1
        ranked = sorted(out.items(), key=lambda item: (-sum(item[1].values()), item[0]))
        return {name: {k: n.get(k, 0) for k in KINDS} for name, n in ranked}

    def to_dict(self, *, examples: int = 5) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "counts": self.counts(),
            "by_type": self.by("event"),
            "by_dyad": self.by("dyad"),
            "examples": {
                kind: [c.to_dict() for c in self.changes if c.kind == kind][:examples]
                for kind in KINDS
            },
        }


def diff_runs(store: Store, run_a: int, run_b: int) -> RunDiff:
    """What differs in the store's events between the end of run A and the end of run B
    (B may be the earlier run: then additions are removals). Run 0 is the empty store
    before the first run."""
    for run in (run_a, run_b):
        if run != 0:
            get_run(store, run)  # must exist (E801)
    low, high = sorted((int(run_a), int(run_b)))
    first: dict[str, str | None] = {}
    last: dict[str, str | None] = {}
    rows = store.iter_event_rows(
        "SELECT event_id, before, after FROM run_changes WHERE run_id > ? AND run_id <= ? "
        "ORDER BY run_id, event_id",
        (low, high),
    )
    for r in rows:
        first.setdefault(r["event_id"], r["before"])
        last[r["event_id"]] = r["after"]
    result = RunDiff(run_a=int(run_a), run_b=int(run_b))
    for event_id in sorted(first):
        old, new = first[event_id], last[event_id]
        if run_a > run_b:
            old, new = new, old
        before = json.loads(old) if old else None
        after = json.loads(new) if new else None
        if before == after:
            continue
        kind = "added" if before is None else "removed" if after is None else "changed"
        result.changes.append(Change(event_id, kind, before, after))
    return result


__all__ = ["Change", "RunDiff", "diff_runs", "dyad_of", "place_text", "side_text"]
