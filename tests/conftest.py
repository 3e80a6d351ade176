"""Shared fixtures: a few hand-made actors, documents and mentions, and a fresh in-memory store."""

from __future__ import annotations

import pytest

from kg.model import Actor, Document, RelationMention

IRAN = Actor("iran", "Iran", "State", wikidata="Q794", cameo="IRN", aliases=("Islamic Republic of Iran",))
USA = Actor("usa", "United States", "State", wikidata="Q30", cameo="USA", aliases=("US", "America"))
MILITIAS = Actor("shia-militias", "Shia militias", "ArmedGroup", based_in="iraq")
ISIS = Actor("isis", "Islamic State", "ArmedGroup", wikidata="Q2429253")
IRAQ_GOV = Actor("iraq-government", "Iraqi government", "Government", part_of="iraq")
CRITICS = Actor("critics", "critics", "Group")


def mention(doc_id: str, subject: Actor, predicate: str, obj: Actor, polarity: str, *,
            start: int = 0, sentence: str | None = None, **kw) -> RelationMention:
    """A hand-made RelationMention (what the NLP stage would produce)."""
    sentence = sentence if sentence is not None else f"{subject.label} {predicate} {obj.label}."
    return RelationMention(doc_id, subject, predicate, obj, polarity, sentence=sentence,
                           char_start=start, char_end=start + len(sentence), **kw)


@pytest.fixture
def doc_a() -> tuple[Document, list[RelationMention]]:
    """A document where Iran backs the militias and the US and Iran both fight ISIS."""
    doc = Document("a.txt", "Iran backs Shia militias. The US and Iran fight ISIS.", title="Tacit allies",
                   date="2015-03-05", source="https://example.org/a")
    return doc, [
        mention("a.txt", IRAN, "supports", MILITIAS, "cooperation", confidence=0.9),
        mention("a.txt", USA, "fights", ISIS, "conflict", start=26, confidence=0.8),
        mention("a.txt", IRAN, "fights", ISIS, "conflict", start=26, confidence=0.8),
        mention("a.txt", USA, "alliedWith", IRAN, "cooperation", start=40, hedged=True,
                attributed_to=CRITICS, confidence=0.4),
    ]


@pytest.fixture
def doc_b() -> tuple[Document, list[RelationMention]]:
    """A second document: the US and Iran are rivals; the US does not support the militias."""
    doc = Document("b.txt", "The US and Iran remain rivals. Washington does not back the militias.")
    return doc, [
        mention("b.txt", USA, "rivalOf", IRAN, "conflict", confidence=0.7),
        mention("b.txt", USA, "supports", MILITIAS, "cooperation", start=31, negated=True, confidence=0.6),
        mention("b.txt", IRAN, "supports", MILITIAS, "cooperation", start=50, confidence=0.5),
    ]


@pytest.fixture
def store():
    """A fresh in-memory store (ontology loaded)."""
    from kg.store import open_store

    with open_store("memory") as s:
        yield s
