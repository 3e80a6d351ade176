"""Candidate actor pairs of a parsed doc and the features the pair classifier reads.

A candidate is a pair of distinct actors that ``kg_actors`` anchored in one sentence
(read through :func:`kg.nlp.actors.anchors_of`, the one seam to actors). An actor
anchored twice in a sentence gives one candidate per partner: the two anchor tokens
with the shortest dependency path between them.

Features are strings (a sparse binary vector): the dependency path between the two
anchor tokens (its labels and direction, the lemmas on it and at the common head),
the words governing that head and the words hanging on the path, with their class in
the lexicon (``coop`` / ``conf`` from the ontology polarity of a trigger's property,
``rev``, ``relief``, ``ctl``) and in the cue table (``hedge``, ``attrib``, ``neg``,
``negdet``, ``report``), trigger classes between the two names and in the sentence,
distance, coordination, the actors' kinds and how they were found, and what the rules
(``kg_relations``) already said about the pair and its list-mates.

Cost: the doc's parse is read once into plain lists
(:class:`~kg.nlp.learned.context.DocContext`); a pair then costs a few list look-ups per
step of its path, not spaCy attribute calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from kg.nlp.learned.context import DocContext

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.model import Actor
    from kg.nlp.actors import Anchor

#: Longest path (edges) whose label sequence is a feature of its own.
MAX_PATH_FEATURE = 4
#: Heads above the common head whose words are read.
UP_STEPS = 3
#: Labels of a path that only lists its two ends ("Iran and Syria", "Hamas, a group ...").
LIST_DEPS = frozenset({"conj", "appos", "cc", "punct"})
#: Prepositions whose object is usually a place, not a party ("in southern Somalia").
PLACE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "inside", "outside", "around", "into"})
#: Entity types of words that name no actor (events, laws, facilities, works ...).
NOT_ACTOR_ENTS = frozenset({"EVENT", "LAW", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "DATE", "CARDINAL"})
#: Word classes that end the relation named by their object ("lift", "cut", "suspend").
ENDING = frozenset({"relief", "rev"})
#: Most tokens between the two names that are scanned.
MAX_BETWEEN = 30


@dataclass(frozen=True)
class PairSite:
    """Two actors of one sentence and the anchor tokens the pair is read from.

    ``a`` is anchored at ``first``, ``b`` at ``second`` (``first <= second``); the same
    token when one reference stands for both ("the two countries").
    """

    sent_start: int
    first: int
    second: int
    a: Actor
    b: Actor
    a_anchor: Anchor
    b_anchor: Anchor

    def texts(self, doc: Doc) -> tuple[str | None, str | None]:
        """How the sentence names ``a`` and ``b`` (what ``kg extract`` prints as labels)."""
        return self.a_anchor.text_of(doc, self.a.id), self.b_anchor.text_of(doc, self.b.id)


def _related(x: Actor, y: Actor) -> bool:
    """An actor and its own organ or people are not a pair."""
    return (
        x.id == y.id or x.part_of == y.id or y.part_of == x.id or x.id == f"{y.id}-people" or y.id == f"{x.id}-people"
    )


#: Coarse roles of dependency labels, for the path's shape ("S^ Ov": subject to object).
ROLE = {
    "nsubj": "S",
    "nsubjpass": "S",
    "csubj": "S",
    "agent": "S",
    "dobj": "O",
    "dative": "O",
    "attr": "O",
    "oprd": "O",
    "prep": "P",
    "pobj": "P",
    "pcomp": "P",
    "conj": "C",
    "appos": "C",
    "cc": "C",
    "amod": "M",
    "compound": "M",
    "nmod": "M",
    "poss": "M",
    "npadvmod": "M",
    "nummod": "M",
    "xcomp": "X",
    "ccomp": "X",
    "advcl": "X",
    "relcl": "R",
    "acl": "R",
}


def may_pair(anchors: dict) -> bool:
    """Whether anchors can make a pair at all: two anchors, or one standing for two actors."""
    return len(anchors) >= 2 or any(len(a.actors) > 1 for a in anchors.values())


def candidate_pairs(doc: Doc, ctx: DocContext | None = None) -> list[PairSite]:
    """Every pair of distinct actors anchored in one sentence of ``doc``, in text order.

    Needs ``kg_actors`` to have run (its anchors); a doc without them has no pairs.
    """
    from kg.nlp.actors import anchors_of

    anchors = anchors_of(doc) or {}
    if not may_pair(anchors):
        return []
    ctx = ctx if ctx is not None else DocContext(doc)
    by_sent: dict[int, list[tuple[int, Actor, Anchor]]] = {}
    for ti in sorted(anchors):
        anchor = anchors[ti]
        for actor in anchor.actors:
            by_sent.setdefault(ctx.sent_start[ti], []).append((ti, actor, anchor))
    out: list[PairSite] = []
    for start, found in by_sent.items():
        best: dict[tuple[str, str], tuple[int, PairSite]] = {}
        for (ti, x, xa), (tj, y, ya) in combinations(found, 2):
            if _related(x, y):
                continue
            key = (x.id, y.id) if x.id < y.id else (y.id, x.id)
            cost = ctx.path_length(ti, tj)
            if key not in best or cost < best[key][0]:
                best[key] = (cost, PairSite(start, ti, tj, x, y, xa, ya))
        out.extend(site for _, site in best.values())
    out.sort(key=lambda s: (s.first, s.second, s.a.id, s.b.id))
    return out


def _bucket(n: int, bounds: tuple[int, ...]) -> int:
    return sum(n > b for b in bounds)


def _path_features(feats: set[str], ctx: DocContext, a: int, b: int) -> tuple[list[int], int | None]:
    """Path label sequence, its shape, the common head; returns the tokens on the path and the head."""
    path = ([], a, []) if a == b else ctx.path(a, b)
    if a == b:
        feats.add("same_anchor")
    if path is None:
        feats.add("no_path")
        return [], None
    up_a, lca, up_b = path
    dep, lemma = ctx.dep, ctx.lemma
    labels = [f"{dep[t]}^" for t in up_a] + [f"{dep[t]}v" for t in reversed(up_b)]
    n = len(labels)
    feats.add(f"plen={min(n, 6)}")
    shape = " ".join(ROLE.get(lab[:-1], "_") + lab[-1] for lab in labels) if n <= 6 else "long"
    feats.add("shape=" + shape)
    if n <= MAX_PATH_FEATURE:
        feats.add("path=" + " ".join(labels))
        feats.add("pathlca=" + " ".join(labels) + "|" + lemma[lca])
    if labels and all(lab[:-1] in LIST_DEPS for lab in labels):
        feats.add("coord")
    feats.add(f"da={dep[a]}")
    feats.add(f"db={dep[b]}")
    on = [t for t in (*up_a[1:], lca, *up_b[1:]) if t != a and t != b]
    feats.add("lca=end" if lca in (a, b) else f"lca={lemma[lca]}")
    feats.add(f"lcapos={ctx.pos[lca]}")
    for c in ctx.cls[lca]:
        feats.add(f"lca:{c}")
        feats.add(f"shape={shape}&lca:{c}")
    for t in on:
        feats.update(ctx.word_features("on", t))
    return on, lca


def _context_features(feats: set[str], ctx: DocContext, on: list[int], lca: int | None, a: int, b: int) -> None:
    """Words governing the common head and words hanging on the path ("relations ... are hostile")."""
    head, dep, cls = ctx.head, ctx.dep, ctx.cls
    ups: list[int] = []
    if lca is not None:
        cur = lca
        for _ in range(UP_STEPS):
            if head[cur] == cur:
                break
            cur = head[cur]
            ups.append(cur)
            feats.update(ctx.word_features("up", cur))
    on_path = {*on, a, b}
    coord = "coord" in feats
    read = [*on, *([lca] if lca is not None else []), *ups]
    for t in read:
        for c, words, coord_words in ctx.dependents(t):
            if c not in on_path:
                feats.update(words)
                if coord:
                    feats.update(coord_words)
    if coord:
        for t in ups:
            feats.update(f"coord&up:{k}" for k in cls[t])
    for t in read:
        if dep[t] in ("dobj", "nsubjpass", "pobj") and cls[head[t]] & ENDING:
            # "lifted the blockade", "cut ties": the relation the noun names is ended
            feats.update(f"ended:{k}" for k in cls[t] & {"coop", "conf"})


def _actor_features(feats: set[str], ctx: DocContext, site: PairSite) -> None:
    """How sure it is that the two ends are actors: kinds, how they were found, entity types,
    and whether an end is used as a place ("in southern Somalia")."""
    feats.add("kinds=" + "|".join(sorted((site.a.kind, site.b.kind))))
    feats.add("src=" + "|".join(sorted((site.a_anchor.source, site.b_anchor.source))))
    feats.add("ents=" + "|".join(sorted((ctx.ent[site.first] or "-", ctx.ent[site.second] or "-"))))
    for t, actor, anchor in ((site.first, site.a, site.a_anchor), (site.second, site.b, site.b_anchor)):
        form = ctx.form_kind(t, actor, anchor)
        feats.add(f"form={form}")
        if ctx.dep[t] == "pobj" and ctx.lower[ctx.head[t]] in PLACE_PREPS:
            feats.add("place_end")
            feats.add(f"place_end&form={form}")
        if ctx.ent[t] in NOT_ACTOR_ENTS:
            feats.add("nonactor_ent")


def _rule_features(feats: set[str], ctx: DocContext, site: PairSite) -> None:
    """What the rules said about the pair, and about the pair's list-mates ("by X, Y and Z")."""
    from kg.nlp.learned.rules import pair_key

    rules = ctx.rules.get(pair_key(site.sent_start, site.a.id, site.b.id), ())
    if not rules:
        feats.add("rule=none")
    for _, pattern, polarity, negated, confidence in rules:
        pol = polarity + ("-neg" if negated else "") + ("-low" if confidence < ctx.floor else "")
        feats.add(f"rule={pattern}")
        feats.add(f"rulepol={pol}")
        feats.add(f"rulepat={pattern}|{pol}")
    for mine, other, actor in ((site.second, site.first, site.a), (site.first, site.second, site.b)):
        for ti, mate in ctx.list_mates(mine):
            if ti != other and mate.id != actor.id:
                feats.update(f"mate:{p}" for p in ctx.stated(site.sent_start, actor.id, mate.id))


def pair_features(doc: Doc, site: PairSite, ctx: DocContext | None = None) -> set[str]:
    """The features of one candidate pair (``ctx``: the doc read once, shared by its pairs)."""
    ctx = ctx if ctx is not None else DocContext(doc)
    feats: set[str] = set()
    a, b = site.first, site.second
    on, lca = _path_features(feats, ctx, a, b)
    _context_features(feats, ctx, on, lca, a, b)
    sentence, marked = ctx.sentence_features(site.sent_start)
    feats.update(sentence)
    last = min(b, a + 1 + MAX_BETWEEN)
    for t, words in marked:
        if a < t < last:
            feats.update(words)
    feats.add(f"dist={_bucket(b - a, (1, 3, 6, 10, 20))}")
    _actor_features(feats, ctx, site)
    _rule_features(feats, ctx, site)
    return feats
