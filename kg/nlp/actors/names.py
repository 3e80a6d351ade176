"""Names of actors in a doc: gazetteer forms, NER entities and proper nouns the NER missed.

Each finder returns :class:`Name` records -- the words that name an actor, the canonical
actor and how it was found (``gazetteer``, ``ner`` or ``fallback``). What the name
stands for in its phrase ("Iraqi" in "the Iraqi army") is decided later
(:mod:`kg.nlp.actors.groups`, :mod:`kg.nlp.actors.officials`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from spacy.parts_of_speech import NOUN, PROPN

from kg.model import Actor
from kg.nlp.actors.columns import Columns, columns, hashes, indices_in
from kg.nlp.actors.officials import title_start
from kg.rdf.iris import slugify

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from kg.nlp.actors.words import NounTables
    from kg.nlp.gazetteer import Gazetteer

#: NER labels that can name an actor, and the kind of actor they name.
NER_LABELS = {"GPE": "State", "NORP": "Group", "ORG": "Organization", "PERSON": "Person", "FALLBACK": "Group"}
#: The NER labels that name an actor of their own ("FALLBACK" is kg's mark for a proper noun the NER missed).
_ENTITY_LABELS = frozenset(NER_LABELS) - {"FALLBACK"}
#: Entity types whose proper nouns are never actors (dates, places, amounts ...).
FALLBACK_BLOCK = {
    "DATE",
    "TIME",
    "MONEY",
    "QUANTITY",
    "PERCENT",
    "CARDINAL",
    "ORDINAL",
    "LOC",
    "GPE",
    "NORP",
    "ORG",
    "PERSON",
    "FAC",
    "LANGUAGE",
    "EVENT",
    "LAW",
}
#: Where a proper noun the NER missed may stand as an actor.
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss", "dative", "attr", "ROOT"}
_STATELIKE = {"State"}
_PROPN, _NOUN = frozenset([int(PROPN)]), frozenset([int(NOUN)])


@dataclass(frozen=True, slots=True)
class Name:
    """Words that name an actor: the span, the canonical actor, and how it was found."""

    span: Span
    actor: Actor
    source: str  # gazetteer | ner | fallback
    #: for a gazetteer name, the kind of form (label, alias, demonym, metonym)
    form_kind: str | None = None
    #: the span's syntactic root, set once on creation: every rule asks for it (a plain attribute
    #: is cheaper to read than a ``cached_property``, which takes a lock on first use in Python 3.11;
    #: slots make a Name about twice as cheap to create)
    root: Token = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "root", self.span.root)


def source_is_ner(gaz, text: str) -> bool:
    """True when the gazetteer does not know ``text``."""
    return gaz is None or gaz.lookup(text) is None


def apposed_name(tok, names_at):
    """The name the noun ``tok`` describes, if it stands right beside it: "Hezbollah, a Shia
    militant group", "the Islamic State, the extremist group that ...", "the militant group
    al-Shabaab", "MOJWA (MUJAO), a splinter group of al-Qaeda".

    ``names_at`` maps token indices of names to them; returns the name's entry or None. Read
    from the words' order, not the parse, which often hangs such a phrase on another noun.
    """
    doc = tok.doc
    k = tok.left_edge.i
    if k >= 2 and doc[k].lower_ in ("a", "an", "the") and doc[k - 1].text == ",":
        j = k - 2
        if doc[j].text == ")":  # "MOJWA (MUJAO), a splinter group"
            j = next((i for i in range(j, max(j - 8, -1), -1) if doc[i].text == "("), j) - 1
        if j >= 0 and j in names_at:
            return names_at[j]
    for c in tok.rights:
        if c.i in names_at and c.dep_ == "appos" and c.left_edge.i in (tok.i + 1, tok.i + 2):
            return names_at[c.i]  # "the militant group al-Shabaab", "the group, Hamas,"
    return None


def heads_group(tok, groups) -> bool:
    """Whether ``tok`` (or its first conjunct) modifies a group noun ("Eriadori leaders")."""
    for _ in range(8):
        if tok.dep_ != "conj":
            break
        tok = tok.head
    head = tok.head
    if head.tag_ == "VBN":  # "Shia-backed militias"
        head = head.head
    return head.lemma_.lower() in groups or head.lower_ in groups


class NameResolver:
    """Text of an entity -> canonical actor (gazetteer first, else a slug of the cleaned text); cached."""

    def __init__(self, gaz: Gazetteer | None):
        self.gaz = gaz
        self._cache: dict[tuple[str, str], Actor | None] = {}

    def __call__(self, text: str, label: str) -> Actor | None:
        key = (text, label)
        if key in self._cache:
            return self._cache[key]
        actor: Actor | None = None
        if self.gaz is not None and (entry := self.gaz.lookup(text)) is not None:
            actor = entry.actor
        else:
            clean = text.strip()
            low = clean.lower()
            if low.startswith("the "):
                clean = clean[4:]
            if clean.endswith("'s") or clean.endswith("\u2019s"):
                clean = clean[:-2]
            kind = NER_LABELS[label]
            if label in ("PERSON", "ORG"):  # "The New York Times's Helene Cooper" -> "Helene Cooper"
                parts = re.split(r"['\u2019]s\s+", clean)
                clean = parts[-1]
                if len(parts) > 1:
                    kind = "Person"  # the organisation's person: its reporter, its spokesman
            clean = clean.strip(" .,'\"\u2019").replace("_", " ")
            if len(clean) >= 2 and any(c.isalpha() for c in clean):
                actor = Actor(id=slugify(clean), label=clean, kind=kind)
        self._cache[key] = actor
        return actor


def ner_names(doc: Doc, ents, covered: set[int], resolve: NameResolver, tables: NounTables) -> list[Name]:
    """Names from the model's entities (GPE, NORP, ORG, PERSON) the gazetteer did not cover.

    A leading "the" and a trailing possessive are trimmed; a person keeps the titles in
    front of the name in its label ("President Yoweri Museveni"); an adjectival NORP the
    gazetteer does not know ("European partners") is no actor.
    """
    gaz = resolve.gaz
    out = []
    labels = hashes(doc.vocab, _ENTITY_LABELS)
    for ent in ents:
        # the label's hash: no string made for a date or a number
        if ent.label not in labels or not covered.isdisjoint(range(ent.start, ent.end)):
            continue
        label = ent.label_
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_ in ("the", "a", "an"):
            start += 1
        paren = _trailing_parenthesis(doc, start, end)  # "Islamic Courts Union (ICU"
        if paren is not None:
            end = paren
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        if start >= end:
            continue
        span = doc[start:end]
        known = not source_is_ner(gaz, span.text)
        if not known and all(t.lower_ in tables.notnames or t.lower_ in tables.titles for t in span):
            continue  # "State" in "Secretary of State", "Foreign Minister": part of a title
        actor = resolve(span.text, label)
        if actor is None:
            continue
        if actor.kind == "Person" and not known:
            t0 = title_start(doc, start, tables)
            if t0 < start:  # keep the title in the label; the id is the name
                actor = replace(actor, label=f"{doc[t0:start].text} {actor.label}")
        if (
            label == "NORP"
            and not known
            and span.root.dep_ in ("amod", "compound", "npadvmod")
            and not heads_group(span.root, tables.groups)
        ):
            continue  # "European partners", "Western criticism": an adjective, not an actor
        out.append(
            Name(
                span,
                actor,
                "gazetteer" if known else "ner",
                form_kind(gaz, span.text) if known and gaz is not None else None,
            )
        )
    return out


def form_kind(gaz: Gazetteer, text: str, cache: dict[str, str | None] | None = None) -> str | None:
    """The kind of gazetteer form ``text`` is (label, alias, demonym, metonym), cached per text."""
    if cache is not None and text in cache:
        return cache[text]
    entry = gaz.lookup(text)
    kind = entry.form_kind if entry is not None else None
    if cache is not None and len(cache) < 100_000:
        cache[text] = kind
    return kind


def _trailing_parenthesis(doc: Doc, start: int, end: int) -> int | None:
    """Where a parenthesis that closes an entity begins ("Islamic Courts Union (ICU)"), if any.

    A parenthesis inside a name ("the Umma (Nation) party") is part of it.
    """
    for t in doc[start:end]:
        if t.text == "(":
            close = next((u.i for u in doc[t.i : end] if u.text == ")"), None)
            return t.i if close is None or close == end - 1 else None
    return None


def _defined_at(doc: Doc, e: int) -> int | None:
    """Where a short name that a name ending at ``e`` defines stands: "X (SNA)", "X, or SNA,"."""
    if e + 1 < len(doc) and doc[e].text == "(":
        k, close = e + 1, ")"
    elif e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].lower_ == "or":
        k, close = e + 2, ","  # "the Syrian National Army, or SNA, a coalition of ..."
    else:
        return None
    if doc[k].pos_ != "PROPN" and not doc[k].text.isupper() or not doc[k].text[:1].isupper():
        return None
    if close == "," and not doc[k].text.isupper():
        return None  # "Iran, or Syria,": an alternative, not a short name
    return k if k + 1 == len(doc) or doc[k + 1].text in (close, ".") else None


_MARKS = frozenset(("(", ","))


def _marks(doc: Doc, cols: Columns) -> set[int]:
    """Where "(" and "," stand (their lower-case form is themselves): a definition can follow a name
    only there."""
    return set(indices_in(cols.lower, hashes(doc.vocab, _MARKS)))


def same_as_defined(doc: Doc, names: list[Name], cols: Columns | None = None) -> list[Name]:
    """ "the Islamic Courts Union (ICU) ... the ICU", "the Syrian National Army, or SNA, ...": an
    acronym defined in parentheses or after "or" names the same actor as the name before it, here
    and later in the doc. ``names`` sorted by start."""
    defined: dict[str, Actor] = {}
    definitions: set[int] = set()
    marks = _marks(doc, cols if cols is not None else columns(doc))
    out = []
    for name in names:
        if name.span.start in definitions:
            continue  # the definition itself: the name before it is the mention
        k = _defined_at(doc, name.span.end) if name.span.end in marks else None
        if k is not None:
            defined[doc[k].text] = name.actor
            definitions.add(k)
        actor = defined.get(name.span.text) if defined and name.source != "gazetteer" else None
        out.append(name if actor is None else replace(name, actor=actor))
    return out


def fallback_names(
    doc: Doc,
    taken: set[int],
    resolve: NameResolver,
    tables: NounTables,
    relation_nouns: frozenset[str],
    cols: Columns | None = None,
) -> list[Name]:
    """Proper nouns the NER missed ("Arnor", "Osgiliath"): argument heads and modifiers of one.

    A capitalised word the tagger took for a common noun, coordinated with a name
    ("Fornost and Gondor welcomed ..."), is a name too. A name inside a phrase that is
    no argument ("its Gulf war") is not.
    """
    groups, titles = tables.groups, tables.titles
    taken = set(taken)
    pos = (cols if cols is not None else columns(doc)).pos
    propn = list(indices_in(pos, _PROPN))
    propn += [
        i
        for i in indices_in(pos, _NOUN)
        if i not in taken and doc[i].is_title and any(c.pos_ == "PROPN" for c in doc[i].conjuncts)
    ]
    out = []
    for ti in sorted(propn):
        if ti in taken:  # most proper nouns are names found already: no Token made for them
            continue
        tok = doc[ti]
        if tok.ent_type_ in FALLBACK_BLOCK:
            continue
        if (
            tok.dep_ == "compound"
            and tok.head.pos_ == "PROPN"
            and tok.head.lower_ not in titles
            and not any(doc[j].lower_ in titles for j in range(tok.i + 1, tok.head.i))
        ):
            continue  # part of a longer name: handled at its head
        if tok.dep_ not in ARGUMENT_DEPS and not (
            tok.dep_ in ("compound", "amod", "nmod")
            and (
                tok.head.lemma_.lower() in groups
                or tok.head.lower_ in titles
                or any(doc[j].lower_ in titles for j in range(tok.i + 1, tok.head.i))
                or
                # "former Gondor prosecutors": the name qualifies an argument noun
                (
                    tok.head.pos_ == "NOUN"
                    and tok.head.dep_ in ARGUMENT_DEPS
                    and tok.head.lemma_.lower() not in relation_nouns
                )
                or
                # "the ELN bombing": an acronym qualifying a relation names its party
                (tok.text.isupper() and len(tok.text) >= 2 and tok.head.lemma_.lower() in relation_nouns)
            )
        ):
            continue
        if tok.lower_ in titles or tok.lower_ in tables.notnames or not tok.text[:1].isupper() or len(tok.text) < 2:
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].dep_ == "compound"
            and start - 1 < doc[start - 1].head.i <= tok.i
            and doc[start - 1].lower_ not in titles
            and doc[start - 1].lower_ not in tables.notnames
            and (start - 1) not in taken
            and doc[start - 1].ent_type_ not in FALLBACK_BLOCK
        ):
            start -= 1
        span = doc[start : tok.i + 1]
        actor = resolve(span.text, "FALLBACK")
        if actor is not None:
            out.append(Name(span, actor, "fallback"))
            taken.update(range(span.start, span.end))
    return out
