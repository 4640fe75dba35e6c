"""Cheap tests that tell which texts cannot yield an event, before parsing.

An event needs, in one sentence, a trigger (a token whose lemma heads a
lexicon pattern) and an actor with a code (a knowledge-base alias, adjective
or capital, an in-document alias of a named person, or "the two countries").
Both tests here are supersets of what the coder accepts, computed on tokens
alone: the trigger test accepts every surface form the lemmatizer could map
to a trigger head (exception tables, suffix rules, attribute-ruler lemmas);
the actor test accepts every capitalised window the knowledge base knows and
every word a known name could be shortened to. What is lost: nothing the
coder would find (an unknown person with no country in the sentence, or an
agent with no country, never gets a code, so cannot make an event).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from detente.actors.home import STATE
from detente.actors.kb import KnowledgeBase, alias_key
from detente.actors.mentions import (
    MAX_WINDOW,
    PAIR_PHRASES,
    Mention,
    kb_mentions,
    particle_name,
)
from detente.coding.lexicon import STOP, Trigger
from detente.coding.when import DECADE, YEAR, time_words
from detente.geo.gazetteer import name_key

POS_OF_RULES = ("verb", "noun", "propn", "adj")


def lemma_forms(lemmas: Iterable[str], nlp: Language) -> dict[str, frozenset[str]]:
    """Every lowercase surface form the pipeline's lemmatizer could lemmatise to one of
    `lemmas`, with the lemmas it could have (exception tables, suffix rules,
    attribute-ruler lemmas)."""
    wanted = {lemma.lower() for lemma in lemmas}
    forms: dict[str, set[str]] = {lemma: {lemma} for lemma in wanted}

    def add(form: str, lemma: str) -> None:
        forms.setdefault(form, set()).add(lemma)

    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        rules = lookups.get_table("lemma_rules", {})
        exceptions = lookups.get_table("lemma_exc", {})
        for pos in rules:
            for old, new in rules[pos]:
                for head in wanted:
                    if head.endswith(new):
                        stem = head[: len(head) - len(new)] if new else head
                        add(stem + old, head)
        for pos in exceptions:
            for word, found in exceptions[pos].items():
                for lemma in found:
                    if lemma.lower() in wanted:
                        add(word.lower(), lemma.lower())
    if "attribute_ruler" in nlp.component_names:
        for rule in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            lemma = str(rule.get("attrs", {}).get("LEMMA", "")).lower()
            if lemma not in wanted:
                continue
            for pattern in rule.get("patterns", []):
                spec = pattern[int(rule.get("index", 0))]  # the token the lemma is set on
                for key in ("LOWER", "ORTH", "TEXT"):
                    if isinstance(spec.get(key), str):
                        add(spec[key].lower(), lemma)
    return {form: frozenset(found) for form, found in forms.items()}


def trigger_forms(heads: Iterable[str], nlp: Language) -> frozenset[str]:
    """Every lowercase surface form the pipeline's lemmatizer could lemmatise to a head."""
    return frozenset(lemma_forms(heads, nlp))


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


@dataclass(frozen=True, slots=True)
class Prefilter:
    """Tells, from tokens alone, whether the coder could find any event in a Doc.

    Article-level, not sentence-level: every coded actor traces back to a
    knowledge-base index hit somewhere in the article (a pair phrase counts
    earlier coded mentions, an in-document alias points at an earlier known
    name, a title's country is an adjective), and the events of a sentence
    need a trigger in it. Parsing selected sentences alone would change the
    parser's and tagger's context at their edges (and the sentence boundaries
    the event ids depend on), so results would not be identical; measured on
    2,000 Reuters articles, sentence-level selection would skip only 2% more
    articles than this test.
    """

    kb: KnowledgeBase
    triggers: frozenset[str] | None  # None: events need no lexicon trigger (a model codes them)
    regions: frozenset[str] = frozenset()  # region names ("Texas prosecutors", actors/regions)

    @classmethod
    def build(
        cls,
        *,
        nlp: Language,
        kb: KnowledgeBase,
        heads: Iterable[str] | None,
        regions: frozenset[str] = frozenset(),
    ) -> Prefilter:
        triggers = None if heads is None else trigger_forms(heads, nlp)
        return cls(kb=kb, triggers=triggers, regions=regions)

    def has_trigger(self, doc: Doc) -> bool:
        triggers = self.triggers
        return triggers is None or any(t.lower_ in triggers for t in doc)

    def has_actor(self, doc: Doc) -> bool:
        """A knowledge-base alias, adjective, capital or office holder's surname, scanned
        as the mention finder does, or a region's name: the coder codes no article
        without one."""
        n = len(doc)
        window = min(MAX_WINDOW, self.kb.max_alias_tokens)
        index = self.kb.index
        surnames = self.kb.surnames  # "Erdogan" alone can name an office holder
        for i in range(n):
            if doc[i].lower_ in index:
                return True
            if _capitalised(doc[i].text) and alias_key(doc[i].text) in surnames:
                return True
            if not _capitalised(doc[i].text) and not particle_name(doc, i):
                continue
            for j in range(i + 2, min(n, i + window) + 1):
                if alias_key(doc[i:j].text) in index:
                    return True
            ends = range(i + 1, min(n, i + 3) + 1)
            if self.regions and any(name_key(doc[i:j].text) in self.regions for j in ends):
                return True
        return False

    def may_have_event(self, *docs: Doc) -> bool:
        """Whether the parts of one article (headline, body) could yield an event."""
        return any(map(self.has_trigger, docs)) and any(map(self.has_actor, docs))


# kinds of time words (coding/data/dates.tsv) that can date a sentence to a day, month
# or year: the previous sentence's date is the reference time of a past event
DAY_KINDS = frozenset({"month", "weekday", "offset", "unit", "ago"})


def state_heads(kb: KnowledgeBase) -> set[str]:
    """The last words of the agent phrases of the state and its armed challengers
    ("police", "minister"): the words a state agent or an official's title ends in."""
    return {key.split()[-1] for key, sector in kb.agents.items() if sector in STATE}


def _dated(sent: Span, days: frozenset[str]) -> bool:
    for token in sent:
        word = token.lower_.strip(".")
        if word in days or YEAR.match(word) or DECADE.match(word):
            return True
        if any(c.isdigit() for c in word) and ("/" in word or "-" in word):
            return True  # "3/4/87", "1987-03-04": read by dateparser
    return False


@dataclass(frozen=True, slots=True)
class SentenceChoice:
    """Which sentences of an article the coder needs parsed, from tokens and sentence
    boundaries alone (issue 11). The coder codes a sentence only when it names an actor
    the knowledge base resolves, or a state agent of the article's country next to a
    trigger word (`detente.coding.coder.candidates`); each test here is a superset of
    one way a sentence gets there:

    - `named`: a knowledge-base alias, adjective or capital (the mention finder's own
      scan, `kb_mentions`), an office holder's surname ("Erdogan"), a pair phrase
      ("the two countries"), or an agent phrase of the state ("police", "the foreign
      minister") with a trigger (a head word and the words the pattern needs, in any
      form the lemmatizer could read as theirs);
    - `aliases` (after the first parse): a capitalised word that is the last word of
      a person named in a parsed sentence ("Ivanov" after "Igor Ivanov");
    - `context`: the sentence before a chosen one, when it holds a time word (its
      date is the chosen sentence's reference time); parsed, not coded.

    Each sentence is parsed on its own, so a sentence's parse, and so its events,
    do not depend on which other sentences were parsed.
    """

    kb: KnowledgeBase
    lemmas: dict[str, frozenset[str]]  # surface form -> lemmas it may have
    triggers: dict[str, list[frozenset[str]]]  # head lemma -> the needs of its patterns
    agents: frozenset[str]  # lemmas that end an agent phrase of the state
    longest_agent: int
    days: frozenset[str]

    @classmethod
    def build(
        cls, *, nlp: Language, kb: KnowledgeBase, triggers: dict[str, list[Trigger]]
    ) -> SentenceChoice:
        days = frozenset(w for w, kinds in time_words().items() if kinds.keys() & DAY_KINDS)
        stop = nlp.Defaults.stop_words
        agents = {w for w in state_heads(kb) if w not in stop}
        needs = {
            head: [frozenset(t.needs) for t in rows if t.event != STOP]
            for head, rows in triggers.items()
        }
        words = set(agents) | set(needs) | {w for rows in needs.values() for n in rows for w in n}
        return cls(
            kb=kb,
            lemmas=lemma_forms(words, nlp),
            triggers={head: rows for head, rows in needs.items() if rows},
            agents=frozenset(agents),
            longest_agent=max((len(k.split()) for k in kb.agents), default=1),
            days=days,
        )

    def _lemmas(self, token: Token) -> frozenset[str]:
        return self.lemmas.get(token.lower_, frozenset()) | {token.lower_}

    def _state_agent(self, sent: Span) -> bool:
        """An agent phrase of the state ends in the sentence ("the interior ministry")."""
        doc = sent.doc
        for token in sent:
            for lemma in self._lemmas(token) & self.agents:
                for left in range(max(sent.start, token.i - self.longest_agent + 1), token.i + 1):
                    words = [t.lower_ for t in doc[left : token.i]]
                    for last in (lemma, token.lower_):
                        if self.kb.agents.get(alias_key(" ".join([*words, last]))) in STATE:
                            return True
        return False

    def _trigger(self, sent: Span) -> bool:
        """A trigger's head and the words its pattern needs, as the lemmatizer may read them
        ("cease-fire" is "ceasefire")."""
        found: set[str] = set()
        tokens = list(sent)
        for i, token in enumerate(tokens):
            found |= self._lemmas(token)
            if i + 2 < len(tokens) and tokens[i + 1].text == "-":
                found |= {a + b for a in self._lemmas(token) for b in self._lemmas(tokens[i + 2])}
        return any(
            needs <= found for head in found & self.triggers.keys() for needs in self.triggers[head]
        )

    def named(
        self,
        doc: Doc,
        day: dt.date | None,
        *,
        mentions: list[Mention] | None = None,
        sents: list[Span] | None = None,
    ) -> set[int]:
        """Indices of the sentences of `doc` that may name a resolved actor, or hold a
        state agent and a trigger word (`mentions`: `kb_mentions` of `doc`, if known;
        `sents`: its sentences, if listed)."""
        sents = list(doc.sents) if sents is None else sents
        sent_of = [0] * len(doc)
        for index, sent in enumerate(sents):
            sent_of[sent.start : sent.end] = [index] * len(sent)
        if mentions is None:
            mentions = kb_mentions(doc, self.kb, day)
        chosen = {sent_of[m.start] for m in mentions}
        for token in doc:
            index = sent_of[token.i]
            if index in chosen or not _capitalised(token.text):
                continue
            if self.kb.office_holder_named(token.text, day) is not None:
                chosen.add(index)
        for index, sent in enumerate(sents):
            if index in chosen:
                continue
            words = [t.lower_ for t in sent]
            pairs = (" ".join(words[i : i + n]) for n in (2, 3) for i in range(len(words)))
            if any(p in PAIR_PHRASES for p in pairs) or (
                self._state_agent(sent) and self._trigger(sent)
            ):
                chosen.add(index)
        return chosen

    def aliases(self, sents: list[Span], chosen: set[int], names: set[str]) -> set[int]:
        """Indices of sentences not yet chosen with a capitalised word in `names`."""
        return {
            index
            for index, sent in enumerate(sents)
            if index not in chosen and any(_capitalised(t.text) and t.lower_ in names for t in sent)
        }

    def context(self, sents: list[Span], chosen: set[int]) -> set[int]:
        """Indices of the dated sentences just before chosen ones, not chosen themselves."""
        return {
            index - 1
            for index in chosen
            if index > 0 and index - 1 not in chosen and _dated(sents[index - 1], self.days)
        }

    def names(
        self,
        docs: Iterable[Doc],
        day: dt.date | None,
        *,
        mentions: Iterable[list[Mention]] | None = None,
        entities: Iterable[Span] | None = None,
    ) -> set[str]:
        """The words an in-document alias can repeat: the last word of each person the
        knowledge base or the parse (a PERSON entity) names in an article's parts.

        The knowledge base's mentions depend on the tokens alone, so `mentions` (of each
        doc, in order) may come from the cheap split; `entities`, when given, are the
        entities of the parsed sentences, in place of the docs' own."""
        found: set[str] = set()
        docs = list(docs)
        known = list(mentions) if mentions is not None else None
        for at, doc in enumerate(docs):
            mine = known[at] if known is not None else kb_mentions(doc, self.kb, day)
            for mention in mine:
                if mention.kind == "person":
                    found.add(doc[mention.end - 1].lower_)
        for ent in entities if entities is not None else (e for d in docs for e in d.ents):
            words = [t for t in ent if t.text != "'s"]
            if ent.label_ == "PERSON" and words:
                found.add(words[-1].lower_)
        return found
