"""The ``kg_actors`` component: names -> placements -> anchors -> references, per doc."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.nlp.actors.anchors import register_extensions, write_anchors
from kg.nlp.actors.coref import resolve_references
from kg.nlp.actors.gazetteer_names import GazetteerMatcher, gazetteer_names, inside_longer_names
from kg.nlp.actors.names import NameResolver, fallback_names, ner_names, same_as_defined
from kg.nlp.actors.nonactors import actors_only
from kg.nlp.actors.placement import merge, place
from kg.nlp.actors.unnamed import unnamed_names
from kg.nlp.actors.words import noun_tables, relation_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from kg.gazetteer import Gazetteer

#: The gazetteer's file name inside a saved pipeline's component directory.
GAZETTEER_FILE = "actors.ttl"


class ActorRecognizer:
    """The ``kg_actors`` component (see :mod:`kg.nlp.actors`).

    ``gazetteer`` is a Turtle file in the shape of ``kg/data/actors.ttl`` (None: the
    shipped one); ``use_gazetteer=False`` recognises actors from the model's entities only.
    ``nlp.to_disk`` saves the gazetteer in use with the pipeline, so the saved pipeline
    loads with it anywhere.
    """

    def __init__(
        self, nlp: Language, name: str = "kg_actors", use_gazetteer: bool = True, gazetteer: str | None = None
    ):
        register_extensions()
        self.name = name
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.tables = noun_tables()
        self.relation_nouns = relation_nouns()
        self.use_gazetteer = use_gazetteer
        self.gazetteer_path: Path | None = None
        self.gaz: Gazetteer | None = None
        self.matcher: GazetteerMatcher | None = None
        self.resolve = NameResolver(None)
        self.form_kinds: dict[str, str | None] = {}  # gazetteer form text -> its kind, per process
        if use_gazetteer:
            from kg.gazetteer import default_path

            path = Path(gazetteer) if gazetteer else default_path()
            self.gazetteer_path = path
            if path.is_file() or gazetteer is None:  # a saved pipeline's missing file comes with from_disk
                self._load(path)

    def _load(self, path: Path) -> None:
        from kg.gazetteer import load_gazetteer

        gaz = self.gaz = load_gazetteer(path)
        self.gazetteer_path = path
        self.matcher = GazetteerMatcher(self.vocab, self.tokenizer, gaz)
        self.resolve = NameResolver(gaz)
        self.form_kinds = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.use_gazetteer and self.gaz is None and self.gazetteer_path is not None:
            self._load(self.gazetteer_path)  # the configured file: a clear error if it is missing
        ents = doc.ents
        gaz_spans: list[Span] = []
        if self.matcher is not None:
            gaz_spans = inside_longer_names(doc, ents, self.matcher(doc), self.tables.groups)
        covered = {i for s in gaz_spans for i in range(s.start, s.end)}
        names = gazetteer_names(self.gaz, gaz_spans, self.form_kinds) if self.gaz is not None else []
        names += ner_names(doc, ents, covered, self.resolve, self.tables)
        taken = covered | {i for n in names for i in range(n.span.start, n.span.end)}
        names += fallback_names(doc, taken, self.resolve, self.tables, self.relation_nouns)
        names.sort(key=lambda n: n.span.start)
        names = actors_only(same_as_defined(doc, names), self.relation_nouns)
        names = sorted(names + unnamed_names(doc, names, self.tables), key=lambda n: n.span.start)
        anchors = merge(place(doc, names, self.tables, self.gaz))
        resolve_references(doc, anchors, self.tables)
        write_anchors(doc, anchors)
        return doc

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path, *, exclude=()) -> None:
        """Save the gazetteer in use (``actors.ttl``) into the component's directory."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.use_gazetteer and self.gazetteer_path is not None and self.gazetteer_path.is_file():
            (path / GAZETTEER_FILE).write_bytes(self.gazetteer_path.read_bytes())

    def from_disk(self, path, *, exclude=()) -> ActorRecognizer:
        """Load the gazetteer saved by :meth:`to_disk` (if the component uses one)."""
        saved = Path(path) / GAZETTEER_FILE
        if self.use_gazetteer and saved.is_file():
            self._load(saved)
        return self
