"""Open a store by location: an Oxigraph directory, ``memory``, or a remote SPARQL endpoint."""

from __future__ import annotations

import os

from kg.errors import StoreError
from kg.rdf.namespace import KG
from kg.store.base import Store

#: Default store location (``--store`` / ``KG_STORE`` override it).
DEFAULT_LOCATION = "kg-store"


def default_location() -> str:
    """``$KG_STORE`` if set, else ``kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


def open_store(
    location: str | os.PathLike[str] | None = None, *, read_only: bool = False, create: bool = True
) -> Store:
    """Open (or create) the store at ``location`` and make sure the ontology graph and tallies are current.

    A store written before pair tallies existed gets them built on its first
    writable open (one update; about a minute per million triples). A
    read-only open changes nothing: the named queries, which read tallies,
    refuse such a store with a one-line reason until it has been opened for
    writing once (:meth:`kg.store.base.Store.lacks_tallies`).

    Parameters
    ----------
    location
        A directory, ``"memory"``, or an ``http(s)://`` SPARQL endpoint URL;
        None means :func:`default_location`.
    read_only
        Open an embedded store without taking its write lock (for readers;
        do not write to it from another process meanwhile).
    create
        Create a missing store directory (False: a missing store is an error).

    Raises
    ------
    StoreError
        The location cannot be opened: missing parent, not a directory,
        permission denied, locked by another process, endpoint unreachable.
    """
    location = str(location) if location is not None else default_location()
    store: Store
    if location.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        store = RemoteStore(location)
        store.load_ontology()
        if not store.query("ASK { ?p ?x ?o }", {"p": KG.supports}).askAnswer:
            raise StoreError(
                f"SPARQL endpoint {location} does not query the union of its named graphs by default "
                "(for Oxigraph start it with `oxigraph serve --union-default-graph`)"
            )
        store.ensure_tallies()
        return store
    from kg.store.embedded import OxigraphStore

    store = OxigraphStore(location, read_only=read_only, create=create)
    if not read_only:
        try:
            store.load_ontology()
            store.ensure_tallies()
        except BaseException:
            store.close()
            raise
    return store
