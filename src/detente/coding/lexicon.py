"""The coder's data files: triggers, CAMEO scale, context and modality cues.

Formats are documented in docs/lexicon.md; the files live in coding/data/.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from detente.errors import DetenteError, E

DATA_DIR = Path(__file__).parent / "data"
STOP = "-"  # the event of a stop pattern: "declined to comment" is no event
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)


@dataclass(frozen=True, slots=True)
class Trigger:
    pattern: str
    head: str  # lemma of the head word
    needs: tuple[str, ...]  # lemmas that must be among the head's dependents
    pos: str  # VERB | NOUN
    event: str
    mode: str
    cameo: str


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad: int  # GDELT/ICEWS QuadClass
    pentaclass: int  # Phoenix class: 0 statement, 1..4 (CAMEO 16 is verbal conflict)
    plover_event: str = ""  # the PLOVER 2.0 type of the code (CAMEO2PLOVER)


@dataclass(frozen=True, slots=True)
class Cue:
    cue: tuple[str, ...]
    modality: str
    scope: str
    intent: str = ""  # announce: the actor's own plan ("will"); demand: an obligation ("must")
    after_be: bool = False  # written "be X to": X is a raising verb ("is set to meet")


@dataclass(frozen=True, slots=True)
class Intent:
    event: str  # the event coded for the announcement (AGREE, THREATEN)
    cameo: str


@dataclass(slots=True)
class Lexicon:
    triggers: dict[str, list[Trigger]] = field(default_factory=dict)  # head lemma -> rows
    cameo: dict[str, CameoCode] = field(default_factory=dict)
    contexts: dict[str, str] = field(default_factory=dict)  # cue lemma -> context
    modality: dict[str, list[Cue]] = field(default_factory=dict)  # first cue word -> cues
    intents: dict[tuple[str, str], Intent] = field(default_factory=dict)  # (kind, type) -> intent
    stative: frozenset[str] = frozenset()  # verbs of state, not of action ("include", "cost")
    # derived once from the tables above (see `_derived`)
    _by_type: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)
    _reporting: set[str] = field(default_factory=set, repr=False)

    @property
    def demand_cues(self) -> set[str]:
        """First words of cues that make an obligation ("must", "should")."""
        return {c.cue[0] for cues in self.modality.values() for c in cues if c.intent == "demand"}

    @property
    def reporting_verbs(self) -> set[str]:
        """Verbs that report what someone said ("say", "tell"): cues of reported speech."""
        if not self._reporting:
            self._reporting = {
                c.cue[0]
                for cues in self.modality.values()
                for c in cues
                if c.modality == "reported" and len(c.cue) == 1
            }
        return self._reporting

    @property
    def raising_verbs(self) -> set[str]:
        """The X of "be X to" schedule cues ("is set to meet", "is expected to sign"): a
        raising verb whose passive subject is who will act."""
        return {
            c.cue[0]
            for cues in self.modality.values()
            for c in cues
            if c.after_be and c.modality == "future" and not c.intent
        }

    def intent_of(self, kind: str, event: str) -> Intent | None:
        """The event an announcement or demand of `event` is coded as."""
        return self.intents.get((kind, event)) or self.intents.get((kind, "*"))

    def intent_types(self, kind: str) -> set[str]:
        """The types an announcement, refusal or demand is coded as (`intents.tsv`)."""
        return {intent.event for (k, _), intent in self.intents.items() if k == kind}

    def default_cameo(self, event: str) -> str:
        """The most general CAMEO code of a PLOVER type (the shortest, then lowest)."""
        return self._type_defaults().get(event, ("", 0))[0]

    def pentaclass_of(self, event: str) -> int:
        """The PentaClass class of a PLOVER type (that of its most general CAMEO code)."""
        return self._type_defaults().get(event, ("", 0))[1]

    def _type_defaults(self) -> dict[str, tuple[str, int]]:
        if not self._by_type:
            for code in sorted(self.cameo, key=lambda c: (len(c), c)):
                event = self.cameo[code].plover_event
                if event and event not in self._by_type:
                    scale = self.scale(code)
                    self._by_type[event] = (code, scale.pentaclass if scale else 0)
        return self._by_type

    def scale(self, code: str) -> CameoCode | None:
        """The CAMEO entry for a code, falling back to its parent code."""
        while code:
            if code in self.cameo:
                return self.cameo[code]
            code = code[:-1]
        return None


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8") as handle:
            lines = [(n, line) for n, line in enumerate(handle, 1) if not line.startswith("#")]
    except OSError as err:
        raise DetenteError(E.E301, path=path, line=0, why=err) from err
    reader = csv.DictReader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (number, _), row in zip(lines[1:], reader, strict=False):
        yield number, {k: (v or "").strip() for k, v in row.items() if k}


def read_triggers(path: Path) -> dict[str, list[Trigger]]:
    triggers: dict[str, list[Trigger]] = {}
    for number, row in _rows(path):
        words = row.get("pattern", "").lower().split()
        if not words or row.get("event") not in (*PLOVER_TYPES, STOP):
            raise DetenteError(E.E301, path=path, line=number, why=f"bad row {row}")
        trigger = Trigger(
            pattern=" ".join(words),
            head=words[0],
            needs=tuple(words[1:]),
            pos=row.get("pos", "VERB").upper(),
            event=row["event"],
            mode=row.get("mode", ""),
            cameo=row.get("cameo", ""),
        )
        triggers.setdefault(trigger.head, []).append(trigger)
    for rows in triggers.values():
        rows.sort(key=lambda t: -len(t.needs))  # most specific pattern first
    return triggers


def read_cameo(path: Path) -> dict[str, CameoCode]:
    table: dict[str, CameoCode] = {}
    for number, row in _rows(path):
        try:
            table[row["code"]] = CameoCode(
                code=row["code"],
                name=row.get("name", ""),
                goldstein=float(row.get("goldstein") or 0.0),
                quad=int(row.get("quad") or 0),
                pentaclass=int(row.get("pentaclass") or 0),
                plover_event=row.get("plover_event", ""),
            )
        except (KeyError, ValueError) as err:
            raise DetenteError(E.E301, path=path, line=number, why=err) from err
    return table


def read_pairs(path: Path, key: str, value: str) -> dict[str, str]:
    return {row[key].lower(): row[value] for _, row in _rows(path) if row.get(key)}


def read_modality(path: Path) -> dict[str, list[Cue]]:
    cues: dict[str, list[Cue]] = {}
    for _, row in _rows(path):
        words = tuple(row.get("cue", "").lower().split())
        scope = row.get("scope", "")
        after_be = scope == "head" and len(words) > 1 and words[0] == "be"
        if after_be:
            # "be set to" governs the trigger through the word after "be".
            words = words[1:-1] if words[-1] == "to" else words[1:]
            words = words or ("be",)
        if words:
            after_be = after_be and words != ("be",)
            cue = Cue(words, row.get("modality", ""), scope, row.get("intent", ""), after_be)
            cues.setdefault(words[0], []).append(cue)
    return cues


def read_intents(path: Path) -> dict[tuple[str, str], Intent]:
    return {
        (row["kind"], row["event"]): Intent(row["intent"], row["cameo"]) for _, row in _rows(path)
    }


@lru_cache(maxsize=2)
def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    return Lexicon(
        triggers=read_triggers(data_dir / "triggers.tsv"),
        cameo=read_cameo(data_dir / "cameo.tsv"),
        contexts=read_pairs(data_dir / "contexts.tsv", "cue", "context"),
        modality=read_modality(data_dir / "modality.tsv"),
        intents=read_intents(data_dir / "intents.tsv"),
        stative=frozenset(row["lemma"] for _, row in _rows(data_dir / "stative.tsv")),
    )
