"""Errors a user can cause and fix. The CLI prints them as one line, no traceback."""

from __future__ import annotations


class KgError(Exception):
    """Base class: ``str(err)`` is the one-line message; ``exit_code`` the CLI's exit status."""

    exit_code = 1


class InputError(KgError):
    """A document or file cannot be read (names the file and the problem)."""


class StoreError(KgError):
    """The store cannot be opened, is locked, or a write failed (nothing was lost)."""


class QueryError(KgError):
    """A SPARQL query is malformed or names an unknown query/parameter."""

    exit_code = 2


class DocumentError(StoreError):
    """One document cannot be written as given (e.g. a mention the ontology refuses): nothing of it was
    written, the store is fine, and a build goes on with the other documents."""
