"""Armed and ruling actors no name qualifies: "government forces", "tribal fighters", "the regime",
"rebels backed by Iran", "the Saudi-led coalition"."""

from __future__ import annotations

import pytest
from handbuilt import actors_by_token, parse

pytest_plugins = ["nlp_fixtures", "actor_fixtures"]


def run(recognizer, spec, **kw):
    doc = recognizer(parse(recognizer.vocab, spec, **kw))
    return actors_by_token(doc), doc


def test_government_forces_and_tribal_fighters(recognizer):
    found, _ = run(
        recognizer,
        "Government/NOUN/compound/1 forces/NOUN/nsubj/5 and/CCONJ/cc/1 tribal/ADJ/amod/4 "
        "fighters/NOUN/conj/1 clashed/VERB/ROOT/5",
    )
    assert found == {"forces": ["government-forces"], "fighters": ["tribal-fighters"]}


def test_the_label_keeps_the_words_the_id_the_kind(recognizer):
    from kg.nlp.actors import anchors_of

    _, doc = run(
        recognizer, "the/DET/det/3 joint/ADJ/amod/3 rebel/NOUN/compound/3 forces/NOUN/nsubj/4 attacked/VERB/ROOT/4"
    )
    anchor = anchors_of(doc)[3]
    actor = anchor.actors[0]
    assert (actor.id, actor.kind) == ("rebel-forces", "ArmedGroup")
    assert anchor.text_of(doc, actor.id) == "joint rebel forces"


def test_bare_fighters_are_no_actor(recognizer):
    found, _ = run(
        recognizer, "the/DET/det/1 rebels/NOUN/nsubj/2 attacked/VERB/ROOT/2 the/DET/det/4 fighters/NOUN/dobj/2"
    )
    assert found == {}


def test_a_named_force_is_left_to_the_group_rules(recognizer):
    found, _ = run(
        recognizer,
        "Syrian/ADJ/amod/2 government/NOUN/compound/2 forces/NOUN/nsubj/3 advanced/VERB/ROOT/3",
        ents={"Syrian": "NORP"},
    )
    assert found == {"forces": ["syria-military"]}


def test_a_group_in_apposition_to_a_name_is_that_name(recognizer):
    found, _ = run(
        recognizer,
        "ISIS/PROPN/nsubj/5 ,/PUNCT/punct/0 the/DET/det/4 extremist/ADJ/amod/4 group/NOUN/appos/0 fled/VERB/ROOT/5",
        ents={"ISIS": "ORG"},
    )
    assert found == {"ISIS": ["isis"]}


@pytest.mark.parametrize(
    "spec, ident",
    [
        ("the/DET/det/1 regime/NOUN/nsubj/2 fell/VERB/ROOT/2", "regime"),
        ("the/DET/det/2 military/ADJ/amod/2 junta/NOUN/nsubj/3 fell/VERB/ROOT/3", "military-junta"),
    ],
)
def test_a_definite_ruling_body(recognizer, spec, ident):
    found, _ = run(recognizer, spec)
    assert found == {spec.split()[-2].split("/")[0]: [ident]}


def test_an_indefinite_regime_is_no_actor(recognizer):
    found, _ = run(recognizer, "a/DET/det/1 regime/NOUN/nsubj/2 fell/VERB/ROOT/2")
    assert found == {}


def test_rebels_named_by_their_backer(recognizer):
    found, doc = run(
        recognizer,
        "Rebels/NOUN/nsubj/4 backed/VERB/acl/0 by/ADP/agent/1 Iran/PROPN/pobj/2 attacked/VERB/ROOT/4",
        ents={"Iran": "GPE"},
        lemmas={"backed": "back"},
        tags={"backed": "VBN"},
    )
    assert found == {"Rebels": ["iran-backed-rebels"], "Iran": ["iran"]}


def test_one_id_however_the_backing_is_written(recognizer):
    found, _ = run(
        recognizer,
        "Iranian/ADJ/npadvmod/2 -/PUNCT/punct/2 backed/VERB/amod/3 militias/NOUN/nsubj/4 attacked/VERB/ROOT/4",
        ents={"Iranian": "NORP"},
        lemmas={"backed": "back"},
        tags={"backed": "VBN"},
    )
    assert found["militias"] == ["iran-backed-militias"]


@pytest.mark.parametrize(
    "text, label",
    [
        ("Government troops clashed with tribal fighters near the oil fields.", "tribal fighters"),
        ("Security forces fired on protesters, killing five.", "Security forces"),
        ("The Saudi-led coalition bombed Houthi positions.", "Saudi-led coalition"),
        ("Kurdish militiamen attacked Syrian troops.", "Kurdish militiamen"),
        ("Rebels backed by Rwanda attacked Congolese troops.", "Rebels backed by Rwanda"),
        ("The United States sanctioned the military regime.", "military regime"),
    ],
)
def test_unnamed_actors_end_to_end(nlp, text, label):
    from kg.nlp.actors import anchors_of

    doc = nlp(text)
    labels = {a.text_of(doc, x.id) for a in anchors_of(doc).values() for x in a.actors}
    assert label in labels, labels


def test_unnamed_actors_in_relations(rels):
    found = rels("Government troops clashed with tribal fighters near the oil fields.")
    assert any({s, o} == {"government-troops", "tribal-fighters"} for s, _, o, _, _ in found), found


def test_a_ruling_body_qualifying_a_noun(recognizer):
    found, _ = run(
        recognizer,
        "rebels/NOUN/nsubj/1 captured/VERB/ROOT/1 220/NUM/nummod/4 junta/NOUN/compound/4 positions/NOUN/dobj/1",
    )
    assert found == {"junta": ["junta"]}
