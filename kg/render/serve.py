"""``kg serve``: a SPARQL 1.1 endpoint over an embedded store, the graph page, and a SPARQL editor.

Design (why it is built this way)
---------------------------------
Two processes, one port anyone sees:

* the **engine** is Oxigraph's own server (:mod:`kg.store.server`, the
  ``oxigraph`` CLI: same engine and version as ``pyoxigraph``) on the store
  directory, with ``--union-default-graph`` (queries see what ``kg query``
  sees) and ``--timeout-s`` (Oxigraph cancels a query at the time limit). It
  implements the protocol, content negotiation and the parser's messages.
  Without ``--allow-update`` it is ``oxigraph serve-read-only``: no route of
  it can write, whoever reaches it. It listens on a random address of
  127.0.0.0/8 that is never shown to a client (pages, headers and the
  service description name the public URL only).
* the **gate** (:mod:`kg.render.endpoint.gate`, aiohttp) is the public port:
  graph page at ``/``, editor at ``/sparql``, protocol at ``/query`` and
  ``/sparql``, and the refusals (writes, ``SERVICE`` / ``LOAD``, foreign
  ``Host`` names, cross-site writes, bodies over the limit).

The store lock: ``serve-read-only`` takes none, so in read-only mode ``kg
serve`` holds the store's write lock itself (:func:`kg.store.lock.hold_store_lock`)
for as long as it serves: a ``kg build`` fails with "locked" instead of
writing under the reader, while read-only commands (``kg query``, ``kg
stats``, ``kg export``) still run beside it. With ``--allow-update`` the
engine is ``oxigraph serve`` and holds the lock; a team can then build
*through* the endpoint (``kg build docs/ --store http://127.0.0.1:7878``).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kg.errors import KgError, StoreError
from kg.rdf.namespace import KG, sparql_prefixes
from kg.render.endpoint.policy import Policy
from kg.store.server import OxigraphServer, log_tail, private_loopback_host, start_oxigraph

#: Default query time limit (seconds) of ``kg serve`` and ``kg query``.
DEFAULT_TIMEOUT = 30.0
#: Default request body limit.
DEFAULT_MAX_BODY = 16 * 1024 * 1024

# --------------------------------------------------------------------------- the graph page

_RELATIONS = (
    sparql_prefixes(("kg", "rdfs"))
    + """SELECT DISTINCT ?sl ?p ?ol WHERE {
  ?p rdfs:subPropertyOf+ kg:relation . ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol
} ORDER BY ?sl ?p ?ol"""
)

#: Shown at the bottom of the fallback pages (the graph page links the endpoint in its own header).
_ENDPOINT_NOTE = (
    b'<p style="position:fixed;bottom:0;right:0;margin:0;padding:4px 8px;background:#fff;'
    b'font:13px sans-serif;border:1px solid #ccc" id="kg-endpoint-note">'
    b'SPARQL: <a href="/sparql">editor</a> \xc2\xb7 endpoint <code>/query</code></p>'
)


def _fallback_page(title: str, note: str, graph=None) -> bytes:
    """A minimal page that links the endpoint (and lists the relations of ``graph``, if given)."""
    from jinja2 import Environment, PackageLoader

    rows = []
    if graph is not None:
        rows = [(str(sl), str(p).rsplit("#", 1)[-1], str(ol)) for sl, p, ol in graph.query(_RELATIONS)]
    env = Environment(loader=PackageLoader("kg.render", "templates"), autoescape=True)
    return env.get_template("fallback.html").render(title=title, note=note, rows=rows).encode("utf-8")


def with_endpoint_note(page: bytes) -> bytes:
    """A fallback page with a line linking the editor and the endpoint, before ``</body>``.

    >>> with_endpoint_note(b"<html><body><p>x</p></body></html>").count(b'href="/sparql"')
    1
    """
    at = page.rfind(b"</body>")
    return page + _ENDPOINT_NOTE if at < 0 else page[:at] + _ENDPOINT_NOTE + page[at:]


def render_page(upstream: OxigraphServer, title: str | None = None) -> bytes:
    """The HTML graph page for ``/``: :func:`kg.render.draw.draw` of the served graph, its header linking ``/sparql``.

    The drawing stage reads the graph with SPARQL through the engine (a
    :class:`kg.store.RemoteStore` on its private address), so nothing is
    copied into this process. Falls back to a minimal page that links the
    endpoint when there is nothing to draw or the drawing stage is missing.
    """
    from kg.store.remote import RemoteStore

    source = RemoteStore(upstream.url)
    name = title or "kg graph"
    if not source.query("ASK { ?a a ?assertion }", {"assertion": KG.Assertion}).askAnswer:
        return with_endpoint_note(_fallback_page(name, "The store holds no relations yet: build it with `kg build`."))
    try:
        from kg.render.draw import draw
    except ImportError:
        return with_endpoint_note(_fallback_page(name, "The drawing stage is not installed.", source))
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        out = Path(tmp) / "graph.html"
        # the page's header links the endpoint; a browser there gets the editor
        if title:
            draw(source, out, endpoint="/sparql", title=title)
        else:
            draw(source, out, endpoint="/sparql")
        return out.read_bytes()


def _safe_page(upstream: OxigraphServer, title: str | None) -> bytes:
    try:
        return render_page(upstream, title)
    except Exception as err:  # noqa: BLE001 - the page must never take the endpoint down
        return with_endpoint_note(_fallback_page(title or "kg graph", f"The graph page could not be drawn: {err}"))


def _editor_page(upstream: OxigraphServer, title: str | None) -> bytes:
    from kg.render.endpoint.editor import editor_page
    from kg.store.remote import RemoteStore

    return editor_page(RemoteStore(upstream.url), title or "kg")


# --------------------------------------------------------------------------- running it


class _Engine:
    """The current Oxigraph engine and how to start another like it (the gate restarts an overrunning one)."""

    def __init__(self, directory: Path | None, read_only: bool, timeout: float | None) -> None:
        self._args = {"read_only": read_only, "query_timeout": timeout}
        self._directory = directory
        self._lock = threading.Lock()
        self.server = self._start()

    def _start(self) -> OxigraphServer:
        return start_oxigraph(self._directory, host=private_loopback_host(), **self._args)  # type: ignore[arg-type]

    def url(self) -> str:
        return self.server.url

    def alive(self) -> bool:
        """Whether the engine runs (waits for a restart under way to finish)."""
        with self._lock:
            return self.server.alive()

    def restart(self) -> None:
        """Stop the engine and start a new one on a new private address (read-only: the new one first)."""
        with self._lock:
            old = self.server
            if self._args["read_only"]:
                self.server = self._start()
                old.stop(timeout=2)
            else:  # a read-write engine holds the store lock: the old one must go first
                old.stop(timeout=2)
                self.server = self._start()


@dataclass
class RunningEndpoint:
    """A running ``kg serve``: the public gate plus its Oxigraph engine."""

    url: str
    engine: _Engine
    policy: Policy
    _loop: asyncio.AbstractEventLoop = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _stop: asyncio.Event = field(repr=False)
    _lock: object | None = field(default=None, repr=False)

    @property
    def upstream(self) -> OxigraphServer:
        """The Oxigraph engine serving now (private; a new one after a restart)."""
        return self.engine.server

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint, e.g. ``http://127.0.0.1:7878/query`` (``/sparql`` is the same)."""
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (refused unless started with ``allow_update``)."""
        return self.url + "/update"

    @property
    def editor_url(self) -> str:
        """The SPARQL editor (a browser at ``/sparql``)."""
        return self.url + "/sparql"

    @property
    def token(self) -> str | None:
        """The update token (``Authorization: Bearer TOKEN``), when updates are allowed."""
        return self.policy.token

    def stop(self) -> None:
        """Stop the gate and the engine; the store's lock is released."""
        if self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(30)
        self.upstream.stop()
        if self._lock is not None:
            self._lock.release()  # type: ignore[attr-defined]
            self._lock = None

    def __enter__(self) -> RunningEndpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _store_directory(location: str, allow_update: bool) -> Path | None:
    if location.startswith(("http://", "https://")):
        raise StoreError(f"kg serve serves a local store directory; {location} is already a SPARQL endpoint")
    if location == "memory":
        if not allow_update:
            raise StoreError("an in-memory store is empty: serve it with --allow-update, or build a store first")
        return None
    from kg.store.open import check_store_location

    path = Path(location)
    if not path.exists() and not allow_update:
        raise StoreError(f"store {location} does not exist (build it first: kg build DOCS --store {location})")
    check_store_location(location, create=allow_update)
    return path


def _run_gate(app, host: str, port: int, ready: threading.Event, box: dict) -> None:
    """The gate's thread: its own event loop, until ``box['stop']`` is set."""
    from aiohttp import web

    async def main() -> None:
        box["stop"] = stop = asyncio.Event()
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=5)
        await runner.setup()
        try:
            site = web.TCPSite(runner, host, port, backlog=1024, reuse_address=True)
            await site.start()
        except OSError as err:
            box["error"] = err
            await runner.cleanup()
            ready.set()
            return
        server = site._server  # noqa: SLF001 - the port the OS picked for port 0
        box["address"] = server.sockets[0].getsockname()[:2]  # type: ignore[union-attr]
        ready.set()
        await stop.wait()
        await runner.cleanup()

    loop = asyncio.new_event_loop()
    box["loop"] = loop
    try:
        loop.run_until_complete(main())
    except BaseException as err:  # noqa: BLE001 - reported to the starting thread
        box.setdefault("error", err)
        ready.set()
    finally:
        loop.close()


def start_endpoint(
    location: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_update: bool = False,
    allow_service: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    cors: tuple[str, ...] = ("localhost",),
    allow_hosts: tuple[str, ...] = (),
    max_body: int = DEFAULT_MAX_BODY,
    title: str | None = None,
) -> RunningEndpoint:
    """Start ``kg serve`` in the background and return once it answers.

    Parameters
    ----------
    location
        The embedded store's directory (or ``"memory"`` with ``allow_update``).
    host, port
        The public address (``port=0`` picks a free one). Loopback by default.
    allow_update
        Accept SPARQL Update and Graph Store writes (from this endpoint's own
        origin, a client that sends no ``Origin`` and a non-form content type,
        or anyone with :attr:`RunningEndpoint.token`); refused (403) otherwise.
    allow_service
        Let ``SERVICE`` (and ``LOAD``) make the server fetch URLs.
    timeout
        Seconds after which a query is cancelled (None or 0: no limit).
    cors
        Origins that may read from a browser: ``("localhost",)`` (any loopback
        origin), explicit origins, ``("*",)``, or ``()``.
    allow_hosts
        Extra names accepted in the ``Host`` header (behind a reverse proxy).
    max_body
        Largest request body accepted, in bytes.
    title
        Title of the HTML page at ``/`` (default: the drawing stage's).

    Raises
    ------
    StoreError
        The store is missing, locked by another process, not a kg store, or is a URL.
    KgError
        The public address cannot be bound or the port is out of range.
    """
    from kg.render.endpoint.gate import GateState, make_app
    from kg.store.lock import hold_store_lock

    if not 0 <= int(port) <= 65535:
        raise KgError(f"--port {port}: a TCP port is a number from 0 to 65535")
    directory = _store_directory(str(location), allow_update)
    lock = None if allow_update or directory is None else hold_store_lock(directory)
    try:
        engine = _Engine(directory, read_only=not allow_update, timeout=timeout or None)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    policy = Policy(
        bound_host=host,
        allow_update=allow_update,
        allow_service=allow_service,
        cors=tuple(cors),
        allow_hosts=tuple(allow_hosts),
        token=secrets.token_urlsafe(24) if allow_update else None,
        max_body=max_body,
    )
    state = GateState(
        policy,
        engine.url,
        lambda: _safe_page(engine.server, title),
        lambda: _editor_page(engine.server, title),
        query_timeout=timeout or None,
        restart_engine=engine.restart,
    )
    ready, box = threading.Event(), cast("dict[str, Any]", {})
    thread = threading.Thread(
        target=_run_gate, args=(make_app(state), host, port, ready, box), name="kg-serve", daemon=True
    )
    thread.start()
    ready.wait(60)
    if "address" not in box:
        thread.join(10)
        engine.server.stop()
        if lock is not None:
            lock.release()
        err = box.get("error")
        reason = getattr(err, "strerror", None) or err or "it did not start"
        raise KgError(f"cannot listen on {host}:{port}: {reason}")
    bound_host, bound_port = box["address"]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    return RunningEndpoint(f"http://{shown}:{bound_port}", engine, policy, box["loop"], thread, box["stop"], lock)


def serve(location: str | os.PathLike, *, on_ready=None, **options) -> None:
    """Run ``kg serve`` in the foreground until interrupted (Ctrl-C, SIGTERM) or the engine dies.

    ``options`` are those of :func:`start_endpoint`; ``on_ready(endpoint)`` is
    called once it answers (the CLI prints the URLs and the update token).
    """
    import signal

    def _terminate(signum, frame):  # SIGTERM stops the engine too, like Ctrl-C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    endpoint = start_endpoint(location, **options)
    try:
        if on_ready is not None:
            on_ready(endpoint)
        while endpoint.engine.alive():
            time.sleep(0.5)
        raise StoreError(f"the oxigraph engine stopped: {log_tail(endpoint.upstream.log_path)}")
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
