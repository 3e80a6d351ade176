"""Optional dependencies: import one, or fail with one line that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from kg.errors import KgError

#: The distribution name on PyPI (the command is ``kg``).
DISTRIBUTION = "kg-news"


class MissingExtra(KgError):
    """An optional dependency is not installed; the message says which extra brings it."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtra` naming ``pip install 'kg-news[EXTRA]'``.

    >>> require("json", "none", "testing").__name__
    'json'
    >>> require("no_such_module_here", "dask", "--engine dask")
    Traceback (most recent call last):
    ...
    kg.extras.MissingExtra: --engine dask needs the optional dependency no_such_module_here: pip install 'kg-news[dask]'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{purpose} needs the optional dependency {module.split('.')[0]}: pip install '{DISTRIBUTION}[{extra}]'"
        ) from None
