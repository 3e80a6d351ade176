"""The construction matcher's anchor filter finds exactly what spaCy's ``DependencyMatcher`` finds
with every pattern of ``constructions.json`` (hand-built parses, no statistical model).

``Constructions.matches`` gives a pattern to its ``DependencyMatcher`` only when the pattern's
anchor node fits a token of the doc, with the nodes linked to it among that token's children and
head; these parses put the relation noun in each position the patterns read (and in ones none
reads), so a filter that dropped a match would show here.
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
}
LEMMAS = {"are": "be", "were": "be", "restored": "restore", "discussed": "discuss", "captured": "capture"}
FOUND = {"predicate", "object of a state verb", "modifier", "there be", "low point", "with the support of"}


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
