"""Does the sentence assert the event? Negation, hypotheticals, future, reports.

The cues are data (coding/data/modality.tsv). We look at the trigger and the
chain of words that govern it through control, raising and complement
clauses ("are unlikely to form", "is expected to grow", "refused to sign").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from detente.coding.lexicon import Cue, Lexicon, _rows

FACTUALITY_FILE = Path(__file__).parent / "data" / "factuality.tsv"

# prepositions whose object sets the time or the occasion of the clause, not its content
ADJUNCT_PREPS = frozenset(
    {"after", "following", "before", "since", "during", "amid", "despite", "until", "throughout"}
)
GOVERNOR_DEPS = ("xcomp", "acomp", "ccomp", "pcomp", "conj", "advcl")
FINITE_TAGS = ("MD", "VBD", "VBZ", "VBP")  # tensed verb forms (Penn tags)
# the endings of inflected verbs (Penn tag -> (ending, what replaces it)), for base forms
VERB_ENDINGS = {
    "VBZ": (("es", ""), ("s", "")),
    "VBD": (("ed", ""), ("d", "")),  # "hoped": "hop", "hope"
    "VBN": (("ed", ""), ("d", "")),
    "VBG": (("ing", ""), ("ing", "e")),
}
RANK = {"negated": 0, "hypothetical": 1, "future": 2, "reported": 3}
# The grammar of modality (not vocabulary): which dependents carry which cue scope.
SCOPE_DEPS = {
    "aux": ("aux", "auxpass", "neg", "advmod", "det", "preconj", "amod"),  # on the word itself
    "mark": ("mark", "advmod"),
    "prep": ("prep", "agent", "npadvmod"),
}


@dataclass(frozen=True, slots=True)
class ModalityFinding:
    modality: str  # asserted | negated | hypothetical | future
    cue: str
    speaker: Token | None = None
    reason: str = ""
    intent: str = ""  # announce (the actor commits to it), demand (someone says it must), refuse
    condition: str = ""  # the word that makes it conditional: "if" or "unless" Y agrees
    past: str = ""  # a cue on the trigger itself that the event is past ("previously", "former")


def _content_clause(verb: Token) -> bool:
    """A "that" clause saying what a noun holds ("allegations that troops attacked",
    "claims that ..."), not a relative clause ("the attack that killed ...")."""
    marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)
    return marked and verb.head.pos_ == "NOUN"


def governors(token: Token, limit: int = 5) -> list[Token]:
    """The trigger, then the words governing it through complement chains."""
    chain = [token]
    current = token
    while len(chain) <= limit and current.head.i != current.i:
        prep = current.head
        if current.dep_ == "pcomp" and prep.dep_ == "prep" and prep.head.i != prep.i:
            current = prep.head  # "committed to proceeding", "refrained from attacking"
            chain.append(current)
            continue
        if current.dep_ == "acl" and _content_clause(current):
            current = current.head  # "allegations that troops attacked": the noun's own cue
            chain.append(current)
            continue
        if current.dep_ not in GOVERNOR_DEPS:
            break
        if current.dep_ == "conj" and any(
            c.dep_ in ("nsubj", "nsubjpass") for c in current.children
        ):
            break  # a conjunct with its own subject is its own clause
        if current.dep_ == "conj" and _finite(current) and not _finite(current.head):
            break  # a tensed conjunct ("has requested") is no part of an infinitive clause
        if current.dep_ == "ccomp" and _wh_clause(current):
            break  # "did not say who attacked": the attack is presupposed, not in scope
        if current.dep_ == "advcl" and not any(
            c.dep_ == "aux" and c.lower_ == "to" for c in current.children
        ):
            break  # only an infinitive ("sworn to fight") is governed like a complement
        current = current.head
        chain.append(current)
    if (
        current.dep_ in ("acl", "relcl")
        and _infinitive(current)
        and current.head.pos_ in ("NOUN", "PROPN")
    ):
        chain.append(current.head)  # "its threat to attack", "in order to deter"
    elif current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in ("NOUN", "PROPN"):
        chain.extend(governors(current.head, limit - 1))  # "blocked a resolution condemning X"
    adjunct = token.dep_ == "pobj" and token.head.lower_ in ADJUNCT_PREPS
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
        if adjunct:  # "sworn in following the resignation": when, not what was sworn
            return chain
        head = token.head.head if token.dep_ == "pobj" else token.head
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            chain.extend(governors(head, limit - 1))
        elif token.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN"):
            # "plans for an attack", "calls for talks", "prevented the delivery of aid"
            chain.extend(governors(head, limit - 1))
    return chain


def _infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _finite(verb: Token) -> bool:
    """A tensed verb, or one with a tensed auxiliary ("has requested", "will meet")."""
    return verb.tag_ in FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children
    )


def _wh_clause(verb: Token) -> bool:
    """A clause opened by a wh-word that is one of its arguments: a free relative or an
    embedded question ("what the law demands", "who carried out the attack"); its event
    is presupposed, so the governing verb's negation or modal does not reach it."""
    first = verb.left_edge
    return first.tag_ in ("WP", "WDT", "WRB", "WP$") and first.dep_ != "mark" and first.i < verb.i


@lru_cache(maxsize=1)
def factuality_cues(path: Path = FACTUALITY_FILE) -> dict[str, str]:
    """cue -> kind (subject, cancel, delay, question, purpose) from coding/data/factuality.tsv."""
    return {row["cue"].lower(): row["kind"] for _, row in _rows(path) if row.get("cue")}


def _is(token: Token, kind: str) -> bool:
    return factuality_cues().get(token.lower_) == kind


def _delayed(verb: Token) -> bool:
    """A bound on a negated clause ("not ... until October") says when it happens."""
    return any(c.dep_ == "prep" and _is(c, "delay") for c in verb.children)


def _negated_subject(verb: Token) -> Token | None:
    """ "No country has recognised ...", "nobody was arrested": a negative subject."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if _is(child, "subject"):
                return child
            for det in child.children:
                if det.dep_ == "det" and _is(det, "subject"):
                    return det
            # "neither US nor British authorities": the word may sit on a modifier
            for word in (t for t in child.subtree if t.i < child.i):
                if word.dep_ == "preconj" and _is(word, "subject"):
                    return word
    return None


def _noun_governor(
    node: Token, below: Token, cue: Cue | None, lexicon: Lexicon
) -> ModalityFinding | None:
    """What a noun governing the event says of it: its own cue ('threat', 'plans',
    negated by 'no'), a purpose ('in order to'), or an infinitive on a noun ('efforts
    to rebuild'), unless the noun is ranked ('the first country to recognise')."""
    if cue is not None:
        negation = next(
            (
                c
                for c in node.children
                if c.dep_ in ("det", "neg")
                and (found := _cue_for(c, lexicon, ("aux",))) is not None
                and found.modality == "negated"
            ),
            None,
        )
        if negation is not None:
            return ModalityFinding(
                "negated", negation.text, None, f"{negation.text!r} {node.text!r}"
            )
        return ModalityFinding(cue.modality, " ".join(cue.cue), None, f"governed by {node.text!r}")
    if below.dep_ not in ("acl", "relcl") or not _infinitive(below):
        return None  # "a zone to repatriate refugees", "efforts to rebuild": not done
    if _is(node, "purpose"):
        return ModalityFinding("hypothetical", node.text, None, f"purpose {node.text!r} ... to")
    if any(c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" for c in node.children):
        return None
    return ModalityFinding("hypothetical", "to", None, f"infinitive on the noun {node.text!r}")


def word_forms(token: Token) -> tuple[str, ...]:
    """The word's lemma and lower-case form, and for an inflected verb the base forms its
    ending allows: the tagger's lemma is sometimes wrong ("hopes" -> "hop")."""
    lower = token.lower_
    forms = [token.lemma_.lower(), lower]
    endings = VERB_ENDINGS.get(token.tag_, ())
    forms += [lower[: -len(end)] + add for end, add in endings if lower.endswith(end)]
    return tuple(dict.fromkeys(f for f in forms if f))


def _phrase_at(token: Token, cue: Cue) -> bool:
    words = cue.cue
    doc = token.doc
    end = token.i + len(words)
    if end > len(doc) or words[0] not in word_forms(token):
        return False
    rest = doc[token.i + 1 : end]
    return (
        tuple(t.lemma_.lower() for t in rest) == words[1:]
        or tuple(t.lower_ for t in rest) == words[1:]
    )


def _cue_for(token: Token, lexicon: Lexicon, scopes: tuple[str, ...]) -> Cue | None:
    for key in word_forms(token):
        for cue in lexicon.modality.get(key, []):
            if cue.scope in scopes and _phrase_at(token, cue):
                return cue
    return None


def find_modality(trigger: Token, lexicon: Lexicon) -> ModalityFinding:
    """The strongest modality cue on the trigger's chain, else asserted."""
    found: list[ModalityFinding] = []
    speaker: Token | None = None
    past = ""
    chain = governors(trigger)
    for depth, node in enumerate(chain):
        if depth > 0:
            below = chain[depth - 1]
            cue = _cue_for(node, lexicon, ("head",))
            if cue is not None and cue.cue == ("be",) and below.dep_ != "xcomp":
                cue = None  # only "is to visit", not "are unlikely to form"
            if node.pos_ in ("NOUN", "PROPN"):
                nominal = _noun_governor(node, below, cue, lexicon)
                if nominal is not None:
                    found.append(nominal)
                continue  # a noun's other modifiers are its own, not the event's
            if below.dep_ == "pcomp":  # "without consulting": the preposition's own cue
                marker = _cue_for(below.head, lexicon, ("mark",))
                if marker is not None:
                    why = f"preposition {below.head.text!r} on {below.text!r}"
                    found.append(ModalityFinding(marker.modality, below.head.text, None, why))
            if cue is None and below.dep_ == "advcl" and _infinitive(below):
                why = f"purpose of {node.text!r}"
                found.append(ModalityFinding("hypothetical", "to", None, why))
            if cue is not None:
                why = f"governed by {node.text!r}"
                found.append(
                    ModalityFinding(cue.modality, " ".join(cue.cue), None, why, cue.intent)
                )
        for child in node.children:
            for scope, deps in SCOPE_DEPS.items():
                cue = _cue_for(child, lexicon, (scope,)) if child.dep_ in deps else None
                if cue is not None and cue.modality == "historical" and depth == 0:
                    past = past or " ".join(cue.cue)
                following = child.nbor(1) if child.i + 1 < len(child.doc) else child
                if cue is not None and cue.modality == "negated" and _is(following, "cancel"):
                    cue = None  # "not only ... but also"
                if cue is not None and cue.modality == "negated" and _delayed(node):
                    cue = None  # "did not reconvene until October": it happens then
                if cue is not None:
                    why = f"{scope} {child.text!r} on {node.text!r}"
                    found.append(
                        ModalityFinding(cue.modality, " ".join(cue.cue), None, why, cue.intent)
                    )
            if child.dep_ == "punct" and _is(child, "question"):
                found.append(ModalityFinding("hypothetical", child.text, None, "a question"))
            if child.dep_ == "advcl" and depth == 0:  # "..., unless Y agrees": a condition
                for mark in child.children:
                    cue = _cue_for(mark, lexicon, ("mark",)) if mark.dep_ == "mark" else None
                    if cue is not None and cue.modality == "hypothetical":
                        why = f"condition {mark.text!r} on {node.text!r}"
                        found.append(ModalityFinding("conditional", mark.text, None, why))
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass"):
        # "G7 meetings usually center on politics": a habit of the predicate is generic
        for adverb in (c for c in trigger.head.children if c.dep_ == "advmod"):
            if _is(adverb, "habit"):
                why = f"subject of a habit {adverb.text!r}"
                found.append(ModalityFinding("hypothetical", adverb.text, None, why))
        # "if Pakistan's attacks resume ...": a noun subject is inside its clause's condition
        for mark in (c for c in trigger.head.children if c.dep_ == "mark"):
            cue = _cue_for(mark, lexicon, ("mark",))
            if cue is not None and cue.modality == "hypothetical":
                why = f"subject of a clause under {mark.text!r}"
                found.append(ModalityFinding("hypothetical", mark.text, None, why))
    # "no one tried to storm the base": the subject of the trigger or of the verbs whose
    # complement it is
    controllers = [trigger] + [
        node for below, node in zip(chain, chain[1:], strict=False) if below.dep_ == "xcomp"
    ]
    subject = next(
        (s for v in controllers if v.pos_ in ("VERB", "AUX") and (s := _negated_subject(v))),
        None,
    )
    if subject is not None:
        found.append(ModalityFinding("negated", subject.text, None, f"subject {subject.text!r}"))
    # Reported speech: "X said (that) ...", "according to X". The chain has
    # already climbed to the reporting verb; its subject is the speaker.
    reporter_said = False
    for below, node in zip(chain, chain[1:], strict=False):
        if below.dep_ == "ccomp" and node.pos_ in ("VERB", "AUX"):
            cue = _cue_for(node, lexicon, ("head",))
            reporter_said = cue is not None and cue.modality == "reported"
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            speaker = subjects[0] if subjects else None
            break
    for node in chain:
        for child in node.children:
            cue = _cue_for(child, lexicon, ("prep",)) if child.dep_ == "prep" else None
            if cue is not None and cue.modality == "reported":
                for grand in child.children:
                    objs = [g for g in grand.children if g.dep_ == "pobj"]
                    speaker = objs[0] if objs else speaker
    condition = next((f.cue.lower() for f in found if f.modality == "conditional"), "")
    found = [f for f in found if f.modality in RANK and f.modality != "reported"]
    if not found:
        return ModalityFinding("asserted", "", speaker, past=past)
    best = min(found, key=lambda f: RANK[f.modality])
    # "they said they would boycott": a reported "would" announces the speaker's plan.
    kinds = [f.intent for f in found if f.modality == best.modality and f.intent]
    if not kinds and best.cue == "would" and reporter_said:
        kinds = ["announce"]
    if best.modality == "negated" and any(f.intent == "announce" for f in found):
        kinds = ["refuse"]  # "will not accept": a declared refusal
    intent = kinds[0] if kinds else ""
    if intent == "demand" and not reporter_said:
        intent = ""  # "must" without a speaker is only an obligation
    modality = "hypothetical" if condition and best.modality == "future" else best.modality
    return ModalityFinding(modality, best.cue, speaker, best.reason, intent, condition, past)
