"""The ``kg_actors`` spaCy component: canonical actors from gazetteer, NER and group nouns.

Per doc, in one pass over the entities and matches:

1. **Names** (:mod:`.names`): gazetteer forms (``ontologies/actors.ttl`` through
   :func:`kg.gazetteer.load_gazetteer`, matched with ``PhraseMatcher``\\ s: "US", "the
   United States", "America", "American", "Washington" all become ``united-states``),
   the model's entities (GPE, NORP, ORG, PERSON) the gazetteer does not cover (stable id
   ``slugify(label)``), and proper nouns the NER missed (kind Group).
2. **Placement** (:mod:`.placement`): a name qualifying a group noun of ``nouns.tsv``
   makes a group actor anchored at the noun (:mod:`.groups`: "Iraqi army" ->
   ``iraq-military``; "Shia militias" -> ``shia-militias``); a country in front of a
   titled person makes an official (:mod:`.officials`); one anchor per token.
3. **References** (:mod:`.coref`): "it", "they", "the two nations" resolved to actors
   earlier in the same doc (the pipeline feeds one paragraph per doc).
4. **Surface names** (:mod:`.surface`): how the sentence names each actor, computed on
   demand for the actors that end up in a relation.

Readers use :func:`anchors_of` -- ``{token index: Anchor}`` -- and nothing else.
"""

from kg.nlp.actors.anchors import Anchor, anchors_of, register_extensions
from kg.nlp.actors.groups import pluralize
from kg.nlp.actors.recognizer import ActorRecognizer
from kg.nlp.actors.surface import surface_text

__all__ = ["ActorRecognizer", "Anchor", "anchors_of", "pluralize", "register_extensions", "surface_text"]
