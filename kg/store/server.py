"""Oxigraph's own SPARQL server (the ``oxigraph`` CLI) running on a store directory, on a loopback port.

The ``oxigraph`` executable comes with the PyPI package ``oxigraph`` (the same
engine and version as ``pyoxigraph``). It is started with
``--union-default-graph`` so that queries see the union of the per-document
named graphs exactly as the embedded store does, either read-write
(``oxigraph serve``) or read-only (``oxigraph serve-read-only``: no update
route exists at all, and it takes no lock), with ``--timeout-s`` when a query
time limit is given (Oxigraph cancels the evaluation). ``kg serve``
(:mod:`kg.render.serve`) puts its gate in front of it on a private address
(:func:`private_loopback_host`); the tests use it as the remote store.

The store lock: an embedded store directory can be opened by one process at
a time (RocksDB's ``LOCK`` file). If another process holds it, starting the
server fails with a :class:`~kg.errors.StoreError` that says so.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
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


def private_loopback_host() -> str:
    """A random address in 127.0.0.0/8 for an engine only this process talks to (Linux), else 127.0.0.1.

    Defence in depth, not access control: a web page that wants to reach the
    engine behind ``kg serve`` would have to guess one of 2^40 address/port
    pairs instead of one of 2^16 ports (local processes can still list it).

    >>> host = private_loopback_host()
    >>> host.startswith("127.") and len(host.split(".")) == 4
    True
    """
    if not sys.platform.startswith("linux"):
        return "127.0.0.1"
    host = f"127.{secrets.randbelow(254) + 1}.{secrets.randbelow(256)}.{secrets.randbelow(254) + 1}"
    try:
        free_port(host)
    except OSError:
        return "127.0.0.1"
    return host


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
    read_only: bool = False

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


def _command(location, host: str, port: int, read_only: bool, query_timeout: float | None) -> list[str]:
    cmd = [oxigraph_executable(), "serve-read-only" if read_only else "serve"]
    if location is not None:
        cmd += ["--location", str(location)]
    cmd += ["--bind", f"{host}:{port}", "--union-default-graph"]
    if query_timeout:
        cmd += ["--timeout-s", str(max(1, round(query_timeout)))]
    return cmd


def start_oxigraph(
    location: str | os.PathLike | None,
    *,
    host: str = "127.0.0.1",
    port: int | None = None,
    timeout: float = 30.0,
    read_only: bool = False,
    query_timeout: float | None = None,
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
    read_only
        Run ``oxigraph serve-read-only`` (the store must exist; updates are
        refused by the engine itself and it takes no lock: hold it yourself,
        :func:`kg.store.lock.hold_store_lock`).
    query_timeout
        Seconds after which Oxigraph cancels a query (whole seconds, at least 1).

    Raises
    ------
    StoreError
        The store is locked by another process, or the server did not start.
        Nothing is left behind (its temporary log folder is removed).
    """
    if read_only and location is None:
        raise StoreError("an in-memory store cannot be served read-only")
    port = port or free_port(host)
    log_dir = Path(tempfile.mkdtemp(prefix="kg-oxigraph-"))
    log_path = log_dir / "oxigraph.log"
    env = {**os.environ, "RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0"}
    try:
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(
                _command(location, host, port, read_only, query_timeout),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )
    except BaseException:
        shutil.rmtree(log_dir, ignore_errors=True)
        raise
    server = OxigraphServer(Path(location) if location is not None else None, host, port, proc, log_path, read_only)
    try:
        _wait_until_ready(server, timeout)
    except BaseException:
        server.stop()  # also removes the log folder
        raise
    return server


def _wait_until_ready(server: OxigraphServer, timeout: float) -> None:
    location, host, port, proc, log_path = server.location, server.host, server.port, server.process, server.log_path
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
                return
            conn.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
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
