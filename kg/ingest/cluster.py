"""Run the NLP stage on several local processes or on a Dask cluster.

``kg.ingest.run.build(paths, store, extractor=...)`` takes an *extractor*: a
callable ``(docs: Iterable[Document]) -> Iterator[(Document, mentions)]``.
This module makes the two scaled ones:

* :func:`local_extractor` — N local parser processes, as ``kg build`` runs
  them (:mod:`kg.ingest.parsers`; not spaCy's ``n_process``, which ships
  whole Docs back).
* :func:`dask_extractor` — a ``dask.distributed`` cluster: documents are sent
  in partitions (one task per partition, cut as the local parsers' batches
  are, :func:`kg.ingest.parsers.task_batches`), each worker loads the spaCy
  model once (a worker plugin preloads it; :func:`kg.nlp.pipeline.load_pipeline`
  is cached per process), and only the mentions come back, encoded as the
  local parsers send them (the driver keeps the documents). Results stream
  back as partitions complete (``distributed.as_completed``) and are handed to
  ``build()`` in input order: a partition that finishes early waits for the
  ones before it (the window of partitions in flight or waiting is bounded).
  Input order matters because the store keeps one shared description per
  actor, replaced by each write that mentions it: the same order as a local
  build gives the same graph.

Worker loss: the scheduler re-runs the tasks of a worker that dies (up to
``distributed.scheduler.allowed-failures`` times), and tasks that raise are
retried ``retries`` times, so a build survives a killed worker.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

from kg.errors import InputError, KgError
from kg.extras import require
from kg.ingest.parsers import MAX_DOCS, decode_mentions, encode_document, parse_encoded, task_batches
from kg.ingest.run import Extracted as Result
from kg.ingest.run import Extractor
from kg.model import Document, RelationMention

#: What a task runs on a worker: the mentions of each document of a partition, in order.
PartitionFn = Callable[[list[Document]], list[list[RelationMention]]]


def extract_partition(docs: list[Document]) -> list[list[RelationMention]]:
    """Extract one partition in this process with the cached spaCy pipeline (the default :data:`PartitionFn`).

    Module-level so that it pickles by reference; the model is loaded once
    per worker process by :func:`kg.nlp.pipeline.load_pipeline`'s cache.
    """
    from kg.nlp.pipeline import spacy_parser

    return spacy_parser({})(docs)


def local_extractor(workers: int = 1) -> Extractor:
    """An extractor parsing on ``workers`` local processes: the one ``kg build`` uses (:mod:`kg.ingest.parsers`).

    Examples
    --------
    >>> callable(local_extractor(2))
    True
    """
    if workers < 1:
        raise ValueError("workers must be >= 1")
    from kg.ingest.run import default_extractor

    return default_extractor(workers)


@functools.cache
def _preload_class() -> type:
    """The worker plugin class, made on first use so that importing this module stays light."""
    require("distributed", "dask", "--engine dask")
    from distributed.diagnostics.plugin import WorkerPlugin

    class PreloadModel(WorkerPlugin):
        """Dask worker plugin: load the spaCy pipeline once when a worker (re)starts."""

        name = "kg-preload-model"
        idempotent = True

        def setup(self, worker) -> None:
            from kg.nlp.pipeline import load_pipeline

            roomy_malloc()
            quiet_worker(worker)
            load_pipeline()

    PreloadModel.__module__ = __name__
    PreloadModel.__qualname__ = "PreloadModel"
    return PreloadModel


#: glibc ``mallopt`` parameters (malloc.h).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def roomy_malloc() -> bool:
    """Let this process's malloc keep and reuse freed memory (glibc; False elsewhere).

    Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which
    also fixes glibc's mmap threshold at 128 KiB: every larger array the
    parser allocates is a fresh mmap, zero-filled page by page. Measured on
    40 documents (one worker): 282,411 minor page faults and 5.4 CPU s
    against 16,423 and 4.0 s without it. Setting the thresholds here works
    for workers started any way (LocalCluster, ``dask worker`` on other hosts).
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20) and libc.mallopt(_M_TRIM_THRESHOLD, 128 << 20))
    except (OSError, AttributeError):
        return False


#: Dask settings for a cluster whose workers parse (``local_cluster`` sets them; :func:`quiet_worker`
#: applies them to a running worker). The event loops' tick (20 ms by default: a check that the loop
#: is not blocked), the system monitor (500 ms) and the statistical profiler (10 ms) each wake a
#: thread that takes the GIL from the parser; an idle LocalCluster of 2 workers spent 7-11% of a core on
#: them (scheduler, nannies and client in the build's process 3.5-6.6%, each worker ~2%), 2.8% with these.
TICK, MONITOR = "1s", "2s"
QUIET = {
    "distributed.admin.tick.interval": TICK,
    "distributed.admin.system-monitor.interval": MONITOR,
    "distributed.admin.system-monitor.disk": False,
    "distributed.worker.profile.enabled": False,
}


def quiet_worker(worker) -> None:
    """Apply :data:`QUIET` to a running worker (one started by ``dask worker`` on another host, say)."""
    from dask.utils import parse_timedelta

    callbacks = worker.periodic_callbacks
    for name in ("profile", "profile-cycle"):
        if name in callbacks:
            callbacks[name].stop()
    for name, every in (("tick", TICK), ("monitor", MONITOR)):
        if name in callbacks:
            callbacks[name].callback_time = parse_timedelta(every) * 1000


def __getattr__(name: str):
    # ``kg.ingest.cluster.PreloadModel`` resolves lazily, so the plugin pickles by reference.
    if name == "PreloadModel":
        return _preload_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def local_cluster(n_workers: int = 2):
    """A ``LocalCluster`` for the NLP stage: ``n_workers`` processes of one thread each, with :data:`QUIET`.

    Dask's statistical profiler samples the task thread's stack every 10 ms,
    holding the GIL (one run here, 100 documents: 11.5 s with it, 10.1 s
    without; a small, noisy gain).
    """
    import logging

    require("distributed", "dask", "--engine dask")
    import dask
    from distributed import LocalCluster

    with dask.config.set(QUIET):
        return LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.WARNING,
        )


def _run_on_cluster(
    docs: Iterable[Document],
    *,
    scheduler,
    n_workers: int,
    partition_size: int,
    retries: int,
    max_in_flight: int | None,
    partition_fn: PartitionFn,
    preload: bool,
    connect_timeout: float = 10.0,
) -> Iterator[Result]:
    require("distributed", "dask", "--engine dask")
    from distributed import Client, as_completed

    cluster = None
    own_client = True
    if scheduler is None:
        cluster = local_cluster(n_workers)
        client = Client(cluster)
    elif isinstance(scheduler, Client):
        client, own_client = scheduler, False
    else:
        try:
            client = Client(scheduler, timeout=connect_timeout)
        except (OSError, TimeoutError) as err:
            raise KgError(f"cannot reach the Dask scheduler {scheduler}: {err}") from None
    try:
        if preload:
            plugin = _preload_class()()
            client.register_plugin(plugin, name=plugin.name)
        n = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})) or n_workers)
        window = max_in_flight or 2 * n + 2
        parts = task_batches(docs, n, max_docs=partition_size)
        pending = as_completed(loop=client.loop)  # not default_client(): another Client may exist
        sent: dict[str, tuple[int, list[Document]]] = {}  # by task key: its place in the input, its documents
        done: dict[int, Iterable[Result]] = {}
        submitted = 0
        next_out = 0

        def submit() -> bool:
            nonlocal submitted
            part = next(parts, None)
            if part is None:
                return False
            encoded = [encode_document(d) for d in part]
            future = client.submit(parse_encoded, partition_fn, encoded, retries=retries, pure=False)
            sent[str(future.key)] = (submitted, part)
            submitted += 1
            pending.add(future)
            return True

        for _ in range(window):
            if not submit():
                break
        for future in pending:  # completion order ...
            number, part = sent.pop(str(future.key))
            try:
                encoded = future.result()
            except Exception as err:  # KilledWorker after repeated worker loss, or the task's own error
                names = ", ".join(d.id for d in part)
                raise KgError(
                    f"the Dask cluster could not extract documents {names}: {type(err).__name__}: {err}"
                ) from None
            future.release()
            done[number] = zip(part, decode_mentions(*encoded))
            while next_out in done:  # ... yielded in input order, as soon as the next one is in
                ready = done.pop(next_out)
                next_out += 1
                submit()  # in flight + waiting stays within the window
                yield from ready
    finally:
        if own_client:
            client.close()
        if cluster is not None:
            cluster.close()


def dask_extractor(
    scheduler=None,
    *,
    n_workers: int = 2,
    partition_size: int = MAX_DOCS,
    retries: int = 3,
    max_in_flight: int | None = None,
    partition_fn: PartitionFn = extract_partition,
    connect_timeout: float = 10.0,
) -> Extractor:
    """An extractor that runs the NLP stage on a ``dask.distributed`` cluster.

    Parameters
    ----------
    scheduler
        ``"tcp://HOST:PORT"`` of a running scheduler, a ``distributed.Client``,
        or ``None`` to start a ``LocalCluster`` of ``n_workers`` processes
        (one thread each) for the duration of the build.
    n_workers
        Workers of the LocalCluster started when ``scheduler`` is ``None``.
    partition_size
        Most documents per task; tasks are also bounded by characters, as the
        local parsers' batches are (:func:`kg.ingest.parsers.task_batches`).
    retries
        Times a task that raises is retried (worker loss is handled by the
        scheduler, which re-runs the lost tasks elsewhere).
    max_in_flight
        Partitions submitted or waiting for an earlier one (default: twice the
        workers, plus two), so a large corpus is streamed, not loaded at once.
    partition_fn
        Picklable ``list[Document] -> list[mentions]`` (one list per document, in
        order) run on the workers; the default parses with spaCy
        (:func:`extract_partition`).
    connect_timeout
        Seconds to wait for a remote scheduler before giving up.

    Returns
    -------
    callable
        ``(docs) -> Iterator[(Document, mentions)]`` in input order, each
        partition's results as soon as it and all before it have completed.
    """
    if n_workers < 1:
        raise ValueError("n_workers must be >= 1")
    if partition_size < 1:
        raise ValueError("partition size must be >= 1")
    return functools.partial(
        _run_on_cluster,
        scheduler=scheduler,
        n_workers=n_workers,
        partition_size=partition_size,
        retries=retries,
        max_in_flight=max_in_flight,
        partition_fn=partition_fn,
        preload=partition_fn is extract_partition,
        connect_timeout=connect_timeout,
    )


def make_extractor(
    engine: str = "local",
    *,
    workers: int = 1,
    scheduler: str | None = None,
    partition_size: int = MAX_DOCS,
) -> Extractor:
    """The extractor ``kg build --engine ENGINE [--workers N] [--scheduler ADDR]`` asks for.

    ``local``: spaCy on ``workers`` local processes. ``dask``: the cluster at
    ``scheduler`` (``tcp://HOST:PORT``), or a LocalCluster of ``workers``
    processes when no scheduler is given.

    Examples
    --------
    >>> callable(make_extractor("dask", scheduler="tcp://127.0.0.1:8786"))
    True
    >>> make_extractor("local", scheduler="tcp://127.0.0.1:8786")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --scheduler needs --engine dask
    """
    if workers < 1:
        raise InputError(f"--workers must be at least 1 (got {workers})")
    if engine == "local":
        if scheduler:
            raise InputError("--scheduler needs --engine dask")
        return local_extractor(workers)
    if engine == "dask":
        require("distributed", "dask", "--engine dask")
        if scheduler is not None and not scheduler.strip():
            raise InputError("--scheduler is empty (expected tcp://HOST:PORT)")
        return dask_extractor(scheduler or None, n_workers=workers, partition_size=partition_size)
    raise InputError(f"unknown --engine {engine!r} (known: local, dask)")
