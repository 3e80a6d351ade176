"""Hold an embedded store's write lock without opening it (``kg serve`` in read-only mode).

An Oxigraph store directory is a RocksDB database; RocksDB's writer takes a
POSIX record lock (``fcntl(F_SETLK)``, write lock on the whole file) on the
directory's ``LOCK`` file, and a read-only open takes none. ``kg serve`` runs
Oxigraph's ``serve-read-only``, which takes no lock, so it holds that same lock
itself for as long as it serves: a ``kg build`` then fails with the usual
"locked" error instead of writing under a reader (which Oxigraph documents as
undefined behaviour), while ``kg query`` / ``kg stats`` (read-only opens)
still run beside it.

On Linux the lock is an *open file description* lock (``F_OFD_SETLK``): it
conflicts with RocksDB's classic POSIX lock in another process *and* in this
one (a classic lock would not stop this very process from opening the store
for writing, as the tests do).
"""

from __future__ import annotations

import errno
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError

#: Descriptors of lock files this process failed to lock. They stay open: closing any descriptor of a
#: file drops every POSIX lock this process holds on it, which would free the store for other writers
#: if this same process has the store open (RocksDB's lock is such a lock).
_NEVER_CLOSED: list[int] = []


@dataclass
class StoreLock:
    """A held lock on ``<store>/LOCK``; :meth:`release` (or closing the process) frees it."""

    path: Path
    fd: int | None

    def release(self) -> None:
        """Free the lock (closing the descriptor drops it)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _lock(fd: int) -> None:
    import fcntl

    command = getattr(fcntl, "F_OFD_SETLK", None)
    if command is None:  # not Linux: a classic record lock (still excludes other processes)
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    # struct flock: l_type, l_whence, l_start, l_len, l_pid (must be 0 for OFD locks), padding
    fcntl.fcntl(fd, command, struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))


def hold_store_lock(directory: str | os.PathLike[str]) -> StoreLock:
    """Take the write lock of the store in ``directory`` (which must exist), or fail saying who may hold it.

    Raises
    ------
    StoreError
        Another process (a build, a server, a Python session) has the store open for writing.
    """
    path = Path(directory) / "LOCK"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise StoreError(f"store {directory}: cannot open its lock file: {err.strerror}") from None
    try:
        _lock(fd)
    except OSError as err:
        _NEVER_CLOSED.append(fd)
        if err.errno in (errno.EACCES, errno.EAGAIN):
            raise StoreError(
                f"store {directory} is locked by another process (a kg build, kg serve or Python session "
                "has it open for writing): stop it first"
            ) from None
        raise StoreError(f"store {directory}: cannot lock: {err.strerror}") from None
    return StoreLock(path, fd)
