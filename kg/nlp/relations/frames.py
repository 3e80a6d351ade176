"""The relation frames, compiled once per component from the data files.

A frame is one line of ``lexicon.tsv``: a trigger (part of speech + lemma), where its object
sits (prepositions, or "-" for the direct object), the ontology property, and flags. The word
lists of ``words.tsv`` and the cues of ``hedges.tsv`` name the words the general machinery
reacts to. Which properties are symmetric, and the polarity of each, come from the ontology
(``kg.ttl``), never from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from kg.model import Polarity
from kg.nlp.tables import Cues, LexEntry, Lexicon, conflict_lemmas, cues, lexicon, words

#: word classes computed once per Frames object (the machinery asks for them per token)
_CLASSES: dict[tuple[int, str], frozenset[str]] = {}


@dataclass(frozen=True)
class Frames:
    """Everything the relation machinery reads, compiled once (cheap lookups per token)."""

    lex: Lexicon
    cue: Cues
    words: dict[str, frozenset[str]]
    polarity: dict[str, Polarity]
    symmetric: frozenset[str]
    verbs: frozenset[str]
    nouns: frozenset[str]
    adjs: frozenset[str]
    #: speech verbs whose "X must / should ..." complement is a demand
    demand_heads: frozenset[str]
    #: verbs of hostile acts or of breaking ties ("attack", "cut"): "refused to cut ties" is no opposition
    hostile_verbs: frozenset[str]

    def entries(self, pos: str, lemma: str) -> tuple[LexEntry, ...]:
        """The frames of one trigger (in lexicon order; the first that yields a relation wins)."""
        return self.lex.entries.get((pos, lemma), ())

    def w(self, name: str) -> frozenset[str]:
        """One word list of ``words.tsv``."""
        return self.words[name]

    def word_class(self, name: str) -> frozenset[str]:
        """A class of words a construction pattern names (``constructions.json``).

        ``states`` / ``labels`` (the lexicon's state and label words), ``state_nouns`` (noun frames flagged ``state``),
        ``frames:POS`` or ``frames:POS:FLAG`` (trigger lemmas), else a word list of ``words.tsv``.

        Examples
        --------
        >>> f = load_frames()
        >>> "relation" in f.word_class("state_nouns"), "tense" in f.word_class("states")
        (True, True)
        >>> "partner" in f.word_class("frames:noun:sym")
        True
        """
        key = (id(self), name)
        hit = _CLASSES.get(key)
        if hit is None:
            hit = _CLASSES[key] = self._word_class(name)
        return hit

    def _word_class(self, name: str) -> frozenset[str]:
        if name == "states":
            return frozenset(self.lex.states)
        if name == "labels":
            return frozenset(self.lex.labels)
        if name == "state_nouns":
            name = "frames:noun:state"
        if name.startswith("frames:"):
            _, pos, *flag = name.split(":")
            return frozenset(
                lemma
                for (p, lemma), entries in self.lex.entries.items()
                if p == pos and (not flag or any(flag[0] in e.flags for e in entries))
            )
        if name not in self.words:
            raise ValueError(f"kg/nlp/data/constructions.json: unknown word class @{name}")
        return self.words[name]


@cache
def load_frames() -> Frames:
    """Read and compile the data files (once per process).

    Examples
    --------
    >>> f = load_frames()
    >>> "attack" in f.verbs, "fights" in f.symmetric, f.polarity["supports"]
    (True, True, 'cooperation')
    """
    from kg.rdf.ontology import relation_properties, symmetric_properties

    lex, cue = lexicon(), cues()
    keys = lex.entries.keys()
    return Frames(
        lex=lex,
        cue=cue,
        words=words(),
        polarity=cast("dict[str, Polarity]", relation_properties()),
        symmetric=symmetric_properties(),
        verbs=frozenset(k[1] for k in keys if k[0] == "verb"),
        nouns=frozenset(k[1] for k in keys if k[0] == "noun"),
        adjs=frozenset(k[1] for k in keys if k[0] == "adj"),
        demand_heads=cue.attrib | words()["demand_speech"],
        hostile_verbs=frozenset(lex.reversers) | conflict_lemmas("verb"),
    )
