"""``kg serve``: a SPARQL 1.1 Protocol endpoint over an embedded store, plus the graph page.

Design (why it is built this way)
---------------------------------
The SPARQL side is **Oxigraph's own HTTP server** (:mod:`kg.store.server`:
the ``oxigraph`` CLI of the PyPI package ``oxigraph``, the same engine and
version as ``pyoxigraph``), started as a subprocess on the store's
directory, bound to a private loopback port, with ``--union-default-graph``
so that queries see the union of the per-document named graphs exactly as
``kg query`` does. It implements the
SPARQL 1.1 Protocol (GET, form POST, direct ``application/sparql-query`` POST,
``default-graph-uri``/``named-graph-uri``), content negotiation of every
standard result format (SPARQL JSON / XML / CSV / TSV; Turtle, N-Triples,
RDF/XML, JSON-LD …) and reports a malformed query as ``400`` with its
parser's message. None of that is re-implemented here.

In front of it, :class:`_ProxyHandler` (a stdlib ``ThreadingHTTPServer``, about
a hundred lines) listens on the public address and

* serves the HTML graph page (:func:`kg.render.draw.draw`) at ``/``, because Oxigraph's own
  ``/`` is its YASGUI page;
* forwards ``/query`` (GET / POST) unchanged, streaming the response back;
* forwards ``/update`` and ``/store`` writes only with ``--allow-update``;
  otherwise answers ``403`` without contacting the engine, so nothing can
  change.

Why ``oxigraph serve`` and not ``oxigraph serve-read-only`` for the read-only
mode: ``serve-read-only`` does not take the store's lock, so a ``kg build``
could write the same directory while it reads it, which Oxigraph documents as
undefined behaviour. ``oxigraph serve`` holds the lock for as long as the
endpoint runs: a concurrent ``kg build`` then fails with a clear "locked"
error, and read-only is enforced by the proxy's allow-list (only queries and
Graph Store reads are forwarded). While serving with ``--allow-update`` a
team can build *through* the endpoint:
``kg build docs/ --store http://127.0.0.1:7878``.

The store lock: an embedded store directory can be opened by one process at
a time (RocksDB's ``LOCK`` file). If another process holds it, ``kg serve``
fails with a :class:`~kg.errors.StoreError` that says so.
"""

from __future__ import annotations

import http.client
import os
import socket
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import KgError, StoreError
from kg.rdf.namespace import KG, sparql_prefixes
from kg.store.server import OxigraphServer, log_tail, start_oxigraph

#: Request headers passed on to the engine (everything else is dropped).
_FORWARD_REQUEST_HEADERS = ("accept", "content-type", "content-length", "accept-language")
#: Response headers not copied back (hop-by-hop, or recomputed here).
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-authenticate",
    "proxy-authorization",
    "content-length",
    "server",
    "date",
}


# --------------------------------------------------------------------------- the graph page

_RELATIONS = (
    sparql_prefixes(("kg", "rdfs"))
    + """SELECT DISTINCT ?sl ?p ?ol WHERE {
  ?p rdfs:subPropertyOf+ kg:relation . ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol
} ORDER BY ?sl ?p ?ol"""
)


def _fallback_page(title: str, note: str, graph=None) -> bytes:
    """A minimal page that links the endpoint (and lists the relations of ``graph``, if given)."""
    from jinja2 import Environment, PackageLoader

    rows = []
    if graph is not None:
        rows = [(str(sl), str(p).rsplit("#", 1)[-1], str(ol)) for sl, p, ol in graph.query(_RELATIONS)]
    env = Environment(loader=PackageLoader("kg.render", "templates"), autoescape=True)
    return env.get_template("fallback.html").render(title=title, note=note, rows=rows).encode("utf-8")


def render_page(upstream: OxigraphServer, title: str | None = None) -> bytes:
    """The HTML graph page for ``/``: :func:`kg.render.draw.draw` of the served graph.

    The drawing stage reads the graph with SPARQL through the engine (a
    :class:`kg.store.RemoteStore` on the private port), so nothing is copied
    into this process. Falls back to a minimal page that links the endpoint
    (and lists the relations) when there is nothing to draw or the drawing
    stage is not available.
    """
    from kg.store.remote import RemoteStore

    source = RemoteStore(upstream.url)
    name = title or "kg graph"
    if not source.query("ASK { ?a a ?assertion }", {"assertion": KG.Assertion}).askAnswer:
        return _fallback_page(name, "The store holds no relations yet: build it with `kg build`.")
    try:
        from kg.render.draw import draw
    except ImportError:
        return _fallback_page(name, "The drawing stage is not installed.", source)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as tmp:
        out = Path(tmp) / "graph.html"
        draw(source, out, **({"title": title} if title else {}))
        return out.read_bytes()


# --------------------------------------------------------------------------- the proxy


class _ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, upstream: OxigraphServer, allow_update: bool, title: str | None):
        if ":" in address[0]:  # an IPv6 literal such as ::1
            self.address_family = socket.AF_INET6
        super().__init__(address, _ProxyHandler)
        self.upstream = upstream
        self.allow_update = allow_update
        self.title = title
        self._page: bytes | None = None
        self._page_lock = threading.Lock()
        self._dirty = True

    def page(self) -> bytes:
        with self._page_lock:
            if self._page is None or self._dirty:
                self._dirty = False
                try:
                    self._page = render_page(self.upstream, self.title)
                except Exception as err:  # the page must never take the endpoint down
                    self._page = _fallback_page(self.title or "kg graph", f"The graph page could not be drawn: {err}")
            return self._page

    def mark_dirty(self) -> None:
        self._dirty = True


class _ProxyHandler(BaseHTTPRequestHandler):
    server: _ProxyServer
    server_version = "kg-serve"
    protocol_version = "HTTP/1.0"  # bodies are streamed and end when the connection closes

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if os.environ.get("KG_SERVE_LOG"):
            super().log_message(format, *args)

    # routing -----------------------------------------------------------------
    def _route(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        method = self.command
        if path in ("/", "/index.html") and method in ("GET", "HEAD"):
            return self._send_bytes(200, self.server.page(), "text/html; charset=utf-8")
        if path == "/query" and method in ("GET", "HEAD", "POST"):
            return self._forward()
        if path == "/update" or path == "/store":
            if path == "/store" and method in ("GET", "HEAD"):
                return self._forward()
            if not self.server.allow_update:
                self._drain()
                return self._send_bytes(
                    403,
                    b"This kg endpoint is read-only: updates are refused "
                    b"(start it with `kg serve --allow-update` to accept them).\n",
                    "text/plain; charset=utf-8",
                )
            if method in ("POST", "PUT", "DELETE"):
                self.server.mark_dirty()
                return self._forward()
        self._drain()
        self._send_bytes(
            404, f"Not found: {method} {path} (the SPARQL endpoint is /query)\n".encode(), "text/plain; charset=utf-8"
        )

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _route

    # helpers -----------------------------------------------------------------
    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _drain(self) -> None:
        if self.headers.get("Content-Length") or self.headers.get("Transfer-Encoding"):
            self._body()

    def _send_bytes(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self) -> None:
        up = self.server.upstream
        body = self._body()
        headers = {k: v for k, v in self.headers.items() if k.lower() in _FORWARD_REQUEST_HEADERS}
        conn = http.client.HTTPConnection(up.host, up.port, timeout=600)
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
        except OSError as err:
            conn.close()
            return self._send_bytes(502, f"SPARQL engine unavailable: {err}\n".encode(), "text/plain; charset=utf-8")
        try:
            self.send_response(resp.status, resp.reason)
            for key, value in resp.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                while chunk := resp.read(65536):
                    self.wfile.write(chunk)
        finally:
            conn.close()


# --------------------------------------------------------------------------- public API


@dataclass
class RunningEndpoint:
    """A running ``kg serve``: the public proxy plus its Oxigraph engine."""

    url: str
    upstream: OxigraphServer
    _httpd: _ProxyServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint, e.g. ``http://127.0.0.1:7878/query``."""
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (refused unless started with ``allow_update``)."""
        return self.url + "/update"

    def stop(self) -> None:
        """Stop the proxy and the engine (the store's lock is released)."""
        self._httpd.shutdown()
        self._httpd.server_close()
        self.upstream.stop()

    def __enter__(self) -> RunningEndpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _store_directory(location: str, allow_update: bool) -> Path | None:
    if location.startswith(("http://", "https://")):
        raise StoreError(f"kg serve serves a local store directory; {location} is already a SPARQL endpoint")
    if location == "memory":
        return None
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise StoreError(f"store {location} is not a directory")
    if not path.exists() and not allow_update:
        raise StoreError(f"store {location} does not exist (build it first: kg build DOCS --store {location})")
    return path


def start_endpoint(
    location: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_update: bool = False,
    title: str | None = None,
) -> RunningEndpoint:
    """Start ``kg serve`` in the background and return once it answers.

    Parameters
    ----------
    location
        The embedded store's directory (or ``"memory"``).
    host, port
        The public address (``port=0`` picks a free one). Loopback by default.
    allow_update
        Forward SPARQL Update and Graph Store writes; refused (403) otherwise.
    title
        Title of the HTML page at ``/`` (default: the drawing stage's).

    Raises
    ------
    StoreError
        The store is missing, locked by another process, or is a URL.
    KgError
        The public address cannot be bound.
    """
    directory = _store_directory(str(location), allow_update)
    upstream = start_oxigraph(directory)
    try:
        httpd = _ProxyServer((host, port), upstream, allow_update, title)
    except OSError as err:
        upstream.stop()
        raise KgError(f"cannot listen on {host}:{port}: {err.strerror or err}") from None
    thread = threading.Thread(target=httpd.serve_forever, name="kg-serve", daemon=True)
    thread.start()
    bound_host, bound_port = httpd.server_address[:2]
    shown = f"[{bound_host}]" if ":" in str(bound_host) else bound_host
    return RunningEndpoint(f"http://{shown}:{bound_port}", upstream, httpd, thread)


def serve(
    location: str | os.PathLike,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    allow_update: bool = False,
    on_ready=None,
) -> None:
    """Run ``kg serve`` in the foreground until interrupted (Ctrl-C) or the engine dies.

    ``on_ready(endpoint)`` is called once it answers (the CLI prints the URLs).
    """
    import signal

    def _terminate(signum, frame):  # SIGTERM stops the engine too, like Ctrl-C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    endpoint = start_endpoint(location, host=host, port=port, allow_update=allow_update)
    try:
        if on_ready is not None:
            on_ready(endpoint)
        while endpoint.upstream.alive():
            time.sleep(0.5)
        raise StoreError(f"the oxigraph engine stopped: {log_tail(endpoint.upstream.log_path)}")
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()
