"""What the endpoint's gate reads in a query before passing it on: remote fetches, and kg prefixes to declare.

Oxigraph's server evaluates ``SERVICE`` (a federated query: the server
fetches any URL it names) and SPARQL Update's ``LOAD`` (the same), with no
option to turn them off, so the gate refuses texts that use them unless
``--allow-service``. It reads the text with a small lexer, written to err on
the side of refusing:

* comments and short string literals are skipped (a label such as
  ``"Federal Security Service"`` does not trip it);
* the content of a long string (``\"\"\"…\"\"\"``) is searched as if it were
  code, and so is the content of an ``<…>`` IRI when the keyword is followed
  by ``?``, ``$`` or ``#``: the only ways a keyword can hide from this lexer
  while the engine's parser sees it (``FILTER(?a<1)SERVICE?x#>`` is a
  less-than, a ``SERVICE`` and a comment to the engine, one IRI to a naive
  lexer);
* ``\\uXXXX`` escapes are undone first and both readings are checked
  (SPARQL 1.1 allows them anywhere; Oxigraph 0.5 does not, a later engine may).

A false refusal costs a user a rewording; a missed one lets a web page make
the server fetch URLs, so ambiguity is resolved towards refusing.

The same lexer finds the prefixed names a query uses but does not declare:
:func:`with_kg_prefixes` declares those of :data:`kg.rdf.namespace.PREFIXES`,
so the text ``kg query`` accepts runs unchanged over HTTP.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.rdf.namespace import PREFIXES

_PN_CHARS = r"A-Za-z0-9_\u00B7\u00C0-\uFFFF-"
_TOKEN = re.compile(
    r"(?P<comment>\#[^\r\n]*)"
    r"|(?P<long>\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')"
    r"|(?P<short>\"(?:[^\"\\\r\n]|\\.)*\"|'(?:[^'\\\r\n]|\\.)*')"
    r"|(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)"
    r"|(?P<var>[?$][" + _PN_CHARS + r"]+)"
    # a prefixed name, with the local part's %hh and \-escapes (so ``ex:a\#b`` is not a comment)
    r"|(?P<pname>(?P<prefix>[A-Za-z\u00C0-\uFFFF][" + _PN_CHARS + r".]*)?:"
    r"(?:[" + _PN_CHARS + r".:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])*)"
    r"|(?P<word>[A-Za-z_][A-Za-z_0-9]*)"
    r"|.",
    re.S,
)
#: Keywords that make the server fetch a URL.
FETCHING = ("SERVICE", "LOAD")
_KEYWORD_IN_TEXT = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:-])", re.I)
_KEYWORD_IN_IRI = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?=[?$#])", re.I)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PREFIX_DECL = re.compile(r"PREFIX", re.I)


def _tokens(text: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text)


def unescape_codepoints(text: str) -> str:
    r"""SPARQL 1.1's ``\uXXXX`` / ``\UXXXXXXXX`` escapes replaced by their characters (invalid ones kept).

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def one(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _ESCAPE.sub(one, text)


def _fetching_keyword(text: str) -> str | None:
    for m in _tokens(text):
        kind = m.lastgroup
        if kind in ("comment", "short", "var"):
            continue
        found = (_KEYWORD_IN_IRI if kind == "iri" else _KEYWORD_IN_TEXT).search(m.group())
        if found:
            return found.group(1).upper()
    return None


def fetching_keyword(text: str) -> str | None:
    """``"SERVICE"`` or ``"LOAD"`` if the query or update may make the server fetch a URL, else None.

    >>> fetching_keyword('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    'SERVICE'
    >>> fetching_keyword('SELECT * WHERE { ?a rdfs:label "Federal Security Service" } # no SERVICE here') is None
    True
    """
    return _fetching_keyword(text) or _fetching_keyword(unescape_codepoints(text))


def used_prefixes(text: str) -> tuple[set[str], set[str]]:
    """(prefixes the text uses in prefixed names, prefixes it declares with ``PREFIX``).

    >>> used, declared = used_prefixes("PREFIX ex: <http://e/> SELECT * { ?s kg:supports ex:x . ?s a <http://a#b> }")
    >>> sorted(used), sorted(declared)
    (['ex', 'kg'], ['ex'])
    """
    used: set[str] = set()
    declared: set[str] = set()
    after_prefix = False
    for m in _tokens(text):
        kind = m.lastgroup
        if kind == "word":
            after_prefix = _PREFIX_DECL.fullmatch(m.group()) is not None
            continue
        if kind == "pname":
            name = m.group("prefix") or ""
            (declared if after_prefix else used).add(name)
        if not m.group().isspace():
            after_prefix = False
    return used, declared


def with_kg_prefixes(text: str) -> tuple[str, int]:
    """The text with a ``PREFIX`` for each kg prefix it uses without declaring; and how many characters were added.

    The declarations go on the first line, before the text, so line numbers in
    the engine's error messages stay those of the text as written.

    >>> text, added = with_kg_prefixes("SELECT * WHERE { ?a kg:supports ?b }")
    >>> text == f"PREFIX kg: <{PREFIXES['kg']}> SELECT * WHERE {{ ?a kg:supports ?b }}" and added == len(text) - 36
    True
    >>> with_kg_prefixes("SELECT * WHERE { ?a ?p ?b }")
    ('SELECT * WHERE { ?a ?p ?b }', 0)
    """
    used, declared = used_prefixes(text)
    missing = [name for name in PREFIXES if name in used and name not in declared]
    if not missing:
        return text, 0
    prologue = "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in missing)
    return prologue + text, len(prologue)
