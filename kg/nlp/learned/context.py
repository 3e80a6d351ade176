"""One parsed doc read once for the pair features (:class:`DocContext`), and the word classes.

The parse is copied into plain lists (head, label, lemma, part of speech, lower case, entity
type, sentence start, text and trailing space, word classes, dependents) from one ``Doc.to_array`` call; feature code
then costs list look-ups, not spaCy attribute calls. Per-token feature strings are made once
per doc and shared by all pairs.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from kg.nlp.pipeline import MIN_CONFIDENCE

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.model import Actor
    from kg.nlp.actors import Anchor

#: Tokens climbed from each end of a pair looking for their common head.
MAX_CLIMB = 12
#: Dependents of path / governing words that are read ("relations ... are hostile").
CONTEXT_DEPS = frozenset(
    {
        "acomp",
        "attr",
        "dobj",
        "amod",
        "neg",
        "advmod",
        "aux",
        "compound",
        "prep",
        "xcomp",
        "ccomp",
        "oprd",
        "nsubj",
        "nsubjpass",
        "agent",
    }
)
_NONE: frozenset[str] = frozenset()


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Lemma -> its classes in the lexicon and the cue table.

    Examples
    --------
    >>> sorted(word_classes()["attack"]), sorted(word_classes()["say"])
    (['conf'], ['attrib'])
    """
    from kg.nlp.tables import cues, lexicon
    from kg.rdf.ontology import relation_properties

    lex, cue, props = lexicon(), cues(), relation_properties()
    out: dict[str, set[str]] = {}
    for (_, lemma), entries in lex.entries.items():
        for e in entries:
            out.setdefault(lemma, set()).add(props[e.prop][:4])
    for cls, words in (
        ("rev", lex.reversers),
        ("relief", lex.reliefs or {}),
        ("ctl", lex.control),
        ("hedge", cue.hedge),
        ("attrib", cue.attrib),
        ("neg", cue.neg),
        ("negdet", cue.negdet),
        ("report", cue.report),
    ):
        for w in words:
            out.setdefault(w, set()).add(cls)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _gazetteer():
    from kg.nlp.gazetteer import load_gazetteer

    return load_gazetteer()


#: hash -> text of the strings seen (a hash names the same string in every vocab)
_TEXTS: dict[int, str] = {0: ""}


def _texts(store, column) -> list[str]:
    """The strings of a column of string-store hashes (each new hash looked up once per process)."""
    seen = _TEXTS
    hashes = column.tolist()
    for h in set(hashes) - seen.keys():
        seen[h] = store[h]
    return [seen[h] for h in hashes]


@lru_cache(maxsize=8192)
def _form_of(text: str) -> str:
    entry = _gazetteer().lookup(text)
    return entry.form_kind if entry is not None else "none"


class DocContext:
    """One doc read for the pair features: its parse as plain lists (head, label, lemma, part of
    speech, lower case, entity type, sentence start, word classes, dependents), the rules'
    mentions per pair (:func:`kg.nlp.learned.rules.rule_mentions`), and caches.
    """

    def __init__(self, doc: Doc, rules: dict | None = None, floor: float = MIN_CONFIDENCE):
        import numpy as np
        from spacy.attrs import DEP, ENT_TYPE, HEAD, LEMMA, LOWER, ORTH, POS, SENT_START, SPACY
        from spacy.parts_of_speech import NAMES

        from kg.nlp.actors import anchors_of

        self.doc = doc
        self.rules = rules or {}
        self.floor = floor
        self.anchors = anchors_of(doc) or {}
        arr = doc.to_array([HEAD, DEP, LEMMA, POS, LOWER, ENT_TYPE, SENT_START, ORTH, SPACY])  # uint64
        n = len(doc)
        # HEAD is the offset to the head, stored as uint64: back to signed, then absolute
        self.head: list[int] = (arr[:, 0].astype(np.int64) + np.arange(n)).tolist()
        store = doc.vocab.strings
        self.dep = _texts(store, arr[:, 1])
        self.lemma = [w.lower() for w in _texts(store, arr[:, 2])]
        self.pos = [NAMES.get(h, "") for h in arr[:, 3].tolist()]
        self.lower = _texts(store, arr[:, 4])
        self.ent = _texts(store, arr[:, 5])
        self.orth = _texts(store, arr[:, 7])
        self.space: list[int] = arr[:, 8].tolist()
        classes = word_classes()
        self.cls = [classes.get(lem, _NONE) for lem in self.lemma]
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.sent_start = [0] * n
        start = 0
        for i, flag in enumerate(arr[:, 6].astype(np.int64).tolist()):
            if flag == 1:
                start = i
            self.sent_start[i] = start
        self._sentence: dict[int, tuple[frozenset[str], list]] = {}
        self._words: dict[tuple[str, int], tuple[str, ...]] = {}
        self._deps: dict[int, list] = {}
        self._lists: dict[int, list[tuple[int, Actor]]] | None = None
        self._forms: dict[tuple[int, str], str] = {}
        self._paths: dict[tuple[int, int], tuple[list[int], int, list[int]] | None] = {}

    # ---------------------------------------------------------------- the parse
    def path(self, a: int, b: int) -> tuple[list[int], int, list[int]] | None:
        """The dependency path from token ``a`` to token ``b``: tokens climbed from ``a`` (``a``
        first, the common head excluded), the common head, tokens climbed from ``b`` (``b``
        first). None when no common head is found within :data:`MAX_CLIMB` steps.
        """
        key = (a, b)
        if key in self._paths:
            return self._paths[key]
        self._paths[key] = found = self._climb(a, b)
        return found

    def _climb(self, a: int, b: int) -> tuple[list[int], int, list[int]] | None:
        head = self.head
        up = [a]
        while head[up[-1]] != up[-1] and len(up) < MAX_CLIMB:
            up.append(head[up[-1]])
        where = {t: k for k, t in enumerate(up)}
        down = [b]
        while down[-1] not in where and head[down[-1]] != down[-1] and len(down) < MAX_CLIMB:
            down.append(head[down[-1]])
        if down[-1] not in where:
            return None
        return up[: where[down[-1]]], down[-1], down[:-1]

    def path_length(self, a: int, b: int) -> int:
        """Edges on the path between two tokens (a large number when there is none)."""
        found = self.path(a, b) if a != b else ([], a, [])
        return 99 if found is None else len(found[0]) + len(found[2])

    def list_head(self, i: int) -> int:
        """The first member of the list token ``i`` is in ("Canada" in "Australia, Canada and the UK")."""
        for _ in range(MAX_CLIMB):
            if self.dep[i] not in ("conj", "appos") or self.head[i] == i:
                break
            i = self.head[i]
        return i

    # ---------------------------------------------------------------- cached reads
    def sentence_features(self, start: int) -> tuple[frozenset[str], list[tuple[int, tuple[str, ...]]]]:
        """The ``sent:`` features of a sentence and its words that have a class, with their
        ``btw:`` features (read once per sentence)."""
        found = self._sentence.get(start)
        if found is None:
            end = start
            while end < len(self.head) and self.sent_start[end] == start:
                end += 1
            marked = [(i, tuple(f"btw:{c}" for c in self.cls[i])) for i in range(start, end) if self.cls[i]]
            found = self._sentence[start] = (
                frozenset(f"sent:{c}" for i in range(start, end) for c in self.cls[i]),
                marked,
            )
        return found

    def word_features(self, role: str, t: int) -> tuple[str, ...]:
        """``role=lemma``, ``role:class`` (and ``ondep=`` on the path) of token ``t``, made once."""
        key = (role, t)
        found = self._words.get(key)
        if found is None:
            extra = (f"ondep={self.dep[t]}",) if role == "on" else ()
            found = self._words[key] = (f"{role}={self.lemma[t]}", *extra, *(f"{role}:{c}" for c in self.cls[t]))
        return found

    def dependents(self, t: int) -> list[tuple[int, tuple[str, ...], tuple[str, ...]]]:
        """Dependents of ``t`` that :func:`_context_features` reads: (index, ``ctx`` features,
        their ``coord&ctx`` variants), made once per token."""
        found = self._deps.get(t)
        if found is None:
            found = []
            for c in self.children[t]:
                dep = self.dep[c]
                if dep not in CONTEXT_DEPS:
                    continue
                feats = [f"ctx:{k}" for k in self.cls[c]]
                if self.cls[c] or dep in ("acomp", "attr", "amod"):
                    feats.append(f"ctx={dep}:{self.lemma[c]}")
                if dep == "neg":
                    feats.append("neg")
                found.append((c, tuple(feats), tuple(f"coord&ctx:{k}" for k in self.cls[c])))
            self._deps[t] = found
        return found

    def list_mates(self, ti: int) -> list[tuple[int, Actor]]:
        """Actors anchored at the other members of the list token ``ti`` is in."""
        if self._lists is None:
            self._lists = {}
            for tj, anchor in self.anchors.items():
                self._lists.setdefault(self.list_head(tj), []).extend((tj, a) for a in anchor.actors)
        return [m for m in self._lists.get(self.list_head(ti), ()) if m[0] != ti]

    def form_kind(self, ti: int, actor: Actor, anchor: Anchor) -> str:
        """How the gazetteer knows the words naming ``actor`` at ``ti``: label, alias, demonym,
        metonym (a capital: "Abidjan" may be a place), ``none``, or the anchor's source."""
        key = (ti, actor.id)
        found = self._forms.get(key)
        if found is None:
            where = anchor.where.get(actor.id)
            if where is None:
                found = anchor.source
            else:
                found = _form_of(self.text(where[1], where[2]))
            self._forms[key] = found
        return found

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (exclusive) as written (``Doc.text`` would
        make a Token object for every word of the doc)."""
        orth, space = self.orth, self.space
        return "".join(orth[i] + " " * space[i] for i in range(start, end - 1)) + orth[end - 1]

    def stated(self, sent_start: int, x: str, y: str) -> set[str]:
        """Polarities the rules state (not negated, above the floor) between two actors."""
        from kg.nlp.learned.rules import pair_key

        return {r[2] for r in self.rules.get(pair_key(sent_start, x, y), ()) if not r[3] and r[4] >= self.floor}
