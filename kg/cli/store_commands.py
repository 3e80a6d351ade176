"""kg commands: store."""

from kg.cli._app import app  # noqa: F401
