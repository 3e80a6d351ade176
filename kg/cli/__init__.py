"""``kg`` command line. Each command is a thin wrapper over one library function.

Command modules import heavy libraries (spaCy, rdflib plugins, networkx, dask)
inside the command function, so ``kg --help`` stays fast.
"""

from kg.cli import analysis_commands, nlp_commands, serve_commands, store_commands  # noqa: F401,E402  (registers commands)
from kg.cli._app import app


def main() -> None:
    """Console-script entry point."""
    from kg.cli import _app

    _app.EXIT_AT_ONCE = True
    app()


__all__ = ["app", "main"]
