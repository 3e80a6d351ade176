"""Adjective frames: "Cuba is hostile to the US", "Israel is opposed to French mediation".

An attributive adjective relates the noun it qualifies; a predicative one the subject of its
clause; the object is the frame's prepositional phrase. A participle the parser took for a
passive verb ("is opposed to") reads as the adjective.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import VERBISH, Ctx, actors_at, args, prep_objects
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.syntax import subject_tokens

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.nlp.tables import LexEntry


def adjective_candidates(ctx: Ctx, a: Token, frames: tuple[LexEntry, ...]) -> list[Candidate]:
    """Candidates of an adjective trigger (its first frame)."""
    frame = frames[0]
    objects = args(ctx, prep_objects([a], frame.preps))
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
        subj_toks, steps = [c for c in v.children if c.dep_ == "nsubjpass"], 0
    return emit(
        ctx,
        v,
        frame,
        args(ctx, subj_toks),
        args(ctx, prep_objects([v], frame.preps)),
        "verb" if steps == 0 else "inherited",
        steps,
        None,
    )
