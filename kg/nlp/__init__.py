"""The NLP stage: spaCy components that find actors and the relations between them.

* :mod:`kg.nlp.actors` -- the ``kg_actors`` component (gazetteer + NER + group nouns, and
  :mod:`kg.nlp.actors.coref`, a small rule-based resolver for pronouns and "the two nations"),
* :mod:`kg.nlp.relations` -- the ``kg_relations`` component (dependency parse + lexicon),
* :mod:`kg.nlp.pipeline` -- ``load_pipeline``, ``extract_documents``, ``extract_text``.

Nothing here imports spaCy at package import time.
"""
