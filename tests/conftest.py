"""Shared fixtures (hand-made actors, documents, mentions, a fresh in-memory store) and the test tiers.

Tiers (markers registered in pyproject.toml): ``model`` (loads the spaCy
model), ``server`` (starts an Oxigraph server, an endpoint or a Dask
cluster), ``browser`` (drives Chromium), ``slow`` (seconds or more).
``make test-fast`` runs what has none of them. The markers are applied here
where a test's fixtures say it: the spaCy fixtures of ``nlp_fixtures`` mark
``model``, the fixtures of ``servers`` mark ``server``. A test that loads the
model some other way carries the marker itself (or is listed in
:data:`LOADS_MODEL` while its owners move it); the fast tier refuses to load
the model at all, so a missing marker fails there instead of slowing it down.
"""

from __future__ import annotations

import pytest

from kg.model import Actor, Document, RelationMention

#: Fixture module -> the marker every test using one of its fixtures gets.
FIXTURE_TIERS = {"nlp_fixtures": "model", "servers": "server"}
#: Tests in other owners' files that load the model without the fixtures, and the NLP stage's
#: doctests (outside tests/, so the guard below does not reach them), as node id prefixes.
LOADS_MODEL = (
    "tests/test_analysis_seed.py",
    "tests/nlp/test_cli_nlp.py",
    "kg/nlp/",
)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        for defs in info.name2fixturedefs.values() if info else ():
            module = getattr(defs[-1].func, "__module__", "")
            tier = FIXTURE_TIERS.get(module)
            if tier:
                item.add_marker(tier)
        if item.nodeid.startswith(LOADS_MODEL):
            item.add_marker("model")


@pytest.fixture(autouse=True)
def _no_model_in_the_fast_tier(request, monkeypatch):
    """In a run that excludes ``model``, loading the spaCy model is an error that names the marker."""
    if "not model" not in (request.config.option.markexpr or "") or "model" in request.keywords:
        return
    import spacy

    def refuse(*args, **kwargs):
        raise RuntimeError(f"{request.node.nodeid} loads the spaCy model: mark it `model`")

    monkeypatch.setattr(spacy, "load", refuse)
    # a pipeline another test of this worker loaded stays cached: hide it, so the check does not
    # depend on the order tests run in
    monkeypatch.setattr("kg.nlp.pipeline._PIPELINES", {}, raising=False)


IRAN = Actor("iran", "Iran", "State", wikidata="Q794", cameo="IRN", aliases=("Islamic Republic of Iran",))
USA = Actor("usa", "United States", "State", wikidata="Q30", cameo="USA", aliases=("US", "America"))
MILITIAS = Actor("shia-militias", "Shia militias", "ArmedGroup", based_in="iraq")
ISIS = Actor("isis", "Islamic State", "ArmedGroup", wikidata="Q2429253")
IRAQ_GOV = Actor("iraq-government", "Iraqi government", "Government", part_of="iraq")
CRITICS = Actor("critics", "critics", "Group")


def mention(
    doc_id: str,
    subject: Actor,
    predicate: str,
    obj: Actor,
    polarity: str,
    *,
    start: int = 0,
    sentence: str | None = None,
    **kw,
) -> RelationMention:
    """A hand-made RelationMention (what the NLP stage would produce)."""
    sentence = sentence if sentence is not None else f"{subject.label} {predicate} {obj.label}."
    return RelationMention(
        doc_id,
        subject,
        predicate,
        obj,
        polarity,
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        **kw,
    )


@pytest.fixture
def doc_a() -> tuple[Document, list[RelationMention]]:
    """A document where Iran backs the militias and the US and Iran both fight ISIS."""
    doc = Document(
        "a.txt",
        "Iran backs Shia militias. The US and Iran fight ISIS.",
        title="Tacit allies",
        date="2015-03-05",
        source="https://example.org/a",
    )
    return doc, [
        mention("a.txt", IRAN, "supports", MILITIAS, "cooperation", confidence=0.9),
        mention("a.txt", USA, "fights", ISIS, "conflict", start=26, confidence=0.8),
        mention("a.txt", IRAN, "fights", ISIS, "conflict", start=26, confidence=0.8),
        mention(
            "a.txt",
            USA,
            "alliedWith",
            IRAN,
            "cooperation",
            start=40,
            hedged=True,
            attributed_to=CRITICS,
            confidence=0.4,
        ),
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
def built(tmp_path, doc_a, doc_b) -> str:
    """A store folder holding doc_a and doc_b (what the CLI tests run commands on)."""
    from kg.store import open_store

    location = str(tmp_path / "store")
    with open_store(location) as s:
        s.replace_document(*doc_a)
        s.replace_document(*doc_b)
    return location


@pytest.fixture
def store():
    """A fresh in-memory store (ontology loaded)."""
    from kg.store import open_store

    with open_store("memory") as s:
        yield s
