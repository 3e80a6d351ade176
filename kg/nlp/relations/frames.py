"""The relation frames, compiled once per component from the data files.

A frame is one line of ``lexicon.tsv``: a trigger (part of speech + lemma), where its object
sits (prepositions, or "-" for the direct object), the ontology property, and flags. The word
lists of ``words.tsv`` and the cues of ``hedges.tsv`` name the words the general machinery
reacts to. Which properties are symmetric, and the polarity of each, come from the ontology
(``kg.ttl``), never from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import cast

from kg.model import Polarity
from kg.nlp.tables import Cues, LexEntry, Lexicon, cues, lexicon, words


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
    #: first words of the lexicon's two-word verbs ("push" of "push back", "take" of "take part")
    phrasal_heads: frozenset[str] = frozenset()
    #: adjective frames flagged prefix ("pro", "anti")
    prefixes: frozenset[str] = frozenset()
    #: word classes computed once per Frames object (the machinery asks for them per token)
    classes: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def entries(self, pos: str, lemma: str) -> tuple[LexEntry, ...]:
        """The frames of one trigger (in lexicon order; the first that yields a relation wins)."""
        return self.lex.entries.get((pos, lemma), ())

    def phrasal(self, tok) -> str | None:
        """The lexicon's two-word verb ``tok`` heads, if any: its lemma with a particle after it
        ("pushed back", "drove X out") or with its object noun ("took part")."""
        lemma = tok.lemma_.lower()
        if lemma not in self.phrasal_heads:
            return None
        particles = self.words["particles"]
        for c in tok.rights:
            if c.dep_ in ("prt", "advmod", "prep") and c.lower_ in particles:
                key = f"{lemma} {c.lower_}"
            elif c.dep_ == "dobj":
                key = f"{lemma} {c.lemma_.lower()}"
            else:
                continue
            if key in self.verbs:
                return key
        return None

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
        hit = self.classes.get(name)
        if hit is None:
            hit = self.classes[name] = self._word_class(name)
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
    """The shipped data files, compiled (once per process).

    Examples
    --------
    >>> f = load_frames()
    >>> "attack" in f.verbs, "fights" in f.symmetric, f.polarity["supports"]
    (True, True, 'cooperation')
    """
    return compile_frames(lexicon())


def compile_frames(lex: Lexicon) -> Frames:
    """A lexicon (the shipped one, another, or one with a user's rows) with the shipped word
    lists and cues, compiled for the machinery."""
    from kg.rdf.ontology import relation_properties, symmetric_properties

    cue = cues()
    keys = lex.entries.keys()
    verbs = frozenset(k[1] for k in keys if k[0] == "verb")
    polarity = cast("dict[str, Polarity]", relation_properties())
    hostile = frozenset(
        k[1] for k, es in lex.entries.items() if k[0] == "verb" and any(polarity[e.prop] == "conflict" for e in es)
    )
    return Frames(
        lex=lex,
        cue=cue,
        words=words(),
        polarity=polarity,
        symmetric=symmetric_properties(),
        verbs=verbs,
        nouns=frozenset(k[1] for k in keys if k[0] == "noun"),
        adjs=frozenset(k[1] for k in keys if k[0] == "adj"),
        demand_heads=cue.attrib | words()["demand_speech"],
        hostile_verbs=frozenset(lex.reversers) | hostile,
        phrasal_heads=frozenset(v.split()[0] for v in verbs if " " in v),
        prefixes=frozenset(k[1] for k, es in lex.entries.items() if k[0] == "adj" and "prefix" in es[0].flags),
    )
