"""``kg serve`` as an attacker and a browser see it: nothing writable is reachable, SERVICE and cross-site
writes are refused, queries stop at the time limit, browsers may read (CORS), the private engine is never named.
"""

from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest
import rdflib
from servers import fake_extract, make_docs
from typer.testing import CliRunner

from kg.rdf.namespace import sparql_prefixes
from kg.render.serve import start_endpoint
from kg.store import open_store

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
INSERT = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/x> <http://example.org/y> 1 } }"
# no PREFIX lines: kg query predeclares kg: and rdfs:, and so does the endpoint
SUPPORTERS = "SELECT ?a ?label ?b WHERE { ?a kg:supports ?b . ?a rdfs:label ?label } ORDER BY ?a ?b"
# a four-way join with a filter no row passes: minutes of work on a few thousand quads, and Oxigraph 0.5.13
# does not check its time limit while it builds the join
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w "
    "FILTER (STRLEN(CONCAT(STR(?x), STR(?y), STR(?z), STR(?w))) < 0) }"
)


def _build(path, n=30):
    store = open_store(path)
    for doc, mentions in fake_extract(make_docs(n)):
        store.replace_document(doc, mentions)
    count = int(next(iter(store.query(COUNT)))[0])
    store.close()
    return count


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("endpoint") / "store"
    count = _build(path)
    endpoint = start_endpoint(path, port=0, timeout=2)
    try:
        yield endpoint, count, path
    finally:
        endpoint.stop()


def _request(url, data=None, headers=None, method=None, timeout=60):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _count(url) -> int:
    status, _, body = _request(
        url + "/query",
        COUNT.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _listening(process: psutil.Process) -> set[tuple[str, int]]:
    found = set()
    for proc in [process, *process.children(recursive=True)]:
        for conn in proc.net_connections(kind="tcp"):
            if conn.status == psutil.CONN_LISTEN:
                found.add((conn.laddr.ip, conn.laddr.port))
    return found


def _write_attempts(base: str):
    """Every way the SPARQL protocols (and Oxigraph's server) know to write, against one address."""
    form = urllib.parse.urlencode({"update": INSERT}).encode()
    turtle = b"<http://example.org/x> <http://example.org/y> 1 ."
    yield base + "/update", INSERT.encode(), {"Content-Type": "application/sparql-update"}, "POST"
    yield base + "/update", form, {"Content-Type": "application/x-www-form-urlencoded"}, "POST"
    yield base + "/query", INSERT.encode(), {"Content-Type": "application/sparql-update"}, "POST"
    yield base + "/query", form, {"Content-Type": "application/x-www-form-urlencoded"}, "POST"
    yield base + "/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"}, "POST"
    yield base + "/store?default", turtle, {"Content-Type": "text/turtle"}, "POST"
    yield base + "/store?default", turtle, {"Content-Type": "text/turtle"}, "PUT"
    yield base + "/store?graph=http%3A%2F%2Fexample.org%2Fg", None, {}, "DELETE"
    yield base + "/store?default", None, {}, "DELETE"


# ----------------------------------------------------------------- nothing writable is reachable


def test_no_listening_socket_of_kg_serve_accepts_a_write(served):
    endpoint, count, _ = served
    sockets = _listening(psutil.Process())
    public_port = int(endpoint.url.rsplit(":", 1)[1])
    assert public_port in {port for _, port in sockets}
    engine = (endpoint.upstream.host, endpoint.upstream.port)
    assert engine in sockets  # the private engine is found by the scan, and must refuse too
    for ip, port in sorted(sockets):
        host = f"[{ip}]" if ":" in ip else ("127.0.0.1" if ip in ("0.0.0.0", "") else ip)
        for url, data, headers, method in _write_attempts(f"http://{host}:{port}"):
            try:
                status, _, body = _request(url, data, headers, method, timeout=10)
            except (OSError, http_client_errors()):
                continue  # not an HTTP server (another test's socket): nothing written through it
            assert status >= 400 or status < 200, (url, method, status, body[:200])
    assert _count(endpoint.url) == count


def http_client_errors():
    import http.client

    return http.client.HTTPException


def test_the_private_engine_is_named_nowhere_a_client_looks(served):
    endpoint, _, _ = served
    private = f"{endpoint.upstream.host}:{endpoint.upstream.port}"
    for url, headers in [
        (endpoint.url + "/", {}),
        (endpoint.url + "/sparql", {"Accept": "text/html"}),
        (endpoint.url + "/query", {"Accept": "text/turtle"}),
        (endpoint.url + "/sparql", {"Accept": "application/ld+json"}),
        (endpoint.url + "/nothing", {}),
        (endpoint.url + "/query?query=SELECT%20%3Fx", {}),  # a parse error
        (endpoint.url + "/update", {}),
    ]:
        _, response_headers, body = _request(url, headers=headers)
        assert private.encode() not in body, url
        assert private not in json.dumps(response_headers), url


def test_the_service_description_names_the_public_url(served):
    endpoint, _, _ = served
    status, headers, body = _request(endpoint.query_url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    endpoints = {str(o) for o in graph.objects(None, sd.endpoint)}
    assert endpoints == {endpoint.url + "/query", endpoint.url + "/sparql"}
    assert (None, sd.feature, sd.BasicFederatedQuery) not in graph  # SERVICE is off
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph


# ----------------------------------------------------------------- SERVICE and LOAD


@pytest.fixture
def listener():
    """A loopback TCP listener that records whether anyone connected (the SERVICE target)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    hits = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(conn.recv(200))
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql", hits
    stop.set()
    thread.join()
    sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "select * { service silent <{url}> { ?s ?p ?o } }",
        "SELECT * WHERE { FILTER (?a < 1) SERVICE<{url}>{ ?s ?p ?o } }",
    ],
)
def test_service_is_refused_and_nothing_is_fetched(served, listener, template):
    endpoint, _, _ = served
    target, hits = listener
    query = template.replace("{url}", target)
    for method in ("GET", "POST"):
        if method == "GET":
            status, _, body = _request(endpoint.query_url + "?" + urllib.parse.urlencode({"query": query}))
        else:
            status, _, body = _request(
                endpoint.url + "/sparql", query.encode(), {"Content-Type": "application/sparql-query"}
            )
        assert status == 403 and b"--allow-service" in body
    assert hits == []


def test_allow_service_lets_the_server_fetch(tmp_path, listener):
    target, hits = listener
    _build(tmp_path / "store", n=2)
    with start_endpoint(tmp_path / "store", port=0, allow_service=True) as endpoint:
        query = f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}"
        status, _, _ = _request(endpoint.query_url + "?" + urllib.parse.urlencode({"query": query}))
        assert status == 200
    assert hits and hits[0].startswith(b"POST") or hits[0].startswith(b"GET")


# ----------------------------------------------------------------- the time limit


def test_a_query_oxigraph_does_not_cancel_is_stopped_by_restarting_the_engine(served):
    endpoint, count, _ = served
    assert count > 1000  # count^4 rows to join: minutes without the limit
    engine = psutil.Process(endpoint.upstream.process.pid)
    status, _, body = _request(
        endpoint.query_url,
        SLOW.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        timeout=120,
    )
    assert status == 503 and b"time limit of 2 s" in body
    assert _count(endpoint.url) == count  # answered by a fresh engine
    engine.wait(30)  # the one that kept a core busy is gone
    assert not engine.is_running()


# ----------------------------------------------------------------- browsers: CORS, hosts, /sparql


def test_cors_lets_loopback_pages_read_and_no_one_else(served):
    endpoint, _, _ = served
    url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    _, headers, _ = _request(
        url, headers={"Origin": "http://localhost:3000", "Accept": "application/sparql-results+json"}
    )
    assert headers.get("Access-Control-Allow-Origin") == "http://localhost:3000"
    _, headers, _ = _request(url, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    status, headers, _ = _request(
        endpoint.url + "/sparql",
        method="OPTIONS",
        headers={
            "Origin": "http://127.0.0.1:8080",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()
    status, _, _ = _request(
        endpoint.update_url,
        method="OPTIONS",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert status == 403  # no cross-origin writes on a read-only endpoint


def test_cors_can_be_turned_off_or_opened(tmp_path):
    _build(tmp_path / "store", n=2)
    url_of = lambda e: e.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})  # noqa: E731
    with start_endpoint(tmp_path / "store", port=0, cors=()) as endpoint:
        _, headers, _ = _request(url_of(endpoint), headers={"Origin": "http://localhost:3000"})
        assert "Access-Control-Allow-Origin" not in headers
    with start_endpoint(tmp_path / "store", port=0, cors=("https://yasgui.example.org",)) as endpoint:
        _, headers, _ = _request(url_of(endpoint), headers={"Origin": "https://yasgui.example.org"})
        assert headers["Access-Control-Allow-Origin"] == "https://yasgui.example.org"
        _, headers, _ = _request(url_of(endpoint), headers={"Origin": "http://localhost:3000"})
        assert "Access-Control-Allow-Origin" not in headers


def test_a_dns_rebinding_host_is_refused(served):
    endpoint, _, _ = served
    status, _, body = _request(endpoint.url + "/", headers={"Host": "attacker.example:7878"})
    assert status == 421 and b"allow-host" in body
    assert _request(endpoint.url + "/", headers={"Host": "localhost"})[0] == 200


def test_sparql_is_an_alias_of_query_and_kg_prefixes_are_predeclared(served):
    endpoint, _, path = served
    rows = {}
    for route in ("/query", "/sparql"):
        status, _, body = _request(
            endpoint.url + route,
            urllib.parse.urlencode({"query": SUPPORTERS}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        )
        assert status == 200, body
        rows[route] = json.loads(body)["results"]["bindings"]
    assert rows["/query"] == rows["/sparql"] and rows["/query"]
    from kg.cli import app

    result = CliRunner().invoke(app, ["query", SUPPORTERS, "--format", "json", "--store", str(path)])
    assert result.exit_code == 0, result.output  # the same text, read-only beside the server
    assert len(json.loads(result.stdout)["results"]["bindings"]) == len(rows["/query"])


def test_a_parse_error_points_at_the_users_own_column(served):
    endpoint, _, _ = served
    bad = "SELECT ?x { ?x kg:y }"
    status, _, body = _request(endpoint.query_url + "?" + urllib.parse.urlencode({"query": bad}))
    assert status == 400
    declared = sparql_prefixes(("kg",)) + bad  # the same error, one line down
    _, _, reference = _request(endpoint.query_url + "?" + urllib.parse.urlencode({"query": declared}))
    column = reference.split(b"error at 2:")[1].split(b":")[0]
    assert b"error at 1:" + column + b":" in body  # the user's own column, not shifted by the added prologue


def test_a_body_over_the_limit_is_refused_without_being_kept(tmp_path):
    _build(tmp_path / "store", n=2)
    with start_endpoint(tmp_path / "store", port=0, max_body=1024 * 1024) as endpoint:
        me = psutil.Process()
        big = b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (60 * 1024 * 1024)
        before = me.memory_info().rss
        status, _, body = _request(endpoint.query_url, big, {"Content-Type": "application/sparql-query"})
        assert status == 413 and b"--max-body" in body
        assert me.memory_info().rss - before < 40 * 1024 * 1024  # the 60 MB body was not held
        status, _, _ = _request(endpoint.update_url, big, {"Content-Type": "application/sparql-update"})
        assert status == 403  # a refused update is refused before its body is read
        assert _count(endpoint.url) > 0


# ----------------------------------------------------------------- writes with --allow-update


def test_with_allow_update_a_cross_site_form_is_refused_and_the_own_origin_or_token_may_write(tmp_path):
    count = _build(tmp_path / "store", n=2)
    with start_endpoint(tmp_path / "store", port=0, allow_update=True) as endpoint:
        form = urllib.parse.urlencode({"update": INSERT}).encode()
        # the form another website auto-submits
        for headers in (
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": "https://evil.example"},
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": "null"},
            {"Content-Type": "text/plain", "Origin": "https://evil.example"},
            {"Content-Type": "application/x-www-form-urlencoded"},  # no Origin: still a form
            {"Content-Type": "application/sparql-update", "Sec-Fetch-Site": "cross-site"},
            {"Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"},
        ):
            data = form if "form" in headers["Content-Type"] else INSERT.encode()
            status, _, body = _request(endpoint.update_url, data, headers)
            assert status == 403, (headers, body)
        status, _, _ = _request(
            endpoint.url + "/store?default",
            b"<http://e/x> <http://e/y> 1 .",
            {"Content-Type": "text/turtle", "Origin": "https://evil.example"},
        )
        assert status == 403
        assert _count(endpoint.url) == count
        # the endpoint's own page (the editor) posts a form with its own Origin
        status, _, _ = _request(
            endpoint.update_url, form, {"Content-Type": "application/x-www-form-urlencoded", "Origin": endpoint.url}
        )
        assert status == 204
        # another site's page with the token printed at start
        status, _, _ = _request(
            endpoint.update_url,
            INSERT.replace("/g>", "/h>").encode(),
            {
                "Content-Type": "application/sparql-update",
                "Origin": "http://localhost:3000",
                "Authorization": f"Bearer {endpoint.token}",
            },
        )
        assert status == 204
        assert _count(endpoint.url) == count + 2
        # LOAD fetches a URL: refused like SERVICE
        status, _, body = _request(
            endpoint.update_url, b"LOAD <http://127.0.0.1:9/x.ttl>", {"Content-Type": "application/sparql-update"}
        )
        assert status == 403 and b"LOAD" in body


# ----------------------------------------------------------------- start-up errors


def test_a_failed_start_leaves_no_temporary_folder(tmp_path, monkeypatch):
    import tempfile

    from kg.errors import StoreError

    _build(tmp_path / "store", n=1)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    holder = open_store(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="locked"):
            start_endpoint(tmp_path / "store", port=0)
        with pytest.raises(StoreError, match="locked"):
            start_endpoint(tmp_path / "store", port=0, allow_update=True)  # the engine itself finds the lock
    finally:
        holder.close()
    assert list(scratch.iterdir()) == []


def test_cli_refuses_a_port_out_of_range_in_one_line(tmp_path):
    from kg.cli import app

    result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path), "--port", "70000"])
    assert result.exit_code == 2
    assert "--port" in result.output and "65535" in result.output and "Traceback" not in result.output
