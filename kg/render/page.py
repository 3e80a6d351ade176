"""The graph page as HTML: ``templates/graph.html`` rendered with jinja2, vis-network inlined.

Safety: autoescape is on, so every text the template shows is escaped; the
data the page script reads (nodes, edges, options) goes through
:func:`script_json`, so no actor name or sentence can close the script or run
code. vis-network's script and stylesheet are the vendored files in
``vendor/vis-network`` (see its README), inlined so the page makes no request.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from kg.errors import KgError

VIS_NETWORK = "vendor/vis-network"

_SCRIPT_CLOSE = re.compile(r"</(script)", re.IGNORECASE)
_JSON_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "'": "\\u0027",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE_RE = re.compile("[<>&'\u2028\u2029]")


def script_json(value: Any):
    """JSON safe to embed in an HTML ``<script>``: ``<``, ``>``, ``&``, ``'`` (and U+2028/9) as ``\\uXXXX``.

    Unlike Jinja's ``tojson`` it keeps other non-ASCII characters as they are
    (a third of the size for quotes and dashes).

    >>> str(script_json({"t": "</script><img src=x>", "q": "“x”"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e", "q": "“x”"}'
    """
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":") if isinstance(value, list) else None)
    return Markup(_JSON_UNSAFE_RE.sub(lambda m: _JSON_UNSAFE[m.group(0)], text))


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's minified script and stylesheet, made safe to inline in ``<script>`` / ``<style>``."""
    lib = resources.files("kg.render").joinpath(VIS_NETWORK)
    try:
        js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = lib.joinpath("vis-network.min.css").read_text(encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot read vis-network from the kg package ({lib}): {err}") from err
    # neither may close its element early; no source-map comment (devtools would try to fetch it)
    js = re.sub(r"//# sourceMappingURL=\S*", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S*\s*\*/", "", css)
    return _SCRIPT_CLOSE.sub(r"<\\/\1", js).replace("<!--", "<\\!--"), css.replace("</style", "<\\/style")


@cache
def _environment():
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("kg.render", "templates"), autoescape=True)
    env.filters["script_json"] = script_json
    return env


def render_page(**values: Any) -> str:
    """``templates/graph.html`` rendered with ``values`` plus the inlined vis-network assets."""
    from markupsafe import Markup

    vis_js, vis_css = vis_assets()
    return _environment().get_template("graph.html").render(vis_js=Markup(vis_js), vis_css=Markup(vis_css), **values)
