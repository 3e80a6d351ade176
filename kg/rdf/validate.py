"""Check a built graph against ``kg/data/shapes.ttl`` with pyshacl (``kg validate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the shape's message."""

    focus: str
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """``conforms`` and the violations found (empty when it conforms)."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        """``conforms`` or one line per violation."""
        if self.conforms:
            return "conforms"
        lines = [f"does not conform: {len(self.violations)} violation(s)"]
        lines += [f"  {v}" for v in self.violations]
        return "\n".join(lines)


def _short(term) -> str:
    from rdflib import URIRef

    from kg.rdf.namespace import compact

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return compact(str(term)) or f"<{term}>"
    return str(term)


def validate_graph(data, shapes: str | Path | None = None) -> ValidationReport:
    """Validate an rdflib graph against the shapes (default: the shipped ``shapes.ttl``)."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    from kg.rdf.ontology import ontology_path

    shapes_path = Path(shapes) if shapes else ontology_path("shapes.ttl")
    try:
        shapes_graph = Graph().parse(shapes_path, format="turtle")
    except (OSError, SyntaxError, ValueError) as err:
        raise InputError(f"shapes file {shapes_path}: cannot read: {err}") from None
    conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        violations.append(
            Violation(
                focus=_short(results.value(result, SH.focusNode)),
                path=_short(results.value(result, SH.resultPath))
                if not isinstance(results.value(result, SH.resultPath), type(None))
                else "",
                message=str(results.value(result, SH.resultMessage) or ""),
                value=_short(results.value(result, SH.value)),
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)


def validate(store, shapes: str | Path | None = None) -> ValidationReport:
    """Validate the union of the store's graphs (ontology included) against the shapes."""
    return validate_graph(store.union_graph(), shapes)


def validate_file(path: str | Path, shapes: str | Path | None = None) -> ValidationReport:
    """Validate an RDF file (any format rdflib reads, guessed from the extension).

    The shipped ontology is read in beside it, as a store's union graph holds it: the shapes
    look relation properties up in ``kg.ttl``, and an export holds the data only.
    """
    from rdflib import Graph

    from kg.rdf.ontology import ontology_path

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    try:
        graph = Graph().parse(str(path.resolve()))  # rdflib resolves a relative name against the wrong folder
    except (OSError, SyntaxError, ValueError) as err:
        raise InputError(f"{path}: cannot read RDF: {err}") from None
    graph.parse(ontology_path("kg.ttl"), format="turtle")
    return validate_graph(graph, shapes)
