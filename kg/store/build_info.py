"""What a store was built with: the spaCy pipeline and the user's actors and lexicon files.

Kept on the IRI of the graph ``mint("graph", "build")`` (``kg:builtWithModel``,
``kg:builtWithActors``, ``kg:builtWithLexicon``), replaced by each build that
extracted documents, read by ``kg stats``. A file is recorded as its path and
SHA-256, so a store built with another version of the same file says so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rdflib import Literal

from kg.rdf.iris import mint
from kg.rdf.namespace import KG
from kg.store.terms import nt_term

GRAPH = mint("graph", "build")
#: Setting name -> the property that records it.
PROPERTIES = {"model": KG.builtWithModel, "actors": KG.builtWithActors, "lexicon": KG.builtWithLexicon}


def file_record(path: str | Path) -> str:
    """``'PATH sha256:HEX'`` for a user file (the hash says which version of it built the store)."""
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return f"{path} sha256:{digest}"


def record_build(store, *, model: str, actors: str | Path | None = None, lexicon: str | Path | None = None) -> None:
    """Replace the store's record of what built it (one update)."""
    values = {
        "model": model,
        "actors": file_record(actors) if actors else None,
        "lexicon": file_record(lexicon) if lexicon else None,
    }
    g = nt_term(GRAPH)
    triples = " ".join(f"{g} {nt_term(PROPERTIES[k])} {nt_term(Literal(v))} ." for k, v in values.items() if v)
    store.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ {triples} }} }}")


def built_with(store) -> dict[str, str]:
    """``{"model": …, "actors": 'PATH sha256:HEX', "lexicon": …}`` as recorded (absent settings left out)."""
    names = {str(p): k for k, p in PROPERTIES.items()}
    rows = store.query("SELECT ?p ?v WHERE { ?g ?p ?v }", {"g": GRAPH})
    return {names[str(p)]: str(v) for p, v in rows if str(p) in names}
