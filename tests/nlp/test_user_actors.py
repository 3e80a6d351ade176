"""A user's own actors file (Turtle or CSV) laid over the gazetteer: the ``kg_actors`` ``actors`` setting."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDFS

from kg.errors import InputError
from kg.nlp.gazetteer import load_gazetteer
from kg.nlp.user_actors import load_user_actors, with_user_actors
from kg.rdf.namespace import ID_BASE, KG_NS

CSV = """name,aliases,kind,part-of,wikidata
Freedonian Liberation Front,FLF;the Front,ArmedGroup,Iran,
Sylvanian Border Guard,,Military,sylvania,Q4242
"""

TTL = f"""@prefix kg: <{KG_NS}> .
@prefix actor: <{ID_BASE}actor/> .
@prefix rdfs: <{RDFS}> .
actor:freedonia a kg:State ; rdfs:label "Freedonia"@en ; kg:demonym "Freedonian"@en .
"""


def _blank(**config):
    import spacy

    import kg.nlp.components  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("kg_actors", config=config)
    return nlp


def _ids(nlp, text):
    doc = nlp(text)
    return [(s.text, s.kb_id_) for s in doc.spans["kg_actors"]]


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_csv_actors_are_recognised_beside_the_shipped_ones(csv_file):
    nlp = _blank(actors=str(csv_file))
    assert _ids(nlp, "The FLF attacked Iran.") == [("FLF", "freedonian-liberation-front"), ("Iran", "iran")]
    actor = nlp.get_pipe("kg_actors").gaz.get("freedonian-liberation-front")
    assert (actor.kind, actor.part_of, actor.aliases) == ("ArmedGroup", "iran", ("FLF", "the Front"))
    guard = nlp.get_pipe("kg_actors").gaz.get("sylvanian-border-guard")
    assert (guard.kind, guard.wikidata, guard.part_of) == ("Military", "Q4242", "sylvania")


def test_turtle_actors_file(tmp_path):
    path = tmp_path / "mine.ttl"
    path.write_text(TTL, encoding="utf-8")
    nlp = _blank(actors=str(path))
    assert _ids(nlp, "Freedonia warned Iran.") == [("Freedonia", "freedonia"), ("Iran", "iran")]


def test_a_users_form_wins_over_the_shipped_one(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Tehran City Council,Tehran,Organization,,\n", encoding="utf-8")
    merged = with_user_actors(load_gazetteer(), load_user_actors(path))
    assert merged.lookup("Tehran").actor.id == "tehran-city-council"
    assert merged.lookup("Iran").actor.id == "iran"  # the rest of the gazetteer is kept


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Freedonia,,Kingdom,,", "unknown kind 'Kingdom'"),
        ("Freedonia,,State,,42", "'42' is not a Wikidata id"),
        ("Freedonia,,State,,Q1,extra", "6 columns"),
        (",Free,State,,", "the name is empty"),
        ("!!!,,State,,", "the name is empty"),
    ],
)
def test_a_bad_row_names_the_file_and_the_line(tmp_path, row, problem):
    path = tmp_path / "bad.csv"
    path.write_text(f"name,aliases,kind,part-of,wikidata\nSylvania,,State,,\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad\.csv: line 3: .*{problem}"):
        load_user_actors(path)


def test_duplicate_and_empty_and_hostile_files(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("Sylvania,,State,,\nsylvania,,State,,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"dup\.csv: line 2: .*listed twice"):
        load_user_actors(dup)
    empty = tmp_path / "empty.csv"
    empty.write_text("name,aliases,kind,part-of,wikidata\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.csv: no actors"):
        load_user_actors(empty)
    junk = tmp_path / "junk.csv"
    junk.write_bytes(b"\xff\xfe\x00\x81binary")
    with pytest.raises(InputError, match=r"junk\.csv: cannot read"):
        load_user_actors(junk)
    broken = tmp_path / "broken.ttl"
    broken.write_text("actor:x a kg:State ;;; <", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl: not valid Turtle"):
        load_user_actors(broken)
    foreign = tmp_path / "foreign.ttl"
    foreign.write_text('<http://example.org/x> <http://example.org/p> "Iran" .', encoding="utf-8")
    with pytest.raises(InputError, match=r"foreign\.ttl: no actors in the file"):
        load_user_actors(foreign)
    other = tmp_path / "actors.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"actors\.json: an actors file is Turtle \(\.ttl\) or CSV"):
        load_user_actors(other)


def test_a_missing_file_is_a_one_line_error_at_the_first_doc(tmp_path):
    nlp = _blank(actors=str(tmp_path / "nowhere.csv"))
    with pytest.raises(InputError, match="nowhere.csv: no such actors file"):
        nlp("Iran.")


def test_use_actors_file_checks_at_once(tmp_path, csv_file):
    nlp = _blank()
    bad = tmp_path / "bad.csv"
    bad.write_text("Sylvania,,Kingdom,,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv: line 1"):
        nlp.get_pipe("kg_actors").use_actors_file(bad)
    nlp.get_pipe("kg_actors").use_actors_file(csv_file)
    assert ("FLF", "freedonian-liberation-front") in _ids(nlp, "The FLF attacked Iran.")


def test_saved_pipeline_keeps_the_users_actors(tmp_path, csv_file):
    import spacy

    nlp = _blank(actors=str(csv_file))
    nlp.to_disk(tmp_path / "pipeline")
    csv_file.unlink()  # the saved pipeline carries its own copy
    loaded = spacy.util.load_model(tmp_path / "pipeline")
    assert _ids(loaded, "The FLF attacked Iran.") == [("FLF", "freedonian-liberation-front"), ("Iran", "iran")]
