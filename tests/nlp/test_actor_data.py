"""kg_actors keeps only serialisable data on the Doc: it survives to_bytes, DocBin, n_process=2
and a saved pipeline (issue 10, spaCy citizenship)."""

from __future__ import annotations

import pytest

from kg.rdf.namespace import ID_BASE, KG_NS

pytest_plugins = ["nlp_fixtures"]

TEXTS = [
    "Iran backs Shia militias in Iraq.",
    "The US and Iran met in Geneva. They fight ISIS.",
    "The Iraqi army and Hezbollah fighters attacked ISIS.",
]

FREEDONIA = f"""@prefix kg: <{KG_NS}> .
@prefix actor: <{ID_BASE}actor/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
actor:freedonia a kg:State ; rdfs:label "Freedonia"@en ; kg:demonym "Freedonian"@en .
"""


def summary(doc):
    """Everything a reader of the anchors sees: token -> (source, ner_only, actors, texts)."""
    from kg.nlp.actors import anchors_of

    return {
        i: (
            a.source,
            a.ner_only,
            [(x.id, x.label, x.kind, x.part_of, x.based_in) for x in a.actors],
            [a.text_of(doc, x.id) for x in a.actors],
        )
        for i, a in sorted(anchors_of(doc).items())
    }


@pytest.fixture(scope="module")
def blank_actors():
    """A pipeline without a statistical model: tokenizer + kg_actors (gazetteer matches only)."""
    import spacy

    import kg.nlp.components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("kg_actors")
    return nlp


def test_nothing_but_plain_values_on_the_doc(nlp):
    import srsly

    doc = nlp(TEXTS[1])
    group = doc.spans["kg_actors"]
    assert [(s.text, s.kb_id_, s.label_) for s in group][:2] == [
        ("US", "united-states", "State"),
        ("Iran", "iran", "State"),
    ]
    data = doc._.kg_actor_data
    assert data["actors"]["isis"][0]["kind"] == "ArmedGroup"
    assert srsly.msgpack_loads(srsly.msgpack_dumps(data)) == data  # plain values only
    assert summary(doc)[8][0] == "coref"  # "They": a reference, named as its antecedents
    assert summary(doc)[8][3] == ["US", "Iran"]


def test_doc_bytes_round_trip_keeps_the_actors(nlp):
    from spacy.tokens import Doc

    for text in TEXTS:
        doc = _actors_only(nlp, text)
        back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert summary(back) == summary(doc)
        assert [s._.actor for s in back.spans["kg_actors"]] == [s._.actor for s in doc.spans["kg_actors"]]


def _actors_only(nlp, text):
    """``text`` through the model and kg_actors, not kg_relations (whose output is not yet plain)."""
    with nlp.select_pipes(disable=["kg_relations"]):
        return nlp(text)


def test_docbin_round_trip_keeps_the_actors(nlp):
    from spacy.tokens import DocBin

    docs = [_actors_only(nlp, t) for t in TEXTS]
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [summary(d) for d in back] == [summary(d) for d in docs]
    assert [s._.actor.id for s in back[2].spans["kg_actors"]] == ["iraq-military", "hezbollah", "isis"]


def test_relations_read_anchors_rebuilt_from_bytes(nlp):
    from spacy.tokens import Doc

    relations = nlp.get_pipe("kg_relations")
    doc = relations(Doc(nlp.vocab).from_bytes(_actors_only(nlp, TEXTS[0]).to_bytes()))
    assert [(m.subject.id, m.predicate, m.object.id) for m in doc._.relations] == [
        ("iran", "supports", "shia-militias")
    ]


def test_two_processes_keep_the_actors(blank_actors):
    one = [summary(d) for d in blank_actors.pipe(TEXTS)]
    two = [summary(d) for d in blank_actors.pipe(TEXTS, n_process=2, batch_size=1)]
    assert two == one
    assert any(one)


def _plain(doc):
    return summary(doc), [(m.subject.id, m.predicate, m.object.id, m.negated) for m in doc._.relations]


def test_two_processes_with_both_components(nlp):
    one = [_plain(d) for d in nlp.pipe(TEXTS)]
    two = [_plain(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=1)]
    assert two == one
    assert all(rels for _, rels in one)


def test_docbin_with_both_components(nlp):
    from spacy.tokens import DocBin

    docs = list(nlp.pipe(TEXTS))
    data = DocBin(docs=docs, store_user_data=True).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [_plain(d) for d in back] == [_plain(d) for d in docs]


def test_saved_pipeline_keeps_its_gazetteer(tmp_path):
    import spacy

    import kg.nlp.components  # noqa: F401

    user = tmp_path / "freedonia.ttl"
    user.write_text(FREEDONIA, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_actors", config={"gazetteer": str(user)})
    doc = nlp("Freedonian troops left Iran.")
    assert [s.kb_id_ for s in doc.spans["kg_actors"]] == ["freedonia"]
    nlp.to_disk(tmp_path / "pipeline")
    user.unlink()  # the saved pipeline carries its own copy
    loaded = spacy.util.load_model(tmp_path / "pipeline")  # a blank pipeline: no statistical model
    assert loaded.get_pipe("kg_actors").gaz.actors.keys() == {"freedonia"}
    doc = loaded("Freedonian troops left Iran.")
    assert [s.kb_id_ for s in doc.spans["kg_actors"]] == ["freedonia"]


def test_missing_gazetteer_is_a_one_line_error(tmp_path):
    import spacy

    import kg.nlp.components  # noqa: F401
    from kg.errors import InputError

    nlp = spacy.blank("en")
    nlp.add_pipe("kg_actors", config={"gazetteer": str(tmp_path / "nowhere.ttl")})
    with pytest.raises(InputError, match="nowhere.ttl"):
        nlp("Iran.")


def test_anchors_of_is_none_before_kg_actors_ran(blank_actors):
    from kg.nlp.actors import anchors_of

    assert anchors_of(blank_actors.make_doc("Iran.")) is None
    assert anchors_of(blank_actors("Iran.")) is not None


def test_foreign_data_under_the_extension_is_a_one_line_error(blank_actors):
    from kg.nlp.actors import anchors_of

    doc = blank_actors.make_doc("Iran and Iraq.")
    doc._.kg_actor_data = {"something": "else"}
    with pytest.raises(ValueError, match="not kg_actors data"):
        anchors_of(doc)


def test_mentions_pointing_outside_the_doc_are_ignored(blank_actors):
    from kg.nlp.actors import anchors_of

    doc = blank_actors("Iran and Iraq.")
    data = doc._.kg_actor_data
    bad = {key: {**m, "token": 999} for key, m in data["mentions"].items()}
    doc._.kg_actor_data = {"actors": data["actors"], "mentions": bad}
    assert anchors_of(doc) == {}
