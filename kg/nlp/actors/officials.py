"""Persons and titles: officials named with their country, and known leaders.

"Iraqi President Saddam Hussein" is a person labelled as written and ``part_of`` the
country; a known leader's name alone ("Putin", ``nouns.tsv`` rows ``leader``) is part of
his state.
"""

from __future__ import annotations

from dataclasses import replace

from kg.model import Actor

_STATELIKE = {"State"}


def official(doc, country: Actor, country_span, person) -> Actor:
    """ "Iraqi President Saddam Hussein": the person, labelled as written, part of the country.

    ``person`` is the :class:`~kg.nlp.actors.names.Name` of the person.
    """
    pspan = person.span
    start = min(country_span.start, pspan.start)
    while start < pspan.start and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    label = doc[start:pspan.end].text
    part_of = country.id if country.kind in _STATELIKE or country.kind == "Group" else None
    return Actor(id=person.actor.id, label=label, kind="Person", part_of=part_of)


def leader_state(actor: Actor, leaders: dict[str, str]) -> str | None:
    """The state a known leader's name stands for ("Vladimir Putin" -> russia), else None."""
    if actor.kind != "Person":
        return None
    return leaders.get(actor.label.split()[-1].lower())


def as_leader(actor: Actor, leaders: dict[str, str]) -> Actor | None:
    """A known leader, part of his state; None for anyone else."""
    state = leader_state(actor, leaders)
    return None if state is None else replace(actor, part_of=state)
