"""Triggers and their arguments along dependency paths.

A trigger is a token whose lemma (with the dependents its pattern needs)
is in the lexicon. Its actor and recipient are found along the parse:
subject and object, passive "by", prepositional phrases, coordination,
and control or raising verbs ("is set to meet" takes the subject of "set").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from spacy.tokens import Doc, Token

from detente.actors.home import home_person
from detente.actors.mentions import NUMERIC_ENTITIES, UNKNOWN_PERSON, Mention
from detente.coding.lexicon import STOP, Lexicon, Trigger, load_lexicon
from detente.coding.modality import factuality_cues, word_forms
from detente.coding.when import support_verb
from detente.records import Actor, Reason

SUBJECT_DEPS = ("nsubj", "csubj")
NOUN_TAGS = ("NOUN", "PROPN", "PRON")
HEADLINE_KEY = "detente_headline"  # Doc.user_data flag: the Doc is an article's title
HEADLINE_VERB_DEPS = ("ROOT", "acl", "conj", "ccomp")  # where a headline's participle stands
CLIMB_DEPS = ("xcomp", "conj", "advcl", "acomp", "ccomp", "pcomp")
RECIPIENT_PREPS = (
    "with",
    "to",
    "against",
    "on",
    "at",
    "toward",
    "towards",
    "into",
    "for",
    "from",
    "over",
    "upon",
)
# Verbs whose subject undergoes the event named by their object: "Tunisia is facing
# terrorist attacks", "the army suffered heavy losses" -- the subject is the target.
UNDERGO_VERBS = frozenset(
    {"face", "suffer", "endure", "experience", "undergo", "sustain", "survive", "withstand"}
    # "three soldiers died in the attack": who dies in it is its target
    | {"die", "perish"}
)
# Verbs whose subject only tells of or judges the event named by their object: "officials
# described the casualties of Monday's attack", "Iran condemned the attack" -- the subject
# is not the doer.
OBSERVE_VERBS = frozenset(
    {"report", "describe", "recount", "recall", "mention", "cite", "detail", "document"}
    | {"condemn", "denounce", "criticise", "criticize", "decry", "deplore", "blame"}
    | {"welcome", "praise", "hail", "applaud", "mourn", "commemorate", "remember", "mark"}
    | {"investigate", "probe", "witness", "confirm", "discuss", "fear", "see", "watch"}
    | {"attribute", "call", "label", "dub", "brand", "term", "find", "rule", "deem", "judge"}
    | {"attack", "slam", "blast", "reject", "oppose", "dismiss", "question", "challenge"}
    | {"publish", "release", "leak", "reveal", "disclose", "deny", "admit", "acknowledge"}
)
# Passives that state what their subject is or does ("Vietnam is committed to opening
# up", "the US had been allied with the Kurds"): the subject is the doer.
STATE_PASSIVES = frozenset(
    {"commit", "determine", "prepare", "ally", "align", "engage", "involve", "dedicate"}
)
NP_DEPS = ("compound", "amod", "poss", "nmod", "appos", "det", "nummod")
PERSON_FIRST = {
    "person": 0,
    "agent": 1,
    "pair": 1,
    "org": 2,
    "group": 2,
    "institution": 2,
    "country": 3,
    "capital": 3,
    "adjective": 4,
}


PLACE = "place"  # How.via of a capital that names where ("the Kabul car bombing")
Side = Literal["actor", "recipient"]


@dataclass(frozen=True, slots=True)
class How:
    """How a noun phrase gave its actors: the mention itself ("mention"), a resolved
    modifier inside it ("modifier"), the members of a group ("member"), or a capital
    that names where (`PLACE`)."""

    via: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(slots=True)
class Arguments:
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    # persons the knowledge base lacks that a side's slot names, with the slot: they
    # take no part in the coder's decisions and fill the side only when it stays empty
    unknown: dict[Side, tuple[list[Actor], str]] = field(default_factory=dict)

    def name_unknown(self, side: Side, found: list[Actor], slot: str) -> bool:
        named = self.unknown.get("actor", ([], ""))[0]
        found = [a for a in found if all(a.start != b.start for b in [*self.actor, *named])]
        if found:
            self.unknown[side] = (found, slot)
        return bool(found)

    def found(
        self,
        side: Literal["actor", "recipient"],
        text: str,
        rule: str,
        how: How | None,
        **fields: str,
    ) -> None:
        """Record why `side` was filled: by which rule, through which kind of phrase."""
        via = {"via": how.via} if how else {}
        self.reasons.append(Reason(side, f"{side}: {text}", rule, via | fields))


def pos_class(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return token.pos_


def _lemmas_of(token: Token) -> set[str]:
    """A word's lemma, "ceasefire" for "cease-fire", and "money" for sums of money."""
    found = {token.lemma_.lower()}
    for child in token.children:
        if child.dep_ == "compound" and child.i + 2 == token.i and child.nbor(1).text == "-":
            found.add(child.lemma_.lower() + token.lemma_.lower())
    if token.ent_type_ == "MONEY":
        found.add("money")
    return found


def _dependent_lemmas(token: Token) -> set[str]:
    found: set[str] = set()
    for child in token.children:
        found |= _lemmas_of(child)
        if child.dep_ in ("dobj", "prep", "attr", "prt", "xcomp", "nsubjpass", "pobj"):
            for grandchild in child.children:
                if grandchild.dep_ in ("compound", "amod", "pobj", "prt", "dobj", "nummod"):
                    found |= _lemmas_of(grandchild)
    found.discard(token.lemma_.lower())
    return found


def match_trigger(token: Token, lexicon: Lexicon) -> Trigger | None:
    """The lexicon's trigger for the word, None when it is none or a stop pattern."""
    trigger = lexicon_row(token, lexicon)
    return None if trigger is None or trigger.event == STOP else trigger


def lexicon_row(token: Token, lexicon: Lexicon) -> Trigger | None:
    """The most specific lexicon row the word matches, stop patterns included
    ("declined to comment", "returned from a tour": no event)."""
    pos = pos_class(token)
    if pos not in ("VERB", "NOUN") or token.ent_type_ in NUMERIC_ENTITIES:
        return None  # "in March" is a month, not a march
    lemmas: set[str] | None = None
    for head in sorted(_lemmas_of(token) - {"money"}, key=len, reverse=True):
        for trigger in lexicon.triggers.get(head, ()):  # most specific first
            if lemmas is None:
                lemmas = _dependent_lemmas(token)
            if trigger.pos == pos and all(need in lemmas for need in trigger.needs):
                if (
                    _transitive_demo(token, trigger)
                    or (not trigger.needs and wish(token))
                    or _predicate_noun(token)
                ):
                    return None
                return trigger
    return None


def _transitive_demo(token: Token, trigger: Trigger) -> bool:
    """ "demonstrated a shocking ignorance", "rallied its troops": a protest verb
    (demonstrate, march, rally) with a direct object is not a protest."""
    return (
        trigger.event == "PROTEST"
        and trigger.mode == "demo"
        and trigger.pos == "VERB"
        and not trigger.needs
        and any(c.dep_ == "dobj" for c in token.children)
    )


def _predicate_noun(token: Token) -> bool:
    """ "The government is a far greater threat": a noun that says what its subject is
    characterises it; no event happens ("there was an attack" does happen)."""
    head = token.head
    return (
        token.dep_ == "attr"
        and head.lemma_.lower() == "be"
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        and not any(c.dep_ == "expl" for c in head.children)
    )


def _cue_kind(word: Token) -> str | None:
    """The factuality kind of a word's lemma (coding/data/factuality.tsv): hazard, mishap,
    office, ..."""
    return factuality_cues().get(word.lemma_.lower())


def _passive_agents(verb: Token) -> list[Token]:
    """The objects of a passive's "by" ("killed by his lions")."""
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


# verbs of accidents ("the plane crashed"); "storm" and "fire" are also acts of war
MISHAP_VERBS = frozenset({"crash", "collapse", "sink", "capsize", "derail", "overturn"})


def hazard_subject(verb: Token, by_token: dict[int, Mention]) -> bool:
    """The verb's subject (or passive agent) is a natural or accidental force, or an
    animal, that no actor wields ("Typhoon Phanfone strikes the Philippines", "the fire
    killed nine", "killed by his lions"; not "Israeli fire killed two", where an actor
    fires), or an agentless passive's mishap ("seven were killed when a bomber crashed")."""
    agents = _passive_agents(verb)
    for subject in [c for c in verb.children if c.dep_ == "nsubj"] + agents:
        words = list(subject.subtree)
        if any(w.i in by_token and by_token[w.i].resolved for w in words):
            return False
        if any(_cue_kind(w) == "hazard" for w in words):
            return True
    # "seven were killed when a bomber crashed": an agentless passive caused by a mishap
    if agents or not any(c.dep_ == "nsubjpass" for c in verb.children):
        return False
    clauses = (c for c in verb.subtree if c.dep_ in ("advcl", "relcl") and c.pos_ == "VERB")
    for clause in clauses:  # "when a bomber crashed", attached to the verb or its time
        subjects = [w for c in clause.children if c.dep_.startswith("nsubj") for w in c.subtree]
        nouns = [w for w in subjects if w.pos_ in ("NOUN", "PROPN")]
        if clause.lemma_.lower() in MISHAP_VERBS or any(_cue_kind(w) == "hazard" for w in nouns):
            return True
    return False


def investigates_mishap(trigger: Token) -> bool:
    """An investigation into an accident or a death, not into anyone ("the crash was being
    investigated", "investigating the conditions leading up to his death", "investigates
    the disappearance of a ship")."""
    looked_into = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    looked_into += [o for _, o in _prep_objects(trigger, ("into", "of"))]
    for noun in looked_into:
        words = [noun, *(o for p in noun.children if p.dep_ == "prep" for o in p.children)]
        words += [w for w in noun.subtree if w.dep_ == "pobj" and w.head.lower_ in ("to", "of")]
        if any(_cue_kind(w) in ("hazard", "mishap") for w in words):
            return True
    return False


def remit(noun: Token) -> bool:
    """An event noun that names an office's remit, part of a title: "the special envoy
    for Ukraine negotiations", "the UN rapporteur on executions", "the sanctions envoy"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("for", "on", "of"):
        head = head.head
    elif noun.dep_ != "compound":
        return False
    return head.i != noun.i and _cue_kind(head) == "office"


def wish(token: Token) -> bool:
    """ "seeks to rebuild ties", "wants to join": a verb of wanting or trying with an
    infinitive and no object states an intention; the wanted act is coded (not asserted)
    from its own trigger, the wish is no event of its own."""
    return (
        any(factuality_cues().get(f) == "wish" for f in word_forms(token))
        and any(c.dep_ == "xcomp" for c in token.children)
        and not any(c.dep_ in ("dobj", "dative") for c in token.children)
    )


def _np_tokens(token: Token) -> list[Token]:
    """The token and its noun-phrase modifiers, including an "of" complement."""
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            take = (
                child.dep_ in NP_DEPS
                or (child.dep_ == "prep" and child.lower_ == "of" and current.i == token.i)
                or (child.dep_ == "pobj" and current.dep_ == "prep")
            )
            if take:
                out.append(child)
                stack.append(child)
    return out


def actors_of(
    token: Token, by_token: dict[int, Mention], *, guess: bool = False
) -> tuple[list[Actor], How | None]:
    """The actors a noun phrase headed by `token` refers to, with how they were found
    (with `guess`, also a person coded with the article's country alone, `home_person`)."""
    if token.i in by_token and (guess or not _guessed(by_token[token.i])):
        mention = by_token[token.i]
        vague = all(not a.code and a.sector in ("", "UNK") for a in mention.actors)
        inner = [o for _, o in _prep_objects(token, ("of",))] if vague else []
        if inner:  # "a small group of protesters": the protesters
            members, how = actors_of(inner[0], by_token)
            if members:
                return members, How("member", f"{how} of {token.text!r}")
        named = [a for a in mention.actors if a.code or a.sector]
        if named or mention.kind != "person":
            return named, How("mention", f"mention {mention.kind}")
        # a person the knowledge base does not know: the phrase around the name may say
        # whom he stands for ("Jennifer Lu of Marriage Equality Coalition Taiwan")
    found: list[Mention] = []
    for t in _np_tokens(token):
        if t.i in by_token and by_token[t.i] not in found:
            found.append(by_token[t.i])
    found = [m for m in found if m.resolved and (guess or not _guessed(m))]
    if not found:
        return [], None
    found.sort(key=lambda m: PERSON_FIRST.get(m.kind, 5))
    best = found[0]
    actors = [a for a in best.actors if a.code]
    doc = token.doc
    if names_where(best, doc):
        # "the Paris police headquarters", "the Moscow metro": a place in the country,
        # not its government (as "Tehran's support" or "Moscow said" are); what happens
        # there happens to the country, and "a Kabul car bombing" is by no one named
        why = "a capital naming where, not the government"
        actors = [replace(a, sector="", reason=f"{a.reason}; {why}") for a in actors]
        return actors, How(PLACE, f"modifier {best.kind} (where)")
    # "Hungarian and Romanian officials": the coordinated modifiers count too.
    for conj in doc[best.end - 1].conjuncts:
        other = by_token.get(conj.i)
        if other is not None and other is not best:
            actors += [a for a in other.actors if a.code and a.code not in {b.code for b in actors}]
    return actors, How("modifier", f"modifier {best.kind}")


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        for t in (token, *token.conjuncts):
            if t not in out:
                out.append(t)
    return out


def _guessed(mention: Mention) -> bool:
    return bool(mention.actors) and all(home_person(a) for a in mention.actors)


def names_where(mention: Mention, doc: Doc) -> bool:
    """A capital before a noun ("the Paris police headquarters", "a Kabul car bombing"):
    where, not the government."""
    return mention.kind == "capital" and doc[mention.end - 1].dep_ == "compound"


def unknown_actors(mention: Mention) -> list[Actor]:
    """A mention of a person the knowledge base lacks, as sides with no code (a country
    guessed from the article dropped); none for any other mention."""
    if mention.kind != "person":
        return []
    return [
        replace(a, code="", reason=UNKNOWN_PERSON)
        for a in mention.actors
        if not a.sector and (not a.code or home_person(a))
    ]


def unknown_persons(tokens: list[Token], by_token: dict[int, Mention]) -> list[Actor]:
    """The persons the knowledge base lacks that the phrases name (`unknown_actors`)."""
    found: list[Actor] = []
    for token in _with_conjuncts(tokens):
        mention = by_token.get(token.i)
        for actor in [] if mention is None else unknown_actors(mention):
            if all(actor.start != a.start for a in found):
                found.append(actor)
    return found


def _collect(
    tokens: list[Token], by_token: dict[int, Mention], *, guess: bool = False
) -> tuple[list[Actor], How | None]:
    actors: list[Actor] = []
    how: How | None = None
    for token in _with_conjuncts(tokens):
        found, why = actors_of(token, by_token, guess=guess)
        for actor in found:
            if all(actor.start != a.start or actor.code != a.code for a in actors):
                actors.append(actor)
        how = how or why
    return actors, how


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], str, str]:
    """(who does it, the rule that found them, the path as text) for a verb, climbing
    control chains. Rules: subject, passive_by, raising, state_passive, object_of_governor,
    modified_noun, unnamed (an agentless passive told by someone)."""
    agents = _passive_agents(verb)
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    headline = headline_passive(verb)
    if subjects and not headline:
        return subjects, "subject", f"nsubj of {verb.text!r}"
    if agents:
        return agents, "passive_by", f"passive 'by' of {verb.text!r}"
    if headline and _reported(verb):  # "Trump says bin Laden's son killed"
        return [], "unnamed", f"headline passive {verb.text!r} told by a reporter: no doer"
    if headline:
        return [], "", ""  # "Nine jailed over abuse": who jailed them is not said
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive and {verb.lemma_, verb.lower_} & load_lexicon().raising_verbs:
        return passive, "raising", f"subject of raising verb {verb.text!r}"
    if passive and verb.lemma_.lower() in STATE_PASSIVES:
        return passive, "state_passive", f"subject of {verb.text!r}, a state of its own"
    if (passive or _bare_participle(verb)) and _reported(verb):
        # "the minister said twenty people have been (confirmed) killed": an agentless
        # passive names no actor, and the one who reports it did not do it
        return [], "unnamed", f"agentless passive {verb.text!r} told by a reporter: no doer"
    governor = verb.head.head
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("for", "of", "over"):
        # "sentenced X for torturing", "accused X of attacking": X did it
        objects = [c for c in governor.children if c.dep_ == "dobj"]
        if governor.pos_ == "VERB" and objects:
            path = f"object of {governor.text!r} {verb.head.lower_} {verb.text!r}"
            return objects, "object_of_governor", path
    marks = [c for c in verb.children if c.dep_ == "mark" and c.i < verb.i]
    finite_clause = verb.dep_ == "advcl" and verb.tag_ in ("VBD", "VBZ", "VBP") and bool(marks)
    if finite_clause:
        # "after Theresa May stepped down" parsed with "May" elsewhere: a finite clause has
        # its own subject, the last noun between its marker and its verb
        nouns = [t for t in verb.doc[marks[0].i + 1 : verb.i] if t.pos_ in NOUN_TAGS]
        return nouns[-1:], "subject", f"subject of the clause {marks[0].text!r} ... {verb.text!r}"
    if depth < 4 and verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i:
        found, rule, path = _subjects(verb.head, depth + 1)
        return found, rule, f"{path} via {verb.dep_}"
    if verb.dep_ in ("acl", "relcl") and verb.head.i != verb.i and not _passive_modifier(verb):
        return [verb.head], "modified_noun", f"noun modified by {verb.text!r}"
    return [], "", ""


def _passive_modifier(verb: Token) -> bool:
    """ "protesters who were arrested", "a protester being shot", "five people killed in
    the blast": the noun a passive clause modifies undergoes the act, it does not do it.
    A bare participle on a noun that is the sentence's root is the parser's misreading of
    a finite verb ("An official newspaper called on Arabs to unite")."""
    return verb.dep_ in ("acl", "relcl") and (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        or (verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ != "ROOT")
        or headline_passive(verb)
    )


def _reported(verb: Token) -> bool:
    """The clause is governed, through complements, by a verb of saying, or told
    "according to" someone."""
    reporting = load_lexicon().reporting_verbs
    current = verb
    for _ in range(4):
        if any(c.dep_ == "prep" and c.lower_ == "according" for c in current.children):
            return True  # "according to the president, six were killed"
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            return False
        current = current.head
        if current.lemma_.lower() in reporting:
            return True
    return False


def headline_passive(verb: Token) -> bool:
    """A headline's bare participle is a passive ("Doctor sentenced to 40 years", "Nine
    jailed over abuse"): its subject, or the noun it modifies, undergoes the act."""
    if not verb.doc.user_data.get(HEADLINE_KEY) or verb.dep_ not in HEADLINE_VERB_DEPS:
        return False
    # headlines tell news in the present: a past form with no object is the participle the
    # parser misread ("Trump says bin Laden's son killed")
    misread = verb.tag_ == "VBD" and not any(
        c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children
    )
    return _unaided_participle(verb) or misread


def _bare_participle(verb: Token) -> bool:
    """A past participle complement with no auxiliary: "(were) confirmed killed"."""
    return verb.dep_ == "xcomp" and _unaided_participle(verb)


def _unaided_participle(verb: Token) -> bool:
    """A past participle with no auxiliary of its own."""
    return verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _prep_objects(token: Token, preps: tuple[str, ...]) -> list[tuple[str, Token]]:
    return [
        (child.lower_, obj)
        for child in token.children
        if child.dep_ in ("prep", "dative") and child.lower_ in preps
        for obj in child.children
        if obj.dep_ == "pobj"
    ]


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a recipient may stand: its rule, the preposition if any, the path as text."""

    rule: str  # passive_subject | object | prep | complement_subject | condition_subject
    prep: str
    text: str
    tokens: list[Token]


def _object_candidates(verb: Token, label: str = "") -> list[Slot]:
    """Objects of a verb, its prepositional phrases and those of its objects."""
    found: list[Slot] = []
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "iobj")]
    if objects:
        found.append(Slot("object", "", f"object{label}", objects))
    for prep, obj in _prep_objects(verb, RECIPIENT_PREPS):
        found.append(Slot("prep", prep, f"prep {prep!r}{label}", [obj]))
    for obj in objects:  # "sanctions on Iran", "aid to Mozambique", "calls by Belarus"
        for prep, pobj in _prep_objects(obj, RECIPIENT_PREPS + ("by", "of")):
            found.append(Slot("prep", prep, f"prep {prep!r} of the object{label}", [pobj]))
    return found


def _condition_subjects(verb: Token) -> list[Slot]:
    """ "... unless Baghdad accepts": whoever the condition is put to."""
    found: list[Slot] = []
    for clause in (verb, *(c for c in verb.children if c.dep_ in ("xcomp", "ccomp"))):
        for advcl in clause.children:
            marks = {c.lower_ for c in advcl.children if c.dep_ == "mark"}
            if advcl.dep_ == "advcl" and marks & {"if", "unless"}:
                subjects = [c for c in advcl.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subjects:
                    text = f"subject of the condition {advcl.text!r}"
                    found.append(Slot("condition_subject", "", text, subjects))
    return found


def _pronoun_antecedent(token: Token, by_token: dict[int, Mention]) -> list[Actor]:
    """ "Hungary said it will support ...": a subject pronoun of a reported clause is
    the reporter."""
    if token.pos_ != "PRON" or token.lower_ not in ("it", "they", "he", "she", "we"):
        return []
    clause = token.head
    for _ in range(3):
        if clause.dep_ not in ("ccomp", "xcomp", "conj") or clause.head.i == clause.i:
            return []
        clause = clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if subjects:
            if not _agrees(token, subjects[0], by_token):
                return []  # "Officials said it killed nine": 'it' is not the officials
            found, _ = _collect(subjects, by_token)
            return found
    return []


def _agrees(pronoun: Token, noun: Token, by_token: dict[int, Mention]) -> bool:
    """A singular pronoun does not stand for a plural common noun ("officials"; a plural
    name is one body: "the Royal Marines said it"), nor "it" for a person."""
    if pronoun.lower_ in ("they", "we"):
        return True
    plural = noun.tag_ == "NNS"
    mention = by_token.get(noun.i)
    person = mention is not None and mention.kind == "person"
    return not plural and not (pronoun.lower_ == "it" and person)


def subject_actors(verb: Token, by_token: dict[int, Mention]) -> list[Actor]:
    """The actors doing what a verb says (its subject, climbing control chains)."""
    subjects, _, _ = _subjects(verb)
    found, _ = _collect(subjects, by_token)
    return found or (_pronoun_antecedent(subjects[0], by_token) if len(subjects) == 1 else [])


def verb_arguments(verb: Token, trigger: Trigger, by_token: dict[int, Mention]) -> Arguments:
    args = Arguments()
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    subjects, rule, path = _subjects(verb)
    if passive and subjects and subjects[0] in passive:
        passive = []
    args.actor, how = _collect(subjects, by_token)
    if how is not None and how.via == PLACE:
        args.actor, how = [], None
    if not args.actor and len(subjects) == 1:
        args.actor = _pronoun_antecedent(subjects[0], by_token)
        how = How("antecedent", "pronoun -> reporter")
    if not args.actor and verb.dep_ == "acl" and verb.head.dep_ == "dobj":
        # "The PKK issued a declaration demanding ...": whoever issued it
        issuer, rule, issuer_path = _subjects(verb.head.head)
        args.actor, how = _collect(issuer, by_token)
        path = f"{issuer_path}, whose object {verb.head.text!r} is modified by {verb.text!r}"
    if args.actor:
        args.found("actor", f"{path} ({how})", rule, how)
    elif rule == "unnamed":
        args.found("actor", path, rule, None)
    candidates: list[Slot] = []
    if passive and verb.dep_ == "relcl" and passive[0].tag_ in ("WDT", "WP"):
        passive = [verb.head]  # "Iran, which is supported by Russia" -> Iran
    elif not passive and _passive_modifier(verb):
        passive = [verb.head]  # "a protester being shot", "people killed in the blast"
    elif not passive and headline_passive(verb):
        passive = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]  # "Doctor sentenced"
    if passive:
        candidates.append(Slot("passive_subject", "", "passive subject", passive))
    candidates += _object_candidates(verb)
    for comp in verb.children:  # "demanded that the US cancel", "offered to hand over to Britain"
        if comp.dep_ in ("xcomp", "ccomp") and comp.pos_ in ("VERB", "AUX"):
            inner = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
            if inner and comp.dep_ == "ccomp":
                text = f"subject of the complement {comp.text!r}"
                candidates.append(Slot("complement_subject", "", text, inner))
            candidates += _object_candidates(comp, f" of the complement {comp.text!r}")
    if trigger.event in ("THREATEN", "REQUEST"):  # "threatened to ... unless Baghdad accepted"
        candidates += _condition_subjects(verb)
    fallback: tuple[list[Actor], Slot, How | None] | None = None
    for slot in candidates:
        found, how = _collect(slot.tokens, by_token)
        found = [a for a in found if all(a.start != b.start for b in args.actor)]
        # "jailed ... at a children's home": a place, whoever it belongs to (but an attack
        # at a police station targets the police)
        place = slot.prep == "at" and how is not None and how.via != "mention"
        if place and trigger.event != "ASSAULT":
            continue
        if any(a.code for a in found):
            args.recipient = found
            args.found("recipient", f"{slot.text} ({how})", slot.rule, how, prep=slot.prep)
            break
        if found and fallback is None:  # a sector without a country: keep looking
            fallback = (found, slot, how)
    if not args.recipient and fallback is not None:
        args.recipient, slot, how = fallback
        args.found("recipient", f"{slot.text} ({how})", slot.rule, how, prep=slot.prep)
    # "the judge sentenced Paul Manafort": a person the knowledge base lacks, placed in
    # the article's country, when no slot names anyone else; not the target of violence
    # ("Osama was killed by US forces"), which crosses borders
    for slot in [] if args.recipient or trigger.event == "ASSAULT" else candidates:
        found, how = _collect(slot.tokens, by_token, guess=True)
        # ... acted on by his own country's side ("Osama was killed by US forces" is not)
        found = [
            a
            for a in found
            if all(a.start != b.start for b in args.actor)
            and (not home_person(a) or any(a.code == b.code for b in args.actor))
        ]
        if found:
            args.recipient = found
            args.found("recipient", f"{slot.text} ({how})", slot.rule, how, prep=slot.prep)
            break
    if not args.actor and rule != "unnamed":  # "Saree warned ...": named, not known
        args.name_unknown("actor", unknown_persons(subjects, by_token), path)
    for slot in [] if args.recipient else candidates:  # "a court sentenced Mohammed Waseem"
        found = unknown_persons(slot.tokens, by_token)
        if args.name_unknown("recipient", found, slot.text):
            break
    return args


# modes of event nouns whose "of" phrase names who does it ("the resignation of the
# governor", "the withdrawal of US troops", "the visit of the Chinese president", "marches
# of thousands of protesters", "a strike of dock workers"; not "a boycott of Israeli goods")
DOER_OF_MODES = frozenset({"resign", "withdraw", "visit", "demo", "riot", "strike", "hunger"})


def noun_arguments(
    noun: Token, by_token: dict[int, Mention], *, doer_of: bool = False
) -> Arguments:
    args = Arguments()
    possessors = [c for c in noun.children if c.dep_ == "poss"]
    # "a Kabul car bombing": where it happened, not who did it ("a Russian attack")
    modifiers = [
        c
        for c in noun.children
        if c.dep_ in ("compound", "amod", "nmod")
        and not (c.i in by_token and names_where(by_token[c.i], noun.doc))
    ]
    found, how = _collect(possessors or modifiers, by_token)
    if found:
        args.actor = found
        args.found("actor", f"possessor/modifier of {noun.text!r} ({how})", "possessor", how)
    if possessors and modifiers:  # "Putin's Beijing visit": the modifier is the other side
        found, how = _collect(modifiers, by_token)
        found = [a for a in found if all(a.start != b.start for b in args.actor)]
        if found:
            args.recipient = found
            args.found("recipient", f"modifier of {noun.text!r} ({how})", "modifier", how)
    between = [obj for _, obj in _prep_objects(noun, ("between", "among"))]
    if doer_of and not args.actor:
        found, how = _collect([obj for _, obj in _prep_objects(noun, ("of",))], by_token)
        if any(a.code for a in found):  # "its withdrawal of troops": whose troops, below
            args.actor = found
            args.found("actor", f"'{noun.text} of' ({how})", "doer_of", how)
    # "a withdrawal from Syria": where from, not who
    by = [obj for _, obj in _prep_objects(noun, ("by",) if doer_of else ("by", "from"))]
    # "at the request of Trudeau", "at the invitation of Beijing": who asked, who invited
    behest = noun.dep_ == "pobj" and noun.head.lower_ == "at"
    if behest and not args.actor:
        args.actor, how = _collect([obj for _, obj in _prep_objects(noun, ("of",))], by_token)
        if args.actor:
            args.found("actor", f"'at the {noun.text} of' ({how})", "behest", how)
    if by and not args.actor:
        args.actor, how = _collect(by, by_token)
        if args.actor:
            args.found("actor", f"'by' ({how})", "by", how)
    # "a phone call made by President Trump", "an attack carried out by the Taliban"
    made_by = [
        g
        for acl in noun.children
        if acl.dep_ == "acl" and acl.tag_ == "VBN"
        for g in _passive_agents(acl)
    ]
    if made_by and not args.actor:
        args.actor, how = _collect(made_by, by_token)
        if args.actor:
            args.found("actor", f"'{noun.text} ... by' ({how})", "by", how)
    anchor = noun  # "a new round of joint exercises" -> "round"
    while anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN":
        anchor = anchor.head.head
    governor = anchor.head
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("in", "into"):
        governor = anchor.head.head  # "took part in a strike", "joined in the protests"
    governed = (anchor.dep_ in ("dobj", "nsubjpass", "attr") or governor is not anchor.head) and (
        governor.pos_ in ("VERB", "AUX")
    )
    undergone = governed and governor.lemma_.lower() in UNDERGO_VERBS
    observed = governed and governor.lemma_.lower() in OBSERVE_VERBS
    if not args.actor and observed:
        text = f"{governor.text!r} only tells of {noun.text!r}; its subject is not the doer"
        args.found("actor", text, "observer", None)
    elif not args.actor and governed and not between and not undergone:
        subjects, rule, path = _subjects(governor)
        args.actor, how = _collect(subjects, by_token)
        if args.actor:
            text = f"{path}, whose object is {noun.text!r} ({how})"
            # a support verb's subject does the act ("X was performing an investigation")
            support = {"support": governor.lemma_.lower()} if support_verb(governor) else {}
            args.found("actor", text, rule, how, **support)
    if undergone and not args.recipient:
        subjects, _, path = _subjects(governor)
        args.recipient, how = _collect(subjects, by_token)
        if args.recipient:
            text = f"{path}, who undergoes {noun.text!r} ({how})"
            args.found("recipient", text, "undergoer", how)
    if between:
        found, how = _collect(between, by_token)
        if args.actor and found:  # "Qatar's mediation between the Emirates and Saudi Arabia"
            args.recipient = found
            args.found("recipient", f"'between' ({how})", "between", how)
        elif found:  # "talks between Moscow and Beijing": both sides act
            args.actor = found
            args.found("actor", f"'between' ({how})", "between", how)
    targets = _prep_objects(noun, RECIPIENT_PREPS + (() if behest or doer_of else ("of",)))
    if anchor.dep_ == "dobj":  # "gave Tanzania a grant", "held talks with Iran"
        verb = anchor.head
        targets += [("dative", c) for c in verb.children if c.dep_ in ("dative", "iobj")]
        targets += _prep_objects(verb, RECIPIENT_PREPS)
    for prep, obj in [] if args.recipient else targets:
        found, how = _collect([obj], by_token)
        found = [a for a in found if all(a.start != b.start for b in args.actor)]
        if found:
            args.recipient = found
            text = f"prep {prep!r} of {noun.text!r} ({how})"
            args.found("recipient", text, "prep", how, prep=prep)
            break
    return args
