"""Validation tests keep the grammar cache in a folder of their own, never the user's."""
from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session", autouse=True)
def _grammar_cache(tmp_path_factory: pytest.TempPathFactory):
    before = os.environ.get("APOSTILLA_CACHE_DIR")
    os.environ["APOSTILLA_CACHE_DIR"] = str(tmp_path_factory.mktemp("grammar-cache"))
    yield
    if before is None:
        del os.environ["APOSTILLA_CACHE_DIR"]
    else:
        os.environ["APOSTILLA_CACHE_DIR"] = before
