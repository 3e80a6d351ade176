"""Argument expansion: from argument tokens to the actors they stand for.

An argument token is a noun-phrase head. Its actors are the anchor ``kg_actors`` left on it
or, failing that, the actors of its modifiers ("the Syrian parliament", "members of X",
"crimes committed by X", "roads leading into X"); coordination and lists the parser split
into appositions are expanded ("Peru, the Philippines, Chile and Japan").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from kg.model import Actor
    from kg.nlp.actors import Anchor
    from kg.nlp.relations.frames import Frames

#: An actor with the anchor it was found at.
Found = tuple["Actor", "Anchor"]

VERBISH = {"VERB", "AUX"}
NOMINAL = {"NOUN", "PROPN"}
#: Which modifier of a noun names its actor first ("bin Laden's al-Qaeda network" -> al-Qaeda).
DESCENT_ORDER = {"compound": 0, "nmod": 1, "amod": 2, "poss": 3, "prep": 4, "nummod": 5}
MODIFIER_DEPS = {"poss", "compound", "amod", "nmod", "nummod"}
#: Prepositions whose object names the actor of the noun they hang on ("members of X").
MEMBER_PREPS = {"of", "by", "from"}
#: Longest phrase (tokens) kept as an actor's mention text.
MAX_PHRASE = 16


@dataclass
class Ctx:
    """Per-doc state: the doc, the anchors of ``kg_actors`` and the compiled frames."""

    doc: Doc
    anchors: dict[int, Anchor]
    frames: Frames
    #: the actors of argument token tuples, found once per doc (frames ask for the same ones)
    memo: dict = field(default_factory=dict)
    #: the parties symmetric relation nouns named, in text order: (noun index, [two found actors])
    pairs: list = field(default_factory=list)
    #: children and conjuncts of tokens, read once per doc (:func:`children`, :func:`conjuncts`)
    tree: dict = field(default_factory=dict)


def children(ctx: Ctx, tok: Token) -> tuple[Token, ...]:
    """``tok.children``, read once per doc: the rules ask for the same tokens' children again and
    again (each frame, slot and cue), and spaCy walks the doc and makes new Token objects each time."""
    hit = ctx.tree.get(tok.i)
    if hit is None:
        hit = ctx.tree[tok.i] = tuple(tok.children)
    return hit


def conjuncts(ctx: Ctx, tok: Token) -> tuple[Token, ...]:
    """``tok.conjuncts``, read once per doc (as :func:`children`)."""
    key = -1 - tok.i
    hit = ctx.tree.get(key)
    if hit is None:
        hit = ctx.tree[key] = tuple(tok.conjuncts)
    return hit


def actors_at(ctx: Ctx, tok: Token, depth: int = 2, allow_coref: bool = True) -> list[Found]:
    """Actors a noun-phrase head stands for (looking into its modifiers, "X of Y"; a place held by
    someone stands for its holder; "whose" for the noun its clause describes)."""
    tok = _whose_owner(tok)
    anchor = ctx.anchors.get(tok.i)
    if anchor is not None and (allow_coref or anchor.source != "coref"):
        return [(a, anchor) for a in anchor.actors]
    if depth <= 0 or tok.pos_ in VERBISH:
        return []
    if tok.lemma_.lower() in ctx.frames.w("place_nouns"):
        held = _holders(ctx, tok, depth)
        if held:
            return held
    for child in sorted(children(ctx, tok), key=_descent):
        found = _through_child(ctx, tok, child, depth)
        if found:
            return found
    return []


def _descent(child: Token) -> int:
    return DESCENT_ORDER.get(child.dep_, 9)


def _through_child(ctx: Ctx, tok: Token, child: Token, depth: int) -> list[Found]:
    dep = child.dep_
    if dep == "amod" and child.pos_ in VERBISH and child.lemma_.lower() in ctx.frames.w("leading"):
        # "the United States-led invasion": its leader
        return _unique(
            [
                f
                for g in children(ctx, child)
                if g.dep_ in MODIFIER_DEPS | {"npadvmod"}
                for f in actors_at(ctx, g, depth - 1)
            ]
        )
    if dep in MODIFIER_DEPS or (dep == "appos" and child.pos_ == "PROPN"):
        # ... "the opposition newspaper La Prensa": the noun is the name beside it
        return actors_at(ctx, child, depth - 1, allow_coref=False)
    if dep == "prep" and _names_owner(ctx, tok, child):
        return _through_prep(ctx, tok, child, depth)
    if dep == "acl" and child.tag_ == "VBN" and any(c.dep_ == "agent" for c in children(ctx, child)):
        # "crimes committed by Croat forces", "property seized by the army": the doer
        return args(
            ctx, [g for a in children(ctx, child) if a.dep_ == "agent" for g in children(ctx, a) if g.dep_ == "pobj"]
        )
    if dep == "acl" and child.lemma_.lower() in ctx.frames.w("route_verbs"):
        # "the roads leading into Mordor", "power lines running to Kabul": where they go
        for g in _objects_of(ctx, child, ctx.frames.w("route_preps")):
            found = actors_at(ctx, g, depth - 1, allow_coref=False)
            if found:
                return found
    return []


def _holders(ctx: Ctx, place: Token, depth: int) -> list[Found]:
    """Who holds a place ("a village held by X", "a town under the control of X", "areas under X
    control"; an "under" phrase the parser hung on a word above the place, after it, counts too)."""
    w = ctx.frames.w
    for c in children(ctx, place):
        if c.dep_ == "acl" and c.lemma_.lower() in w("holding_participles"):
            found = args(
                ctx, [g for a in children(ctx, c) if a.dep_ == "agent" for g in children(ctx, a) if g.dep_ == "pobj"]
            )
            if found:
                return found
    unders = [c for c in children(ctx, place) if c.dep_ == "prep" and c.lower_ == "under"]
    up = place
    for _ in range(3):  # "an attack on a town in Syria under the control of X": hung on "launched"
        if up.head.i == up.i:
            break
        up = up.head
        unders += [c for c in children(ctx, up) if c.dep_ == "prep" and c.lower_ == "under" and c.i > place.i]
    for under in unders:
        for rule in pobjs(ctx, under):
            if rule.lemma_.lower() not in w("control_nouns"):
                continue
            owners = [c for c in children(ctx, rule) if c.dep_ in ("poss", "compound", "amod", "nmod")]
            found = args(ctx, owners + prep_objects(ctx, [rule], ("of",)))
            if found:
                return found
    return []


def _names_owner(ctx: Ctx, tok: Token, prep: Token) -> bool:
    """Whether ``prep`` on ``tok`` names whose it is ("members of X", "groups in X", "a camp for X")."""
    word = prep.lower_
    lemma = tok.lemma_.lower()
    return (
        word in MEMBER_PREPS
        or (
            word == "in"
            and tok.tag_ == "NNS"
            and (lemma not in ctx.frames.nouns or lemma in ctx.frames.word_class("frames:noun:agent"))
        )
        or (word in ("in", "for") and lemma in ctx.frames.w("place_nouns"))
    )


def _through_prep(ctx: Ctx, tok: Token, prep: Token, depth: int) -> list[Found]:
    # "a village in Western Cambodia", "a camp for Congolese refugees", "members of the parliament"
    for g in children(ctx, prep):
        if g.dep_ != "pobj":
            continue
        found = actors_at(ctx, g, depth - 1, allow_coref=False)
        if found and tok.pos_ in NOMINAL and not _done_by(ctx, g):
            # "a member of the Syrian parliament": the sentence names the actor so (not "acts of
            # violence committed by X": the doer of a deed names itself)
            text = phrase(tok, g)
            if text:
                found = [(a, replace(anc, texts={**anc.texts, a.id: text})) for a, anc in found]
        # "the republics of South Ossetia and Abkhazia": each conjunct, named by itself
        return _unique(
            [*found, *(f for c in conjuncts(ctx, g) for f in actors_at(ctx, c, depth - 1, allow_coref=False))]
        )
    return []


def misattached_owner(ctx: Ctx, verb: Token, objects: list[Token], own_preps) -> list[Token]:
    """The objects of a phrase the parser hung on ``verb`` right after its object, where it names
    whose the object is ("designated two individuals from the regime", "joined our partners in
    Colombia"): "of" / "by" / "from", and "in" after an agent noun; not a preposition the frame
    itself takes ("withdrew its ambassador from X"), nor after a relation noun ("received aid from X")."""
    agents = ctx.frames.word_class("frames:noun:agent")
    out: list[Token] = []
    for obj in objects:
        if obj.lemma_.lower() in ctx.frames.nouns and obj.lemma_.lower() not in agents:
            continue  # "received aid from X": the relation noun reads its own phrase
        for c in children(ctx, verb):
            word = c.lower_
            if c.dep_ != "prep" or c.i != obj.right_edge.i + 1 or word in own_preps:
                continue
            if word in MEMBER_PREPS or (word == "in" and obj.lemma_.lower() in agents):
                out.extend(pobjs(ctx, c))
    return out


def _done_by(ctx: Ctx, tok: Token) -> bool:
    """ "violence committed by X": a noun with a participle that has an agent."""
    return any(c.dep_ == "acl" and any(g.dep_ == "agent" for g in children(ctx, c)) for c in children(ctx, tok))


def args(ctx: Ctx, toks) -> list[Found]:
    """Actors of argument tokens and their conjuncts ("the US and Iran"), each actor once."""
    key = tuple(t.i for t in toks)
    hit = ctx.memo.get(key)
    if hit is None:
        hit = ctx.memo[key] = _args(ctx, toks)
    return list(hit)


def _args(ctx: Ctx, toks) -> list[Found]:
    out: list[Found] = []
    seen: set[int] = set()
    other = ctx.frames.w("other")
    for tok in toks:
        for t in (tok, *conjuncts(ctx, tok), *_listed(ctx, tok)):
            if t.i in seen:
                continue
            seen.add(t.i)
            if any(c.dep_ == "amod" and c.lower_ in other for c in children(ctx, t)):
                continue  # "X and other groups": no actor named
            if _umbrella(ctx, t):
                continue  # "terrorist groups, including Hizballah": the members are named
            for a, anc in actors_at(ctx, t):
                if all(a.id != b.id for b, _ in out):
                    out.append((a, anc))
    return out


def _whose_owner(tok: Token) -> Token:
    """ "Iran, whose ties with X are strained, ...": "whose" is the noun its relative clause
    describes (any other token: itself)."""
    if tok.lower_ != "whose":
        return tok
    cur = tok
    for _ in range(4):
        if cur.dep_ == "relcl":
            return cur.head
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return tok


#: How an unnamed group was found (``kg_actors``): a kind of actor named by a common noun.
UNNAMED_SOURCES = {"unnamed", "group"}


def _umbrella(ctx: Ctx, tok: Token) -> bool:
    """A plural common noun for a kind of actor whose members the text names ("states including
    A and B", "terrorist groups, including X"): the members are the actors, not the kind."""
    anchor = ctx.anchors.get(tok.i)
    if anchor is None or anchor.source not in UNNAMED_SOURCES or tok.tag_ not in ("NNS", "NNPS"):
        return False
    listing = ctx.frames.w("listing")
    members = [
        m
        for c in _rights(ctx, tok)
        if c.dep_ == "prep" and c.lower_ in listing
        for g in children(ctx, c)
        if g.dep_ == "pobj"
        for m in (g, *conjuncts(ctx, g))
    ]
    return any(m.i in ctx.anchors for m in members)


def _unique(found) -> list[Found]:
    out: list[Found] = []
    for a, anc in found:
        if all(a.id != b.id for b, _ in out):
            out.append((a, anc))
    return out


def _listed(ctx: Ctx, tok: Token) -> list[Token]:
    """List members the parser hung on ``tok`` or its conjuncts: appositions, "including X and Y"."""
    kids = children(ctx, tok)
    if not tok.n_rights:
        return _nominal_list(ctx, tok, kids)
    listing = ctx.frames.w("listing")
    included = [
        m
        for t in (tok, *conjuncts(ctx, tok))
        for c in _rights(ctx, t)
        if c.dep_ == "prep" and c.lower_ in listing
        for g in children(ctx, c)
        if g.dep_ == "pobj"
        for m in (g, *conjuncts(ctx, g))
    ]
    return included + _appositive_list(ctx, tok) + _nominal_list(ctx, tok, kids)


def _rights(ctx: Ctx, tok: Token) -> list[Token]:
    """``tok.rights`` from the children read once per doc."""
    i = tok.i
    return [c for c in children(ctx, tok) if c.i > i]


def _nominal_list(ctx: Ctx, tok: Token, kids: tuple[Token, ...]) -> list[Token]:
    """ "Arnor, Calenardhon and the awful Gondor": a list the parser hung on its last member."""
    return [
        m
        for c in kids
        if c.dep_ == "nmod" and c.pos_ == "PROPN" and c.i < tok.i and any(g.dep_ == "conj" for g in children(ctx, c))
        for m in (c, *conjuncts(ctx, c))
    ]


def _appositive_list(ctx: Ctx, tok: Token) -> list[Token]:
    # "Mordor, the Shire, Fornost and Bree": a list the parser split into an apposition
    rights = _rights(ctx, tok)
    listed = [
        g
        for c in rights
        if c.dep_ == "appos" and any(x.dep_ == "conj" for x in _rights(ctx, c))
        for g in (c, *conjuncts(ctx, c))
    ]
    if any(c.dep_ == "conj" for c in rights):
        # "Mordor, the awful Fornost, and Gondor": a list member parsed as an apposition
        listed += [c for c in rights if c.dep_ == "appos" and c.pos_ in NOMINAL]
    return listed


def _objects_of(ctx: Ctx, head: Token, preps) -> list[Token]:
    return [g for c in children(ctx, head) if c.dep_ == "prep" and c.lower_ in preps for g in pobjs(ctx, c)]


def pobjs(ctx: Ctx, prep: Token) -> list[Token]:
    """The objects of a preposition and of the prepositions coordinated with it ("given to X, to Y,
    and to Z": the parser hangs the later ones on the first)."""
    kids = children(ctx, prep)
    out = [g for g in kids if g.dep_ == "pobj"]
    for c in kids:
        if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ == prep.lower_:
            out.extend(g for g in children(ctx, c) if g.dep_ == "pobj")
    return out


def prep_objects(ctx: Ctx, heads, preps) -> list[Token]:
    """The objects of the prepositions ``preps`` that hang on any of ``heads``, in order."""
    return [g for h in heads for g in _objects_of(ctx, h, preps)]


def is_place(ctx: Ctx, actor: Actor, anchor: Anchor) -> bool:
    """A state named by a place in it: a city the gazetteer knows as the state's metonym
    ("Kabul"), or a place name it does not know ("Kandahar", found by the NER alone)."""
    if actor.kind != "State":
        return False
    if anchor.ner_only:
        return True
    from kg.nlp.gazetteer import load_gazetteer

    text = anchor.text_of(ctx.doc, actor.id)
    entry = load_gazetteer().lookup(text) if text else None
    return entry is not None and entry.form_kind == "metonym"


def is_territory(ctx: Ctx, actor: Actor, anchor: Anchor) -> bool:
    """A state named by a place or a part of it ("Kabul", "southern Afghanistan"), not by its name."""
    if is_place(ctx, actor, anchor):
        return True
    text = (anchor.text_of(ctx.doc, actor.id) or "").lower().removeprefix("the ")
    return actor.kind == "State" and bool(text) and text not in {n.lower() for n in (actor.label, *actor.aliases)}


def nested_parties(ctx: Ctx, frontier: list[Token]) -> list[Token]:
    """The parties named by "between" / "with" inside ``frontier`` ("a resumption of ties between X
    and Y", "the implementation of the accord between X and Y"), through "of" phrases."""
    nested_preps = ctx.frames.w("nested_preps")
    for _ in range(3):
        nxt: list[Token] = []
        for tok in frontier:
            for c in children(ctx, tok):
                if c.dep_ == "prep" and c.lower_ in nested_preps:
                    found = [g for g in children(ctx, c) if g.dep_ == "pobj"]
                    if found:
                        return found
                if c.dep_ == "prep" and c.lower_ == "of":
                    nxt.extend(g for g in children(ctx, c) if g.dep_ == "pobj")
        frontier = nxt
    return []


def cause_targets(ctx: Ctx, holders) -> list[Found]:
    """Whom a reaction is aimed at when it names only its cause ("sanctions over the coup in X",
    "in response to the invasion by X", "in relation to X's nuclear programme"): the doer of the
    event named, else the state it happens in."""
    w = ctx.frames.w
    events = [
        g
        for h in holders
        for c in children(ctx, h)
        if c.dep_ == "prep"
        for g in (
            pobjs(ctx, c)
            if c.lower_ in w("cause_preps")
            else [
                e
                for n in pobjs(ctx, c)
                if c.lower_ == "in" and n.lemma_.lower() in w("cause_nouns")
                for e in prep_objects(ctx, [n], w("cause_links"))
            ]
        )
    ]
    deeds, agents = ctx.frames.w("cause_events"), ctx.frames.word_class("frames:noun:agent")
    for ev in events:
        lemma = ev.lemma_.lower()
        if (lemma not in ctx.frames.nouns or lemma in agents) and lemma not in deeds:
            continue  # "restrictions for new members": no deed named
        found = (
            _unique(
                [
                    f
                    for c in children(ctx, ev)
                    if c.dep_ in MODIFIER_DEPS
                    for f in actors_at(ctx, c, 1, allow_coref=True)
                ]
            )
            or args(ctx, prep_objects(ctx, [ev], ("by",)))
            or args(ctx, prep_objects(ctx, [ev], ("in",)))
        )
        if found:
            return found
    return []


#: Apostrophes a plural possessive ends with ("the United States’ allies").
APOSTROPHES = {"'", "\u2019"}


def possessors(ctx: Ctx, noun: Token) -> list[Token]:
    """The possessors of a noun: its ``poss`` children, then a name the parser did not hang on it
    though an apostrophe ties them ("the United States’ Indo-Pacific allies", the name read as the
    object of the preposition before it)."""
    kids = children(ctx, noun)
    out = [c for c in kids if c.dep_ == "poss"]
    for c in kids:
        if c.i > noun.i:
            break
        if c.dep_ == "punct" and c.text in APOSTROPHES and c.i > 0:
            owner = noun.doc[c.i - 1]
            if owner.pos_ == "PROPN" and owner.dep_ != "poss":
                out.append(owner)
    return out


def named_within(ctx: Ctx, tok: Token) -> list[Found]:
    """The actors ``tok`` names: its own anchor's, else those of an anchor whose name spans it
    ("the United States" inside "ministers from the United States")."""
    found = actors_at(ctx, tok, depth=0)
    if found:
        return found
    doc = ctx.doc
    return [
        (a, replace(anc, texts={**anc.texts, a.id: doc[start:end].text}))  # named by the name alone
        for anc in ctx.anchors.values()
        for a in anc.actors
        if a.id in anc.where
        for _, start, end in [anc.where[a.id]]
        if start <= tok.i < end
    ]


#: Dashes that join two names into a pair ("the Philippine–American War").
DASHES = {"-", "\u2013", "\u2014"}


def dash_pair(ctx: Ctx, head: Token) -> list[Found]:
    """Names joined by a dash before a noun ("the Philippine–American War", "a Mogadishu - Addis
    Ababa agreement"), however the parser hung them: the actors anchored on each side of the
    dash, names running up to it (proper nouns only in between)."""
    doc = head.doc
    start = head.left_edge.i
    dashes = [i for i in range(start, head.i) if doc[i].text in DASHES]
    out: list[Found] = []
    for d in dashes:
        before = _name_anchor(ctx, doc, range(d - 1, start - 1, -1))
        after = _name_anchor(ctx, doc, range(d + 1, head.i))
        if before is not None and after is not None:
            for anc in (before, after):
                out.extend((a, anc) for a in anc.actors if all(a.id != b.id for b, _ in out))
    return out


def _name_anchor(ctx: Ctx, doc: Doc, positions) -> Anchor | None:
    """The first anchor along ``positions`` (away from a dash), crossing only proper nouns."""
    for i in positions:
        anchor = ctx.anchors.get(i)
        if anchor is not None and anchor.source != "coref":
            return anchor
        if doc[i].pos_ != "PROPN":
            return None
    return None


def event_parties(ctx: Ctx, event: Token) -> list[Found]:
    """The parties of an event noun (talks, an accord): its own "between" / "with" phrase; else, when
    it is its clause's subject, the parties named "between" in what follows ("talks ... resulted in
    an accord on relations between X and Y"); else its clause's subject ("X and Y agreed in
    mediated talks")."""
    between = ctx.frames.w("between_preps")
    own = args(ctx, prep_objects(ctx, [event], between | {"with"}))
    if own:
        return own
    verb = event
    for _ in range(6):
        if verb.pos_ in VERBISH or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.pos_ not in VERBISH:
        return []
    if event.dep_ in ("nsubj", "nsubjpass") and event.head.i == verb.i:
        for t in verb.subtree:
            if t.dep_ == "prep" and t.lower_ in between and not event.is_ancestor(t):
                found = args(ctx, pobjs(ctx, t))
                if found:
                    return found
        return []
    if not _joins_event(ctx, verb):
        return []  # "refugees returned home under a UN-brokered deal": not its parties
    from kg.nlp.relations.syntax import subject_tokens

    return args(ctx, subject_tokens(ctx, verb)[0])


def _joins_event(ctx: Ctx, verb: Token) -> bool:
    """A verb whose subjects are the parties of the event it happens in: a reciprocal verb of the
    lexicon ("agreed", "signed", "met") or one whose object is such an event ("reached a deal")."""
    f = ctx.frames
    if any("sym" in e.flags and f.polarity[e.prop] == "cooperation" for e in f.entries("verb", verb.lemma_.lower())):
        return True
    return any(c.dep_ == "dobj" and c.lemma_.lower() in f.w("mediated_events") for c in children(ctx, verb))


def phrase(head: Token, pobj: Token) -> str | None:
    """ "members of the Syrian parliament": the noun phrase from ``head`` through its "of" object."""
    doc = head.doc
    start = head.left_edge.i
    while start < head.i and (
        doc[start].dep_ in ("det", "predet", "punct", "cc") or doc[start].lower_ in ("the", "a", "an")
    ):
        start += 1
    end = pobj.right_edge.i + 1
    if end - start > MAX_PHRASE or any(t.pos_ in VERBISH or t.dep_ == "cc" for t in doc[pobj.i : end]):
        end = pobj.i + 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    if end - start > MAX_PHRASE:
        return None
    return doc[start:end].text.replace("_", " ")
