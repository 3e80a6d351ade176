"""Session fixtures of the NLP tests: the spaCy pipeline, loaded once per test session.

Used through ``pytest_plugins = ["nlp_fixtures"]`` in the NLP test modules.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The model with ``kg_actors`` and ``kg_relations`` (cached per process)."""
    from kg.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def rels(nlp):
    """``rels(text)`` -> set of ``(subject id, predicate, object id, negated, hedged)``."""
    from kg.nlp.pipeline import extract_text

    def run(text: str) -> set[tuple[str, str, str, bool, bool]]:
        return {(m.subject.id, m.predicate, m.object.id, m.negated, m.hedged) for m in extract_text(text)}

    return run


@pytest.fixture(scope="session")
def pairs(rels):
    """``pairs(text)`` -> set of ``(subject id, polarity, object id)``, symmetric pairs in both orders."""
    from kg.rdf.ontology import relation_properties

    props = relation_properties()

    def run(text: str, *, negated: bool = False) -> set[tuple[str, str, str]]:
        out = set()
        for s, p, o, neg, _ in rels(text):
            if neg == negated:
                out.add((s, props[p], o))
                out.add((o, props[p] + "~", s))  # reverse direction marked with ~
        return out

    return run


@pytest.fixture(scope="session")
def either(pairs):
    """``either(text)`` -> asserted ``(subject, polarity, object)`` in both orders, unmarked (the
    scoring of ``kg eval`` ignores direction)."""

    def run(text: str) -> set[tuple[str, str, str]]:
        return {(s, pol.rstrip("~"), o) for s, pol, o in pairs(text)}

    return run
