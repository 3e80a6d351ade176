"""What ``kg_relations`` keeps on the Doc: plain, serialisable records (one dict per relation).

``doc._.kg_relations`` holds a list of dicts -- strings, numbers, booleans, lists -- so
``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=2)`` carry them.
:func:`relations_of` rebuilds :class:`~kg.model.RelationMention` objects from them
(``doc._.relations`` is that, as a read-only attribute).
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from kg.model import Actor, RelationMention

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: The Doc attribute (``doc._.kg_relations``) holding the records.
ATTR = "kg_relations"


def register_extensions() -> None:
    """Register ``Doc._.kg_relations`` (the records) and ``Doc._.relations`` (mentions, read-only)."""
    from spacy.tokens import Doc

    if not Doc.has_extension(ATTR):
        Doc.set_extension(ATTR, default=None)
    if not Doc.has_extension("relations"):
        Doc.set_extension("relations", getter=relations_of)


#: The fields of the records (dataclasses.asdict is ten times slower than reading them).
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))
_MENTION_FIELDS = tuple(f.name for f in fields(RelationMention))


def actor_record(a: Actor | None) -> dict | None:
    """An actor as a plain dict (``aliases`` a list)."""
    if a is None:
        return None
    d = {name: getattr(a, name) for name in _ACTOR_FIELDS}
    d["aliases"] = list(a.aliases)
    return d


def actor_from(d: dict | None) -> Actor | None:
    """The actor of :func:`actor_record` (lists back to tuples)."""
    if d is None:
        return None
    return Actor(**{**d, "aliases": tuple(d.get("aliases") or ())})


def mention_record(m: RelationMention, features: list[str], actors: dict | None = None) -> dict:
    """One relation as a plain dict; ``features`` (the pattern first) feed ``kg eval``; ``actors``
    caches actor records by id (one doc's mentions share them).

    Examples
    --------
    >>> m = RelationMention("", Actor("iran", "Iran", "State"), "attacks", Actor("iraq", "Iraq"), "conflict")
    >>> mention_from(mention_record(m, ["verb"])) == m
    True
    """
    return relation_record({name: getattr(m, name) for name in _MENTION_FIELDS}, features, actors)


def relation_record(fields: dict, features: list[str], actors: dict | None = None) -> dict:
    """The record of a mention given as its ``fields`` (every field of
    :class:`~kg.model.RelationMention`, in order): what :func:`mention_record` makes of the
    mention, without making the (frozen, slow to build) mention first."""
    d = dict(fields)
    for key in ("subject", "object", "attributed_to"):
        a = d[key]
        if actors is None or a is None:
            d[key] = actor_record(a)
        else:  # the same actor's record once per doc (records are not mutated)
            d[key] = actors.get(a.id) or actors.setdefault(a.id, actor_record(a))
    d["features"] = list(features)
    return d


def mention_from(d: dict, actors: dict[int, Actor] | None = None) -> RelationMention:
    """The :class:`~kg.model.RelationMention` of a record; ``actors`` caches the actors made of
    actor records (one doc's records share them)."""
    values = {k: v for k, v in d.items() if k != "features"}
    for key in ("subject", "object", "attributed_to"):
        a = d.get(key)
        if actors is None or a is None:
            values[key] = actor_from(a)
        else:
            values[key] = actors.get(id(a)) or actors.setdefault(id(a), actor_from(a))  # type: ignore[arg-type]
    return RelationMention(**values)


def relations_of(
    doc: Doc, doc_id: str | None = None, offset: int = 0, min_confidence: float = 0.0
) -> list[RelationMention]:
    """The mentions ``kg_relations`` found in ``doc`` (empty before it ran). With ``doc_id`` and
    ``offset``: as found in that document, the doc's text starting at ``offset`` in it (what
    :mod:`kg.nlp.pipeline` makes of each paragraph); mentions below ``min_confidence`` left out."""
    actors: dict[int, Actor] = {}
    out = []
    for r in getattr(doc._, ATTR) or ():
        if r["confidence"] < min_confidence:
            continue
        if doc_id is not None:  # one mention made, not one and then its shifted copy
            r = {**r, "doc_id": doc_id, "char_start": r["char_start"] + offset, "char_end": r["char_end"] + offset}
        out.append(mention_from(r, actors))
    return out


def features_of(doc: Doc) -> list[list[str]]:
    """The confidence features of each mention of ``doc`` (the extraction pattern first)."""
    return [list(r["features"]) for r in getattr(doc._, ATTR) or ()]
