"""Build the graph: read documents, skip unchanged ones, extract relations, write one graph per document.

The flow is ``kg.documents.read_documents`` -> (hash check against the
store) -> an *extractor* -> ``Store.replace_document``. An extractor is any
callable ``(docs: Iterable[Document]) -> Iterator[(Document, mentions)]``;
the default parses with spaCy in child processes (``kg.ingest.parsers``),
``kg.ingest.cluster`` makes multi-process and Dask ones, and tests pass hand-made
mentions through the same seam.

One bad input never stops the rest: unreadable files and documents whose
write fails are reported in :class:`BuildReport` and the build goes on.
Each document is written in one transaction, so a build killed half-way
leaves every document either as it was or fully replaced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KgError, StoreError
from kg.model import Document, RelationMention
from kg.progress import ProgressBar, count_bar, input_bar
from kg.wording import counted

Extracted = tuple[Document, list[RelationMention]]
Extractor = Callable[[Iterable[Document]], Iterator[Extracted]]


@dataclass
class BuildReport:
    """What one build did."""

    seen: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    cooperation: int = 0
    conflict: int = 0
    negated: int = 0
    hedged: int = 0
    stopped: str | None = None

    def count_written(self, replaced: bool, mentions: list[RelationMention]) -> None:
        """Count one written document (``replaced``: it was in the store before) and its assertions."""
        if replaced:
            self.updated += 1
        else:
            self.added += 1
        for m in mentions:
            if m.polarity == "cooperation":
                self.cooperation += 1
            else:
                self.conflict += 1
            self.negated += m.negated
            self.hedged += m.hedged

    @property
    def assertions(self) -> int:
        """Assertions written by this build."""
        return self.cooperation + self.conflict

    def summary(self) -> str:
        """One line for the terminal.

        >>> BuildReport(seen=3, added=2, unchanged=1, cooperation=4, conflict=1).summary()
        'documents: 3 seen, 2 added, 0 updated, 1 unchanged, 0 failed; assertions written: 5 (4 cooperation, 1 conflict, 0 negated, 0 hedged)'
        """
        return (
            f"documents: {self.seen} seen, {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.failed)} failed; "
            f"assertions written: {self.assertions} ({self.cooperation} cooperation, "
            f"{self.conflict} conflict, {self.negated} negated, {self.hedged} hedged)"
        )


def default_extractor(workers: int = 1, **settings) -> Extractor:
    """The spaCy extractor on ``workers`` parser processes (``settings``: ``model``, ``actors``, ``lexicon``).

    Even one worker parses in a child process: the build's own process reads and writes beside it
    (:mod:`kg.ingest.parsers`).
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1 (got {workers})")
    from kg.ingest.parsers import parse_in_processes
    from kg.nlp.pipeline import spacy_parser

    def extract(docs: Iterable[Document]) -> Iterator[Extracted]:
        return parse_in_processes(docs, workers, settings, spacy_parser)

    return extract


def _progress(items: Iterator, enabled: bool | ProgressBar, desc: str):
    """``items`` and the bar (on stderr, only when it is a terminal) the build advances per document.

    ``enabled`` may be a bar already made over the input's bytes (:func:`build`); ``True`` makes
    one that counts documents as they stream.
    """
    if isinstance(enabled, ProgressBar):
        return items, enabled
    return items, count_bar(desc, enabled)


def build(
    paths: Iterable[str | Path],
    store,
    *,
    progress: bool = True,
    extractor: Extractor | None = None,
    workers: int = 1,
    force: bool = False,
) -> BuildReport:
    """Add or update the documents under ``paths`` in ``store``.

    Parameters
    ----------
    paths
        Files or folders, as ``kg.documents.read_documents`` takes them.
    store
        An open :class:`kg.store.Store`.
    progress
        Show a bar on stderr (only when it is a terminal: a log gets no bar).
    extractor
        ``(docs) -> Iterator[(doc, mentions)]``; default: spaCy on ``workers`` processes.
    workers
        Local processes for the default extractor.
    force
        Re-extract and rewrite documents even if their content hash is unchanged.

    Returns
    -------
    BuildReport
        Counts of documents seen / added / updated / unchanged / failed and of
        the assertions written, by polarity.
    """
    from kg.documents import read_documents

    paths = list(paths)
    bar = input_bar(paths, "building", progress)  # the input's bytes, counted first; None unless a terminal
    items = read_documents(paths, progress=bar.read if bar else None)
    return build_documents(
        items, store, progress=bar or False, extractor=extractor or default_extractor(workers), force=force
    )


def build_documents(
    items: Iterable[Document | KgError],
    store,
    *,
    progress: bool | ProgressBar = True,
    extractor: Extractor | None = None,
    force: bool = False,
) -> BuildReport:
    """:func:`build` over documents already read (an error item is reported as a failed input).

    Unchanged documents (same content hash as stored) are skipped before
    extraction, so they are never parsed. Extracted documents are written by
    a :class:`kg.ingest.writer.Writer` thread, several per transaction, while
    the parser goes on. A store error that will repeat stops the build:
    :attr:`BuildReport.stopped` says why and names every document not written.
    """
    return _Build(store, force).run(iter(items), extractor or default_extractor(1), progress)


class _Build:
    """One build's bookkeeping: what the store held, what is on its way to the writer, the report."""

    def __init__(self, store, force: bool) -> None:
        self.store = store
        self.force = force
        self.report = BuildReport()
        self.existed: dict[str, bool] = {}
        self.pending: dict[str, None] = {}  # sent to the parser, not yet written or refused (in order)
        self.halted: StoreError | None = None
        self.bar = None

    def changed(self, items: Iterator[Document | KgError]) -> Iterator[Document]:
        """The documents to parse: new or changed ones (all with ``force``); errors and duplicates reported."""
        report = self.report
        for item in items:
            if isinstance(item, BaseException):
                report.failed.append(str(item))
                continue
            report.seen += 1
            if item.id in self.existed:
                report.failed.append(f"{item.id}: duplicate document id in this build (later copy skipped)")
                continue
            try:
                stored = self.store.document_hash(item.id)
            except StoreError as err:  # the store cannot be read (a remote server stopped): it will not come back
                self.halted = err
                self.pending[item.id] = None
                return
            self.existed[item.id] = stored is not None
            if stored == item.content_hash and not self.force:
                report.unchanged += 1
                continue
            self.pending[item.id] = None
            yield item

    def written(self, doc: Document, mentions: list[RelationMention]) -> None:
        self.pending.pop(doc.id, None)
        self.report.count_written(bool(self.existed.get(doc.id)), mentions)
        if self.bar is not None:
            self.bar.update(1)

    def failed(self, doc: Document, message: str) -> None:
        self.pending.pop(doc.id, None)
        self.report.failed.append(message)
        if self.bar is not None:
            self.bar.update(1)

    def run(self, items: Iterator[Document | KgError], extract: Extractor, progress: bool | ProgressBar) -> BuildReport:
        from kg.ingest.writer import Writer

        writer = Writer(self.store, self.written, self.failed)
        extracted = iter(extract(self.changed(items)))
        try:
            results, self.bar = _progress(extracted, progress, "building")
            for doc, mentions in results:
                if not writer.put(doc, list(mentions)):
                    break  # the store stopped taking documents: parse no more
        finally:
            close = getattr(extracted, "close", None)
            if close is not None:
                close()  # stops the parser processes (or the cluster) before the input is read on
            try:
                writer.close()
            finally:
                if self.bar is not None:
                    self.bar.close()
        stop = writer.stopped or self.halted
        if stop is not None:  # name every document not written: on its way, and the rest of the input
            rest = [item.id for item in items if isinstance(item, Document) and item.id not in self.existed]
            self.report.stopped = _stopped(stop, [*self.pending, *rest])
        return self.report


def _stopped(error: StoreError, unwritten: list[str], shown: int = 10) -> str:
    """The one line a stopped build ends with: why, and which documents were not written.

    >>> _stopped(StoreError("store s: write failed"), ["a.txt", "b.txt"])
    'store s: write failed; build stopped: 2 documents not written (a.txt, b.txt); build again once the store is back'
    """
    names = ", ".join(unwritten[:shown]) + (f", … ({len(unwritten) - shown} more)" if len(unwritten) > shown else "")
    return (
        f"{error}; build stopped: {counted(len(unwritten), 'document')} not written"
        + (f" ({names})" if unwritten else "")
        + "; build again once the store is back"
    )


def remove(doc_id: str, store) -> None:
    """Delete one document's graph: its assertions and the direct triples only it supported.

    Raises ``InputError`` if the store has no document with that id.
    """
    if not store.remove_document(doc_id):
        known = [d.id for d in store.documents()]
        hint = (
            f" (documents: {', '.join(known[:10])}{' …' if len(known) > 10 else ''})"
            if known
            else " (the store is empty)"
        )
        raise InputError(f"no document {doc_id!r} in store {store.location}{hint}")
