"""A small rule-based resolver for references to actors within one paragraph.

The pipeline runs one paragraph per spaCy doc, so "earlier" means earlier in the
same paragraph. Rules, in order, for a token not already an actor:

* **"the two X" / "both X"** (X a description noun of ``nouns.tsv``: nations,
  countries, sides, enemies, militaries ...): the two most recent distinct
  state-like actors. If X is a government / military noun, their Government /
  Military actors ("the two militaries").
* **"they" / "them" / "their"**: the most recent coordinated group of actors
  ("the US and Iran ... they") or plural actor ("Iranian officials said they"),
  whichever is nearer.
* **"it" / "its"**: in a reason ("sanctioned Russia over its invasion of ..."), the party
  acted on; otherwise the latest subject, if it is a single actor that is not a person
  or a plain group ("The Obama administration says it ..."); a non-actor subject in
  between ("Working with Iran ... it might") blocks the resolution.
* **"he" / "his" / "she" / "her"**: the most recent actor found through a person
  (a titled official, who stands for his state, or a person).
* **"the foreign minister", "the president"** (a definite title naming no one): the official of
  the state that was the latest subject ("Iran warned Israel. The foreign minister said ...");
  labelled as written, not as the state.

These rules are cheap (one pass over the tokens) and deliberately conservative: a
reference that matches no rule stays unresolved and produces no relation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Actor
from kg.nlp.actors.groups import organ
from kg.nlp.actors.names import apposed_name
from kg.nlp.actors.words import conflict_lemmas

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.nlp.actors.anchors import Anchor
    from kg.nlp.actors.words import NounTables

IT = {"it", "its", "itself"}
THEY = {"they", "them", "their", "theirs", "themselves"}
HE = {"he", "him", "his", "she", "her"}
_SINGLE_KINDS = {"State", "Government", "Military", "Organization", "ArmedGroup"}


def _derived(actor: Actor, kind: str) -> Actor:
    """ "the two militaries": a state's organ of that kind; any other actor as it is."""
    if kind not in ("Government", "Military") or actor.kind != "State":
        return actor
    return organ(actor, kind)


_HASHES: dict[int, tuple] = {}


def _positions(doc: Doc, anchors, tables: NounTables) -> list[int]:
    """Tokens the resolver must look at: anchors, pronouns, description nouns and titles, subjects
    (found from one attribute array)."""
    from spacy.attrs import DEP, LEMMA, LOWER

    key = id(doc.vocab)
    if key not in _HASHES:
        strings = doc.vocab.strings
        _HASHES[key] = (frozenset(strings.add(w) for w in IT | THEY | HE),
                        frozenset(strings.add(w) for w in (*tables.descriptions, *tables.titles)),
                        frozenset(strings.add(d) for d in ("nsubj", "nsubjpass", "csubj")))
    pron, desc, subj = _HASHES[key]
    idx = {i for i, (lower, lemma, dep) in enumerate(doc.to_array([LOWER, LEMMA, DEP]).tolist())
           if lower in pron or lemma in desc or dep in subj}
    idx.update(anchors)
    return sorted(idx)


def _bare_title(tok, tables: NounTables) -> bool:
    """ "the foreign minister", "the president": a definite singular title that names no one
    (not "the Venezuelan opposition leader")."""
    if tok.tag_ != "NN":
        return False
    kids = list(tok.children)
    return any(c.dep_ == "det" and c.lower_ == "the" for c in kids) and \
        not any(c.dep_ in ("poss", "prep", "appos") or c.pos_ == "PROPN" for c in kids) and \
        all(c.lower_ in tables.notnames or c.lower_ in tables.titles
            for c in kids if c.dep_ in ("amod", "compound", "nmod"))


def _reason_target(tok, anchors) -> list[Actor] | None:
    """The object of "sanctioned Y over its invasion of Z": a reason's "its" is the party blamed."""
    noun = tok.head
    if tok.dep_ != "poss" or noun.dep_ != "pobj" or noun.head.lower_ not in ("over", "for"):
        return None
    verb = noun.head.head
    if verb.pos_ != "VERB":
        return None
    # only "sanctioned / condemned Y over its ...", "imposed sanctions on Y over its ..."
    dobjs = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.lemma_.lower() not in conflict_lemmas("verb") and not any(
            d.lemma_.lower() in conflict_lemmas("noun") for d in dobjs):
        return None
    for h in (verb, *dobjs):
        for c in h.children:
            objs = [c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"] \
                if c.dep_ == "prep" and c.lower_ in ("on", "against") else []
            for o in objs:
                if o.i in anchors and anchors[o.i].source != "coref":
                    return list(anchors[o.i].actors)
    return None


def resolve_references(doc: Doc, anchors: dict[int, Anchor], tables: NounTables) -> None:
    """Add ``coref`` anchors to ``anchors`` for references in ``doc`` (in place).

    Examples
    --------
    >>> from kg.nlp.pipeline import load_pipeline
    >>> from kg.nlp.actors import anchors_of
    >>> doc = load_pipeline()("Iran met Iraq. The two nations agreed.")  # runs this resolver
    >>> sorted(a.id for a in anchors_of(doc)[6].actors)
    ['iran', 'iraq']
    """
    from kg.nlp.actors.anchors import Anchor

    if not anchors:
        return
    history: list[tuple[int, Anchor]] = []  # (token index, anchor), in text order
    groups: list[list[Actor]] = []  # coordinated actor groups, in text order
    group_at: dict[int, list[Actor]] = {}  # first conjunct's token -> its group
    named: dict[str, Anchor] = {}  # actor id -> the latest anchor that names it
    descs = tables.descriptions
    ordered = sorted(anchors)
    pos = 0
    new: dict[int, Anchor] = {}
    last_subject: list[Actor] | None = None
    for i in _positions(doc, anchors, tables):
        tok = doc[i]
        while pos < len(ordered) and ordered[pos] < i:
            idx = ordered[pos]
            anchor = anchors[idx]
            history.append((idx, anchor))
            for a in anchor.actors:
                if anchor.source != "coref":
                    named[a.id] = anchor
            # a coordination: conjuncts of this token that are actors too
            t = doc[idx]
            if t.dep_ != "conj" and any(c.i in anchors for c in t.conjuncts):
                members = list(anchor.actors)
                for c in t.conjuncts:
                    if c.i in anchors:
                        members.extend(anchors[c.i].actors)
                groups.append(members)
                group_at[idx] = members
            elif len(anchor.actors) >= 2:
                groups.append(list(anchor.actors))
                group_at[idx] = groups[-1]
            pos += 1
        if i in anchors:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                last_subject = anchors[i].actors
            continue
        low = tok.lower_
        resolved: list[Actor] | None = None
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("NOUN", "PROPN") and lemma in descs and history:
            kids = {c.lower_ for c in tok.children}
            if "two" in kids or "both" in kids:
                seen: list[Actor] = []
                if groups and len(groups[-1]) == 2 and all(
                        a.kind in ("State", "Government") for a in groups[-1]):
                    seen = list(groups[-1])  # "both the US and Iran ... both countries"
                for _, anchor in ([] if seen else reversed(history)):
                    for actor in anchor.actors:
                        if actor.kind in ("State", "Government") and all(a.id != actor.id for a in seen):
                            seen.append(actor)
                    if len(seen) >= 2:
                        break
                if len(seen) >= 2:
                    resolved = [_derived(a if a.kind == "State" or not a.part_of else a, descs[lemma])
                                for a in seen[:2]]
        elif tok.pos_ == "PRON" and low in THEY:
            # the latest coordination ("the US and Iran") or plural actor ("Iranian officials")
            for idx, anchor in reversed(history):
                if idx in group_at:
                    resolved = group_at[idx]
                    break
                if doc[idx].tag_ in ("NNS", "NNPS") or any(a.kind in ("ArmedGroup", "Group")
                                                           for a in anchor.actors):
                    resolved = anchor.actors
                    break
        elif tok.pos_ == "PRON" and low in IT:
            target = _reason_target(tok, anchors)
            if target:
                resolved = target
            elif last_subject and len(last_subject) == 1 and last_subject[0].kind in _SINGLE_KINDS:
                resolved = last_subject
        elif tok.pos_ == "NOUN" and lemma in tables.titles and _bare_title(tok, tables) and \
                apposed_name(tok, anchors) is None:
            # "Iran warned Israel. The foreign minister said ...": the official of the state just named
            if last_subject and len(last_subject) == 1 and last_subject[0].kind == "State":
                state = last_subject[0]
                start = min([tok.i, *(c.i for c in tok.children if c.dep_ in ("amod", "compound"))])
                new[i] = Anchor([state], "person", where={state.id: (i, start, i + 1)})
                if tok.dep_ in ("nsubj", "nsubjpass"):
                    last_subject = [state]
                continue
        elif tok.pos_ == "PRON" and low in HE:
            for _, anchor in reversed(history):
                if anchor.source == "person" or any(a.kind == "Person" for a in anchor.actors):
                    resolved = anchor.actors
                    break
        if resolved:
            new[i] = Anchor(list(resolved), "coref", ner_only=False,
                            antecedents={a.id: named[a.id] for a in resolved if a.id in named})
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj") and low not in IT | THEY | HE:
            # salience: "it" refers to the latest subject, and only if that is an actor
            last_subject = resolved or None
    anchors.update(new)
