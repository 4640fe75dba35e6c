"""Date of an event, from the words attached to its trigger (its place: `coding.where`).

An event gets its own date, not the article's: explicit dates and years
(also inside the trigger's noun phrase: "the 2014 annexation"), relative
expressions resolved against the article date ("last year", "two weeks ago",
"in March" before or after the article's month, by the tense), onsets
("since 2011") and bounds ("before 2016"); with no date, the past perfect or
a cue such as "previously" says the event is some time before the article.
The words of time expressions are data (coding/data/dates.tsv); dates the
grammar here does not know are read by dateparser. The modal verb "may" is
never read as the month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

import dateparser
from spacy.tokens import Doc, Span, Token

from detente.coding.lexicon import _rows, load_lexicon
from detente.records import Reason

DATA_FILE = Path(__file__).parent / "data" / "dates.tsv"
YEAR = re.compile(r"^(1[0-9]|20)[0-9]{2}$")
DECADE = re.compile(r"^(1[0-9]|20)[0-9]0s$")
DAY_NUMBER = re.compile(r"^([1-9]|[12][0-9]|3[01])(st|nd|rd|th)?$")
NUMBER = re.compile(r"^[0-9]{1,3}$")
MAX_STEPS = 7  # dependency steps from a date to its trigger
TENSED = ("VBD", "VBZ", "VBP")  # verb forms with a tense of their own (Penn tags)
MAX_GOVERNORS = 3  # governing clauses climbed for a reference time
NARRATIVE_SENTENCES = 5  # sentences walked back, in the simple past, for the time last set
LEDE_SENTENCES = 2  # the article's first sentences, whose past day dates its news
NEWS_SENTENCES = 5  # the sentences that tell the news (after them, background): the lede's day
CLAUSE_DEPS = ("ccomp", "advcl", "conj", "xcomp", "parataxis")  # a clause under another
REPORTING_DEPS = ("ccomp",)  # "said (that) they had ...": a backshifted tense, not a past perfect
SAME_DAY = {("that", "day"), ("the", "same", "day"), ("that", "same", "day")}  # the last day named
QUOTES = ('"', "“", "”", "'", "‘")  # before the verb: the clause is quoted speech


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as far as the text says.

    `relation` links the event to the date: on it, before it, after it, or
    since it (the onset of something that goes on). `day` is the first day
    of the period named (None when only the tense or a word such as
    "previously" says the event is past). `basis` is what the date rests on:
    an explicit or relative date expression, a cue word, the tense, or a time told
    elsewhere: on the clause that reports the event ("reference"), on a sentence
    before it ("narrative"), on the article's lede ("lede").
    """

    iso: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year | decade | before (some time before iso) | article
    relation: str  # on | before | after | since
    text: str
    day: dt.date | None
    basis: str = "date"  # date | cue | tense | reference | narrative | lede


def date_reason(when: EventDate) -> Reason:
    """The reason that dates an event; its fields are what the consistency checks read."""
    text = f"date {when.text!r} -> {when.iso} ({when.relation}, {when.precision}, {when.basis})"
    fields = {
        "text": when.text,
        "iso": when.iso,
        "relation": when.relation,
        "precision": when.precision,
        "basis": when.basis,
    }
    return Reason("date", text, when.basis, fields)


@lru_cache(maxsize=1)
def time_words(path: Path = DATA_FILE) -> dict[str, dict[str, str]]:
    """word -> {kind: value} from coding/data/dates.tsv."""
    table: dict[str, dict[str, str]] = {}
    for _, row in _rows(path):
        word, kind = row.get("word", "").lower(), row.get("kind", "")
        if word and kind:
            table.setdefault(word, {})[kind] = row.get("value", "")
    return table


def _kind(word: str, kind: str) -> str | None:
    return time_words().get(word, {}).get(kind)


def support_verb(token: Token) -> bool:
    """A verb whose object or subject is the event itself ("launched an attack", "the
    talks were held", "used tear gas"): it says when and that the event happened."""
    return _kind(token.lemma_.lower(), "occur") is not None


@lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date | None, prefer: str) -> dt.datetime | None:
    settings: dict[str, object] = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def _is_modal_may(span: Span) -> bool:
    return any(t.lower_ == "may" and t.tag_ == "MD" for t in span)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _year_for(month: int, day: int, published: dt.date, lean: str) -> int:
    """The year of a month (and day) named without one, from the tense: the last
    such date not after the article (past), the next one not before it (future),
    or the nearest one (present)."""
    here = (published.month, published.day if day else 0)
    there = (month, day)
    if lean == "future":
        return published.year if there >= here else published.year + 1
    if lean == "present":
        return min(
            (published.year - 1, published.year, published.year + 1),
            key=lambda y: abs((y - published.year) * 12 + month - published.month),
        )
    return published.year if there <= here else published.year - 1


def _weekday(weekday: int, direction: int, published: dt.date, lean: str) -> dt.date:
    if lean == "future" or direction > 0:
        ahead = (weekday - published.weekday()) % 7 or (7 if direction > 0 else 0)
        return published + dt.timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7 or (7 if direction < 0 else 0)
    return published - dt.timedelta(days=back)


def _number(word: str) -> int | None:
    if NUMBER.match(word):
        return int(word)
    value = _kind(word, "number")
    return int(value) if value else None


def resolve(
    words: list[str], published: dt.date | None, lean: str = "past"
) -> tuple[str, str, dt.date] | None:
    """(iso, precision, first day) of a time expression's words, against the
    article date; None when the words name no period we can place (recent
    weeks, two days later)."""
    kinds = [time_words().get(w, {}) for w in words]
    year = next((int(w) for w in words if YEAR.match(w)), None)
    decade = next((int(w[:4]) for w in words if DECADE.match(w)), None)
    month = next((int(k["month"]) for k in kinds if "month" in k), None)
    day = next((int(re.sub(r"\D", "", w)) for w in words if DAY_NUMBER.match(w)), 0) if month else 0
    if year is not None:
        if month and day:
            try:
                first = dt.date(year, month, day)
            except ValueError:
                return None
            return first.isoformat(), "day", first
        if month:
            return f"{year:04d}-{month:02d}", "month", dt.date(year, month, 1)
        return f"{year:04d}", "year", dt.date(year, 1, 1)
    if decade is not None:
        return f"{decade:04d}", "decade", dt.date(decade, 1, 1)
    if published is None or any("vague" in k for k in kinds):
        return None
    direction = next((int(k["direction"]) for k in kinds if "direction" in k), None)
    if month:
        try:
            first = dt.date(_year_for(month, day, published, lean), month, day or 1)
        except ValueError:
            return None
        return (first.isoformat(), "day", first) if day else (first.isoformat()[:7], "month", first)
    weekday = next((int(k["weekday"]) for k in kinds if "weekday" in k), None)
    if weekday is not None:
        first = _weekday(weekday, direction or 0, published, lean)
        return first.isoformat(), "day", first
    offset = next((int(k["offset"]) for k in kinds if "offset" in k), None)
    if offset is None and direction == -1 and any("daypart" in k for k in kinds):
        offset = -1  # "last night"
    if offset is None and any("daypart" in k for k in kinds) and direction == 0:
        offset = 0  # "this morning"
    if offset is not None:
        first = published + dt.timedelta(days=offset)
        return first.isoformat(), "day", first
    unit_at = next((i for i, k in enumerate(kinds) if "unit" in k), None)
    if unit_at is None:
        return None
    unit = kinds[unit_at]["unit"]
    if any("narrative" in k for k in kinds[unit_at + 1 :]):
        return None  # "two days later": counted from another event
    count = next((n for w in words[:unit_at] if (n := _number(w)) is not None), None)
    if any("ago" in k for k in kinds):
        if count is None:
            return None
        return _back(unit, count, published)
    if count is not None or direction is None:
        return None  # "the past two years", "the week": a span, not a date
    return _back(unit, -direction, published) if unit != "day" else None


def _back(unit: str, count: int, published: dt.date) -> tuple[str, str, dt.date] | None:
    """The period `count` units before the article (after it when negative)."""
    if unit == "day":
        first = published - dt.timedelta(days=count)
        return first.isoformat(), "day", first
    if unit in ("week", "fortnight", "weekend"):
        days = 14 * count if unit == "fortnight" else 7 * count
        if unit == "weekend":  # this/last weekend: the Saturday before (or of) the article
            back = (published.weekday() - 5) % 7 + (7 * count if count > 0 else 0)
            first = published - dt.timedelta(days=back if count >= 0 else back - 7)
        else:
            first = published - dt.timedelta(days=days)
        return first.isoformat()[:7], "month", first  # a week may straddle two months
    if unit == "month":
        first = _add_months(published.replace(day=1), -count)
        return first.isoformat()[:7], "month", first
    if unit == "year":
        return f"{published.year - count:04d}", "year", dt.date(published.year - count, 1, 1)
    if unit == "decade":
        year = published.year - 10 * count
        return f"{year:04d}", "year", dt.date(year, 1, 1)
    return None


def _clause_verb(trigger: Token) -> Token | None:
    """The verb whose tense dates the trigger: the trigger, or the verb a noun trigger
    is the subject or object of."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    head = trigger.head
    if trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.pos_ in ("VERB", "AUX"):
        return head
    if trigger.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return head.head  # "had entered into an agreement", "took part in talks"
    return None


def _auxiliaries(verb: Token) -> list[Token]:
    """A verb's auxiliaries; a conjunct with none and no subject shares its head's
    ("would meet in September and then not reconvene until October")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    while not aux and verb.dep_ == "conj" and verb.tag_ not in TENSED and verb.head.i != verb.i:
        if any(c.dep_.startswith("nsubj") for c in verb.children):
            break
        verb = verb.head
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return aux


def tense(trigger: Token) -> str:
    """past | present | future | past-perfect, from the trigger's clause."""
    verb = _clause_verb(trigger)
    if verb is None:
        return "past"
    aux = _auxiliaries(verb)
    if any(c.tag_ == "MD" and c.lemma_.lower() in ("will", "shall") for c in aux):
        return "future"
    if any(c.lemma_.lower() == "have" and c.tag_ == "VBD" for c in aux):
        return "past-perfect"
    if any(c.tag_ == "MD" for c in aux):
        # "would meet in September": the nearest September; "could have met": past
        return "past" if any(c.lemma_.lower() == "have" for c in aux) else "present"
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    if any(c.lemma_.lower() == "have" for c in aux):
        return "past"  # present perfect
    if verb.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP") for c in aux):
        return "present"
    return "past"


def standing_present(trigger: Token) -> bool:
    """The trigger's clause is in the plain simple present outside a quote ("NASA pays
    for Russian spacecraft", "the law provides protections"): in a news story's body a
    material act told so is a standing arrangement or a habit, not an event on a day
    (the headline's present is its news, and verbal acts "warns", "asks" are told so)."""
    verb = _clause_verb(trigger)
    if verb is None or verb.tag_ not in ("VBZ", "VBP") or _auxiliaries(verb):
        return False
    sent = verb.sent
    return not any(t.text in QUOTES for t in sent.doc[sent.start : verb.i])


def _relation(word: Token) -> str | None:
    return _kind(word.lower_, "relation")


def _clause_relation(verb: Token) -> str | None:
    """The relation a subordinate clause's marker gives its time: 'when', 'after'..."""
    for child in verb.children:
        if child.dep_ in ("mark", "advmod") and child.i < verb.i:
            value = _kind(child.lower_, "clause")
            if value:
                return value
    return None


def _attach(root: Token, trigger: Token) -> tuple[str, int] | None:
    """(relation, steps) when the date at `root` is attached to the trigger: directly,
    through a preposition, inside the trigger's own noun phrase, a relative clause on
    a noun trigger, or a time clause ('when ... on Monday, X said'); None when it
    belongs to an argument or another clause."""
    relation, node, steps = "on", root, 0
    through_clause = False
    while node.i != trigger.i:
        head = node.head
        if head.i == node.i or steps >= MAX_STEPS:
            return None
        if node.dep_ == "pobj" or (node.dep_ == "pcomp" and head.pos_ == "ADP"):
            found = _relation(head)
            if found is None:
                return None  # "the request of ...": not a time
            if found != "on":
                relation = found
        elif node.pos_ in ("VERB", "AUX") and node.i != root.i:
            if node.dep_ in ("relcl", "acl") and head.i == trigger.i:
                pass  # "the protests that began in 2011"
            elif node.dep_ == "advcl" and _clause_relation(node):
                found = _clause_relation(node) or "on"
                relation = found if found != "on" else relation
            elif node.dep_ == "pcomp":
                through_clause = True  # "before resuming in May": needs a bounding word
            else:
                return None  # another clause's date
        elif (
            node.i != root.i
            and node.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
            and node.dep_ not in ("npadvmod", "tmod", "pobj", "appos")
        ):
            return None  # a date inside an argument: "condemned the 2014 annexation"
        node = head
        steps += 1
    if through_clause and relation == "on":
        return None
    return relation, steps


def _occurrence_host(trigger: Token) -> Token | None:
    """The verb that says when a noun trigger happened ('the talks were held in May',
    'launched an attack on Monday'), or the head of a verb conjunct with no subject
    of its own ('gathered on Monday and clashed with police'), or the copula of 'was
    the target of an attack in 2006'."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "attr":
        copula = head.head.head
        return copula if copula.lemma_.lower() == "be" else None
    if head.i == trigger.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if trigger.pos_ in ("NOUN", "PROPN"):
        if trigger.dep_ in ("nsubj", "nsubjpass") or support_verb(head):
            return head if trigger.dep_ in ("nsubj", "nsubjpass", "dobj") else None
        return None
    if trigger.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in trigger.children):
        return head
    return None


def _candidates(trigger: Token) -> list[Span]:
    sent = trigger.sent
    spans = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or _is_modal_may(ent):
            continue
        breaks = [t.i for t in ent if "\n" in t.text]
        if breaks and breaks[-1] + 1 < ent.end:  # a dateline run into the sentence's own date
            ent = sent.doc[breaks[-1] + 1 : ent.end]
        lo, hi = sorted((ent.start_char, trigger.idx))
        if "\n" in trigger.doc.text[lo:hi] or "\n" in ent.text.strip():
            continue  # a dateline or a heading on its own line
        spans.append(ent)
    return spans


def event_date(
    trigger: Token, *, published: dt.date | None, future: bool, past_cue: str = ""
) -> EventDate | None:
    """The event's own date from the words attached to its trigger, resolved
    against the article date; else the tense's or a cue's evidence that it is
    past; None if the text says nothing."""
    verb_tense = tense(trigger)
    lean = "future" if future or verb_tense == "future" else verb_tense
    lean = "past" if lean == "past-perfect" else lean
    own = (
        _attached_date(trigger, published, lean)
        or _head_clause_date(trigger, published, lean)
        or _conjunct_date(trigger, published, lean)
    )
    if own is not None or published is None:
        return own
    governor = _nonfinite_governor(trigger)
    if governor is not None:  # "had been allied with them in fighting ISIS": the clause's time
        found = event_date(governor, published=published, future=future, past_cue=past_cue)
        # its own date or tense, not the story's narrative time (which a participle may leave)
        return found if found is not None and found.basis in ("date", "tense", "cue") else None
    if past_cue:
        return _before(published, past_cue, "cue")
    if verb_tense == "past-perfect" and not _reported(trigger):
        return _before(published, "past perfect", "tense")
    if verb_tense == "past-perfect":
        # "On Tuesday Trump announced he had asked for Bolton's resignation": done before
        # the day of the report, on a day it does not tell
        report = _report_day(trigger, published)
        return None if report is None else _before(report.day or published, "past perfect", "tense")
    if not future and _simple_past(trigger):
        return reference_time(trigger, published)
    if not future and _present_perfect(trigger):
        # "China, Iran and Russia have pledged funds": done by now (or by the day of the
        # report: "Yesterday the ministry said rebels have attacked"), on a day not told
        report = _report_day(trigger, published)
        bound = report.day if report is not None and report.day is not None else published
        return _before(bound, "present perfect", "tense")
    if verb_tense == "present" and (told := _told_by(trigger)) is not None:
        # '"We warn the Saudis", Saree said (yesterday)': the day of the saying
        return _told_on(told, published) or reference_time(told, published)
    return None


def _sentence_number(sent: Span, most: int) -> int:
    """How many sentences of its document come before the sentence (counted up to `most`)."""
    starts = (t for t in sent.doc[: sent.start] if t.is_sent_start)
    return len(list(islice(starts, most)))


def _before(bound: dt.date, text: str, basis: str) -> EventDate:
    """Done by `bound`, on a day the text does not tell."""
    return EventDate(bound.isoformat(), "before", "before", text, None, basis)


def _conjunct_date(trigger: Token, published: dt.date | None, lean: str) -> EventDate | None:
    """ "police fired and landed a round on a protester yesterday": a date after coordinated
    verbs that share a subject dates each of them."""
    if trigger.pos_ != "VERB":
        return None
    for conj in (c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        if not any(c.dep_.startswith("nsubj") for c in conj.children):
            found = _attached_date(conj, published, lean)
            if found is not None and found.relation == "on":
                return found
    return None


def _nonfinite_governor(trigger: Token) -> Token | None:
    """The finite verb a participle or gerund with no subject or auxiliary of its own
    hangs from ("allied with them in fighting ISIS", "attacked the base, killing six")."""
    if trigger.tag_ not in ("VBG", "VBN") or any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in trigger.children
    ):
        return None
    head = trigger.head
    if trigger.dep_ == "pcomp" and head.lower_ in ("in", "by", "while", "on"):
        head = head.head  # not "sentenced for torturing", "accused of attacking": before
    elif trigger.dep_ not in ("advcl", "xcomp"):
        return None
    return head if head.pos_ in ("VERB", "AUX") and head.i != trigger.i else None


def _told_by(trigger: Token) -> Token | None:
    """The simple-past verb of saying that reports the trigger's present-tense clause: a
    quote's "we warn" happened when it was said."""
    verb = _clause_verb(trigger) or trigger
    reporting = load_lexicon().reporting_verbs
    for node in _governing_verbs(verb):
        if node.lemma_.lower() in reporting and _simple_past(node):
            return node
    return None


def _head_clause_date(trigger: Token, published: dt.date | None, lean: str) -> EventDate | None:
    """ "was killed in June 1968 while seeking the nomination": a participle clause, or a
    time clause with no subject of its own, happens when the clause it modifies does."""
    verb = _clause_verb(trigger) or trigger
    if verb.dep_ != "advcl" or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_.startswith("nsubj") for c in verb.children):
        return None
    found = _attached_date(verb.head, published, lean)
    return found if found is not None and found.relation == "on" else None


def _attached_date(trigger: Token, published: dt.date | None, lean: str) -> EventDate | None:
    """The date expression attached to the trigger (or to the clause a noun trigger
    happens in), resolved against the article date: the closest one that resolves
    ("Yesterday afternoon": "afternoon" alone names no day)."""
    host = _occurrence_host(trigger)
    attached: list[tuple[int, str, Span]] = []
    for ent in _candidates(trigger):
        found = _attach(ent.root, trigger)
        if found is None and host is not None:
            inherited = _attach(ent.root, host)
            found = (inherited[0], inherited[1] + 1) if inherited else None
        if found is not None:
            attached.append((found[1], found[0], ent))
    for _, relation, ent in sorted(attached, key=lambda a: a[0]):
        resolved = _resolve_span(ent, published, lean) or _same_day(ent, published, lean)
        if resolved is not None:
            iso, precision, day = resolved
            return EventDate(iso, precision, relation, ent.text.strip(), day)
    return None


def _resolve_span(
    ent: Span, published: dt.date | None, lean: str
) -> tuple[str, str, dt.date] | None:
    words = [t.lower_.strip(".") for t in ent if not t.is_space and not t.is_punct]
    if len(words) == 2 and _number(words[0]) is not None and _kind(words[1], "unit"):
        return None  # "spent 15 years fighting": how long, not when ("15 years ago" resolves)
    resolved = None
    # "shortly before midnight Wednesday night": the longest tail that names a time
    for start in range(min(len(words) - 1, 3) + 1):
        try:
            resolved = resolve(words[start:], published, lean)
        except (OverflowError, ValueError):  # a period before year 1 or after 9999
            resolved = None
        if resolved is not None:
            break
    if resolved is None and published is not None and any(c.isdigit() for c in ent.text):
        parsed = _parse(ent.text, published, "future" if lean == "future" else "past")
        if parsed is not None:
            resolved = (parsed.date().isoformat(), "day", parsed.date())
    return resolved


def _same_day(ent: Span, published: dt.date | None, lean: str) -> tuple[str, str, dt.date] | None:
    """ "that day", "the same day": the last day named before it, in its sentence or the
    one before ("On Friday, ... said an attack that day ...")."""
    words = tuple(t.lower_ for t in ent if not t.is_punct)
    if words not in SAME_DAY:
        return None
    sent = ent.sent
    first = sent.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    before = [e for e in sent.doc[first : ent.start].ents if e.label_ == "DATE"]
    for earlier in reversed(before):
        resolved = _resolve_span(earlier, published, lean)
        if resolved is not None and resolved[1] == "day":
            return resolved
    return None


def _simple_past(trigger: Token) -> bool:
    """The trigger's clause is in the simple past ("struck", "was not stormed"): a
    narrative tense, told at a reference time (not the perfect, not a modal)."""
    verb = _clause_verb(trigger)
    if verb is None:
        return False
    aux = _auxiliaries(verb)
    if any(c.tag_ == "MD" or c.lemma_.lower() == "have" for c in aux):
        return False
    return verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux)


def _present_perfect(trigger: Token) -> bool:
    """The trigger's clause is in the present perfect ("has seized", "have been killed"),
    or is a perfect infinitive ("is said to have been injured"): done by now."""
    verb = _clause_verb(trigger)
    if verb is None or verb.tag_ != "VBN":
        return False
    aux = _auxiliaries(verb)
    have = [c for c in aux if c.lemma_.lower() == "have"]
    if not have or any(c.tag_ == "MD" for c in aux):
        return False
    infinitive = have[0].tag_ == "VB" and any(c.tag_ == "TO" for c in aux)
    return have[0].tag_ in ("VBZ", "VBP") or infinitive


def _governing_verbs(verb: Token) -> list[Token]:
    """The verbs of the clauses that govern a clause: a reporting verb, a main clause."""
    found: list[Token] = []
    node = verb
    while len(found) < MAX_GOVERNORS and node.dep_ in CLAUSE_DEPS and node.head.i != node.i:
        node = node.head
        if node.pos_ not in ("VERB", "AUX"):
            break
        found.append(node)
    return found


def _told_on(verb: Token, published: dt.date, basis: str = "reference") -> EventDate | None:
    """A past date on a verb, as the reference time of what it governs ("reference"),
    of the sentences that follow ("narrative") or of the article's news ("lede")."""
    found = _attached_date(verb, published, "past")
    if found is None or found.relation != "on" or found.day is None or found.day > published:
        return None
    return EventDate(found.iso, found.precision, "on", found.text, found.day, basis)


def _report_day(trigger: Token, published: dt.date) -> EventDate | None:
    """The past day on a clause that reports the trigger's clause, if one names it."""
    verb = _clause_verb(trigger) or trigger
    for node in _governing_verbs(verb):
        if _simple_past(node) and (found := _told_on(node, published)) is not None:
            return found
    return None


def reference_time(trigger: Token, published: dt.date) -> EventDate | None:
    """The time a past event with no date of its own is told at: the date on a past
    clause that governs it ("Yesterday X said Y attacked ..."), else the date on the
    previous sentence's main clause ("On Thursday the court ruled ... It issued a
    judgement ...") -- news tells a story in the simple past from the time it set last."""
    found = _report_day(trigger, published)
    if found is not None:
        return found
    sent = trigger.sent
    if sent.start == 0:
        return None
    # the sentences before, back to the last one that set a time, while they go on in
    # the simple past ("On Thursday the court ruled ... It said ... It issued ...")
    doc = trigger.doc
    previous = doc[sent.start - 1].sent
    for _ in range(NARRATIVE_SENTENCES):
        root = previous.root
        if root.pos_ not in ("VERB", "AUX") or not _simple_past(root):
            break
        found = _told_on(root, published, "narrative")
        if found is not None:
            return found
        if previous.start == 0:
            break
        previous = doc[previous.start - 1].sent
    # else, in the sentences that tell the news, the day the article's lede tells it on
    # (a news story's past is its day); deeper in the story, which turns to background,
    # a past event is only known to be past ("Turkey sentenced two smugglers ..." may be
    # of any earlier year)
    if _sentence_number(sent, NEWS_SENTENCES) < NEWS_SENTENCES:
        return lede_time(doc, published, LEDE_SENTENCES)
    return _before(published, "simple past", "tense")


def lede_time(doc: Doc, published: dt.date | None, sentences: int) -> EventDate | None:
    """The past day the article's first sentences tell their news on ("Yesterday, oil
    facilities were hit ...", "A car bomb was on Monday rammed into ..."): the date of a
    headline's news."""
    if published is None:
        return None
    for sent in islice(doc.sents, sentences):  # called for each undated past event
        for token in sent:
            if token.pos_ in ("VERB", "AUX") and _simple_past(token):
                found = _told_on(token, published, "lede")
                if found is not None and found.precision == "day":
                    return found
    return None


def act_date(trigger: Token, *, published: dt.date | None) -> EventDate | None:
    """When an announcement or a demand about the trigger's event was made: the date
    of the clause that governs the trigger (the reporting or pledging verb: "On Monday
    X said Y must withdraw"), or that clause's reference time; None when nothing
    governs the trigger ("X will attack": announced on the article's day)."""
    if published is None:
        return None
    verb = _clause_verb(trigger) or trigger
    for node in _governing_verbs(verb):
        found = _attached_date(node, published, "past")
        if found is not None and found.relation == "on":
            return found
        if _simple_past(node):
            return reference_time(node, published)
        if _present_perfect(node):  # "Bolsonaro has said the Amazon should be opened"
            return _before(published, node.text, "tense")
    return None


def _reported(trigger: Token) -> bool:
    verb = _clause_verb(trigger)
    return verb is not None and verb.dep_ in REPORTING_DEPS


def date_of(when: EventDate | None, published: dt.date | None) -> tuple[str, str]:
    """(date, date_precision) of an event: its own date when it happened on or since
    it, the bound it happened before when that is past, else the article's."""
    article = (published.isoformat() if published else "", "article")
    if when is None or when.relation == "after":
        return article
    if when.relation in ("on", "since"):
        return when.iso, when.precision
    if when.day is None or (published is not None and when.day < published):
        return when.iso, "before"
    return article
