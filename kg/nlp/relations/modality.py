"""Modality of a relation: negated, hedged, attributed to a speaker, or overridden.

Read off the trigger and the verbs governing it (:func:`kg.nlp.relations.syntax.chain`):

* negation -- a ``neg`` dependent or a negating determiner ("no talks") on the trigger, on the
  verb it is an argument of, or on a verb whose complement it is; "neither X nor Y"; "no longer";
  a denial verb above it ("denied arming");
* hedging -- a cue of ``hedges.tsv`` (adverb, modal, belief verb) on the trigger or a verb above it;
  a claim noun ("reports that X armed Y"), negated when denied or absent ("no evidence that");
  an accusation ("accused Y of arming Z") is hedged and attributed to the accuser;
* attribution -- a speech verb above the trigger whose subject is an actor ("Egypt said that ...");
  an unnamed source ("critics say") hedges instead; "according to X";
* override -- a verb flagged ``over`` above the trigger ("refused to meet X") replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import VERBISH, Ctx, Found, args, children
from kg.nlp.relations.syntax import SUBJ_DEPS, chain

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.model import Actor

#: Links below a verb through which its negation reaches the trigger ("did not sign a deal").
NEGATION_REACH = {"xcomp", "ccomp", "dobj", "pobj", "attr", "acl"}


@dataclass
class Modality:
    """What the context does to a relation."""

    negated: bool = False
    hedged: bool = False
    attributed_to: Actor | None = None
    overridden: bool = False
    #: a cooperation attempted and failed ("failed to reach a deal"): see :func:`kg.nlp.relations.candidates.emit`
    failed: bool = False
    #: the property a verb breaking a cooperation off gives it ("stopped funding X" -> sanctions)
    reversed_to: str | None = None

    def copy(self) -> Modality:
        """A copy (what ``dataclasses.replace`` makes, without its cost: asked once per frame)."""
        return Modality(self.negated, self.hedged, self.attributed_to, self.overridden, self.failed, self.reversed_to)

    def attribute(self, ctx: Ctx, speaker: Token | None, hedge_if_unnamed: bool = False) -> None:
        """Attribute to the actor ``speaker`` names (first speaker wins); else hedge if asked."""
        found = args(ctx, [speaker]) if speaker is not None else []
        if found and self.attributed_to is None:
            self.attributed_to = found[0][0]
        elif not found and hedge_if_unnamed:
            self.hedged = True


def modality(ctx: Ctx, t: Token, verb: Token | None, hostile: bool = False) -> Modality:
    """The modality of trigger ``t`` (and of the verb it is an argument of, if any); ``hostile``:
    the relation is a conflict (a failed attempt at it is still hostility). Worked out once per
    doc for each trigger, verb and polarity (several frames and pairs ask); the caller gets a copy."""
    key = ("modality", t.i, verb.i if verb is not None else -1, hostile)
    hit = ctx.memo.get(key)
    if hit is None:
        hit = ctx.memo[key] = _modality(ctx, t, verb, hostile)
    return hit.copy()


def _modality(ctx: Ctx, t: Token, verb: Token | None, hostile: bool) -> Modality:
    nodes = [t, *chain(verb)] if verb is not None and verb.i != t.i else chain(t)
    out = Modality()
    verb_i = verb.i if verb is not None else -1
    for k, node in enumerate(nodes):
        _local_cues(ctx, nodes, k, verb_i, out)
        if k > 0 and _claim(ctx, node, nodes[k - 1], out):
            break
        if k > 0:
            _governing(ctx, nodes, k, out, hostile)
    _according(ctx, nodes[-1], out)
    return out


def _local_cues(ctx: Ctx, nodes: list[Token], k: int, verb_i: int, out: Modality) -> None:
    """Negation and hedge words on one node of the chain (one pass over its children)."""
    cue, node, w = ctx.frames.cue, nodes[k], ctx.frames.w
    kids = children(ctx, node)
    verbish = node.pos_ in VERBISH
    prev = nodes[k - 1] if k else None
    reaches = (
        prev is None
        or prev.dep_ in NEGATION_REACH
        or (prev.dep_ == "prep" and prev.lower_ == "of")  # "no intention of attacking X"
        or node.i == verb_i
    ) and not any(c.lower_ in w("until") for c in kids)  # "were not restored until 1991": restored then
    conditions = w("condition_marks")
    for c in kids:
        dep, lower = c.dep_, c.lower_
        if reaches and (dep == "neg" or (dep in ("det", "advmod") and lower in cue.negdet)):
            out.negated = True
        if dep in ("advmod", "aux", "amod") and c.lemma_.lower() in cue.hedge:
            out.hedged = True
        if (dep == "mark" and lower in conditions) or (
            dep == "advcl" and any(m.dep_ == "mark" and m.lower_ in conditions for m in children(ctx, c))
        ):
            out.hedged = True  # "unclear whether X backs Y", "X will attack Y if elected"
        if dep in ("nsubj", "nsubjpass") and c.n_lefts + c.n_rights:
            _subject_cues(ctx, c, k, verbish, out)
        if dep == "advmod" and lower in w("no_longer") and any(g.lower_ == "no" for g in children(ctx, c)):
            out.negated = True  # "no longer supplying"


def _subject_cues(ctx: Ctx, subj: Token, k: int, verbish: bool, out: Modality) -> None:
    """ "Neither Iran nor Saudi Arabia backed ..."; "a suspected Israeli strike hit ..."."""
    for g in children(ctx, subj):
        if verbish and g.lower_ in ctx.frames.w("neither"):
            out.negated = True
        if k == 0 and subj.dep_ == "nsubj" and g.dep_ == "amod" and g.lower_ in ctx.frames.cue.hedge:
            out.hedged = True


def _claim(ctx: Ctx, node: Token, prev: Token, out: Modality) -> bool:
    """ "reports that X armed Y" is a claim; "rejected claims that ...", "no evidence that ..." deny it."""
    cue = ctx.frames.cue
    if node.pos_ != "NOUN" or node.lemma_.lower() not in cue.report or not _content_clause(prev):
        return False
    out.hedged = True
    if any(c.lower_ in cue.negdet for c in children(ctx, node) if c.dep_ in ("det", "neg")) or (
        node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_.lower() in cue.neg | ctx.frames.w("denying")
    ):
        out.negated = True
    return True


def _content_clause(clause: Token) -> bool:
    """A clause that states what a noun says ("reports that X armed Y"; also read as a relative
    clause: "no evidence that X armed Y")."""
    return clause.dep_ in ("acl", "ccomp") or (
        clause.dep_ == "relcl" and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    )


def _governing(ctx: Ctx, nodes: list[Token], k: int, out: Modality, hostile: bool = False) -> None:
    """What a verb above the trigger does to it: accuse, deny, hedge, report, override; an attempt
    or a plan hedges it; a failed cooperation is marked ``failed`` (a failed hostility still was
    one: "failed to capture the city" -- they fought)."""
    cue, node, prev = ctx.frames.cue, nodes[k], nodes[k - 1]
    lemma = node.lemma_.lower()
    speaker = next((c for c in children(ctx, node) if c.dep_ in SUBJ_DEPS), None)
    if lemma in ctx.frames.w("accusing") and (
        (prev.dep_ == "prep" and k >= 2 and nodes[k - 2].dep_ == "pcomp")  # "accused X of arming Y"
        or (prev.dep_ == "pobj" and prev.head.head.i == node.i)  # "accused X of the attack on Y"
    ):
        out.hedged = True  # an allegation, attributed to the accuser
        out.attribute(ctx, speaker)
    if node.pos_ == "NOUN" and lemma in ctx.frames.w("intending_nouns") and _purpose(nodes, k):
        out.hedged = True  # "plans to attack X", "no intention of attacking X"
    denial = _cue_word(ctx, node) in cue.neg
    if denial and k == 1 and prev.dep_ in ("dobj", "pobj"):
        _deny(ctx, node, out, hostile)  # "denied any role in the attack on X"
        return
    if _gerund_below(nodes, k, ctx.frames.w("refraining_preps")):
        # "refrained from condemning X"; "stopped short of backing X" (the chain ends at "short")
        short = node.dep_ == "advmod" and f"{node.head.lemma_.lower()} {node.lower_}" in cue.neg
        if denial or short:
            _deny(ctx, node.head if short else node, out, hostile)
            return
    if prev.dep_ not in ("ccomp", "xcomp"):
        return
    if denial:
        _deny(ctx, node, out, hostile)
    if lemma in cue.hedge or lemma in ctx.frames.w("intending"):
        out.hedged = True
    if lemma in ctx.frames.w("failing") and not hostile:
        out.failed = True
    if lemma in cue.attrib and out.attributed_to is None:
        out.attribute(ctx, speaker, hedge_if_unnamed=True)
    if any("over" in e.flags for e in ctx.frames.entries("verb", lemma)):
        out.overridden = True


def _gerund_below(nodes: list[Token], k: int, preps: frozenset[str]) -> bool:
    """The chain reaches node ``k`` from the gerund of one of ``preps`` on it, or on its adverb
    ("abstained from condemning"; "short of condemning" under "stopped"; not "dismissed for
    criticizing")."""
    j = k - 1
    if nodes[j].dep_ == "advmod" and j >= 1:
        j -= 1
    return nodes[j].dep_ == "prep" and nodes[j].lower_ in preps and j >= 1 and nodes[j - 1].dep_ == "pcomp"


def _cue_word(ctx: Ctx, verb: Token) -> str:
    """A verb's cue word: its lemma, or lemma and particle ("rule out", "stop short")."""
    lemma = verb.lemma_.lower()
    particles, negs = ctx.frames.w("particles"), ctx.frames.cue.neg
    for c in children(ctx, verb):
        if (
            c.i > verb.i
            and c.dep_ in ("prt", "advmod", "prep")
            and (c.lower_ in particles or f"{lemma} {c.lower_}" in negs)
        ):
            return f"{lemma} {c.lower_}"
    return lemma


def _deny(ctx: Ctx, verb: Token, out: Modality, hostile: bool) -> None:
    """A denial verb above the relation: denied; unless itself negated ("has not ruled out an attack":
    a possibility, hedged); a verb that breaks a cooperation off ("stopped funding X") reverses it."""
    if any(c.dep_ == "neg" for c in children(ctx, verb)):
        out.negated, out.hedged = False, True
        return
    reversal = ctx.frames.lex.reversers.get(_cue_word(ctx, verb))  # "stopped funding X"; not "stopped short of"
    if not hostile and reversal is not None:
        out.reversed_to = reversal
        return
    out.negated = True


def _purpose(nodes: list[Token], k: int) -> bool:
    """The chain reaches node ``k`` from an infinitive on it or an "of" gerund ("plans to attack",
    "intention of attacking")."""
    prev = nodes[k - 1]
    return prev.dep_ == "acl" or (
        prev.dep_ == "prep" and prev.lower_ == "of" and k >= 2 and nodes[k - 2].dep_ == "pcomp"
    )


def speaker(ctx: Ctx, verb: Token) -> list[Found]:
    """The actor who says the clause of ``verb`` ("..., the Iranian minister said"), if any."""
    nodes = chain(verb)
    for k in range(1, len(nodes)):
        if nodes[k - 1].dep_ == "ccomp" and nodes[k].lemma_.lower() in ctx.frames.cue.attrib:
            return args(ctx, [c for c in children(ctx, nodes[k]) if c.dep_ in SUBJ_DEPS])
    return []


def _according(ctx: Ctx, root: Token, out: Modality) -> None:
    """ "according to X": attributed to X, or hedged when X is no actor."""
    for c in children(ctx, root):
        if c.lower_ not in ctx.frames.w("according"):
            continue
        pobj = next((g for g in c.subtree if g.dep_ == "pobj"), None)
        if pobj is not None:
            found = args(ctx, [pobj])
            if found and out.attributed_to is None:
                out.attributed_to = found[0][0]
            elif not found:
                out.hedged = True
