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

from kg.nlp.relations.arguments import VERBISH, Ctx, args
from kg.nlp.relations.syntax import SUBJ_DEPS, chain

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from kg.model import Actor

#: Links below a verb through which its negation reaches the trigger ("did not sign a deal").
NEGATION_REACH = {"xcomp", "ccomp", "dobj", "pobj", "attr"}


@dataclass
class Modality:
    """What the context does to a relation."""

    negated: bool = False
    hedged: bool = False
    attributed_to: Actor | None = None
    overridden: bool = False

    def attribute(self, ctx: Ctx, speaker: Token | None, hedge_if_unnamed: bool = False) -> None:
        """Attribute to the actor ``speaker`` names (first speaker wins); else hedge if asked."""
        found = args(ctx, [speaker]) if speaker is not None else []
        if found and self.attributed_to is None:
            self.attributed_to = found[0][0]
        elif not found and hedge_if_unnamed:
            self.hedged = True


def modality(ctx: Ctx, t: Token, verb: Token | None) -> Modality:
    """The modality of trigger ``t`` (and of the verb it is an argument of, if any)."""
    nodes = [t, *chain(verb)] if verb is not None and verb.i != t.i else chain(t)
    out = Modality()
    verb_i = verb.i if verb is not None else -1
    for k, node in enumerate(nodes):
        _local_cues(ctx, nodes, k, verb_i, out)
        if k > 0 and _claim(ctx, node, nodes[k - 1], out):
            break
        if k > 0:
            _governing(ctx, nodes, k, out)
    _according(ctx, nodes[-1], out)
    return out


def _local_cues(ctx: Ctx, nodes: list[Token], k: int, verb_i: int, out: Modality) -> None:
    """Negation and hedge words on one node of the chain (one pass over its children)."""
    cue, node, w = ctx.frames.cue, nodes[k], ctx.frames.w
    kids = list(node.children)
    verbish = node.pos_ in VERBISH
    reaches = (k == 0 or nodes[k - 1].dep_ in NEGATION_REACH or node.i == verb_i) and not any(
        c.lower_ in w("until") for c in kids
    )  # "were not restored until 1991": restored then
    for c in kids:
        dep, lower = c.dep_, c.lower_
        if reaches and (dep == "neg" or (dep in ("det", "advmod") and lower in cue.negdet)):
            out.negated = True
        if dep in ("advmod", "aux", "amod") and c.lemma_.lower() in cue.hedge:
            out.hedged = True
        if dep in ("nsubj", "nsubjpass") and c.n_lefts + c.n_rights:
            _subject_cues(ctx, c, k, verbish, out)
        if dep == "advmod" and lower in w("no_longer") and any(g.lower_ == "no" for g in c.children):
            out.negated = True  # "no longer supplying"


def _subject_cues(ctx: Ctx, subj: Token, k: int, verbish: bool, out: Modality) -> None:
    """ "Neither Iran nor Saudi Arabia backed ..."; "a suspected Israeli strike hit ..."."""
    for g in subj.children:
        if verbish and g.lower_ in ctx.frames.w("neither"):
            out.negated = True
        if k == 0 and subj.dep_ == "nsubj" and g.dep_ == "amod" and g.lower_ in ctx.frames.cue.hedge:
            out.hedged = True


def _claim(ctx: Ctx, node: Token, prev: Token, out: Modality) -> bool:
    """ "reports that X armed Y" is a claim; "rejected claims that ...", "no evidence that ..." deny it."""
    cue = ctx.frames.cue
    if node.pos_ != "NOUN" or node.lemma_.lower() not in cue.report or prev.dep_ not in ("acl", "ccomp"):
        return False
    out.hedged = True
    if any(c.lower_ in cue.negdet for c in node.children if c.dep_ in ("det", "neg")) or (
        node.dep_ in ("dobj", "nsubjpass") and node.head.lemma_.lower() in cue.neg | ctx.frames.w("denying")
    ):
        out.negated = True
    return True


def _governing(ctx: Ctx, nodes: list[Token], k: int, out: Modality) -> None:
    """What a verb above the trigger does to it: accuse, deny, hedge, report, override."""
    cue, node, prev = ctx.frames.cue, nodes[k], nodes[k - 1]
    lemma = node.lemma_.lower()
    speaker = next((c for c in node.children if c.dep_ in SUBJ_DEPS), None)
    if prev.dep_ == "prep" and lemma in ctx.frames.w("accusing") and k >= 2 and nodes[k - 2].dep_ == "pcomp":
        out.hedged = True  # an allegation, attributed to the accuser
        out.attribute(ctx, speaker)
    if prev.dep_ not in ("ccomp", "xcomp"):
        return
    if lemma in cue.neg:
        out.negated = True
    if lemma in cue.hedge:
        out.hedged = True
    if lemma in cue.attrib and out.attributed_to is None:
        out.attribute(ctx, speaker, hedge_if_unnamed=True)
    if any("over" in e.flags for e in ctx.frames.entries("verb", lemma)):
        out.overridden = True


def _according(ctx: Ctx, root: Token, out: Modality) -> None:
    """ "according to X": attributed to X, or hedged when X is no actor."""
    for c in root.children:
        if c.lower_ not in ctx.frames.w("according"):
            continue
        pobj = next((g for g in c.subtree if g.dep_ == "pobj"), None)
        if pobj is not None:
            found = args(ctx, [pobj])
            if found and out.attributed_to is None:
                out.attributed_to = found[0][0]
            elif not found:
                out.hedged = True
