"""Runs: every `ingest` and `recode` of a store, with what coded it and what it changed.

A run records the coder's state (detente version, spaCy model, sentence model,
lexicon, knowledge base and the user's layer of it, settings: each as a hash,
the user layer also in full so that a later `recode` can tell which names
changed), its counts, and one `run_changes` row per event it added, removed or
changed (the event's summary before and after). `article_runs` says which run's
coder each stored article's events come from. `detente diff` composes changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from detente import __version__
from detente.actors.kb import DATA_DIR as KB_DIR
from detente.actors.kb import read_agents, read_entities, user_layer_dir
from detente.coding.coder import CodingContext
from detente.coding.lexicon import DATA_DIR as LEXICON_DIR
from detente.errors import DetenteError, E
from detente.pipeline import model_folder
from detente.records import Actor, Article, Event, Place
from detente.store import Store, query
from detente.store.db import Row

# Settings that do not change what is coded, only how fast.
SPEED_SETTINGS = frozenset({"n_process", "batch_size"})


def _digest(parts: Iterable[bytes]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(hashlib.sha256(part).digest())
    return sha.hexdigest()[:16]


@lru_cache(maxsize=8)
def files_hash(folder: str, pattern: str = "*") -> str:
    """A hash of the names and bytes of the files in a folder (cached per process)."""
    files = sorted(p for p in Path(folder).glob(pattern) if p.is_file())
    return _digest(p.name.encode() + b"\0" + p.read_bytes() for p in files)


def read_layer(layer_dir: Path | None = None) -> dict[str, Any]:
    """The user's layer of the knowledge base as data: {entities: {id: ...}, agents: {...}}."""
    layer = layer_dir if layer_dir is not None else user_layer_dir()
    entities = layer / "entities.jsonl"
    agents = layer / "agents.tsv"
    return {
        "entities": {e.id: e.to_dict() for e in read_entities(entities)}
        if entities.exists()
        else {},
        "agents": read_agents(agents) if agents.exists() else {},
    }


@dataclass(frozen=True, slots=True)
class CoderState:
    """What decides an article's events, each part as a hash (see `coder_state`)."""

    version: str
    model: str
    sentence_model: str
    lexicon: str
    kb: str
    kb_layer: str
    settings: str

    def to_dict(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CoderState:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: str(raw.get(k, "")) for k in names})

    def changed(self, other: CoderState) -> list[str]:
        """The parts that differ from `other`'s."""
        return [
            f.name
            for f in dataclasses.fields(self)
            if getattr(self, f.name) != getattr(other, f.name)
        ]


def coder_state(ctx: CodingContext, layer: dict[str, Any]) -> CoderState:
    """The state of the coder `ctx` with the user layer `layer` (from `read_layer`)."""
    from detente.nlp import load_nlp

    nlp = load_nlp(ctx.settings.model)
    folder = model_folder(ctx.settings)
    settings = {
        k: v for k, v in dataclasses.asdict(ctx.settings).items() if k not in SPEED_SETTINGS
    }
    return CoderState(
        version=__version__,
        model=f"{ctx.settings.model}=={nlp.meta.get('version', '')}",
        sentence_model=files_hash(str(folder)) if folder is not None else "off",
        lexicon=files_hash(str(LEXICON_DIR), "*.tsv"),
        kb=files_hash(str(KB_DIR)),
        kb_layer=_digest([json.dumps(layer, sort_keys=True).encode()]),
        settings=_digest([json.dumps(settings, sort_keys=True).encode()]),
    )


@dataclass(slots=True)
class Run:
    id: int
    kind: str  # ingest | recode | watch
    status: str  # running | done | interrupted | failed
    started_at: str
    finished_at: str
    version: str
    state: CoderState
    counts: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "version": self.version,
            "state": self.state.to_dict(),
            "counts": self.counts,
            "options": self.options,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _run(row: Row) -> Run:
    return Run(
        id=int(row["id"]),
        kind=row["kind"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        version=row["version"],
        state=CoderState.from_dict(json.loads(row["state"])),
        counts=json.loads(row["counts"]),
        options=json.loads(row["options"]),
    )


def start_run(
    store: Store,
    kind: str,
    state: CoderState,
    layer: dict[str, Any],
    options: dict[str, Any] | None = None,
) -> int:
    """Record the start of a run; returns its id (one more than the last)."""
    with store.transaction():
        last = store.scalar("SELECT MAX(id) FROM runs")
        run_id = int(last or 0) + 1
        store.execute(
            "INSERT INTO runs(id, kind, status, started_at, version, state, kb_layer, options) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                run_id,
                kind,
                "running",
                _now(),
                state.version,
                json.dumps(state.to_dict()),
                json.dumps(layer, sort_keys=True, ensure_ascii=False),
                json.dumps(options or {}, default=str),
            ),
        )
    return run_id


def finish_run(store: Store, run_id: int, *, status: str, counts: dict[str, Any]) -> None:
    with store.transaction():
        store.execute(
            "UPDATE runs SET status = ?, finished_at = ?, counts = ? WHERE id = ?",
            (status, _now(), json.dumps(counts), run_id),
        )


def list_runs(store: Store) -> list[Run]:
    """Every run, oldest first."""
    return [_run(r) for r in store.rows("SELECT * FROM runs ORDER BY id")]


def get_run(store: Store, run_id: int) -> Run:
    rows = store.rows("SELECT * FROM runs WHERE id = ?", (int(run_id),))
    if not rows:
        raise DetenteError(E.E801, run=run_id)
    return _run(rows[0])


def run_layer(store: Store, run_id: int) -> dict[str, Any]:
    """The user layer of the knowledge base as it was when run `run_id` started."""
    raw = store.scalar("SELECT kb_layer FROM runs WHERE id = ?", (int(run_id),))
    return json.loads(raw) if raw else {"entities": {}, "agents": {}}


def latest_run_id(store: Store) -> int | None:
    """The last run that finished: the version of the data an export shows."""
    found = store.scalar("SELECT MAX(id) FROM runs WHERE status = 'done'")
    return None if found is None else int(found)


# -- what an event is, for comparing runs ------------------------------------------


def _side(actors: Sequence[Actor]) -> list[dict[str, str]]:
    return [
        {"code": a.code, "sector": a.sector, "entity_id": a.entity_id, "text": a.entity_text}
        for a in actors
    ]


def _place(place: Place | None) -> dict[str, Any] | None:
    """Which gazetteer entry an event is placed at, as a diff compares it (no offsets,
    no coordinates: the entry names them)."""
    if place is None:
        return None
    return {
        "text": place.text,
        "name": place.name,
        "geonames_id": place.geonames_id,
        "feature": place.feature,
        "country": place.country,
        "adm1": place.adm1,
        "precision": place.precision,
    }


def event_summary(event: Event) -> dict[str, Any]:
    """The parts of an event a diff compares and shows (no reasons, no offsets)."""
    return {
        "doc_id": event.doc_id,
        "date": event.date,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "cameo": event.cameo,
        "quad": event.quad,
        "goldstein": round(float(event.goldstein), 3),
        "modality": event.modality,
        "confidence": round(float(event.confidence), 3),
        "actor": _side(event.actor),
        "recipient": _side(event.recipient),
        "place": _place(event.place),
        "sentence": event.text_info.sentence,
    }


def stored_events(store: Store, article_hash: str) -> list[Event]:
    """The events stored for one article, as records."""
    rows = store.rows("SELECT * FROM events WHERE article_hash = ? ORDER BY id", (article_hash,))
    return query.stored_events(store, rows)


def record_change(
    store: Store,
    run_id: int,
    article_hash: str,
    event_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """One event's change in a run (inside the caller's transaction)."""
    store.execute(
        "INSERT INTO run_changes(run_id, event_id, article_hash, before, after) "
        "VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
        (
            run_id,
            event_id,
            article_hash,
            None if before is None else json.dumps(before, ensure_ascii=False),
            None if after is None else json.dumps(after, ensure_ascii=False),
        ),
    )


def stamp_articles(store: Store, run_id: int, hashes: Sequence[str]) -> None:
    """Say that run `run_id`'s coder gave these articles' events (caller's transaction)."""
    for article_hash in hashes:
        store.execute(
            "INSERT INTO article_runs(article_hash, run_id) VALUES (?, ?) "
            "ON CONFLICT(article_hash) DO UPDATE SET run_id = excluded.run_id",
            (article_hash, run_id),
        )


def record_ingested(
    store: Store, run_id: int, coded: Sequence[tuple[Article, Sequence[Event]]]
) -> None:
    """The articles an ingest run added, and their events, in one transaction."""
    with store.transaction():
        for article, events in coded:
            for event in events:
                record_change(
                    store, run_id, article.content_hash, event.id, None, event_summary(event)
                )
        stamp_articles(store, run_id, [a.content_hash for a, _ in coded])


def start_watch_run(store: Store, ctx: CodingContext, number: int) -> int:
    """The run of one round of `detente watch`."""
    layer = read_layer()
    return start_run(store, "watch", coder_state(ctx, layer), layer, {"round": number})


def end_watch_run(store: Store, run_id: int | None, report: Any, *, stopped: bool) -> None:
    """Finish a watch round's run; a round that stored nothing leaves no run behind
    (a feed checked every 15 minutes would otherwise fill the list with empty runs)."""
    if run_id is None:
        return
    if not report.coded and not report.near_duplicates:
        with store.transaction():
            store.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        return
    counts = {"coded": report.coded, "events": report.events, "seconds": round(report.seconds, 2)}
    finish_run(store, run_id, status="interrupted" if stopped else "done", counts=counts)


__all__ = [
    "CoderState",
    "Run",
    "coder_state",
    "end_watch_run",
    "event_summary",
    "finish_run",
    "get_run",
    "latest_run_id",
    "list_runs",
    "read_layer",
    "record_change",
    "record_ingested",
    "run_layer",
    "start_run",
    "start_watch_run",
    "stamp_articles",
    "stored_events",
]
