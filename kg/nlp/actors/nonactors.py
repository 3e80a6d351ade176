"""Names that are no actor where they stand: places used as locations, events, documents, things.

A reader does not take "northern Mali", "the city of Kandahar", "seized Kabul", "the
Visiting Forces Agreement" or "the Venezuelan coup attempt" for a party to a relation, so
the names in them anchor no actor. The words that tell are data (``places.tsv``):

* a compass word before a place makes a region ("northern Syria", "eastern and central
  Libya");
* a city, region or unknown place taken ("seized Kabul", "the capture of Mogadishu"), moved
  from or into ("retreated from Manbij"), named beside its state ("Lebanon's capital
  Beirut", "the Syrian town of Manbij") or holding a place or building ("buildings in
  Manbij") is a location; a known state stays an actor ("invaded
  Kuwait", "withdrew from Lebanon", "a village in Cambodia");
* a name whose head is an event, document or weapon ("World War II", "the Mutual Defense
  Treaty", "Patriot missiles") is no actor, nor is a name qualifying such a noun when the
  noun is no relation noun ("the Venezuelan coup attempt"; "the Iran-Iraq war" keeps its two
  actors for the relation it states).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from kg.nlp.actors.columns import Columns, hashes
from kg.nlp.actors.words import data_rows

if TYPE_CHECKING:  # pragma: no cover
    from kg.nlp.actors.names import Name

#: Dependencies by which a word qualifies the noun after it.
_QUALIFIER_DEPS = ("amod", "compound", "nmod", "npadvmod")
#: NER types of places.
_PLACE_ENTS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class PlaceWords:
    """The word lists of ``places.tsv``."""

    directions: frozenset[str]
    places: frozenset[str]
    buildings: frozenset[str]
    takes: frozenset[str]
    moves: frozenset[str]
    events: frozenset[str]
    documents: frozenset[str]
    weapons: frozenset[str]

    @property
    def heads(self) -> frozenset[str]:
        """Nouns whose names are no actor ("World War II", "the Visiting Forces Agreement")."""
        return self.events | self.documents | self.weapons


_KINDS = ("direction", "place", "building", "take", "move", "event", "document", "weapon")


@cache
def place_words() -> PlaceWords:
    """Read ``places.tsv``.

    Examples
    --------
    >>> w = place_words()
    >>> "northern" in w.directions, "capital" in w.places, "seize" in w.takes, "treaty" in w.documents
    (True, True, True, True)
    >>> "retreat" in w.moves, "coup" in w.events, "missile" in w.weapons
    (True, True, True)
    """
    sets: dict[str, set[str]] = {k: set() for k in _KINDS}
    for row in data_rows("places.tsv"):
        if row[0] not in sets or len(row) < 2:
            raise ValueError(f"kg/nlp/data/places.tsv: bad row {row!r}")
        sets[row[0]].add(row[1].lower())
    return PlaceWords(*(frozenset(sets[k]) for k in _KINDS))


def place_like(name: Name, words: PlaceWords) -> bool:
    """A city, a region or a place the gazetteer does not know: it can be a location.

    A known state named plainly ("Kuwait", "Iraqi") is not: taking it is about the state.
    """
    if name.source == "gazetteer":
        return name.form_kind == "metonym" or region(name, words)
    root = name.root
    return (
        name.source == "fallback"
        or root.ent_type_ in _PLACE_ENTS
        or name.actor.kind == "State"
        or _through_place_noun(root, words) is not root
    )  # "the town of Ras Lanuf", whatever the NER says


@cache
def _without_directions(words: PlaceWords) -> PlaceWords:
    """The word lists for a doc that has no compass word: no name in it is a region."""
    return replace(words, directions=frozenset())


def region(name: Name, words: PlaceWords) -> bool:
    """ "northern Mali", "eastern and central Libya", "south Serbia": a compass word qualifies the place.

    A demonym is not qualified so: "West German", "South Korean" name their states.
    """
    if (
        not words.directions
        or name.form_kind == "demonym"
        or (name.source == "gazetteer" and name.actor.kind != "State")
    ):
        return False
    root = name.root
    if not root.n_lefts:  # a word before the name is a left child of its root
        return False
    return any(
        c.i < name.span.start and c.dep_ in (*_QUALIFIER_DEPS, "advmod") and c.lower_ in words.directions
        for c in root.lefts
    )


def taken(name: Name, words: PlaceWords) -> bool:
    """ "seized Kabul", "was captured", "the capture of Mogadishu", "took control of the town of X"."""
    node = _through_place_noun(name.root, words)
    head = node.head
    if node.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() in words.takes:
        return True
    if node.dep_ == "pobj" and head.lower_ == "of":
        noun = head.head
        if noun.lemma_.lower() in words.takes:
            return True  # "the capture of Mogadishu", "control of the city"
        # "captured all of Mogadishu", "seized most of Kandahar"
        return (
            noun.dep_ == "dobj"
            and noun.lower_ in ("all", "most", "part", "parts", "much", "rest")
            and noun.head.lemma_.lower() in words.takes
        )
    return False


def moved(name: Name, words: PlaceWords) -> bool:
    """ "retreated from Manbij", "advanced into Kharkiv", "pulled out of the town of X"."""
    node = _through_place_noun(name.root, words)
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in ("from", "into", "to", "toward", "towards", "out", "of"):
        return False
    verb = prep.head if prep.lower_ != "of" or prep.head.lower_ != "out" else prep.head.head
    return verb.pos_ == "VERB" and verb.lemma_.lower() in words.moves


def placed_in(name: Name, words: PlaceWords) -> bool:
    """ "buildings in Manbij", "a camp near Kidal": the city or unknown place a place or building
    is in. A region of a known state ("a jail in northern Israel") still stands for the state
    where things happen."""
    if name.source == "gazetteer" and name.form_kind != "metonym":
        return False
    root = name.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("in", "near", "outside", "inside", "around"):
        return False
    noun = prep.head
    return noun.pos_ == "NOUN" and (noun.lemma_.lower() in words.places or noun.lemma_.lower() in words.buildings)


def _through_place_noun(tok, words: PlaceWords):
    """ "the town of Ras Lanuf", "Kandahar city": the place noun the name is the name of, else the name."""
    head = tok.head
    if tok.dep_ in ("appos", "compound") and head.i != tok.i and head.lemma_.lower() in words.places:
        return head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in words.places:
        return head.head
    return tok


def beside_place_noun(name: Name, words: PlaceWords) -> bool:
    """ "Lebanon's capital Beirut", "the Syrian town of Manbij", "Somalia's capital, Mogadishu".

    The state the place belongs to is named with it, so the place is no actor beside it. A
    place noun without its state ("the town of Cizre", "the capital city of Algiers") can stand
    for the state where things happen and is left to the relation rules.
    """
    root = name.root
    noun = root.head
    if not (
        (root.dep_ in ("appos", "compound", "nmod") and noun.i != root.i)
        or (root.dep_ == "pobj" and noun.lower_ == "of" and (noun := noun.head) is not None)
    ):
        return False
    if noun.lemma_.lower() not in words.places:
        return False
    return any(
        c.dep_ in ("poss", "amod", "compound", "nmod") and c.ent_type_ in ("GPE", "NORP") and c.i != root.i
        for c in noun.children
    )


def names_a_thing(name: Name, words: PlaceWords) -> bool:
    """A name whose head is an event, document or weapon ("the Visiting Forces Agreement"), or a
    name the gazetteer does not know that qualifies a weapon ("Patriot missiles")."""
    if name.source == "gazetteer":
        return False
    root = name.root
    if root.dep_ in _QUALIFIER_DEPS and root.head.lemma_.lower() in words.weapons:
        return True
    for tok in name.span:
        if tok.lower_ in ("of", "for", "on", "between"):
            break  # "Memorandum of Understanding": the head is before the "of"
        if tok.lemma_.lower() in words.heads or tok.lower_ in words.heads:
            return True
    return False


def qualifies_event(name: Name, words: PlaceWords, relation_nouns: frozenset[str]) -> bool:
    """ "the Venezuelan coup attempt": a name qualifying an event noun that states no relation."""
    root = name.root
    if root.dep_ not in _QUALIFIER_DEPS:
        return False
    head = root.head
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head  # "the Venezuelan failed coup attempt": the phrase's head
    lemma = head.lemma_.lower()
    return lemma in words.events and lemma not in relation_nouns and head.i >= name.span.end


def actors_only(names: list[Name], relation_nouns: frozenset[str], cols: Columns | None = None) -> list[Name]:
    """``names`` without those used as places or naming events (see the module docstring).

    ``cols`` (the doc's attribute columns) let a doc without a compass word skip the region test.
    """
    words = place_words()
    if cols is not None and names and hashes(names[0].span.doc.vocab, words.directions).isdisjoint(cols.lower):
        words = _without_directions(words)
    return [
        name
        for name in names
        if not (
            names_a_thing(name, words)
            or qualifies_event(name, words, relation_nouns)
            or (
                place_like(name, words)
                and (
                    taken(name, words) or moved(name, words) or beside_place_noun(name, words) or placed_in(name, words)
                )
            )
        )
    ]
