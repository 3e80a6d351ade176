"""Argument expansion: from argument tokens to the actors they stand for.

An argument token is a noun-phrase head. Its actors are the anchor ``kg_actors`` left on it
or, failing that, the actors of its modifiers ("the Syrian parliament", "members of X",
"crimes committed by X", "roads leading into X"); coordination and lists the parser split
into appositions are expanded ("Peru, the Philippines, Chile and Japan").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from kg.model import Actor
    from kg.nlp.actors import Anchor
    from kg.nlp.relations.frames import Frames

#: An actor with the anchor it was found at.
Found = tuple["Actor", "Anchor"]

VERBISH = {"VERB", "AUX"}
NOMINAL = {"NOUN", "PROPN"}
#: Which modifier of a noun names its actor first ("bin Laden's al-Qaeda network" -> al-Qaeda).
DESCENT_ORDER = {"compound": 0, "nmod": 1, "amod": 2, "poss": 3, "prep": 4, "nummod": 5}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "nummod"}
#: Prepositions whose object names the actor of the noun they hang on ("members of X").
MEMBER_PREPS = {"of", "by", "from"}
#: Longest phrase (tokens) kept as an actor's mention text.
MAX_PHRASE = 16


@dataclass
class Ctx:
    """Per-doc state: the doc, the anchors of ``kg_actors`` and the compiled frames."""

    doc: Doc
    anchors: dict[int, Anchor]
    frames: Frames
    #: the actors of argument token tuples, found once per doc (frames ask for the same ones)
    memo: dict = field(default_factory=dict)


def actors_at(ctx: Ctx, tok: Token, depth: int = 2, allow_coref: bool = True) -> list[Found]:
    """Actors a noun-phrase head stands for (looking into its modifiers, "X of Y")."""
    anchor = ctx.anchors.get(tok.i)
    if anchor is not None and (allow_coref or anchor.source != "coref"):
        return [(a, anchor) for a in anchor.actors]
    if depth <= 0 or tok.pos_ in VERBISH:
        return []
    for child in sorted(tok.children, key=lambda c: DESCENT_ORDER.get(c.dep_, 9)):
        found = _through_child(ctx, tok, child, depth)
        if found:
            return found
    return []


def _through_child(ctx: Ctx, tok: Token, child: Token, depth: int) -> list[Found]:
    dep = child.dep_
    if dep in MODIFIER_DEPS or (dep == "appos" and child.pos_ == "PROPN"):
        # ... "the opposition newspaper La Prensa": the noun is the name beside it
        return actors_at(ctx, child, depth - 1, allow_coref=False)
    if dep == "prep" and _names_owner(ctx, tok, child):
        return _through_prep(ctx, tok, child, depth)
    if dep == "acl" and child.tag_ == "VBN" and any(c.dep_ == "agent" for c in child.children):
        # "crimes committed by Croat forces", "property seized by the army": the doer
        return args(ctx, [g for a in child.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"])
    if dep == "acl" and child.lemma_.lower() in ctx.frames.w("route_verbs"):
        # "the roads leading into Mordor", "power lines running to Kabul": where they go
        for g in _objects_of(child, ctx.frames.w("route_preps")):
            found = actors_at(ctx, g, depth - 1, allow_coref=False)
            if found:
                return found
    return []


def _names_owner(ctx: Ctx, tok: Token, prep: Token) -> bool:
    """Whether ``prep`` on ``tok`` names whose it is ("members of X", "groups in X", "a camp for X")."""
    word = prep.lower_
    lemma = tok.lemma_.lower()
    return (
        word in MEMBER_PREPS
        or (
            word == "in"
            and tok.tag_ == "NNS"
            and (lemma not in ctx.frames.nouns or lemma in ctx.frames.word_class("frames:noun:agent"))
        )
        or (word in ("in", "for") and lemma in ctx.frames.w("place_nouns"))
    )


def _through_prep(ctx: Ctx, tok: Token, prep: Token, depth: int) -> list[Found]:
    # "a village in Western Cambodia", "a camp for Congolese refugees", "members of the parliament"
    for g in prep.children:
        if g.dep_ != "pobj":
            continue
        found = actors_at(ctx, g, depth - 1, allow_coref=False)
        if found and tok.pos_ in NOMINAL and not _done_by(g):
            # "a member of the Syrian parliament": the sentence names the actor so (not "acts of
            # violence committed by X": the doer of a deed names itself)
            text = phrase(tok, g)
            if text:
                found = [(a, replace(anc, texts={**anc.texts, a.id: text})) for a, anc in found]
        # "the republics of South Ossetia and Abkhazia": each conjunct, named by itself
        return _unique([*found, *(f for c in g.conjuncts for f in actors_at(ctx, c, depth - 1, allow_coref=False))])
    return []


def _done_by(tok: Token) -> bool:
    """ "violence committed by X": a noun with a participle that has an agent."""
    return any(c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children) for c in tok.children)


def args(ctx: Ctx, toks) -> list[Found]:
    """Actors of argument tokens and their conjuncts ("the US and Iran"), each actor once."""
    key = tuple(t.i for t in toks)
    hit = ctx.memo.get(key)
    if hit is None:
        hit = ctx.memo[key] = _args(ctx, toks)
    return list(hit)


def _args(ctx: Ctx, toks) -> list[Found]:
    out: list[Found] = []
    seen: set[int] = set()
    other = ctx.frames.w("other")
    for tok in toks:
        for t in (tok, *tok.conjuncts, *_listed(ctx, tok)):
            if t.i in seen:
                continue
            seen.add(t.i)
            if any(c.dep_ == "amod" and c.lower_ in other for c in t.children):
                continue  # "X and other groups": no actor named
            for a, anc in actors_at(ctx, t):
                if all(a.id != b.id for b, _ in out):
                    out.append((a, anc))
    return out


def _unique(found) -> list[Found]:
    out: list[Found] = []
    for a, anc in found:
        if all(a.id != b.id for b, _ in out):
            out.append((a, anc))
    return out


def _listed(ctx: Ctx, tok: Token) -> list[Token]:
    """List members the parser hung on ``tok`` or its conjuncts: appositions, "including X and Y"."""
    if not tok.n_rights:
        return _nominal_list(tok)
    listing = ctx.frames.w("listing")
    included = [
        m
        for t in (tok, *tok.conjuncts)
        for c in t.rights
        if c.dep_ == "prep" and c.lower_ in listing
        for g in c.children
        if g.dep_ == "pobj"
        for m in (g, *g.conjuncts)
    ]
    return included + _appositive_list(tok) + _nominal_list(tok)


def _nominal_list(tok: Token) -> list[Token]:
    """ "Arnor, Calenardhon and the awful Gondor": a list the parser hung on its last member."""
    return [
        m
        for c in tok.children
        if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < tok.i and any(g.dep_ == "conj" for g in c.children)
        for m in (c, *c.conjuncts)
    ]


def _appositive_list(tok: Token) -> list[Token]:
    # "Mordor, the Shire, Fornost and Bree": a list the parser split into an apposition
    listed = [
        g
        for c in tok.rights
        if c.dep_ == "appos" and any(x.dep_ == "conj" for x in c.rights)
        for g in (c, *c.conjuncts)
    ]
    if any(c.dep_ == "conj" for c in tok.rights):
        # "Mordor, the awful Fornost, and Gondor": a list member parsed as an apposition
        listed += [c for c in tok.rights if c.dep_ == "appos" and c.pos_ in NOMINAL]
    return listed


def _objects_of(head: Token, preps) -> list[Token]:
    return [g for c in head.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def prep_objects(heads, preps) -> list[Token]:
    """The objects of the prepositions ``preps`` that hang on any of ``heads``, in order."""
    return [g for h in heads for g in _objects_of(h, preps)]


def is_place(ctx: Ctx, actor: Actor, anchor: Anchor) -> bool:
    """A state named by a place in it: a city the gazetteer knows as the state's metonym
    ("Kabul"), or a place name it does not know ("Kandahar", found by the NER alone)."""
    if actor.kind != "State":
        return False
    if anchor.ner_only:
        return True
    from kg.gazetteer import load_gazetteer

    text = anchor.text_of(ctx.doc, actor.id)
    entry = load_gazetteer().lookup(text) if text else None
    return entry is not None and entry.form_kind == "metonym"


def is_territory(ctx: Ctx, actor: Actor, anchor: Anchor) -> bool:
    """A state named by a place or a part of it ("Kabul", "southern Afghanistan"), not by its name."""
    if is_place(ctx, actor, anchor):
        return True
    text = (anchor.text_of(ctx.doc, actor.id) or "").lower().removeprefix("the ")
    return actor.kind == "State" and bool(text) and text not in {n.lower() for n in (actor.label, *actor.aliases)}


def nested_parties(ctx: Ctx, frontier: list[Token]) -> list[Token]:
    """The parties named by "between" / "with" inside ``frontier`` ("a resumption of ties between X
    and Y", "the implementation of the accord between X and Y"), through "of" phrases."""
    nested_preps = ctx.frames.w("nested_preps")
    for _ in range(3):
        nxt: list[Token] = []
        for tok in frontier:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in nested_preps:
                    found = [g for g in c.children if g.dep_ == "pobj"]
                    if found:
                        return found
                if c.dep_ == "prep" and c.lower_ == "of":
                    nxt.extend(g for g in c.children if g.dep_ == "pobj")
        frontier = nxt
    return []


def phrase(head: Token, pobj: Token) -> str | None:
    """ "members of the Syrian parliament": the noun phrase from ``head`` through its "of" object."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (
        doc[start].dep_ in ("det", "predet", "punct", "cc") or doc[start].lower_ in ("the", "a", "an")
    ):
        start += 1
    end = pobj.right_edge.i + 1
    if end - start > MAX_PHRASE or any(t.pos_ in VERBISH or t.dep_ == "cc" for t in doc[pobj.i : end]):
        end = pobj.i + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    if end - start > MAX_PHRASE:
        return None
    return doc[start:end].text.replace("_", " ")
