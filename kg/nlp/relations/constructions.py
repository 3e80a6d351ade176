"""Constructions: multi-word relation frames as spaCy ``DependencyMatcher`` patterns (data).

``constructions.json`` lists constructions; each has dependency patterns whose nodes play roles
(the relation noun, its state word, a subject, an object ...) and a ``kind`` that names the
machinery reading the roles (:data:`KINDS`). The patterns are compiled once per component
(:class:`Constructions`) and matched once per doc, with spaCy's semantics. Word classes in
patterns (``"@states"``) are filled in from the lexicon and the word lists at compile time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import Ctx, args, children, event_parties, prep_objects
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.nouns import describe, noun_candidates
from kg.nlp.relations.syntax import subject_tokens
from kg.nlp.relations.tree_patterns import Anchor, TreePattern, exact
from kg.nlp.tables import DATA_DIR, LexEntry

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

    from kg.nlp.relations.frames import Frames


@dataclass(frozen=True)
class Construction:
    """One construction of ``constructions.json``: its kind and which node plays which role."""

    name: str
    kind: str
    roles: dict[str, str]
    #: a lexicon verb whose first frame the construction states ("mediate"), if it names one
    frame: str | None = None


@dataclass(frozen=True)
class Match:
    """A construction found in a doc: its nodes by name."""

    construction: Construction
    nodes: dict[str, Token]


def load_spec() -> list[dict]:
    """The constructions of ``constructions.json``."""
    return json.loads((DATA_DIR / "constructions.json").read_text(encoding="utf-8"))["constructions"]


class Constructions:
    """The constructions compiled once for one vocab: one matcher per pattern.

    A doc is matched only against the constructions whose gate words it contains, and then only
    against the patterns whose anchor node (the gate node, else its rarest word list) fits one of
    its tokens, with a child that fits each node the pattern hangs on the anchor and a head that
    fits the node it hangs the anchor on. All are necessary conditions of a match: no filter
    changes what is found. A pattern of ``>`` links and plain tests is then matched from those
    tokens (:class:`~kg.nlp.relations.tree_patterns.TreePattern`); any other goes to spaCy's
    ``DependencyMatcher``, which first matches every node of a pattern on its own over the whole
    doc, at a Python cost per token and node.
    """

    def __init__(self, vocab: Vocab, frames: Frames, spec: list[dict] | None = None):
        from spacy.matcher import DependencyMatcher

        #: (gates: word hashes one of each a doc needs, anchor words: hashes of the anchors' word
        #: lists, patterns: (anchor, matcher, construction, node names), in the spec's order); a
        #: pattern's matcher is a :class:`TreePattern` where that is exact, else spaCy's
        self.groups: list[
            tuple[
                list[frozenset[int]],
                frozenset[int],
                list[tuple[Anchor, TreePattern | DependencyMatcher, Construction, tuple[str, ...]]],
            ]
        ] = []
        for n, item in enumerate(load_spec() if spec is None else spec):
            cons = Construction(
                item["name"],
                item["kind"],
                {
                    k: v
                    for k, v in item.items()
                    if isinstance(v, str) and k not in ("name", "kind", "example", "doc", "gate", "frame")
                },
                item.get("frame"),
            )
            if cons.frame is not None and not frames.entries("verb", cons.frame):
                raise ValueError(f"kg/nlp/data/constructions.json: {cons.name}: no lexicon verb {cons.frame!r}")
            if cons.kind not in KINDS:
                raise ValueError(f"kg/nlp/data/constructions.json: {cons.name}: unknown kind {cons.kind!r}")
            gate_names = item.get("gate")
            gate_names = gate_names if isinstance(gate_names, list) else [gate_names]
            gates: list[set[int]] = [set() for _ in gate_names]
            patterns = []
            for m, pattern in enumerate(item["patterns"]):
                compiled = _compile(pattern, frames)
                anchor_node = _anchor_node(compiled, gate_names)
                anchor = Anchor.of(anchor_node, vocab, compiled)
                matcher: TreePattern | DependencyMatcher
                if anchor.words is not None and exact(compiled):
                    matcher = TreePattern.of(compiled, anchor_node)
                else:
                    matcher = DependencyMatcher(vocab)
                    matcher.add(f"{cons.name}/{n}/{m}", [compiled])
                patterns.append((anchor, matcher, cons, tuple(node["RIGHT_ID"] for node in compiled)))
                for gate, name in zip(gates, gate_names):
                    gate.update(vocab.strings.add(w) for w in _gate_words(compiled, name, frames))
            anchor_words = frozenset(w for anchor, *_ in patterns for w in anchor.words or ())
            self.groups.append(([frozenset(g) for g in gates], anchor_words, patterns))

    def matches(self, doc: Doc, sentences: list[set[int]] | None = None, ctx: Ctx | None = None) -> list[Match]:
        """Every construction in ``doc``, in text order of the first node.

        ``sentences`` are the lemma and lower-case hashes of the tokens of each sentence that can
        hold a relation, if known: only the constructions whose gate words all occur in one of
        them are matched (a construction's nodes are one dependency tree, so one sentence).
        ``ctx``: the doc's relation context, whose children of tokens are read once per doc.
        """
        kids = (lambda tok: children(ctx, tok)) if ctx is not None else (lambda tok: tuple(tok.children))
        out: list[Match] = []
        rows: list[list[int]] | None = None
        for gates, anchor_words, patterns in self.groups:
            if sentences is not None and not any(
                all(not words.isdisjoint(gate) for gate in gates) for words in sentences
            ):
                continue
            if rows is None:
                from spacy.attrs import LEMMA, LOWER

                rows = doc.to_array([LEMMA, LOWER]).tolist() if len(doc) else []
            listed = [doc[i] for i, (lemma, lower) in enumerate(rows) if lemma in anchor_words or lower in anchor_words]
            for anchor, matcher, cons, names in patterns:
                if isinstance(matcher, TreePattern):
                    found = matcher.matches([t for t in listed if anchor.fits(t) and anchor.linked(t, kids)], kids)
                    out.extend(Match(cons, dict(zip(names, toks))) for toks in found)
                elif anchor.words is None or any(anchor.fits(t) and anchor.linked(t, kids) for t in listed):
                    out.extend(Match(cons, {name: doc[i] for name, i in zip(names, ids)}) for _, ids in matcher(doc))
        return sorted(out, key=lambda m: min(t.i for t in m.nodes.values()))


def _anchor_node(pattern: list[dict], gates: list[str | None]) -> dict:
    """The node of ``pattern`` whose presence is tested first: the first gate that names one of
    its nodes, else the node with the shortest word list, else its root."""
    by_name = {node["RIGHT_ID"]: node for node in pattern}
    named = next((by_name[g] for g in gates if g in by_name), None)
    if named is not None:
        return named
    listed = [
        (len(v["IN"]) if isinstance(v, dict) else 1, k, node)
        for k, node in enumerate(pattern)
        for key, v in node["RIGHT_ATTRS"].items()
        if key in ("LEMMA", "LOWER") and (isinstance(v, str) or (isinstance(v, dict) and "IN" in v))
    ]
    return min(listed, key=lambda x: x[:2])[2] if listed else pattern[0]


def _compile(pattern: list[dict], frames: Frames) -> list[dict]:
    """The pattern with its word classes filled in."""
    return [
        {**node, "RIGHT_ATTRS": {k: _fill(v, frames, k == "LEMMA") for k, v in node.get("RIGHT_ATTRS", {}).items()}}
        for node in pattern
    ]


def _gate_words(pattern: list[dict], gate: str | None, frames: Frames) -> list[str]:
    """The words a pattern's gate names: a word class ("@labels"), or a node's word list (else the
    pattern's shortest list)."""
    if gate is not None and gate.startswith("@"):
        words = frames.word_class(gate[1:])
        return sorted(words | {w.capitalize() for w in words})
    lists = {
        node["RIGHT_ID"]: v["IN"] if isinstance(v, dict) else [v]
        for node in pattern
        for key, v in node["RIGHT_ATTRS"].items()
        if key in ("LEMMA", "LOWER") and (isinstance(v, str) or (isinstance(v, dict) and "IN" in v))
    }
    if gate in lists:
        return lists[gate]
    return min(lists.values(), key=len) if lists else []


def _fill(value, frames: Frames, lemma: bool = False):
    """A word class as an "IN" list; lemmas also capitalised (a sentence-initial word the tagger
    took for a proper noun keeps its case as lemma: "Frosty relations")."""
    if isinstance(value, str) and value.startswith("@"):
        words = frames.word_class(value[1:])
        return {"IN": sorted(words | {w.capitalize() for w in words} if lemma else words)}
    return value


# ------------------------------------------------------------------ kinds
def _qualifier(ctx: Ctx, m: Match) -> list[Candidate]:
    """A relation noun with a state word: the noun's parties, the state word's property."""
    noun, state = m.nodes[m.construction.roles["noun"]], m.nodes[m.construction.roles["qualifier"]]
    states = ctx.frames.lex.states
    prop = states.get(state.lemma_.lower()) or states.get(state.lower_)
    frames = ctx.frames.entries("noun", noun.lemma_.lower())
    if prop is None or not frames:
        return []
    verb = m.nodes.get("verb") or (
        state
        if state.dep_ not in ("amod", "compound", "nmod")
        and state.pos_ in ("VERB", "AUX", "ADJ")
        and noun.dep_ != "dobj"
        else None
    )
    return noun_candidates(ctx, noun, frames, state=(prop, verb))


def _backing(ctx: Ctx, m: Match) -> list[Candidate]:
    """ "With the support of X, Y did Z": X gives what the noun names to Y, who acts."""
    roles = m.construction.roles
    noun, verb = m.nodes[roles["trigger"]], m.nodes[roles["verb"]]
    frames = ctx.frames.entries("noun", noun.lemma_.lower())
    givers = args(ctx, [m.nodes[roles["giver"]]])
    receivers = args(ctx, _theme(verb))
    if not frames or not givers or not receivers:
        return []
    return emit(ctx, noun, frames[0], givers, receivers, "noun", 1, verb)


def _theme(verb: Token) -> list[Token]:
    """Who an act is done by or happens to: the subject, or the noun a participle describes (also
    through participles coordinated with it: "X, based in Y and backed by Z with the support of W")."""
    for _ in range(4):
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return [verb.head] if verb.dep_ in ("acl", "relcl") else []


def _described(ctx: Ctx, m: Match) -> list[Candidate]:
    """A relation noun describing the actors of its clause ("once allies, X and Y are now rivals")."""
    noun = m.nodes[m.construction.roles["trigger"]]
    frames = ctx.frames.entries("noun", noun.lemma_.lower())
    described = args(ctx, _described_tokens(noun))
    if not frames or not described:
        return []
    return describe(ctx, noun, frames[0], described)


def _described_tokens(noun: Token) -> list[Token]:
    """Who a fronted or apposed noun describes: its conjuncts, the clause's other subject, its head."""
    if noun.conjuncts:
        return list(noun.conjuncts)  # "Once allies, Ethiopia and Eritrea ..." (parsed as a list)
    if noun.dep_ == "appos":
        return [noun.head]
    others = [c for c in noun.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i]
    return others


def _joint(ctx: Ctx, m: Match) -> list[Candidate]:
    """ "a joint force of Georgian, Russian and Ossetian troops": its parties cooperate."""
    noun = m.nodes[m.construction.roles["trigger"]]
    prop = ctx.frames.lex.joint.get("jointly")
    parts = [
        c
        for c in children(ctx, noun)
        if c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in ctx.frames.w("jointly")
    ]
    parties = args(ctx, parts + prep_objects(ctx, [noun], ("of", "between")))
    if prop is None or len(parties) < 2:
        return []
    frame = LexEntry("noun", noun.lemma_.lower(), frozenset({"-"}), prop, frozenset({"sym"}))
    return emit(ctx, noun, frame, parties, [], "noun-pair", 0, None)


def _label(ctx: Ctx, m: Match) -> list[Candidate]:
    """ "Turkey views the SDF as a terrorist organization": the label word's relation."""
    roles = m.construction.roles
    verb, label = m.nodes[roles["verb"]], m.nodes[roles["label"]]
    labels = ctx.frames.lex.labels
    words = [label, *(c for c in children(ctx, label) if c.dep_ in ("amod", "compound"))]
    prop = next((labels[w.lemma_.lower()] for w in words if w.lemma_.lower() in labels), None)
    objects = args(ctx, [m.nodes[roles["object"]]])
    if prop is None or not objects:
        return []
    subj_toks, steps = subject_tokens(ctx, verb)
    frame = LexEntry("verb", verb.lemma_.lower(), frozenset({"-"}), prop, frozenset())
    return emit(ctx, verb, frame, args(ctx, subj_toks), objects, "verb" if steps == 0 else "inherited", steps, None)


def _mediated(ctx: Ctx, m: Match) -> list[Candidate]:
    """ "talks facilitated by X", "X-mediated talks": the mediator relates to each party of the event."""
    roles = m.construction.roles
    event = m.nodes[roles["event"]]
    mediators = args(ctx, [m.nodes[roles["mediator"]]])
    if not mediators or m.construction.frame is None:
        return []
    frame = ctx.frames.entries("verb", m.construction.frame)[0]
    parties = [(a, anc) for a, anc in event_parties(ctx, event) if all(a.id != b.id for b, _ in mediators)]
    return emit(ctx, event, frame, mediators, parties, "nested", 1, None)


#: Kinds whose trigger noun is not read again as a plain relation noun.
TAKES_OVER = {"qualifier", "backing", "described"}

#: What each kind of construction does with its roles.
KINDS: dict[str, Callable[[Ctx, Match], list[Candidate]]] = {
    "qualifier": _qualifier,
    "backing": _backing,
    "described": _described,
    "joint": _joint,
    "label": _label,
    "mediated": _mediated,
}


def _holders_give_way(ctx: Ctx, matches: list[Match]) -> list[Match]:
    """A holding verb ("has relations") qualifies a noun only when no other state word does."""
    holders = ctx.frames.w("holding_verbs")

    def holding(m: Match) -> bool:
        q = m.construction.roles.get("qualifier")
        return q is not None and m.nodes[q].lemma_.lower() in holders

    qualified = {
        m.nodes[m.construction.roles["noun"]].i
        for m in matches
        if m.construction.kind == "qualifier" and not holding(m)
    }
    return [m for m in matches if not (holding(m) and m.nodes[m.construction.roles["noun"]].i in qualified)]


def construction_candidates(ctx: Ctx, matches: list[Match]) -> tuple[list[Candidate], set[int]]:
    """Candidates of the constructions found, and the trigger tokens they account for."""
    out: list[Candidate] = []
    handled: set[int] = set()
    for m in _holders_give_way(ctx, matches):
        out.extend(KINDS[m.construction.kind](ctx, m))
        trigger = m.construction.roles.get("noun") or m.construction.roles.get("trigger")
        if trigger is not None and m.construction.kind in TAKES_OVER:
            handled.add(m.nodes[trigger].i)
    return out, handled
