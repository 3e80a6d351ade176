"""Each relation rule on a hand-built parse (``parses.txt``): no statistical model involved.

A block of ``parses.txt`` is a sentence written for the rule, its parse (one token per line,
see ``tests/parse_fixtures.py``) and what the rule must find (``# expect: SUBJECT PREDICATE OBJECT
[negated] [hedged] [by=SPEAKER]``) or must not (``# reject: ...``, ``*`` matches anything).
Every block expects at least one relation, so no block passes on empty output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["parse_fixtures"]

PARSES = Path(__file__).with_name("parses.txt")


def _blocks():
    for block in PARSES.read_text(encoding="utf-8").split("## ")[1:]:
        head, *lines = block.strip().splitlines()
        checks = [line[2:] for line in lines if line.startswith("# ") and line[2:].startswith(("expect:", "reject:"))]
        table = "\n".join(line for line in lines if not line.startswith("#"))
        yield pytest.param(table, checks, id=head.split(":")[0])


def _found(doc):
    from kg.nlp.relations import relations_of

    return [
        (m.subject.id, m.predicate, m.object.id, m.negated, m.hedged, m.attributed_to.id if m.attributed_to else None)
        for m in relations_of(doc)
    ]


def _matches(rel, spec: list[str]) -> bool:
    from kg.rdf.ontology import symmetric_properties

    s, p, o, neg, hed, by = rel
    want_s, want_p, want_o, *flags = spec
    speaker = next((f[3:] for f in flags if f.startswith("by=")), None)
    if (
        want_p not in ("*", p)
        or ("negated" in flags) != neg
        or ("hedged" in flags and not hed)
        or (speaker is not None and speaker != by)
    ):
        return False
    pairs = [(s, o), (o, s)] if p in symmetric_properties() else [(s, o)]
    return any(want_s in ("*", a) and want_o in ("*", b) for a, b in pairs)


def test_every_block_expects_a_relation():
    blocks = list(_blocks())
    assert len(blocks) > 40
    assert all(any(c.startswith("expect:") for c in b.values[1]) for b in blocks)


@pytest.mark.parametrize("table, checks", list(_blocks()))
def test_rule_on_a_hand_built_parse(parsed, table, checks):
    found = _found(parsed(table))
    for check in checks:
        kind, spec = check.split(":", 1)
        hit = any(_matches(rel, spec.split()) for rel in found)
        assert hit == (kind == "expect"), f"{check} | found {found}"
