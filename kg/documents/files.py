"""Which files a build reads, and opening them: only regular files, each once, symlink loops cut.

Hostile folders this guards against (each a one-line :class:`InputError`,
the rest of the folder still read):

* a named pipe, socket or device (``x.txt -> /dev/zero``) among the
  documents: reading it would block forever or never end, so only regular
  files are read, checked on the open descriptor (``O_NONBLOCK``, then
  ``fstat``), so a file swapped for a pipe after the listing is caught too;
* symlinks: a link to a folder is followed once, never twice (a folder is
  known by its device and inode, so ``loop -> ..`` is not walked again); a
  file reached by two paths is read once; a link that loops on itself
  (``a.txt -> b.txt -> a.txt``) or dangles is reported.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

#: Extensions read, by format. To add a format: a module in kg/documents that makes Documents, and a line
#: in :func:`kg.documents.read._read_file` (DESIGN.md, "Contributing").
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

_NOT_CONTENT = {"README", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE", "COPYING"}
UNKNOWN = "unknown format, expected .txt .md .html .htm .jsonl"


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> InputError:
    return InputError(f"{path}: skipped: {_kind(mode)}, not a regular file")


def _stat_error(path: Path, err: OSError) -> InputError:
    if err.errno == 40:  # ELOOP
        return InputError(f"{path}: skipped: a symlink loop")
    if isinstance(err, FileNotFoundError) and path.is_symlink():
        return InputError(f"{path}: skipped: a symlink to nothing")
    return InputError(f"{path}: cannot read: {err.strerror or err}")


def _wanted(name: str) -> bool:
    return (
        not name.startswith(".")
        and Path(name).suffix.lower() in FORMATS
        and Path(name).stem.upper() not in _NOT_CONTENT
    )


def _walk(folder: Path, seen_dirs: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """Files of interest under ``folder`` (sorted), following folder links once; unreadable folders first."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        keep = []
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            try:
                st = os.stat(os.path.join(dirpath, d))
            except OSError as err:
                yield _stat_error(Path(dirpath) / d, err)
                continue
            if (st.st_dev, st.st_ino) in seen_dirs:
                continue  # a link back to a folder already walked: followed once, never twice
            seen_dirs.add((st.st_dev, st.st_ino))
            keep.append(d)
        dirnames[:] = keep
        found.extend(Path(dirpath) / name for name in filenames if _wanted(name))
    yield from sorted(found, key=lambda f: f.relative_to(folder).as_posix())


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """The files to read: explicit files as given, folders searched recursively.

    In a folder, hidden files and folders (name starting with ``.``), files
    of other extensions, and a folder's own documentation (``README``,
    ``LICENSE``, ``CHANGELOG``, ``NOTICE`` of any extension) are skipped;
    files come in sorted path order. Only regular files are yielded, each
    once (by device and inode); a pipe, device, socket, symlink loop or
    dangling link gives an InputError, as do a missing path and an explicit
    file of an unknown extension.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()
    for raw in paths:
        p = Path(raw)
        try:
            st = p.stat()
        except OSError as err:
            yield _stat_error(p, err) if p.is_symlink() else InputError(f"{p}: no such file or directory")
            continue
        if stat.S_ISDIR(st.st_mode):
            seen_dirs.add((st.st_dev, st.st_ino))
            candidates: Iterable[Path | InputError] = _walk(p, seen_dirs)
        elif p.suffix.lower() not in FORMATS:
            yield InputError(f"{p}: {UNKNOWN}")
            continue
        else:
            candidates = [p]
        for item in candidates:
            if isinstance(item, InputError):
                yield item
                continue
            try:
                st = item.stat()
            except OSError as err:
                yield _stat_error(item, err)
                continue
            if not stat.S_ISREG(st.st_mode):
                yield _not_regular(item, st.st_mode)
                continue
            if (st.st_dev, st.st_ino) in seen_files:
                continue  # the same file by another path (a link): read once
            seen_files.add((st.st_dev, st.st_ino))
            yield item


def open_regular(path: Path) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file (checked on the open descriptor), else InputError.

    ``O_NONBLOCK`` makes opening a named pipe return at once instead of
    waiting for a writer; the check after it refuses anything but a file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise _stat_error(path, err) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (InputError naming it otherwise)."""
    try:
        with open_regular(path) as fh:
            return fh.read()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def file_id(path: Path, root: Path) -> str:
    """A file's document id: its path relative to ``root`` (links resolved), else its absolute path."""
    try:
        full = path.resolve()
    except (OSError, RuntimeError):  # a loop found while resolving: keep the path as given
        full = path.absolute()
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        return full.as_posix()


def input_size(paths: Iterable[str | Path]) -> int:
    """Total bytes of the files :func:`iter_files` would read (for a progress bar)."""
    total = 0
    for item in iter_files(paths):
        if isinstance(item, Path):
            try:
                total += item.stat().st_size
            except OSError:
                pass
    return total
