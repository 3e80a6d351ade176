"""Group actors: a name qualifying a group noun of ``nouns.tsv`` ("Iraqi army", "Shia militias").

A state's government and military are organs of the state (``iraq-military``, "Military
of Iraq", ``part_of`` iraq); members of a known armed group or organisation are the group
itself ("ISIS fighters"); other groups keep the words of the text ("Shia militias") and
are ``based_in`` the state that names them.
"""

from __future__ import annotations

from functools import lru_cache

from kg.model import Actor
from kg.nlp.actors.officials import leader_of
from kg.rdf.iris import slugify

_STATELIKE = {"State"}
#: Nouns that are their own plural in a group label ("Iraqi military", not "militaries").
_UNCOUNTED = {
    "people",
    "police",
    "military",
    "leadership",
    "opposition",
    "artillery",
    "government",
    "administration",
    "regime",
    "cabinet",
    "parliament",
    "navy",
    "army",
    "insurgency",
    "community",
    "legislature",
    "ministry",
    "embassy",
    "coalition",
    "alliance",
    "front",
    "movement",
}


def pluralize(word: str) -> str:
    """Naive English plural for group labels.

    Examples
    --------
    >>> pluralize("militia"), pluralize("rebels"), pluralize("military"), pluralize("people")
    ('militias', 'rebels', 'military', 'people')
    >>> pluralize("militiamen"), pluralize("policeman")
    ('militiamen', 'policemen')
    """
    if word.endswith("s") or word.endswith("men") or word in _UNCOUNTED:
        return word
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def organ(state: Actor, kind: str) -> Actor:
    """The Government or Military actor of a state ("Government of Iraq", ``part_of`` iraq)."""
    return _organ(state.id, state.label, "Government" if kind == "Government" else "Military", kind)


@lru_cache(maxsize=4096)
def _organ(state_id: str, state_label: str, word: str, kind: str) -> Actor:
    """One actor object per organ: made once, and described once per doc on the Doc."""
    return Actor(id=f"{state_id}-{word.lower()}", label=f"{word} of {state_label}", kind=kind, part_of=state_id)


def group_actor(base: Actor, head, kind: str, modifier, *, fallback: bool, gaz, tables) -> Actor:
    """The group actor "<base> <group noun>" (``head`` is the group noun's token, ``modifier`` the span
    of the words that name ``base`` there; its text is read only for a label that needs it)."""
    if base.kind in ("ArmedGroup", "Organization") and kind in ("Military", "ArmedGroup", "Government"):
        return base  # "ISIS fighters", "NATO troops", "JNIM fighters", "Hezbollah officials": the organisation
    leader = leader_of(base, tables.leaders)  # "the Hadi government": a known leader's, whatever the NER typed
    state = state_actor(gaz, leader) if leader is not None else base if base.kind in _STATELIKE else None
    if (
        state is None
        and fallback
        and base.kind == "Group"
        and kind in ("Government", "Military")
        and base.label[:1].isupper()
        and " " not in base.label
        and base.label.lower() not in tables.notnames
    ):
        state = base  # an unknown proper name in front of "government" is taken as a country
    if state is not None and kind in ("Government", "Military"):
        return organ(state, kind)
    noun = pluralize(head.lemma_.lower() if head.tag_ not in ("NNS", "NNPS") else head.text.lower())
    mod = modifier.text.strip()
    if state is not None:
        return Actor(id=f"{state.id}-{slugify(noun)}", label=f"{mod} {noun}", kind=kind, based_in=state.id)
    label = f"{mod} {noun}"
    return Actor(id=slugify(label), label=label, kind=kind)


def state_actor(gaz, actor_id: str) -> Actor:
    """The gazetteer's state ``actor_id`` (or a bare State actor when there is no gazetteer)."""
    if gaz is not None and (hit := gaz.get(actor_id)) is not None:
        return hit
    return Actor(id=actor_id, label=actor_id.replace("-", " ").title(), kind="State")
