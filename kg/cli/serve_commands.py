"""kg commands: serve."""

from kg.cli._app import app  # noqa: F401
