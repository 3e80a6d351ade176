"""Persons and titles: officials stand for the state or organisation they serve.

Following the reader's (and the evaluation's) convention, a leader or official acting
officially is his state or organisation: "Iranian Foreign Minister Mohammad Javad Zarif",
"Secretary of State John Kerry", "Hezbollah leader Hassan Nasrallah", "Putin", "the Emir
of Qatar" are Iran, the United States, Hezbollah, Russia and Qatar. The printed label stays
the words as written. What is looked up is data (``nouns.tsv``): titles, offices that name
their state ("Secretary of State"), and known leaders' names. A person no title or table
ties to an actor stays a Person.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from kg.model import Actor

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from kg.nlp.actors.names import Name
    from kg.nlp.actors.words import NounTables

#: Prefixes of Arabic names dropped before a leader lookup ("al-Assad" -> "assad").
_NAME_PREFIXES = ("al-", "el-", "al ", "el ")


def official(country: Actor, person: Actor | None = None) -> Actor:
    """The actor an official stands for: the country or organisation that qualifies the title.

    "Iraqi President Saddam Hussein" -> Iraq; a person qualifying a title ("Obama's envoy")
    names no state, so the official stays the ``person`` (if given) or that person.
    """
    if country.kind == "Person":
        return person or country
    return country


def fold(name: str) -> str:
    """A name for table lookups: lower case, accents and a leading "al-" dropped.

    >>> fold("Erdoğan"), fold("al-Assad"), fold("Chávez")
    ('erdogan', 'assad', 'chavez')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    for prefix in _NAME_PREFIXES:
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def leader_of(actor: Actor, leaders: dict[str, str]) -> str | None:
    """The actor id a known leader's name stands for ("Vladimir Putin" -> russia), else None.

    Also for a name the NER typed otherwise ("forcing Hadi to flee": a GPE) but no known actor.
    """
    if actor.kind not in ("Person", "State", "Group") or actor.wikidata or actor.cameo:
        return None
    words = actor.label.split()
    for key in (" ".join(words), " ".join(words[-3:]), " ".join(words[-2:]), words[-1] if words else ""):
        hit = leaders.get(fold(key))
        if hit is not None:
            return hit
    return None


def title_start(doc: Doc, start: int, tables: NounTables, *, lowercase: bool = False) -> int:
    """Where the capitalised titles in front of a name begin ("Secretary of State",
    "Secretary-General", "Foreign Minister"); with ``lowercase``, also a lower-case title right
    before the name ("leader Hassan Nasrallah")."""
    t0 = start
    while t0 > 0:
        prev = doc[t0 - 1]
        low = prev.lower_
        if low in tables.titles and (prev.text[:1].isupper() or (lowercase and t0 == start)):
            t0 -= 1  # "President X", "leader X"
        elif low in tables.notnames and prev.text[:1].isupper():
            t0 -= 1  # "Foreign", "Defense", "State"
        elif low in ("of", "for") and t0 > 1 and doc[t0 - 2].lower_ in tables.titles:
            t0 -= 1  # "Secretary of State", "Minister for Interior"
        elif prev.text == "-" and t0 > 1 and doc[t0 - 2].lower_ in tables.titles:
            t0 -= 1  # "Secretary-General"
        else:
            break
    return t0


def title_owner(
    doc: Doc, person: Name, name_at: dict[int, Name], tables: NounTables, gaz=None
) -> tuple[int, Actor] | None:
    """The actor a titled person stands for and where the phrase starts, read around the name.

    "U.S. Secretary of State Antony Blinken" -> (0, united-states); "Hezbollah leader Hassan
    Nasrallah" -> Hezbollah; "Russia's Foreign Minister Sergei Lavrov" -> Russia; "King
    Hassan of Morocco" -> Morocco; "Secretary of State John Kerry" -> the office's state.
    None when the titles name no one.
    """
    t0 = title_start(doc, person.span.start, tables, lowercase=True)
    if t0 == person.span.start:
        return None
    e = person.span.end
    after = name_at.get(e + 1) if e + 1 < len(doc) and doc[e].lower_ == "of" else None
    if after is not None and after.actor.kind != "Person":
        return t0, after.actor  # "President Yoweri Museveni of Uganda", "King Hassan of Morocco"
    k = t0 - 1
    if k >= 0 and doc[k].tag_ == "POS":
        k -= 1  # "Russia's Foreign Minister"
    owner = name_at.get(k) if k >= 0 else None
    if owner is not None and owner.actor.kind != "Person":
        return owner.span.start, owner.actor
    state = tables.offices.get(" ".join(t.lower_ for t in doc[t0 : person.span.start]))
    if state is not None:
        from kg.nlp.actors.groups import state_actor

        return t0, state_actor(gaz, state)
    return None
