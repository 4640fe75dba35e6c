"""Synthetic stores for the analysis tests: events written straight through `Store.add_batch`.

Each event is (week number, weekday, source, target, quad, goldstein); its article is
made up on the spot (one a day and dyad), its sentence says what it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from detente.records import Actor, Article, Event, TextInfo
from detente.store import open_store

START = dt.date(2022, 1, 3)  # a Monday
Planned = tuple[int, int, str, str, int, float]

EVENT_OF_QUAD = {1: "CONSULT", 2: "AID", 3: "THREATEN", 4: "ASSAULT"}


def day_of(week: int, weekday: int = 0) -> dt.date:
    return START + dt.timedelta(weeks=week, days=weekday)


def make_store(path: Path, planned: Iterable[Planned]) -> str:
    by_article: dict[tuple[dt.date, str, str], list[Planned]] = {}
    for item in planned:
        week, weekday, source, target, _, _ = item
        by_article.setdefault((day_of(week, weekday), source, target), []).append(item)
    batch = []
    for (day, source, target), items in sorted(by_article.items()):
        text = " ".join(
            f"{source} acted on {target} ({EVENT_OF_QUAD[q]} {n})."
            for n, (*_, q, _) in enumerate(items)
        )
        content_hash = hashlib.sha256(f"{day}{source}{target}{text}".encode()).hexdigest()
        article = Article(
            id=f"{day}-{source}-{target}", text=text, published=day, content_hash=content_hash
        )
        events = []
        for n, (_, _, _, _, quad, goldstein) in enumerate(items):
            sentence = f"{source} acted on {target} ({EVENT_OF_QUAD[quad]} {n})."
            events.append(
                Event(
                    id=hashlib.sha1(f"{content_hash}{n}".encode()).hexdigest()[:16],
                    doc_id=article.id,
                    date=day.isoformat(),
                    event=EVENT_OF_QUAD[quad],
                    mode="",
                    context=[],
                    cameo="",
                    quad=quad,
                    goldstein=goldstein,
                    actor=[Actor(code=source, sector="GOV", entity_id=source)],
                    recipient=[Actor(code=target, sector="GOV", entity_id=target)],
                    modality="asserted",
                    text_info=TextInfo(sentence, n, 0, len(sentence), "acted"),
                    confidence=0.9,
                )
            )
        batch.append((article, events))
    db = str(path)
    with open_store(db) as store:
        store.add_batch(batch)
    return db


def flat(weeks: int = 60) -> list[Planned]:
    """Every week the same: two cooperative and one conflict event RUS→UKR, one FRA→DEU."""
    out: list[Planned] = []
    for week in range(weeks):
        out += [
            (week, 1, "RUS", "UKR", 1, 1.0),
            (week, 2, "RUS", "UKR", 2, 3.4),
            (week, 3, "RUS", "UKR", 4, -10.0),
            (week, 2, "FRA", "DEU", 1, 1.0),
        ]
    return out
