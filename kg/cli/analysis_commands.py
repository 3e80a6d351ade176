"""kg commands: analysis."""

from kg.cli._app import app  # noqa: F401
