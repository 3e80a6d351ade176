"""``kg`` command line. Each command is a thin wrapper over one library function.

Command modules import heavy libraries (spaCy, rdflib plugins, networkx, dask)
inside the command function, so ``kg --help`` stays fast.
"""

from kg.cli._app import app
from kg.cli import store_commands, nlp_commands, analysis_commands, serve_commands  # noqa: F401,E402  (registers commands)


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
