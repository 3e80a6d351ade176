"""Candidates: relations found by a frame, before they become mentions.

:func:`emit` turns the subject and object actors a frame found into candidates: every subject
with every object, or -- for a symmetric relation with no object -- every pair of subjects
("X and Y are rivals"); no actor relates to itself, its own organ or its own people; the
modality of the trigger is attached, and an obligation ("X and Y must agree") states nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import Ctx, Found, children
from kg.nlp.relations.modality import modality
from kg.nlp.relations.syntax import obliged

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.model import Actor
    from kg.nlp.tables import LexEntry

#: Patterns whose subjects are already the pair of a symmetric relation.
PAIR_PATTERNS = {"description", "noun-pair", "joint"}


@dataclass
class Candidate:
    """A relation before it becomes a :class:`~kg.model.RelationMention`."""

    subject: Actor
    prop: str
    object: Actor
    pattern: str
    trigger: int
    negated: bool = False
    hedged: bool = False
    attributed_to: Actor | None = None
    steps: int = 0
    ner_only: bool = False
    coref: bool = False
    #: the anchors the subject and object were found at (they name them: :meth:`texts`)
    anchors: tuple = ()

    def texts(self, doc) -> tuple[str | None, str | None]:
        """How the sentence names the subject and the object (computed only when asked: it costs)."""
        if not self.anchors:
            return None, None
        sa, oa = self.anchors
        return sa.text_of(doc, self.subject.id), oa.text_of(doc, self.object.id)


def emit(
    ctx: Ctx,
    t: Token,
    entry: LexEntry,
    subjects: list[Found],
    objects: list[Found],
    pattern: str,
    steps: int,
    verb: Token | None,
    prop_override: str | None = None,
    unnamed_object: bool = False,
) -> list[Candidate]:
    """Candidates of one frame at trigger ``t`` (see the module docstring).

    ``unnamed_object``: the frame has an object that names no actor ("X and Y met reporters"),
    so coordinated subjects are not each other's partners.
    """
    prop = prop_override or entry.prop
    # reciprocal use is a property of the word ("X and Y fought"), not of the relation ("X and Y
    # defeated ..." is no fight between X and Y though fights is symmetric)
    reciprocal_ok = ("sym" in entry.flags and not unnamed_object) or "mutual" in entry.flags
    if not objects and len(subjects) >= 2 and reciprocal_ok and pattern not in PAIR_PATTERNS:
        pattern = "reciprocal"
    if objects:
        # the object's own coreferent possessive pointing back at the subject is no object
        subj_ids = {a.id for a, _ in subjects}
        objects = [(a, anc) for a, anc in objects if not (anc.source == "coref" and a.id in subj_ids)]
    hostile = ctx.frames.polarity[prop] == "conflict"
    pairs = [
        (s, o)
        for s, o in _pairs(subjects, objects, reciprocal_ok)
        if objects or not hostile or not _one_party(ctx, s, o)
    ]
    if not pairs:
        return []
    mod = modality(ctx, t, verb, hostile=hostile)
    if mod.overridden:
        return []
    if mod.reversed_to is not None:
        prop = mod.reversed_to  # "stopped funding X": a cut in cooperation
    if mod.failed:
        # "X and Y failed to reach a deal / struggled to reconcile": they are at odds; "X failed to
        # support Y": no support
        together = ctx.frames.lex.failed.get("symmetric")
        if prop in ctx.frames.symmetric and together is not None:
            prop = together
        else:
            mod.negated = True
    if pattern not in ("must", "control") and obliged(ctx, t if verb is None else verb):
        return []  # "X and Y must reach an agreement" states a demand, not an agreement
    if "noperson" in entry.flags:
        pairs = [(s, o) for s, o in pairs if s[0].kind != "Person" and o[0].kind != "Person"]
    return [
        Candidate(
            subject=s,
            prop=prop,
            object=o,
            pattern=pattern,
            trigger=t.i,
            negated=mod.negated,
            hedged=mod.hedged,
            attributed_to=mod.attributed_to,
            steps=steps,
            ner_only=sa.ner_only or oa.ner_only,
            coref=sa.source == "coref" or oa.source == "coref",
            anchors=(sa, oa),
        )
        for (s, sa), (o, oa) in pairs
        if not same_side(s, o)
    ]


def same_side(s: Actor, o: Actor) -> bool:
    """No relation of an actor with itself, its own organ or its own people."""
    return (
        s.id == o.id or s.part_of == o.id or o.part_of == s.id or o.id == f"{s.id}-people" or s.id == f"{o.id}-people"
    )


def _one_party(ctx: Ctx, a: Found, b: Found) -> bool:
    """Two names coordinated under one member of a longer list are one party ("a war between
    Georgia, Russia and the republics of South Ossetia and Abkhazia": the republics are not at
    war with each other; they may well be allies)."""
    ta, tb = _token(ctx, a), _token(ctx, b)
    if ta is None or tb is None:
        return False
    if ta.i == tb.i:
        owner = ta  # "the armies of X and Y", both found at "armies"
    else:
        ra, rb = _conj_root(ta), _conj_root(tb)
        if ra.i != rb.i or ra.dep_ != "pobj" or ra.head.lower_ != "of":
            return False
        owner = ra.head.head  # "the republics": itself a member of the list
    return owner.dep_ == "conj" or any(c.dep_ == "conj" for c in children(ctx, owner))


def _token(ctx: Ctx, found: Found):
    where = found[1].where.get(found[0].id)
    return ctx.doc[where[0]] if where is not None and 0 <= where[0] < len(ctx.doc) else None


def _conj_root(tok):
    for _ in range(8):
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _pairs(subjects: list[Found], objects: list[Found], reciprocal_ok: bool):
    if objects:
        for s in subjects:
            for o in objects:
                yield s, o
    elif reciprocal_ok and len(subjects) >= 2:
        yield from combinations(subjects, 2)
