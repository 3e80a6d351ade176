"""The kg_relations component: one test per phenomenon, on sentences written for these tests."""

from __future__ import annotations

import pytest

pytest_plugins = ["nlp_fixtures"]


def has(found, s, p, o, *, negated=False, hedged=None):
    for fs, fp, fo, fneg, fhed in found:
        if (
            fp == p
            and fneg == negated
            and (hedged is None or fhed == hedged)
            and ((fs, fo) == (s, o) or (p in SYMMETRIC and (fo, fs) == (s, o)))
        ):
            return True
    return False


SYMMETRIC = {
    "alliedWith",
    "cooperatesWith",
    "negotiatesWith",
    "meetsWith",
    "rivalOf",
    "fights",
    "agreesWith",
    "conflictsWith",
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Syria was attacked by Turkey on Sunday.", ("turkey", "attacks", "syria")),  # passive
        ("Turkish jets bombed Kurdish rebels.", ("turkey-military", "attacks", "kurdish-rebels")),
        ("France cooperates with Germany on energy.", ("france", "cooperatesWith", "germany")),  # prep object
        ("Japan signed a trade agreement with India.", ("japan", "agreesWith", "india")),
        ("Mexico refused to meet Guatemala.", ("mexico", "opposes", "guatemala")),  # override
        ("Ethiopia severed ties with Eritrea.", ("ethiopia", "sanctions", "eritrea")),  # reverser
        ("Norway supplied weapons to Ukraine.", ("norway", "aids", "ukraine")),  # dative "to"
        ("The Iraqi army fought ISIS near Mosul.", ("iraq-military", "fights", "isis")),
    ],
)
def test_verbs(rels, text, expected):
    found = rels(text)
    assert has(found, *expected), found


def test_coordination_on_both_sides(rels):
    found = rels("Egypt and Jordan fight the Islamic State.")
    assert has(found, "egypt", "fights", "isis") and has(found, "jordan", "fights", "isis")
    found = rels("Russia fights Ukraine and Georgia.")
    assert has(found, "russia", "fights", "ukraine") and has(found, "russia", "fights", "georgia")


def test_control_verbs_share_the_embedded_relation(rels):
    found = rels("Both France and Spain want the Malian government to defeat Boko Haram.")
    for subject in ("france", "spain", "mali-government"):
        assert has(found, subject, "fights", "boko-haram"), found


def test_participle_compound(rels):
    found = rels("Pakistani-backed militants attacked Indian troops.")
    assert has(found, "pakistan", "supports", "pakistan-backed-militants")
    assert has(found, "pakistan-backed-militants", "attacks", "india-military")


def test_nominalisations(rels):
    assert has(rels("Turkish-Russian cooperation has grown."), "turkey", "cooperatesWith", "russia")
    assert has(rels("Chinese support for North Korea continues."), "china", "supports", "north-korea")
    # the subject of the fight comes from the clause: "play a role in the fight against X"
    assert has(rels("Kenya plays a key role in the fight against al-Shabaab."), "kenya", "fights", "al-shabaab")


def test_stative_relations(rels):
    assert has(rels("India and Pakistan have been at odds for decades."), "india", "conflictsWith", "pakistan")
    assert has(rels("India and Pakistan remain bitter rivals."), "india", "rivalOf", "pakistan")
    assert has(rels("Cuba is hostile to the United States."), "cuba", "opposes", "united-states")


def test_definite_descriptions_refer_back(rels):
    found = rels("Greece and Turkey are old enemies. The two countries still meet every year.")
    assert has(found, "greece", "rivalOf", "turkey")
    assert has(found, "greece", "meetsWith", "turkey")


def test_pronouns_refer_back(rels):
    found = rels("The Japanese government condemned North Korea. It also demanded an apology from Pyongyang.")
    assert has(found, "japan-government", "demands", "north-korea")
    found = rels("Chile and Peru signed a treaty. They later agreed to cooperate with Bolivia.")
    assert has(found, "chile", "cooperatesWith", "bolivia") and has(found, "peru", "cooperatesWith", "bolivia")


def test_negation(rels):
    found = rels("Brazil isn't cooperating with Venezuela.")
    assert has(found, "brazil", "cooperatesWith", "venezuela", negated=True)
    assert not has(found, "brazil", "cooperatesWith", "venezuela", negated=False)
    assert has(rels("Brazil did not sign a deal with Argentina."), "brazil", "agreesWith", "argentina", negated=True)
    assert has(
        rels("Venezuela denied that it was arming Colombian guerrillas."),
        "venezuela",
        "aids",
        "colombia-guerrillas",
        negated=True,
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kenya reportedly supports Somalia.", ("kenya", "supports", "somalia")),
        ("Uganda allegedly armed the rebels in Congo.", ("uganda", "aids", "congo-rebels")),
        ("Critics say Qatar supports Hamas.", ("qatar", "supports", "hamas")),
        ("Saudi Arabia may attack Yemen.", ("saudi-arabia", "attacks", "yemen")),
    ],
)
def test_hedging(rels, text, expected):
    assert has(rels(text), *expected, hedged=True)


def test_attribution_to_a_speaker(nlp):
    from kg.nlp.pipeline import extract_text

    ms = extract_text("Egypt said that Libya attacked Chad.")
    m = next(m for m in ms if m.predicate == "attacks")
    assert (m.subject.id, m.object.id, m.attributed_to.id) == ("libya", "chad", "egypt")


def test_no_self_relations_and_polarity_matches_property(nlp):
    from kg.nlp.pipeline import extract_text
    from kg.rdf.ontology import relation_properties

    ms = extract_text("The US and America fight each other. Iran attacked Iraq and Iraq supported Iran.")
    props = relation_properties()
    assert ms
    assert all(m.subject.id != m.object.id for m in ms)
    assert all(m.polarity == props[m.predicate] for m in ms)
    assert all(0 < m.confidence < 1 for m in ms)


def test_duplicates_in_one_sentence_are_merged(nlp):
    from kg.nlp.pipeline import extract_text

    ms = extract_text("Iran attacked Iraq, and Tehran attacked Baghdad.")
    assert [(m.subject.id, m.object.id) for m in ms if m.predicate == "attacks"] == [("iran", "iraq")]


def test_offsets_point_at_the_sentence(nlp):
    from kg.nlp.pipeline import extract_text

    text = "Nothing happened here.\n\nLater, Iran attacked Iraq. Then peace."
    m = extract_text(text)[0]
    assert text[m.char_start : m.char_end] == m.sentence == "Later, Iran attacked Iraq."


def test_lexicon_is_data_and_every_property_exists():
    from kg.nlp.tables import lexicon
    from kg.rdf.ontology import relation_properties

    lex = lexicon()
    props = relation_properties()
    assert len(lex.entries) > 100
    assert all(e.prop in props for entries in lex.entries.values() for e in entries)


def test_speaker_demands_what_someone_must_do(rels):
    assert has(rels("Russia said on Tuesday that Sudan must return a helicopter."), "russia", "demands", "sudan")
    assert has(rels("Peru demanded that Chile withdraw its ambassador."), "peru", "demands", "chile")


def test_object_inside_an_infinitive(rels):
    assert has(rels("Pakistan has refused to deploy peacekeepers in Iraq."), "pakistan", "opposes", "iraq")
    assert has(rels("Iran threatened to cut off electricity to Armenia."), "iran", "threatens", "armenia")


def test_nested_event_parties(rels):
    found = rels("Chile welcomed the resumption of ties between Peru and Bolivia.")
    assert has(found, "chile", "praises", "peru") and has(found, "chile", "praises", "bolivia")


def test_an_obligation_is_a_demand_not_a_fact(rels):
    assert has(rels("Britain said that Sudan must withdraw its troops."), "united-kingdom", "demands", "sudan")
    # what two parties must do together is about them, not a demand of the speaker on either
    found = rels("Britain said that Sudan and Chad must reach an agreement, and Britain praised Kenya.")
    assert has(found, "united-kingdom", "praises", "kenya"), found
    assert not has(found, "sudan", "agreesWith", "chad")
    assert not any(s == "united-kingdom" and o in ("sudan", "chad") for s, p, o, neg, _ in found), found


def test_a_demanded_action_is_not_a_fact(rels):
    found = rels("The UN voted to demand that Russia withdraw its forces from Ukraine.")
    assert has(found, "united-nations", "demands", "russia")
    assert not has(found, "russia", "yieldsTo", "ukraine")


def test_an_accusation_is_a_hedged_attributed_claim(nlp):
    from kg.nlp.pipeline import extract_text

    ms = extract_text("Israel accused Iran and Syria of arming Hezbollah.")
    claims = {(m.subject.id, m.predicate, m.object.id): m for m in ms}
    assert ("israel", "condemns", "iran") in claims
    claim = claims[("iran", "aids", "hezbollah")]
    assert claim.hedged and claim.attributed_to.id == "israel"
    assert ("syria", "aids", "hezbollah") in claims


def test_raising_passives_are_hedged_claims_about_their_subject(rels):
    assert has(rels("Iran is believed to be arming the Houthis in Yemen."), "iran", "aids", "houthis", hedged=True)


def test_a_cooperation_demanded_is_not_stated_but_a_hostile_call_is(rels):
    found = rels("Bosnian Serbs demanded a truce with the Croatian army, and Serbia condemned Croatia.")
    assert any(p == "condemns" and o == "croatia" for s, p, o, neg, _ in found), found
    assert not any(p == "agreesWith" for s, p, o, neg, _ in found), found
    found = rels("The Kenyan parliament called for sanctions against Sudan.")
    assert any(p == "sanctions" and o == "sudan" for s, p, o, neg, _ in found), found


def test_must_reaches_up_a_predicate_chain(rels):
    found = rels("Egypt said the US must be ready to mediate between Israel and Syria.")
    assert has(found, "egypt", "demands", "united-states"), found
    assert not any(p == "negotiatesWith" and s == "united-states" for s, p, o, neg, _ in found), found


def test_a_reverser_reaches_an_aid_noun_through_of(rels):
    found = rels("Japan suspended part of its development aid program for Myanmar.")
    assert any(p == "sanctions" and o == "myanmar" for s, p, o, neg, _ in found), found
    assert not any(p == "aids" for s, p, o, neg, _ in found), found


def test_a_participle_parsed_as_passive_reads_as_the_adjective(rels):
    found = rels("Hungary is opposed to Austrian membership talks.")
    assert any(s == "hungary" and p == "opposes" and o == "austria" for s, p, o, neg, _ in found), found


def test_withdrawing_envoys_cuts_ties_withdrawing_troops_is_no_relation(rels):
    found = rels("Canada withdrew its weapons inspectors from Venezuela.")
    assert ("canada", "sanctions", "venezuela", False, False) in found, found
    found = rels("Canada will withdraw its troops from Mali, and Canada criticised Chad.")
    assert ("canada", "condemns", "chad", False, False) in found, found
    assert not any(o == "mali" for s, p, o, neg, _ in found), found


def test_a_list_member_parsed_as_an_apposition_is_still_a_subject(rels):
    found = rels("Evil Mordor, the awful Fornost, and good Gondor welcomed talks with Rohan.")
    subjects = {s for s, p, o, neg, _ in found if o == "rohan"}
    assert {"mordor", "fornost", "gondor"} <= {s.replace("evil-", "") for s in subjects}, found


def test_blocking_roads_is_hostile(rels):
    found = rels("Serbian farmers blocked a Hungarian army convoy on Monday.")
    assert any(p == "sanctions" and o == "hungary" for s, p, o, neg, _ in found), found


def test_a_threat_targets_the_subject_of_its_condition(rels):
    found = rels("Russia threatened to halt the talks unless Ukraine withdrew its troops.")
    assert any(s == "russia" and p == "threatens" and o == "ukraine" for s, p, o, neg, _ in found), found


def test_a_statement_condemning_is_its_issuers(rels):
    found = rels("The Kenyan government issued a statement condemning Somalia on Monday.")
    assert any(s == "kenya-government" and p == "condemns" and o == "somalia" for s, p, o, neg, _ in found), found


def test_a_complaint_that_names_its_target_in_the_clause(rels):
    found = rels("Iran complained that Saudi Arabia was arming the rebels.")
    assert any(s == "iran" and p == "condemns" and o == "saudi-arabia" for s, p, o, neg, _ in found), found


def test_a_common_noun_with_a_name_in_apposition_is_that_actor(rels):
    found = rels("The Chilean junta ordered the opposition newspaper La Prensa to close.")
    assert any(p == "demands" and o == "la-prensa" for s, p, o, neg, _ in found), found


def test_a_quantity_read_as_up_to_is_still_the_object(rels):
    found = rels("Afghan rebels have kidnapped up to 16 Russian civilian advisers.")
    assert any(p == "attacks" and o.startswith("russia") for s, p, o, neg, _ in found), found


def test_roads_leading_into_a_country_stand_for_it(rels):
    found = rels("Soldiers from Gondor have cordoned off the roads leading into Mordor.")
    assert any(p == "coerces" and o == "mordor" for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, prop, obj",
    [
        ("Burundian militiamen attacked a camp for Congolese refugees.", "attacks", "congo"),
        ("Serbian police opened an investigation into crimes committed by Croat forces.", "investigates", "croatia"),
        ("Vietnamese forces have retaken a village in Western Cambodia.", "fights", "cambodia"),
    ],
)
def test_objects_found_through_places_and_doers(rels, text, prop, obj):
    found = rels(text)
    assert any(p == prop and o.startswith(obj) for s, p, o, neg, _ in found), found


def test_a_measure_in_a_place_when_no_party_is_named(rels):
    found = rels("The Red Cross suspended aid deliveries in Baghdad.")
    assert any(p == "sanctions" and o == "iraq" for s, p, o, neg, _ in found), found


def test_an_arrest_in_a_state_with_no_agent_is_that_states(rels):
    found = rels("A Canadian journalist was arrested in Iran on Monday.")
    assert any(s == "iran" and p == "coerces" for s, p, o, neg, _ in found), found


def test_a_place_on_the_object_of_an_evacuation(rels):
    found = rels("Israel will evacuate all settlements in the Gaza Strip.")
    assert any(s == "israel" and p == "yieldsTo" for s, p, o, neg, _ in found), found


def test_a_preposition_on_the_participle_of_a_relation_noun(rels):
    found = rels("The European Union lifted the sanctions imposed on Belarus.")
    assert any(p == "yieldsTo" and o == "belarus" for s, p, o, neg, _ in found), found


def test_eased_measures_in_a_place(rels):
    found = rels("Serbia eased emergency measures on Wednesday in Montenegro.")
    assert any(s == "serbia" and p == "yieldsTo" and o == "montenegro" for s, p, o, neg, _ in found), found


def test_disapproval_of_a_policy_is_against_its_owner(rels):
    found = rels("Demonstrators in Baghdad blocked a road to show their disapproval of the United States' policies.")
    assert any(p == "condemns" and o == "united-states" for s, p, o, neg, _ in found), found


def test_a_stative_passive_keeps_its_subject(rels):
    found = rels("Serb forces were engaged in ethnic cleansing against the Albanian population.")
    assert any(s == "serbia-military" and p == "attacks" for s, p, o, neg, _ in found), found


def test_an_effort_to_overthrow_is_its_makers(rels):
    found = rels("The rebels in Chad continued their effort to overthrow the government of President Deby.")
    assert any(p == "coerces" for s, p, o, neg, _ in found), found


def test_a_riot_at_a_jail_in_a_country(rels):
    found = rels("Palestinian prisoners rioted at a jail in northern Israel.")
    assert any(p == "protests" and o == "israel" for s, p, o, neg, _ in found), found


def test_neither_nor_negates(rels):
    found = rels("Neither Iran nor Saudi Arabia supported the Houthis.")
    assert found and all(neg for s, p, o, neg, _ in found), found


def test_refusing_to_break_ties_is_not_opposition(rels):
    found = rels("Qatar has refused to cut ties with Iran, and Qatar condemned Israel.")
    assert any(p == "condemns" and o == "israel" for s, p, o, neg, _ in found), found
    assert not any(p in ("opposes", "sanctions") and o == "iran" and not neg for s, p, o, neg, _ in found), found
    assert any(p == "opposes" and o == "syria" for s, p, o, neg, _ in rels("Jordan refused to meet Syria."))


def test_no_ties_to_is_negated_cooperation(rels):
    found = rels("Hamas has no ties to Iran.")
    assert any(p == "cooperatesWith" and o == "iran" and neg for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, negated, hedged",
    [
        ("India is no longer supplying arms to Myanmar.", True, False),
        ("Egypt rejected claims that it supports Hamas.", True, None),
        ("There is no evidence that Qatar funds Hamas.", True, None),
        ("Reports that Iran armed the Houthis surfaced on Monday.", False, True),
    ],
)
def test_claims_denials_and_endings(rels, text, negated, hedged):
    found = rels(text)
    assert found, text
    assert all(neg == negated and (hedged is None or hed == hedged) for s, p, o, neg, hed in found), found


def test_stopping_a_cooperation_is_a_cut_in_it(rels):
    found = rels("Germany stopped arming the Kurdish Peshmerga.")
    assert ("germany", "sanctions", "kurdish-peshmerga", False, False) in found, found
    assert not any(p == "aids" and not neg for s, p, o, neg, _ in found), found


def test_a_description_backed_by_an_actor_is_about_the_named_actor(rels):
    found = rels("Hezbollah, a Shia militant group backed by Iran, fought Israel in 2006.")
    assert any(s == "iran" and p == "supports" and o == "hezbollah" for s, p, o, neg, _ in found), found


def test_sending_weapons_is_aid_sending_troops_is_not(rels):
    assert any(p == "aids" for s, p, o, neg, _ in rels("France sent weapons to Ukraine."))
    assert not any(p == "aids" for s, p, o, neg, _ in rels("Russia sent troops to Ukraine."))


@pytest.mark.parametrize(
    "text, subj, prop, obj",
    [
        ("Cuba received military aid from the Soviet Union.", "soviet-union", "aids", "cuba"),
        ("Japan occupied Manchuria from 1931 to 1945.", "japan", "attacks", "manchuria"),
        ("Pakistan has long been accused of sheltering the Taliban.", "pakistan", "supports", "taliban"),
    ],
)
def test_encyclopedic_statements(rels, text, subj, prop, obj):
    found = rels(text)
    assert any(s == subj and p == prop and o.startswith(obj) for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The EU sanctioned Russia over its invasion of Ukraine.",
        "Washington imposed new sanctions on Moscow over its invasion of Ukraine.",
    ],
)
def test_its_in_a_reason_is_the_party_acted_on(rels, text):
    found = rels(text)
    assert any(s == "russia" and p == "attacks" and o == "ukraine" for s, p, o, neg, _ in found), found
    assert not any(s != "russia" and p == "attacks" for s, p, o, neg, _ in found), found


def test_warned_someone_against_something(rels):
    found = rels("Beijing warned Taipei against any move toward independence.")
    assert any(s == "china" and p == "threatens" and o == "taiwan" for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The ILO reiterated its demand that Israel ease restrictions on Palestinian workers.",
        "The ILO repeated its demand that Israel should ease the blockade of Gaza.",
    ],
)
def test_what_a_demand_asks_for_is_not_done(rels, text):
    found = rels(text)
    assert any(p == "demands" and o == "israel" for s, p, o, neg, _ in found), found
    assert not any(p == "yieldsTo" and s == "israel" for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, prop, obj",
    [
        ("The US lifted the embargo on arms sales to Vietnam.", "yieldsTo", "vietnam"),
        ("The EU imposed a ban on oil imports from Russia.", "sanctions", "russia"),
    ],
)
def test_a_measure_on_trade_is_about_the_trading_partner(rels, text, prop, obj):
    found = rels(text)
    assert any(p == prop and o == obj for s, p, o, neg, _ in found), found


@pytest.mark.parametrize(
    "text, subj, obj",
    [
        ("A suspected Israeli strike hit an Iranian convoy in Syria.", "israel-military", None),
        ("Qatar, which is thought to back Hamas, denied the report.", "qatar", "hamas"),
        ("Russia is unlikely to attack NATO.", "russia", "north-atlantic-treaty-organization"),
    ],
)
def test_more_hedges(rels, text, subj, obj):
    found = rels(text)
    assert any(s == subj and (obj is None or o == obj) and hed for s, p, o, neg, hed in found), found
