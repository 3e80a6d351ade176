"""The construction matcher finds exactly what spaCy's ``DependencyMatcher`` finds with every
pattern of ``constructions.json`` (hand-built parses, no statistical model).

``Constructions.matches`` matches a pattern only when the pattern's anchor node fits a token of
the doc, with the nodes linked to it among that token's children and head, and then from those
tokens (``TreePattern``) instead of spaCy's matcher; these parses put the relation noun in each
position the patterns read (and in ones none reads), so a filter that dropped a match, or a tree
match spaCy does not make (or makes in another order), would show here.
"""

from __future__ import annotations

import pytest
import spacy
from handbuilt import parse
from spacy.matcher import DependencyMatcher

PARSES = {
    "predicate": "Relations/NOUN/nsubj/5 between/ADP/prep/0 Iran/PROPN/pobj/1 and/CCONJ/cc/2 Iraq/PROPN/conj/2 "
    "are/AUX/ROOT/5 tense/ADJ/acomp/5 ./PUNCT/punct/5",
    "object of a state verb": "Iran/PROPN/nsubj/1 restored/VERB/ROOT/1 ties/NOUN/dobj/1 with/ADP/prep/2 "
    "Iraq/PROPN/pobj/3 ./PUNCT/punct/1",
    "modifier": "Close/ADJ/amod/1 ties/NOUN/nsubj/2 bind/VERB/ROOT/2 Iran/PROPN/dobj/2 and/CCONJ/cc/3 "
    "Iraq/PROPN/conj/3 ./PUNCT/punct/2",
    "there be": "There/PRON/expl/1 were/VERB/ROOT/1 no/DET/det/3 relations/NOUN/attr/1 between/ADP/prep/3 "
    "Iran/PROPN/pobj/4 and/CCONJ/cc/5 Iraq/PROPN/conj/5 ./PUNCT/punct/1",
    "low point": "Ties/NOUN/nsubj/1 are/AUX/ROOT/1 at/ADP/prep/1 their/PRON/poss/5 lowest/ADJ/amod/5 "
    "point/NOUN/pobj/2 ./PUNCT/punct/1",
    "with the support of": "With/ADP/prep/7 the/DET/det/2 support/NOUN/pobj/0 of/ADP/prep/2 Pakistan/PROPN/pobj/3 "
    "the/DET/det/6 Taliban/PROPN/nsubj/7 captured/VERB/ROOT/7 Kandahar/PROPN/dobj/7 ./PUNCT/punct/7",
    "noun no pattern reads": "Iran/PROPN/nsubj/1 discussed/VERB/ROOT/1 relations/NOUN/dobj/1 with/ADP/prep/1 "
    "Iraq/PROPN/pobj/3 ./PUNCT/punct/1",
    "modifier no state word": "Economic/ADJ/amod/1 ties/NOUN/nsubj/2 bind/VERB/ROOT/2 Iran/PROPN/dobj/2 "
    "and/CCONJ/cc/3 Iraq/PROPN/conj/3 ./PUNCT/punct/2",
    "no relation noun": "Iran/PROPN/nsubj/1 attacked/VERB/ROOT/1 Iraq/PROPN/dobj/1 ./PUNCT/punct/1",
    "two state words, two sentences": "Warm/ADJ/amod/2 close/ADJ/amod/2 ties/NOUN/nsubj/3 bind/VERB/ROOT/3 "
    "Iran/PROPN/dobj/3 ./PUNCT/punct/3 Relations/NOUN/nsubj/7 are/AUX/ROOT/7 tense/ADJ/acomp/7 ./PUNCT/punct/7",
}
LEMMAS = {"are": "be", "were": "be", "restored": "restore", "discussed": "discuss", "captured": "capture"}
FOUND = {
    "predicate",
    "object of a state verb",
    "modifier",
    "there be",
    "low point",
    "with the support of",
    "two state words, two sentences",
}


@pytest.fixture(scope="module")
def built():
    from kg.nlp.relations.constructions import Constructions, _compile, load_spec
    from kg.nlp.relations.frames import load_frames

    vocab = spacy.blank("en").vocab
    frames = load_frames()
    reference = DependencyMatcher(vocab)  # every pattern in one matcher, nothing filtered
    for item in load_spec():
        for m, pattern in enumerate(item["patterns"]):
            compiled = _compile(pattern, frames)
            reference.add(f"{item['name']}/{m}", [compiled])
    return vocab, Constructions(vocab, frames), reference


@pytest.mark.parametrize("name", list(PARSES))
def test_anchored_matches_are_the_dependency_matchers(built, name):
    vocab, constructions, reference = built
    doc = parse(vocab, PARSES[name], lemmas=LEMMAS)
    ours = sorted(
        (m.construction.name, tuple(sorted(t.i for t in m.nodes.values()))) for m in constructions.matches(doc)
    )
    theirs = sorted((vocab.strings[key].split("/")[0], tuple(sorted(ids))) for key, ids in reference(doc))
    assert ours == theirs
    assert bool(ours) == (name in FOUND), ours  # the parses exercise matches, not only their absence


@pytest.fixture(scope="module")
def each_pattern():
    """Every pattern of ``constructions.json``: its tree matcher, anchor and spaCy's matcher alone."""
    from kg.nlp.relations.constructions import _anchor_node, _compile, load_spec
    from kg.nlp.relations.frames import load_frames
    from kg.nlp.relations.tree_patterns import Anchor, TreePattern, exact

    vocab = spacy.blank("en").vocab
    frames = load_frames()
    out = []
    for item in load_spec():
        gates = item.get("gate") if isinstance(item.get("gate"), list) else [item.get("gate")]
        for pattern in item["patterns"]:
            compiled = _compile(pattern, frames)
            node = _anchor_node(compiled, gates)
            spacys = DependencyMatcher(vocab)
            spacys.add("p", [compiled])
            out.append((exact(compiled), Anchor.of(node, vocab, compiled), TreePattern.of(compiled, node), spacys))
    return vocab, out


@pytest.mark.parametrize("name", list(PARSES))
def test_tree_matches_are_the_dependency_matchers_in_order(each_pattern, name):
    vocab, patterns = each_pattern
    doc = parse(vocab, PARSES[name], lemmas=LEMMAS)
    found = 0
    for exact, anchor, tree, spacys in patterns:
        assert exact  # every shipped pattern is matched by the tree matcher
        ours = [[t.i for t in m] for m in tree.matches([t for t in doc if anchor.fits(t)], lambda t: t.children)]
        assert ours == [ids for _, ids in spacys(doc)]
        found += len(ours)
    assert bool(found) == (name in FOUND)


def test_two_matches_of_one_pattern_come_in_text_order(each_pattern):
    vocab, patterns = each_pattern
    doc = parse(vocab, PARSES["two state words, two sentences"], lemmas=LEMMAS)
    exact, anchor, tree, _ = patterns[0]  # qualified-relation: a relation noun and its state modifier
    assert [[t.text for t in m] for m in tree.matches([t for t in doc if anchor.fits(t)], lambda t: t.children)] == [
        ["ties", "Warm"],
        ["ties", "close"],
    ]


def test_a_pattern_with_another_operator_is_left_to_spacy():
    from kg.nlp.relations.tree_patterns import exact

    noun = {"RIGHT_ID": "noun", "RIGHT_ATTRS": {"LEMMA": "tie"}}
    assert exact([noun, {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "amod"}}])
    assert not exact([noun, {"LEFT_ID": "noun", "REL_OP": ">>", "RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "amod"}}])
    assert not exact([noun, {"LEFT_ID": "noun", "REL_OP": ">", "RIGHT_ID": "a", "RIGHT_ATTRS": {"LENGTH": 3}}])
