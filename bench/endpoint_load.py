"""Load on ``kg serve``: N requests from C concurrent clients on loopback; resets, errors and latency printed.

Builds a small store (hand-made mentions, no spaCy), serves it read-only on a
free loopback port and sends a mix of what clients send: a named query as
``kg query`` binds it, an ASK, a SELECT with the predeclared prefixes, the
service description. Each client opens a new connection per request by
default (what stresses the accept queue; ``--keep-alive`` reuses them).
Bounded: ``--requests`` in all, each with a 60 s limit; loopback only.

    .venv/bin/python bench/endpoint_load.py                      # 1,000 requests, 50 clients
    .venv/bin/python bench/endpoint_load.py --requests 5000 --clients 100 --keep-alive

Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from servers import fake_extract, make_docs  # noqa: E402  (the tests' hand-made extractor)

from kg.queries.catalogue import get_query  # noqa: E402
from kg.queries.run import bind_params  # noqa: E402
from kg.store import open_store  # noqa: E402
from kg.store.server import free_port  # noqa: E402
from kg.store.text import inline_values  # noqa: E402


def _requests(store) -> list[tuple[str, str, dict[str, str], bytes | None]]:
    nq = get_query("allies-of")
    bindings, _ = bind_params(store, nq, {"actor": "iran"})
    named = inline_values(nq.text, bindings)
    json_accept = {"Accept": "application/sparql-results+json"}
    return [
        ("POST", "/query", {**json_accept, "Content-Type": "application/sparql-query"}, named.encode()),
        ("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?a kg:supports ?b }"}), json_accept, None),
        (
            "POST",
            "/sparql",
            {**json_accept, "Content-Type": "application/x-www-form-urlencoded"},
            urllib.parse.urlencode({"query": "SELECT ?a ?l WHERE { ?a a kg:Actor ; rdfs:label ?l } LIMIT 20"}).encode(),
        ),
        ("GET", "/query", {"Accept": "text/turtle"}, None),
    ]


async def _run(base: str, mix, total: int, clients: int, keep_alive: bool) -> tuple[list[float], dict[str, int]]:
    import aiohttp

    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)
    timeout = aiohttp.ClientTimeout(total=60)

    async def client() -> None:
        connector = aiohttp.TCPConnector(limit=1, force_close=not keep_alive)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            while not queue.empty():
                i = queue.get_nowait()
                method, path, headers, body = mix[i % len(mix)]
                start = time.perf_counter()
                try:
                    async with session.request(method, base + path, headers=headers, data=body) as resp:
                        await resp.read()
                        key = str(resp.status)
                except aiohttp.ClientOSError as err:
                    key = f"connection error ({err.strerror or err})"
                except aiohttp.ServerDisconnectedError:
                    key = "server disconnected"
                except TimeoutError:
                    key = "timeout"
                latencies.append(time.perf_counter() - start)
                outcomes[key] = outcomes.get(key, 0) + 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, outcomes


def _serve(location: Path) -> tuple[subprocess.Popen, str]:
    """``kg serve`` on a free loopback port, in a child process; returns once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(location), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=2):
                return server, base
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("kg serve did not answer within 60 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--docs", type=int, default=200, help="documents in the served store")
    parser.add_argument("--keep-alive", action="store_true", help="reuse each client's connection")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        location = Path(tmp) / "store"
        with open_store(location) as store:
            for doc, mentions in fake_extract(make_docs(args.docs)):
                store.replace_document(doc, mentions)
            mix = _requests(store)
        server, base = _serve(location)  # its own process: the clients here do not share its interpreter
        try:
            started = time.perf_counter()
            latencies, outcomes = asyncio.run(_run(base, mix, args.requests, args.clients, args.keep_alive))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(30)
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    ok = outcomes.get("200", 0)
    print(
        f"{args.requests} requests, {args.clients} concurrent clients, "
        f"{'keep-alive' if args.keep_alive else 'a new connection per request'}, {args.docs} documents"
    )
    print(f"  outcomes: {dict(sorted(outcomes.items()))}  ({ok / args.requests:.1%} answered 200)")
    print(
        f"  latency: p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    print(f"  throughput: {args.requests / elapsed:.0f} requests/s over {elapsed:.1f} s")
    if ok != args.requests:
        sys.exit(1)


if __name__ == "__main__":
    main()
