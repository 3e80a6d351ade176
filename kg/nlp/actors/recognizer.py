"""The ``kg_actors`` component: names -> placements -> anchors -> references, per doc."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.nlp.actors.anchors import register_extensions, write_anchors
from kg.nlp.actors.coref import resolve_references
from kg.nlp.actors.names import GazetteerMatcher, NameResolver, fallback_names, gazetteer_names, ner_names
from kg.nlp.actors.placement import merge, place
from kg.nlp.actors.words import noun_tables, relation_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


class ActorRecognizer:
    """The ``kg_actors`` component (see :mod:`kg.nlp.actors`)."""

    def __init__(self, nlp: Language, name: str = "kg_actors", use_gazetteer: bool = True):
        register_extensions()
        self.name = name
        self.tables = noun_tables()
        self.gaz = None
        self.matcher = None
        if use_gazetteer:
            from kg.gazetteer import load_gazetteer

            self.gaz = load_gazetteer()
            self.matcher = GazetteerMatcher(nlp.vocab, nlp.tokenizer, self.gaz)
        self.resolve = NameResolver(self.gaz)
        self.relation_nouns = relation_nouns()

    def __call__(self, doc: Doc) -> Doc:
        gaz_spans = self.matcher(doc) if self.matcher is not None else []
        covered = {i for s in gaz_spans for i in range(s.start, s.end)}
        names = gazetteer_names(self.gaz, gaz_spans) if self.gaz is not None else []
        names += ner_names(doc, covered, self.resolve, self.tables)
        taken = covered | {i for n in names for i in range(n.span.start, n.span.end)}
        names += fallback_names(doc, taken, self.resolve, self.tables, self.relation_nouns)
        names.sort(key=lambda n: n.span.start)
        anchors = merge(place(doc, names, self.tables, self.gaz))
        resolve_references(doc, anchors, self.tables)
        write_anchors(doc, anchors)
        return doc
