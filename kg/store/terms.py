"""RDF terms between rdflib, pyoxigraph and SPARQL text (one escaping function for all SPARQL we write)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"[a-zA-Z]+(-[a-zA-Z0-9]+)*")
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_ECHAR_RE = re.compile(r'[\\"\n\r\t\b\f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text as valid Unicode: a surrogate pair becomes its character, a lone surrogate U+FFFD.

    >>> clean_text("a\\ud800b")
    'a\\ufffdb'
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def nt_term(term: Node) -> str:
    """One RDF term in N-Triples / SPARQL syntax, escaped so no text can end the term early.

    Strings use only the escapes SPARQL and N-Triples share (``\\\\`` ``\\"``
    ``\\n`` …), never ``\\u`` sequences, so the text means the same to every
    parser. An IRI that cannot be written safely raises ``ValueError``.

    >>> nt_term(Literal('say "hi"\\n} ; DROP ALL'))
    '"say \\\\"hi\\\\"\\\\n} ; DROP ALL"'
    >>> nt_term(Literal("1.5", datatype=XSD.double))
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#double>'
    """
    if isinstance(term, URIRef):
        iri = str(term)
        if _IRI_FORBIDDEN.search(iri) or _SURROGATE.search(iri) or ":" not in iri:
            raise ValueError(f"cannot write IRI {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        text = _escape(str(term))
        if term.language:
            if not _LANG.fullmatch(term.language):
                raise ValueError(f"bad language tag {term.language!r}")
            return f'"{text}"@{term.language}'
        datatype = term.datatype
        if datatype and datatype != XSD.string:
            return f'"{text}"^^{nt_term(datatype if type(datatype) is URIRef else URIRef(datatype))}'
        return f'"{text}"'
    if isinstance(term, BNode):
        return "_:b" + hashlib.sha1(str(term).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    raise TypeError(f"not an RDF term: {term!r}")


def _escape(text: str) -> str:
    return _ECHAR_RE.sub(lambda m: _ECHAR[m.group()], clean_text(text))


class NTriplesTerms:
    """``kg.rdf.write.Terms`` as N-Triples text, the same text :func:`nt_term` gives the rdflib terms
    (the embedded store writes it without building rdflib terms first; each IRI's text is kept)."""

    _INTEGER, _DOUBLE, _BOOLEAN = (f"^^<{XSD.integer}>", f"^^<{XSD.double}>", f"^^<{XSD.boolean}>")

    def __init__(self) -> None:
        self.iris: dict[URIRef, str] = {}

    def iri(self, iri: URIRef) -> str:
        text = self.iris.get(iri)
        if text is None:
            text = self.iris[iri] = nt_term(iri)
        return text

    def string(self, value: str) -> str:
        return f'"{_escape(value)}"'

    def integer(self, value: int) -> str:
        return f'"{int(value)}"{self._INTEGER}'

    def double(self, value: float) -> str:
        return f'"{float(value)!r}"{self._DOUBLE}'

    def boolean(self, value: bool) -> str:
        return f'"{"true" if value else "false"}"{self._BOOLEAN}'

    def typed(self, value: str, datatype: URIRef) -> str:
        return self.string(value) if datatype == XSD.string else f'"{_escape(value)}"^^{self.iri(datatype)}'


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        value = clean_text(str(term))
        if term.language:
            return ox.Literal(value, language=term.language)
        return ox.Literal(value, datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = str(XSD.string)


def from_ox(term: Any) -> Node:
    """pyoxigraph term -> rdflib term (``xsd:string`` literals come back as plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected Oxigraph term {term!r}")
