"""``kg query`` as a person runs it in a terminal: --timeout stops a runaway query, Ctrl-C stops it at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from servers import fake_extract, make_docs

from kg.store import open_store

pytestmark = pytest.mark.slow

# a four-way join of every triple with a filter no row passes: minutes of work on a few thousand quads
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w "
    "FILTER (STRLEN(CONCAT(STR(?x), STR(?y), STR(?z), STR(?w))) < 0) }"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    location = str(tmp_path_factory.mktemp("limits") / "store")
    with open_store(location) as s:
        for doc, mentions in fake_extract(make_docs(30)):
            s.replace_document(doc, mentions)
    return location


def _kg(*args: str) -> subprocess.Popen:
    # as from a terminal: Ctrl-C delivered. A runner started in the background (`make test &`, nohup)
    # passes SIGINT on as ignored, and Python then keeps it ignored, as it should for such a job.
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def test_timeout_stops_a_query_that_would_run_for_minutes(store):
    proc = _kg("query", SLOW, "--store", store, "--timeout", "2")
    out, err = proc.communicate(timeout=60)  # it would run for minutes
    assert proc.returncode == 2
    assert err.strip() == "kg: error: query stopped after 2 s (the time limit; --timeout SECONDS, 0 for none)"
    assert out == ""


def test_ctrl_c_stops_a_query_at_once(store):
    proc = _kg("query", SLOW, "--store", store, "--timeout", "0")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it is inside the query (it has read the store)
        if proc.poll() is not None:
            break
        if _cpu_seconds(proc.pid) > 3.0:  # imports take about 2 s of CPU; past that it is querying
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=10)  # not the minutes the query would take
    finally:
        proc.kill()  # a failed run must not leave the query running
    assert proc.returncode == 130
    assert err.strip() == "kg: interrupted"


def _cpu_seconds(pid: int) -> float:
    import os

    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_fast_query_is_not_held_back_by_the_limit(store):
    proc = _kg("query", "SELECT ?a WHERE { ?a kg:supports ?b } LIMIT 1", "--store", store, "--format", "csv")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert out.split() == ["a", "https://w3id.org/kg-news/id/actor/united-states"]
