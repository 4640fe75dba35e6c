"""Recode: code the stored articles again with the current coder, no source files needed.

Only what can change is coded. Each stored article remembers the run whose coder
gave its events (`article_runs`). If that run's coder differs from today's in
anything but the user's layer of the knowledge base, the article is coded
again. If only the layer differs, only articles whose text names something the
layer changed are: the names, aliases, adjectives and capitals of the entities
added, removed or changed between the two layers (and a person's surname, and a
role's title), and changed agent words. The rest are stamped with the new run
unchanged. One transaction per batch, so an interrupted recode resumes where it
stopped: an article coded by the interrupted run is not coded again.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from detente.actors.kb import alias_key
from detente.analysis.dedup import cluster_events
from detente.loop.runs import (
    CoderState,
    coder_state,
    event_summary,
    finish_run,
    get_run,
    read_layer,
    record_change,
    run_layer,
    stamp_articles,
    start_run,
    stored_events,
)
from detente.pipeline import code_articles, make_context
from detente.records import Article, Event
from detente.settings import Settings
from detente.store import Store
from detente.store.query import row_to_article


@dataclass(slots=True)
class RecodeReport:
    run_id: int = 0
    articles: int = 0  # stored articles considered
    affected: int = 0  # of those, coded again
    unchanged: int = 0  # stamped with the new run without coding (nothing they name changed)
    coded: int = 0  # coded so far
    articles_changed: int = 0  # coded articles whose events changed
    added: int = 0
    removed: int = 0
    changed: int = 0
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)  # why articles were coded again

    def to_dict(self) -> dict[str, Any]:
        return {
            "run": self.run_id,
            "articles": self.articles,
            "affected": self.affected,
            "unchanged": self.unchanged,
            "coded": self.coded,
            "articles_changed": self.articles_changed,
            "added": self.added,
            "removed": self.removed,
            "changed": self.changed,
            "seconds": round(self.seconds, 2),
            "reasons": self.reasons,
        }


Progress = Callable[[RecodeReport], None]


# -- which articles -----------------------------------------------------------------


def _entity_keys(raw: dict[str, Any]) -> set[str]:
    names = [raw.get("name", ""), *raw.get("aliases", [])]
    names += [*raw.get("adjectives", []), *raw.get("capitals", [])]
    keys = {alias_key(str(n)).removeprefix("the ") for n in names}
    if raw.get("kind", "person") == "person":  # "Dravniece" after "Ilze Dravniece"
        keys |= {k.split()[-1] for k in list(keys) if k}
    for role in raw.get("roles", []):  # "the Latvian prime minister" names the holder
        if role.get("title"):
            keys.add(alias_key(str(role["title"])))
    return {k for k in keys if k}


def changed_names(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """Lookup keys of what differs between two user layers (from `read_layer`)."""
    keys: set[str] = set()
    old_entities, new_entities = old.get("entities", {}), new.get("entities", {})
    for entity_id in set(old_entities) | set(new_entities):
        before, after = old_entities.get(entity_id), new_entities.get(entity_id)
        if before != after:
            for raw in (before, after):
                if raw:
                    keys |= _entity_keys(raw)
    old_agents, new_agents = old.get("agents", {}), new.get("agents", {})
    for word in set(old_agents) | set(new_agents):
        if old_agents.get(word) != new_agents.get(word):
            keys.add(alias_key(word))
    return keys


def name_pattern(keys: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding any of the keys as whole words in `alias_key`-ed text."""
    words = sorted({k for k in keys if k}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@dataclass(slots=True)
class Plan:
    recode: list[str]  # article hashes to code again
    stamp: list[str]  # article hashes whose events stand as they are
    reasons: dict[str, int]


def plan_recode(
    store: Store,
    state: CoderState,
    layer: dict[str, Any],
    *,
    since: dt.date | None = None,
    everything: bool = False,
) -> Plan:
    """Which stored articles (not near-duplicates) to code again, and why."""
    where = "a.duplicate_of IS NULL"
    params: list[Any] = []
    if since is not None:
        where += " AND a.published >= ?"
        params.append(since.isoformat())
    rows = store.rows(
        "SELECT a.hash, r.run_id FROM articles a LEFT JOIN article_runs r "
        f"ON r.article_hash = a.hash WHERE {where} ORDER BY a.hash",
        params,
    )
    plan = Plan(recode=[], stamp=[], reasons={})
    by_run: dict[int | None, list[str]] = {}
    for r in rows:
        by_run.setdefault(r["run_id"], []).append(r["hash"])
    for run_id, hashes in sorted(by_run.items(), key=lambda item: item[0] or 0):
        if everything or run_id is None:
            why = "asked for all" if everything else "coded before runs were recorded"
            plan.recode += hashes
            plan.reasons[why] = plan.reasons.get(why, 0) + len(hashes)
            continue
        changed = [c for c in state.changed(get_run(store, run_id).state) if c != "kb_layer"]
        if changed:
            why = "changed: " + ", ".join(changed)
            plan.recode += hashes
            plan.reasons[why] = plan.reasons.get(why, 0) + len(hashes)
            continue
        pattern = name_pattern(changed_names(run_layer(store, run_id), layer))
        if pattern is None:
            plan.stamp += hashes
            continue
        for hash_, hit in _mentions(store, hashes, pattern):
            (plan.recode if hit else plan.stamp).append(hash_)
            if hit:
                plan.reasons["names a changed actor"] = (
                    plan.reasons.get("names a changed actor", 0) + 1
                )
    return plan


def _mentions(
    store: Store, hashes: list[str], pattern: re.Pattern[str]
) -> Iterator[tuple[str, bool]]:
    sql = "SELECT hash, title, text FROM articles WHERE hash IN ({marks})"
    for r in store.rows_in(sql, hashes):
        text = alias_key(f"{r['title']}\n{r['text']}")
        yield r["hash"], pattern.search(text) is not None


# -- coding again -------------------------------------------------------------------


def _articles(store: Store, hashes: list[str]) -> Iterator[Article]:
    sql = "SELECT * FROM articles WHERE hash IN ({marks})"
    for start in range(0, len(hashes), 200):
        chunk = hashes[start : start + 200]
        found = {r["hash"]: row_to_article(r) for r in store.rows_in(sql, chunk)}
        yield from (found[h] for h in chunk if h in found)


def _delete_events(store: Store, event_ids: list[str]) -> None:
    for event_id in event_ids:
        if store.dialect == "sqlite":  # the full-text index keeps its own copy
            store.execute(
                "INSERT INTO events_fts(events_fts, rowid, sentence) "
                "SELECT 'delete', rowid, sentence FROM events WHERE id = ?",
                (event_id,),
            )
        for table in ("event_actors", "event_dyads", "event_cluster_members"):
            store.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
        store.execute("DELETE FROM events WHERE id = ?", (event_id,))


def replace_events(
    store: Store, run_id: int, article: Article, events: list[Event], report: RecodeReport
) -> None:
    """Put an article's new events in place of its old ones, recording the differences
    (inside the caller's transaction). Unchanged events are left alone."""
    old = {e.id: event_summary(e) for e in stored_events(store, article.content_hash)}
    new = {e.id: e for e in events}
    gone = [i for i in old if i not in new]
    redo = [i for i in new if i in old and old[i] != event_summary(new[i])]
    fresh = [i for i in new if i not in old]
    _delete_events(store, gone + redo)
    for event_id in redo + fresh:
        store._insert_event(article, new[event_id])  # the same insert as ingest's
    for event_id in gone:
        record_change(store, run_id, article.content_hash, event_id, old[event_id], None)
    for event_id in redo:
        after = event_summary(new[event_id])
        record_change(store, run_id, article.content_hash, event_id, old[event_id], after)
    for event_id in fresh:
        after = event_summary(new[event_id])
        record_change(store, run_id, article.content_hash, event_id, None, after)
    if gone or redo or fresh:
        report.articles_changed += 1
        store.execute(
            "UPDATE articles SET n_events = ? WHERE hash = ?", (len(events), article.content_hash)
        )
        # its consistency checks ran on the old events: `detente check` runs them again
        store.execute(
            "DELETE FROM checked_articles WHERE article_hash = ?", (article.content_hash,)
        )
    report.removed += len(gone)
    report.changed += len(redo)
    report.added += len(fresh)


def recode(
    store: Store,
    *,
    settings: Settings | None = None,
    since: dt.date | None = None,
    everything: bool = False,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> RecodeReport:
    """Code the stored articles whose events can change again, one transaction a batch;
    recorded as a run. `since` limits it to articles published on or after a day,
    `everything` codes every article again."""
    started = time.perf_counter()
    ctx = make_context(settings)
    layer = read_layer()
    state = coder_state(ctx, layer)
    options = {"since": since.isoformat() if since else "", "all": everything}
    plan = plan_recode(store, state, layer, since=since, everything=everything)
    report = RecodeReport(
        articles=len(plan.recode) + len(plan.stamp),
        affected=len(plan.recode),
        unchanged=len(plan.stamp),
        reasons=plan.reasons,
    )
    report.run_id = run_id = start_run(store, "recode", state, layer, options)
    status = "failed"
    try:
        batch: list[tuple[Article, list[Event]]] = []
        for article, events in code_articles(_articles(store, plan.recode), ctx=ctx):
            batch.append((article, events))
            if len(batch) >= batch_size:
                _commit(store, run_id, batch, report)
                batch = []
                report.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(report)
        _commit(store, run_id, batch, report)
        with store.transaction():
            stamp_articles(store, run_id, plan.stamp)
        if report.added or report.removed or report.changed:
            cluster_events(store, settings=ctx.settings)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        report.seconds = time.perf_counter() - started
        counts = report.to_dict()
        counts.pop("run")
        finish_run(store, run_id, status=status, counts=counts)
    if progress is not None:
        progress(report)
    return report


def _commit(
    store: Store, run_id: int, batch: list[tuple[Article, list[Event]]], report: RecodeReport
) -> None:
    if not batch:
        return
    with store.transaction():
        for article, events in batch:
            replace_events(store, run_id, article, events, report)
        stamp_articles(store, run_id, [a.content_hash for a, _ in batch])
    report.coded += len(batch)


__all__ = ["Plan", "RecodeReport", "changed_names", "plan_recode", "recode"]
