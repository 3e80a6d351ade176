"""Where each name stands in its phrase: which token anchors which actor.

A name alone anchors itself ("Iran" in "Iran attacked"). A name qualifying a group noun
anchors the group at the noun ("Iraqi" -> the Military of Iraq at "army"); a country in
front of a titled person anchors the official at the person; "Pakistani-backed
militants" adds the militants as an actor of their own. :func:`merge` then keeps one
:class:`~kg.nlp.actors.anchors.Anchor` per token, a group or official replacing the plain
name at the same token.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from kg.model import Actor
from kg.nlp.actors.anchors import Anchor
from kg.nlp.actors.groups import group_actor, state_actor
from kg.nlp.actors.names import apposed_name
from kg.nlp.actors.officials import leader_of, official, title_owner, title_start
from kg.nlp.actors.surface import BASED_VERBS, MODIFIER_DEPS
from kg.nlp.actors.unnamed import backed_actor
from kg.nlp.actors.words import relation_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.nlp.actors.names import Name
    from kg.nlp.actors.words import NounTables

_STATELIKE = {"State"}
#: How a name was found (``Name.source``); an anchor placed by a rule below has another ``how``.
NAME_SOURCES = ("ner", "gazetteer", "fallback")


class Placement(NamedTuple):
    """One actor at one anchor token: ``how`` it got there, the ``source`` of its name, the name's span.

    A named tuple: a few are made per name, and a tuple is several times cheaper to make than a
    frozen dataclass."""

    token: int
    actor: Actor
    how: str  # gazetteer | ner | fallback | unnamed | group | person
    source: str  # gazetteer | ner | fallback | unnamed
    start: int
    end: int


@dataclass
class _Names:
    """The names of one doc and where they are, for the placement rules."""

    doc: Doc
    names: list[Name]
    tables: NounTables
    gaz: object
    at: dict[int, Name] = field(default_factory=dict)  # token index -> the name covering it

    def __post_init__(self):
        self.at = {i: n for n in self.names for i in range(n.span.start, n.span.end)}


def place(doc: Doc, names: list[Name], tables: NounTables, gaz) -> list[Placement]:
    """The placements of all names of a doc (see the module docstring)."""
    names = _described_groups(names, tables)
    ctx = _Names(doc, names, tables, gaz)
    placed: list[Placement] = []
    for name in names:
        first = name.root  # a conjunct modifier ("Hungarian and Romanian officials") attaches like its first
        dep = first.dep_
        for _ in range(8):
            if dep != "conj":
                break
            first = first.head
            dep = first.dep_
        head, is_mod = _qualified(first, dep, ctx.at)
        if is_mod and head.i not in ctx.at:
            described = _described(ctx, head, name)
            if described is not None:
                placed.append(described)
                continue
            found = _group(ctx, name, head)
        elif is_mod:
            found = _titled_person(ctx, name, head)
        else:
            found = None
        if found is None:  # the name stands for itself, or for whom its titles name
            backed = _backed_group(doc, name.span, name.actor, dep, head, ctx.at, tables.groups)
            if backed is not None:
                placed.append(Placement(backed[0], backed[1], "group", name.source, name.span.start, backed[0] + 1))
            found = _itself(ctx, name)
        placed.append(found)
    return placed


#: Kinds of group nouns that make a person-typed name beside them a group ("the militant group X").
_GROUP_KINDS = ("ArmedGroup", "Organization", "Group")


def _described_groups(names: list[Name], tables: NounTables) -> list[Name]:
    """ "the militant group Ahlu Sunna", "Ahlu Sunna, a Sufi militia": a name the NER took for a
    person, described by a group noun, is the group (its kind from the noun)."""
    out = []
    for name in names:
        root = name.root
        if name.actor.kind == "Person" and name.source == "ner" and not leader_of(name.actor, tables.leaders):
            noun = root.head if root.dep_ == "appos" else next((c for c in root.rights if c.dep_ == "appos"), None)
            kind = None if noun is None else tables.groups.get(noun.lemma_.lower())
            armed = [tables.armed[c.lower_] for c in noun.lefts if c.lower_ in tables.armed] if noun is not None else []
            if armed and kind in _GROUP_KINDS:
                kind = armed[0]  # "the militant group X": an armed group
            if noun is not None and noun.pos_ == "NOUN" and kind in _GROUP_KINDS:
                name = replace(name, actor=replace(name.actor, kind=kind))
        out.append(name)
    return out


def _described(ctx: _Names, head, name: Name) -> Placement | None:
    """ "Hezbollah, a Shia militant group": the group noun is Hezbollah, named as the text describes it."""
    groups = ctx.tables.groups
    if head.pos_ != "NOUN" or (head.lemma_.lower() not in groups and head.lower_ not in groups):
        return None
    described = apposed_name(head, ctx.at)
    if described is None or described.actor.kind == "Person" or described is name:
        return None
    return Placement(head.i, described.actor, "group", described.source, name.span.start, name.span.end)


def _group(ctx: _Names, name: Name, head) -> Placement | None:
    """A name qualifying a group noun or a title: the group ("Iraqi army"), or the official the title
    makes of the state ("the Iraqi president", "German Foreign Minister Oskar Fischer")."""
    tables, actor, span = ctx.tables, name.actor, name.span
    lemma = head.lemma_.lower()
    title = lemma in tables.titles or head.lower_ in tables.titles
    kind = tables.groups.get(lemma) or tables.groups.get(head.lower_) or ("Government" if title else None)
    if kind is None or (actor.kind == "Person" and not leader_of(actor, tables.leaders)):
        return None
    # "Afghan rebel leaders", "Syrian rebel forces": a group noun in between names the group
    # (not "government forces": a state's forces are its military)
    for c in head.children:
        if c.dep_ != "compound" or c.i <= span.end - 1:
            continue
        inner = tables.groups.get(c.lemma_.lower())
        if inner and inner != kind and not (inner == "Government" and lemma in tables.forces):
            kind, head, title = inner, c, False
            break
    # "war planners": a compound noun between modifier and head keeps the head
    result = group_actor(actor, head, kind, span, fallback=name.source == "fallback", gaz=ctx.gaz, tables=tables)
    target, how = head, "group"
    if title and head.tag_ not in ("NNS", "NNPS") and actor.kind != "Person":
        result, how = official(actor), "person"  # "the Iraqi president", "the Emir of Qatar"
    person = ctx.at.get(head.head.i)
    if (
        kind == "Government"
        and title
        and head.dep_ == "compound"
        and person is not None
        and person.actor.kind == "Person"
    ):
        target, how = head.head, "person"  # "German Foreign Minister Oskar Fischer"
        result = official(actor, person.actor)
    return Placement(target.i, result, how, name.source, span.start, span.end)


def _titled_person(ctx: _Names, name: Name, head) -> Placement | None:
    """ "Gondor's Prime Minister Falastur": a country qualifying a titled person's name is whom he serves."""
    other = ctx.at[head.i]
    titles = ctx.tables.titles
    if other.actor.kind != "Person" or (name.actor.kind not in _STATELIKE and name.source != "fallback"):
        return None
    if not (
        any(t.lower_ in titles for t in head.children if t.dep_ == "compound")
        or any(t.lower_ in titles for t in other.span)
    ):
        return None
    return Placement(head.i, official(name.actor, other.actor), "person", name.source, name.span.start, name.span.end)


def _itself(ctx: _Names, name: Name) -> Placement:
    """A name that qualifies nothing: itself, a known leader's state, or whom a person's titles name."""
    actor, span, result, how, start = name.actor, name.span, name.actor, name.source, name.span.start
    if actor.kind == "Person":
        start = title_start(ctx.doc, span.start, ctx.tables)  # the label keeps the titles: "President X"
    if name.source != "gazetteer":
        owner = title_owner(ctx.doc, name, ctx.at, ctx.tables, ctx.gaz) if actor.kind == "Person" else None
        leader = leader_of(actor, ctx.tables.leaders)
        if owner is not None:  # "U.S. Secretary of State Antony Blinken", "Hezbollah leader X"
            (start, result), how = owner, "person"
        elif leader is not None:  # "Putin", "President Obama": a known leader is his state
            result, how = state_actor(ctx.gaz, leader), "person"
    return Placement(name.root.i, result, how, name.source, start, span.end)


def _qualified(first, dep: str, name_at) -> tuple:
    """The noun a name qualifies (``head``) and whether it does (``is_mod``).

    "the Iraqi army", "the government of Gondor", "soldiers from Gondor", "a terror group
    based in Trinidad": the name qualifies the noun, unless that noun has a name of its own.
    """
    head = first.head
    prep = head.lower_ if dep == "pobj" else None
    if (
        prep == "in"
        and head.head.dep_ == "acl"
        and head.head.lemma_.lower() in BASED_VERBS
        and head.head.head.pos_ == "NOUN"
    ):
        head = head.head.head  # "a terror group based in Trinidad", "guerrillas operating in X"
        is_mod = head.i not in name_at and not any(c.i in name_at for c in head.children if c.dep_ in MODIFIER_DEPS)
    elif prep in ("of", "in", "from") and head.dep_ == "prep":
        head = head.head  # "the government of Gondor", "soldiers from Gondor"
        is_mod = (
            head.pos_ in ("NOUN", "PROPN")
            and head.i not in name_at
            and head.lower_ != "state"
            and not any(c.i in name_at and c.dep_ in MODIFIER_DEPS for c in head.children)
            and not (prep == "from" and head.lemma_.lower() in relation_nouns())  # "opposition from X": X opposes
        )
    else:
        is_mod = dep in MODIFIER_DEPS and head.i != first.i
    return head, is_mod


#: How a backer's name hangs on the participle ("Pakistani-backed militants").
_BACKER_DEPS = ("npadvmod", "compound", "nmod")


def _backed_group(doc, span, backer, dep: str, head, name_at, groups) -> tuple[int, Actor] | None:
    """ "Pakistani-backed militants": the militants are an actor of their own (token, actor); ``dep``
    is how the backer's name hangs on ``head``."""
    if dep not in _BACKER_DEPS or head.tag_ != "VBN" or head.dep_ != "amod" or head.head.i in name_at:
        return None
    noun = head.head
    kind = groups.get(noun.lemma_.lower()) or groups.get(noun.lower_)
    if kind is None or any(c.i in name_at for c in noun.children if c.i != head.i):
        return None
    whole = _description_of(noun, name_at, groups)
    if whole is not None:
        return noun.i, whole  # "the SNA, a coalition of Turkish-backed militias": the militias are the SNA
    return noun.i, backed_actor(backer, head.lemma_, noun, doc[span.start : noun.i + 1].text, kind)


def _description_of(noun, name_at, groups) -> Actor | None:
    """The named actor a group noun describes as part of "X, a coalition of <noun>", if any."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "of":
        return None
    whole = prep.head
    if whole.pos_ != "NOUN" or (whole.lemma_.lower() not in groups and whole.lower_ not in groups):
        return None
    described = apposed_name(whole, name_at)
    if described is None and whole.dep_ == "attr":  # "the NLA is a coalition of Turkish-backed militias"
        subj = next((c for c in whole.head.children if c.dep_ == "nsubj"), None)
        described = name_at.get(subj.i) if subj is not None else None
    return None if described is None or described.actor.kind == "Person" else described.actor


def merge(placements: list[Placement]) -> dict[int, Anchor]:
    """One anchor per token: a group or official replaces the plain name at its token."""
    person_tokens = {p.token for p in placements if p.how == "person"}
    anchors: dict[int, Anchor] = {}
    for p in placements:
        if p.token in person_tokens and p.how != "person":
            continue  # the official replaces the plain name
        anchor = anchors.get(p.token)
        if p.how in ("group", "person") and anchor is not None and anchor.source in NAME_SOURCES:
            anchor = None  # the group replaces the plain name at that token
        elif p.how in NAME_SOURCES and anchor is not None and anchor.source in ("group", "person"):
            continue
        elif p.how == "person" and anchor is not None and anchor.source == "person":
            continue  # one official is one actor: the first reading of his titles
        from_ner = p.source in ("ner", "fallback", "unnamed")
        if anchor is None:
            anchor = anchors[p.token] = Anchor([p.actor], p.how, ner_only=from_ner)
        elif p.actor.id not in {a.id for a in anchor.actors}:
            anchor.actors.append(p.actor)
            anchor.ner_only = anchor.ner_only and from_ner
        anchor.where.setdefault(p.actor.id, (p.token, p.start, p.end))
    return anchors
