"""spaCy factory registrations for ``kg_actors``, ``kg_relations`` and ``kg_pairs``.

Importing this module imports spaCy and registers the factories; the package's
``spacy_factories`` entry points point here, so any spaCy user with ``kg`` installed
can ``nlp.add_pipe("kg_actors")`` then ``nlp.add_pipe("kg_relations")`` (and, to try the
learned pair classifier, ``nlp.add_pipe("kg_pairs")`` after them).
"""

from __future__ import annotations

from spacy.language import Language

from kg.nlp.actors import ActorRecognizer
from kg.nlp.learned.component import PairClassifier
from kg.nlp.relations import RelationExtractor


@Language.factory("kg_actors", default_config={"use_gazetteer": True},
                  assigns=["doc._.actors", "doc._.kg_anchors"])
def make_kg_actors(nlp: Language, name: str, use_gazetteer: bool) -> ActorRecognizer:
    """The ``kg_actors`` component: gazetteer + NER + group nouns + references -> actors."""
    return ActorRecognizer(nlp, name, use_gazetteer=use_gazetteer)


@Language.factory("kg_relations", assigns=["doc._.relations", "doc._.relation_patterns"],
                  requires=["doc._.kg_anchors"])
def make_kg_relations(nlp: Language, name: str) -> RelationExtractor:
    """The ``kg_relations`` component: dependency parse + lexicon -> RelationMentions."""
    return RelationExtractor(nlp, name)


@Language.factory("kg_pairs", assigns=["doc._.relations", "doc._.relation_features"],
                  requires=["doc._.kg_anchors", "doc._.relations"])
def make_kg_pairs(nlp: Language, name: str) -> PairClassifier:
    """The ``kg_pairs`` component: the learned pair classifier adds relations the rules left out."""
    return PairClassifier(nlp, name)
