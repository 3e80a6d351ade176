"""The kg_actors component: canonical actors from gazetteer, NER, group nouns and references."""

from __future__ import annotations

import pytest

pytest_plugins = ["nlp_fixtures"]


def anchors(nlp, text):
    from kg.nlp.actors import anchors_of

    doc = nlp(text)
    return {doc[i].text: sorted(a.id for a in an.actors) for i, an in anchors_of(doc).items()}, doc


@pytest.mark.parametrize(
    "text",
    [
        "The US attacked.",
        "The United States attacked.",
        "America attacked.",
        "American forces attacked.",
        "Washington attacked.",
        "The U.S. attacked.",
    ],
)
def test_us_forms_are_one_actor(nlp, text):
    found, doc = anchors(nlp, text)
    ids = {i for ids in found.values() for i in ids}
    assert ids & {"united-states", "united-states-military"}, found
    assert all(a.startswith("united-states") for a in ids)


def test_spans_carry_actors(nlp):
    doc = nlp("Iran and the United States met in Geneva.")
    spans = doc.spans["kg_actors"]
    assert [s._.actor.id for s in spans][:2] == ["iran", "united-states"]
    assert [s.text for s in spans][:2] == ["Iran", "United States"]
    assert all(s._.actor is not None and s.kb_id_ == s._.actor.id for s in spans)


def test_group_actors(nlp):
    found, _ = anchors(nlp, "The Iraqi military, the Iraqi government and Shia militias met.")
    assert found["military"] == ["iraq-military"]
    assert found["government"] == ["iraq-government"]
    assert found["militias"] == ["shia-militias"]


def test_group_actor_fields(nlp):
    from kg.nlp.actors import anchors_of

    doc = nlp("The Iraqi army advanced.")
    actor = anchors_of(doc)[2].actors[0]
    assert (actor.id, actor.kind, actor.part_of) == ("iraq-military", "Military", "iraq")
    assert actor.label == "Military of Iraq"


def test_leader_administration_is_the_government(nlp):
    found, _ = anchors(nlp, "The Obama administration spoke.")
    assert found["administration"] == ["united-states-government"]


def test_military_instruments_are_the_military(nlp):
    found, _ = anchors(nlp, "US warplanes and American war planners waited.")
    assert found["warplanes"] == ["united-states-military"]
    assert found["planners"] == ["united-states-military"]


def test_titled_official_stands_for_the_country(nlp):
    from kg.nlp.actors import anchors_of

    doc = nlp("Egyptian President Hosni Mubarak arrived.")
    anchor = anchors_of(doc)[3]
    assert [a.id for a in anchor.actors] == ["egypt"]
    assert anchor.text_of(doc, "egypt") == "Egyptian President Hosni Mubarak"


def test_ner_only_actor_has_a_stable_slug(nlp):
    found, _ = anchors(nlp, "Gondor attacked Arnor on Monday.")
    assert found["Gondor"] == ["gondor"] and found["Arnor"] == ["arnor"]


def test_references_within_a_paragraph(nlp):
    found, _ = anchors(nlp, "The US and Iran argued. Both countries remain rivals. They met.")
    assert found["countries"] == ["iran", "united-states"]
    assert found["They"] == ["iran", "united-states"]


def test_it_needs_an_actor_subject(nlp):
    found, _ = anchors(nlp, "Working with Iran helps, but it might hurt Iraq.")
    assert "it" not in found


def test_component_is_available_to_any_spacy_user():
    import spacy

    import kg.nlp.components  # noqa: F401  (what the entry point loads)

    blank = spacy.blank("en")
    blank.add_pipe("kg_actors", config={"use_gazetteer": False})
    from kg.nlp.actors import anchors_of

    doc = blank("Nothing here.")
    assert anchors_of(doc) == {}
    assert list(doc.spans["kg_actors"]) == []
    with pytest.raises(ValueError, match="dependency parser"):  # kg_relations reads the parse
        blank.add_pipe("kg_relations")


@pytest.mark.parametrize(
    "text, label",
    [
        ("Somali jihadists attacked the Kenyan army.", "Somali jihadists"),
        ("Russian advisers met the Syrian government.", "Russian advisers"),
        ("Nigerian servicemen met the Malian government.", "Nigerian servicemen"),
    ],
)
def test_more_group_nouns_make_group_actors(nlp, text, label):
    from kg.nlp.pipeline import extract_text

    labels = {
        lab for m in extract_text(text) for lab in (m.to_json()["subject"]["label"], m.to_json()["object"]["label"])
    }
    assert label in labels, labels


def test_fighters_of_a_known_armed_group_are_the_group(rels):
    found = rels("ISIS fighters attacked Kurdish Peshmerga forces near Kirkuk.")
    assert any(s == "isis" and p == "attacks" for s, p, o, neg, _ in found), found


def test_a_resolution_speaks_for_the_council_that_passed_it(rels):
    found = rels("UN Security Council Resolution 1701 called on Hezbollah to disarm.")
    assert not any(s == "resolution" for s, p, o, neg, _ in found), found
