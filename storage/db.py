"""The one place that opens the SQLite database.

Writers get a `sqlite_utils.Database` in WAL mode with foreign keys and a busy
timeout; readers (`readonly=True`, `query sql`) get a connection opened with a
``mode=ro`` URI so that SQLite itself refuses any write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from storage.errors import StoreError

BUSY_TIMEOUT_MS = 10_000


def _readonly_connection(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise StoreError(f"no database at {path}: run a crawl first or check the --db path")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # A second lock: even a statement SQLite would allow on a ro file is refused.
    conn.execute("PRAGMA query_only = 1")
    return conn


def _check_is_database(conn: sqlite3.Connection, path: Path) -> None:
    """Touch the header now, so a non-database fails here with a clear message."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{path} is not a pharmanews SQLite database ({e})") from e


def open_database(path: str | Path, *, readonly: bool = False) -> Database:
    """Open (creating parent directories and the file unless `readonly`) the store at `path`."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file: pass a path like {path}/news.db")
    if readonly:
        conn = _readonly_connection(path)
        _check_is_database(conn, path)
        return Database(conn, recursive_triggers=False, execute_plugins=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
    except (OSError, sqlite3.Error) as e:
        raise StoreError(f"cannot open {path}: {e}") from e
    _check_is_database(conn, path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL is durable against process kills under WAL (only power loss can drop a commit).
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as e:
        conn.close()
        raise StoreError(f"cannot open {path}: {e}") from e
    return Database(conn, execute_plugins=False)


def open_readonly_connection(path: str | Path) -> sqlite3.Connection:
    """A plain read-only connection for ad-hoc SQL (`Store.query_sql`)."""
    path = Path(path)
    conn = _readonly_connection(path)
    _check_is_database(conn, path)
    return conn


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads first and writes later can fail with
    "database is locked" at once when another process writes meanwhile; taking
    the lock at BEGIN makes a second writer wait for the busy timeout instead.
    Nested use falls back to sqlite-utils' savepoints.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")
