"""Fixtures of the NLP tests that need no statistical model: hand-built parses (``pytest_plugins =
["parse_fixtures"]`` in a test module).

A parse is written one token per line: ``WORD POS TAG DEP HEAD [LEMMA] [ENT]`` (HEAD is the
absolute index of the head token; LEMMA defaults to the word, lower-cased unless a proper noun;
ENT is an IOB tag such as ``B-GPE``). The real ``kg_actors`` (gazetteer + the Doc's entities)
and ``kg_relations`` components run on it, so a rule's test does not depend on the parser.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def components():
    """A blank English pipeline's vocab with the two kg components (no model, no parser)."""
    import spacy

    from kg.nlp.actors import ActorRecognizer
    from kg.nlp.relations import RelationExtractor

    nlp = spacy.blank("en")
    return nlp, ActorRecognizer(nlp, "kg_actors"), RelationExtractor(nlp, "kg_relations")


def build_doc(vocab, table: str):
    """A spaCy Doc from a parse table (see the module docstring)."""
    from spacy.tokens import Doc

    rows = [line.split() for line in table.strip().splitlines() if line.strip() and not line.startswith("#")]
    lemmas, ents = [], []
    for r in rows:
        extra = r[5:]
        ent = extra.pop() if extra and (extra[-1][:2] in ("B-", "I-")) else "O"
        lemmas.append(extra[0] if extra else (r[0] if r[1] == "PROPN" else r[0].lower()))
        ents.append(ent)
    return Doc(
        vocab,
        words=[r[0] for r in rows],
        pos=[r[1] for r in rows],
        tags=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        heads=[int(r[4]) for r in rows],
        lemmas=lemmas,
        ents=ents,
    )


@pytest.fixture(scope="session")
def parsed(components):
    """``parsed(table)`` -> the Doc after ``kg_actors`` and ``kg_relations``."""
    nlp, actors, relations = components

    def run(table: str):
        return relations(actors(build_doc(nlp.vocab, table)))

    return run
