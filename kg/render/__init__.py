"""Pages a person looks at: the graph page (``kg draw``) and the SPARQL endpoint with it (``kg serve``).

- :mod:`kg.render.draw` — the signed actor graph -> node and edge data -> one HTML page.
- :mod:`kg.render.page` — ``templates/graph.html`` rendered with jinja2, vis-network inlined.
- :mod:`kg.render.layout` — precomputed positions for large graphs.
- :mod:`kg.render.serve` — ``kg serve``: the page at ``/`` and a read-only gate in front of Oxigraph's server.
"""
