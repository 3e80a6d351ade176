"""Constructions: multi-word relation frames as spaCy ``DependencyMatcher`` patterns (data).

``constructions.json`` lists constructions; each has dependency patterns whose nodes play roles
(the relation noun, its state word, a subject, an object ...) and a ``kind`` that names the
machinery reading the roles (:data:`KINDS`). The patterns are compiled once per component into
one ``DependencyMatcher``, run once per doc. Word classes in patterns (``"@states"``) are
filled in from the lexicon and the word lists at compile time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.nlp.relations.arguments import Ctx, args, children, event_parties, prep_objects
from kg.nlp.relations.candidates import Candidate, emit
from kg.nlp.relations.nouns import describe, noun_candidates

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
    from kg.nlp.tables import DATA_DIR

    return json.loads((DATA_DIR / "constructions.json").read_text(encoding="utf-8"))["constructions"]


class Constructions:
    """The constructions compiled once for one vocab: one ``DependencyMatcher`` per pattern.

    A doc is matched only against the constructions whose gate words it contains, and then only
    against the patterns whose anchor node (the gate node, else its rarest word list) fits one of
    its tokens, with a child that fits each node the pattern hangs on the anchor and a head that
    fits the node it hangs the anchor on: spaCy's ``DependencyMatcher`` first matches every node
    of a pattern on its own, at a Python cost per token and node (a node "any verb" matches every
    verb), so a pattern whose anchor is absent is not given to it. All are necessary conditions
    of a match: no filter changes what is found.
    """

    def __init__(self, vocab: Vocab, frames: Frames, spec: list[dict] | None = None):
        from spacy.matcher import DependencyMatcher

        #: (gates: word hashes one of each a doc needs, anchor words: hashes of the anchors' word
        #: lists, patterns: (anchor, matcher, construction, node names), in the spec's order)
        self.groups: list[
            tuple[
                list[frozenset[int]],
                frozenset[int],
                list[tuple[_Anchor, DependencyMatcher, Construction, tuple[str, ...]]],
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
                matcher = DependencyMatcher(vocab)
                matcher.add(f"{cons.name}/{n}/{m}", [compiled])
                anchor = _Anchor.of(_anchor_node(compiled, gate_names), vocab, compiled)
                patterns.append((anchor, matcher, cons, tuple(node["RIGHT_ID"] for node in compiled)))
                for gate, name in zip(gates, gate_names):
                    gate.update(vocab.strings.add(w) for w in _gate_words(compiled, name, frames))
            anchor_words = frozenset(w for anchor, *_ in patterns for w in anchor.words or ())
            self.groups.append(([frozenset(g) for g in gates], anchor_words, patterns))

    def matches(self, doc: Doc, sentences: list[set[int]] | None = None) -> list[Match]:
        """Every construction in ``doc``, in text order of the first node.

        ``sentences`` are the lemma and lower-case hashes of the tokens of each sentence that can
        hold a relation, if known: only the constructions whose gate words all occur in one of
        them are matched (a construction's nodes are one dependency tree, so one sentence).
        """
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
                if anchor.words is None or any(anchor.fits(t) and anchor.linked(t) for t in listed):
                    out.extend(Match(cons, {name: doc[i] for name, i in zip(names, ids)}) for _, ids in matcher(doc))
        return sorted(out, key=lambda m: min(t.i for t in m.nodes.values()))


#: Token attributes an anchor tests, as text (the pattern keys spaCy compares by string).
_TEXT_ATTRS = {
    "LEMMA": "lemma_",
    "LOWER": "lower_",
    "ORTH": "orth_",
    "TEXT": "orth_",
    "POS": "pos_",
    "TAG": "tag_",
    "DEP": "dep_",
}


@dataclass(frozen=True)
class _Anchor:
    """A pattern's anchor node as a cheap test of a token: its word list (hashes of its LEMMA /
    LOWER values; None: it has none, any token may fit), its plain attribute tests (a value or
    an ``IN`` list), and those of the nodes the pattern links to it directly (``>``: a child of
    the anchor; or the anchor's head). Other keys of a node are not tested: a weaker test is
    still a necessary condition of the pattern matching."""

    words: frozenset[int] | None
    tests: tuple[tuple[str, frozenset[str]], ...]
    #: the tests of each node the pattern hangs on the anchor (one of its children must fit each)
    below: tuple[tuple[tuple[str, frozenset[str]], ...], ...] = ()
    #: the tests of the node the anchor hangs on (its head must fit them), if any
    above: tuple[tuple[str, frozenset[str]], ...] | None = None

    @classmethod
    def of(cls, node: dict, vocab: Vocab, pattern: Sequence[dict] = ()) -> _Anchor:
        tests = _tests(node)
        words = [w for attr, values in tests if attr in ("lemma_", "lower_") for w in values]
        name = node["RIGHT_ID"]
        by_name = {n["RIGHT_ID"]: n for n in pattern}
        below = tuple(_tests(n) for n in pattern if n.get("LEFT_ID") == name and n.get("REL_OP") == ">")
        above = (
            _tests(by_name[node["LEFT_ID"]]) if node.get("REL_OP") == ">" and node.get("LEFT_ID") in by_name else None
        )
        return cls(
            frozenset(vocab.strings.add(w) for w in words) if words else None,
            tests,
            tuple(t for t in below if t),
            above or None,
        )

    def fits(self, tok: Token) -> bool:
        return _fits(self.tests, tok)

    def linked(self, tok: Token) -> bool:
        """Whether the nodes linked to the anchor can be found around ``tok`` (it fits the anchor)."""
        if self.above is not None and (tok.head.i == tok.i or not _fits(self.above, tok.head)):
            return False
        return all(any(_fits(tests, c) for c in tok.children) for tests in self.below)


def _tests(node: dict) -> tuple[tuple[str, frozenset[str]], ...]:
    """A node's plain attribute tests: (token attribute, the values it may take)."""
    tests = []
    for key, v in node.get("RIGHT_ATTRS", {}).items():
        values = [v] if isinstance(v, str) else v.get("IN") if isinstance(v, dict) and set(v) == {"IN"} else None
        if key in _TEXT_ATTRS and values is not None:
            tests.append((_TEXT_ATTRS[key], frozenset(values)))
    return tuple(tests)


def _fits(tests: tuple[tuple[str, frozenset[str]], ...], tok: Token) -> bool:
    return all(getattr(tok, attr) in values for attr, values in tests)


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
    from kg.nlp.tables import LexEntry

    noun = m.nodes[m.construction.roles["trigger"]]
    prop = ctx.frames.lex.joint.get("jointly")
    parts = [
        c
        for c in children(ctx, noun)
        if c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in ctx.frames.w("jointly")
    ]
    parties = args(ctx, parts + prep_objects([noun], ("of", "between")))
    if prop is None or len(parties) < 2:
        return []
    frame = LexEntry("noun", noun.lemma_.lower(), frozenset({"-"}), prop, frozenset({"sym"}))
    return emit(ctx, noun, frame, parties, [], "noun-pair", 0, None)


def _label(ctx: Ctx, m: Match) -> list[Candidate]:
    """ "Turkey views the SDF as a terrorist organization": the label word's relation."""
    from kg.nlp.relations.syntax import subject_tokens
    from kg.nlp.tables import LexEntry

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
