"""The endpoint's public HTTP server: an aiohttp application in front of Oxigraph's own server.

aiohttp gives the front what ``http.server`` lacked: HTTP/1.1 keep-alive, a
listen backlog sized for bursts (1024), a body size limit enforced while
reading (``client_max_size``: a 300 MB POST is refused at the limit, never
buffered), concurrent requests on one event loop, and a pooled client that
streams the engine's answers back chunk by chunk.

The gate answers what the engine must not: the graph page (``/``), the
editor (``/sparql`` for a browser), the service description (naming the
public URL), CORS and preflight, refusals (writes, ``SERVICE`` / ``LOAD``,
hosts, bodies over the limit). Everything else is the SPARQL 1.1 Protocol,
passed to the engine: a query goes as ``POST application/sparql-query`` with
the kg prefixes it uses declared (:func:`~kg.render.endpoint.sparql_text.with_kg_prefixes`),
``default-graph-uri`` / ``named-graph-uri`` kept; the engine negotiates the
result format and reports parse errors (400) and the time limit.
"""

from __future__ import annotations

import asyncio
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from kg.render.endpoint import editor
from kg.render.endpoint.description import description_bytes
from kg.render.endpoint.policy import Policy
from kg.render.endpoint.sparql_text import fetching_keyword, with_kg_prefixes

#: Response headers of the engine not copied (hop-by-hop, recomputed, or naming the engine).
_DROP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "content-length",
    "server",
    "date",
    "location",
    "content-location",
    "access-control-allow-origin",
}
_TEXT = "text/plain; charset=utf-8"
_PROTOCOL_PARAMS = ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
_ERROR_AT = re.compile(rb"(error at 1:)(\d+)")
#: Seconds the engine gets past the query time limit to cancel the query itself.
GRACE = 5.0


@dataclass
class GateState:
    """What the handlers share: the rules, the engine's address, the page makers and a cache for their output."""

    policy: Policy
    #: () -> the engine's base URL now (it changes when the engine is restarted)
    engine_url: Callable[[], str]
    #: () -> bytes of the graph page; () -> the editor page; both block (run in a thread)
    render_page: Callable[[], bytes]
    render_editor: Callable[[], bytes]
    query_timeout: float | None = None
    #: blocking: stop the engine and start a fresh one (a query it did not cancel at the limit)
    restart_engine: Callable[[], None] | None = None
    session: ClientSession | None = None
    _pages: dict[str, bytes] = field(default_factory=dict)
    _locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    _restarts: int = 0

    @property
    def deadline(self) -> float | None:
        """Seconds a whole request to the engine may take: its own limit plus a grace for it to cancel."""
        return self.query_timeout + GRACE if self.query_timeout else None

    async def engine_overran(self, generation: int) -> None:
        """A request outlived the deadline: Oxigraph checks its limit only at some steps of some
        operators (a four-way join ran on past it), so the engine is restarted once per overrun
        generation; queries running on it at that moment fail with 502 and may be sent again."""
        if self.restart_engine is None:
            return
        async with self._locks.setdefault("restart", asyncio.Lock()):
            if generation != self._restarts:
                return  # another overrun restarted it already
            await asyncio.get_running_loop().run_in_executor(None, self.restart_engine)
            self._restarts += 1

    def changed(self) -> None:
        """The data changed (an update went through): pages are drawn again on their next request."""
        self._pages.clear()

    async def page(self, name: str) -> bytes:
        lock = self._locks.setdefault(name, asyncio.Lock())
        async with lock:
            if name not in self._pages:
                make = self.render_page if name == "page" else self.render_editor
                self._pages[name] = await asyncio.get_running_loop().run_in_executor(None, make)
            return self._pages[name]


_STATE: web.AppKey[GateState] = web.AppKey("kg", GateState)


def _state(request: web.Request) -> GateState:
    return request.app[_STATE]


def _text(status: int, message: str) -> web.Response:
    return web.Response(status=status, text=message.rstrip("\n") + "\n", content_type="text/plain", charset="utf-8")


def _own_origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _public_url(request: web.Request) -> str:
    return _own_origin(request)


# --------------------------------------------------------------------------- middleware


@web.middleware
async def _guard(request: web.Request, handler):
    """Host check first (DNS rebinding), then the handler, then CORS headers on reads."""
    state = _state(request)
    if not state.policy.host_allowed(request.headers.get("Host")):
        return _text(421, f"host {request.headers.get('Host')!r} is not served here (kg serve --allow-host NAME)")
    try:
        response = await handler(request)
    except web.HTTPException as err:
        if err.status == 413:
            return _text(413, f"request body over the limit of {state.policy.max_body} bytes (kg serve --max-body)")
        raise
    origin = state.policy.cors_origin(request.headers.get("Origin"))
    if origin and not response.prepared and request.path not in ("/update",):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers.add("Vary", "Origin")
    return response


# --------------------------------------------------------------------------- handlers


async def _page(request: web.Request) -> web.Response:
    body = await _state(request).page("page")
    return web.Response(body=body, content_type="text/html", charset="utf-8")


def _wants_html(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "sparql-results" not in accept


async def _read_body(request: web.Request) -> bytes:
    return await request.read()  # at most client_max_size bytes, else 413 while reading


async def _form(request: web.Request) -> dict[str, list[str]]:
    """The fields of a url-encoded POST body, parsed once per request."""
    if "form" not in request:
        body = await _read_body(request)
        request["form"] = urllib.parse.parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    return request["form"]


async def _operation(request: web.Request, field_name: str, direct_type: str) -> str | None:
    """The query (or update) text of a protocol request: a GET parameter, a form field, or a direct body."""
    if request.method in ("GET", "HEAD"):
        return request.query.get(field_name)
    if request.content_type == direct_type:
        return (await _read_body(request)).decode("utf-8", errors="replace")
    if request.content_type == "application/x-www-form-urlencoded":
        values = (await _form(request)).get(field_name)
        return values[0] if values else None
    raise web.HTTPUnsupportedMediaType(
        text=f"send the {field_name} as {direct_type} or application/x-www-form-urlencoded\n"
    )


async def _carries_update(request: web.Request) -> bool:
    """Whether a POST holds a SPARQL update (a direct update body, or an update= form field)."""
    if request.content_type == "application/sparql-update":
        return True
    if request.content_type == "application/x-www-form-urlencoded":
        return any((await _form(request)).get("update", ()))  # a blank update= field is none
    return False


def _protocol_params(request: web.Request) -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.query.items() if k in _PROTOCOL_PARAMS]


async def _query(request: web.Request) -> web.StreamResponse:
    """``/query`` and ``/sparql``: a query, the service description, or (a browser at /sparql) the editor."""
    state = _state(request)
    if request.method not in ("GET", "HEAD", "POST"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET", "HEAD", "POST", "OPTIONS"])
    if request.method == "POST" and await _carries_update(request):
        # SPARQL's protocol lets one URL take both; here updates have their own door
        refusal = state.policy.write_refusal("POST", request.headers, _own_origin(request))
        return _text(403, refusal) if refusal else _text(400, "send updates to /update, not to the query endpoint")
    try:
        query = await _operation(request, "query", "application/sparql-query")
    except web.HTTPUnsupportedMediaType as err:
        return _text(415, err.text or "unsupported media type")
    if query is None:
        if request.method == "POST":
            return _text(400, "no query in the request (send query=… or an application/sparql-query body)")
        if request.path == "/sparql" and _wants_html(request):
            body = await state.page("editor")
            response = web.Response(body=body, content_type="text/html", charset="utf-8")
            response.headers["Content-Security-Policy"] = editor.CONTENT_SECURITY_POLICY
            return response
        data, media = description_bytes(
            _public_url(request),
            request.headers.get("Accept"),
            allow_update=state.policy.allow_update,
            allow_service=state.policy.allow_service,
        )
        return web.Response(body=data, content_type=media, charset="utf-8")
    return await _checked_and_forwarded(request, state, query, "/query", "application/sparql-query")


async def _update(request: web.Request) -> web.StreamResponse:
    """``/update``: refused before the body is read unless updates are allowed and the request may write."""
    state = _state(request)
    if request.method != "POST":
        raise web.HTTPMethodNotAllowed(request.method, ["POST", "OPTIONS"])
    refusal = state.policy.write_refusal("POST", request.headers, _own_origin(request))
    if refusal:
        return _text(403, refusal)
    try:
        update = await _operation(request, "update", "application/sparql-update")
    except web.HTTPUnsupportedMediaType as err:
        return _text(415, err.text or "unsupported media type")
    if not update:
        return _text(400, "no update in the request (send update=… or an application/sparql-update body)")
    response = await _checked_and_forwarded(request, state, update, "/update", "application/sparql-update")
    state.changed()
    return response


async def _checked_and_forwarded(
    request: web.Request, state: GateState, text: str, path: str, media: str
) -> web.StreamResponse:
    """Refuse SERVICE / LOAD unless allowed, declare the kg prefixes the text uses, and send it on."""
    if not state.policy.allow_service and (keyword := fetching_keyword(text)):
        return _text(
            403,
            f"{keyword} is refused by this endpoint: it makes the server fetch URLs "
            "(start kg serve with --allow-service to allow it)",
        )
    declared, added = with_kg_prefixes(text)
    return await _forward(request, path, declared.encode("utf-8"), media, added)


async def _graph_store(request: web.Request) -> web.StreamResponse:
    """``/store`` (SPARQL 1.1 Graph Store Protocol): reads pass; writes as ``/update``."""
    state = _state(request)
    if request.method in ("GET", "HEAD"):
        return await _forward(request, "/store", None, None, 0, keep_query=True)
    if request.method not in ("PUT", "POST", "DELETE"):
        raise web.HTTPMethodNotAllowed(request.method, ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"])
    refusal = state.policy.write_refusal(request.method, request.headers, _own_origin(request))
    if refusal:
        return _text(403, refusal)
    body = await _read_body(request)
    response = await _forward(request, "/store", body, request.headers.get("Content-Type"), 0, keep_query=True)
    state.changed()
    return response


async def _preflight(request: web.Request) -> web.Response:
    """CORS preflight: reads from allowed origins; writes too when updates are on (they still need the token)."""
    state = _state(request)
    origin = state.policy.cors_origin(request.headers.get("Origin"))
    writes = request.path in ("/update", "/store") and request.headers.get("Access-Control-Request-Method") not in (
        "GET",
        "HEAD",
    )
    if origin is None or (writes and not state.policy.allow_update):
        return _text(403, "cross-origin request not allowed here (kg serve --cors ORIGIN)")
    methods = "GET, HEAD, POST" + (", PUT, DELETE" if state.policy.allow_update and request.path == "/store" else "")
    headers = "Content-Type, Accept" + (", Authorization" if state.policy.allow_update else "")
    response = web.Response(status=204)
    response.headers.update(
        {
            "Access-Control-Allow-Origin": origin,
            "Access-Control-Allow-Methods": methods,
            "Access-Control-Allow-Headers": headers,
            "Access-Control-Max-Age": "600",
            "Vary": "Origin",
        }
    )
    return response


async def _asset(request: web.Request) -> web.Response:
    found = editor.asset(request.match_info["name"])
    if found is None:
        return _text(404, f"not found: {request.path}")
    data, content_type = found
    response = web.Response(body=data, headers={"Content-Type": content_type})
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


async def _not_found(request: web.Request) -> web.Response:
    return _text(404, f"not found: {request.method} {request.path} (SPARQL: /query or /sparql; editor: /sparql)")


# --------------------------------------------------------------------------- the engine


async def _forward(
    request: web.Request,
    path: str,
    body: bytes | None,
    content_type: str | None,
    added: int,
    keep_query: bool = False,
) -> web.StreamResponse:
    """Send to the engine and stream its answer back; 502 with one line if it cannot be reached."""
    state = _state(request)
    assert state.session is not None
    params = list(request.query.items()) if keep_query else _protocol_params(request)
    headers = {"Accept": request.headers.get("Accept", "*/*")}
    if content_type:
        headers["Content-Type"] = content_type
    method = request.method if keep_query else "POST"
    if method == "HEAD":
        method = "GET"
    generation = state._restarts
    box: list[web.StreamResponse] = []
    # only queries have a time limit (Oxigraph's applies to them only); a write is never cut short
    deadline = state.deadline if path == "/query" else None
    try:
        async with asyncio.timeout(deadline):
            return await _exchange(request, state, method, path, params, body, headers, added, box)
    except TimeoutError:
        response = box[0] if box else None
        asyncio.get_running_loop().create_task(state.engine_overran(generation))
        if response is None or not response.prepared:
            return _text(
                503, f"query stopped: it ran past the time limit of {state.query_timeout:g} s (kg serve --timeout)"
            )
        raise  # the answer had started: the connection is closed without its end
    except OSError as err:
        return _text(502, f"SPARQL engine unavailable: {err.strerror or err or type(err).__name__}")


async def _exchange(request, state: GateState, method, path, params, body, headers, added, box: list):
    assert state.session is not None
    upstream = await state.session.request(method, state.engine_url() + path, params=params, data=body, headers=headers)
    async with upstream:
        if upstream.status >= 400:
            message = await upstream.read()
            if added:  # the kg prefixes went before the first line: give the user's own columns back
                message = _ERROR_AT.sub(lambda m: m.group(1) + str(max(1, int(m.group(2)) - added)).encode(), message)
            return web.Response(
                status=upstream.status,
                body=message,
                headers={"Content-Type": upstream.headers.get("Content-Type", _TEXT)},
            )
        response = web.StreamResponse(status=upstream.status, reason=upstream.reason)
        box.append(response)
        for key, value in upstream.headers.items():
            if key.lower() not in _DROP:
                response.headers.add(key, value)
        origin = state.policy.cors_origin(request.headers.get("Origin"))
        if origin:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers.add("Vary", "Origin")
        await response.prepare(request)
        if request.method != "HEAD":
            async for chunk in upstream.content.iter_chunked(65536):
                await response.write(chunk)
        await response.write_eof()
        return response


def make_app(state: GateState) -> web.Application:
    """The aiohttp application of the gate (its client session opens and closes with it)."""
    app = web.Application(
        client_max_size=state.policy.max_body, middlewares=[_guard], handler_args={"max_field_size": 16384}
    )
    app[_STATE] = state

    async def open_session(app: web.Application) -> None:
        state.session = ClientSession(
            connector=TCPConnector(limit=128, force_close=False),
            timeout=ClientTimeout(total=None, sock_connect=10),
            auto_decompress=False,
        )

    async def close_session(app: web.Application) -> None:
        if state.session is not None:
            await state.session.close()

    app.on_startup.append(open_session)
    app.on_cleanup.append(close_session)
    for path in ("/", "/index.html"):
        app.router.add_get(path, _page)
    for path in ("/query", "/sparql"):
        app.router.add_route("OPTIONS", path, _preflight)
        app.router.add_route("*", path, _query)
    app.router.add_route("OPTIONS", "/update", _preflight)
    app.router.add_route("*", "/update", _update)
    app.router.add_route("OPTIONS", "/store", _preflight)
    app.router.add_route("*", "/store", _graph_store)
    app.router.add_get("/sparql/{name}", _asset)
    app.router.add_route("*", "/{tail:.*}", _not_found)
    return app
