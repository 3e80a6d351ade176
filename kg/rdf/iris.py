"""The one place IRIs of kg resources are minted, and read back.

Every actor, document, assertion, graph and pair-tally IRI in the graph
comes from :func:`mint`; nothing else builds them by string concatenation.
:func:`parse_iri` is its inverse for the readable kinds (actor, graph, pair).
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import Literal

from rdflib import URIRef

from kg.rdf.namespace import ID_BASE

#: Base of every kg resource IRI (ontology terms live under ``kg.rdf.namespace.KG_NS``).
BASE = ID_BASE

Kind = Literal["actor", "doc", "assertion", "graph", "pair", "rollup", "band"]
KINDS: tuple[str, ...] = ("actor", "doc", "assertion", "graph", "pair", "rollup", "band")

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A stable, IRI-safe slug for a name.

    Examples
    --------
    >>> slugify("Shia militias")
    'shia-militias'
    >>> slugify("Côte d'Ivoire")
    'cote-d-ivoire'
    >>> slugify("<img src=x>")
    'img-src-x'
    """
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_.lower()).strip("-")
    if not slug:  # a name with no latin letters still needs a stable id
        slug = "x" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return slug[:80]


def digest(*parts: object) -> str:
    """Short stable hash of some values, for ids that have no natural slug."""
    h = hashlib.sha1()
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()[:20]


@functools.lru_cache(maxsize=1 << 16)  # a build mints the same actor, document and tally IRIs over and over
def mint(kind: Kind, key: str) -> URIRef:
    """The IRI of a kg resource.

    ``actor``: ``key`` is the actor id (already a slug; slugified again to be safe).
    ``doc``: ``key`` is the document id (any string; hashed).
    ``assertion``: ``key`` is a digest of what identifies the mention.
    ``graph``: ``key`` is a fixed graph name such as ``ontology``.
    ``pair``: ``key`` is ``SUBJECT/OBJECT/POLARITY`` (two actor ids and
    ``cooperation`` or ``conflict``): the tally of one ordered pair's
    assertions of one polarity (readable, so the store can also mint it in SPARQL
    from the actor IRIs, see :func:`kg.store.tallies.link_operation`).
    ``rollup``: like ``pair``, for the actors the two count as when parts fold
    into their state (:mod:`kg.rdf.rollup`): the roll-up tally.
    ``band``: ``key`` is a ``kg:mentionBand`` floor (``64``): the node that
    counts the tallies in that band (:mod:`kg.store.tallies`).

    Examples
    --------
    >>> mint("actor", "iran")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/actor/iran')
    >>> str(mint("doc", "seeds/a.txt")).startswith(BASE + "doc/")
    True
    >>> mint("pair", "iran/shia-militias/cooperation")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/pair/iran/shia-militias/cooperation')
    """
    if kind == "actor" or kind == "graph" or kind == "band":
        local = slugify(key)
    elif kind == "doc":
        local = digest(key)
    elif kind in ("pair", "rollup"):
        local = "/".join(slugify(part) for part in key.split("/"))
    elif kind == "assertion":
        local = key if re.fullmatch(r"[0-9a-f]{8,64}", key) else digest(key)
    else:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return URIRef(f"{BASE}{kind}/{local}")


def parse_iri(iri: str) -> tuple[str, str]:
    """The inverse of :func:`mint`: ``(kind, local part)`` of a kg resource IRI.

    For ``actor``, ``graph`` and ``pair`` the local part is the key (ids are
    slugs); for ``doc`` and ``assertion`` it is the hash. ``ValueError`` for an
    IRI :func:`mint` cannot have made.

    >>> parse_iri(mint("actor", "iran"))
    ('actor', 'iran')
    >>> parse_iri("http://example.org/x")
    Traceback (most recent call last):
    ...
    ValueError: not a kg resource IRI: 'http://example.org/x'
    """
    text = str(iri)
    kind, sep, local = text[len(BASE) :].partition("/")
    if not text.startswith(BASE) or not sep or kind not in KINDS or not local:
        raise ValueError(f"not a kg resource IRI: {text!r}")
    return kind, local


def actor_id(iri: str) -> str:
    """The actor id at the end of an actor IRI (the inverse of ``mint("actor", id)``).

    >>> actor_id(mint("actor", "shia-militias"))
    'shia-militias'
    """
    kind, local = parse_iri(iri)
    if kind != "actor":
        raise ValueError(f"not an actor IRI: {str(iri)!r}")
    return local


def pair_iri(subject_id: str, object_id: str, polarity: str) -> URIRef:
    """The IRI of the tally of every ``polarity`` assertion from one actor to another.

    The store keeps one ``kg:PairTally`` node per (subject, object, polarity)
    with counts over those assertions (see :mod:`kg.store.tallies`); each
    assertion points at it with ``kg:tally``.

    >>> pair_iri("iran", "shia-militias", "cooperation") == mint("pair", "iran/shia-militias/cooperation")
    True
    """
    return mint("pair", f"{subject_id}/{object_id}/{polarity}")


def rollup_iri(subject_id: str, object_id: str, polarity: str) -> URIRef:
    """The IRI of the roll-up tally: every ``polarity`` assertion between the actors that count as these two.

    >>> rollup_iri("iraq", "isis", "conflict") == mint("rollup", "iraq/isis/conflict")
    True
    """
    return mint("rollup", f"{subject_id}/{object_id}/{polarity}")


def pair_parts(iri: str) -> tuple[str, str, str]:
    """Subject id, object id and polarity of a pair or roll-up tally IRI (the inverse of :func:`pair_iri`).

    >>> pair_parts(pair_iri("iran", "usa", "conflict")), pair_parts(rollup_iri("iraq", "isis", "conflict"))
    (('iran', 'usa', 'conflict'), ('iraq', 'isis', 'conflict'))
    """
    kind, local = parse_iri(iri)
    parts = local.split("/")
    if kind not in ("pair", "rollup") or len(parts) != 3:
        raise ValueError(f"not a pair tally IRI: {str(iri)!r}")
    subject, obj, polarity = parts
    return subject, obj, polarity
