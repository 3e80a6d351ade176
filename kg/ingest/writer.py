"""Write extracted documents on a thread of their own while the parser goes on, several per transaction.

The parser hands ``(document, mentions)`` to :class:`Writer` in input order;
its thread gathers a group (up to :data:`GROUP` documents, or what came in
:data:`LINGER` seconds after the first) and writes it with ``Store.write_documents``: one transaction per group in
the embedded store, each document whole or absent (DESIGN.md, "Build").
The store's work in Rust runs without the GIL, beside the parser.

A store error that will repeat (a full disk, a stopped endpoint) stops the
build instead of failing every remaining document: a group that fails is
retried one document at a time, and the first document that fails alone
stops the writer; every document from there on is passed over, and
:attr:`Writer.stopped` says why (the build names the documents not written). A document the store refuses for its
own content (``DocumentError``) is reported and the rest goes on.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable

from kg.errors import DocumentError, StoreError
from kg.model import Document, RelationMention

#: Most documents written in one transaction.
GROUP = 64
#: Seconds a group waits for more documents after its first. A tally touched by every document of a
#: group is written once per group, so groups pay: 240 documents of the build benchmark cost 20.7 ms
#: CPU each written one by one, 12.6 in groups of 16, 11.4 in groups of 64 (parsing one: ~90 ms).
#: A kill loses at most this much work, which the next build redoes.
LINGER = 2.0
#: Documents extracted and waiting for the writer (the parser waits beyond this).
QUEUED = 256
#: Characters (document text and evidence sentences) extracted and not yet written: the parser
#: waits beyond this too, so parts of a large file (100k characters and ~1,500 mentions each)
#: cannot pile up behind a slow writer; one document larger than this still goes through alone.
QUEUED_CHARS = 4_000_000

log = logging.getLogger(__name__)

Item = tuple[Document, list[RelationMention]]
_END = None


class Writer:
    """A thread writing documents to a store in groups; ``written(doc, mentions)`` / ``failed(doc, message)``
    are called on that thread for each document, in input order."""

    def __init__(
        self,
        store,
        written: Callable[[Document, list[RelationMention]], None],
        failed: Callable[[Document, str], None],
        *,
        group: int = GROUP,
        linger: float = LINGER,
        queued_chars: int = QUEUED_CHARS,
    ) -> None:
        self.store = store
        self.written = written
        self.failed = failed
        self.group = group
        self.linger = linger
        self.stopped: StoreError | None = None
        self._queue: queue.Queue[Item | None] = queue.Queue(QUEUED)
        self.queued_chars = queued_chars
        self.held = 0  # characters put and not yet written (or passed over)
        self._room = threading.Condition()
        self._blocked = False  # put() is waiting for room
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kg-writer", daemon=True)
        self._thread.start()

    def put(self, doc: Document, mentions: list[RelationMention]) -> bool:
        """Queue one document; False once the writer has stopped (the caller stops extracting)."""
        size = _chars(doc, mentions)
        with self._room:  # wait for room: what is held (queued or being written) stays under queued_chars
            while self.held and self.held + size > self.queued_chars and self._error is None:
                self._blocked = True
                self._room.wait(0.5)
            self._blocked = False
            if self.stopped is not None or self._error is not None:
                return False
            self.held += size
        self._queue.put((doc, mentions))
        return True

    def _release(self, items: list[Item]) -> None:
        with self._room:
            self.held -= sum(_chars(doc, mentions) for doc, mentions in items)
            self._room.notify_all()

    def close(self) -> None:
        """Wait until everything queued is written (or passed over after a stop); re-raise a crash of the thread."""
        self._queue.put(_END)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        end = False
        try:
            while not end:
                item = self._queue.get()
                if item is _END:
                    return
                group = [item]
                deadline = time.monotonic() + self.linger
                while len(group) < self.group:
                    try:
                        more = self._queue.get(timeout=max(0.0, min(0.05, deadline - time.monotonic())))
                    except queue.Empty:
                        if self._blocked or time.monotonic() >= deadline:  # the parser waits for room: write now
                            break
                        continue
                    if more is _END:
                        end = True
                        break
                    group.append(more)
                try:
                    self._write(group)
                finally:
                    self._release(group)
        except BaseException as err:  # noqa: BLE001  (handed to the caller's thread by close())
            self._error = err
            if not end:
                self._drain()

    def _write(self, group: list[Item]) -> None:
        if self.stopped is not None:  # passed over: the caller names what was not written
            return
        log.debug("writing %d documents: %s … %s", len(group), group[0][0].id, group[-1][0].id)
        try:
            errors = self.store.write_documents(group)
        except StoreError as err:
            if len(group) > 1:  # one document's fault, or the store's? try them one by one
                for item in group:
                    self._write([item])
                return
            self.stopped = err
            return
        log.debug("wrote %d documents: %s … %s", len(group), group[0][0].id, group[-1][0].id)
        for (doc, mentions), error in zip(group, errors):
            if error is None:
                self.written(doc, mentions)
            else:
                self.failed(doc, _message(doc, error))

    def _drain(self) -> None:
        """After a crash: take what is still queued (so the parser never waits) until the end."""
        while (item := self._queue.get()) is not _END:
            self._release([item])


def _chars(doc: Document, mentions: list[RelationMention]) -> int:
    """What a queued document weighs: its text and its mentions' sentences."""
    return len(doc.text) + sum(len(m.sentence) for m in mentions)


def _message(doc: Document, error: DocumentError) -> str:
    text = str(error)
    return text if doc.id in text else f"{doc.id}: {text}"
