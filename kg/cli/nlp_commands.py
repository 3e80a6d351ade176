"""kg commands: nlp."""

from kg.cli._app import app  # noqa: F401
