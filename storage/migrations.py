"""Schema versions: find the steps in `storage.schema`, apply the missing ones in order.

`schema_version` holds one row per applied step. Each step runs in its own
transaction together with its version row, so a crash mid-migration leaves
the database at the previous version, ready to try again.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from sqlite_utils import Database

from storage import schema
from storage.db import write_transaction
from storage.errors import StoreError

_STEP_NAME = re.compile(r"^v(\d{3})_\w+$")


def steps() -> list[tuple[int, str, Callable[[Database], None]]]:
    """Every migration step as (version, module name, apply), lowest version first."""
    found = []
    for info in pkgutil.iter_modules(schema.__path__):
        m = _STEP_NAME.match(info.name)
        if m:
            module = importlib.import_module(f"storage.schema.{info.name}")
            found.append((int(m.group(1)), info.name, module.apply))
    return sorted(found)


LATEST = steps()[-1][0]


def current_version(db: Database) -> int:
    """The highest applied version; 0 for an empty database."""
    if not db["schema_version"].exists():
        return 0
    row = db.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(db: Database) -> int:
    """Bring `db` to the latest schema; returns the version it ends at."""
    if not db["schema_version"].exists():
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    version = current_version(db)
    if version > LATEST:
        raise StoreError(
            f"the database is at schema version {version}, newer than this pharmanews ({LATEST}): upgrade pharmanews"
        )
    for number, name, apply in steps():
        if number <= version:
            continue
        try:
            with write_transaction(db):
                # Another process may have migrated while we waited for the lock.
                if current_version(db) >= number:
                    continue
                apply(db)
                db.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
        except sqlite3.Error as e:
            raise StoreError(f"migration {name} failed: {e}") from e
        version = number
    return version
