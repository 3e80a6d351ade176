"""Writing the files commands produce: the whole file or nothing (exports, the graph page).

A file is written to ``<name>.part`` beside its destination and renamed over it
only when complete, so a reader never sees half a file and a failed write
leaves neither a truncated destination nor the ``.part`` file behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import KgError


def write_file(path: str | os.PathLike[str], data: bytes | str, *, what: str = "") -> Path:
    """Write ``data`` to ``path`` atomically (parent folders are created); return the path.

    ``what`` names the file in errors ("the graph page"); by default the path does.

    Raises
    ------
    KgError
        The path is a folder, or the file cannot be written (its folder is not
        writable, the disk is full ...); nothing is left behind.

    Examples
    --------
    >>> import tempfile
    >>> out = write_file(Path(tempfile.mkdtemp()) / "sub" / "x.txt", "hello")
    >>> out.read_text(), sorted(p.name for p in out.parent.iterdir())
    ('hello', ['x.txt'])
    """
    path = Path(path)
    name = f"{what} to {path}" if what else str(path)
    if path.is_dir():
        raise KgError(f"cannot write {name}: it is a folder")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symlink planted at the .part name must not redirect the write
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, path)
    except OSError as err:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:  # e.g. the .part name is itself a folder: not ours to remove
            pass
        raise KgError(f"cannot write {name}: {err.strerror or err}") from None
    return path
