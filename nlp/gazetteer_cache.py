"""A disk cache of the loaded default gazetteer, so a new process skips parsing.

Reading and checking the gazetteer files (JSON, normalising every alias,
duplicate checks) takes a few hundred milliseconds; unpickling the result
takes about ten. The cache file's name is a hash of the gazetteer files'
bytes, their labels and the loader's own source, so any change to the data
or to the normalisation builds a fresh one. The directory is
``$PHARMANEWS_CACHE_DIR``, else ``$XDG_CACHE_HOME/pharmanews``, else
``~/.cache/pharmanews``; ``PHARMANEWS_CACHE_DIR=off`` turns the cache off. A
cache that cannot be read or written is ignored (the files are parsed as
before), never an error.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

log = logging.getLogger(__name__)

CACHE_ENV = "PHARMANEWS_CACHE_DIR"
T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where cached files go, or None when caching is off."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env.lower() == "off":
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "pharmanews"


def cache_key(files: dict[Path, str], *sources: Path) -> str:
    """A hash of the files (name, label, bytes) and of the code that reads them."""
    h = hashlib.sha256()
    for path in [*sources, *sorted(files)]:
        h.update(path.name.encode() + b"\0" + files.get(path, "").encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()[:24]


def cached(name: str, files: dict[Path, str], sources: tuple[Path, ...], build: Callable[[], T]) -> T:
    """`build()`, or the pickled result of an earlier build of the same inputs."""
    folder = cache_dir()
    try:
        path = folder / f"{name}-{cache_key(files, *sources)}.pickle" if folder else None
    except OSError:
        path = None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception as exc:  # noqa: BLE001 - a stale or torn cache is rebuilt
            log.info("ignoring unreadable cache %s: %s", path, exc)
    value = build()
    if path is not None:
        _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as fh:
            tmp = fh.name
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except Exception as exc:  # noqa: BLE001 - no cache is only slower
        log.info("cannot write cache %s: %s", path, exc)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
