"""Shared by the CLI tests: a store built from the two hand-made documents of tests/conftest.py."""

from __future__ import annotations

import pytest

from kg.store import open_store


@pytest.fixture
def built(tmp_path, doc_a, doc_b):
    location = str(tmp_path / "store")
    with open_store(location) as s:
        s.replace_document(*doc_a)
        s.replace_document(*doc_b)
    return location
