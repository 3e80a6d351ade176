"""The one adapter for what SPARQL servers do differently (``kg.store.engines``), and the remote store's HTTP
behaviour (retries, credentials, refusals), against a scripted HTTP server on loopback: no real engine needed."""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal, Variable
from rdflib.namespace import XSD
from rdflib.query import Result

import kg.store.remote as remote
from kg.errors import QueryError, StoreError
from kg.store.engines import ENGINES, engine_for
from kg.store.remote import RemoteStore

VIRTUOSO = ENGINES["virtuoso"]


def _select(names: list[str], rows: list[dict]) -> Result:
    out = Result("SELECT")
    out.vars = [Variable(n) for n in names]
    out.bindings = [{Variable(k): v for k, v in row.items()} for row in rows]
    return out


def test_virtuoso_ask_answers_become_asks():
    yes = VIRTUOSO.normalise(_select(["__ASK_RETVAL"], [{"__ASK_RETVAL": Literal(1)}]))
    no = VIRTUOSO.normalise(_select(["__ASK_RETVAL"], []))
    assert (yes.type, yes.askAnswer, no.type, no.askAnswer) == ("ASK", True, "ASK", False)


def test_virtuoso_booleans_and_doubles_read_as_written():
    row = VIRTUOSO.normalise(
        _select(
            ["n", "c", "s"],
            [
                {
                    "n": Literal("1", datatype=XSD.boolean),
                    "c": Literal("0.73650000000000004", datatype=XSD.double),
                    "s": Literal("plain"),
                }
            ],
        )
    ).bindings[0]
    assert row[Variable("n")] == Literal("true", datatype=XSD.boolean) and str(row[Variable("n")]) == "true"
    assert str(row[Variable("c")]) == "0.7365" and str(row[Variable("s")]) == "plain"


@pytest.mark.parametrize(
    ("engine", "location", "authenticated", "urls"),
    [
        ("oxigraph", "http://h:7878", False, ("http://h:7878/query", "http://h:7878/update")),
        ("oxigraph", "http://h:7878/query", False, ("http://h:7878/query", "http://h:7878/update")),
        ("virtuoso", "http://h:8890/sparql", False, ("http://h:8890/sparql", "http://h:8890/sparql")),
        ("virtuoso", "http://h:8890/sparql", True, ("http://h:8890/sparql", "http://h:8890/sparql-auth")),
        ("virtuoso", "http://h:8890/", True, ("http://h:8890/sparql", "http://h:8890/sparql-auth")),
        ("standard", "http://h:3030/ds", False, ("http://h:3030/ds", "http://h:3030/ds")),
        ("standard", "http://h:3030/ds/sparql", True, ("http://h:3030/ds/sparql", "http://h:3030/ds/update")),
    ],
)
def test_endpoints_per_engine(engine, location, authenticated, urls):
    assert ENGINES[engine].endpoints(location, authenticated=authenticated) == urls


def test_the_engine_is_read_from_the_server_header_or_named_in_the_environment(monkeypatch):
    assert engine_for("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu", "x").name == "virtuoso"
    assert engine_for("Apache Jena Fuseki (5.0)", "x").name == "standard"
    monkeypatch.setenv("KG_STORE_ENGINE", "virtuoso")
    assert engine_for("", "x").name == "virtuoso"
    monkeypatch.setenv("KG_STORE_ENGINE", "graphdb")
    with pytest.raises(StoreError, match="KG_STORE_ENGINE='graphdb': unknown engine"):
        engine_for("", "x")


def test_transient_failures_are_told_from_final_ones():
    assert VIRTUOSO.is_transient(503, "") and VIRTUOSO.is_transient(500, "Virtuoso 40001 Error SR172: deadlock")
    assert not VIRTUOSO.is_transient(500, "Virtuoso 37000 Error SP030: syntax error")
    assert not ENGINES["standard"].is_transient(500, "40001")
    assert VIRTUOSO.refused(500, "Virtuoso 42000 Error SR186:SECURITY: No permission") and VIRTUOSO.refused(401, "")


# --------------------------------------------------------------------------- a scripted server


class Script:
    """What the fake server answers: a list of (status, headers, body) served in turn (the last one repeats)."""

    def __init__(self, *answers, user: str | None = None, password: str | None = None, server: str = "Fake/1"):
        self.answers = list(answers)
        self.seen: list[tuple[str, str, dict]] = []  # (method, path, headers)
        self.bodies: list[str] = []
        self.user, self.password, self.server = user, password, server


def _json(vars_, rows) -> bytes:
    return json.dumps({"head": {"vars": vars_}, "results": {"bindings": rows}}).encode()


OK = (
    200,
    {"Content-Type": "application/sparql-results+json"},
    _json(["x"], [{"x": {"type": "uri", "value": "http://a"}}]),
)


@pytest.fixture
def scripted():
    """A loopback HTTP server that answers from a :class:`Script`; yields a function that sets the script."""
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def version_string(self):  # the Server header
            return state["script"].server

        def _answer(self):
            script: Script = state["script"]
            length = int(self.headers.get("Content-Length") or 0)
            script.bodies.append(self.rfile.read(length).decode() if length else "")
            script.seen.append((self.command, self.path, dict(self.headers)))
            if script.user is not None:
                expected = "Basic " + base64.b64encode(f"{script.user}:{script.password}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
            status, headers, body = script.answers.pop(0) if len(script.answers) > 1 else script.answers[0]
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def use(script: Script) -> str:
        state["script"] = script
        return f"http://127.0.0.1:{httpd.server_address[1]}/sparql"

    try:
        yield use
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _short_pauses(monkeypatch):
    monkeypatch.setattr(remote, "FIRST_PAUSE", 0.01)
    for name in ("KG_STORE_USER", "KG_STORE_PASSWORD", "KG_STORE_ENGINE"):
        monkeypatch.delenv(name, raising=False)


def test_a_transient_failure_is_retried_until_it_succeeds(scripted):
    busy = (503, {"Content-Type": "text/plain"}, b"busy")
    script = Script(OK, busy, busy, OK)  # the first answer is the engine probe
    store = RemoteStore(scripted(script))
    assert [str(r[0]) for r in store.query("SELECT ?x WHERE { ?x ?p ?o }")] == ["http://a"]
    assert [m for m, _, _ in script.seen] == ["GET", "POST", "POST", "POST"]


def test_a_failure_that_persists_is_reported_after_the_last_attempt(scripted):
    script = Script(OK, (502, {}, b"bad gateway"))
    store = RemoteStore(scripted(script))
    with pytest.raises(StoreError, match=r"HTTP 502: bad gateway \(tried 4 times\)"):
        store.update("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert len(script.seen) == 1 + remote.ATTEMPTS


def test_a_bad_query_is_not_retried(scripted):
    script = Script(OK, (400, {}, b"Parse error: unexpected }"))
    store = RemoteStore(scripted(script))
    with pytest.raises(QueryError, match="HTTP 400: Parse error"):
        store.query("SELECT * WHERE { ?x }")
    assert len(script.seen) == 2


def test_credentials_come_from_the_environment_never_the_url(scripted, monkeypatch):
    url = scripted(Script(OK, user="kg", password="s3cret"))
    with pytest.raises(StoreError, match="set KG_STORE_USER and KG_STORE_PASSWORD"):
        RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }")
    with pytest.raises(StoreError, match="do not put credentials in the URL") as err:
        RemoteStore(url.replace("http://", "http://kg:s3cret@"))
    assert "s3cret" not in str(err.value)
    monkeypatch.setenv("KG_STORE_USER", "kg")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    assert len(list(RemoteStore(url).query("SELECT ?x WHERE { ?x ?p ?o }"))) == 1


def test_virtuoso_answers_cut_short_are_refused(scripted):
    partial = (
        200,
        {
            "Content-Type": "application/sparql-results+json",
            "X-SQL-State": "S1TAT",
            "X-SQL-Message": "RC...: Returning incomplete results, query interrupted by result timeout.",
        },
        _json(["x"], []),
    )
    store = RemoteStore(scripted(Script(OK, partial, server="Virtuoso/07.20.3229 (Linux)")))
    assert store.engine.name == "virtuoso" and store.query_url.endswith("/sparql")
    with pytest.raises(StoreError, match="partial answer.*MaxQueryExecutionTime"):
        store.query("SELECT ?x WHERE { ?x ?p ?o }")


def test_a_server_that_is_not_there_fails_at_once(scripted):
    from kg.store.server import free_port

    with pytest.raises(StoreError, match="cannot reach SPARQL endpoint"):
        RemoteStore(f"http://127.0.0.1:{free_port()}/sparql")


def test_a_server_that_caps_answers_is_read_in_pages_after_the_last_key(scripted):
    """Virtuoso cuts an answer at ResultSetMaxRows and will not sort past it for an OFFSET: select_all asks for
    the rows after the last key seen, sorted by it, until a page comes back short."""

    def page(first, n):
        rows = [{"t": {"type": "uri", "value": f"http://x/t{i}"}} for i in range(first, first + n)]
        return (200, {"Content-Type": "application/sparql-results+json"}, _json(["t"], rows))

    script = Script(OK, page(0, 2), page(2, 2), page(4, 1), server="Virtuoso/07.20")
    store = RemoteStore(scripted(script))
    store.engine = type(store.engine)("virtuoso", page_rows=2)
    rows = [str(r[0]) for r in store.select_all("PREFIX kg: <http://k#>\nSELECT ?t WHERE { ?a kg:tally ?t }", "?t")]
    assert rows == [f"http://x/t{i}" for i in range(5)]
    queries = [urllib.parse.parse_qs(body)["query"][0] for body in script.bodies[1:]]
    assert [q.count("LIMIT 2") for q in queries] == [1, 1, 1]
    assert queries[0].startswith("PREFIX kg:") and 'STR(?t) > "http://x/t1"' in queries[1]


def test_no_update_binds_several_variables_in_one_values_block(monkeypatch):
    """Virtuoso 7.2 runs a VALUES block of several variables inside an update as a procedure view, and such an
    update could wait forever (a roll-up tally recount, tests/store/test_rollup.py): every update kg sends -- a
    document write that moves a part to another state, a removal, a rebuild -- binds one variable per block."""
    import re

    from conftest import mention

    from kg.model import Actor, Document
    from kg.store import Store, open_store

    mali, algeria = Actor("mali", "Mali", "State"), Actor("algeria", "Algeria", "State")
    gov = Actor("mali-government", "Government of Mali", "Government", part_of="mali")
    sent: list[str] = []
    with open_store("memory") as store:
        send = store.update
        monkeypatch.setattr(store, "update", lambda text: (sent.append(text), send(text))[1])
        Store.replace_document(store, Document("1.txt", "x"), [mention("1.txt", algeria, "opposes", gov, "conflict")])
        Store.replace_document(store, Document("2.txt", "y"), [mention("2.txt", mali, "fights", algeria, "conflict")])
        Store.remove_document(store, "2.txt")
        Store.rebuild_tallies(store)
    assert any("kg:PairTally" in text for text in sent)  # the tally recounts were among them
    several = re.compile(r"VALUES\s*\(\s*\?\w+\s+\?")
    assert not [text for text in sent if several.search(text)]


UPDATE = (
    "PREFIX ex: <http://example.org/ns#>\n"
    "DROP SILENT GRAPH <http://g> ;\n"
    'INSERT DATA { GRAPH <http://g> { <http://a> ex:evidence "x ; y } {" . } } ;\n'
    "DELETE { GRAPH <http://g> { ?a ex:mentions ?n } } WHERE { GRAPH <http://g> { ?a ex:mentions ?n ; ex:x ?y } }"
)


@pytest.mark.parametrize("server, requests", [("Oxigraph/0.5", 1), ("Virtuoso/07.20.3229 (Linux)", 3)])
def test_an_update_goes_whole_except_to_virtuoso_which_gets_each_operation_with_the_prefixes(
    scripted, server, requests
):
    script = Script(OK, (204, {}, b""), server=server)
    store = RemoteStore(scripted(script))
    store.update(UPDATE)
    sent = script.bodies[1:]
    assert len(sent) == requests
    assert all(body.startswith("PREFIX ex: <http://example.org/ns#>\n") for body in sent)
    operations = [body.split("\n", 1)[1].removesuffix(" ;") for body in sent]
    assert " ;\n".join(operations) == UPDATE.split("\n", 1)[1]  # nothing lost, nothing reordered
