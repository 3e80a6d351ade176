"""Actor names: which words name which actor (longer names, acronyms, parentheses)."""

from __future__ import annotations

from handbuilt import actors_by_token, parse

pytest_plugins = ["nlp_fixtures", "actor_fixtures"]


def spans(doc):
    return [(s.text, s.kb_id_) for s in doc.spans["kg_actors"]]


def test_a_longer_organisation_name_wins_over_a_state_inside_it(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/2 Democratic/PROPN/compound/2 Forces/PROPN/nsubj/7 for/ADP/prep/2 "
            "the/DET/det/5 Liberation/PROPN/pobj/3 of/ADP/prep/5 Rwanda/PROPN/pobj/6 "
            "fought/VERB/ROOT/7",
            ents={"Democratic Forces for the Liberation of Rwanda": "ORG"},
        )
    )
    assert spans(doc) == [
        ("Democratic Forces for the Liberation of Rwanda", "democratic-forces-for-the-liberation-of-rwanda")
    ]


def test_a_bank_of_a_state_is_the_bank(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/1 Bank/PROPN/nsubj/4 of/ADP/prep/1 Russia/PROPN/pobj/2 acted/VERB/ROOT/4",
            ents={"Bank of Russia": "ORG"},
        )
    )
    assert spans(doc) == [("Bank of Russia", "bank-of-russia")]


def test_an_organ_named_with_of_stays_the_state_organ(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/1 Government/PROPN/nsubj/4 of/ADP/prep/1 Iraq/PROPN/pobj/2 protested/VERB/ROOT/4",
            ents={"Government of Iraq": "ORG"},
        )
    )
    assert actors_by_token(doc) == {"Government": ["iraq-government"]}


def test_an_acronym_in_parentheses_is_the_same_actor(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/3 Islamic/PROPN/compound/3 Courts/PROPN/compound/3 Union/PROPN/nsubj/8 "
            "(/PUNCT/punct/3 ICU/PROPN/appos/3 )/PUNCT/punct/3 later/ADV/advmod/8 split/VERB/ROOT/8 "
            "and/CCONJ/cc/8 the/DET/det/11 ICU/PROPN/nsubj/12 lost/VERB/conj/8",
            ents={"Islamic Courts Union": "ORG", "ICU": "ORG"},
        )
    )
    # the definition "(ICU)" is no mention of its own; the later "ICU" is the union
    assert spans(doc) == [("Islamic Courts Union", "islamic-courts-union"), ("ICU", "islamic-courts-union")]
    assert [s.start for s in doc.spans["kg_actors"]] == [1, 11]


def test_a_closing_parenthesis_is_cut_from_a_name(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/3 House/PROPN/compound/3 of/ADP/prep/1 Representatives/PROPN/nsubj/6 "
            "(/PUNCT/punct/3 HoR/PROPN/appos/3 won/VERB/ROOT/6",
            ents={"House of Representatives ( HoR": "ORG"},
        )
    )
    assert spans(doc)[0] == ("House of Representatives", "house-of-representatives")


def test_a_parenthesis_inside_a_name_stays(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "the/DET/det/4 Umma/PROPN/compound/4 (/PUNCT/punct/4 Nation/PROPN/appos/1 "
            ")/PUNCT/punct/4 party/NOUN/nsubj/5 protested/VERB/ROOT/5",
            ents={"Umma ( Nation ) party": "ORG"},
        )
    )
    assert spans(doc)[0][0] == "Umma (Nation) party"


def test_acronyms_end_to_end(nlp):
    doc = nlp(
        "The National Movement for the Liberation of Azawad (MNLA) fought the Malian army. Later the MNLA lost Gao."
    )
    ids = {s.text: s.kb_id_ for s in doc.spans["kg_actors"]}
    assert ids["MNLA"] == ids["National Movement for the Liberation of Azawad"]


def test_the_pentagon_and_the_kremlin_are_their_states(nlp):
    doc = nlp("The Pentagon said the Kremlin had lied.")
    assert {s.kb_id_ for s in doc.spans["kg_actors"]} == {"united-states", "russia"}


def test_a_description_beside_a_name_is_that_name(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "Iran/PROPN/nsubj/1 funds/VERB/ROOT/1 Hezbollah/PROPN/dobj/1 ,/PUNCT/punct/2 "
            "a/DET/det/7 Shia/PROPN/nmod/7 militant/ADJ/amod/7 group/NOUN/appos/2",
            ents={"Iran": "GPE", "Hezbollah": "ORG", "Shia": "NORP"},
        )
    )
    assert actors_by_token(doc) == {"Iran": ["iran"], "Hezbollah": ["hezbollah"], "group": ["hezbollah"]}


def test_a_clause_after_a_comma_is_no_apposition(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "In/ADP/prep/7 support/NOUN/pobj/0 of/ADP/prep/1 Somalia/PROPN/pobj/2 ,/PUNCT/punct/7 "
            "U.S./PROPN/compound/6 forces/NOUN/nsubj/7 acted/VERB/ROOT/7",
            ents={"Somalia": "GPE", "U.S.": "GPE"},
        )
    )
    assert actors_by_token(doc)["forces"] == ["united-states-military"]


def test_no_label_ends_inside_a_parenthesis(nlp):
    from kg.nlp.actors import anchors_of

    doc = nlp("The main rebel group, the Forces for Defence of Democracy (FDD), demanded talks.")
    labels = {a.text_of(doc, x.id) for a in anchors_of(doc).values() for x in a.actors}
    assert labels and not any("(" in lab for lab in labels if lab), labels


def test_a_reporter_of_a_newspaper_is_a_person(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "The/DET/det/3 Times/PROPN/poss/3 's/PART/case/1 Helene/PROPN/compound/4 "
            "Cooper/PROPN/nsubj/5 reports/VERB/ROOT/5",
            ents={"The Times 's Helene Cooper": "ORG"},
        )
    )
    from kg.nlp.actors import anchors_of

    assert [(a.id, a.kind) for an in anchors_of(doc).values() for a in an.actors] == [("helene-cooper", "Person")]


def test_an_acronym_qualifying_a_relation_noun_is_its_party(recognizer):
    doc = recognizer(
        parse(recognizer.vocab, "the/DET/det/3 brutal/ADJ/amod/3 ZLA/PROPN/compound/3 bombing/NOUN/ROOT/3")
    )
    assert actors_by_token(doc) == {"ZLA": ["zla"]}  # an acronym no gazetteer knows


def test_a_multiword_name_matches_only_capitalised(recognizer):
    doc = recognizer(
        parse(recognizer.vocab, "they/PRON/nsubj/1 want/VERB/ROOT/1 an/DET/det/4 Islamic/ADJ/amod/4 state/NOUN/dobj/1")
    )
    assert actors_by_token(doc) == {}
    doc = recognizer(
        parse(recognizer.vocab, "the/DET/det/2 Islamic/PROPN/compound/2 State/PROPN/nsubj/3 fled/VERB/ROOT/3")
    )
    assert actors_by_token(doc) == {"State": ["isis"]}


def test_a_noun_after_a_name_without_a_comma_is_no_apposition(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "He/PRON/nsubj/1 told/VERB/ROOT/1 VOA/PROPN/dative/1 the/DET/det/5 "
            "al-Shabab/PROPN/compound/5 group/NOUN/appos/2 attacked/VERB/conj/1",
            ents={"VOA": "ORG"},
        )
    )
    assert "voa" not in actors_by_token(doc).get("group", [])


def test_rebel_forces_of_a_state_are_rebels(recognizer):
    doc = recognizer(
        parse(
            recognizer.vocab,
            "Syrian/ADJ/amod/2 rebel/NOUN/compound/2 forces/NOUN/nsubj/3 advanced/VERB/ROOT/3",
            ents={"Syrian": "NORP"},
        )
    )
    assert actors_by_token(doc) == {"rebel": ["syria-rebels"]}
