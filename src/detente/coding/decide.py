"""One decision per sentence: the trained model says whether and what, the rules say where.

The lexicon's triggers give offsets, modes and CAMEO codes; the sentence model
(`detente.coding.sentence_model`) gives the probability of no event and of each
PLOVER type, and its role head says which words are the source and the target.

- `choose_triggers`: a sentence the model finds eventless yields nothing; a
  trigger whose type (and quad class) the model finds implausible is dropped.
- `model_trigger`: when no event of the type the model is sure of came out, the
  sentence's main predicate becomes a trigger of that type.
- `assign_roles`: the role head picks the actor and the recipient of the
  sentence's main event among the sentence's mentions, and fills a side the
  rules left empty in the others.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from detente.actors.home import home_person
from detente.actors.mentions import PAIR_PHRASES, Mention
from detente.coding.lexicon import PLOVER_TYPES, STOP, Lexicon, Trigger
from detente.coding.roles import lexicon_row, unknown_actors, wish
from detente.coding.sentence_model import SentenceScores
from detente.coding.when import support_verb
from detente.coding.where import is_location
from detente.learn.calibrate import Calibration
from detente.records import Actor, Event, Reason
from detente.settings import Settings

MODEL_PATTERN = "(model)"  # the pattern of a trigger the model chose


def scores_reason(scores: SentenceScores) -> Reason:
    event, p = scores.top()
    text = f"model: p(event) {scores.p_event:.2f}, top type {event} {p:.2f}"
    return Reason("model", text, fields={"top": event, "p_event": f"{scores.p_event:.4f}"})


def plausible(
    event: str, cameo: str, scores: SentenceScores, lexicon: Lexicon, settings: Settings
) -> bool:
    """The model finds the event type, or at least its quad class, likely enough."""
    if scores.p(event) >= settings.model_keep_type:
        return True
    scale = lexicon.scale(cameo)
    return scale is not None and scores.quad[scale.pentaclass] >= settings.model_keep_quad


def joint_top(scores: SentenceScores, lexicon: Lexicon) -> tuple[str, float]:
    """The most probable PLOVER type when the type head and the quad head agree."""
    shares = type_shares(scores, lexicon)
    best = max(shares, key=shares.__getitem__)
    return best, shares[best]


def type_shares(scores: SentenceScores, lexicon: Lexicon) -> dict[str, float]:
    """p(type) x p(the type's quad class), normalised over the PLOVER types."""
    joint = {e: scores.p(e) * scores.quad[lexicon.pentaclass_of(e)] for e in PLOVER_TYPES}
    total = sum(joint.values()) or 1.0
    return {e: p / total for e, p in joint.items()}


def main_predicate(sent: Span, lexicon: Lexicon) -> Token | None:
    """The verb that carries the sentence's news: the root, or the clause a reporting
    root governs ("X said that Y attacked ..."). None when that is a copula or a verb
    of state ("are unlikely to ...", "responders included the police": a property,
    not an act), or when a report governs no act ("told CNN the towns were damaged")."""
    root = sent.root
    if root.lemma_.lower() in lexicon.reporting_verbs:
        clauses = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        if not clauses:
            return None
        root = clauses[0]
    root = _through_copula(root)
    if wish(root):
        return None  # "seeks to rebuild ties": an intention, not an act
    row = lexicon_row(root, lexicon)
    if row is not None and row.event == STOP and not _ever_a_trigger(root, lexicon):
        return None  # the lexicon says the phrase is no event ("returned from a tour")
    if root.pos_ not in ("VERB", "NOUN") or root.lemma_.lower() in lexicon.stative:
        return None
    return root


def _ever_a_trigger(token: Token, lexicon: Lexicon) -> bool:
    """The word alone is an event in the lexicon ("refuse"), not only in some phrases
    ("return territory") or stop patterns ("return from a tour"): then a stop pattern
    may have matched words of another clause ("refused talks, saying ..."), and the
    model decides."""
    rows = lexicon.triggers.get(token.lemma_.lower(), ())
    return any(t.event != STOP and not t.needs for t in rows)


def _through_copula(token: Token) -> Token:
    """The verb a copula carries ("is about to restore ties" -> "restore"), else the token
    ("were small ones" carries no act)."""
    if token.pos_ != "AUX":
        return token
    for below in (c for c in token.children if c.dep_ in ("acomp", "xcomp")):
        if below.pos_ == "VERB":
            return below
        verbs = [c for c in below.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
        if verbs:
            return verbs[0]
    return token


def choose_triggers(
    sent: Span,
    matches: list[tuple[Token, Trigger]],
    scores: SentenceScores,
    lexicon: Lexicon,
    settings: Settings,
) -> list[tuple[Token, Trigger]]:
    """The lexicon triggers of a sentence the model finds plausible."""
    if scores.p_event < settings.model_event:
        return []
    return [
        (t, trig)
        for t, trig in matches
        if plausible(trig.event, trig.cameo, scores, lexicon, settings)
    ]


def model_trigger(
    sent: Span,
    events: list[Event],
    scores: SentenceScores,
    lexicon: Lexicon,
    settings: Settings,
) -> tuple[Token, Trigger] | None:
    """When the model is sure of a type that no event of the sentence has, the
    sentence's main predicate as a trigger of that type (unless it already is one)."""
    top, share = joint_top(scores, lexicon)
    if scores.p_event < settings.model_event or share < settings.model_new_event:
        return None
    if any(e.event == top for e in events):
        return None  # the rules coded it (as happened or not): the model has nothing to add
    predicate = main_predicate(sent, lexicon)
    taken = {e.text_info.trigger.start for e in events if e.text_info.trigger is not None}
    if predicate is None or predicate.idx in taken:
        return None
    if any(_carrier(predicate, t.idx) for t in sent if t.idx in taken):
        return None  # "police used tear gas on protesters": the act is the rules' event
    return predicate, Trigger(
        pattern=MODEL_PATTERN,
        head=predicate.lemma_.lower(),
        needs=(),
        pos="VERB" if predicate.pos_ in ("VERB", "AUX") else "NOUN",
        event=top,
        mode="",
        cameo=lexicon.default_cameo(top),
    )


def _carrier(predicate: Token, trigger_idx: int) -> bool:
    """The predicate is a support verb of a noun trigger, its object or prepositional
    object ("used tear gas", "took part in a protest"): one act, already coded ("declined
    the request" is an act of its own)."""
    if not support_verb(predicate):
        return False
    for child in predicate.children:
        if child.dep_ in ("dobj", "attr") and child.idx == trigger_idx:
            return True
        if child.dep_ == "prep" and any(o.idx == trigger_idx for o in child.children):
            return True
    return False


def _roles(
    sent: Span,
    mentions: list[Mention],
    scores: SentenceScores,
    threshold: float,
    *,
    unknown: bool = False,
) -> tuple[list[Actor], list[Actor], str]:
    """The sentence's source and target actors according to the role head: of the
    mentions the knowledge base resolves, or (`unknown`) of the persons it lacks."""
    sources: list[Actor] = []
    targets: list[Actor] = []
    notes: list[str] = []
    doc = sent.doc
    for mention in mentions:
        if not (sent.start <= mention.start < sent.end):
            continue
        if unknown:
            actors = unknown_actors(mention)
        else:  # a person placed by the article's country alone is never made a side here
            actors = [a for a in mention.actors if a.code and not home_person(a)]
        if not actors:
            continue
        if mention.kind != "person" and is_location(doc[mention.start : mention.end].root):
            continue  # "talks in Berlin", "at the chancellery": where, not who
        if mention.kind == "adjective":
            continue  # "a murdered Pakistani star", "an Iranian plane": whose, not who
        starts = {doc[i].idx - sent.start_char for i in range(mention.start, mention.end)}
        p_source, p_target = scores.role(starts)
        text = doc[mention.start : mention.end].text
        if p_source >= threshold and p_source >= p_target:
            sources += actors
            notes.append(f"{text!r} source {p_source:.2f}")
        elif p_target >= threshold:
            targets += actors
            notes.append(f"{text!r} target {p_target:.2f}")
    return sources, targets, "; ".join(notes)


def unknown_roles(
    sent: Span, mentions: list[Mention], scores: SentenceScores, settings: Settings
) -> tuple[list[Actor], list[Actor], str]:
    """The persons the knowledge base lacks that the role head takes for the sentence's
    source and target ("Mohammed Waseem ... was sentenced by a court", parsed amiss)."""
    return _roles(sent, mentions, scores, settings.model_role, unknown=True)


def _without(actors: list[Actor], others: list[Actor]) -> list[Actor]:
    """The actors that are not among the others (`_same_side`): "Xi and Putin ... the
    two leaders" is one side, not two; "sixteen states sue President Trump" are two."""
    return [a for a in actors if not any(_same_side(a, b) for b in others)]


def _same_side(a: Actor, b: Actor) -> bool:
    """The same mention; else, in one country and sector, the same entity, a pair phrase
    ("the two leaders"), or the state itself ("Beijing" beside Xi; an agent's entity is its
    country's, "US officials", so the sector tells two agents apart)."""
    if a.start == b.start:
        return True
    pair = a.entity_text.lower() in PAIR_PHRASES or b.entity_text.lower() in PAIR_PHRASES
    same = bool(a.entity_id) and a.entity_id == b.entity_id
    state = a.entity_id == a.code or b.entity_id == b.code
    return (pair or same or state) and (a.code, a.sector) == (b.code, b.sector)


def assign_roles(
    events: list[Event],
    sent: Span,
    mentions: list[Mention],
    scores: SentenceScores,
    settings: Settings,
) -> None:
    """Sides from the role head. It fills a side the rules left empty; in the sentence's
    main event it also replaces a side the rules got backwards (an actor the role head
    takes for the target, or a recipient it takes for the source: passives, relative
    clauses, reported speech)."""
    sources, targets, notes = _roles(sent, mentions, scores, settings.model_role)
    if not sources and not targets:
        return
    top, _ = scores.top()
    main = next((e for e in events if e.event == top and e.modality == "asserted"), None)
    source_keys, target_keys = _keys(sources), _keys(targets)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for event in events:
        if event.has_reason("actor", "passive_by"):
            continue  # "X was dismissed by Y": the syntax names both sides
        # "Iran's attack", "an attack by Iran": the noun's own syntax names the doer
        named = any(event.has_reason("actor", r) for r in ("possessor", "by", "state_passive"))
        named = named or any(r.kind == "actor" and r.fields.get("support") for r in event.reasons)
        backwards = event is main and not named and bool(_keys(event.actor) & target_keys)
        # filling, the role head does not take the rules' recipient for the actor
        chosen = sources if backwards else _without(sources, event.recipient)
        if (
            event.has_reason("recipient", "undergoer")
            or event.has_reason("actor", "observer")
            or _named_doer(event, sent, taken)
        ):
            chosen = []  # "Tunisia is facing attacks" says nothing of who attacks
        speaker = event.speaker
        if event.has_reason("actor", "unnamed") and speaker is not None:
            # "according to X, six were killed": who tells of it did not do it
            chosen = [a for a in chosen if not speaker.start <= a.start < speaker.end]
        if chosen and (not event.actor or backwards):
            how = "replaces a target taken for the actor" if event.actor else "fills"
            event.actor = [replace(a, reason=f"{a.reason}; role model") for a in chosen]
            event.reasons.append(
                Reason("actor", f"actor: role model {how} ({notes})", "role_model")
            )
        wanted = _without(targets, event.actor)
        # "a protester being shot", "soldiers killed in the attack": a passive's subject
        # undergoes the act, whatever the role head says of the sentence
        passive = event.has_reason("recipient", "passive_subject")
        backwards = event is main and not passive and bool(_keys(event.recipient) & source_keys)
        if wanted and (not event.recipient or backwards):
            how = "replaces a source taken for the recipient" if event.recipient else "fills"
            event.recipient = [replace(a, reason=f"{a.reason}; role model") for a in wanted]
            text = f"recipient: role model {how} ({notes})"
            event.reasons.append(Reason("recipient", text, "role_model"))
        event.recipient = _without(event.recipient, event.actor)  # both sides: symmetric


def _named_doer(event: Event, sent: Span, taken: set[int]) -> bool:
    """The trigger's subject is there and is no actor ("officials said it killed nine":
    'it', the fire): the text says who did it, so no other mention is made the doer."""
    trigger = event.text_info.trigger
    token = sent.doc.char_span(trigger.start, trigger.end) if trigger else None
    if token is None or token.root.pos_ != "VERB":
        return False
    subjects = [c for c in token.root.children if c.dep_ == "nsubj"]
    return bool(subjects) and not any(t.i in taken for s in subjects for t in s.subtree)


def _keys(actors: list[Actor]) -> set[tuple[str, int]]:
    return {(a.code, a.start) for a in actors}


def calibrated(
    event: Event, scores: SentenceScores, lexicon: Lexicon, calibration: Calibration | None
) -> float:
    """The probability that the event's type is right: the model's raw score (p(event)
    times the type's share when the type and quad heads are taken together), mapped by
    the calibration fitted beside the model (`detente.learn.calibrate`)."""
    raw = round(scores.p_event * type_shares(scores, lexicon).get(event.event, 0.0), 3)
    return calibration(raw) if calibration is not None else raw
