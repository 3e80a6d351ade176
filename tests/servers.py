"""Pytest fixtures: a real Oxigraph SPARQL server on loopback, on a free port.

Use from a test module with ``from servers import oxigraph`` (``tests/`` is
on ``sys.path`` under pytest's default import mode; Dask workers inherit it).

``oxigraph`` (function scope): a fresh server over a store directory in the
test's tmp dir, started with ``--union-default-graph`` (the store's contract),
stopped afterwards. ``.url`` is what ``open_store`` takes; ``.stop()`` and
``.start()`` simulate an outage and a restart on the same port and data.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg.store.server import OxigraphServer, free_port, start_oxigraph

#: The seed corpus (``seeds/*.txt``).
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class ManagedOxigraph:
    """A stoppable, restartable ``oxigraph serve`` on a fixed loopback port and directory."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        self.location = location
        self.port = port or free_port()
        self.server: OxigraphServer | None = None

    @property
    def url(self) -> str:
        """Base URL for ``open_store`` (``/query`` and ``/update`` beneath it)."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ManagedOxigraph:
        """Start (or restart) the server; returns once it answers queries."""
        last: Exception | None = None
        for _ in range(50):  # the port may linger briefly after a stop
            try:
                self.server = start_oxigraph(self.location, port=self.port)
                return self
            except Exception as err:  # noqa: BLE001 - retried, re-raised below
                last = err
                time.sleep(0.1)
        raise RuntimeError(f"oxigraph did not restart on port {self.port}: {last}")

    def stop(self) -> None:
        """Stop the server (its data stays in ``location``)."""
        if self.server is not None:
            self.server.stop()
            self.server = None


@contextlib.contextmanager
def store_held_open(location):
    """Another Python process holds the embedded store at ``location`` open (its lock) until the block ends."""
    code = textwrap.dedent(f"""
        import sys
        from kg.store import open_store
        s = open_store({str(location)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield
    finally:
        holder.communicate("\n", timeout=30)


@pytest.fixture
def oxigraph(tmp_path: Path):
    """A running Oxigraph server over a fresh store in ``tmp_path``; stopped afterwards."""
    managed = ManagedOxigraph(tmp_path / "oxigraph-data").start()
    try:
        yield managed
    finally:
        managed.stop()


# --------------------------------------------------------------------------- hand-made extraction
# A stand-in for the spaCy stage, for store / scaling tests that must not
# depend on the parser: a document's text is lines "subject predicate object."
# (actor ids and an ontology relation name), each one mention.

import re  # noqa: E402
import time as _time  # noqa: E402

from kg.model import Actor, Document, RelationMention  # noqa: E402
from kg.rdf.ontology import relation_properties  # noqa: E402

_LINE = re.compile(r"(?P<s>[a-z][a-z-]*) (?P<p>[a-zA-Z]+) (?P<o>[a-z][a-z-]*)\.")
_ACTORS = ["iran", "iraq", "united-states", "shia-militias", "isis", "kurds", "turkey", "syria"]
_PREDICATES = ["supports", "fights", "opposes", "alliedWith", "negotiatesWith", "attacks"]


def _actor(actor_id: str) -> Actor:
    kind = "ArmedGroup" if actor_id in ("shia-militias", "isis", "kurds") else "State"
    return Actor(actor_id, actor_id.replace("-", " ").title(), kind)


def fake_mentions(doc: Document) -> list[RelationMention]:
    """The mentions a document of ``"a predicate b."`` lines states (deterministic)."""
    polarity = relation_properties()
    out = []
    for m in _LINE.finditer(doc.text):
        s, p, o = m.group("s"), m.group("p"), m.group("o")
        out.append(
            RelationMention(
                doc.id,
                _actor(s),
                p,
                _actor(o),
                polarity[p],
                sentence=m.group(0),
                char_start=m.start(),
                char_end=m.end(),
                confidence=0.75,
            )
        )
    return out


def fake_extract(docs):
    """An ``extractor`` for ``build()``: hand-made mentions, no spaCy."""
    for doc in docs:
        yield doc, fake_mentions(doc)


def fake_partition(docs: list[Document], delay: float = 0.05) -> list[list[RelationMention]]:
    """A Dask partition function: each document's hand-made mentions, ``delay`` seconds per document."""
    _time.sleep(delay * len(docs))
    return [fake_mentions(doc) for doc in docs]


def make_docs(n: int, *, prefix: str = "doc", salt: str = "") -> list[Document]:
    """``n`` deterministic documents of two to four relation lines each."""
    docs = []
    for i in range(n):
        lines = []
        for j in range(2 + i % 3):
            s = _ACTORS[(i + j) % len(_ACTORS)]
            o = _ACTORS[(3 * i + 2 * j + 1) % len(_ACTORS)]
            if o == s:
                o = _ACTORS[(_ACTORS.index(s) + 1) % len(_ACTORS)]
            lines.append(f"{s} {_PREDICATES[(i + 2 * j) % len(_PREDICATES)]} {o}.")
        docs.append(
            Document(
                f"{prefix}-{i:04d}.txt",
                "\n".join(lines) + salt,
                title=f"Document {i}",
                date=f"2015-03-{1 + i % 28:02d}",
            )
        )
    return docs


# --------------------------------------------------------------------------- Virtuoso
# Debian's Virtuoso 7 (`make servers` installs virtuoso-opensource-7-bin): one server per test
# process on loopback ports, its database in a temporary directory, emptied of kg's graphs before
# each test. Updates go to /sparql-auth with digest authentication, so every test that writes also
# exercises the credentials kg reads from the environment.

import os  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt")

_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
ServerThreads = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 8
ServerThreads = 8
"""


class ManagedVirtuoso:
    """A stoppable, restartable Virtuoso on loopback ports; ``.url`` is its SPARQL endpoint."""

    user = "dba"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.http_port, self.isql_port = free_port(), free_port()
        self.password = secrets.token_urlsafe(12)
        self.process: subprocess.Popen | None = None
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "virtuoso.ini").write_text(
            _VIRTUOSO_INI.format(dir=directory, isql_port=self.isql_port, http_port=self.http_port)
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self, timeout: float = 120.0) -> ManagedVirtuoso:
        """Start (or restart) the server; returns once it answers queries (a new database takes ~10 s)."""
        fresh = not (self.directory / "virtuoso.db").exists()
        log = open(self.directory / "server.out", "ab")
        self.process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(self.directory / "virtuoso.ini")],
            cwd=self.directory,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        probe = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso exited: {(self.directory / 'server.out').read_text()[-800:]}")
            try:
                urllib.request.urlopen(probe, timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"virtuoso did not answer on port {self.http_port} in {timeout:.0f}s") from None
                time.sleep(0.2)
        if fresh:  # a new database has the default dba password: replace it
            subprocess.run(
                [
                    ISQL,
                    f"127.0.0.1:{self.isql_port}",
                    "dba",
                    "dba",
                    f"exec=user_set_password('dba', '{self.password}');",
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
        return self

    def stop(self) -> None:
        """Stop the server (its database stays in ``directory``)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def environment(self) -> dict[str, str]:
        """The variables kg reads its credentials from."""
        return {"KG_STORE_USER": self.user, "KG_STORE_PASSWORD": self.password}

    def empty(self) -> None:
        """Drop every graph kg wrote (Virtuoso's own graphs stay)."""
        from kg.rdf.namespace import ID_BASE
        from kg.store.remote import RemoteStore

        saved = {k: os.environ.get(k) for k in self.environment()}
        os.environ.update(self.environment())
        try:
            store = RemoteStore(self.url)
            graphs = [
                row[0]
                for row in store.query(
                    "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), ?base)) }",
                    {"base": _literal(ID_BASE)},
                )
            ]
            if graphs:
                store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def _literal(text: str):
    from rdflib import Literal

    return Literal(text)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """One Virtuoso per test process (started on first use, stopped at the end of the session)."""
    if not (VIRTUOSO and ISQL):
        pytest.skip("Virtuoso is not installed (make servers: Debian's virtuoso-opensource-7-bin)")
    managed = ManagedVirtuoso(tmp_path_factory.mktemp("virtuoso")).start()
    try:
        yield managed
    finally:
        managed.stop()


@pytest.fixture
def virtuoso(virtuoso_server, monkeypatch):
    """The session's Virtuoso, empty of kg graphs, with kg's credentials in the environment."""
    if not virtuoso_server.running:  # a test stopped it
        virtuoso_server.start()
    virtuoso_server.empty()
    for name, value in virtuoso_server.environment().items():
        monkeypatch.setenv(name, value)
    yield virtuoso_server
    if not virtuoso_server.running:
        virtuoso_server.start()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def sparql_server(request):
    """Each remote-store test runs against an Oxigraph server and a Virtuoso: ``.url``, ``.stop()``, ``.start()``."""
    return request.getfixturevalue(request.param)
