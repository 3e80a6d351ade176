"""The graph page as HTML: ``templates/graph.html`` rendered with jinja2, vis-network inlined.

Safety: autoescape is on, so every text the template shows is escaped; the
data the page script reads (nodes, edges, options) goes through
:func:`script_json`, so no actor name or sentence can close the script or run
code. Control characters, which HTML text cannot hold (a parse error, shown
as nothing), are shown as their Unicode control pictures (U+0007 as ␇) by
:func:`visible_controls`, applied to every value the template prints; in the
embedded JSON they are ``\u0007`` escapes. vis-network's script and stylesheet are the vendored files in
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
_JSON_UNSAFE_RE = re.compile("[<>&'\u2028\u2029\x7f-\x9f]")  # DEL and C1 controls: HTML parse errors
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(value: Any) -> Any:
    """A text with its control characters (not tab, CR, LF) as Unicode control pictures; other values as given.

    Markup (already safe HTML: the inlined assets, the embedded JSON) is left alone.

    >>> visible_controls("bell\\x07 nul\\x00 del\\x7f tab\\t")
    'bell␇ nul␀ del␡ tab\\t'
    """
    from markupsafe import Markup

    if not isinstance(value, str) or isinstance(value, Markup) or not _CONTROLS.search(value):
        return value
    return _CONTROLS.sub(lambda m: "\u2421" if m.group() == "\x7f" else chr(0x2400 + ord(m.group())), value)


def script_json(value: Any):
    """JSON safe to embed in an HTML ``<script>``: ``<``, ``>``, ``&``, ``'`` (and U+2028/9) as ``\\uXXXX``.

    Unlike Jinja's ``tojson`` it keeps other non-ASCII characters as they are
    (a third of the size for quotes and dashes).

    >>> str(script_json({"t": "</script><img src=x>", "q": "“x”"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e", "q": "“x”"}'
    """
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":") if isinstance(value, list) else None)
    return Markup(_JSON_UNSAFE_RE.sub(lambda m: _JSON_UNSAFE.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", text))


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

    env = Environment(loader=PackageLoader("kg.render", "templates"), autoescape=True, finalize=visible_controls)
    env.filters["script_json"] = script_json
    return env


def render_page(**values: Any) -> str:
    """``templates/graph.html`` rendered with ``values`` plus the inlined vis-network assets."""
    from markupsafe import Markup

    vis_js, vis_css = vis_assets()
    return _environment().get_template("graph.html").render(vis_js=Markup(vis_js), vis_css=Markup(vis_css), **values)
