"""Session-wide test setup: the gazetteer disk cache goes to a temporary folder.

nlp.gazetteer_cache writes to ~/.cache/pharmanews unless told otherwise; a
test run must never write to the user's home, so PHARMANEWS_CACHE_DIR points
at a folder made for this run and removed after it.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE_ENV = "PHARMANEWS_CACHE_DIR"  # nlp.gazetteer_cache.CACHE_ENV; not imported so no nlp code runs first
_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="pharmanews-test-cache-")
    _made.append(folder)
    os.environ[_CACHE_ENV] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)
