"""The RDF store: open one by location, write a document in one transaction, query the union of graphs.

- :mod:`kg.store.open` — :func:`open_store` by location (directory, ``memory``, ``http(s)://``).
- :mod:`kg.store.base` — :class:`Store`: documents in, SPARQL out; every write one update.
- :mod:`kg.store.embedded` / :mod:`kg.store.remote` — the two transports.
- :mod:`kg.store.tallies` — the pair-tally layout the named queries read (parts kept apart, or rolled up).
- :mod:`kg.store.rollup` — the roll-up view kept as data (``kg:countsAs``, roll-up tally links).
- :mod:`kg.store.rebuild` — every tally built again, in bounded batches.
- :mod:`kg.store.engines` — what differs between SPARQL servers (one adapter).
- :mod:`kg.store.text` — the store's SPARQL files (``sparql/*.rq``, ``*.ru``) and ``VALUES`` binding.
- :mod:`kg.store.terms` — rdflib <-> pyoxigraph terms and the one escaping function.

Locations (``--store`` / ``KG_STORE``):

- a directory path: an embedded on-disk ``pyoxigraph.Store`` (created if
  missing; its parent must exist). One process at a time may open it.
- ``memory``: an in-memory Oxigraph store (gone when the process ends).
- ``http(s)://host:port``: an Oxigraph server, using ``/query`` and
  ``/update``; a URL ending in ``/query`` or ``/sparql`` uses the sibling
  ``/update`` for writes; any other URL is used for both. The server must
  evaluate queries over the union of its named graphs (Oxigraph:
  ``oxigraph serve --union-default-graph``; Fuseki: ``unionDefaultGraph``).

The union is a *bag*, as Oxigraph evaluates it: a triple stored in two
document graphs (a direct relation two documents support) matches twice. Use
``DISTINCT`` / ``COUNT(DISTINCT …)`` where that matters; the named queries do.

Query results have the shape of ``rdflib.Graph.query``: an
``rdflib.query.Result`` (SELECT rows of rdflib terms with ``.vars``, ASK
``.askAnswer``, CONSTRUCT ``.graph``).

Examples
--------
>>> from kg.model import Actor, Document, RelationMention
>>> from kg.rdf.namespace import PREFIXES
>>> store = open_store("memory")
>>> doc = Document("a.txt", "Iran backs the militias.")
>>> m = RelationMention("a.txt", Actor("iran", "Iran", "State"), "supports",
...                     Actor("militias", "Militias", "ArmedGroup"), "cooperation")
>>> store.replace_document(doc, [m])
True
>>> store.replace_document(doc, [m])      # unchanged: skipped
False
>>> [str(row.label) for row in store.query(
...     "SELECT ?label WHERE { ?a kg:supports ?b . ?b rdfs:label ?label }", initNs=PREFIXES)]
['Militias']
"""

from kg.store.base import ACTORS_GRAPH, FORMATS, ONTOLOGY_GRAPH, DocumentInfo, Store, StoreStats
from kg.store.embedded import OxigraphStore
from kg.store.open import DEFAULT_LOCATION, default_location, open_store
from kg.store.remote import RemoteStore
from kg.store.tallies import MENTION_BANDS, ROLLUP_GRAPH, ROLLUP_TALLIES_GRAPH, TALLIES_GRAPH, TALLY_VERSION
from kg.store.terms import clean_text, from_ox, nt_term, to_ox
from kg.store.text import inline_values

__all__ = [
    "ACTORS_GRAPH",
    "DEFAULT_LOCATION",
    "FORMATS",
    "MENTION_BANDS",
    "ONTOLOGY_GRAPH",
    "ROLLUP_GRAPH",
    "ROLLUP_TALLIES_GRAPH",
    "TALLIES_GRAPH",
    "TALLY_VERSION",
    "DocumentInfo",
    "OxigraphStore",
    "RemoteStore",
    "Store",
    "StoreStats",
    "clean_text",
    "default_location",
    "from_ox",
    "inline_values",
    "nt_term",
    "open_store",
    "to_ox",
]
