"""Optional dependencies: import one, or fail with one line that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from kg.errors import KgError

#: The distribution name (pyproject.toml; the command is ``kg``). It is not on PyPI: an extra is
#: installed from kg's source folder (``pip install '.[dask]'``) or from a wheel built there.
DISTRIBUTION = "kg-news"


class MissingExtra(KgError):
    """An optional dependency is not installed; the message says which extra brings it."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingExtra` naming the extra and how to install it.

    >>> require("json", "none", "testing").__name__
    'json'
    >>> require("no_such_module_here", "dask", "--engine dask")
    Traceback (most recent call last):
    ...
    kg.extras.MissingExtra: --engine dask needs the optional dependency no_such_module_here: install kg-news with its [dask] extra (pip install '.[dask]' in kg's source folder)
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"{purpose} needs the optional dependency {module.split('.')[0]}: "
            f"install {DISTRIBUTION} with its [{extra}] extra (pip install '.[{extra}]' in kg's source folder)"
        ) from None
