"""The actor gazetteer (kg/data/actors.ttl) and its lookup (kg.nlp.gazetteer)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from kg.errors import InputError
from kg.nlp.gazetteer import Entry, Gazetteer, load_gazetteer, normalize
from kg.rdf.iris import slugify
from kg.rdf.namespace import ID_BASE, KG_NS
from kg.rdf.ontology import ontology_path


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    "text",
    [
        "US",
        "U.S.",
        "USA",
        "U.S.A.",
        "the United States",
        "United States",
        "The United States",
        "America",
        "American",
        "Americans",
        "United States of America",
        "the U.S.'s",
        "America’s",
    ],
)
def test_us_variants_are_one_actor(gaz, text):
    assert gaz.lookup(text).actor.id == "united-states"


@pytest.mark.parametrize(
    "text",
    [
        "ISIS",
        "ISIL",
        "IS",
        "Islamic State",
        "the Islamic State",
        "Islamic State of Iraq and Syria",
        "Islamic State of Iraq and the Levant",
        "Daesh",
        "DAESH",
        "ISIS’s",
    ],
)
def test_isis_variants_are_one_actor(gaz, text):
    assert gaz.lookup(text).actor.id == "isis"


@pytest.mark.parametrize("text", ["us", "Us", "is", "who", "un", "eu"])
def test_short_acronyms_need_their_case(gaz, text):
    assert gaz.lookup(text) is None


def test_demonyms_and_metonyms_are_marked(gaz):
    e = gaz.lookup("Iranian")
    assert (e.actor.id, e.form_kind) == ("iran", "demonym")
    assert gaz.lookup("Iraqi").actor.id == "iraq"
    assert gaz.lookup("British").actor.id == "united-kingdom"
    assert gaz.lookup("Saudi").actor.id == "saudi-arabia"
    assert gaz.lookup("Israeli").actor.id == "israel"
    for city, actor in [
        ("Washington", "united-states"),
        ("Tehran", "iran"),
        ("Moscow", "russia"),
        ("Beijing", "china"),
        ("London", "united-kingdom"),
        ("Kyiv", "ukraine"),
        ("Kiev", "ukraine"),
    ]:
        e = gaz.lookup(city)
        assert (e.actor.id, e.form_kind) == (actor, "metonym"), city


@pytest.mark.parametrize(
    "text,actor",
    [
        ("the Netherlands", "netherlands"),
        ("Holland", "netherlands"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
        ("Côte d’Ivoire", "cote-d-ivoire"),
        ("Cote d'Ivoire", "cote-d-ivoire"),
        ("Ivory Coast", "cote-d-ivoire"),
        ("Britain", "united-kingdom"),
        ("UK", "united-kingdom"),
        ("Great Britain", "united-kingdom"),
        ("Russian Federation", "russia"),
        ("Republic of Korea", "south-korea"),
        ("DPRK", "north-korea"),
        ("al Qaeda", "al-qaeda"),
        ("Al-Qaida", "al-qaeda"),
        ("Guinea Bissau", "guinea-bissau"),
        ("Hizbollah", "hezbollah"),
        ("Ansar Allah", "houthis"),
        ("NATO", "north-atlantic-treaty-organization"),
        ("Nato", "north-atlantic-treaty-organization"),
        ("the UN", "united-nations"),
        ("European Union", "european-union"),
        ("Türkiye", "turkey"),
        ("Turkey", "turkey"),
        ("Georgia", "georgia"),
        ("Jordan", "jordan"),
        ("Chad", "chad"),
    ],
)
def test_names(gaz, text, actor):
    assert gaz.lookup(text).actor.id == actor


def test_a_named_military_is_its_states_military_organ(gaz):
    from kg.nlp.actors.groups import organ

    for name, state in (("Tatmadaw", "myanmar"), ("ENDF", "ethiopia"), ("U.S. Africa Command", "united-states")):
        actor = gaz.lookup(name).actor
        assert actor == replace(organ(gaz.actors[state], "Military"), aliases=actor.aliases), name


def test_unknown_names(gaz):
    assert gaz.lookup("Shia militias") is None
    assert gaz.lookup("") is None
    assert gaz.lookup("   ") is None


def test_every_actor_has_a_label_slug_and_valid_ids(gaz):
    labels = [a.label for a in gaz.actors.values()]
    assert len(labels) == len(set(labels)), "two actors share a label"
    for actor in gaz.actors.values():
        organ = actor.part_of and actor.label == f"Military of {gaz.actors[actor.part_of].label}"
        # a state's named military ("Tatmadaw") is the organ the group rules make: <state>-military
        assert actor.label and actor.id == (f"{actor.part_of}-military" if organ else slugify(actor.label))
        assert actor.kind in {"State", "Organization", "ArmedGroup", "Military"}
        if actor.wikidata is not None:
            assert re.fullmatch(r"Q\d+", actor.wikidata), actor
        if actor.kind == "State":
            assert actor.wikidata, f"state without QID: {actor.id}"
        for ref in (actor.part_of, actor.based_in):
            assert ref is None or ref in gaz.actors


def test_no_surface_form_names_two_actors(gaz):
    seen: dict[str, str] = {}
    for e in gaz.entries:
        key = normalize(e.form).casefold()
        assert seen.setdefault(key, e.actor.id) == e.actor.id, e.form


def test_every_form_finds_its_own_actor(gaz):
    for e in gaz.entries:
        assert gaz.lookup(e.form).actor.id == e.actor.id, e.form
        if not e.form.lower().startswith("the "):
            assert gaz.lookup(f"the {e.form}").actor.id == e.actor.id, e.form
        if not e.form.endswith("'s"):
            assert gaz.lookup(f"{e.form}’s").actor.id == e.actor.id, e.form


def test_persian_gulf_is_not_iran(gaz):
    assert gaz.lookup("Persian") is None


def test_known_ids(gaz):
    expected = {
        "united-states": ("Q30", "USA"),
        "iran": ("Q794", "IRN"),
        "iraq": ("Q796", "IRQ"),
        "syria": ("Q858", "SYR"),
        "israel": ("Q801", "ISR"),
        "russia": ("Q159", "RUS"),
        "china": ("Q148", "CHN"),
        "united-kingdom": ("Q145", "GBR"),
        "france": ("Q142", "FRA"),
        "germany": ("Q183", "DEU"),
        "saudi-arabia": ("Q851", "SAU"),
        "turkey": ("Q43", "TUR"),
        "ukraine": ("Q212", "UKR"),
        "afghanistan": ("Q889", "AFG"),
    }
    for actor_id, (qid, cameo) in expected.items():
        a = gaz.actors[actor_id]
        assert (a.wikidata, a.cameo, a.kind) == (qid, cameo, "State")
    assert gaz.actors["isis"].wikidata == "Q2429253"
    assert gaz.actors["isis"].kind == "ArmedGroup"
    assert gaz.actors["united-nations"].wikidata == "Q1065"
    assert gaz.actors["north-atlantic-treaty-organization"].kind == "Organization"


def test_all_un_members_present(gaz):
    states = [a for a in gaz.actors.values() if a.kind == "State"]
    assert len(states) >= 193 + 4
    for name in [
        "Tuvalu",
        "Eswatini",
        "South Sudan",
        "North Macedonia",
        "Timor-Leste",
        "Micronesia",
        "Saint Vincent and the Grenadines",
        "São Tomé and Príncipe",
        "Palestine",
        "Holy See",
        "Taiwan",
        "Kosovo",
    ]:
        assert gaz.lookup(name).actor.kind == "State", name


def test_actor_aliases_include_all_forms(gaz):
    us = gaz.actors["united-states"]
    assert {"US", "U.S.", "America", "American", "Washington"} <= set(us.aliases)
    assert us.label not in us.aliases


def test_patterns_for_entity_ruler(gaz):
    pats = gaz.patterns()
    by_id = {}
    for p in pats:
        assert set(p) == {"label", "pattern", "id"}
        assert p["label"] in {"label", "alias", "demonym", "metonym"}
        assert p["id"] in gaz.actors
        by_id.setdefault(p["id"], []).append(p["pattern"])
    assert [{"ORTH": "US"}] in by_id["united-states"]
    assert [{"ORTH": "U.S."}] in by_id["united-states"]
    assert [{"LOWER": "washington"}] in by_id["united-states"]
    assert [{"ORTH": "IS"}] in by_id["isis"]
    assert [{"LOWER": "isis"}] in by_id["isis"]
    assert [{"LOWER": "al"}, {"LOWER": "qaeda"}] in by_id["al-qaeda"]
    assert [{"LOWER": "al"}, {"LOWER": "-"}, {"LOWER": "qaeda"}] in by_id["al-qaeda"]


def test_patterns_work_in_spacy(gaz):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(gaz.patterns())
    doc = nlp(
        "Both the U.S. and Iran say Iranian-backed militias fight ISIS; Washington and al-Qaeda too, "
        "but us and them and the Netherlands’ Côte d’Ivoire policy."
    )
    found = {(e.text, e.ent_id_) for e in doc.ents}
    assert ("U.S.", "united-states") in found
    assert ("Iran", "iran") in found
    assert ("Iranian", "iran") in found
    assert ("ISIS", "isis") in found
    assert ("Washington", "united-states") in found
    assert ("al-Qaeda", "al-qaeda") in found
    assert ("Netherlands", "netherlands") in found
    assert ("Côte d’Ivoire", "cote-d-ivoire") in found
    assert not any(e.text == "us" for e in doc.ents)


def test_file_parses_with_rdflib():
    from rdflib import RDF, Graph, Namespace

    g = Graph().parse(ontology_path("actors.ttl"))
    kg = Namespace(KG_NS)
    assert len(set(g.subjects(RDF.type, kg.State))) >= 197


def test_bad_gazetteer_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"@prefix kg: <{KG_NS}> .\nthis is not turtle", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl.*not valid Turtle"):
        load_gazetteer(bad)
    with pytest.raises(InputError, match="missing.ttl"):
        load_gazetteer(tmp_path / "missing.ttl")


def test_custom_gazetteer(tmp_path):
    f = tmp_path / "mini.ttl"
    f.write_text(
        f"""@prefix kg: <{KG_NS}> .
@prefix actor: <{ID_BASE}actor/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
actor:freedonia a kg:State ; rdfs:label "Freedonia"@en ; kg:demonym "Freedonian"@en ;
    skos:altLabel "FR"@en .
""",
        encoding="utf-8",
    )
    gaz = load_gazetteer(f)
    assert list(gaz.actors) == ["freedonia"]
    assert gaz.lookup("Freedonian") == Entry(gaz.actors["freedonia"], "Freedonian", "demonym")
    assert gaz.actors["freedonia"].wikidata is None
