"""Crawl runs: when they ran, per-source counts, and sources that suddenly yield nothing.

A source is flagged `zero_yield` when it yielded articles (new, updated or
unchanged) in an earlier run and none in this one: the usual sign that a site
changed its layout and the spider silently stopped finding articles.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database

from storage.db import write_transaction
from storage.errors import StoreError

_COUNTS = ("pages_fetched", "articles_new", "articles_updated", "articles_unchanged")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def start_run(db: Database, sources: list[str]) -> int:
    with write_transaction(db):
        cur = db.execute(
            "INSERT INTO runs (started_at, status, sources) VALUES (?, 'running', ?)",
            (_now(), json.dumps(list(sources), ensure_ascii=False)),
        )
    return cur.lastrowid


def _require_run(db: Database, run_id: int) -> None:
    if not db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone():
        raise StoreError(f"no crawl run with id {run_id}")


def record_source_stats(db: Database, run_id: int, source: str, stats: dict) -> None:
    _require_run(db, run_id)
    counts = {k: int(stats.get(k) or 0) for k in _COUNTS}
    errors = {str(k): int(v) for k, v in (stats.get("errors") or {}).items()}
    yielded = counts["articles_new"] + counts["articles_updated"] + counts["articles_unchanged"]
    with write_transaction(db):
        earlier = db.execute(
            """SELECT 1 FROM run_sources WHERE source = ? AND run_id < ?
               AND articles_new + articles_updated + articles_unchanged > 0 LIMIT 1""",
            (source, run_id),
        ).fetchone()
        zero_yield = int(yielded == 0 and earlier is not None)
        db.execute(
            """INSERT OR REPLACE INTO run_sources (run_id, source, pages_fetched, articles_new,
               articles_updated, articles_unchanged, errors, zero_yield) VALUES (?,?,?,?,?,?,?,?)""",
            (run_id, source, *counts.values(), json.dumps(errors, ensure_ascii=False), zero_yield),
        )


def _run_dict(db: Database, row: dict) -> dict:
    run = dict(row)
    run["sources"] = json.loads(run["sources"] or "[]")
    stats = {}
    for s in db.query("SELECT * FROM run_sources WHERE run_id = ? ORDER BY source", (run["id"],)):
        s = dict(s)
        s.pop("run_id")
        s["errors"] = json.loads(s["errors"] or "{}")
        s["zero_yield"] = bool(s["zero_yield"])
        stats[s.pop("source")] = s
    run["stats"] = stats
    run["zero_yield"] = [name for name, s in stats.items() if s["zero_yield"]]
    return run


def finish_run(db: Database, run_id: int, status: str = "ok") -> dict:
    _require_run(db, run_id)
    with write_transaction(db):
        db.execute("UPDATE runs SET finished_at = ?, status = ? WHERE id = ?", (_now(), status, run_id))
    return _run_dict(db, next(db.query("SELECT * FROM runs WHERE id = ?", (run_id,))))


def interrupt_stale_runs(db: Database) -> list[int]:
    """Mark runs still 'running' as 'interrupted' (their process died); their ids.

    Only the holder of the crawl lock may call this: then no other run can be live.
    """
    with write_transaction(db):
        ids = [r[0] for r in db.execute("SELECT id FROM runs WHERE status = 'running' ORDER BY id").fetchall()]
        db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
    return ids


# Crawl bookkeeping beside the runs: a fetched URL whose page named another canonical URL, so the
# next run finds the stored article from the link it sees in listings (table: schema v004).


def remember_aliases(db: Database, aliases: dict[str, str]) -> None:
    pairs = [(u, c) for u, c in aliases.items() if u and c and u != c]
    if not pairs:
        return
    with write_transaction(db):
        db.conn.executemany("INSERT OR REPLACE INTO url_aliases (url, canonical) VALUES (?, ?)", pairs)


def canonical_of(db: Database, url: str) -> str | None:
    row = db.execute("SELECT canonical FROM url_aliases WHERE url = ?", (url,)).fetchone()
    return row[0] if row else None


def runs(db: Database, limit: int = 20) -> list[dict]:
    rows = list(db.query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (int(limit),)))
    return [_run_dict(db, r) for r in rows]
