"""Parse in child processes while the build's own process reads, checks and writes.

``kg build`` spends most of its time in the spaCy parser; everything else
(reading files, the content-hash check, writing the graph) must run beside
it, not before or after it. A writer *thread* does not do that: the Python
part of a write holds the GIL the parser needs. So the parser runs in
``workers`` child processes (one for ``--workers 1``) and the build's process
only feeds them and writes: with a second core, the parser's process does
nothing but parse (DESIGN.md, "Build and scale").

Documents go out in batches of about :data:`BATCH_CHARS` characters (the
last ones smaller, :func:`task_batches`) to a shared task queue (a free
parser takes the next one); at most
:data:`IN_FLIGHT` batches per parser are out at a time (one being parsed, one
waiting), so memory stays bounded and the parser never waits for work.
Results come back as plain tuples (:func:`encode_mentions`: each actor once
per batch, each mention a tuple), cheaper to pickle than the dataclasses, and
are handed on in input order.

The children load the pipeline themselves, in parallel with the build's
start, and die with the build (:mod:`kg.ingest.lifeline`). A parser that
fails reports its error, which stops the build with that message; one that
dies (killed, out of memory) stops it with one line saying so.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from typing import Any

import kg.errors
from kg.batching import batches
from kg.errors import KgError
from kg.model import Actor, Document, RelationMention

#: Characters of document text per batch sent to a parser (a longer document goes alone), and most documents.
BATCH_CHARS = 20_000
MAX_DOCS = 256
#: Batches per parser sent and not yet handed on: one being parsed, one waiting.
IN_FLIGHT = 2
#: Seconds between checks that the parsers are still alive while waiting for a result.
POLL = 1.0

_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))
_MENTION_FIELDS = tuple(f.name for f in fields(RelationMention))
_ACTOR_SLOTS = frozenset(("subject", "object", "attributed_to"))

Extracted = tuple[Document, list[RelationMention]]
#: What a parser process runs: loads its parser from the settings, returns what parses one batch.
Loader = Callable[[dict[str, Any]], Callable[[list[Document]], list[list[RelationMention]]]]


def encode_document(doc: Document) -> tuple:
    """A document as a tuple of its fields (what goes to a parser)."""
    return tuple(getattr(doc, name) for name in _DOCUMENT_FIELDS)


def decode_document(values: tuple) -> Document:
    return Document(*values)


def encode_mentions(per_doc: Iterable[list[RelationMention]]) -> tuple[list[tuple], list[list[tuple]]]:
    """Mentions of several documents as ``(actors, mentions)``: each distinct actor once (a tuple of
    its fields), each mention a tuple of its fields with its actors as indexes into ``actors``.

    >>> from kg.model import Actor, RelationMention
    >>> iran, iraq = Actor("iran", "Iran", "State"), Actor("iraq", "Iraq", "State")
    >>> m = RelationMention("d", iran, "attacks", iraq, "conflict", confidence=0.8)
    >>> actors, docs = encode_mentions([[m, m], []])
    >>> [a[0] for a in actors], docs[0][0][1], decode_mentions(actors, docs) == [[m, m], []]
    (['iran', 'iraq'], 0, True)
    """
    index: dict[Actor, int] = {}
    actors: list[tuple] = []

    def ref(actor: Actor | None) -> int | None:
        if actor is None:
            return None
        k = index.get(actor)
        if k is None:
            k = index[actor] = len(actors)
            actors.append(tuple(getattr(actor, name) for name in _ACTOR_FIELDS))
        return k

    docs = [
        [
            tuple(ref(getattr(m, name)) if name in _ACTOR_SLOTS else getattr(m, name) for name in _MENTION_FIELDS)
            for m in mentions
        ]
        for mentions in per_doc
    ]
    return actors, docs


def decode_mentions(actors: list[tuple], per_doc: list[list[tuple]]) -> list[list[RelationMention]]:
    """The mentions of each document back from :func:`encode_mentions`."""
    made = [Actor(*a) for a in actors]
    slots = [name in _ACTOR_SLOTS for name in _MENTION_FIELDS]
    return [
        [RelationMention(*(made[v] if slot and v is not None else v for slot, v in zip(slots, m))) for m in mentions]
        for mentions in per_doc
    ]


def parse_encoded(
    parse: Callable[[list[Document]], list[list[RelationMention]]], docs: list[tuple]
) -> tuple[list[tuple], list[list[tuple]]]:
    """One batch's work, wherever it runs (a parser process, a Dask task): documents in as tuples
    (:func:`encode_document`), their mentions back encoded (:func:`encode_mentions`), no document text.

    >>> parse_encoded(lambda docs: [[] for _ in docs], [encode_document(Document("d", "Iran."))])
    ([], [[]])
    """
    return encode_mentions(parse([decode_document(d) for d in docs]))


def task_batches(
    docs: Iterable[Document], parallel: int, *, max_docs: int | None = None, chars: int | None = None
) -> Iterator[list[Document]]:
    """The documents in batches for ``parallel`` parsers: of :data:`MAX_DOCS` documents and
    :data:`BATCH_CHARS` characters at most, the last ones smaller so that the parsers finish together.

    A build's end is where parsers idle: one parses the last batch while the others wait. So the last
    ``parallel`` batches are held back and, once the input has ended, cut again into pieces of a
    ``2 * parallel``-th of what is left (at least an eighth of a batch): each piece smaller than the
    one before, the last ones a document or two.

    >>> docs = [Document(str(i), "x" * 10) for i in range(12)]
    >>> [len(b) for b in task_batches(docs, 2, chars=40)]
    [4, 2, 1, 1, 1, 1, 1, 1]
    >>> [len(b) for b in task_batches(docs, 1, chars=40)]
    [4, 4, 4]
    """
    max_docs = max_docs or MAX_DOCS
    chars = chars or BATCH_CHARS
    cut = batches(docs, max_docs, chars, _length)
    if parallel < 2:
        yield from cut
        return
    ahead: deque[list[Document]] = deque()
    for batch in cut:
        ahead.append(batch)
        if len(ahead) > parallel:
            yield ahead.popleft()
    rest = deque(d for batch in ahead for d in batch)
    left = sum(map(_length, rest))
    while rest:
        target = max(left // (2 * parallel), chars // 8)
        piece = [rest.popleft()]
        used = _length(piece[0])
        while rest and len(piece) < max_docs and used + _length(rest[0]) <= target:
            used += _length(rest[0])
            piece.append(rest.popleft())
        left -= used
        yield piece


def _length(doc: Document) -> int:
    return len(doc.text)


def parse_in_processes(
    docs: Iterable[Document], workers: int, settings: dict[str, Any], load: Loader
) -> Iterator[Extracted]:
    """``(document, mentions)`` for each document, in input order, parsed on ``workers`` child processes
    (each runs the parser ``load(settings)`` returns; kg's is :func:`kg.nlp.pipeline.spacy_parser`).

    ``load`` must pickle (a module-level function) where processes are spawned, not forked."""
    from kg.ingest.lifeline import children_die_with_this_process

    children_die_with_this_process()  # kill -9 of the build takes its parsers with it
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    procs = [
        ctx.Process(  # type: ignore[attr-defined]  # typeshed's BaseContext lacks Process
            target=_serve, args=(tasks, results, load, settings, workers > 1), name=f"kg-parser-{i}", daemon=True
        )
        for i in range(workers)
    ]
    for p in procs:
        p.start()
    pending: deque[tuple[int, list[Document]]] = deque()
    arrived: dict[int, Any] = {}
    finished = False
    try:
        for number, batch in enumerate(task_batches(docs, workers)):
            tasks.put((number, [encode_document(d) for d in batch]))
            pending.append((number, batch))
            while len(pending) >= IN_FLIGHT * workers:
                yield from _hand_on(pending.popleft(), results, arrived, procs)
        while pending:
            yield from _hand_on(pending.popleft(), results, arrived, procs)
        finished = True
    finally:
        _stop(procs, tasks, results, finished)


def _hand_on(item: tuple[int, list[Document]], results, arrived: dict[int, Any], procs) -> Iterator[Extracted]:
    number, batch = item
    while number not in arrived:
        try:
            got, payload = results.get(timeout=POLL)
        except queue.Empty:
            dead = [p for p in procs if p.exitcode is not None]
            if dead:
                raise KgError(
                    f"the parser process {dead[0].name} died (exit code {dead[0].exitcode}); build again to go on"
                ) from None
            continue
        arrived[got] = payload
    payload = arrived.pop(number)
    if isinstance(payload, BaseException):
        raise payload
    yield from zip(batch, decode_mentions(*payload))


def _stop(procs, tasks, results, finished: bool) -> None:
    """End the parsers: asked to, after the last batch; at once, when the build stops early."""
    for p in procs:
        if finished:
            tasks.put(None)
        else:
            p.terminate()
    for p in procs:
        p.join(10)
        if p.exitcode is None:
            p.kill()
            p.join()
    for q in (tasks, results):
        q.cancel_join_thread()  # nothing left to deliver: do not wait for the feeder threads
        q.close()


def _serve(tasks, results, load: Loader, settings: dict[str, Any], single_thread: bool) -> None:
    """A parser process: load the parser, then parse batches until told to stop."""
    if single_thread:  # siblings each running a BLAS thread pool compete for the same cores
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[name] = "1"
        if "numpy" in sys.modules:  # forked from a process that loaded numpy: its BLAS read them already
            _one_blas_thread()
    error: BaseException | None = None
    try:
        parse = load(settings)
    except Exception as err:  # noqa: BLE001  (reported for the first batch: the build stops with it)
        error = _portable(err)
    while (task := tasks.get()) is not None:
        number, docs = task
        if error is None:
            try:
                results.put((number, parse_encoded(parse, docs)))
                continue
            except Exception as err:  # noqa: BLE001
                error = _portable(err)
        results.put((number, error))


def _one_blas_thread() -> None:
    """Set numpy's bundled OpenBLAS to one thread, if it can be found (best effort)."""
    import ctypes
    import glob

    import numpy

    for path in glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, "numpy.libs", "*openblas*")):
        try:
            dll = ctypes.CDLL(path)
        except OSError:
            continue
        for name in (
            "scipy_openblas_set_num_threads64_",
            "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_",
            "openblas_set_num_threads",
        ):
            fn = getattr(dll, name, None)
            if fn is not None:
                fn(1)
                return


def _portable(err: BaseException) -> KgError:
    """An error the build's process can re-raise: a kg error as itself, anything else as a KgError."""
    cls = getattr(kg.errors, type(err).__name__, None)
    if isinstance(cls, type) and issubclass(cls, KgError) and isinstance(err, cls):
        return cls(str(err))
    return KgError(f"the parser failed: {type(err).__name__}: {err}")
