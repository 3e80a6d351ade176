"""Fixtures of the actor-rule tests: kg_actors without a statistical model (fast tier).

Used through ``pytest_plugins = ["actor_fixtures"]``; not a ``conftest.py``, whose module name
would shadow the root one that other tests import from.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def recognizer():
    """``kg_actors`` on a blank English vocabulary: it runs on hand-built parses."""
    import spacy

    from kg.nlp.actors import ActorRecognizer

    return ActorRecognizer(spacy.blank("en"))
