"""Open a store by location: an Oxigraph directory, ``memory``, or a remote SPARQL endpoint."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import StoreError
from kg.rdf.namespace import KG
from kg.store.base import Store

#: Default store location (``--store`` / ``KG_STORE`` override it).
DEFAULT_LOCATION = "kg-store"


def default_location() -> str:
    """``$KG_STORE`` if set, else ``kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_LOCATION


def looks_like_a_store(path: Path) -> bool:
    """Whether the folder holds an Oxigraph (RocksDB) database: its ``CURRENT`` and ``MANIFEST-*`` files."""
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def check_store_location(location: str, *, create: bool) -> None:
    """Refuse a store location kg must not touch, with one line naming it; return if it may be opened.

    kg creates a store only in a new folder or an empty one: an existing
    folder with other files in it (or ``''``) is refused rather than turned
    into a database (RocksDB writes ``IDENTITY``, ``CURRENT``, ``LOG`` … there,
    over whatever has those names).

    >>> check_store_location("", create=True)
    Traceback (most recent call last):
    ...
    kg.errors.StoreError: store location is empty: give a folder with --store (or set KG_STORE)
    """
    if not location.strip():
        raise StoreError("store location is empty: give a folder with --store (or set KG_STORE)")
    path = Path(location)
    if not path.exists():
        return
    if not path.is_dir():
        raise StoreError(f"store {location}: exists and is not a directory")
    try:
        empty = next(path.iterdir(), None) is None
    except OSError as err:
        raise StoreError(f"store {location}: cannot read the folder: {err.strerror}") from None
    if empty:
        if not create:
            raise StoreError(f"store {location}: the folder is empty, no store here (build one with `kg build`)")
        return
    if not looks_like_a_store(path):
        raise StoreError(
            f"store {location}: the folder exists and is not a kg store; kg creates a store only in a new "
            "or empty folder (choose another --store)"
        )


def _check_url(location: str) -> None:
    import urllib.parse

    try:
        parts = urllib.parse.urlsplit(location)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as err:
        raise StoreError(f"store {location}: not a valid URL ({err})") from None
    if not parts.hostname:
        raise StoreError(f"store {location}: not a valid URL (no host)")


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
        Open an embedded store read-only: no write lock is taken, nothing is
        written, so it works beside a build or ``kg serve`` and on a read-only
        filesystem (the reader sees the store as it was when opened). Ignored
        for ``memory`` and endpoint URLs.
    create
        Create a missing store directory (False: a missing store is an error).

    Raises
    ------
    StoreError
        The location cannot be opened: missing parent, not a directory,
        permission denied, locked by another process, endpoint unreachable,
        an existing folder that is not a kg store, an empty location.
    """
    location = str(location) if location is not None else default_location()
    store: Store
    if location.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        _check_url(location)
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

    if location != "memory":
        check_store_location(location, create=create and not read_only)
    store = OxigraphStore(location, read_only=read_only and location != "memory", create=create)
    if not read_only:
        try:
            store.load_ontology()
            store.ensure_tallies()
        except BaseException:
            store.close()
            raise
    return store
