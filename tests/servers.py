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
        out.append(RelationMention(
            doc.id, _actor(s), p, _actor(o),
            polarity[p], sentence=m.group(0), char_start=m.start(), char_end=m.end(), confidence=0.75))
    return out


def fake_extract(docs):
    """An ``extractor`` for ``build()``: hand-made mentions, no spaCy."""
    for doc in docs:
        yield doc, fake_mentions(doc)


def fake_partition(docs: list[Document], delay: float = 0.05) -> list[tuple[Document, list[RelationMention]]]:
    """A Dask partition task: hand-made mentions, ``delay`` seconds per document."""
    _time.sleep(delay * len(docs))
    return [(doc, fake_mentions(doc)) for doc in docs]


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
        docs.append(Document(f"{prefix}-{i:04d}.txt", "\n".join(lines) + salt, title=f"Document {i}",
                             date=f"2015-03-{1 + i % 28:02d}"))
    return docs
