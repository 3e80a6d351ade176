"""Noun frames: "US support for Kiev", "US-Iranian cooperation", "talks between X and Y".

A relation noun finds its object in its own prepositional phrase (the frame's prepositions,
also on a participle of the noun: "sanctions imposed on Iran") or on the verb whose direct
object it is ("signed an agreement with X"); its subject among its modifiers ("Iranian
support"), in a "by" phrase, or -- climbing -- as the subject of that verb ("X played a role in
the fight against Y"). "between X and Y" names both parties. A verb above the noun may reverse
it ("cut ties" -> sanctions, "lifted the blockade" -> yields: ``rev`` / ``relief`` rows of the
lexicon) or drop it ("avoid conflict").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import Ctx, Found, actors_at, args, nested_parties, prep_objects
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.syntax import governing_verb, subject_tokens

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.nlp.tables import LexEntry

#: Modifiers of a relation noun that may name its subject ("Iranian support", "US-Iranian talks").
SUBJECT_MODIFIERS = {"poss", "compound", "amod", "nmod", "npadvmod"}
#: Their own dependents that may too ("US and Iranian cooperation").
SUBJECT_MODIFIERS_INNER = {"npadvmod", "compound", "conj", "nmod", "amod"}


@dataclass
class Site:
    """A relation noun and its surroundings, found once for all its frames."""

    n: Token
    #: the noun the arguments hang on ("a mediation mission between X and Y" -> mission)
    head: Token
    mod_actors: list[Found]
    by: list[Token]
    verb: Token | None
    steps: int
    direct: bool
    override: str | None = None
    #: a verb ends the conflict the noun names ("ended their war", "must end their war")
    relieved: bool = False


def noun_candidates(
    ctx: Ctx, n: Token, frames: tuple[LexEntry, ...], state: tuple[str, Token | None] | None = None
) -> list[Candidate]:
    """Candidates of a noun trigger (the first frame with a result wins).

    ``state`` is the property a state word gives a relation noun flagged ``state`` ("relations
    are tense" -> conflictsWith) and the verb of its clause (whose negation it takes); such a
    noun with no state word states a relation only when a reverser breaks it ("cut ties").
    """
    anchor = ctx.anchors.get(n.i)
    if anchor is not None and anchor.source == "coref" and len(anchor.actors) >= 2 and "sym" in frames[0].flags:
        return describe(ctx, n, frames[0], [(a, anchor) for a in anchor.actors])
    if anchor is not None and anchor.source != "coref":
        return []  # a noun that names an actor is not a trigger
    site = _site(ctx, n)
    if not _reversal(ctx, site, frames[0]):
        return []
    if "state" in frames[0].flags and not _stated(site, state):
        return []
    cands = _first(ctx, site, frames)
    if site.relieved and "sym" in frames[0].flags:
        # "ended their war", "must end their war": the war was, whatever became of it
        cands += _first(ctx, replace(site, override=None, verb=None, direct=False, relieved=False), frames)
    return cands


def _first(ctx: Ctx, site: Site, frames: tuple[LexEntry, ...]) -> list[Candidate]:
    for frame in frames:
        cands = _frame(ctx, site, frame)
        if cands:
            return cands
    return []


def describe(ctx: Ctx, n: Token, frame: LexEntry, described: list[Found]) -> list[Candidate]:
    """A relation noun that describes actors ("the two traditional enemies", "once allies, X and
    Y ..."): they relate to whom the noun names ("both allies of Italy"), else to each other."""
    site = _site(ctx, n)
    objects = args(ctx, _own_objects(ctx, site, frame)[0])
    if objects:
        return emit(ctx, n, frame, described, objects, "noun", 0, site.verb)
    if "sym" not in frame.flags:
        return []
    return emit(ctx, n, frame, described, [], "description", 0, None)


def _site(ctx: Ctx, n: Token) -> Site:
    head = n
    if n.dep_ == "compound" and n.head.pos_ == "NOUN" and n.head.lemma_.lower() in ctx.frames.w("frame_nouns"):
        head = n.head  # "a mediation mission between X and Y", "aid deliveries to X"
    elif n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_.lower() in ctx.frames.w("of_frames"):
        head = n.head.head  # "lifted a state of emergency in X": the state is the measure
    mods: list[Token] = []
    by: list[Token] = []
    for c in head.children:
        if c.dep_ in SUBJECT_MODIFIERS:
            mods.append(c)
            mods.extend(g for g in c.children if g.dep_ in SUBJECT_MODIFIERS_INNER)
        elif c.dep_ == "prep" and c.lower_ == "by":
            by.extend(g for g in c.children if g.dep_ == "pobj")
    mod_actors: list[Found] = []
    for m in mods:
        for a, anc in actors_at(ctx, m, depth=0):
            if all(a.id != b.id for b, _ in mod_actors):
                mod_actors.append((a, anc))
    verb, steps, direct = governing_verb(ctx, head)
    return Site(n, head, mod_actors, by, verb, steps, direct)


def _reversal(ctx: Ctx, site: Site, first: LexEntry) -> bool:
    """Set the property a reversing verb gives the noun ("cut ties", "lifted the blockade").

    False when the verb drops the relation ("avoid conflict", "postponed talks").
    """
    lex, head = ctx.frames.lex, site.head
    rev_tok = site.verb if site.verb is not None and site.direct else None
    if head.dep_ == "pobj" and head.head.lower_ in ("of", "from") and head.head.head.lemma_.lower() in lex.reversers:
        rev_tok = head.head.head  # "a suspension of air links with Serbia", "withdrew from the alliance"
    if rev_tok is None:
        return True
    rev = rev_tok.lemma_.lower()
    if rev not in lex.reversers and rev not in lex.reliefs:
        return True
    if ctx.frames.polarity[first.prop] == "conflict":
        site.override = lex.reliefs.get(rev)  # "lifted the blockade", "ended the war": relief of a conflict
        site.relieved = site.override is not None
    else:
        site.override = lex.reversers.get(rev)  # "cut ties", "halted aid"
    return site.override is not None


def _stated(site: Site, state: tuple[str, Token | None] | None) -> bool:
    """Whether a relation noun flagged ``state`` states a relation, and which (set on ``site``)."""
    if site.override is not None:
        return True  # "cut ties", "suspension of relations"
    if state is None:
        return False  # "the relationship between X and Y", "changed the relationship"
    site.override = state[0]
    if state[1] is not None:
        site.verb = state[1]  # "relations are not tense": the clause's verb
    return True


def _frame(ctx: Ctx, site: Site, frame: LexEntry) -> list[Candidate]:
    obj_toks, between = _own_objects(ctx, site, frame)
    objects = args(ctx, obj_toks)
    if not objects and any(g.lemma_.lower() in ctx.frames.w("trade_nouns") for g in obj_toks):
        objects = _trade_partner(ctx, site, obj_toks)  # "an embargo on arms sales to Vietnam"
    if not objects and "ccobj" in frame.flags:
        objects = _demanded_of(ctx, site)
    if not objects and obj_toks and not between:
        # "support for the implementation of the accord between X and Y": its parties
        objects = args(ctx, nested_parties(ctx, obj_toks))
    if "org" in frame.flags:  # "the withdrawal of troops from X" is no relation with X
        objects = [(a, anc) for a, anc in objects if a.kind == "Organization"]
    if between and "med" not in frame.flags:
        # "talks between X and Y" ("mediation between X and Y": the mediator relates to both)
        return emit(ctx, site.n, frame, objects, [], "noun", 0, site.verb, site.override)
    received = _received(ctx, site, frame)
    if received:
        return received
    return _with_subject(ctx, site, frame, objects, unnamed_object=bool(obj_toks) and not objects)


def _own_objects(ctx: Ctx, site: Site, frame: LexEntry) -> tuple[list[Token], bool]:
    """Objects of the frame's prepositions on the noun (or its participle), else on its verb."""
    head, verb = site.head, site.verb
    between_preps = ctx.frames.w("between_preps")
    # "sanctions imposed on Iran": the preposition may hang on a participle of the noun, and
    # "a war of words between X and Y": on a plain noun that complements it
    holders = [
        head,
        *(c for c in head.children if c.dep_ == "acl" and c.tag_ == "VBN"),
        *(g for g in prep_objects([head], ("of",)) if g.pos_ == "NOUN" and g.i not in ctx.anchors),
    ]
    preps = [
        c for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in frame.preps and c.lower_ != "in"
    ]
    toks = [g for p in preps for g in p.children if g.dep_ == "pobj"]
    if "in" in frame.preps and not args(ctx, toks):  # a place only when no party is named
        toks = prep_objects(holders, ("in",))
    if not toks and verb is None and _intransitive_host(head):
        verb = head.head  # "tensions arose between X and Y", "clashes broke out with X"
    elif not (verb is not None and (site.direct or verb.lemma_.lower() in ctx.frames.w("stative_passives"))):
        verb = None
    if not toks and verb is not None:
        # "signed an agreement with X" (the preposition on the verb)
        on_verb = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in frame.preps and c.lower_ != "of"]
        toks = [g for p in on_verb for g in p.children if g.dep_ == "pobj"]
        preps += on_verb
    return toks, any(p.lower_ in between_preps for p in preps)


def _intransitive_host(noun: Token) -> bool:
    """The noun is the subject of a verb with no object ("tensions arose between X and Y")."""
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and not any(c.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp") for c in verb.children)
    )


def _trade_partner(ctx: Ctx, site: Site, obj_toks: list[Token]) -> list[Found]:
    ends = [*obj_toks, site.head, *([site.verb] if site.verb is not None else [])]
    return args(ctx, prep_objects(ends, ctx.frames.w("trade_preps")))


def _demanded_of(ctx: Ctx, site: Site) -> list[Found]:
    """ "its demand that Israel ease restrictions": the that-clause's subject is the object."""
    clauses = [c for c in site.head.children if c.dep_ in ("acl", "ccomp")]
    if site.verb is not None and site.direct:
        clauses += [c for c in site.verb.children if c.dep_ == "ccomp"]
    for x in clauses:
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in x.children):
            objects = args(ctx, [c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")])
            if objects:
                return objects
    return []


def _received(ctx: Ctx, site: Site, frame: LexEntry) -> list[Candidate]:
    """ "Cuba received aid from the Soviet Union": the giver is the "from" actor."""
    verb = site.verb
    if (
        verb is None
        or verb.lemma_.lower() not in ctx.frames.w("receiving")
        or ctx.frames.polarity[frame.prop] != "cooperation"
    ):
        return []
    givers = args(ctx, prep_objects((site.head, verb), ctx.frames.w("giver_preps")))
    if not givers:
        return []
    subj_toks, s2 = subject_tokens(ctx, verb)
    return emit(ctx, site.n, frame, givers, args(ctx, subj_toks), "noun-climb", site.steps + s2, verb, site.override)


def _with_subject(
    ctx: Ctx, site: Site, frame: LexEntry, objects: list[Found], unnamed_object: bool = False
) -> list[Candidate]:
    """The subject from a "by" phrase, the noun's modifiers, or the clause of its verb."""
    subjects = args(ctx, site.by) if site.by else []
    if subjects and not objects and site.mod_actors:
        objects, site.mod_actors = site.mod_actors, []  # "its defeat by X": the possessor suffered it
    if "agent" in frame.flags:
        subjects, objects = _agent_noun(ctx, site, subjects, objects)
        if subjects and not objects:
            return []  # "allies A, B and C" are someone's allies, not each other's
        if not subjects and site.head.dep_ not in ("attr", "oprd", "appos"):
            return []  # "jailed members of X": who the noun names is no subject of the verb above
    if not subjects and site.head.dep_ == "appos":
        subjects = args(ctx, [site.head.head])  # "Kenya, a longtime partner of Uganda"
    if not subjects and site.head.dep_ == "nsubj" and site.head.head.lemma_ == "be":
        # "the main combatant group against X was Y"
        subjects = args(ctx, [c for c in site.head.head.children if c.dep_ == "attr"])
    if not subjects and site.mod_actors:
        if not objects and len(site.mod_actors) >= 2 and "sym" in frame.flags and "nopair" not in frame.flags:
            # "US-Iranian cooperation"
            return emit(ctx, site.n, frame, site.mod_actors, [], "noun-pair", 0, site.verb, site.override)
        if objects or frame.direct or not frame.preps - {"-"}:
            subjects = site.mod_actors
    if subjects or site.verb is None:
        if not subjects and not objects:
            return []
        return emit(
            ctx, site.n, frame, subjects, objects, "noun", 0, site.verb, site.override, unnamed_object=unnamed_object
        )
    return _climbed(ctx, site, frame, objects, unnamed_object)


def _agent_noun(ctx: Ctx, site: Site, subjects: list[Found], objects: list[Found]) -> tuple[list[Found], list[Found]]:
    """A noun naming who relates (flag ``agent``: ally, backer, patron ...): its possessor is the
    other party ("Iran's allies", "Hamas's patrons in Qatar"), its "in" / "from" phrase or its
    apposed name the agent ("our partners in Colombia", "Iran's ally Syria")."""
    if not objects and site.mod_actors:
        # "the TFG's Ethiopian military allies": the possessor is the other party, the rest the agent
        owners = args(ctx, [c for c in site.head.children if c.dep_ == "poss"])
        others = [(a, anc) for a, anc in site.mod_actors if all(a.id != o.id for o, _ in owners)]
        objects, site.mod_actors = (owners, []) if owners else (site.mod_actors, [])
        subjects = subjects or (others if owners else [])
    if not subjects:
        named = [c for c in site.head.children if c.dep_ == "appos"]  # "Iran's ally Syria"
        # "our partners in Colombia"; not "Israel's militia ally in southern Lebanon": a kind of
        # agent named by a noun ("militia") is placed by its "in" phrase
        kind_named = any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in site.head.children)
        placed = [] if kind_named else prep_objects([site.head], ctx.frames.w("agent_preps"))
        subjects = args(ctx, named + placed)
    return subjects, objects


def _climbed(
    ctx: Ctx, site: Site, frame: LexEntry, objects: list[Found], unnamed_object: bool = False
) -> list[Candidate]:
    """ "Kenya plays a key role in the fight against al-Shabaab": the subject of the verb above."""
    verb = site.verb
    if verb is None:
        return []
    if verb.lemma_.lower() in ctx.frames.w("demanding") and ctx.frames.polarity[frame.prop] == "cooperation":
        return []  # "demanded a truce with X" asks for one; "called for sanctions on X" is hostile
    subj_toks, s2 = subject_tokens(ctx, verb)
    subjects = args(ctx, subj_toks)
    if not subjects and not objects:
        return []
    if not objects and "sym" not in frame.flags:
        return []
    return emit(
        ctx,
        site.n,
        frame,
        subjects,
        objects,
        "noun-climb",
        site.steps + s2,
        verb,
        site.override,
        unnamed_object=unnamed_object,
    )
