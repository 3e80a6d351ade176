"""What commands share around their one library call: inputs that must exist, output to stdout or a file."""

from __future__ import annotations

from pathlib import Path

import typer


def missing_inputs(paths: list[Path]) -> None:
    """A named input that does not exist is one line, before anything is opened or created."""
    from kg.errors import InputError

    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise InputError(f"{missing[0]}: no such file or folder{more}; nothing was read or written")


def emit(text: str, output: str | Path | None) -> None:
    """A command's output: to stdout, or whole to a file (``-o``)."""
    if output is None or str(output) == "-":
        typer.echo(text)
        return
    from kg.files import write_file

    write_file(output, text if text.endswith("\n") else text + "\n")
    typer.echo(f"kg: wrote {output}", err=True)
