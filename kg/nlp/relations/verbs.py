"""Verb frames: "Iran attacked Iraq", "Iraq was attacked by Iran", "supplied weapons to Ukraine".

The subject is the verb's own (the agent of a passive), else inherited from the clause above
(:func:`kg.nlp.relations.syntax.subject_tokens`). The object is looked for in the argument
positions of :data:`OBJECT_SLOTS`, in order, until one names an actor; a slot marked with a
flag is tried only for frames of ``lexicon.tsv`` that carry the flag. The lexicon lists a
trigger's frames in order: the first frame that yields a relation wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import (
    VERBISH,
    Ctx,
    Found,
    actors_at,
    args,
    cause_targets,
    children,
    conjuncts,
    is_territory,
    misattached_owner,
    nested_parties,
    pobjs,
    prep_objects,
)
from kg.nlp.relations.candidates import Candidate, emit, same_side
from kg.nlp.relations.syntax import is_passive, subject_tokens
from kg.nlp.tables import LexEntry

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

#: Dependents of a prenominal participle that name its subject ("Iranian-backed militias").
PARTICIPLE_SUBJECT_DEPS = {"npadvmod", "compound", "nmod", "amod", "advmod"}


@dataclass
class Clause:
    """A verb trigger with what is found once for all its frames."""

    t: Token
    passive: bool
    subj_toks: list[Token]
    steps: int
    pattern: str
    #: the noun a participle / relative clause describes ("militias backed by Iran")
    described: list[Token]


@dataclass
class Search:
    """The object search of one frame: tokens found so far, the actors among them, the pattern."""

    toks: list[Token] = field(default_factory=list)
    objects: list[Found] = field(default_factory=list)
    pattern: str = ""
    #: direct or prepositional objects seen, actors or not ("met reporters")
    seen: list[Token] = field(default_factory=list)


def verb_candidates(ctx: Ctx, t: Token, frames: tuple[LexEntry, ...]) -> list[Candidate]:
    """Candidates of a verb trigger (the first frame with a result wins)."""
    if t.dep_ == "amod" and t.tag_ in ("VBN", "VBD"):
        return _participle(ctx, t, frames[0])
    passive = is_passive(ctx, t)
    subj_toks, steps = subject_tokens(ctx, t)
    if not passive and not args(ctx, subj_toks) and not _controlled(ctx, t):
        return []  # no subject and no one else's: nothing to relate (most verbs of a text)
    clause = Clause(
        t,
        passive,
        subj_toks,
        steps,
        "passive" if passive else ("verb" if steps == 0 else "inherited"),
        _described(ctx, t),
    )
    for frame in frames:
        cands = _frame(ctx, clause, frame)
        if cands:
            return cands
    return []


def _participle(ctx: Ctx, t: Token, frame: LexEntry) -> list[Candidate]:
    """ "Iranian-backed militias": the modifier of the participle supports the noun (the named whole
    they make up: "the SNA, a coalition of Turkish-backed militias")."""
    subjects = args(ctx, [c for c in children(ctx, t) if c.dep_ in PARTICIPLE_SUBJECT_DEPS])
    return emit(ctx, t, frame, subjects, _whole(ctx, t.head) or actors_at(ctx, t.head), "participle", 1, None)


def _whole(ctx: Ctx, part: Token) -> list[Found]:
    """The named actor a noun's members make up ("the SNA, a coalition of X-backed militias")."""
    of = part.head
    if part.dep_ != "pobj" or of.lower_ != "of" or of.head.lemma_.lower() not in ctx.frames.w("collectives"):
        return []
    whole = of.head
    return args(ctx, [whole.head]) if whole.dep_ == "appos" else actors_at(ctx, whole, depth=0)


def _described(ctx: Ctx, t: Token) -> list[Token]:
    """ "militias backed by Iran": the noun a participle describes is its object."""
    if not (t.dep_ == "acl" and t.tag_ == "VBN"):
        return []
    if t.head.dep_ == "appos" and actors_at(ctx, t.head.head):
        return [t.head.head]  # "Hezbollah, a militant group backed by Iran": the named actor
    return [t.head]


def _frame(ctx: Ctx, clause: Clause, frame: LexEntry) -> list[Candidate]:
    t = clause.t
    search = Search(pattern=clause.pattern)
    for slot in OBJECT_SLOTS:
        slot(ctx, clause, frame, search)
    subjects = args(ctx, clause.subj_toks)
    if clause.passive and not subjects and search.objects:
        subjects = _state_in_place(ctx, clause, frame, search)
    override = "sanctions" if _recalls(ctx, t) and frame.prop != "sanctions" else None
    unnamed = not search.objects and any(not _reciprocal_pronoun(ctx, tok) for tok in search.seen + search.toks)
    cands = emit(
        ctx, t, frame, subjects, search.objects, search.pattern, clause.steps, None, override, unnamed_object=unnamed
    )
    if (cands and search.objects) or unnamed:
        # together against a third party ("recaptured towns from X") or a thing ("the towns X and Y
        # have retaken"), not "fought each other"
        cands += _joint(ctx, clause, frame, subjects)
    if cands and search.objects:
        cands += _against(ctx, clause, frame, subjects, search.objects)
    return cands + _control(ctx, clause, frame, subjects, search.objects)


# ------------------------------------------------------------------ object slots, in order
def _direct(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """The direct object (the subject of a passive; the described noun of a participle)."""
    t = clause.t
    if "terr" in frame.flags and _taken_from(ctx, t, s):
        return
    if not frame.direct:
        return
    if clause.passive:
        s.toks = [c for c in children(ctx, t) if c.dep_ == "nsubjpass"] or clause.described or _conjoined_subject(t)
        return
    s.toks = [c for c in children(ctx, t) if c.dep_ == "dobj"] or _fronted_object(ctx, t)
    # "kidnapped up to 16 advisers": a quantity parsed as particle + preposition
    s.toks += [
        g
        for c in children(ctx, t)
        if c.dep_ == "prt" and c.lower_ == "up"
        for p in children(ctx, c)
        if p.lower_ == "to"
        for g in children(ctx, p)
        if g.dep_ == "pobj"
    ]
    if not s.toks:  # "cordoned off the roads": a particle parsed as a preposition
        s.toks = [
            g
            for c in children(ctx, t)
            if c.dep_ == "prep" and c.lower_ in ctx.frames.w("particles") and c.i == t.i + 1
            for g in children(ctx, c)
            if g.dep_ == "pobj"
        ]
    if s.toks and not args(ctx, s.toks):
        # "designated two individuals from the regime": the owner phrase hung on the verb
        s.toks = s.toks + misattached_owner(ctx, t, s.toks, frame.preps)


def _fronted_object(ctx: Ctx, t: Token) -> list[Token]:
    """ "the towns X and Y have retaken include ...": a relative clause without "that" the parser
    read as a second subject; the first, naming no actor, is the object."""
    subjects = [c for c in children(ctx, t) if c.dep_ == "nsubj"]
    if len(subjects) < 2 or not args(ctx, subjects[1:]) or actors_at(ctx, subjects[0]):
        return []
    return subjects[:1]


def _conjoined_subject(t: Token) -> list[Token]:
    """ "X controls the east and has been supported by Y": a coordinated passive's patient is the
    subject of the verb it is coordinated with."""
    if t.dep_ != "conj":
        return []
    return [c for c in t.head.children if c.dep_ in ("nsubj", "nsubjpass")]


def _taken_from(ctx: Ctx, t: Token, s: Search) -> bool:
    """``terr``: "captured the town from X", "recaptured a number of towns from X": X is the party."""
    holders = [t, *(d for d in children(ctx, t) if d.dep_ == "dobj")]
    holders += [g for h in holders[1:] for g in prep_objects(ctx, [h], ("of",))]
    toks = prep_objects(ctx, holders, ("from",))
    if args(ctx, toks):
        s.toks = toks
        return True
    return False


def _prepositional(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """No actor as direct object: "supplied weapons to Ukraine", "gave Kiev aid", "cooperate with"."""
    s.seen.extend(s.toks)
    found = args(ctx, s.toks)
    if found and not _own(ctx, clause, found):
        return
    t = clause.t
    s.toks = []
    dobjs = [c for c in children(ctx, t) if c.dep_ == "dobj"]
    particles = [c for c in children(ctx, t) if c.dep_ in ("prt", "advmod") and c.lower_ in ctx.frames.w("particles")]
    polar = ctx.frames.w(f"dobj_preps_{ctx.frames.polarity[frame.prop]}")
    if t.lemma_.lower() in ctx.frames.w("disapproving") and any(d.lemma_.lower() in ctx.frames.nouns for d in dobjs):
        polar = frozenset()  # "condemned the attack on X": aimed at the attacker, not at X
    # "pushed back against X": the preposition may hang on the particle
    for c in [
        *children(ctx, t),
        *(g for d in dobjs for g in children(ctx, d)),
        *(g for p in particles for g in children(ctx, p)),
    ]:
        on_dobj = c.head.i != t.i
        if c.dep_ == "prep" and (
            c.lower_ in frame.preps
            or ("dat" in frame.flags and c.lower_ == "to")
            or (on_dobj and frame.direct and c.lower_ in polar)
        ):
            s.toks.extend(pobjs(ctx, c))
        elif c.dep_ == "dative" and "dat" in frame.flags:
            s.toks.append(c if c.pos_ != "ADP" else next((g for g in children(ctx, c) if g.dep_ == "pobj"), c))
    s.seen.extend(s.toks)


def _own(ctx: Ctx, clause: Clause, found: list[Found]) -> bool:
    """The actors found are all the subject's own ("recalled its ambassador from X")."""
    subjects = args(ctx, clause.subj_toks)
    return bool(subjects) and all(any(same_side(s, a) for s, _ in subjects) for a, _ in found)


def _relative_head(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """ "the militias the US relies on": a relative clause's head."""
    t = clause.t
    if not s.toks and t.dep_ == "relcl" and clause.subj_toks and clause.subj_toks[0].i != t.head.i:
        s.toks = [t.head]
    if not s.toks and clause.described:
        s.toks = clause.described


def _clause_subject(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """``ccobj``: "demanded that the US cancel ...": the that-clause's subject is the object."""
    if "ccobj" not in frame.flags or args(ctx, s.toks):
        return
    for x in children(ctx, clause.t):
        if x.dep_ == "ccomp":
            s.toks = [c for c in children(ctx, x) if c.dep_ in ("nsubj", "nsubjpass")]
            if s.toks:
                s.pattern = "ccobj"
                break


def _infinitive_object(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """``xobj``: "threatened to cut power to X" (an ``over`` verb does not oppose what it refuses to break)."""
    if "xobj" not in frame.flags or args(ctx, s.toks):
        return
    s.toks = []
    for x in children(ctx, clause.t):
        if x.dep_ != "xcomp" or ("over" in frame.flags and x.lemma_.lower() in ctx.frames.hostile_verbs):
            continue  # ("refused to cut ties with X" refuses a break, it does not oppose X)
        # "refused to back the resolution against X" refuses a thing aimed at X: no opposition to X
        aimed = ctx.frames.w("aimed_preps") if "over" in frame.flags else frozenset()
        for c in children(ctx, x):
            if c.dep_ in ("dobj", "dative"):
                s.toks.append(c)
                s.toks.extend(
                    g
                    for p in children(ctx, c)
                    if p.dep_ == "prep" and p.lower_ not in aimed
                    for g in children(ctx, p)
                    if g.dep_ == "pobj"
                )
            elif c.dep_ == "prep":
                s.toks.extend(g for g in children(ctx, c) if g.dep_ == "pobj")
    if s.toks:
        s.pattern = "xobj"


def _resolve(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """The actors among the tokens found so far."""
    s.objects = args(ctx, s.toks)


def _cause(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """A reaction that names only its cause is aimed at the cause's doer ("imposed sanctions in
    relation to the coup in X", "protested over X's strikes"; words reactions)."""
    if s.objects or frame.prop not in ctx.frames.w("reactions"):
        return
    t = clause.t
    s.objects = cause_targets(ctx, [t, *(d for d in children(ctx, t) if d.dep_ == "dobj")])


def _earlier_doer(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """ "X cracked down on protesters; Y condemned the measures": a disapproving verb's definite deed
    noun is the deed of the subject of the clause before it (words deed_nouns)."""
    t = clause.t
    if s.objects or t.lemma_.lower() not in ctx.frames.w("disapproving"):
        return
    deeds = [
        d
        for d in children(ctx, t)
        if d.dep_ == "dobj"
        and d.lemma_.lower() in ctx.frames.w("deed_nouns")
        and any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "such") for c in children(ctx, d))
    ]
    if not deeds:
        return
    earlier = [c for c in children(ctx, t) if c.dep_ in ("ccomp", "parataxis") and c.i < t.i]
    if t.dep_ in ("conj", "parataxis") and t.head.i < t.i:
        earlier.append(t.head)
    for clause_verb in earlier:
        s.objects = args(ctx, subject_tokens(ctx, clause_verb)[0])
        if s.objects:
            return


def _absolute(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """ "X has 22,000 troops, with Y contributing 4,400": a giving in a "with" clause is to the
    subject of the clause it hangs on (frames flagged ``dat``)."""
    t = clause.t
    if s.objects or "dat" not in frame.flags or t.dep_ != "pcomp" or t.head.lower_ != "with":
        return
    host = t.head.head
    if host.pos_ in VERBISH:
        s.objects = args(ctx, subject_tokens(ctx, host)[0])


def _condition(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """``cond``: "threatened to strike unless Israel withdrew": the condition's subject is the target."""
    if s.objects or "cond" not in frame.flags:
        return
    heads = [clause.t, *(x for x in children(ctx, clause.t) if x.dep_ == "xcomp")]
    marks = ctx.frames.w("condition_marks")
    conds = [
        c
        for h in heads
        for c in children(ctx, h)
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in children(ctx, c))
    ]
    s.objects = args(ctx, [g for c in conds for g in children(ctx, c) if g.dep_ in ("nsubj", "nsubjpass")])
    if s.objects:
        s.pattern = "cond"


def _nested(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """ "welcomed a resumption of ties between X and Y": the parties of an event in the object."""
    if s.objects or not frame.direct or clause.passive:
        return
    nested = _nested_parties(ctx, clause.t)
    if nested:
        s.toks, s.pattern = nested, "nested"
        s.objects = args(ctx, s.toks)


def _nested_parties(ctx: Ctx, t: Token) -> list[Token]:
    return nested_parties(ctx, [c for c in children(ctx, t) if c.dep_ == "dobj"])


def _filters(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """ "attacked other rebels" names no actor; ``terr``: a place taken is none; ``org``: leaving a
    country is no relation with it; ``goods``: "sent troops to X" is no aid to X."""
    if any(c.lower_ in ctx.frames.w("other") for c in s.toks):
        s.objects = []
    left = prep_objects(ctx, [clause.t], ("from",))
    if left and all(g.lemma_.lower() in ctx.frames.w("offices") for g in left):
        s.objects = []  # "dismissed X from his post": an appointment, no relation
    if "terr" in frame.flags:  # "seized Kabul": a place taken is no party
        portions = ctx.frames.w("portions")  # "seized all of southern Afghanistan"
        heads = [*s.toks, *(g for t in s.toks if t.lemma_.lower() in portions for g in prep_objects(ctx, [t], ("of",)))]
        named = {t.i for tok in heads for t in (tok, *conjuncts(ctx, tok))}
        s.objects = [
            (a, anc)
            for a, anc in s.objects
            if not (anc.where.get(a.id, (-1,))[0] in named and is_territory(ctx, a, anc))
        ]
    if "org" in frame.flags and not _recalls(ctx, clause.t):  # "withdrew from NATO", not "from Mali"
        s.objects = [(a, anc) for a, anc in s.objects if a.kind == "Organization"]
    goods = ctx.frames.w("goods")
    if "goods" in frame.flags and not any(
        g.lemma_.lower() in goods for d in children(ctx, clause.t) if d.dep_ == "dobj" for g in d.subtree
    ):
        s.objects = []


def _place(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> None:
    """``loc``: "demonstrated in Ankara": the state where it happens is the target."""
    if s.objects or "loc" not in frame.flags or clause.passive:
        return
    t = clause.t
    places = prep_objects(ctx, (t, *(d for d in children(ctx, t) if d.dep_ == "dobj")), ctx.frames.w("place_preps"))
    s.objects = [(a, anc) for a, anc in args(ctx, places) if a.kind == "State"]
    if s.objects:
        s.pattern = "place"


#: Where a verb frame's object may sit, tried in this order (each slot checks its own flag).
OBJECT_SLOTS: tuple[Callable[[Ctx, Clause, LexEntry, Search], None], ...] = (
    _direct,
    _prepositional,
    _relative_head,
    _clause_subject,
    _infinitive_object,
    _resolve,
    _cause,
    _earlier_doer,
    _absolute,
    _condition,
    _nested,
    _filters,
    _place,
)


def _joint(ctx: Ctx, clause: Clause, frame: LexEntry, subjects: list[Found]) -> list[Candidate]:
    """ "Somali troops and AU forces recaptured towns from X": who act together cooperate."""
    together = ctx.frames.lex.joint.get(frame.prop)
    if together is None or len(subjects) < 2 or any(a.kind == "Person" for a, _ in subjects):
        return []
    pair = LexEntry("verb", frame.lemma, frozenset({"-"}), together, frozenset({"sym"}))
    return emit(ctx, clause.t, pair, subjects, [], "joint", clause.steps, None)


def _against(ctx: Ctx, clause: Clause, frame: LexEntry, subjects: list[Found], objects: list[Found]) -> list[Candidate]:
    """ "Russia helped Syria against the rebels": both are against them (lexicon row joint against)."""
    relation = ctx.frames.lex.joint.get("against")
    t = clause.t
    if relation is None or ctx.frames.polarity[frame.prop] != "cooperation" or frame.prop in ctx.frames.symmetric:
        return []
    holders = [t, *(d for d in children(ctx, t) if d.dep_ == "dobj")]
    foes = args(ctx, prep_objects(ctx, holders, ("against",)))
    if not foes:
        return []
    pair = LexEntry("verb", frame.lemma, frozenset({"-"}), relation, frozenset())
    return emit(ctx, t, pair, subjects + objects, foes, "joint", clause.steps, None)


def _reciprocal_pronoun(ctx: Ctx, tok: Token) -> bool:
    """ "each other", "one another": the subjects are each other's partners."""
    return tok.lower_ in ctx.frames.w("other") and any(c.lower_ in ("each", "one") for c in children(ctx, tok))


# ------------------------------------------------------------------ subject fallbacks, overrides
def _state_in_place(ctx: Ctx, clause: Clause, frame: LexEntry, s: Search) -> list[Found]:
    """ "a missionary was arrested in Lebanon": arrests in a state are that state's."""
    if frame.prop not in ctx.frames.w("state_acts"):
        return []
    found = [(a, anc) for a, anc in args(ctx, prep_objects(ctx, [clause.t], ("in",))) if a.kind == "State"]
    if found:
        s.pattern = "place"
    return found


def _recalls(ctx: Ctx, t: Token) -> bool:
    """Recalling envoys or inspectors cuts ties; pulling troops out yields."""
    recalled = ctx.frames.w("recalled")
    return t.lemma_.lower() in ctx.frames.w("recalling") and any(
        g.lemma_.lower() in recalled for d in children(ctx, t) if d.dep_ == "dobj" for g in d.subtree
    )


def _controlled(ctx: Ctx, t: Token) -> bool:
    return t.dep_ in ("ccomp", "xcomp") and t.head.lemma_.lower() in ctx.frames.lex.control


def _control(ctx: Ctx, clause: Clause, frame: LexEntry, subjects: list[Found], objects: list[Found]) -> list[Candidate]:
    """Control verbs: "the US and Iran want Baghdad to beat back ISIS" -> the US and Iran too."""
    t = clause.t
    if not objects or not _controlled(ctx, t):
        return []
    ctl_subj, s2 = subject_tokens(ctx, t.head)
    ctl = args(ctx, ctl_subj)
    if not ctl or {a.id for a, _ in ctl} == {a.id for a, _ in subjects}:
        return []
    return emit(ctx, t, frame, ctl, objects, "control", s2 + 1, None)


def must_candidates(ctx: Ctx, v: Token) -> list[Candidate]:
    """ "Russia said Sudan must return the helicopter": the speaker demands of the clause's subject."""
    speakers, steps = subject_tokens(ctx, v.head)
    targets = args(ctx, [c for c in children(ctx, v) if c.dep_ in ("nsubj", "nsubjpass")])
    if len(targets) > 1:
        return []  # "A said B and C must end their war" is about B and C, not A with either
    entry = LexEntry("verb", "must", frozenset({"-"}), "demands", frozenset())
    return emit(ctx, v, entry, args(ctx, speakers), targets, "must", steps, None)
