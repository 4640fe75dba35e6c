"""Code one parsed article into PLOVER events with their evidence."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from detente.actors.home import give_home_country, home_country, home_person, is_state_agent
from detente.actors.kb import KnowledgeBase
from detente.actors.mentions import Mention, find_mentions
from detente.actors.regions import give_region_country, named_regions
from detente.coding.decide import (
    MODEL_PATTERN,
    assign_roles,
    calibrated,
    choose_triggers,
    model_trigger,
    plausible,
    scores_reason,
    unknown_roles,
)
from detente.coding.lexicon import Lexicon, Trigger
from detente.coding.modality import find_modality
from detente.coding.roles import (
    DOER_OF_MODES,
    HEADLINE_KEY,
    Arguments,
    Side,
    hazard_subject,
    investigates_mishap,
    match_trigger,
    noun_arguments,
    remit,
    subject_actors,
    verb_arguments,
)
from detente.coding.sentence_model import Scorer, SentenceScores
from detente.coding.when import (
    LEDE_SENTENCES,
    EventDate,
    act_date,
    date_of,
    date_reason,
    event_date,
    lede_time,
    standing_present,
    tense,
)
from detente.coding.where import event_place, sentence_place
from detente.geo.gazetteer import Gazetteer
from detente.geo.locate import dateline, locate_events, pending_place
from detente.learn.calibrate import Calibration
from detente.records import Actor, Article, Event, Modality, Reason, TextInfo
from detente.records import Span as TextSpan
from detente.settings import Settings

# Violence, repression and protest with no named target are coded against the
# country where they happen (the PLOVER gold standard's convention), and a
# visit ("arrived in Gondor") is to the country where it happens.
PLACE_TARGETED = ("ASSAULT", "COERCE", "PROTEST")
HEADLINE = -1  # the sentence_index of events coded from the article's title
MATERIAL_QUADS = (2, 4)  # material cooperation, material conflict
# the intent kinds whose types (intents.tsv: AGREE, THREATEN, REJECT) the model can
# find on the announced act itself
SAID_KINDS = ("announce", "refuse")


@dataclass(frozen=True, slots=True)
class CodingContext:
    kb: KnowledgeBase
    lexicon: Lexicon
    settings: Settings
    scorer: Scorer | None = None  # the trained sentence model; None = rules alone
    calibration: Calibration | None = None  # raw model confidence -> probability
    gazetteer: Gazetteer | None = None  # places of events; None = not geocoded


def event_id(article: Article, sentence_index: int, trigger_start: int, event: str) -> str:
    key = f"{article.content_hash or article.id}|{sentence_index}|{trigger_start}|{event}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _contexts(trigger: Token, lexicon: Lexicon) -> list[str]:
    """Contexts signalled inside the trigger's phrase (and its governing verb's objects)."""
    found: list[str] = []
    scope = list(trigger.subtree)
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.i != trigger.i:
        scope += [c for c in trigger.head.children if c.dep_ in ("dobj", "prep")]
    for token in scope:
        context = lexicon.contexts.get(token.lemma_.lower())
        if context and context not in found:
            found.append(context)
    return found


def _confidence(trigger: Token, args: Arguments) -> float:
    """Higher for verbs and for sides resolved to a country or organisation; a side
    known only by its sector ("police", "protesters") counts for less."""
    score = 0.45 + (0.1 if trigger.pos_ == "VERB" else 0.0)
    if args.actor:
        score += 0.25 if any(a.code for a in args.actor) else 0.1
    if args.recipient:
        score += 0.2 if any(a.code for a in args.recipient) else 0.05
    return round(min(score, 1.0), 2)


def _modality(
    found: str,
    when: EventDate | None,
    published: dt.date | None,
    settings: Settings,
    *,
    past: bool = False,
) -> tuple[Modality, str]:
    """The text's modality cue, else what the event's own date says: long before
    the article is historical, after it is future (unless told in the past tense,
    which the consistency check flags instead)."""
    if found in ("negated", "hypothetical", "future"):
        return found, ""  # type: ignore[return-value]
    if when is None or published is None:
        return "asserted", ""
    if when.day is None:
        if when.basis == "cue":
            return "historical", f"cue {when.text!r} on the trigger"
        return "asserted", ""
    age = (published - when.day).days
    if when.relation == "before" and age > settings.before_days:
        return "historical", f"before a date {age} days before the article"
    if when.relation in ("on", "since") and age > settings.historical_days:
        return "historical", f"dated {age} days before the article"
    if when.relation == "on" and age < -1 and not past:
        return "future", f"dated {-age} days after the article"
    return "asserted", ""


def _speaker(token: Token | None, by_token: dict[int, Mention]) -> Actor | None:
    if token is None:
        return None
    if token.i in by_token:
        return by_token[token.i].actors[0]
    start = token.left_edge.idx
    return Actor(
        code="",
        entity_text=token.doc[token.left_edge.i : token.i + 1].text,
        start=start,
        end=token.idx + len(token.text),
        reason="speaker not resolved",
    )


def _target_the_place(args: Arguments, place: str, code: str, event: str, *, visit: bool) -> None:
    """Uncoded sides of violence or protest are of the country where it happens;
    a visit is to the country where it happens."""
    why = f"country of the place {place!r} of the {event} event"
    if visit and code in {a.code for a in args.actor}:
        return  # coming home is no visit
    if not visit and args.actor and not any(a.code for a in args.actor):  # "workers in Peru"
        args.actor = [replace(a, code=code, reason=f"{a.reason}; {why}") for a in args.actor]
        args.reasons.append(Reason("actor", f"actor: {why} -> {code}", "place"))
    if any(a.code for a in args.recipient):
        return
    if args.recipient:  # "protesters were arrested in Kyiv"
        args.recipient = [
            replace(a, code=code, reason=f"{a.reason}; {why}") for a in args.recipient
        ]
    else:
        args.recipient = [Actor(code=code, entity_text=place, name=place, reason=why)]
    args.reasons.append(Reason("recipient", f"recipient: {why} -> {code}", "place"))


def code_sentence(
    sent: Span,
    index: int,
    article: Article,
    mentions: list[Mention],
    ctx: CodingContext,
    scores: SentenceScores | None = None,
) -> list[Event]:
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    events: list[Event] = []
    consumed: set[int] = set()  # nouns already part of a verb pattern ("sign agreement")
    matches: list[tuple[Token, Trigger]] = []
    for token in sent:
        trigger = match_trigger(token, ctx.lexicon)
        if trigger is not None and token.i not in by_token:
            matches.append((token, trigger))
            if trigger.needs:
                consumed |= {c.i for c in token.subtree if c.lemma_.lower() in trigger.needs}
    rejected: set[int] = set()  # offsets of triggers the model rejects
    if scores is not None:
        chosen = choose_triggers(sent, matches, scores, ctx.lexicon, ctx.settings)
        rejected = {t.idx for t, _ in matches} - {t.idx for t, _ in chosen}
        # a rejected trigger is still coded, for the record of what did not happen:
        # only its asserted events (and what is derived from it) are dropped below
        matches = chosen + [(t, trig) for t, trig in matches if t.idx in rejected]
    # "gave 5 million dollars of aid", "a car bomb killed ...", "met for a summit": a
    # noun trigger in a verb trigger's object, subject or prepositional phrase that
    # names the same kind of event is that event.
    kinds = {token.i: trigger.event for token, trigger in matches}
    for token, trigger in matches:
        if trigger.pos == "VERB":
            for obj in (c for c in token.children if c.dep_ in ("dobj", "attr", "nsubj", "prep")):
                consumed |= {t.i for t in obj.subtree if kinds.get(t.i) == trigger.event}
    by_trigger: dict[int, Coded] = {}
    for token, trigger in matches:
        if token.i not in consumed:
            events += _code_trigger(token, trigger, sent, index, article, by_token, ctx, by_trigger)
    if scores is not None:
        events = [e for e in events if not _rejected(e, rejected, scores, ctx)]
        made = model_trigger(sent, events, scores, ctx.lexicon, ctx.settings)
        if made is not None:  # the model is sure of a type no trigger gave: the main predicate
            extra = _code_trigger(*made, sent, index, article, by_token, ctx, by_trigger)
            events += [
                e
                for e in extra
                if (made[0].idx not in rejected or e.modality == "asserted")
                and _acted_by_subject(e, scores, ctx.settings)
            ]
    _share_with_head_clause(sent, by_trigger)
    if scores is None or scores.p_event >= ctx.settings.model_event:
        events += _demands(sent, index, article, by_token, {t.i for t, _ in matches}, ctx)
    events = _one_per_trigger(_drop_repeated_intents(events))
    placeless = [e for e in events if e.place is None]
    if placeless:  # the only place the sentence names (after any dateline): less sure
        line = dateline(sent.doc.text)
        found = sentence_place(
            sent, ctx.kb, sides=frozenset(by_token), after=line[2] if line else 0
        )
        if found is not None:
            for event in placeless:
                event.place = pending_place(found.text, found.start, found.end, source="sentence")
    if scores is not None:
        assign_roles(events, sent, mentions, scores, ctx.settings)
        for event in events:
            event.confidence = calibrated(event, scores, ctx.lexicon, ctx.calibration)
            event.reasons.append(scores_reason(scores))
    for event in events:  # a person placed by the article's country alone acts for no one
        event.actor = [a for a in event.actor if not home_person(a)]
    # an event with no side the knowledge base knows ("officials", "the company") is
    # no foreign-affairs event: it cannot be counted for any country or organisation
    events = [
        e for e in events if any(a.code and not home_person(a) for a in [*e.actor, *e.recipient])
    ]
    if any(not e.actor or not e.recipient for e in events):
        roles = (
            ([], [], "") if scores is None else unknown_roles(sent, mentions, scores, ctx.settings)
        )
        _name_the_unknown(events, by_trigger.values(), roles)
    return events


def _code_trigger(
    token: Token,
    trigger: Trigger,
    sent: Span,
    index: int,
    article: Article,
    by_token: dict[int, Mention],
    ctx: CodingContext,
    by_trigger: dict[int, Coded],
) -> list[Event]:
    """The event of one trigger (with the promise, threat or demand it announces), or
    nothing when no side of it is known."""
    events: list[Event] = []
    if trigger.pos == "VERB" and hazard_subject(token, by_token):
        return []  # "the typhoon struck the Philippines": no one acted
    if trigger.pos == "NOUN" and remit(token):
        return []  # "the special envoy for Ukraine negotiations": a title, no event
    if trigger.pos == "VERB":
        args = verb_arguments(token, trigger, by_token)
    else:
        args = noun_arguments(token, by_token, doer_of=trigger.mode in DOER_OF_MODES)
    visit = trigger.mode == "visit"
    sides = frozenset(a.start for a in args.actor)
    mention = event_place(token, ctx.kb, sides=sides, visit=visit)
    if (
        mention is not None
        and mention.code
        and mention.rule == "prep"  # as before places were geocoded: the sides stay as coded
        and (trigger.event in PLACE_TARGETED or visit)
    ):
        _target_the_place(args, mention.text, mention.code, trigger.event, visit=visit)
    if not args.actor and not args.recipient:
        return []  # an event needs someone: a country, an organisation or a sector
    # "the crash was being investigated by police": no one is accused (nor by the model)
    probe = trigger.mode == "investigate" or (
        trigger.pattern == MODEL_PATTERN and trigger.event == "ACCUSE"
    )
    if probe and not any(a.code for a in args.recipient) and investigates_mishap(token):
        return []
    finding = find_modality(token, ctx.lexicon)
    said = (
        trigger.pattern == MODEL_PATTERN
        and finding.intent in SAID_KINDS
        and trigger.event in ctx.lexicon.intent_types(finding.intent)
    )
    if said:
        # the model reads "X will meet Y on Monday" as X's AGREE: the announcement is the
        # act, made when it is told, not on Monday
        why = f"the model's {trigger.event} is the {finding.intent} itself ({finding.cue!r})"
        finding = replace(finding, modality="asserted", intent="", reason=why)
    when = (
        act_date(token, published=article.published)
        if said
        else event_date(
            token,
            published=article.published,
            future=finding.modality == "future",
            past_cue=finding.past,
        )
    )
    if when is None and finding.modality in ("future", "hypothetical"):
        # a plan with no date of its own is dated by its announcement ("Yesterday
        # she said she would launch an inquiry"), not by the article
        when = act_date(token, published=article.published)
    modality, why_historical = _modality(
        finding.modality,
        when,
        article.published,
        ctx.settings,
        past=tense(token) in ("past", "past-perfect"),
    )
    scale = ctx.lexicon.scale(trigger.cameo)
    material = scale is not None and scale.quad in MATERIAL_QUADS
    standing = (
        # not in a headline or a first sentence, which tell their news in the present
        modality == "asserted" and index > 0 and material and standing_present(token)
    )
    if standing:
        modality = "hypothetical"
    reasons = [
        Reason(
            "trigger",
            f"trigger {trigger.pattern!r} ({trigger.pos}) -> {trigger.event}"
            + (f"/{trigger.mode}" if trigger.mode else "")
            + f", CAMEO {trigger.cameo}",
            "model" if trigger.pattern == MODEL_PATTERN else "lexicon",
            {"pattern": trigger.pattern, "pos": trigger.pos},
        )
    ]
    reasons += args.reasons
    if finding.modality != "asserted":
        text = f"modality {finding.modality}: cue {finding.cue!r} {finding.reason}"
        reasons.append(Reason("modality", text, "cue", {"cue": finding.cue}))
    if why_historical:
        reasons.append(Reason("modality", f"modality {modality}: {why_historical}", "date"))
    if standing:
        text = "modality hypothetical: a material act in the simple present (a state or habit)"
        reasons.append(Reason("modality", text, "tense"))
    if when is not None:
        reasons.append(date_reason(when))
    offset = sent.start_char
    trigger_span = TextSpan(token.idx, token.idx + len(token.text), token.text)
    date, date_precision = date_of(when, article.published)
    events.append(
        Event(
            id=event_id(article, index, token.idx, trigger.event),
            doc_id=article.id,
            date=date,
            event=trigger.event,
            mode=trigger.mode,
            context=_contexts(token, ctx.lexicon),
            cameo=trigger.cameo,
            quad=scale.quad if scale else 0,
            goldstein=scale.goldstein if scale else 0.0,
            actor=args.actor,
            recipient=args.recipient,
            modality=modality,
            text_info=TextInfo(
                sentence=sent.text,
                sentence_index=index,
                start=offset,
                end=sent.end_char,
                text=token.text,
                trigger=trigger_span,
            ),
            confidence=_confidence(token, args),
            reasons=reasons,
            # the words only: detente.geo.locate resolves them with the whole article in view
            place=pending_place(mention.text, mention.start, mention.end) if mention else None,
            date_precision=date_precision,
            speaker=_speaker(finding.speaker, by_token),
        )
    )
    by_trigger[token.i] = Coded(events[-1], when is not None, args)
    if finding.intent and modality in ("future", "hypothetical", "negated"):
        intent = _intent_event(
            events[-1],
            kind=finding.intent,
            # "X will withdraw unless Y ...": a threat; "X is willing to withdraw if Y ...":
            # an offer on a condition, still an offer
            threat=finding.condition == "unless",
            said=date_of(act_date(token, published=article.published), article.published),
            ctx=ctx,
        )
        if intent is not None:
            events.append(intent)
    return events


def _acted_by_subject(event: Event, scores: SentenceScores, settings: Settings) -> bool:
    """An event the model found with no trigger word is kept only when the model gives
    its type itself (not only its share among types) enough probability and the
    predicate's subject is a political actor the knowledge base knows (not a company):
    on real news, the model's events on other predicates ("the plane crashed", "the
    database lists ...") are mostly wrong."""
    if scores.p(event.event) < settings.model_new_type and not event.has_reason("announced"):
        return False
    # the subject itself names the actor ("Iranian cargo plane crashes": a plane, not Iran)
    named = any(
        r.kind == "actor" and r.rule == "subject" and r.fields.get("via") != "modifier"
        for r in event.reasons
    )
    return named and any(a.code and a.code != "MNC" and a.sector != "BUS" for a in event.actor)


def _rejected(event: Event, rejected: set[int], scores: SentenceScores, ctx: CodingContext) -> bool:
    """An asserted event from a trigger the model rejects is not output, unless it is
    the refusal, promise or threat derived from that trigger and the model finds its
    own type plausible: in "Hungary says it will not accept refugees" the model
    rejects AGREE, and the REJECT is the sentence's event."""
    trigger = event.text_info.trigger
    if event.modality != "asserted" or trigger is None or trigger.start not in rejected:
        return False
    derived = event.has_reason("announced")
    return not (derived and plausible(event.event, event.cameo, scores, ctx.lexicon, ctx.settings))


def _demands(
    sent: Span,
    index: int,
    article: Article,
    by_token: dict[int, Mention],
    triggers: set[int],
    ctx: CodingContext,
) -> list[Event]:
    """ "The Red Cross said US forces must ensure security": a reported obligation is
    the speaker's demand even when the demanded act is no event of its own."""
    found: list[Event] = []
    cues = ctx.lexicon.demand_cues
    for verb in sent:
        if verb.i in triggers or verb.pos_ != "VERB":
            continue
        if not any(c.dep_ == "aux" and c.lemma_.lower() in cues for c in verb.children):
            continue
        finding = find_modality(verb, ctx.lexicon)
        speaker = _speaker(finding.speaker, by_token)
        subjects = subject_actors(verb, by_token)
        if finding.intent != "demand" or speaker is None or not speaker.code:
            continue  # "EU says intervention must be avoided": a demand of nobody named
        info = TextInfo(
            sentence=sent.text,
            sentence_index=index,
            start=sent.start_char,
            end=sent.end_char,
            text=verb.text,
            trigger=TextSpan(verb.idx, verb.idx + len(verb.text), verb.text),
        )
        demanded = Event(
            id=event_id(article, index, verb.idx, "demand"),
            doc_id=article.id,
            date=article.published.isoformat() if article.published else "",
            event="*",
            mode="",
            context=_contexts(verb, ctx.lexicon),
            cameo="",
            quad=0,
            goldstein=0.0,
            actor=subjects,
            recipient=[],
            modality="hypothetical",
            text_info=info,
            confidence=0.7,
            reasons=[
                Reason(
                    "obligation",
                    f"obligation {finding.cue!r} on {verb.text!r} reported by "
                    f"{speaker.entity_text!r}",
                    fields={"cue": finding.cue},
                )
            ],
            speaker=speaker,
        )
        said = date_of(act_date(verb, published=article.published), article.published)
        request = _intent_event(demanded, kind="demand", threat=False, said=said, ctx=ctx)
        if request is not None:
            found.append(request)
    return found


def _intent_event(
    announced: Event,
    *,
    kind: str,
    threat: bool,
    said: tuple[str, str],
    ctx: CodingContext,
) -> Event | None:
    """An announced or demanded action is itself an event: a promise, a threat, a demand.

    PLOVER codes "Finland will give Tanzania a grant" as AGREE, "X will withdraw
    unless Y ..." or "X said it would attack" as THREATEN, "X said Y must
    withdraw" as X's REQUEST to Y, and "X will not accept refugees" as REJECT;
    the action itself stays in the data with its own modality. `said` is the
    (date, precision) of the announcement: its governing clause's, not the action's.
    """
    intent = ctx.lexicon.intent_of(kind, announced.event)
    if intent is None or (not announced.actor and kind != "demand"):
        return None
    event, cameo = intent.event, intent.cameo
    actor, recipient = list(announced.actor), list(announced.recipient)
    if kind == "demand":
        if announced.speaker is None or not announced.speaker.code:
            return None
        actor, recipient = [announced.speaker], list(announced.actor)
    elif announced.speaker is not None and announced.speaker.code not in (
        "",
        *(a.code for a in announced.actor),
    ):
        return None  # "US officials said Russia will attack": not Russia's own threat
    elif threat and kind == "announce" and event != "THREATEN":
        event, cameo = "THREATEN", "130"
    elif event == "THREATEN" and announced.event == "MOBILIZE" and _sent_to(announced):
        event, cameo = "AGREE", "031"  # "committed to send troops to Saudi Arabia": to help it
    scale = ctx.lexicon.scale(cameo)
    info = announced.text_info
    return Event(
        id=hashlib.sha1(f"{announced.id}|intent|{event}".encode()).hexdigest()[:16],
        doc_id=announced.doc_id,
        date=said[0],
        event=event,
        mode="",
        context=list(announced.context),
        cameo=cameo,
        quad=scale.quad if scale else 0,
        goldstein=scale.goldstein if scale else 0.0,
        actor=actor,
        recipient=recipient,
        modality="asserted",
        text_info=info,
        confidence=round(announced.confidence * 0.9, 2),
        reasons=[
            Reason(
                "announced",
                f"announced {announced.event} ({announced.modality}, {kind}) -> {event}, "
                f"CAMEO {cameo}",
                kind,
                {"announced": announced.event},
            )
        ]
        + announced.reasons,
        place=announced.place,
        date_precision=said[1],
        speaker=announced.speaker,
    )


def _sent_to(event: Event) -> bool:
    """Forces sent *to* a country (its recipient came from 'to'): a deployment there."""
    return event.has_reason("recipient", "prep", prep="to")


def _drop_repeated_intents(events: list[Event]) -> list[Event]:
    """An announcement already coded from its own verb ("pledged to") is not added twice."""
    kept: list[Event] = []
    for event in events:
        derived = event.has_reason("announced")
        codes = {a.code for a in event.actor}
        if derived and any(
            e.event == event.event
            and codes & {a.code for a in e.actor}
            and not e.has_reason("announced")
            for e in events
        ):
            continue
        kept.append(event)
    return kept


def _one_per_trigger(events: list[Event]) -> list[Event]:
    """One event per trigger word, type and modality: a demand found from its
    obligation cue and from its trigger ("X said Y should get out") is one REQUEST."""
    seen: set[tuple[int, str, str]] = set()
    kept: list[Event] = []
    for event in events:
        trigger = event.text_info.trigger
        key = (trigger.start if trigger else -1, event.event, event.modality)
        if trigger is None or key not in seen:
            kept.append(event)
            seen.add(key)
    return kept


def _share_with_head_clause(sent: Span, by_trigger: dict[int, Coded]) -> None:
    """A participle or conjunct clause shares its head event's time and partner.

    "Putin met with Xi in Beijing, signing an agreement": the signing happened at
    the meeting, between the same parties.
    """
    doc = sent.doc
    for i, (event, dated, _) in by_trigger.items():
        token = doc[i]
        if token.dep_ not in ("advcl", "conj") or token.head.i not in by_trigger:
            continue
        head = by_trigger[token.head.i].event
        if not dated and head.modality in ("historical", "future"):
            event.modality = head.modality
            event.date, event.date_precision = head.date, head.date_precision
            text = f"time of the head clause {head.text_info.text!r}"
            event.reasons.append(Reason("shared", text, "time"))
        if event.place is None and head.place is not None:
            event.place = head.place  # "met in Beijing, signing an agreement": there too
            event.reasons.append(
                Reason("shared", f"place of the head clause {head.text_info.text!r}", "place")
            )
        if not event.recipient and head.recipient and event.actor == head.actor:
            event.recipient = list(head.recipient)
            text = f"recipient shared with {head.text_info.text!r}"
            event.reasons.append(Reason("recipient", text, "head_clause"))


class Coded(NamedTuple):
    """A trigger's event as `_code_trigger` made it, with the arguments it was made from."""

    event: Event
    dated: bool  # the event had a date of its own
    args: Arguments


def _name_the_unknown(
    events: list[Event], coded: Iterable[Coded], roles: tuple[list[Actor], list[Actor], str]
) -> None:
    """A side left empty that names a person the knowledge base lacks ("a court
    sentenced Mohammed Waseem") names him, with no code: the reader sees who; no count
    for a country changes, and no decision above saw him. The rules' slot says who, and
    for the recipient, else the role head (`roles`: its unknown targets; its sources are
    too often who tells of the event, "X said")."""
    kept = {id(e) for e in events}
    _, targets, notes = roles
    for event, _, args in coded:
        if id(event) not in kept:
            continue
        found: dict[Side, tuple[list[Actor], str]] = dict(args.unknown)
        if "recipient" not in found and targets:
            found["recipient"] = (targets, f"role model ({notes})")
        for side, (persons, slot) in found.items():
            other = event.recipient if side == "actor" else event.actor
            persons = [a for a in persons if all(a.start != b.start for b in other)]
            if getattr(event, side) or not persons:
                continue
            setattr(event, side, persons)
            text = f"{side}: {slot} (a person the knowledge base lacks, no code)"
            event.reasons.append(Reason(side, text, "unknown_person"))


Candidate = tuple[Span, int, list[Mention]]  # a sentence, its index, the part's mentions


def candidates(
    doc: Doc, article: Article, ctx: CodingContext, *, title: Doc | None = None
) -> list[Candidate]:
    """The sentences of an article that can hold an event: those that name an actor the
    knowledge base resolves (a country, organisation, group or known person), or a
    domestic side ("police", "the army") of the country the article is about.

    "The company" or "police" alone make no foreign news; in a sentence that names a
    resolved actor they can still be a side of its events.
    """
    parts = [(title, HEADLINE)] if title is not None else []
    if title is not None:
        title.user_data[HEADLINE_KEY] = True  # headlinese: "Nine jailed" is a passive
    found = [
        (part, find_mentions(part, ctx.kb, article.published), index)
        for part, index in [*parts, (doc, 0)]
        if len(part)
    ]
    line = dateline(doc.text)
    if line is not None and found:  # "LONDON — Iran said": where it was filed, not who
        part, mentions, index = found[-1]
        found[-1] = (part, [m for m in mentions if part[m.start].idx >= line[2]], index)
    for part, mentions, _ in found:  # "Texas prosecutors" name their country as "US ..." do
        give_region_country(part, mentions, ctx.gazetteer)
    regions = [
        c for part, mentions, _ in found for c in named_regions(part, mentions, ctx.gazetteer)
    ]
    home = home_country((m for _, mentions, _ in found for m in mentions), ctx.kb, regions)

    def wanted(sent: Span, mentions: list[Mention]) -> bool:
        inside = [m for m in mentions if sent.start <= m.start < sent.end]
        if any(m.resolved for m in inside):
            return True
        # "police arrested ...": a state agent of the article's country, with a trigger
        # word (the model alone codes no event for a side the text does not name)
        return bool(home) and any(is_state_agent(m) for m in inside) and _has_trigger(sent, ctx)

    chosen = [
        (sent, HEADLINE if first == HEADLINE else offset, mentions)
        for part, mentions, first in found
        for offset, sent in enumerate(part.sents)
        if len(sent.text) <= ctx.settings.max_sentence_chars and wanted(sent, mentions)
    ]
    # only now, after the choice: a side coded with the article's country must not make
    # its sentence a candidate by itself (see `wanted`)
    for _, mentions, _ in found:
        give_home_country(mentions, home)  # "police" in an article about Kenya
    return chosen


def _has_trigger(sent: Span, ctx: CodingContext) -> bool:
    return any(match_trigger(token, ctx.lexicon) is not None for token in sent)


def code_docs(
    parsed: list[tuple[Doc, Article, Doc | None]], ctx: CodingContext
) -> list[list[Event]]:
    """All events of each parsed article (body, article, headline), every modality, in
    reading order; the model scores the candidate sentences of all of them in one batch.

    Headline events come first with sentence_index -1; their offsets index the
    title, not the text.
    """
    found = [candidates(doc, article, ctx, title=title) for doc, article, title in parsed]
    flat = [c for cands in found for c in cands]
    scores: list[SentenceScores | None] = [None] * len(flat)
    if ctx.scorer is not None and flat:
        scores = list(ctx.scorer.score([sent.text for sent, _, _ in flat]))
    out: list[list[Event]] = []
    at = 0
    for (doc, article, _), cands in zip(parsed, found, strict=True):
        events: list[Event] = []
        for sent, index, mentions in cands:
            events += code_sentence(sent, index, article, mentions, ctx, scores[at])
            at += 1
        _date_the_headline(events, doc, article)
        out.append(locate_events(events, article, kb=ctx.kb, gazetteer=ctx.gazetteer))
    return out


def _date_the_headline(events: list[Event], body: Doc, article: Article) -> None:
    """A headline ("Bomb kills six in Mokha") tells the news its lede dates ("Last night
    a bomb killed ..."): headline events with only the article's date take the past day
    the lede's first sentences tell (its first dated event's, else its verbs')."""
    headline = [
        e
        for e in events
        if e.text_info.sentence_index == HEADLINE and e.date_precision == "article"
    ]
    if not headline:
        return
    lede = next(
        (
            e
            for e in events
            if 0 <= e.text_info.sentence_index < LEDE_SENTENCES
            and e.date_precision == "day"
            and e.modality == "asserted"
        ),
        None,
    )
    dated = next((r for r in lede.reasons if r.kind == "date"), None) if lede else None
    if lede is not None and dated is not None:
        date, fields = lede.date, dated.fields
        text = f"date of the lede's {lede.event} ({lede.text_info.text!r}) -> {date}"
    else:
        when = lede_time(body, article.published, LEDE_SENTENCES)
        if when is None:
            return
        date, fields = when.iso, date_reason(when).fields
        text = f"date of the lede, {when.text!r} -> {date}"
    for event in headline:
        event.date, event.date_precision = date, "day"
        event.reasons.append(Reason("date", text, "lede", {**fields, "basis": "lede"}))
