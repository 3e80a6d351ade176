"""The ``kg_relations`` spaCy component: typed, signed relations from the dependency parse.

Triggers are the words of ``lexicon.tsv`` (verbs, nouns, adjectives): each line is a frame
(trigger, where its object sits, ontology property, flags). The general machinery finds the
arguments of a frame in the parse and maps them to actors through the anchors ``kg_actors``
left (:func:`kg.nlp.actors.anchors_of`). Modules:

* :mod:`~kg.nlp.relations.frames` -- the data files, compiled once;
* :mod:`~kg.nlp.relations.arguments` -- argument tokens -> actors (conjunctions, lists, "X of Y");
* :mod:`~kg.nlp.relations.syntax` -- clause structure (subjects, governing verbs, obligations);
* :mod:`~kg.nlp.relations.modality` -- negation, hedging, attribution;
* :mod:`~kg.nlp.relations.verbs`, :mod:`~kg.nlp.relations.nouns`,
  :mod:`~kg.nlp.relations.adjectives` -- where each kind of trigger finds its arguments;
* :mod:`~kg.nlp.relations.candidates` -- frames' findings -> candidates;
* :mod:`~kg.nlp.relations.confidence` -- measured confidence;
* :mod:`~kg.nlp.relations.constructions` -- multi-word constructions (``DependencyMatcher`` data);
* :mod:`~kg.nlp.relations.records` -- the serialisable records kept on the Doc;
* :mod:`~kg.nlp.relations.component` -- the component.

Patterns (their names feed the confidence model, ``confidence.json``):

``verb``          active verb, subject and object in its own clause ("Iran attacked Iraq");
``passive``       "Iraq was attacked by Iran" (the agent is the subject);
``inherited``     subject from a governing / coordinated clause ("Arnor is about to restore
                  ties", "X attacked and killed Y", relative clauses, participles);
``control``       the subject of a control verb shares the embedded relation ("the US wants
                  Baghdad to beat back ISIS" -> the US fights ISIS);
``participle``    "Iranian-backed militias" (the modifier supports the head noun);
``noun``          a relation noun with its own subject ("US support for the Iraqi army");
``noun-pair``     a relation noun with two actor modifiers ("US-Iranian cooperation");
``noun-climb``    a relation noun whose subject is the subject of the verb above it ("play a
                  role in the fight against ISIS", "restore ties with", "at odds with");
``reciprocal``    a symmetric trigger with a plural / coordinated subject and no object
                  ("the US and Iran have been at odds", "X and Y are rivals");
``description``   a symmetric noun that is itself a reference to two actors ("the two
                  traditional enemies");
``xobj``          the object sits in an infinitive ("threatened to cut power to X");
``ccobj``         the object is the subject of a that-clause ("demanded that X leave");
``cond``          the object is the subject of an if / unless clause ("threatened to strike
                  unless Israel withdrew");
``nested``        the parties of an event in the object ("welcomed talks between X and Y");
``must``          a speaker demands what the clause's subject must do;
``place``         a protest with no target is against the state it happens in ("rallied in
                  Ankara"), unless the sentence names another relation of its subject.
"""

from kg.nlp.relations.candidates import Candidate
from kg.nlp.relations.component import RelationExtractor
from kg.nlp.relations.confidence import features
from kg.nlp.relations.records import features_of, register_extensions, relations_of

__all__ = ["Candidate", "RelationExtractor", "features", "features_of", "register_extensions", "relations_of"]
