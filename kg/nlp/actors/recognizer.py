"""The ``kg_actors`` component: names -> placements -> anchors -> references, per doc."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.nlp.actors.anchors import register_extensions, write_anchors
from kg.nlp.actors.columns import columns
from kg.nlp.actors.coref import resolve_references
from kg.nlp.actors.gazetteer_names import GazetteerMatcher, gazetteer_names, inside_longer_names
from kg.nlp.actors.names import NameResolver, fallback_names, ner_names, same_as_defined
from kg.nlp.actors.nonactors import actors_only
from kg.nlp.actors.placement import merge, place
from kg.nlp.actors.unnamed import unnamed_names
from kg.nlp.actors.words import noun_tables, relation_nouns

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.nlp.gazetteer import Gazetteer

#: The gazetteer's file name inside a saved pipeline's component directory.
GAZETTEER_FILE = "actors.ttl"
#: The user's actors file inside a saved pipeline's component directory (its suffix kept).
USER_FILE = "user_actors"


class ActorRecognizer:
    """The ``kg_actors`` component (see :mod:`kg.nlp.actors`).

    ``gazetteer`` is a Turtle file in the shape of ``kg/data/actors.ttl`` (None: the
    shipped one); ``use_gazetteer=False`` recognises actors from the model's entities only.
    ``actors`` is a user's own actors file (Turtle or CSV, :mod:`kg.nlp.user_actors`) laid over
    the gazetteer. ``nlp.to_disk`` saves the gazetteer and the user's file with the
    pipeline, so the saved pipeline loads with them anywhere.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "kg_actors",
        use_gazetteer: bool = True,
        gazetteer: str | None = None,
        actors: str | None = None,
    ):
        register_extensions()
        self.name = name
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.tables = noun_tables()
        self.relation_nouns = relation_nouns()
        self.use_gazetteer = use_gazetteer
        self.gazetteer_path: Path | None = None
        self.user_path: Path | None = Path(actors) if actors else None
        self.gaz: Gazetteer | None = None
        self.matcher: GazetteerMatcher | None = None
        self.resolve = NameResolver(None)
        self.form_kinds: dict[str, str | None] = {}  # gazetteer form text -> its kind, per process
        self.user_loaded = actors is None
        if use_gazetteer:
            from kg.nlp.gazetteer import default_path

            path = Path(gazetteer) if gazetteer else default_path()
            self.gazetteer_path = path
            if path.is_file() or gazetteer is None:  # a saved pipeline's missing file comes with from_disk
                self._load(path)

    def _load(self, path: Path, must_exist: bool = False) -> None:
        from kg.nlp.gazetteer import load_gazetteer
        from kg.nlp.user_actors import load_user_actors, with_user_actors

        gaz = load_gazetteer(path)
        # a saved pipeline's user file comes with from_disk: until then the configured path may be gone
        self.user_loaded = self.user_path is None
        if self.user_path is not None and (must_exist or self.user_path.is_file()):
            gaz = with_user_actors(gaz, load_user_actors(self.user_path, gaz))
            self.user_loaded = True
        self.gaz = gaz
        self.gazetteer_path = path
        self.matcher = GazetteerMatcher(self.vocab, self.tokenizer, gaz)
        self.resolve = NameResolver(gaz)
        self.form_kinds = {}

    def use_actors_file(self, path: str | Path) -> None:
        """Lay a user's actors file (Turtle or CSV) over the gazetteer now; a bad file raises
        :class:`~kg.errors.InputError` here, naming the file and the line. (What a CLI flag calls.)"""
        self.user_path = Path(path)
        if self.use_gazetteer and self.gazetteer_path is not None:
            self._load(self.gazetteer_path, must_exist=True)

    def __call__(self, doc: Doc) -> Doc:
        if self.use_gazetteer and (self.gaz is None or not self.user_loaded) and self.gazetteer_path is not None:
            self._load(self.gazetteer_path, must_exist=True)  # the configured files: a clear error if missing
        ents = doc.ents
        cols = columns(doc)  # the token attributes the steps scan, read once
        matches: list[tuple[int, int, int]] = []
        if self.matcher is not None:
            matches = inside_longer_names(doc, ents, self.matcher(doc), self.tables.groups)
        covered = {i for start, end, _ in matches for i in range(start, end)}
        names = gazetteer_names(self.gaz, doc, matches, ents, self.form_kinds) if self.gaz is not None else []
        names += ner_names(doc, ents, covered, self.resolve, self.tables)
        taken = covered | {i for n in names for i in range(n.span.start, n.span.end)}
        names += fallback_names(doc, taken, self.resolve, self.tables, self.relation_nouns, cols)
        names.sort(key=lambda n: n.span.start)
        names = actors_only(same_as_defined(doc, names, cols), self.relation_nouns, cols)
        names = sorted(names + unnamed_names(doc, names, self.tables, cols), key=lambda n: n.span.start)
        anchors = merge(place(doc, names, self.tables, self.gaz))
        resolve_references(doc, anchors, self.tables, cols)
        write_anchors(doc, anchors)
        return doc

    # ------------------------------------------------------------ serialisation
    def to_disk(self, path, *, exclude=()) -> None:
        """Save the gazetteer in use (``actors.ttl``) and the user's actors file into the component's directory."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.use_gazetteer and self.gazetteer_path is not None and self.gazetteer_path.is_file():
            (path / GAZETTEER_FILE).write_bytes(self.gazetteer_path.read_bytes())
        if self.use_gazetteer and self.user_path is not None and self.user_path.is_file():
            (path / f"{USER_FILE}{self.user_path.suffix.lower()}").write_bytes(self.user_path.read_bytes())

    def from_disk(self, path, *, exclude=()) -> ActorRecognizer:
        """Load the gazetteer and the user's actors file saved by :meth:`to_disk` (if the component uses one)."""
        saved = Path(path) / GAZETTEER_FILE
        user = next(iter(sorted(Path(path).glob(f"{USER_FILE}.*"))), None)
        if user is not None:
            self.user_path = user
        if self.use_gazetteer and saved.is_file():
            self._load(saved)
        return self
