"""One crawl at a time per database: an exclusive flock on "<db>.lock" holding the owner's pid."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["CrawlLockedError", "crawl_lock"]


class CrawlLockedError(RuntimeError):
    """Another crawl holds the lock on this database."""


@contextmanager
def crawl_lock(db_path: Path | str) -> Iterator[Path]:
    """Hold the run lock for `db_path`; raise CrawlLockedError at once if it is taken.

    The kernel drops a flock when its process dies, so a killed run never leaves a stale lock.
    """
    lock_path = Path(f"{db_path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = os.pread(fd, 32, 0).decode("ascii", "ignore").strip() or "?"
            raise CrawlLockedError(f"another crawl is running on {db_path} (pid {owner})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield lock_path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
