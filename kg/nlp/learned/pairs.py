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
(``kg_relations``) already said about the pair. Cost: a few steps per pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from kg.model import Actor
    from kg.nlp.actors import Anchor

#: Tokens climbed from each end of a pair looking for their common head.
MAX_CLIMB = 12
#: Longest path (edges) whose label sequence is a feature of its own.
MAX_PATH_FEATURE = 4
#: Heads above the common head whose words are read.
UP_STEPS = 3
#: Dependents of path / governing words that are read ("relations ... are hostile").
CONTEXT_DEPS = frozenset({"acomp", "attr", "dobj", "amod", "neg", "advmod", "aux", "compound",
                          "prep", "xcomp", "ccomp", "oprd", "nsubj", "nsubjpass", "agent"})
#: Labels of a path that only lists its two ends ("Iran and Syria", "Hamas, a group ...").
LIST_DEPS = frozenset({"conj", "appos", "cc", "punct"})
#: Prepositions whose object is usually a place, not a party ("in southern Somalia").
PLACE_PREPS = frozenset({"in", "at", "near", "across", "throughout", "inside", "outside", "around",
                         "into"})
#: Entity types of words that name no actor (events, laws, facilities, works ...).
NOT_ACTOR_ENTS = frozenset({"EVENT", "LAW", "FAC", "LOC", "WORK_OF_ART", "PRODUCT", "DATE", "CARDINAL"})
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


@cache
def word_classes() -> dict[str, frozenset[str]]:
    """Lemma -> its classes in the lexicon and the cue table.

    Examples
    --------
    >>> sorted(word_classes()["attack"]), sorted(word_classes()["say"])
    (['conf'], ['attrib'])
    """
    from kg.nlp.tables import cues, lexicon
    from kg.ontology import relation_properties

    lex, cue, props = lexicon(), cues(), relation_properties()
    out: dict[str, set[str]] = {}
    for (_, lemma), entries in lex.entries.items():
        for e in entries:
            out.setdefault(lemma, set()).add(props[e.prop][:4])
    for cls, words in (("rev", lex.reversers), ("relief", lex.reliefs or {}), ("ctl", lex.control),
                       ("hedge", cue.hedge), ("attrib", cue.attrib), ("neg", cue.neg),
                       ("negdet", cue.negdet), ("report", cue.report)):
        for w in words:
            out.setdefault(w, set()).add(cls)
    return {k: frozenset(v) for k, v in out.items()}


def _related(x: Actor, y: Actor) -> bool:
    """An actor and its own organ or people are not a pair."""
    return x.id == y.id or x.part_of == y.id or y.part_of == x.id or \
        x.id == f"{y.id}-people" or y.id == f"{x.id}-people"


def candidate_pairs(doc: Doc) -> list[PairSite]:
    """Every pair of distinct actors anchored in one sentence of ``doc``, in text order.

    Needs ``kg_actors`` to have run (its anchors); a doc without them has no pairs.
    """
    from kg.nlp.actors import anchors_of

    anchors = anchors_of(doc) or {}
    if len(anchors) < 1:
        return []
    by_sent: dict[int, list[tuple[int, Actor, Anchor]]] = {}
    for ti in sorted(anchors):
        anchor = anchors[ti]
        start = doc[ti].sent.start
        for actor in anchor.actors:
            by_sent.setdefault(start, []).append((ti, actor, anchor))
    out: list[PairSite] = []
    for start, found in by_sent.items():
        best: dict[tuple[str, str], tuple[int, PairSite]] = {}
        for (ti, x, xa), (tj, y, ya) in combinations(found, 2):
            if _related(x, y):
                continue
            key = (x.id, y.id) if x.id < y.id else (y.id, x.id)
            cost = path_length(doc[ti], doc[tj])
            if key not in best or cost < best[key][0]:
                best[key] = (cost, PairSite(start, ti, tj, x, y, xa, ya))
        out.extend(site for _, site in best.values())
    out.sort(key=lambda s: (s.first, s.second, s.a.id, s.b.id))
    return out


def dep_path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """The dependency path from ``a`` to ``b``: tokens climbed from ``a`` (``a`` first, the
    common head excluded), the common head, tokens climbed from ``b`` (``b`` first). None
    when no common head is found within :data:`MAX_CLIMB` steps.
    """
    up = [a]
    while up[-1].head.i != up[-1].i and len(up) < MAX_CLIMB:
        up.append(up[-1].head)
    where = {t.i: k for k, t in enumerate(up)}
    down = [b]
    while down[-1].i not in where and down[-1].head.i != down[-1].i and len(down) < MAX_CLIMB:
        down.append(down[-1].head)
    if down[-1].i not in where:
        return None
    return up[:where[down[-1].i]], down[-1], down[:-1]


def path_length(a: Token, b: Token) -> int:
    """Edges on the dependency path between two tokens (a large number when there is none)."""
    path = dep_path(a, b)
    return 99 if path is None else len(path[0]) + len(path[2])


def _classes(tok: Token) -> frozenset[str]:
    return word_classes().get(tok.lemma_.lower(), frozenset())


#: Coarse roles of dependency labels, for the path's shape ("S^ Ov": subject to object).
ROLE = {"nsubj": "S", "nsubjpass": "S", "csubj": "S", "agent": "S", "dobj": "O", "dative": "O",
        "attr": "O", "oprd": "O", "prep": "P", "pobj": "P", "pcomp": "P", "conj": "C", "appos": "C",
        "cc": "C", "amod": "M", "compound": "M", "nmod": "M", "poss": "M", "npadvmod": "M",
        "nummod": "M", "xcomp": "X", "ccomp": "X", "advcl": "X", "relcl": "R", "acl": "R"}


class DocContext:
    """What the features of all pairs of one doc share: the rules' mentions per pair, the
    list each anchor token belongs to ("Australia, Canada and the UK"), sentence classes.
    """

    def __init__(self, doc: Doc, rules: dict | None = None, floor: float = 0.4):
        self.doc = doc
        self.rules = rules or {}
        self.floor = floor
        self._sentence: dict[int, frozenset[str]] = {}
        self._lists: dict[int, list[tuple[int, Actor]]] | None = None

    def sentence_classes(self, start: int) -> frozenset[str]:
        found = self._sentence.get(start)
        if found is None:
            found = self._sentence[start] = frozenset(c for t in self.doc[start].sent for c in _classes(t))
        return found

    def list_mates(self, ti: int) -> list[tuple[int, Actor]]:
        """Actors anchored at the other members of the list token ``ti`` is in."""
        if self._lists is None:
            from kg.nlp.actors import anchors_of

            self._lists = {}
            for tj, anchor in (anchors_of(self.doc) or {}).items():
                head = list_head(self.doc[tj]).i
                self._lists.setdefault(head, []).extend((tj, a) for a in anchor.actors)
        return [m for m in self._lists.get(list_head(self.doc[ti]).i, ()) if m[0] != ti]

    def stated(self, sent_start: int, x: str, y: str) -> set[str]:
        """Polarities the rules state (not negated, above the floor) between two actors."""
        from kg.nlp.learned.rules import pair_key

        return {r[2] for r in self.rules.get(pair_key(sent_start, x, y), ()) if not r[3] and r[4] >= self.floor}


def list_head(tok: Token) -> Token:
    """The first member of the list ``tok`` is in ("Canada" in "Australia, Canada and the UK" -> Australia)."""
    for _ in range(MAX_CLIMB):
        if tok.dep_ not in ("conj", "appos") or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _bucket(n: int, bounds: tuple[int, ...]) -> int:
    return sum(n > b for b in bounds)


def _path_features(feats: set[str], a: Token, b: Token, same: bool) -> tuple[list[Token], Token | None]:
    """Path label sequence, its shape, the common head; returns the tokens on the path and the head."""
    path = ([], a, []) if same else dep_path(a, b)
    if same:
        feats.add("same_anchor")
    if path is None:
        feats.add("no_path")
        return [], None
    up_a, lca, up_b = path
    labels = [f"{t.dep_}^" for t in up_a] + [f"{t.dep_}v" for t in reversed(up_b)]
    n = len(labels)
    feats.add(f"plen={min(n, 6)}")
    shape = " ".join(ROLE.get(lab[:-1], "_") + lab[-1] for lab in labels)
    feats.add("shape=" + (shape if n <= 6 else "long"))
    if n <= MAX_PATH_FEATURE:
        feats.add("path=" + " ".join(labels))
        feats.add("pathlca=" + " ".join(labels) + "|" + lca.lemma_.lower())
    if labels and all(lab[:-1] in LIST_DEPS for lab in labels):
        feats.add("coord")
    feats.add(f"da={a.dep_}")
    feats.add(f"db={b.dep_}")
    on = [t for t in (*up_a[1:], lca, *up_b[1:]) if t.i not in (a.i, b.i)]
    end = lca.i in (a.i, b.i)
    feats.add("lca=end" if end else f"lca={lca.lemma_.lower()}")
    feats.add(f"lcapos={lca.pos_}")
    for c in _classes(lca):
        feats.add(f"lca:{c}")
        feats.add(f"shape={shape if n <= 6 else 'long'}&lca:{c}")
    for t in on:
        feats.add(f"on={t.lemma_.lower()}")
        feats.add(f"ondep={t.dep_}")
        feats.update(f"on:{c}" for c in _classes(t))
    return on, lca


def _context_features(feats: set[str], on: list[Token], lca: Token | None, a: Token, b: Token) -> None:
    """Words governing the common head and words hanging on the path ("relations ... are hostile")."""
    ups: list[Token] = []
    cur = lca
    for _ in range(UP_STEPS if cur is not None else 0):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        ups.append(cur)
        feats.add(f"up={cur.lemma_.lower()}")
        feats.update(f"up:{c}" for c in _classes(cur))
    on_path = {t.i for t in on} | {a.i, b.i}
    coord = "coord" in feats
    for t in (*on, *([lca] if lca is not None else []), *ups):
        for c in t.children:
            if c.i in on_path or c.dep_ not in CONTEXT_DEPS:
                continue
            if c.dep_ == "neg":
                feats.add("neg")
            cls = _classes(c)
            for k in cls:
                feats.add(f"ctx:{k}")
                if coord:
                    feats.add(f"coord&ctx:{k}")
            if cls or c.dep_ in ("acomp", "attr", "amod"):
                feats.add(f"ctx={c.dep_}:{c.lemma_.lower()}")
    if coord:
        for t in ups:
            feats.update(f"coord&up:{k}" for k in _classes(t))


def _actor_features(feats: set[str], a: Token, b: Token, site: PairSite) -> None:
    """How sure it is that the two ends are actors: kinds, how they were found, entity types,
    and whether an end is used as a place ("in southern Somalia")."""
    feats.add("kinds=" + "|".join(sorted((site.a.kind, site.b.kind))))
    feats.add("src=" + "|".join(sorted((site.a_anchor.source, site.b_anchor.source))))
    feats.add("ents=" + "|".join(sorted((a.ent_type_ or "-", b.ent_type_ or "-"))))
    for t, actor, anchor in ((a, site.a, site.a_anchor), (b, site.b, site.b_anchor)):
        form = _form_kind(t.doc, actor, anchor)
        feats.add(f"form={form}")
        if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS:
            feats.add("place_end")
            feats.add(f"place_end&form={form}")
        if t.ent_type_ in NOT_ACTOR_ENTS:
            feats.add("nonactor_ent")


def _form_kind(doc: Doc, actor: Actor, anchor: Anchor) -> str:
    """How the gazetteer knows the words naming ``actor`` here: label, alias, demonym, metonym
    (a capital: "Abidjan" may be a place) or ``none``."""
    from kg.gazetteer import load_gazetteer

    where = anchor.where.get(actor.id)
    if where is None:
        return anchor.source
    entry = load_gazetteer().lookup(doc[where[1]:where[2]].text)
    return entry.form_kind if entry is not None else "none"


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
    doc = ctx.doc
    for mine, other, actor in ((site.second, site.first, site.a), (site.first, site.second, site.b)):
        for ti, mate in ctx.list_mates(mine):
            if ti != other and mate.id != actor.id:
                feats.update(f"mate:{p}" for p in ctx.stated(site.sent_start, actor.id, mate.id))


def pair_features(doc: Doc, site: PairSite, ctx: DocContext | None = None) -> list[str]:
    """The features of one candidate pair (``ctx``: the doc's shared context, made once per doc)."""
    ctx = ctx if ctx is not None else DocContext(doc)
    feats: set[str] = set()
    a, b = doc[site.first], doc[site.second]
    on, lca = _path_features(feats, a, b, site.first == site.second)
    _context_features(feats, on, lca, a, b)
    for t in doc[site.first + 1:min(site.second, site.first + 1 + MAX_BETWEEN)]:
        feats.update(f"btw:{c}" for c in _classes(t))
    feats.add(f"dist={_bucket(site.second - site.first, (1, 3, 6, 10, 20))}")
    feats.update(f"sent:{c}" for c in ctx.sentence_classes(site.sent_start))
    _actor_features(feats, a, b, site)
    _rule_features(feats, ctx, site)
    return sorted(feats)
