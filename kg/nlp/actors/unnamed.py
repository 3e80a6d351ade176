"""Armed and ruling actors that no name qualifies: "government forces", "tribal fighters",
"the military regime", "rebels backed by Iran".

A reader counts them as parties although no gazetteer entry or entity names them. Their
words are data (``nouns.tsv`` rows ``armed``, ``force``, ``ruler``, ``backer``); each becomes a
name of kind ``unnamed`` that the placement rules anchor at its noun. Ids come from the
words ("government-forces"), or from the backer ("iran-backed-rebels"), so the same kind of
group is one actor across documents; labels are the words as written. A bare "rebels" or
"militias" stays no actor: nothing says whose they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import Actor
from kg.nlp.actors.columns import Columns, columns, indices_in
from kg.nlp.actors.groups import pluralize
from kg.nlp.actors.names import Name, apposed_name
from kg.rdf.iris import slugify

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from kg.nlp.actors.words import NounTables

_QUALIFIER_DEPS = ("amod", "compound", "nmod")
#: Determiners that make a ruling noun a definite reference ("the regime", not "a regime").
DEFINITE = ("the", "this", "that")


def unnamed_names(doc: Doc, names: list[Name], tables: NounTables, cols: Columns | None = None) -> list[Name]:
    """Names of unnamed armed and ruling actors in ``doc``, beside the ``names`` already found."""
    candidates = _candidates(doc, tables, cols if cols is not None else columns(doc))
    if not candidates:
        return []
    actor_at = {i: n.actor for n in names for i in range(n.span.start, n.span.end)}
    out = []
    for i in candidates:
        tok = doc[i]
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in actor_at:
            continue
        if _named_by(tok, actor_at):
            continue  # "Syrian government forces", "the regime of Assad": the group rules place it
        lemma = tok.lemma_.lower()
        name = None
        if lemma in tables.forces or tok.lower_ in tables.forces:
            # "rebel fighters loyal to X" are X's before they are rebels
            name = _loyal(doc, tok, actor_at, tables) or _armed(doc, tok, tables) or _backed(doc, tok, actor_at, tables)
        elif lemma in tables.rulers:
            name = _ruler(tok, tables)
        if name is not None:
            out.append(name)
    return out


_HASHES: dict[int, frozenset[int]] = {}


def _candidates(doc: Doc, tables: NounTables, cols: Columns) -> list[int]:
    """Tokens whose lemma or text is a force or ruling noun, in text order (one attribute array, not a token walk)."""
    key = id(doc.vocab)
    if key not in _HASHES:
        _HASHES[key] = frozenset(doc.vocab.strings.add(w) for w in tables.forces | tables.rulers)
    words = _HASHES[key]
    found = set(indices_in(cols.lemma, words))
    found.update(indices_in(cols.lower, words))
    return sorted(found)


def _named_by(tok: Token, actor_at: dict[int, Actor]) -> bool:
    """Whether a name says whose the group is: "Syrian government forces", "Assad's regime",
    "opposition groups in Belarus", "the forces of Naqibullah Akhund"; or who it is: "ISIS, the
    extremist group", "the militant group al-Shabaab"."""
    if apposed_name(tok, actor_at) is not None:
        return True
    for c in tok.children:
        if c.i in actor_at and c.dep_ in (*_QUALIFIER_DEPS, "poss"):
            return True
        if c.dep_ == "amod" and c.tag_ == "VBN" and any(g.i in actor_at for g in c.children):
            return True  # "Turkish-backed armed groups": the backing rule names them
        if (
            c.dep_ == "prep"
            and c.lower_ in ("of", "in", "from")
            and any(g.dep_ == "pobj" and g.i in actor_at for g in c.children)
        ):
            return True
    return False


def _plural(tok: Token) -> str:
    return pluralize(tok.lemma_.lower() if tok.tag_ not in ("NNS", "NNPS") else tok.lower_)


def _armed(doc: Doc, tok: Token, tables: NounTables) -> Name | None:
    """ "government forces", "joint rebel forces", "tribal fighters", "armed groups"."""
    # a qualifier with its own determiner is a noun phrase of its own that the parser hung here:
    # "the government and Tuareg rebels" is two parties, not "government rebels"
    quals = [
        c
        for c in tok.children
        if c.dep_ in _QUALIFIER_DEPS and c.i < tok.i and not any(g.dep_ == "det" for g in c.children)
    ]
    armed = [c for c in quals if c.lower_ in tables.armed and (c.pos_ != "PROPN" or c.is_sent_start)]
    if not armed:
        return None
    words = f"{' '.join(c.lower_ for c in armed)} {_plural(tok)}"
    start = min(c.left_edge.i for c in quals)
    return Name(
        doc[start : tok.i + 1], Actor(id=slugify(words), label=words, kind=tables.armed[armed[0].lower_]), "unnamed"
    )


def _backed(doc: Doc, tok: Token, actor_at: dict[int, Actor], tables: NounTables) -> Name | None:
    """ "rebels backed by Iran", "militias armed by Tehran": a force named by its backer."""
    for acl in tok.rights:
        if acl.dep_ != "acl" or acl.tag_ != "VBN" or acl.lemma_.lower() not in tables.backers:
            continue
        agents = [g for a in acl.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        if agents and agents[0].i in actor_at:
            return Name(
                doc[tok.i : agents[0].i + 1],
                backed_actor(actor_at[agents[0].i], acl.lemma_, tok, f"{tok.text} {acl.text} by {agents[0].text}"),
                "unnamed",
            )
    return None


def _loyal(doc: Doc, tok: Token, actor_at: dict[int, Actor], tables: NounTables) -> Name | None:
    """ "forces loyal to Hadi", "separatists loyal to the STC", "militias allied with X": a force
    named by whom it serves (the words of ``nouns.tsv`` rows ``loyal``)."""
    for adj in tok.rights:
        preps = tables.loyal.get(adj.lower_) if adj.dep_ in ("amod", "acl") else None
        if not preps:
            continue
        for prep in adj.children:
            obj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep.lower_ in preps else None
            if obj is not None and obj.i in actor_at:
                served = actor_at[obj.i]
                words = f"{served.id} {adj.lower_} {_plural(tok)}"
                label = doc[tok.i : obj.i + 1].text
                return Name(doc[tok.i : obj.i + 1], Actor(id=slugify(words), label=label, kind="ArmedGroup"), "unnamed")
    return None


def backed_actor(backer: Actor, participle: str, noun: Token, label: str, kind: str = "ArmedGroup") -> Actor:
    """The group a backer names ("Iran-backed militias", "militias backed by Tehran" ->
    ``iran-backed-militias``): one id for every way of writing it."""
    return Actor(id=slugify(f"{backer.id} {_participle(participle)} {_plural(noun)}"), label=label, kind=kind)


def _participle(lemma: str) -> str:
    """ "back" -> "backed", "lead" -> "led" (the id's word)."""
    lemma = lemma.lower()
    return {"lead": "led"}.get(lemma, lemma + ("d" if lemma.endswith("e") else "ed"))


def _ruler(tok: Token, tables: NounTables) -> Name | None:
    """ "the regime", "the military junta", "this regime", "junta positions": a definite ruling body."""
    quals = [c for c in tok.children if c.dep_ in _QUALIFIER_DEPS and c.i < tok.i]
    if (
        not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children) and not quals and tok.dep_ != "compound"
    ):  # "junta positions": the junta's
        return None
    words = " ".join(
        [*(c.lower_ for c in quals if c.lower_ in tables.armed or c.lower_ == "military"), tok.lemma_.lower()]
    )
    start = min([tok.i, *(c.left_edge.i for c in quals)])
    return Name(tok.doc[start : tok.i + 1], Actor(id=slugify(words), label=words, kind="Government"), "unnamed")
