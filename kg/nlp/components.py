"""spaCy factory registrations for ``kg_actors`` and ``kg_relations``.

Importing this module imports spaCy and registers both factories; the package's
``spacy_factories`` entry points point here, so any spaCy user with ``kg`` installed
can ``nlp.add_pipe("kg_actors")`` then ``nlp.add_pipe("kg_relations")``.
"""

from __future__ import annotations

from spacy.language import Language

from kg.nlp.actors import ActorRecognizer
from kg.nlp.relations import RelationExtractor


@Language.factory("kg_actors", default_config={"use_gazetteer": True, "gazetteer": None},
                  assigns=["doc.spans", "doc._.kg_actor_data"])
def make_kg_actors(nlp: Language, name: str, use_gazetteer: bool,
                   gazetteer: str | None) -> ActorRecognizer:
    """The ``kg_actors`` component: gazetteer + NER + group nouns + references -> actors.

    ``gazetteer``: a Turtle file in the shape of ``actors.ttl`` (None: the shipped one).
    """
    return ActorRecognizer(nlp, name, use_gazetteer=use_gazetteer, gazetteer=gazetteer)


@Language.factory("kg_relations", assigns=["doc._.relations", "doc._.relation_patterns"],
                  requires=["doc._.kg_actor_data"])
def make_kg_relations(nlp: Language, name: str) -> RelationExtractor:
    """The ``kg_relations`` component: dependency parse + lexicon -> RelationMentions."""
    return RelationExtractor(nlp, name)
