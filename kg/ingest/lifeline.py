"""Processes a build forks die with it, even when it is killed with SIGKILL (nothing of it runs then).

``kg build --workers N`` parses in forked processes (``kg.nlp.pipeline``'s
pool). When the build is killed with ``kill -9`` no cleanup runs, and the
workers, blocked on their task queue, kept running (and kept the model in
memory). :func:`children_die_with_this_process` registers an
``os.register_at_fork`` hook so that every child forked afterwards asks the
kernel for ``SIGKILL`` when its parent dies (Linux ``PR_SET_PDEATHSIG``);
where that is not available, a daemon thread in the child polls
``os.getppid()`` once a second.

The kernel sends the signal when the *thread* that forked exits, so the
pool must be started from a thread that lives as long as the build (the
build parses on its main thread; only writing has a thread of its own).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

_PR_SET_PDEATHSIG = 1
_registered = False
_parent = 0


def _before_fork() -> None:
    global _parent
    _parent = os.getpid()


def _in_child() -> None:
    parent = _parent
    if not _kernel_kills_me_with_my_parent():
        threading.Thread(target=_watch, args=(parent,), name="kg-lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _kernel_kills_me_with_my_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:  # the C library is already loaded: look prctl up there (find_library would run ldconfig)
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    import time

    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def children_die_with_this_process() -> None:
    """From now on, every process forked from this one (and from its children) dies with its parent."""
    global _registered
    if not _registered:
        os.register_at_fork(before=_before_fork, after_in_child=_in_child)
        _registered = True
