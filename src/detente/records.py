"""The typed records that travel through the pipeline.

Each stage takes and returns these; nothing passes dicts of dicts around.
`to_dict` gives the JSON shape of DESIGN.md's PLOVER JSONL.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Modality = Literal["asserted", "negated", "hypothetical", "future", "historical"]
MODALITIES: tuple[Modality, ...] = ("asserted", "negated", "hypothetical", "future", "historical")


@dataclass(frozen=True, slots=True)
class Article:
    """One input document after reading and cleaning."""

    id: str
    text: str
    title: str = ""
    section: str = ""
    source: str = ""  # publisher
    url: str = ""
    published: dt.date | None = None
    tags: tuple[str, ...] = ()
    path: str = ""  # where it was read from ("file.jsonl:12" for a line)
    content_hash: str = ""
    language: str = ""  # ISO 639-1 as detected when read; "und" unsure; "" not checked


@dataclass(frozen=True, slots=True)
class Role:
    """A dated role of a knowledge-base entity: `country` + `sector`, optionally an org."""

    country: str
    sector: str = ""
    org: str = ""
    title: str = ""
    start: str = ""  # ISO date or "" (open)
    end: str = ""

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return not self.end
        iso = day.isoformat()
        return (not self.start or self.start <= iso) and (not self.end or iso <= self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor mention: who, with the text span and the reason."""

    code: str  # ISO alpha-3, or IGO / NGO / IMG / an organisation code
    sector: str = ""  # GOV, MIL, REB, COP, CVL, ...
    entity_text: str = ""
    entity_id: str = ""
    name: str = ""
    org: str = ""  # organisation code for IGO/NGO actors (UNO, NATO, ...)
    start: int = -1  # character offsets in the article text
    end: int = -1
    reason: str = ""

    def key(self) -> tuple[str, str]:
        return (self.code, self.sector)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "sector": self.sector,
            "entity_text": self.entity_text,
            "entity_id": self.entity_id,
            "name": self.name,
            "org": self.org,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into the article text."""

    start: int
    end: int
    text: str


PlaceFeature = Literal["city", "adm1", "country", ""]
PRECISIONS = {"city": 1, "adm1": 2, "country": 3}  # ACLED-style geo precision of a feature
# where an event's place words were found, most trusted first: the event's own clause, the
# only place its sentence names, the article's dateline ("" before they were recorded)
PlaceSource = Literal["clause", "sentence", "dateline", ""]
PLACE_SOURCES: tuple[PlaceSource, ...] = ("clause", "sentence", "dateline")


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened: the words that say so and the gazetteer entry they name.

    `precision` is 1 (town), 2 (region), 3 (country) or 0 (unresolved: `reason`
    says why); `adm1` is the GeoNames first-level division ("CN.22"); `country`
    is ISO alpha-3. Offsets index the article text (the title for headline events).
    `source` says where the words were found (`PLACE_SOURCES`, most trusted first): a
    place from the sentence or the dateline is inferred, not said of the event.
    """

    text: str
    start: int = -1
    end: int = -1
    name: str = ""
    geonames_id: int = 0
    feature: PlaceFeature = ""
    country: str = ""
    adm1: str = ""
    lat: float | None = None
    lon: float | None = None
    precision: int = 0
    reason: str = ""
    source: PlaceSource = ""

    @property
    def resolved(self) -> bool:
        return self.precision > 0

    @classmethod
    def from_value(cls, raw: object) -> Place | None:
        """A place from its JSON object, or from the "text|ISO3" string of older stores."""
        if isinstance(raw, dict):
            return cls(**raw)
        if not raw or not isinstance(raw, str):
            return None
        text, _, code = raw.partition("|")
        if not code:
            return cls(text=text, reason="stored before places were geocoded")
        return cls(
            text=text,
            feature="country",
            country=code,
            precision=3,
            reason="stored before places were geocoded: its country only",
        )


@dataclass(slots=True)
class TextInfo:
    sentence: str
    sentence_index: int
    start: int  # sentence offsets in the article
    end: int
    text: str  # the trigger text
    trigger: Span | None = None


ReasonKind = Literal[
    "trigger",  # the word (or the model's predicate) that gave the event
    "announced",  # derived from an announced, demanded or refused action
    "obligation",  # a reported "must"/"should" (the demanded act of a REQUEST)
    "actor",
    "recipient",
    "modality",
    "date",
    "place",
    "model",  # the sentence model's scores
    "shared",  # taken from the head clause
    "speaker",
    "stored",  # read back from a store: its text only
]


@dataclass(frozen=True, slots=True)
class Reason:
    """One decision behind an event: what logic reads (`kind`, `rule`, `fields`) and
    the sentence a reader sees (`text`). Logic never parses `text`."""

    kind: ReasonKind
    text: str
    rule: str = ""  # how it was decided, e.g. "subject", "passive_by", "undergoer", "prep"
    fields: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class Event:
    """One coded event mention with its evidence."""

    id: str
    doc_id: str
    date: str
    event: str
    mode: str
    context: list[str]
    cameo: str
    quad: int
    goldstein: float
    actor: list[Actor]
    recipient: list[Actor]
    modality: Modality
    text_info: TextInfo
    confidence: float
    reasons: list[Reason] = field(default_factory=list)
    place: Place | None = None
    date_precision: str = "day"  # day | month | year | decade | before | article
    speaker: Actor | None = None  # who is reported as saying it, if anyone

    def has_reason(self, kind: ReasonKind, rule: str = "", **fields: str) -> bool:
        """Some reason of this kind (decided by `rule`, with these field values)."""
        return any(
            r.kind == kind
            and (not rule or r.rule == rule)
            and all(r.fields.get(k) == v for k, v in fields.items())
            for r in self.reasons
        )

    def reason_texts(self) -> list[str]:
        """The reasons as a reader sees them (the `reasons` of every export)."""
        return [r.text for r in self.reasons]

    def to_dict(self) -> dict[str, Any]:
        """The event as JSON: every export, the API and `detente code` write this."""
        info, trigger, place = self.text_info, self.text_info.trigger, self.place
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "date": self.date,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "cameo": self.cameo,
            "quad": self.quad,
            "goldstein": self.goldstein,
            "actor": [a.to_dict() for a in self.actor],
            "recipient": [a.to_dict() for a in self.recipient],
            "modality": self.modality,
            "text_info": {
                "sentence": info.sentence,
                "sentence_index": info.sentence_index,
                "start": info.start,
                "end": info.end,
                "text": info.text,
                "trigger": dataclasses.asdict(trigger) if trigger else None,
            },
            "confidence": self.confidence,
            "reasons": self.reason_texts(),
            "place": dataclasses.asdict(place) if place else None,
            "date_precision": self.date_precision,
            "speaker": self.speaker.to_dict() if self.speaker else None,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        """The inverse of `to_dict` (the reasons come back as their texts)."""
        info = dict(raw["text_info"])
        trigger = info.pop("trigger")
        return cls(
            **{
                **raw,
                "actor": [Actor(**a) for a in raw["actor"]],
                "recipient": [Actor(**a) for a in raw["recipient"]],
                "speaker": Actor(**raw["speaker"]) if raw.get("speaker") else None,
                "text_info": TextInfo(**info, trigger=Span(**trigger) if trigger else None),
                "place": Place.from_value(raw.get("place")),
                "reasons": [Reason("stored", text) for text in raw.get("reasons") or ()],
            }
        )
