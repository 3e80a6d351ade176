"""A small rule-based resolver for references to actors within one paragraph.

The pipeline runs one paragraph per spaCy doc, so "earlier" means earlier in the
same paragraph. Rules, in order, for a token not already an actor:

* **"the two X" / "both X"**, and "between the Xs" (X a description noun of ``nouns.tsv``: nations,
  countries, sides, enemies, militaries ...): the two most recent distinct
  state-like actors. If X is a government / military noun, their Government /
  Military actors ("the two militaries").
* **"they" / "them" / "their"**: the most recent coordinated group of actors
  ("the US and Iran ... they") or plural actor ("Iranian officials said they"),
  whichever is nearer.
* **"it" / "its"**: in a reason ("sanctioned Russia over its invasion of ..."), the party
  acted on; otherwise the latest subject, if it is a single actor that is not a person
  or a plain group ("The Obama administration says it ..."); a non-actor subject in
  between ("Working with Iran ... it might") blocks the resolution. A group noun a resolved
  possessive owns ("Jordan said its forces ...") is that actor's organ, as "Jordan's forces" is.
* **"he" / "his" / "she" / "her"**: the most recent actor found through a person
  (a titled official, who stands for his state, or a person).
* **"the group", "the organisation"** (``nouns.tsv`` rows ``refer``): the latest subject, if it
  is one actor of a kind the noun can name ("Al-Shabaab ... The group has also ...").
* **"we" / "our" / "us"**: the speaker, i.e. the subject of the passage's first sentence when it is
  an actor that speaks for itself ("The United States welcomes ... We urge ..."); when the passage
  does not say who speaks, "we" stays unresolved and is no actor.
* **"the junta", "the regime"** (a bare definite ruling noun, ``nouns.tsv`` rows ``ruler``): whom the
  same noun stood for earlier in the paragraph ("the Malian junta ... the junta"), else the ruler
  rule's own actor.
* **"the foreign minister", "the president"** (a definite title naming no one): the official of
  the state that was the latest subject ("Iran warned Israel. The foreign minister said ...");
  labelled as written, not as the state.

These rules are cheap (one pass over the tokens) and deliberately conservative: a
reference that matches no rule stays unresolved and produces no relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from kg.model import Actor
from kg.nlp.actors.anchors import Anchor
from kg.nlp.actors.columns import Columns, columns, indices_in
from kg.nlp.actors.groups import organ
from kg.nlp.actors.names import apposed_name
from kg.nlp.actors.nonactors import place_words
from kg.nlp.actors.unnamed import DEFINITE
from kg.nlp.actors.words import conflict_lemmas

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.nlp.actors.words import NounTables

IT = {"it", "its", "itself"}
WE = {"we", "us", "our", "ours", "ourselves"}
THEY = {"they", "them", "their", "theirs", "themselves"}
HE = {"he", "him", "his", "she", "her"}
_SINGLE_KINDS = {"State", "Government", "Military", "Organization", "ArmedGroup"}


def _derived(actor: Actor, kind: str) -> Actor:
    """ "the two militaries": a state's organ of that kind; any other actor as it is."""
    if kind not in ("Government", "Military") or actor.kind != "State":
        return actor
    return organ(actor, kind)


_HASHES: dict[int, tuple] = {}


class _Scan(NamedTuple):
    """What one attribute array tells the resolver: the tokens it must look at, each token's
    dependency (as a hash), and the tokens with a conjunct on their right ("the US and Iran")."""

    positions: list[int]
    deps: list[int]
    conj_heads: set[int]
    dep: dict[str, int]  # the hashes of the labels the resolver compares ("pobj" -> hash)


def _scan(doc: Doc, anchors, tables: NounTables, cols: Columns) -> _Scan:
    """Tokens the resolver must look at: anchors, pronouns, description nouns and titles, subjects
    (found from one attribute array), up to the last word that can be a reference: past it nothing
    is resolved (none: no position at all)."""
    key = id(doc.vocab)
    if key not in _HASHES:
        strings = doc.vocab.strings
        _HASHES[key] = (
            frozenset(strings.add(w) for w in IT | THEY | HE | WE),
            frozenset(strings.add(w) for w in (*tables.descriptions, *tables.titles, *tables.refer)),
            frozenset(strings.add(d) for d in ("nsubj", "nsubjpass", "csubj")),
            frozenset([strings.add("conj")]),
            {dep: strings.add(dep) for dep in ("conj", "pobj", "nsubj", "nsubjpass")},
        )
    pron, desc, subj, conj = _HASHES[key][:4]
    lowers, lemmas, deps = cols.lower, cols.lemma, cols.dep
    idx = set(indices_in(lowers, pron))
    idx.update(indices_in(lemmas, desc))
    subjects = set(indices_in(deps, subj))
    # a subject is visited too; it can be a reference only if its lemma, lower-cased, is such a word
    words = (tables.descriptions, tables.titles, tables.refer)
    last = max(
        [i for i in idx if i not in anchors]
        + [i for i in subjects - idx if i not in anchors and any(doc[i].lemma_.lower() in w for w in words)],
        default=-1,
    )
    if last < 0:
        return _Scan([], deps, set(), _HASHES[key][4])
    idx.update(subjects)
    idx.update(anchors)
    conj_heads = set()
    for j in indices_in(deps, conj):  # a Token only for a conjunct: they are few
        h = doc[j].head.i
        if h < j:
            conj_heads.add(h)
    return _Scan(sorted(i for i in idx if i <= last), deps, conj_heads, _HASHES[key][4])


def _bare_title(tok, tables: NounTables) -> bool:
    """ "the foreign minister", "the president": a definite singular title that names no one
    (not "the Venezuelan opposition leader")."""
    if tok.tag_ != "NN":
        return False
    kids = list(tok.children)
    return (
        any(c.dep_ == "det" and c.lower_ == "the" for c in kids)
        and not any(c.dep_ in ("poss", "prep", "appos") or c.pos_ == "PROPN" for c in kids)
        and all(
            c.lower_ in tables.notnames or c.lower_ in tables.titles
            for c in kids
            if c.dep_ in ("amod", "compound", "nmod")
        )
    )


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
        d.lemma_.lower() in conflict_lemmas("noun") for d in dobjs
    ):
        return None
    for h in (verb, *dobjs):
        for c in h.children:
            objs = (
                [c]
                if c.dep_ == "dobj"
                else [g for g in c.children if g.dep_ == "pobj"]
                if c.dep_ == "prep" and c.lower_ in ("on", "against")
                else []
            )
            for o in objs:
                if o.i in anchors and anchors[o.i].source != "coref":
                    return list(anchors[o.i].actors)
    return None


@dataclass
class _Discourse:
    """What the resolver knows when it reaches a token: the anchors before it, the coordinations
    among them ("the US and Iran"), the latest anchor naming each actor, the latest subject."""

    doc: Doc
    anchors: dict[int, Anchor]
    scan: _Scan
    history: list[tuple[int, Anchor]] = field(default_factory=list)  # (token index, anchor), in text order
    groups: list[list[Actor]] = field(default_factory=list)  # coordinated actor groups, in text order
    group_at: dict[int, list[Actor]] = field(default_factory=dict)  # first conjunct's token -> its group
    named: dict[str, Anchor] = field(default_factory=dict)  # actor id -> the latest anchor that names it
    last_subject: list[Actor] | None = None
    #: the anchors that are subjects ("nsubj"), in text order: who "we" is is read from them when asked
    subjects: list[int] = field(default_factory=list)
    _ordered: list[int] = field(default_factory=list)
    _pos: int = 0

    def __post_init__(self):
        self._ordered = sorted(self.anchors)

    def reach(self, i: int) -> None:
        """Take in the anchors before token ``i``."""
        while self._pos < len(self._ordered) and self._ordered[self._pos] < i:
            idx = self._ordered[self._pos]
            anchor = self.anchors[idx]
            self.history.append((idx, anchor))
            dep, deps = self.scan.dep, self.scan.deps  # dependency hashes: no Token made for most anchors
            if anchor.source != "coref":
                # a place named as where something is ("in Warsaw") does not replace the name a
                # reference prints ("Poland ... in Warsaw ... the two countries" -> Poland)
                located = deps[idx] == dep["pobj"] and self.doc[idx].head.lower_ in ("in", "at")
                for a in anchor.actors:
                    if not (located and a.id in self.named):
                        self.named[a.id] = anchor
            # a coordination: conjuncts of this token that are actors too
            conjuncts = self.doc[idx].conjuncts if idx in self.scan.conj_heads and deps[idx] != dep["conj"] else ()
            if any(c.i in self.anchors for c in conjuncts):
                members = list(anchor.actors)
                for c in conjuncts:
                    if c.i in self.anchors:
                        members.extend(self.anchors[c.i].actors)
                self.groups.append(members)
                self.group_at[idx] = members
            elif len(anchor.actors) >= 2:
                self.groups.append(list(anchor.actors))
                self.group_at[idx] = self.groups[-1]
            self._pos += 1


def _the_two(tok, d: _Discourse, kind: str) -> list[Actor] | None:
    """ "the two nations", "both countries": the latest coordinated pair of states, else the two
    latest distinct states (their organs of ``kind`` for "the two militaries")."""
    kids = {c.lower_ for c in tok.children}
    # "treaties between the countries": a definite plural between two parties names a pair too
    between = tok.tag_ == "NNS" and "the" in kids and tok.dep_ == "pobj" and tok.head.lower_ == "between"
    if "two" not in kids and "both" not in kids and not between:
        return None
    seen: list[Actor] = []
    if d.groups and len(d.groups[-1]) == 2 and all(a.kind in ("State", "Government") for a in d.groups[-1]):
        seen = list(d.groups[-1])  # "both the US and Iran ... both countries"
    for idx, anchor in [] if seen else reversed(d.history):
        if _region(d.doc[idx]):
            continue  # "in northern Syria": a place, not one of the two sides
        for actor in anchor.actors:
            if actor.kind in ("State", "Government") and all(a.id != actor.id for a in seen):
                seen.append(actor)
        if len(seen) >= 2:
            break
    return [_derived(a, kind) for a in seen[:2]] if len(seen) >= 2 else None


def _region(tok) -> bool:
    """ "northern Syria": a compass word qualifies the name (``places.tsv`` rows ``direction``)."""
    directions = place_words().directions
    return any(c.i < tok.i and c.lower_ in directions for c in tok.children)


def _they(d: _Discourse) -> list[Actor] | None:
    """The latest coordination ("the US and Iran") or plural actor ("Iranian officials")."""
    for idx, anchor in reversed(d.history):
        if idx in d.group_at:
            return d.group_at[idx]
        if d.doc[idx].tag_ in ("NNS", "NNPS") or any(a.kind in ("ArmedGroup", "Group") for a in anchor.actors):
            return anchor.actors
    return None


def _it(tok, d: _Discourse) -> list[Actor] | None:
    """A reason's party acted on, else the latest subject if it is one actor that acts as one."""
    target = _reason_target(tok, d.anchors)
    if target:
        return target
    if d.last_subject and len(d.last_subject) == 1 and d.last_subject[0].kind in _SINGLE_KINDS:
        return d.last_subject
    return None


def _he(d: _Discourse) -> list[Actor] | None:
    """The latest actor found through a person."""
    for _, anchor in reversed(d.history):
        if anchor.source == "person" or any(a.kind == "Person" for a in anchor.actors):
            return anchor.actors
    return None


def _official(tok, d: _Discourse, tables: NounTables) -> Anchor | None:
    """ "Iran warned Israel. The foreign minister said ...": the official of the state just named,
    labelled as written."""
    if not (_bare_title(tok, tables) and apposed_name(tok, d.anchors) is None):
        return None
    if not (d.last_subject and len(d.last_subject) == 1 and d.last_subject[0].kind == "State"):
        return None
    state = d.last_subject[0]
    start = min([tok.i, *(c.i for c in tok.children if c.dep_ in ("amod", "compound"))])
    return Anchor([state], "person", where={state.id: (tok.i, start, tok.i + 1)})


def _the_group(tok, d: _Discourse, kinds: frozenset[str]) -> list[Actor] | None:
    """ "Al-Shabaab attacked ... The group also ...": a definite noun naming no one is the latest
    subject, if that is one actor of a kind the noun can name."""
    if tok.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    if any(c.dep_ not in ("det", "punct") for c in tok.lefts) or any(c.dep_ in ("appos", "prep") for c in tok.rights):
        return None  # "the militant group", "the group Hamas", "the group of states": it names something
    if d.last_subject and len(d.last_subject) == 1 and d.last_subject[0].kind in kinds:
        return d.last_subject
    return None


def _speaker(d: _Discourse) -> list[Actor] | None:
    """The passage's speaker (who "we" is): the subject of its first sentence, if an actor that can
    speak for itself ("The United States and our partners welcome ...": the first conjunct). Read
    only when a "we" asks (Token.sent walks the parse)."""
    first_end = d.doc[0].sent.end if d.subjects else 0
    for i in d.subjects:
        if i >= first_end:
            return None  # past the first sentence: whoever speaks was not named there
        actors = [a for a in d.anchors[i].actors if a.kind in _SINGLE_KINDS]
        if actors:
            return actors[:1]
    return None


def _resolve(tok, d: _Discourse, tables: NounTables) -> list[Actor] | None:
    """The actors the reference ``tok`` stands for, by the rules of the module docstring."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ in ("NOUN", "PROPN") and lemma in tables.descriptions:
        return _the_two(tok, d, tables.descriptions[lemma]) if d.history else None
    if tok.pos_ == "NOUN" and lemma in tables.refer:
        return _the_group(tok, d, tables.refer[lemma])
    if tok.pos_ != "PRON":
        return None
    if low in THEY:
        return _they(d)
    if low in IT:
        return _it(tok, d)
    if low in HE:
        return _he(d)
    if low in WE:
        return _speaker(d)  # none when the passage does not say who speaks: "we" is then no actor
    return None


def _owned_group(tok, resolved: list[Actor], d: _Discourse, tables: NounTables) -> Anchor | None:
    """ "Jordan said its forces attacked Syria": the group noun a possessive reference owns is that
    actor's organ, as "Jordan's forces" is (a state's Government / Military; an organisation's or armed
    group's own members are it); printed as the actor was named."""
    head, kind = tok.head, tables.groups.get(tok.head.lemma_.lower())
    if tok.dep_ != "poss" or kind is None or len(resolved) != 1 or head.i in d.anchors or head.pos_ != "NOUN":
        return None
    base = resolved[0]
    if base.kind == "State" and kind in ("Government", "Military"):
        actor = organ(base, kind)
    elif base.kind in ("ArmedGroup", "Organization") and kind in ("Military", "ArmedGroup", "Government"):
        actor = base  # "Hezbollah said its fighters ..."
    else:
        return None
    named = d.named.get(base.id)
    return Anchor([actor], "coref", ner_only=False, antecedents={actor.id: named} if named is not None else {})


def _rulers_named_before(doc: Doc, anchors: dict[int, Anchor], tables: NounTables) -> None:
    """ "The Malian junta praised Moscow. France condemned the junta.": a bare definite ruling noun,
    which the ruler rule (unnamed.py) makes an actor of its own ("junta"), is whom the same noun
    stood for earlier in the paragraph."""
    # only an unnamed anchor is replaced: none, nothing to do; else the anchors up to the last one
    last = max((i for i, anchor in anchors.items() if anchor.source == "unnamed"), default=-1)
    earlier: dict[str, Anchor] = {}
    for i in sorted(anchors):
        if i > last:
            break
        tok = doc[i]
        lemma = tok.lemma_.lower()
        if lemma not in tables.rulers:
            continue
        anchor, before = anchors[i], earlier.get(lemma)
        bare = (
            anchor.source == "unnamed"
            and all(c.dep_ == "det" for c in tok.lefts)
            and any(c.lower_ in DEFINITE for c in tok.lefts)
        )
        if bare and before is not None and {a.id for a in before.actors} != {a.id for a in anchor.actors}:
            anchors[i] = Anchor(
                list(before.actors), "coref", ner_only=False, antecedents={a.id: before for a in before.actors}
            )
        else:
            earlier[lemma] = anchor


def resolve_references(doc: Doc, anchors: dict[int, Anchor], tables: NounTables, cols: Columns | None = None) -> None:
    """Add ``coref`` anchors to ``anchors`` for references in ``doc`` (in place).

    Examples
    --------
    >>> from kg.nlp.pipeline import load_pipeline
    >>> from kg.nlp.actors import anchors_of
    >>> doc = load_pipeline()("Iran met Iraq. The two nations agreed.")  # runs this resolver
    >>> sorted(a.id for a in anchors_of(doc)[6].actors)
    ['iran', 'iraq']
    """
    if not anchors:
        return
    _rulers_named_before(doc, anchors, tables)
    scan = _scan(doc, anchors, tables, cols if cols is not None else columns(doc))
    d = _Discourse(doc, anchors, scan)
    new: dict[int, Anchor] = {}
    subjects = (scan.dep["nsubj"], scan.dep["nsubjpass"])
    for i in scan.positions:
        d.reach(i)
        if i in anchors:
            if scan.deps[i] in subjects:
                d.last_subject = anchors[i].actors
                if scan.deps[i] == scan.dep["nsubj"]:
                    d.subjects.append(i)
            continue
        tok = doc[i]
        if (
            tok.pos_ == "NOUN"
            and tok.lemma_.lower() in tables.titles
            and tok.lemma_.lower() not in tables.descriptions
            and (official := _official(tok, d, tables))
        ):
            new[i] = official
            if tok.dep_ in ("nsubj", "nsubjpass"):
                d.last_subject = official.actors
            continue
        resolved = _resolve(tok, d, tables)
        if resolved:
            new[i] = Anchor(
                list(resolved),
                "coref",
                ner_only=False,
                antecedents={a.id: d.named[a.id] for a in resolved if a.id in d.named},
            )
            owned = _owned_group(tok, resolved, d, tables)
            if owned is not None:
                new[tok.head.i] = owned
        if tok.dep_ in ("nsubj", "nsubjpass", "csubj") and tok.lower_ not in IT | THEY | HE | WE:
            # salience: "it" refers to the latest subject, and only if that is an actor
            d.last_subject = resolved or None
    anchors.update(new)
