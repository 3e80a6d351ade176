"""``kg serve``: standard SPARQL clients talk to it and get what ``kg query`` gets.

One read-only endpoint is shared by the module (an embedded store built with
hand-made mentions, then served). Expected answers are computed from the
store *before* serving it: while it is served, the endpoint holds its lock.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from rdflib.compare import isomorphic
from servers import fake_extract, make_docs
from typer.testing import CliRunner

from kg.errors import StoreError
from kg.rdf.namespace import sparql_prefixes
from kg.render.serve import start_endpoint
from kg.store import open_store

pytestmark = pytest.mark.server

SUPPORTERS = (
    sparql_prefixes(("kg",))
    + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?label ?b WHERE { ?a kg:supports ?b . ?a rdfs:label ?label } ORDER BY ?a ?b"""
)

CONSTRUCT = (
    sparql_prefixes(("kg",))
    + """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?a kg:conflictsWith ?b } WHERE { ?p rdfs:subPropertyOf+ kg:conflictsWith . ?a ?p ?b }"""
)

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _rows(result) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in result]


def _kg_query_rows(store: str, sparql: str) -> list[tuple[str, ...]]:
    """Rows printed by ``kg query SPARQL --format json --store STORE``."""
    from kg.cli import app

    result = CliRunner().invoke(app, ["query", sparql, "--format", "json", "--store", store])
    assert result.exit_code == 0, result.output
    return _json_rows(json.loads(result.stdout))


def _build(path, n=10):
    store = open_store(path)
    for doc, mentions in fake_extract(make_docs(n)):
        store.replace_document(doc, mentions)
    expected = {
        "select": _rows(store.query(SUPPORTERS)),
        "construct": store.query(CONSTRUCT).graph,
        "count": int(next(iter(store.query(COUNT)))[0]),
    }
    store.close()
    expected["kg query"] = _kg_query_rows(str(path), SUPPORTERS)
    assert expected["kg query"] == expected["select"] and len(expected["select"]) > 0
    return expected


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "store"
    expected = _build(path)
    endpoint = start_endpoint(path, port=0)
    try:
        yield endpoint, expected, path
    finally:
        endpoint.stop()


def _get(url, accept=None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


def _post(url, data: bytes, content_type: str, accept=None):
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), resp.read()


def _json_rows(data: dict) -> list[tuple[str, ...]]:
    names = data["head"]["vars"]
    return [tuple(b[n]["value"] for n in names) for b in data["results"]["bindings"]]


# ----------------------------------------------------------------- SPARQLWrapper


def test_sparqlwrapper_select_json_gives_the_rows_of_kg_query(served):
    from SPARQLWrapper import JSON, SPARQLWrapper

    endpoint, expected, _ = served
    client = SPARQLWrapper(endpoint.query_url)
    client.setQuery(SUPPORTERS)
    client.setReturnFormat(JSON)
    rows = _json_rows(client.query().convert())
    assert rows == expected["kg query"]
    assert len(rows) > 0


def test_kg_query_against_the_endpoint_gives_the_same_rows(served):
    endpoint, expected, _ = served
    assert _kg_query_rows(endpoint.url, SUPPORTERS) == expected["kg query"]


def test_sparqlwrapper_construct_turtle_is_the_same_graph(served):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    endpoint, expected, _ = served
    client = SPARQLWrapper(endpoint.query_url)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    response = client.query()
    assert "turtle" in response.info()["content-type"]
    graph = rdflib.Graph().parse(data=response.convert(), format="turtle")
    assert len(graph) > 0
    assert isomorphic(graph, expected["construct"])


def test_sparqlwrapper_ask_by_post(served):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    endpoint, _, _ = served
    client = SPARQLWrapper(endpoint.query_url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery("ASK { <https://w3id.org/kg-news/id/actor/iran> ?p ?o }")
    assert client.query().convert()["boolean"] is True
    client.setQuery("ASK { <https://w3id.org/kg-news/id/actor/atlantis> ?p ?o }")
    assert client.query().convert()["boolean"] is False


# ----------------------------------------------------------------- plain HTTP


def test_plain_get_with_content_negotiation(served):
    endpoint, expected, _ = served
    url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": SUPPORTERS})
    status, ctype, body = _get(url, "text/csv")
    assert status == 200 and ctype.startswith("text/csv")
    table = list(csv.reader(io.StringIO(body.decode())))
    assert table[0] == ["a", "label", "b"]
    assert [tuple(r) for r in table[1:]] == expected["kg query"]

    status, ctype, body = _get(url, "text/tab-separated-values")
    assert ctype.startswith("text/tab-separated-values")
    assert body.decode().splitlines()[0] == "?a\t?label\t?b"

    status, ctype, body = _get(url, "application/sparql-results+xml")
    assert ctype.startswith("application/sparql-results+xml")
    assert b"<sparql" in body


def test_plain_post_form_and_direct(served):
    endpoint, expected, _ = served
    form = urllib.parse.urlencode({"query": SUPPORTERS}).encode()
    _, ctype, body = _post(
        endpoint.query_url, form, "application/x-www-form-urlencoded", "application/sparql-results+json"
    )
    assert _json_rows(json.loads(body)) == expected["select"]
    _, _, body = _post(
        endpoint.query_url, SUPPORTERS.encode(), "application/sparql-query", "application/sparql-results+json"
    )
    assert _json_rows(json.loads(body)) == expected["select"]


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("text/turtle", "turtle"),
    ],
)
def test_construct_in_every_rdf_format(served, accept, fmt):
    endpoint, expected, _ = served
    url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": CONSTRUCT})
    _, ctype, body = _get(url, accept)
    assert ctype.startswith(accept)
    assert isomorphic(rdflib.Graph().parse(data=body, format=fmt), expected["construct"])


# ----------------------------------------------------------------- refusals


def test_update_to_read_only_endpoint_is_refused_and_changes_nothing(served):
    endpoint, expected, _ = served
    update = b"DROP ALL ; INSERT DATA { <http://example.org/x> <http://example.org/y> <http://example.org/z> }"
    for url, ctype, data in [
        (endpoint.update_url, "application/sparql-update", update),
        (endpoint.update_url, "application/x-www-form-urlencoded", b"update=" + urllib.parse.quote(update).encode()),
        (endpoint.query_url, "application/sparql-update", update),
        (endpoint.url + "/store?default", "text/turtle", b"<http://example.org/x> <http://example.org/y> 1 ."),
    ]:
        with pytest.raises(urllib.error.HTTPError) as err:
            _post(url, data, ctype)
        assert 400 <= err.value.code < 500
    _, _, body = _post(
        endpoint.query_url, COUNT.encode(), "application/sparql-query", "application/sparql-results+json"
    )
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected["count"]


def test_read_only_refusal_says_why(served):
    endpoint, _, _ = served
    with pytest.raises(urllib.error.HTTPError) as err:
        _post(endpoint.update_url, b"CLEAR ALL", "application/sparql-update")
    assert err.value.code == 403
    assert "--allow-update" in err.value.read().decode()


def test_an_update_posted_to_the_query_endpoint_is_refused_as_read_only(served):
    endpoint, expected, _ = served
    for ctype, data in [
        ("application/x-www-form-urlencoded", b"update=" + urllib.parse.quote("CLEAR ALL").encode()),
        ("application/sparql-update", b"CLEAR ALL"),
    ]:
        with pytest.raises(urllib.error.HTTPError) as err:
            _post(endpoint.query_url, data, ctype)
        assert err.value.code == 403
        assert "read-only" in err.value.read().decode()
    _, _, body = _post(
        endpoint.query_url, COUNT.encode(), "application/sparql-query", "application/sparql-results+json"
    )
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == expected["count"]


def test_malformed_query_is_400_with_the_parser_message(served):
    endpoint, _, _ = served
    url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?p }"})
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(url)
    assert err.value.code == 400
    message = err.value.read().decode()
    assert "error at 1:" in message  # Oxigraph's parser: line:column and what it expected


def test_unknown_path_is_404(served):
    endpoint, _, _ = served
    with pytest.raises(urllib.error.HTTPError) as err:
        _get(endpoint.url + "/nothing-here")
    assert err.value.code == 404


def test_graph_page_at_root(served):
    endpoint, _, _ = served
    status, ctype, body = _get(endpoint.url + "/")
    assert status == 200 and ctype.startswith("text/html")
    page = body.decode()
    assert "<html" in page.lower()
    assert "Iran" in page  # an actor label of the served graph


# ----------------------------------------------------------------- the store lock


def test_served_store_is_locked_for_other_writers(served):
    _, _, path = served
    with pytest.raises(StoreError, match="locked"):
        open_store(path)


def test_serving_a_locked_store_is_a_clear_error(tmp_path):
    store = open_store(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            start_endpoint(tmp_path / "store", port=0)
    finally:
        store.close()


def test_missing_store_and_url_are_refused(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        start_endpoint(tmp_path / "nope", port=0)
    with pytest.raises(StoreError, match="already a SPARQL endpoint"):
        start_endpoint("http://127.0.0.1:1/query", port=0)


# ----------------------------------------------------------------- read-write mode


def test_allow_update_builds_through_the_endpoint(tmp_path):
    path = tmp_path / "store"
    _build(path, n=2)
    with start_endpoint(path, port=0, allow_update=True) as endpoint:
        assert "Kurds" not in _get(endpoint.url + "/")[2].decode()
        remote = open_store(endpoint.url)  # the remote store, through kg serve's /query + /update
        docs = make_docs(3, prefix="more", salt="\nkurds fights isis.")
        for doc, mentions in fake_extract(docs):
            assert remote.replace_document(doc, mentions)
        assert len(remote.documents()) == 5
        assert remote.remove_document(docs[0].id)
        assert len(remote.documents()) == 4
        assert "Kurds" in _get(endpoint.url + "/")[2].decode()  # the page follows the writes
    store = open_store(path)  # the lock is released on stop, and the writes persisted
    assert len(store.documents()) == 4
    store.close()


# ----------------------------------------------------------------- CLI


def test_cli_serve_on_a_locked_store_exits_with_one_line(tmp_path):
    from kg.cli import app

    store = open_store(tmp_path / "store")
    try:
        result = CliRunner().invoke(app, ["serve", "--store", str(tmp_path / "store"), "--port", "0"])
    finally:
        store.close()
    assert result.exit_code != 0
    assert "kg: error: store" in result.output and "locked" in result.output


def test_cli_serve_help_has_an_example():
    from kg.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "kg serve --store" in result.output and "--allow-update" in result.output


def test_chunked_post_and_head(served):
    import http.client

    endpoint, expected, _ = served
    host, port = endpoint.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request(
        "POST",
        "/query",
        body=iter([SUPPORTERS.encode()]),
        encode_chunked=True,
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
            "Transfer-Encoding": "chunked",
        },
    )
    resp = conn.getresponse()
    assert resp.status == 200
    assert _json_rows(json.loads(resp.read())) == expected["kg query"]
    conn.close()
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    conn.request("HEAD", "/")
    assert conn.getresponse().status == 200
    conn.close()


def test_busy_port_is_a_clear_error_and_releases_the_store(tmp_path):
    import socket

    from kg.errors import KgError

    _build(tmp_path / "store", n=1)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(KgError, match=f"cannot listen on 127.0.0.1:{port}"):
            start_endpoint(tmp_path / "store", port=port)
    open_store(tmp_path / "store").close()  # the engine was stopped: the lock is free again
