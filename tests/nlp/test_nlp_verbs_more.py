"""Lexicon coverage: violence, coercion and concession verbs (sentences written for these tests)."""

from __future__ import annotations

import pytest

pytest_plugins = ["nlp_fixtures"]


@pytest.mark.parametrize(
    "text, subj, prop, obj",
    [
        ("Peruvian soldiers tortured Bolivian prisoners last year.", "peru-military", "attacks", None),
        ("Kenyan police confiscated rifles from Somali smugglers.", None, "coerces", None),
        ("Chile will allow Argentine observers to inspect the border posts.", "chile", "yieldsTo", None),
        ("Boko Haram fighters wounded three Nigerian soldiers near the border.", None, "attacks", "nigeria-military"),
    ],
)
def test_more_verbs(rels, text, subj, prop, obj):
    found = rels(text)
    assert any(p == prop and (subj is None or s == subj) and (obj is None or o == obj) for s, p, o, neg, _ in found), (
        found
    )


def test_relation_noun_qualifying_a_generic_noun(rels):
    found = rels("Norway launched a mediation mission between Colombia and Venezuela.")
    objs = {o for s, p, o, neg, _ in found if s == "norway" and p == "negotiatesWith"}
    assert objs == {"colombia", "venezuela"}


def test_groups_in_a_country(rels):
    # the opposition groups are a group actor based in Belarus, not the Belarusian state
    found = rels("Opposition groups in Belarus condemned Lukashenko on Sunday.")
    assert any(s.startswith("belarus-") and p == "condemns" for s, p, o, neg, _ in found), found
    assert not any(s == "belarus" for s, p, o, neg, _ in found), found


def test_a_list_parsed_as_apposition_is_coordination(rels):
    found = rels("Peru, the Philippines, Chile and Japan condemned North Korea on Monday.")
    subjects = {s for s, p, o, neg, _ in found if p == "condemns"}
    assert {"peru", "philippines", "chile", "japan"} <= subjects, found


def test_a_demand_that_someone_act(rels):
    found = rels("The European Union repeated its demand that Belarus release the detained journalists.")
    assert any(p == "demands" and o == "belarus" for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rebels in Chad tried to overthrow President Idriss Deby.", "conflict"),
        ("The Kenyan police pressured Somali refugees to leave the camp.", "conflict"),
        ("A Zambian judge ordered Malawi's former minister to appear in court.", "conflict"),
        ("Kurdish students rallied in defiance of the Turkish government.", "conflict"),
        ("Bolivian farmers called on the Peruvian government to reopen the border.", "conflict"),
    ],
)
def test_more_event_verbs_and_nouns(pairs, text, expected):
    assert expected in {pol for _, pol, _ in pairs(text)}


def test_a_protest_with_no_target_is_against_the_state_it_happens_in(rels):
    found = rels("Hundreds of Kurdish students demonstrated in Ankara on Tuesday.")
    assert any(p == "protests" and o == "turkey" for s, p, o, neg, _ in found), found


def test_a_protest_place_gives_way_to_a_named_target(rels):
    found = rels("Kurdish students demonstrated in Ankara against the Iraqi government.")
    assert any(p == "protests" and o == "iraq-government" for s, p, o, neg, _ in found), found
    assert not any(o == "turkey" for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, prop",
    [
        ("The Malian junta declared a state of emergency in Timbuktu.", "coerces"),
        ("The Malian junta lifted the state of emergency in Timbuktu.", "yieldsTo"),
    ],
)
def test_a_measure_in_a_place_and_its_relief(rels, text, prop):
    found = rels(text)
    assert any(p == prop for s, p, o, neg, _ in found), found
