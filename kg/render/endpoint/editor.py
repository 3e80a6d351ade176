"""The SPARQL editor at ``/sparql``: vendored YASGUI, the kg prefixes, the named queries as example tabs.

Everything the page loads comes from the endpoint itself (``/sparql/*``):
YASGUI's two files (``kg/render/vendor/yasgui``, the npm package's files),
``editor.js`` / ``editor.css`` (``assets/``). The page's data (endpoint,
prefixes, examples) is a JSON block, never code, and the page is served with
a Content-Security-Policy that lets it talk to this endpoint only.

Each example is a named query (``kg/queries/*.rq``) bound the way
``kg query NAME --param …`` binds it (:func:`kg.queries.run.bind_params`,
``VALUES`` blocks), with values taken from the served graph (its most
mentioned pairs), so every tab runs as it is and gives rows: the same text
``kg query`` would send.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from kg.rdf.namespace import PREFIXES, sparql_prefixes

#: Files served under ``/sparql/``: name -> (package, path inside it, content type).
ASSETS = {
    "yasgui.min.js": ("kg.render", "vendor/yasgui/yasgui.min.js", "text/javascript; charset=utf-8"),
    "yasgui.min.css": ("kg.render", "vendor/yasgui/yasgui.min.css", "text/css; charset=utf-8"),
    "editor.js": ("kg.render.endpoint", "assets/editor.js", "text/javascript; charset=utf-8"),
    "editor.css": ("kg.render.endpoint", "assets/editor.css", "text/css; charset=utf-8"),
}

#: The editor page may load its own files and talk to this endpoint, nothing else.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


@cache
def asset(name: str) -> tuple[bytes, str] | None:
    """The bytes and content type of ``/sparql/NAME``, or None if there is no such file."""
    if name not in ASSETS:
        return None
    package, path, content_type = ASSETS[name]
    data = resources.files(package).joinpath(path).read_bytes()
    # no source-map comment: a browser's developer tools would ask for a file that is not shipped
    return re.sub(rb"//# sourceMappingURL=\S*", b"", data), content_type


def _example_values(store) -> dict[str, list[str]]:
    """Actor ids for the examples, from the most-mentioned relations: any pair, a conflict pair, a supported actor."""
    from kg.queries.run import run_query

    result, _ = run_query(store, "relations")
    names = [str(v) for v in result.vars or []]
    rows = [{name: str(value) for name, value in zip(names, row) if value is not None} for row in result]  # type: ignore[arg-type]
    pick: dict[str, list[str]] = {}
    for row in rows:
        subject, obj = row.get("subject", ""), row.get("object", "")
        if not subject or not obj:
            continue
        ids = [subject.rsplit("/", 1)[-1], obj.rsplit("/", 1)[-1]]
        pick.setdefault("any", ids)
        pick.setdefault(row.get("polarity", "").rsplit("#", 1)[-1].lower(), ids)
    return pick


def examples(store) -> list[dict[str, str]]:
    """``[{name, query}]``: every named query, bound with values from ``store``, in catalogue order.

    A query whose required parameters cannot be filled (an empty store) is
    shown unbound, with a comment saying which ``VALUES`` it needs.
    """
    from kg.queries.catalogue import named_queries
    from kg.queries.run import bind_params
    from kg.store.text import inline_values

    try:
        picks = _example_values(store)
    except Exception:  # noqa: BLE001 - an empty or old store still gets an editor
        picks = {}
    out = []
    for nq in named_queries().values():
        actors = [p for p in nq.params if p.type == "actor" and not p.optional]
        ids = picks.get("conflict" if "conflict" in nq.name or "rival" in nq.name else "cooperation") or picks.get(
            "any", []
        )
        if "supports" in nq.name and ids:
            ids = ids[1:]  # who supports X: X is the object of a cooperation
        params = {p.name: value for p, value in zip(actors, ids)}
        label = ", ".join(f"{k}={v}" for k, v in params.items())
        try:
            if len(params) < len(actors):
                raise ValueError("no values")
            bindings, _ = bind_params(store, nq, params)
            text = inline_values(nq.text, bindings)
        except Exception:  # noqa: BLE001 - show the query unbound rather than leave it out
            needs = ", ".join(f"?{p.name}" for p in actors) or "nothing"
            text = f"# {nq.description}\n# bind {needs} with a VALUES block to run it\n" + nq.text
            label = "unbound"
        header = f"# kg query {nq.name}" + "".join(f" --param {k}={v}" for k, v in params.items())
        out.append({"name": f"{nq.name} ({label})" if label else nq.name, "query": header + "\n" + text})
    return out


def editor_page(store, title: str = "kg") -> bytes:
    """The ``/sparql`` HTML page for the store behind the endpoint."""
    from jinja2 import Environment, PackageLoader

    from kg.render.page import script_json

    data = {"endpoint": "/sparql", "prologue": sparql_prefixes(), "examples": examples(store)}
    env = Environment(loader=PackageLoader("kg.render.endpoint", "assets"), autoescape=True)
    html = env.get_template("editor.html").render(
        title=title, prefixes=sorted(PREFIXES.items()), data=script_json(data)
    )
    return html.encode("utf-8")
