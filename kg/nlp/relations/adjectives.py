"""Adjective frames: "Cuba is hostile to the US", "Israel is opposed to French mediation".

An attributive adjective relates the noun it qualifies; a predicative one the subject of its
clause; the object is the frame's prepositional phrase. A participle the parser took for a
passive verb ("is opposed to") reads as the adjective. A prefix (flag ``prefix``: "pro-",
"anti-") relates whoever holds the stance to the name after its dash ("an anti-Russian stance",
"firmly pro-Russia", "pro-Iranian militias").
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import (
    DASHES,
    NOMINAL,
    VERBISH,
    Ctx,
    actors_at,
    args,
    children,
    possessors,
    prep_objects,
)
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.syntax import subject_tokens

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.nlp.tables import LexEntry


def adjective_candidates(ctx: Ctx, a: Token, frames: tuple[LexEntry, ...]) -> list[Candidate]:
    """Candidates of an adjective trigger (its first frame)."""
    frame = frames[0]
    objects = args(ctx, prep_objects(ctx, [a], frame.preps))
    verb = a.head if a.head.pos_ in VERBISH else None
    if a.dep_ == "amod":
        subjects, steps = actors_at(ctx, a.head), 1
    elif verb is None:
        return []
    else:
        subj_toks, steps = subject_tokens(ctx, verb)
        subjects = args(ctx, subj_toks)
    return emit(ctx, a, frame, subjects, objects, "verb" if steps == 0 else "inherited", steps, verb)


def stative_candidates(ctx: Ctx, v: Token, frames: tuple[LexEntry, ...]) -> list[Candidate]:
    """ "Israel is opposed to French mediation": a participle parsed as a passive verb is the adjective."""
    frame = frames[0]
    if v.dep_ == "acomp":
        subj_toks, steps = subject_tokens(ctx, v.head)
    else:
        subj_toks, steps = [c for c in children(ctx, v) if c.dep_ == "nsubjpass"], 0
    return emit(
        ctx,
        v,
        frame,
        args(ctx, subj_toks),
        args(ctx, prep_objects(ctx, [v], frame.preps)),
        "verb" if steps == 0 else "inherited",
        steps,
        None,
    )


def prefix_candidates(ctx: Ctx, p: Token, frame: LexEntry) -> list[Candidate]:
    """ "an anti-Russian stance", "has been firmly pro-Russia": the holder of the stance relates to
    the actor named after the prefix's dash, named by the prefixed words ("anti-Russian")."""
    doc = p.doc
    if p.i + 2 >= len(doc) or doc[p.i + 1].text not in DASHES:
        return []
    end = p.i + 2
    while end < len(doc) - 1 and end not in ctx.anchors and doc[end].pos_ == "PROPN":
        end += 1  # "pro-Kurdish Workers' Party": the name's last word holds the anchor
    anchor = ctx.anchors.get(end)
    if anchor is None or anchor.source == "coref":
        return []
    text = doc[p.i : end + 1].text
    objects = [(a, replace(anchor, texts={**anchor.texts, a.id: text})) for a in anchor.actors]
    holder = _stance_holder(ctx, p, end)
    if holder is None:
        return []
    subjects, steps, verb = holder
    return emit(ctx, p, frame, subjects, objects, "verb" if steps == 0 else "inherited", steps, verb)


def _stance_holder(ctx: Ctx, p: Token, end: int):
    """Who holds a prefixed stance: the noun it qualifies when that names an actor ("pro-Iranian
    militias"), else the noun's possessor or the subject of its verb ("Poland has an anti-Russian
    stance"), or the subject of the clause it is predicated of ("Belarus is pro-Russia")."""
    span = range(p.i, end + 1)
    head = next((t.head for t in p.doc[p.i : end + 1] if t.head.i not in span), None)
    if head is None:
        return None
    if head.pos_ in NOMINAL:
        own = actors_at(ctx, head, depth=0)
        if own:
            return own, 1, None
        owners = args(ctx, possessors(ctx, head))
        if owners:
            return owners, 1, None
        from kg.nlp.relations.syntax import governing_verb

        verb = governing_verb(ctx, head)[0]
        if verb is None:
            return None
        head = verb
    if head.pos_ not in VERBISH:
        return None
    subj_toks, steps = subject_tokens(ctx, head)
    return args(ctx, subj_toks), steps, head
