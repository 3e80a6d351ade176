"""The ``kg_actors`` spaCy component: actors as a reader names them.

Per doc, one pass over the entities and matches (:mod:`.recognizer` runs the steps):

1. **Names** (:mod:`.gazetteer_names`, :mod:`.names`): gazetteer forms (``actors.ttl`` through
   :func:`kg.nlp.gazetteer.load_gazetteer`, matched with ``PhraseMatcher``\\ s: "US", "the
   United States", "America", "American", "Washington" are ``united-states``), the model's
   entities (GPE, NORP, ORG, PERSON) the gazetteer does not cover (id ``slugify(label)``;
   a longer organisation name wins over a state inside it, an acronym defined in
   parentheses is the same actor), and proper nouns the NER missed.
2. **Not actors** (:mod:`.nonactors`, word lists in ``places.tsv``): places used as
   locations ("seized Kabul", "northern Mali" taken, "Lebanon's capital Beirut"), events,
   documents and weapons ("World War II", "the Visiting Forces Agreement").
3. **Unnamed actors** (:mod:`.unnamed`): "government forces", "tribal fighters", "the
   regime", "rebels backed by Iran".
4. **Placement** (:mod:`.placement`): what each name stands for in its phrase -- a group
   noun of ``nouns.tsv`` makes a group actor anchored at the noun (:mod:`.groups`: "Iraqi
   army" -> ``iraq-military``, "Shia militias" -> ``shia-militias``); officials and known
   leaders stand for their state or organisation (:mod:`.officials`: "Iranian Foreign
   Minister Zarif", "Putin", "the Emir of Qatar"); one anchor per token.
5. **References** (:mod:`.coref`): "it", "they", "the two nations", "the foreign minister"
   resolved to actors earlier in the same doc (the pipeline feeds one paragraph per doc).
6. **Surface names** (:mod:`.surface`): how the sentence names each actor -- the printed
   label -- computed on demand for the actors that end up in a relation.

What is left on the Doc is serialisable (:mod:`.anchors`): ``doc.spans["kg_actors"]`` and
the plain dict ``doc._.kg_actor_data``. Readers use :func:`anchors_of` --
``{token index: Anchor}`` -- and nothing else.
"""

from kg.nlp.actors.anchors import Anchor, anchors_of, register_extensions
from kg.nlp.actors.groups import pluralize
from kg.nlp.actors.recognizer import ActorRecognizer
from kg.nlp.actors.surface import surface_text

__all__ = ["ActorRecognizer", "Anchor", "anchors_of", "pluralize", "register_extensions", "surface_text"]
