"""Clause structure: who is the subject of a verb, which verb governs a noun, what is demanded.

General machinery over the dependency parse, shared by every frame. Walks are capped (a few
steps), so the cost stays linear in the doc's length.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import NOMINAL, VERBISH, Ctx, actors_at, children

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

MAX_CLIMB = 4
SUBJ_DEPS = {"nsubj", "csubj"}
#: Clausal links along which a trigger's modality (negation, hedges, speakers) is inherited.
CHAIN_DEPS = {"xcomp", "ccomp", "advcl", "conj", "relcl", "acl", "pcomp", "prep", "pobj"}
#: Links through which a verb without a subject takes the subject of the verb above it.
INHERIT_DEPS = {"xcomp", "conj", "advcl", "ccomp", "oprd", "acomp"}


def is_passive(ctx: Ctx, v: Token) -> bool:
    """A passive verb, or a participle with an agent ("a group backed by Iran"). Worked out once per
    doc for each verb (the subject, object and modality rules all ask)."""
    key = ("passive", v.i)
    hit = ctx.memo.get(key)
    if hit is None:
        vbn = v.tag_ == "VBN"
        hit = ctx.memo[key] = any(
            c.dep_ in ("nsubjpass", "auxpass") or (vbn and c.dep_ == "agent") for c in children(ctx, v)
        )
    return hit


def subject_tokens(ctx: Ctx, v: Token, depth: int = 0) -> tuple[list[Token], int]:
    """Subject tokens of verb ``v`` (the agent when passive), inherited if absent; and the steps taken."""
    subj = _own_subject(ctx, v)
    if subj:
        return _resolve_subject(ctx, v, subj, depth)
    if depth >= MAX_CLIMB or (is_passive(ctx, v) and v.lemma_.lower() not in ctx.frames.w("stative_passives")):
        return [], depth  # a passive with no agent names no doer ("X said buildings were targeted")
    return _inherited_subject(ctx, v, depth)


def _own_subject(ctx: Ctx, v: Token) -> list[Token]:
    if is_passive(ctx, v) and v.lemma_.lower() in ctx.frames.w("stative_passives"):
        return [c for c in children(ctx, v) if c.dep_ == "nsubjpass"]  # "X were engaged in fighting"
    if is_passive(ctx, v):
        agents = [g for c in children(ctx, v) if c.dep_ == "agent" for g in children(ctx, c) if g.dep_ == "pobj"]
        # "designated as a terrorist group by X": the agent hung on the "as" phrase
        return (
            agents
            or [
                g
                for p in children(ctx, v)
                if p.dep_ == "prep" and p.lower_ == "as"
                for o in children(ctx, p)
                if o.dep_ == "pobj"
                for b in children(ctx, o)
                if b.dep_ == "prep" and b.lower_ == "by"
                for g in children(ctx, b)
                if g.dep_ == "pobj"
            ]
            or _instrument(ctx, v)
            or _stray_agent(ctx, v)
        )
    return [c for c in children(ctx, v) if c.dep_ in SUBJ_DEPS]


def _instrument(ctx: Ctx, v: Token) -> list[Token]:
    """ "were killed in Israeli airstrikes", "targeted in Turkish military strikes": the attack noun
    a passive happens in names its doer."""
    attacks = ctx.frames.word_class("frames:noun:instrument")
    preps = {"in", "by", "during"}
    if v.lemma_.lower() in ctx.frames.hostile_verbs:
        preps |= {"after", "following"}  # "after the US-led invasion, the Taliban were ousted"
    return [
        n
        for p in children(ctx, v)
        if p.dep_ == "prep" and p.lower_ in preps
        for n in children(ctx, p)
        if n.dep_ == "pobj" and n.lemma_.lower() in attacks and actors_at(ctx, n)
    ]


def _stray_agent(ctx: Ctx, v: Token) -> list[Token]:
    """ "was pushed out of major cities by X": the agent the parser hung on the noun of the verb's
    own prepositional phrase (not on a noun that names a deed of its own: "over a plan by X")."""
    preps = [p for p in children(ctx, v) if p.dep_ == "prep"]
    preps += [q for p in preps for q in children(ctx, p) if q.dep_ == "prep"]  # "out of the cities"
    return [
        g
        for p in preps
        for n in children(ctx, p)
        if n.dep_ == "pobj" and n.pos_ == "NOUN" and n.lemma_.lower() not in ctx.frames.nouns
        for b in children(ctx, n)
        if b.dep_ == "prep" and b.lower_ == "by"
        for g in children(ctx, b)
        if g.dep_ == "pobj"
    ]


def _resolve_subject(ctx: Ctx, v: Token, subj: list[Token], depth: int) -> tuple[list[Token], int]:
    s = subj[0]
    if s.lower_ in ctx.frames.w("relative") and v.dep_ in ("relcl", "acl"):
        return [v.head], depth + 1
    if s.lower_ in ctx.frames.w("reflexive") and depth < MAX_CLIMB:
        return subject_tokens(ctx, v.head, depth + 1)
    return subj, depth


def _inherited_subject(ctx: Ctx, v: Token, depth: int) -> tuple[list[Token], int]:
    dep = v.dep_
    if dep == "pcomp" and v.head.dep_ == "prep" and v.head.head.lemma_.lower() in ctx.frames.w("accusing"):
        # "Israel accused Iran of arming Hezbollah": the accused is the subject
        acc = v.head.head
        return [c for c in children(ctx, acc) if c.dep_ in ("dobj", "nsubjpass")], depth + 1
    raised = _raised_subject(ctx, v, depth)
    if raised is not None:
        return raised
    if dep == "pcomp" and v.head.dep_ == "prep" and v.head.lower_ in ctx.frames.w("means_preps"):
        # "X took action by imposing sanctions", "X was successful in shooting down drones"; the
        # nearest verb above when the parser hung the phrase on a noun or an adjective ("hold
        # officials accountable by imposing sanctions")
        host = v.head.head
        for _ in range(MAX_CLIMB):
            if host.pos_ in VERBISH or host.head.i == host.i:
                break
            host = host.head
        if host.pos_ in VERBISH:
            return subject_tokens(ctx, host, depth + 1)
    controller = (
        [c for c in children(ctx, v.head) if c.dep_ == "dobj"]
        if dep == "xcomp" and v.head.lemma_.lower() in ctx.frames.w("object_control")
        else []
    )
    if controller:
        return controller, depth + 1  # object control: "forced Vietnam to withdraw" -> Vietnam
    if dep in INHERIT_DEPS and v.head.i != v.i:
        return subject_tokens(ctx, v.head, depth + 1)
    if dep == "relcl":
        if not actors_at(ctx, v.head):
            found = _first_to(ctx, v.head, depth)  # "X was one of the first countries to recognise Y"
            if found[0]:
                return found
        return [v.head], depth + 1
    return _clause_of_noun(ctx, v, depth)


def _raised_subject(ctx: Ctx, v: Token, depth: int) -> tuple[list[Token], int] | None:
    """Raising: "Iran is believed to be arming the Houthis" -> Iran."""
    if v.dep_ != "xcomp" or not is_passive(ctx, v.head) or any(c.dep_ == "agent" for c in children(ctx, v.head)):
        return None
    raised = [c for c in children(ctx, v.head) if c.dep_ == "nsubjpass"]
    if raised and raised[0].lower_ in ctx.frames.w("relative") and v.head.dep_ == "relcl":
        return [v.head.head], depth + 2  # "Qatar, which is thought to back Hamas"
    if raised:
        return raised, depth + 1
    return None


def _clause_of_noun(ctx: Ctx, v: Token, depth: int) -> tuple[list[Token], int]:
    """A participle, infinitive or "of" gerund on a noun: "a statement condemning Y", "efforts to
    overthrow Y", "began the process of overthrowing Y"."""
    infinitive = v.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(ctx, v))
    of_gerund = v.dep_ == "pcomp" and v.head.lower_ == "of" and v.head.head.pos_ == "NOUN"
    if not ((v.dep_ == "acl" and v.tag_ == "VBG") or infinitive or of_gerund):
        return [], depth
    head = v.head.head if of_gerund else v.head
    host = _argument_host(ctx, head, through_preps=infinitive or of_gerund)  # not "refugees fleeing X"
    if host is not None:
        # "X issued a statement condemning Y", "X continued its effort to overthrow Y", "X sent
        # troops to the effort to stabilize Y"
        return subject_tokens(ctx, host, depth + 1)
    if infinitive:
        return _first_to(ctx, head, depth)
    return ([head], depth + 1) if not of_gerund else ([], depth)


#: Prepositions of a verb whose object is a joint undertaking ("contributed troops to the effort to").
UNDERTAKING_PREPS = {"to", "in", "into"}


def _argument_host(ctx: Ctx, noun: Token, through_preps: bool) -> Token | None:
    """The verb a noun naming no actor is the object of (``through_preps``: also through "to" /
    "in": "took part in efforts to ...")."""
    if actors_at(ctx, noun):
        return None
    if noun.dep_ == "dobj" and noun.head.pos_ in VERBISH:
        return noun.head
    prep = noun.head
    if through_preps and noun.dep_ == "pobj" and prep.lower_ in UNDERTAKING_PREPS and prep.head.pos_ in VERBISH:
        return prep.head
    return None


def _first_to(ctx: Ctx, noun: Token, depth: int) -> tuple[list[Token], int]:
    """ "X was one of the first countries to recognise Y": the subject of the copula it describes."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of":
        noun = noun.head.head  # "one of the first countries"
    if noun.dep_ == "attr" and noun.head.pos_ in VERBISH:
        return [c for c in children(ctx, noun.head) if c.dep_ == "nsubj"], depth + 1
    return [], depth


def governing_verb(ctx: Ctx, n: Token) -> tuple[Token | None, int, bool]:
    """Climb from a noun to the verb whose argument it is; (verb, steps, direct object?)."""
    cur = n
    direct = False
    only_of = True  # "suspended part of the aid": an "of" chain keeps the object direct
    adverbial = ctx.frames.w("adverbial_preps")
    for step in range(1, MAX_CLIMB + 1):
        dep = cur.dep_
        if dep in ("dobj", "attr", "oprd", "dative"):
            direct = dep == "dobj" and (step == 1 or only_of)
            cur = cur.head
        elif dep == "pobj":
            if cur.head.lower_ in adverbial:
                return None, step, False  # "after two days of fighting" is no argument
            if cur.head.lower_ == "with" and cur.head.head.pos_ in NOMINAL and step == 1:
                return None, step, False  # "entities with close ties to X": the entities have them
            only_of = only_of and cur.head.lower_ == "of"
            cur = cur.head.head  # pobj -> prep -> its head
        elif dep == "conj":
            cur = cur.head
            continue
        else:
            return None, step, False
        if cur.pos_ in VERBISH:
            return cur, step, direct
        if cur.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
            return None, step, False
    return None, MAX_CLIMB, False


def holder(n: Token) -> Token | None:
    """The noun that has a relation noun ("entities with close ties to X", "Hamas, a group with
    links to Iran" -> the named actor the description is apposed to)."""
    if n.dep_ != "pobj" or n.head.lower_ != "with" or n.head.head.pos_ not in NOMINAL:
        return None
    owner = n.head.head
    return owner.head if owner.dep_ == "appos" else owner


def chain(t: Token) -> list[Token]:
    """``t`` and the verbs governing it through clausal links (capped)."""
    out = [t]
    cur = t
    for _ in range(6):
        if cur.dep_ not in CHAIN_DEPS or cur.head.i == cur.i:
            break
        cur = cur.head
        out.append(cur)
    return out


def obliged(ctx: Ctx, v: Token) -> bool:
    """Whether the clause of ``v`` is an obligation: must / should, or the complement of a demand."""
    w = ctx.frames.w
    if (
        v.dep_ in ("ccomp", "xcomp")
        and v.head.lemma_.lower() in w("demanding")
        and (
            any(c.dep_ in ("nsubj", "nsubjpass") for c in children(ctx, v))
            or (v.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in children(ctx, v.head)))
        )
    ):
        return True  # "demanded that X leave", "urged X to support Y": asked for, not done
    if v.dep_ in ("ccomp", "acl") and v.head.pos_ == "NOUN" and v.head.lemma_.lower() in w("demand_nouns"):
        return True  # "its demand that Israel ease restrictions": asked for, not done
    if v.dep_ == "ccomp" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in w("demand_nouns") for c in children(ctx, v.head)
    ):
        return True  # the same, with the clause parsed onto the verb ("reiterated its demand that ...")
    return _modal_obligation(ctx, v)


def _modal_obligation(ctx: Ctx, v: Token) -> bool:
    """ "must be ready to mediate": an obligation modal on ``v`` or up its xcomp / acomp chain."""
    w = ctx.frames.w
    node = v
    for _ in range(3):
        auxes = {c.lower_ for c in children(ctx, node) if c.dep_ == "aux"}
        if auxes & w("obligation") or (auxes & w("weak_obligation") and not auxes & w("perfect")):
            return True  # not "should have acted"
        if node.dep_ not in ("xcomp", "acomp") or node.head.i == node.i:
            break
        node = node.head
    return False
