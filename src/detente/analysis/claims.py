"""Attribution: claims and assessments keep their speaker apart from the actor.

"Alexander Gabuev ... believes Russia is a safe neighbour" is Gabuev's
assessment, not a fact about Russia; "..., according to state media" is the
media's claim. `find_claims` lists each with its speaker (an `Actor`, resolved
through the document's mentions where possible), the cue, and the character
span of what is claimed. `attribute_events` gives events inside a claim the
claim's speaker when the coder found none.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from detente.actors.mentions import Mention
from detente.records import Actor, Event, Reason

DATA_DIR = Path(__file__).parent / "data"
COMPLEMENT_DEPS = ("ccomp", "parataxis")
NAME_DEPS = ("compound", "det", "amod", "poss", "nummod", "case")


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement or assessment attributed to a speaker."""

    id: str
    doc_id: str
    speaker: Actor
    speaker_role: str  # "director of Carnegie Russia Eurasia Center", a title, or ""
    cue: str  # the attributing word: "believes", "said", "according to"
    kind: str  # statement | assessment | accusation | source
    sentence_index: int
    start: int  # character span of what is claimed
    end: int
    text: str
    sentence: str

    def to_dict(self) -> dict[str, object]:
        out = dataclasses.asdict(self)
        out["speaker"] = self.speaker.to_dict()
        return out


@lru_cache(maxsize=1)
def claim_cues() -> dict[str, str]:
    """lemma -> kind, from data/claim_cues.tsv."""
    cues: dict[str, str] = {}
    for line in (DATA_DIR / "claim_cues.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, kind = line.split("\t")[:2]
            cues[lemma.strip()] = kind.strip()
    return cues


def _name_span(token: Token, by_token: dict[int, Mention]) -> Span:
    """The words naming the speaker: its mention, its entity, or its noun phrase."""
    doc = token.doc
    if token.i in by_token:
        m = by_token[token.i]
        return doc[m.start : m.end]
    if token.ent_type_:
        for ent in doc.ents:
            if ent.start <= token.i < ent.end:
                return ent
    left = token.i
    for child in token.lefts:
        if child.dep_ in NAME_DEPS:
            left = min(left, child.left_edge.i)
    return doc[left : token.i + 1]


def _role_of(token: Token, by_token: dict[int, Mention]) -> str:
    """A title before the name or an appositive after it."""
    m = by_token.get(token.i)
    if m is not None and m.title:
        return m.title
    for child in token.children:
        if child.dep_ == "appos":
            return token.doc[child.left_edge.i : child.right_edge.i + 1].text
    return ""


def speaker_actor(token: Token, by_token: dict[int, Mention]) -> Actor:
    """The speaker as an Actor: the resolved mention's actor, else the words naming it."""
    span = _name_span(token, by_token)
    m = by_token.get(token.i)
    if m is not None and m.actors and m.kind != "pair":
        return m.actors[0]
    person = token.ent_type_ == "PERSON"
    return Actor(
        code="",
        entity_text=span.text,
        name=span.text if person else "",
        start=span.start_char,
        end=span.end_char,
        reason="speaker not in the knowledge base" if person else "speaker not resolved",
    )


def _claim_id(doc_id: str, start: int, cue: str) -> str:
    return hashlib.sha1(f"claim|{doc_id}|{start}|{cue}".encode()).hexdigest()[:16]


def find_claims(doc: Doc, mentions: list[Mention], *, doc_id: str = "") -> list[Claim]:
    """Claims attributed to a speaker, in reading order."""
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    cues = claim_cues()
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    found: list[Claim] = []
    for token in doc:
        sent = token.sent
        index = sent_index.get(sent.start, -1)
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX") and lemma in cues:
            complements = [c for c in token.children if c.dep_ in COMPLEMENT_DEPS]
            if not complements and token.dep_ in COMPLEMENT_DEPS and token.head.i != token.i:
                complements = [token.head]  # '"…," Kishida told reporters'
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if not complements or not subjects:
                continue
            said = complements[0]
            subject = subjects[0]
            if said.i == token.head.i:  # quotation before the verb: the quoted clause
                span = doc[sent.start : max(sent.start, min(subject.left_edge.i, token.i))]
            else:
                span = doc[said.left_edge.i : said.right_edge.i + 1]
            kind = cues[lemma]
        elif token.dep_ == "prep" and cues.get(token.lower_) == "source":
            objs = [g for c in token.children for g in c.children if g.dep_ == "pobj"]
            objs += [c for c in token.children if c.dep_ == "pobj"]
            if not objs:
                continue
            subject = objs[0]
            head = token.head
            lo = min(head.left_edge.i, sent.start)
            span = doc[lo : max(lo, token.i)]
            kind = "source"
        else:
            continue
        text = span.text.strip(" ,;:\u201c\u201d\"'")
        if not text:
            continue
        found.append(
            Claim(
                id=_claim_id(doc_id, span.start_char, token.text),
                doc_id=doc_id,
                speaker=speaker_actor(subject, by_token),
                speaker_role=_role_of(subject, by_token),
                cue=doc[token.i : token.i + 2].text if kind == "source" else token.text,
                kind=kind,
                sentence_index=index,
                start=span.start_char,
                end=span.end_char,
                text=text,
                sentence=sent.text,
            )
        )
    return found


def attribute_events(events: list[Event], claims: list[Claim]) -> list[Event]:
    """Events inside a claim get its speaker when the coder found none (copies)."""
    out: list[Event] = []
    for event in events:
        trigger = event.text_info.trigger
        if event.speaker is None and trigger is not None:
            home = next((c for c in claims if c.start <= trigger.start < c.end), None)
            if home is not None:
                event = dataclasses.replace(
                    event,
                    speaker=home.speaker,
                    reasons=[
                        *event.reasons,
                        Reason("speaker", f"speaker from claim cue {home.cue!r}", "claim"),
                    ],
                )
        out.append(event)
    return out
