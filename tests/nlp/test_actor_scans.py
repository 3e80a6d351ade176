"""The per-doc scans that let kg_actors skip work: gazetteer matches filtered as tuples, the attribute
columns, and the reference resolver stopping after the last word that can be a reference. Each
skip must leave the actors exactly as the full walk finds them (hand-built parses, no model)."""

from __future__ import annotations

import random

import pytest
from handbuilt import actors_by_token, parse

pytest_plugins = ["actor_fixtures"]


def test_longest_matches_keeps_what_filter_spans_keeps():
    import spacy
    from spacy.tokens import Span
    from spacy.util import filter_spans

    from kg.nlp.actors.gazetteer_names import longest_matches

    doc = spacy.blank("en")(" ".join(f"w{i}" for i in range(30)))
    rng = random.Random(3)
    for _ in range(300):
        matches = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 27)
            matches.append((start, start + rng.randint(1, 3), rng.randint(1, 5)))
        expected = [(s.start, s.end, s.label) for s in filter_spans([Span(doc, a, b, label=k) for a, b, k in matches])]
        assert longest_matches(matches) == expected, matches


def test_overlapping_gazetteer_forms_keep_the_longest(recognizer):
    # "Democratic Republic of the Congo" holds "Congo": one actor, the whole name
    found = actors_by_token(
        recognizer(
            parse(
                recognizer.vocab,
                "the/DET/det/1 Democratic/PROPN/compound/2 Republic/PROPN/nsubj/6 of/ADP/prep/2 the/DET/det/5 "
                "Congo/PROPN/pobj/3 protested/VERB/ROOT/6",
            )
        )
    )
    assert found == {"Republic": ["democratic-republic-of-the-congo"]}


def test_columns_and_indices_in():
    import spacy

    from kg.nlp.actors.columns import columns, indices_in

    doc = spacy.blank("en")("they said they would")
    cols = columns(doc)
    they = frozenset([doc.vocab.strings["they"]])
    assert list(indices_in(cols.lower, they)) == [0, 2]
    assert columns(doc[0:0].as_doc()) == ([], [], [], [])


TWO_NATIONS = (
    "Iran/PROPN/nsubj/1 met/VERB/ROOT/1 Iraq/PROPN/dobj/1 ./PUNCT/punct/1 "
    "Officials/NOUN/nsubj/5 said/VERB/ROOT/5 the/DET/det/8 two/NUM/nummod/8 {nations}/{pos}/nsubj/9 "
    "agreed/VERB/ccomp/5 ./PUNCT/punct/5"
)


@pytest.mark.parametrize(
    ("word", "pos", "lemmas"),
    [
        ("nations", "NOUN", None),  # the paragraph's last reference: resolved though nothing follows it
        ("Nations", "NOUN", {"Nations": "Nation"}),  # a subject whose lemma is a description once lower-cased
    ],
)
def test_the_last_reference_of_a_paragraph_is_resolved(recognizer, word, pos, lemmas):
    doc = parse(recognizer.vocab, TWO_NATIONS.format(nations=word, pos=pos), lemmas=lemmas)
    assert actors_by_token(recognizer(doc))[word] == ["iran", "iraq"]


def test_a_paragraph_without_references_keeps_its_names(recognizer):
    found = actors_by_token(
        recognizer(parse(recognizer.vocab, "Iran/PROPN/nsubj/1 met/VERB/ROOT/1 Iraq/PROPN/dobj/1 ./PUNCT/punct/1"))
    )
    assert found == {"Iran": ["iran"], "Iraq": ["iraq"]}
