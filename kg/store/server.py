"""Oxigraph's own SPARQL server (the ``oxigraph`` CLI) running on a store directory, on a loopback port.

The ``oxigraph`` executable comes with the PyPI package ``oxigraph`` (the same
engine and version as ``pyoxigraph``). It is started with
``--union-default-graph`` so that queries see the union of the per-document
named graphs exactly as the embedded store does. ``kg serve``
(:mod:`kg.render.serve`) puts its proxy in front of it; the tests use it as
the remote store.

The store lock: an embedded store directory can be opened by one process at
a time (RocksDB's ``LOCK`` file). If another process holds it, starting the
server fails with a :class:`~kg.errors.StoreError` that says so.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

_LOCK_HINT = (
    "an embedded store can be opened by one process at a time; stop the other "
    "kg build / kg serve / Python session using it, or serve it once with "
    "`kg serve --allow-update` and use --store http://HOST:PORT from other processes"
)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that is free right now (the OS picks it).

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def oxigraph_executable() -> str:
    """Path of the ``oxigraph`` CLI: beside this Python first, then on ``PATH``."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.exists():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server executable was not found (pip install oxigraph)")
    return found


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve`` subprocess on a loopback port.

    ``location`` is the store directory, or ``None`` for an in-memory store.
    Use :func:`oxigraph_server` to start one; ``url`` is its base URL, with
    the SPARQL endpoints at ``url + "/query"`` and ``url + "/update"``.
    """

    location: Path | None
    host: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:41234``."""
        return f"http://{self.host}:{self.port}"

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.process.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``timeout`` seconds)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        shutil.rmtree(self.log_path.parent, ignore_errors=True)


def log_tail(path: Path, limit: int = 400) -> str:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    return " ".join(text.split())[-limit:]


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: the engine gets SIGTERM if the kg process dies, so it never keeps the lock orphaned."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def start_oxigraph(
    location: str | os.PathLike | None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 30.0,
) -> OxigraphServer:
    """Start ``oxigraph serve --union-default-graph`` and wait until it answers queries.

    Parameters
    ----------
    location
        Store directory (created if missing), or ``None`` for memory.
    host, port
        Where it listens; ``port=None`` picks a free port.
    timeout
        Seconds to wait for it to answer ``ASK {}``.

    Raises
    ------
    StoreError
        The store is locked by another process, or the server did not start.
    """
    port = port or free_port(host)
    log_dir = Path(tempfile.mkdtemp(prefix="kg-oxigraph-"))
    log_path = log_dir / "oxigraph.log"
    cmd = [oxigraph_executable(), "serve", "--bind", f"{host}:{port}", "--union-default-graph"]
    if location is not None:
        cmd[2:2] = ["--location", str(location)]
    env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            cmd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
    server = OxigraphServer(Path(location) if location is not None else None, host, port, proc, log_path)
    deadline = time.monotonic() + timeout
    probe = "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        if proc.poll() is not None:
            tail = log_tail(log_path)
            if "lock file" in tail.lower() or "/lock:" in tail.lower():
                raise StoreError(f"store {location} is locked by another process: {_LOCK_HINT}")
            raise StoreError(f"oxigraph server for {location or 'memory'} exited at start: {tail}")
        try:
            conn = http.client.HTTPConnection(host, port, timeout=2)
            conn.request("GET", probe, headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                conn.close()
                return server
            conn.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise StoreError(
                f"oxigraph server for {location or 'memory'} did not answer on {host}:{port} "
                f"within {timeout:.0f}s: {log_tail(log_path)}"
            )
        time.sleep(0.05)


@contextlib.contextmanager
def oxigraph_server(location: str | os.PathLike | None, **kwargs) -> Iterator[OxigraphServer]:
    """Context manager around :func:`start_oxigraph`; stops the server on exit."""
    server = start_oxigraph(location, **kwargs)
    try:
        yield server
    finally:
        server.stop()
