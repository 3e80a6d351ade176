"""``kg_attribute_ruler``: spaCy's ``attribute_ruler`` with its patterns found by lookup.

The English models' attribute ruler maps fine tags to POS and morphology and mends a few
dozen words: 179 patterns of one or two tokens. spaCy runs them through its general
``Matcher``, which tries every pattern at every token: about a tenth of the model's CPU on
news text, as much as the parser's own transition loop. Here each pattern is filed under a
value its first token must have (a tag, a lower-case form, a dependency label), so a token
is tried only against the patterns it could start. Patterns this index cannot express
(operators, extension attributes, morphology or comparison predicates) still run through a
``Matcher``. The matches and the order they are applied in are the ``Matcher``'s, so the
annotations are the same (``tests/nlp/test_attribute_rules.py`` compares the two).

:func:`kg.nlp.components.index_attribute_ruler` swaps a pipeline's stock ruler for this one,
patterns and name kept (beside the factory it uses); ``load_pipeline`` does it for kg's own pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from spacy.attrs import IDS
from spacy.errors import Errors
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens._retokenize import set_token_attrs

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

#: Token attributes an indexed pattern may test: string-valued ones compared by hash, and
#: flags compared as 0/1 -- both read with ``Doc.to_array`` exactly as the ``Matcher`` reads them.
#: The most selective come first: a token spec is filed under the first of these it tests.
STRING_ATTRS = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "ENT_TYPE")
FLAG_ATTRS = (
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "LIKE_NUM",
)
#: attribute id -> its rank in that order
_RANK = {IDS[name]: rank for rank, name in enumerate(STRING_ATTRS + FLAG_ATTRS)}


class Test(NamedTuple):
    """One condition on one token: ``column`` of the doc's attribute array, and how to compare."""

    column: int
    op: str  # "==", "IN", "NOT_IN" or "REGEX"
    value: Any  # a hash / 0-1, a frozenset of hashes, or a compiled regex


class Rule(NamedTuple):
    """One pattern of one ``add`` call: its attribute set's id and its tests, token by token."""

    attr_id: int
    tokens: tuple[tuple[Test, ...], ...]


class _Filed(NamedTuple):
    """The rules filed under one value: those that value alone decides (one-token patterns with
    that one test), and those with more to check."""

    sure: list[int]  # attr ids
    check: list[Rule]


class _Index(NamedTuple):
    columns: list[int]  # spaCy attribute ids, in array column order
    by_value: list[tuple[int, dict[int, _Filed]]]  # (column, first-token value -> rules)
    anywhere: list[Rule]  # rules with no value to file them under: tried at every token
    fallback: Matcher | None  # the patterns the index cannot express
    keys: list[int]  # each attribute set's match id (the hash of its number, as the stock ruler's)


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` that finds its matches by lookup (same patterns, same results).

    Patterns are added, listed and serialised by spaCy's own code; the lookup index is built
    from them at the first call after a change.
    """

    _index: _Index | None = None

    def add(self, patterns: Any, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        index = self._index
        if index is None:
            index = self._index = build_index(self)
        found = set(_lookup_matches(index, doc))
        if index.fallback is not None:
            found.update(
                (int(self.vocab.strings[key]), start, end)
                for key, start, end in index.fallback(doc, allow_missing=True, as_spans=False)
            )
        keys = index.keys
        return [(attr_id, keys[attr_id], start, end) for attr_id, start, end in sorted(found)]

    def set_annotations(self, doc: Doc, matches: Sequence[tuple[int, int, int, int]]) -> None:
        for attr_id, match_id, start, end in matches:
            index = self.indices[attr_id]
            at = (start if index >= 0 else end) + index
            if not start <= at < end:
                raise ValueError(
                    Errors.E1001.format(
                        patterns=self.matcher.get(match_id), span=[t.text for t in doc[start:end]], index=index
                    )
                )
            set_token_attrs(doc[at], self.attrs[attr_id])


def build_index(ruler: AttributeRuler) -> _Index:
    """File each of ``ruler``'s patterns under a value of its first token, or in the fallback
    ``Matcher`` when a token spec uses anything but equality / IN / NOT_IN / REGEX on the
    attributes above."""
    columns: list[int] = []
    by_column: dict[int, dict[int, _Filed]] = {}
    anywhere: list[Rule] = []
    fallback: Matcher | None = None
    for attr_id, entry in enumerate(ruler.patterns):
        for pattern in cast(list, entry["patterns"]):
            compiled = _compile_pattern(pattern, columns)
            if compiled is None:
                fallback = fallback or Matcher(ruler.vocab)
                fallback.add(str(attr_id), [pattern])
                continue
            rule, (column, values) = Rule(attr_id, compiled[0]), compiled[1]
            if column < 0:
                anywhere.append(rule)
                continue
            table = by_column.setdefault(column, {})
            decided = len(rule.tokens) == 1 and len(rule.tokens[0]) == 1
            for value in values:
                filed = table.setdefault(value, _Filed([], []))
                if decided:
                    filed.sure.append(attr_id)
                else:
                    filed.check.append(rule)
    keys = [ruler.vocab.strings.add(str(attr_id)) for attr_id in range(len(ruler.attrs))]
    return _Index(columns, sorted(by_column.items()), anywhere, fallback, keys)


def _compile_pattern(
    pattern: list[dict], columns: list[int]
) -> tuple[tuple[tuple[Test, ...], ...], tuple[int, Sequence[int]]] | None:
    """The pattern's tests per token, and where to file it: (column, values) of its first
    token's most selective equality or IN test ((-1, ()) when it has none); None if a spec
    is beyond the index."""
    tokens = []
    for spec in pattern:
        tests = _compile_spec(spec, columns)
        if tests is None:
            return None
        tokens.append(tests)
    if not tokens:
        return None
    filed = [t for t in tokens[0] if t.op in ("==", "IN")]
    if not filed:
        return tuple(tokens), (-1, ())
    first = min(filed, key=lambda t: (t.op != "==", _RANK[columns[t.column]]))
    values = (first.value,) if first.op == "==" else tuple(first.value)
    return tuple(tokens), (first.column, values)


def _compile_spec(spec: dict, columns: list[int]) -> tuple[Test, ...] | None:
    tests = []
    for key, value in spec.items():
        name = "ORTH" if str(key).upper() == "TEXT" else str(key).upper()
        attr = IDS.get(name)
        if attr not in _RANK:
            return None  # OP, "_", POS, MORPH, LENGTH, ...: the Matcher's business
        if attr not in columns:
            columns.append(attr)
        column = columns.index(attr)
        test = _compile_test(name, column, value)
        if test is None:
            return None
        tests.append(test)
    return tuple(tests)


def _compile_test(name: str, column: int, value: Any) -> Test | None:
    if name in FLAG_ATTRS:
        return Test(column, "==", int(value)) if isinstance(value, bool) else None
    if isinstance(value, str):
        return Test(column, "==", get_string_id(value))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((op, arg),) = value.items()
    if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, (str, int)) for v in arg):
        return Test(column, op, frozenset(get_string_id(v) for v in arg))
    if op == "REGEX" and isinstance(arg, str):
        return Test(column, op, re.compile(arg))
    return None


def _lookup_matches(index: _Index, doc: Doc) -> Iterator[tuple[int, int, int]]:
    """(attr_id, start, end) of every indexed rule matching ``doc``."""
    if not len(doc) or not index.columns:
        return
    array = doc.to_array(list[int | str](index.columns))
    rows: list[list[int]] = array.reshape(len(doc), -1).tolist()  # type: ignore[assignment]  # flat if one column
    strings = doc.vocab.strings
    n = len(rows)
    for start, row in enumerate(rows):
        for column, table in index.by_value:
            filed = table.get(row[column])
            if filed is not None:
                for attr_id in filed.sure:
                    yield attr_id, start, start + 1
                for rule in filed.check:
                    if _fits(rule, rows, start, n, strings):
                        yield rule.attr_id, start, start + len(rule.tokens)
        for rule in index.anywhere:
            if _fits(rule, rows, start, n, strings):
                yield rule.attr_id, start, start + len(rule.tokens)


def _fits(rule: Rule, rows: list[list[int]], start: int, n: int, strings) -> bool:
    if start + len(rule.tokens) > n:
        return False
    for offset, tests in enumerate(rule.tokens):
        row = rows[start + offset]
        for column, op, value in tests:
            got = row[column]
            if op == "==":
                if got != value:
                    return False
            elif op == "IN":
                if got not in value:
                    return False
            elif op == "NOT_IN":
                if got in value:
                    return False
            elif got not in strings or not value.search(strings[got]):
                return False
    return True
