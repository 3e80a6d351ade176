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

from kg.nlp.relations.arguments import (
    NOMINAL,
    VERBISH,
    Ctx,
    Found,
    actors_at,
    args,
    cause_targets,
    children,
    conjuncts,
    dash_pair,
    named_within,
    nested_parties,
    pobjs,
    possessors,
    prep_objects,
)
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.modality import speaker
from kg.nlp.relations.syntax import governing_verb, holder, subject_tokens

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
        if "state" in frames[0].flags:
            return []  # "the two neighbours" name a pair and state nothing of it
        return describe(ctx, n, frames[0], [(a, anchor) for a in anchor.actors])
    doer = _instrument_doer(anchor, frames[0])
    if anchor is not None and anchor.source != "coref" and not doer:
        return []  # a noun that names an actor is not a trigger
    site = _site(ctx, n)
    if doer:
        site.mod_actors = doer  # "Israeli airstrikes on X": the attack names its doer (the Military)
    if not _reversal(ctx, site, frames[0]):
        return []
    if "state" in frames[0].flags and not _stated(site, state):
        return []
    cands = _first(ctx, site, frames)
    if site.relieved and "sym" in frames[0].flags:
        # "ended their war", "must end their war": the war was, whatever became of it
        cands += _first(ctx, replace(site, override=None, verb=None, direct=False, relieved=False), frames)
    if "sym" in frames[0].flags:
        pair = [c for c in cands if c.pattern in PAIR_PATTERNS]
        if pair:
            ctx.pairs.append((n.i, [(pair[0].subject, pair[0].anchors[0]), (pair[0].object, pair[0].anchors[1])]))
        elif not cands and _bare(ctx, site):
            cands = _earlier_pair(ctx, site, frames[0])
        cands += _collapsed(ctx, n, cands)
    return cands


def _instrument_doer(anchor, frame: LexEntry) -> list[Found]:
    """An attack noun (flag ``instrument``) that ``kg_actors`` made a state's Military ("Israeli
    airstrikes", nouns.tsv group rows) names the doer of its own attack."""
    if anchor is None or anchor.source != "group" or "instrument" not in frame.flags:
        return []
    return [(a, anchor) for a in anchor.actors]


def _collapsed(ctx: Ctx, n: Token, cands: list[Candidate]) -> list[Candidate]:
    """ "The ceasefire between X and Y collapsed", "talks broke down": a symmetric cooperation
    that falls apart leaves its parties at odds, as a failed one does (lexicon row ``failed
    symmetric``; words.tsv ``collapsing``); the cooperation itself was."""
    verb = n.head
    together = ctx.frames.lex.failed.get("symmetric")
    if n.dep_ != "nsubj" or together is None or not cands or any(c.dep_ == "neg" for c in children(ctx, verb)):
        return []
    lemma = verb.lemma_.lower()
    particles = {f"{lemma}_{c.lower_}" for c in children(ctx, verb) if c.dep_ in ("prt", "advmod", "prep")}
    if not ({lemma} | particles) & ctx.frames.w("collapsing"):
        return []
    return [
        replace(c, prop=together, pattern="collapsed")
        for c in cands
        if c.prop in ctx.frames.symmetric and ctx.frames.polarity[c.prop] == "cooperation" and not c.negated
    ]


#: Patterns in which a symmetric noun named both its parties itself.
PAIR_PATTERNS = {"reciprocal", "noun-pair"}


def _bare(ctx: Ctx, site: Site) -> bool:
    """A relation noun that names no party at all and is its clause's subject ("relations thawed";
    not "agreed to a truce after weeks of fighting", whose fighting may have other parties)."""
    head = site.head
    return (
        site.n.dep_ in ("nsubj", "nsubjpass")
        and not site.mod_actors
        and not site.by
        and not any(c.dep_ in ("prep", "poss") for c in children(ctx, head))
    )


def _earlier_pair(ctx: Ctx, site: Site, frame: LexEntry) -> list[Candidate]:
    """ "Relations between X and Y were strained ..., though relations thawed under Z": a bare relation
    noun repeating one of the same sentence is about the pair that one named (a different noun may
    have other parties: "X and Y agreed to a truce, but clashes continued")."""
    sent_start = site.n.sent.start
    doc = site.n.doc
    for i, pair in reversed(ctx.pairs):
        if sent_start <= i < site.n.i and doc[i].lemma_.lower() == site.n.lemma_.lower():
            return emit(ctx, site.n, frame, pair, [], "reciprocal", 1, site.verb, site.override)
    return []


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
    stray = [p for p in possessors(ctx, head) if p.head.i != head.i]  # the loop below finds the others
    mods: list[Token] = []
    by: list[Token] = []
    for c in children(ctx, head):
        if c.dep_ in SUBJECT_MODIFIERS:
            mods.append(c)
            mods.extend(g for g in children(ctx, c) if g.dep_ in SUBJECT_MODIFIERS_INNER)
        elif c.dep_ == "prep" and c.lower_ == "by":
            by.extend(g for g in children(ctx, c) if g.dep_ == "pobj")
        elif c.dep_ == "acl" and c.tag_ == "VBN":
            # "an offensive conducted by X against Y": the doer of the participle does the deed
            by.extend(g for a in children(ctx, c) if a.dep_ == "agent" for g in children(ctx, a) if g.dep_ == "pobj")
    mod_actors: list[Found] = []
    for a, anc in [
        *(f for m in mods for f in actors_at(ctx, m, depth=0)),
        *(f for p in stray for f in named_within(ctx, p)),
    ]:
        if all(a.id != b.id for b, _ in mod_actors):
            mod_actors.append((a, anc))
    for found in dash_pair(ctx, head):
        if all(found[0].id != b.id for b, _ in mod_actors):
            mod_actors.append(found)
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
        if site.override is not None and _someone_elses(ctx, site, rev_tok):
            return False  # "Hungary blocked EU aid to X": the EU did not cut its aid
    return site.override is not None


def _someone_elses(ctx: Ctx, site: Site, verb: Token) -> bool:
    """The cooperation a reverser breaks is named as another actor's than the verb's subject."""
    if not site.mod_actors:
        return False
    doers = {a.id for a, _ in args(ctx, subject_tokens(ctx, verb)[0])}
    return bool(doers) and not doers & {a.id for a, _ in site.mod_actors}


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
    if not objects and frame.prop in ctx.frames.w("reactions"):
        objects = cause_targets(ctx, [site.head])  # "sanctions over the coup in X"
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
        *(c for c in children(ctx, head) if c.dep_ == "acl" and c.tag_ == "VBN"),
        *(g for g in prep_objects(ctx, [head], ("of",)) if g.pos_ == "NOUN" and g.i not in ctx.anchors),
    ]
    preps = [
        c
        for h in holders
        for c in children(ctx, h)
        if c.dep_ == "prep" and c.lower_ in frame.preps and c.lower_ != "in"
    ]
    toks = [g for p in preps for g in pobjs(ctx, p)]
    if "in" in frame.preps and not args(ctx, toks):  # a place only when no party is named
        toks = prep_objects(ctx, holders, ("in",))
    if not toks and verb is None and _intransitive_host(ctx, head):
        verb = head.head  # "tensions arose between X and Y", "clashes broke out with X"
    elif not (verb is not None and (site.direct or verb.lemma_.lower() in ctx.frames.w("stative_passives"))):
        verb = None
    if not toks and verb is not None:
        # "signed an agreement with X" (the preposition on the verb)
        on_verb = [c for c in children(ctx, verb) if c.dep_ == "prep" and c.lower_ in frame.preps and c.lower_ != "of"]
        toks = [g for p in on_verb for g in pobjs(ctx, p)]
        preps += on_verb
    between = any(p.lower_ in between_preps for p in preps)
    if between and len(toks) == 1 and not conjuncts(ctx, toks[0]):
        # "dialogue between the government and the ELN" with the second party parsed as the
        # noun's own conjunct
        toks += [c for c in children(ctx, head) if c.dep_ == "conj" and c.i > toks[0].i and c.pos_ in NOMINAL]
    return toks, between


def _intransitive_host(ctx: Ctx, noun: Token) -> bool:
    """The noun is the subject of a verb with no object ("tensions arose between X and Y")."""
    verb = noun.head
    return (
        noun.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and not any(c.dep_ in ("dobj", "attr", "acomp", "ccomp", "xcomp") for c in children(ctx, verb))
    )


def _trade_partner(ctx: Ctx, site: Site, obj_toks: list[Token]) -> list[Found]:
    ends = [*obj_toks, site.head, *([site.verb] if site.verb is not None else [])]
    return args(ctx, prep_objects(ctx, ends, ctx.frames.w("trade_preps")))


def _demanded_of(ctx: Ctx, site: Site) -> list[Found]:
    """ "its demand that Israel ease restrictions": the that-clause's subject is the object."""
    clauses = [c for c in children(ctx, site.head) if c.dep_ in ("acl", "ccomp")]
    if site.verb is not None and site.direct:
        clauses += [c for c in children(ctx, site.verb) if c.dep_ == "ccomp"]
    for x in clauses:
        if any(m.dep_ == "mark" and m.lower_ == "that" for m in children(ctx, x)):
            objects = args(ctx, [c for c in children(ctx, x) if c.dep_ in ("nsubj", "nsubjpass")])
            if objects:
                return objects
    return []


def _received(ctx: Ctx, site: Site, frame: LexEntry) -> list[Candidate]:
    """ "Cuba received aid from the Soviet Union", "X has the backing of Y", "X faced threats from
    Y": the verb's subject gets what the noun names from the "from" actor (the "of" actor of a
    noun flagged ``give``)."""
    verb = site.verb
    cooperation = ctx.frames.polarity[frame.prop] == "cooperation"
    if verb is None or verb.lemma_.lower() not in ctx.frames.w("receiving" if cooperation else "suffering"):
        return []
    preps = ctx.frames.w("giver_preps") | ({"of"} if "give" in frame.flags else set())
    givers = args(ctx, prep_objects(ctx, (site.head, verb), preps))
    if not givers:
        return []
    subj_toks, s2 = subject_tokens(ctx, verb)
    return emit(ctx, site.n, frame, givers, args(ctx, subj_toks), "noun-climb", site.steps + s2, verb, site.override)


def _with_subject(
    ctx: Ctx, site: Site, frame: LexEntry, objects: list[Found], unnamed_object: bool = False
) -> list[Candidate]:
    """The subject from a "by" phrase, the noun's modifiers, or the clause of its verb."""
    if _declared(ctx, site, frame):
        # "the MNLA proclaimed Azawad's independence from Mali": the proclaimer, not the place
        return _climbed(ctx, site, frame, objects, unnamed_object)
    subjects = args(ctx, site.by) if site.by else []
    if subjects and not objects and site.mod_actors:
        objects, site.mod_actors = site.mod_actors, []  # "its defeat by X": the possessor suffered it
    if "agent" in frame.flags:
        subjects, objects = _agent_noun(ctx, site, subjects, objects)
        if subjects and not objects:
            return []  # "allies A, B and C" are someone's allies, not each other's
        if not subjects and site.head.dep_ not in ("attr", "oprd", "appos"):
            return []  # "jailed members of X": who the noun names is no subject of the verb above
    if not subjects:
        nearby = _nearby_subject(ctx, site, frame, objects)
        if nearby is None:
            return []
        subjects, objects = nearby
    if not subjects and site.mod_actors:
        if not objects and len(site.mod_actors) >= 2 and "sym" in frame.flags and "nopair" not in frame.flags:
            # "US-Iranian cooperation"
            return emit(ctx, site.n, frame, site.mod_actors, [], "noun-pair", 0, site.verb, site.override)
        if objects or frame.direct or not frame.preps - {"-"}:
            subjects = site.mod_actors
    if subjects:
        return emit(
            ctx, site.n, frame, subjects, objects, "noun", 0, site.verb, site.override, unnamed_object=unnamed_object
        )
    return _clause_subject(ctx, site, frame, objects, unnamed_object)


def _declared(ctx: Ctx, site: Site, frame: LexEntry) -> bool:
    """A status (flag ``declared``) a verb declares ("proclaimed Y's independence")."""
    verb = site.verb
    return (
        "declared" in frame.flags
        and verb is not None
        and site.direct
        and verb.lemma_.lower() in ctx.frames.w("declaring")
    )


def _clause_subject(
    ctx: Ctx, site: Site, frame: LexEntry, objects: list[Found], unnamed_object: bool
) -> list[Candidate]:
    """No subject named around the noun: that of the clause of its verb, or of the speaker."""
    if site.verb is None and objects and _intransitive_host(ctx, site.head):
        # "clashes erupted with X as Y advanced": the verb the noun is the subject of
        return _climbed(ctx, replace(site, verb=site.head.head), frame, objects, unnamed_object)
    if site.verb is not None:
        return _climbed(ctx, site, frame, objects, unnamed_object)
    if not objects:
        return []
    # "Cooperation with X is essential, Y said"
    subjects = speaker(ctx, site.head.head) if "sym" in frame.flags and site.head.dep_ == "nsubj" else []
    return emit(ctx, site.n, frame, subjects, objects, "noun", 0, None, site.override, unnamed_object=unnamed_object)


def _nearby_subject(
    ctx: Ctx, site: Site, frame: LexEntry, objects: list[Found]
) -> tuple[list[Found], list[Found]] | None:
    """A relation noun's subject named around it, and its objects (None: the noun names whose it
    is, and that is no actor)."""
    head = site.head
    accused = _accused(ctx, head)
    if accused:
        return accused, objects  # "X accused Y of the attack on Z": Y did it, on X's word
    if head.dep_ == "appos":
        found = args(ctx, [head.head])  # "Kenya, a longtime partner of Uganda"
        if found:
            return found, objects
    owner = holder(head)
    if owner is not None:
        found = args(ctx, [owner])  # "Hamas, a group with close ties to Iran"
        return (found, objects) if found else None  # "individuals with close ties to X"
    if not frame.preps & ctx.frames.w("giver_preps"):
        # "despite threats from X, Y signed": the "from" actor does it, to the clause's subject
        taken = {a.id for a, _ in objects}  # "a ban on imports from X": X is the trading partner
        givers = [f for f in args(ctx, prep_objects(ctx, [head], ctx.frames.w("giver_preps"))) if f[0].id not in taken]
        if givers:
            return givers, objects or _circumstance_subject(ctx, head)
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        # "the main combatant group against X was Y"
        return args(ctx, [c for c in children(ctx, head.head) if c.dep_ == "attr"]), objects
    return [], objects


def _accused(ctx: Ctx, noun: Token) -> list[Found]:
    """Who an accusing verb says did what its "of" / "for" phrase names ("accused Y of the attack
    on Z", "blamed Y for the attack on Z"): the verb's object, or a passive's subject."""
    prep = noun.head
    if (
        noun.dep_ != "pobj"
        or prep.lower_ not in ("of", "for")
        or prep.head.lemma_.lower() not in ctx.frames.w("accusing")
    ):
        return []
    return args(ctx, [c for c in children(ctx, prep.head) if c.dep_ in ("dobj", "nsubjpass")])


def _circumstance_subject(ctx: Ctx, noun: Token) -> list[Found]:
    """The subject of the clause a noun is a circumstance of ("despite opposition from X, Y ...",
    "Y acted under pressure from X")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ctx.frames.w("circumstance_preps") or prep.head.pos_ not in VERBISH:
        return []
    return args(ctx, subject_tokens(ctx, prep.head)[0])


def _agent_noun(ctx: Ctx, site: Site, subjects: list[Found], objects: list[Found]) -> tuple[list[Found], list[Found]]:
    """A noun naming who relates (flag ``agent``: ally, backer, patron ...): its possessor is the
    other party ("Iran's allies", "Hamas's patrons in Qatar"), its "in" / "from" phrase or its
    apposed name the agent ("our partners in Colombia", "Iran's ally Syria")."""
    if not objects and site.mod_actors:
        # "the TFG's Ethiopian military allies": the possessor is the other party, the rest the agent
        owners = [f for p in possessors(ctx, site.head) for f in (args(ctx, [p]) or named_within(ctx, p))]
        others = [(a, anc) for a, anc in site.mod_actors if all(a.id != o.id for o, _ in owners)]
        objects, site.mod_actors = (owners, []) if owners else (site.mod_actors, [])
        subjects = subjects or (others if owners else [])
    if not subjects:
        named = [c for c in children(ctx, site.head) if c.dep_ == "appos"]  # "Iran's ally Syria"
        # "our partners in Colombia"; not "Israel's militia ally in southern Lebanon": a kind of
        # agent named by a noun ("militia") is placed by its "in" phrase
        kind_named = any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in children(ctx, site.head))
        located = site.head.lemma_.lower() in ctx.frames.w("located_agents")  # "Iran's proxies in Iraq"
        placed = [] if kind_named or located else prep_objects(ctx, [site.head], ctx.frames.w("agent_preps"))
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
    if verb.lemma_.lower() in ctx.frames.w("disapproving"):
        return []  # "X condemned the attack on Y": not X's attack
    subj_toks, s2 = subject_tokens(ctx, verb)
    if site.head in subj_toks and verb.dep_ in ("advcl", "conj") and objects:
        # "X advanced as clashes erupted with Y": the noun is its own verb's subject; the clause above acts
        subj_toks, s3 = subject_tokens(ctx, verb.head)
        s2 += s3 + 1
    subjects = args(ctx, subj_toks)
    if not subjects and objects and "sym" in frame.flags and site.head in subj_toks:
        # "Relations with X remain strained, the Iranian minister said": the speaker's own
        subjects = speaker(ctx, verb)
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
