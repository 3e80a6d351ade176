"""What kg_relations keeps on the Doc is plain data (issue 10): it survives msgpack, ``to_bytes``
and ``DocBin``; and the component refuses a pipeline without a dependency parser."""

from __future__ import annotations

import pytest

pytest_plugins = ["nlp_fixtures"]

TEXT = "Iran attacked Iraq. Chile supports Peru, the Chilean foreign minister said."


def _bare_copy(nlp, doc):
    """A Doc with the same words carrying only kg_relations' records (actors' data left out)."""
    from spacy.tokens import Doc

    copy = Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
    copy._.kg_relations = doc._.kg_relations
    return copy


def test_records_are_msgpack_data_and_rebuild_the_mentions(nlp):
    import srsly

    from kg.nlp.relations.records import mention_from, relations_of

    doc = nlp(TEXT)
    mentions = relations_of(doc)
    assert {(m.subject.id, m.predicate, m.object.id) for m in mentions} >= {
        ("iran", "attacks", "iraq"),
        ("chile", "supports", "peru"),
    }
    back = srsly.msgpack_loads(srsly.msgpack_dumps(doc._.kg_relations))
    assert [mention_from(r) for r in back] == mentions
    assert doc._.relations == mentions  # the read-only attribute users read


def test_the_component_writes_the_records_mention_record_makes(nlp):
    """The component builds its records without making the mentions first: same keys, same order,
    same values as :func:`mention_record` of the mentions they rebuild."""
    from kg.nlp.relations.records import mention_record, relations_of

    doc = nlp(TEXT)
    records = doc._.kg_relations
    assert len(records) >= 2
    again = [mention_record(m, r["features"]) for m, r in zip(relations_of(doc), records)]
    assert [list(r.items()) for r in records] == [list(r.items()) for r in again]


def test_relations_survive_to_bytes_and_docbin(nlp):
    from spacy.tokens import Doc, DocBin

    from kg.nlp.relations.records import relations_of

    doc = _bare_copy(nlp, nlp(TEXT))
    expected = relations_of(doc)
    assert expected
    assert relations_of(Doc(nlp.vocab).from_bytes(doc.to_bytes())) == expected
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    [back] = DocBin(store_user_data=True).from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
    assert relations_of(back) == expected


def test_a_pipeline_without_a_parser_is_refused_at_add_pipe():
    import spacy

    import kg.nlp.components  # noqa: F401  (registers the factories)

    blank = spacy.blank("en")
    blank.add_pipe("kg_actors", config={"use_gazetteer": False})
    with pytest.raises(ValueError, match="dependency parser"):
        blank.add_pipe("kg_relations")


def test_a_doc_without_a_parse_is_refused_at_the_first_call(nlp):
    from kg.nlp.relations import RelationExtractor

    actors, component = nlp.get_pipe("kg_actors"), RelationExtractor(nlp, "kg_relations")
    assert component(actors(nlp.make_doc("")))._.kg_relations == []  # nothing to parse: no error
    with pytest.raises(ValueError, match="dependency parse"):
        component(actors(nlp.make_doc("Iran attacked Iraq.")))  # e.g. the parser disabled
