"""The one place IRIs of kg resources are minted.

Every actor, document and assertion IRI in the graph comes from :func:`mint`;
nothing else builds IRIs by string concatenation.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Literal

from rdflib import URIRef

#: Base of every kg resource IRI (ontology terms live under ``…/ns#``).
BASE = "https://w3id.org/kg-news/id/"

Kind = Literal["actor", "doc", "assertion", "graph", "pair"]

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


def mint(kind: Kind, key: str) -> URIRef:
    """The IRI of a kg resource.

    ``actor``: ``key`` is the actor id (already a slug; slugified again to be safe).
    ``doc``: ``key`` is the document id (any string; hashed).
    ``assertion``: ``key`` is a digest of what identifies the mention.
    ``graph``: ``key`` is a fixed graph name such as ``ontology``.
    ``pair``: ``key`` is ``SUBJECT/OBJECT/POLARITY`` (two actor ids and
    ``cooperation`` or ``conflict``): the tally of one ordered pair's
    assertions of one polarity (readable, so the store can also mint it in SPARQL
    from the actor IRIs).

    Examples
    --------
    >>> mint("actor", "iran")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/actor/iran')
    >>> str(mint("doc", "seeds/a.txt")).startswith(BASE + "doc/")
    True
    >>> mint("pair", "iran/shia-militias/cooperation")
    rdflib.term.URIRef('https://w3id.org/kg-news/id/pair/iran/shia-militias/cooperation')
    """
    if kind == "actor" or kind == "graph":
        local = slugify(key)
    elif kind == "doc":
        local = digest(key)
    elif kind == "pair":
        local = "/".join(slugify(part) for part in key.split("/"))
    elif kind == "assertion":
        local = key if re.fullmatch(r"[0-9a-f]{8,64}", key) else digest(key)
    else:
        raise ValueError(f"unknown IRI kind {kind!r}")
    return URIRef(f"{BASE}{kind}/{local}")
