"""Schema 4: `url_aliases`, a fetched URL whose page named another canonical URL.

The crawler consults it so that a link seen in a listing finds the article
already stored under its canonical URL and does not fetch it again.
"""

from __future__ import annotations

from sqlite_utils import Database

SQL = "CREATE TABLE IF NOT EXISTS url_aliases (url TEXT PRIMARY KEY, canonical TEXT NOT NULL)"


def apply(db: Database) -> None:
    # IF NOT EXISTS: stores written before this step created the table on first use.
    db.execute(SQL)
