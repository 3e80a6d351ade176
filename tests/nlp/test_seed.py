"""The seed article (read through kg.documents, boilerplate removed) yields the relations it states."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["nlp_fixtures"]

SEED = Path(__file__).resolve().parents[2] / "seeds" / "vox-us-iran-tacit-cooperation.txt"
US = {"united-states", "united-states-government", "united-states-military"}
IRAN = {"iran", "iran-government", "iran-military"}
IRAQ = {"iraq", "iraq-government", "iraq-military"}


@pytest.fixture(scope="module")
def seed(nlp):
    from kg.documents import read_documents
    from kg.nlp.pipeline import extract_documents

    docs = [d for d in read_documents([SEED]) if not isinstance(d, Exception)]
    assert len(docs) == 1
    [(doc, mentions)] = list(extract_documents(docs))
    return doc, mentions


def _any(mentions, subjects, polarity=None, objects=None, *, predicate=None, negated=False, hedged=None, either=False):
    for m in mentions:
        pairs = [(m.subject.id, m.object.id)] + ([(m.object.id, m.subject.id)] if either else [])
        for s, o in pairs:
            if (
                s in subjects
                and o in objects
                and m.negated == negated
                and (polarity is None or m.polarity == polarity)
                and (predicate is None or m.predicate == predicate)
                and (hedged is None or m.hedged == hedged)
            ):
                return True
    return False


def test_us_and_iran_are_rivals(seed):
    _, ms = seed
    assert _any(ms, US, "conflict", IRAN, either=True)


def test_iran_supports_shia_militias(seed):
    _, ms = seed
    assert _any(ms, IRAN, objects={"shia-militias"}, predicate="supports")


def test_us_supports_iraq(seed):
    _, ms = seed
    assert _any(ms, US, "cooperation", IRAQ, predicate="supports")


def test_us_and_iran_fight_isis(seed):
    _, ms = seed
    assert _any(ms, US, "conflict", {"isis"})
    assert _any(ms, IRAN, "conflict", {"isis"})


def test_tacit_cooperation_is_hedged(seed):
    _, ms = seed
    assert _any(ms, US, "cooperation", IRAN, predicate="cooperatesWith", hedged=True, either=True)


def test_denial_of_cooperation_is_negated(seed):
    _, ms = seed
    assert _any(ms, US, "cooperation", IRAN, predicate="cooperatesWith", negated=True, either=True)


def test_nothing_from_boilerplate(seed):
    doc, ms = seed
    for m in ms:
        assert doc.text[m.char_start : m.char_end] == m.sentence
        for junk in ("Getty Images", "newsletter", "Sign up", "senior correspondent", "Filed under"):
            assert junk not in m.sentence
