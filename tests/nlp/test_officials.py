"""Officials and titles stand for their state or organisation; the label stays the words as written."""

from __future__ import annotations

import pytest
from handbuilt import actors_by_token, parse

pytest_plugins = ["nlp_fixtures", "actor_fixtures"]


def labelled(doc):
    """``{anchor token: [(actor id, printed label)]}``."""
    from kg.nlp.actors import anchors_of

    return {doc[i].text: [(a.id, an.text_of(doc, a.id)) for a in an.actors] for i, an in anchors_of(doc).items()}


def test_a_title_qualified_by_a_state(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "Iranian/ADJ/amod/2 Foreign/PROPN/compound/2 Minister/PROPN/compound/4 "
            "Javad/PROPN/compound/4 Zarif/PROPN/nsubj/5 spoke/VERB/ROOT/5",
            ents={"Iranian": "NORP", "Javad Zarif": "PERSON"},
        )
    )
    assert labelled(doc)["Zarif"] == [("iran", "Iranian Foreign Minister Javad Zarif")]


def test_a_title_qualified_by_an_organisation(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "Hezbollah/PROPN/compound/1 leader/NOUN/compound/3 Hassan/PROPN/compound/3 "
            "Nasrallah/PROPN/nsubj/4 spoke/VERB/ROOT/4",
            ents={"Hezbollah": "ORG", "Hassan Nasrallah": "PERSON"},
        )
    )
    assert actors_by_token(doc) == {"Nasrallah": ["hezbollah"]}


def test_an_office_that_names_its_state(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "Secretary/PROPN/nmod/4 of/ADP/prep/0 State/PROPN/pobj/1 John/PROPN/compound/4 "
            "Kerry/PROPN/nsubj/5 spoke/VERB/ROOT/5",
            ents={"State": "ORG", "John Kerry": "PERSON"},
        )
    )
    # "State" is part of the title, not an organisation
    assert labelled(doc) == {"Kerry": [("united-states", "Secretary of State John Kerry")]}


def test_a_known_leader_alone_is_his_state(recognizer):
    doc = recognizer(parse(recognizer.vocab, "Erdoğan/PROPN/nsubj/1 spoke/VERB/ROOT/1", ents={"Erdoğan": "PERSON"}))
    assert actors_by_token(doc) == {"Erdoğan": ["turkey"]}


def test_the_emir_of_a_state(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/1 Emir/PROPN/nsubj/4 of/ADP/prep/1 Qatar/PROPN/pobj/2 spoke/VERB/ROOT/4",
            ents={"Qatar": "GPE"},
        )
    )
    assert labelled(doc) == {"Emir": [("qatar", "Emir of Qatar")]}


def test_plural_officials_stay_the_government(recognizer):
    doc = recognizer(
        parse(recognizer.vocab, "Iranian/ADJ/amod/1 officials/NOUN/nsubj/2 spoke/VERB/ROOT/2", ents={"Iranian": "NORP"})
    )
    assert actors_by_token(doc) == {"officials": ["iran-government"]}


def test_a_person_without_a_title_owner_stays_a_person(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "President/PROPN/compound/1 Gbagbo/PROPN/nsubj/2 spoke/VERB/ROOT/2",
            ents={"Gbagbo": "PERSON"},
        )
    )
    from kg.nlp.actors import anchors_of

    [actor] = anchors_of(doc)[1].actors
    assert (actor.id, actor.kind, actor.label) == ("gbagbo", "Person", "President Gbagbo")


def test_leader_values_are_gazetteer_actors():
    from kg.nlp.actors.words import noun_tables
    from kg.nlp.gazetteer import load_gazetteer

    tables, gaz = noun_tables(), load_gazetteer()
    assert all(gaz.get(v) is not None for v in (*tables.leaders.values(), *tables.offices.values()))


@pytest.mark.parametrize(
    "text, token, actor, label",
    [
        (
            "U.S. Secretary of State Antony Blinken condemned the coup.",
            "Blinken",
            "united-states",
            "U.S. Secretary of State Antony Blinken",
        ),
        (
            "Russia's Foreign Minister Sergei Lavrov met Chinese officials.",
            "Lavrov",
            "russia",
            "Russia's Foreign Minister Sergei Lavrov",
        ),
        ("President Obama criticized Putin.", "Putin", "russia", "Putin"),
        ("The Kremlin accused the Pentagon of lying.", "Kremlin", "russia", "Kremlin"),
        ("Iran warned Israel. The foreign minister said Tehran would respond.", "minister", "iran", "foreign minister"),
        (
            "President Yoweri Museveni of Uganda met rebel leaders.",
            "Museveni",
            "uganda",
            "President Yoweri Museveni of Uganda",
        ),
    ],
)
def test_officials_end_to_end(nlp, text, token, actor, label):
    found = labelled(nlp(text))
    assert (actor, label) in found[token], found


def test_an_official_and_his_state_are_one_node(rels):
    found = rels("Secretary of State John Kerry met Iranian Foreign Minister Mohammad Javad Zarif in Geneva.")
    assert ("united-states", "meetsWith", "iran", False, False) in found, found


def test_a_title_with_for_stays_in_the_label_and_federal_is_no_name(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "The/DET/det/2 Federal/PROPN/compound/2 Minister/PROPN/nsubj/7 for/ADP/prep/2 "
            "Interior/PROPN/pobj/3 Aftab/PROPN/compound/6 Sherpao/PROPN/appos/2 spoke/VERB/ROOT/7",
            ents={"Aftab Sherpao": "PERSON"},
        )
    )
    assert labelled(doc) == {"Sherpao": [("aftab-sherpao", "Federal Minister for Interior Aftab Sherpao")]}


def test_a_title_describing_a_person_is_no_reference(nlp):
    found = labelled(nlp("The US recognized Juan Guaidó, the Venezuelan opposition leader, as interim president."))
    # "the ... leader" describes Guaidó: it is not the US's official
    assert [
        tok
        for tok, pairs in found.items()
        if ("united-states", "US") not in pairs and any(a == "united-states" for a, _ in pairs)
    ] == [], found
