"""`Store`: the one object other rooms use; a thin facade over the storage modules.

Opening migrates the database to the latest schema (unless read-only); each
method delegates to the module that does that one job.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from nlp.model import Extraction
from storage import export, migrations, queries, reextract, review, reviewed, runs, writer
from storage.db import open_database, open_readonly_connection
from storage.errors import StoreError
from storage.records import ArticleRecord


class Store:
    """The pharmanews SQLite store at `path` (created, with its directories, if missing)."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = Path(path)
        self.readonly = readonly
        self.db = open_database(self.path, readonly=readonly)
        try:
            if readonly:
                version = migrations.current_version(self.db)
                if version < migrations.LATEST:
                    raise StoreError(
                        f"{self.path} is at schema version {version}, this pharmanews needs "
                        f"{migrations.LATEST}: open it once without read-only to migrate it"
                    )
            else:
                migrations.migrate(self.db)
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _writable(self) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} was opened read-only")

    # crawl runs
    def start_run(self, sources: list[str]) -> int:
        self._writable()
        return runs.start_run(self.db, sources)

    def record_source_stats(self, run_id: int, source: str, stats: dict) -> None:
        self._writable()
        runs.record_source_stats(self.db, run_id, source, stats)

    def finish_run(self, run_id: int, status: str = "ok") -> dict:
        self._writable()
        return runs.finish_run(self.db, run_id, status)

    def interrupt_stale_runs(self) -> list[int]:
        """Mark runs left 'running' by a dead crawl as 'interrupted'; call under the crawl lock."""
        self._writable()
        return runs.interrupt_stale_runs(self.db)

    def remember_aliases(self, aliases: dict[str, str]) -> None:
        """Remember fetched URL -> canonical URL pairs (pages whose rel=canonical differs)."""
        self._writable()
        runs.remember_aliases(self.db, aliases)

    def canonical_of(self, url: str) -> str | None:
        """The canonical URL a fetched `url` named, if one was remembered."""
        return runs.canonical_of(self.db, url)

    def runs(self, limit: int = 20) -> list[dict]:
        return runs.runs(self.db, limit)

    # articles
    def article_state(self, url: str) -> dict | None:
        return writer.article_state(self.db, url)

    def save_article(self, article: ArticleRecord, extraction: Extraction | None, run_id: int | None = None) -> str:
        """Write an article and its extraction in one transaction: "new", "updated" or "unchanged"."""
        self._writable()
        try:
            return writer.save_article(self.db, article, extraction, run_id)
        except sqlite3.Error as e:
            raise StoreError(f"could not save {article.url}: {e}") from e

    # reads
    def cooperations(
        self,
        company=None,
        drug=None,
        type=None,
        since=None,
        until=None,
        source=None,
        lang=None,
        min_usd=None,
        role=None,
        limit=None,
        territory=None,
        include_rejected=False,
    ) -> list[dict]:
        """Cooperation records newest first; `company`/`drug` match any alias in either language,
        `min_usd` an amount of at least that many US dollars (of amount `role` if given).
        Review verdicts are applied: rejected records hidden unless `include_rejected`."""
        # Articles whose amounts a reviewer rejected or corrected: their stored values cannot
        # answer a money filter, so they are fetched anyway and checked after the verdicts.
        changed = review.amount_changed_urls(self.db) if min_usd is not None or role else []
        fetch = self._padded(limit, "cooperation", changed)
        rows = queries.cooperations(
            self.db, company, drug, type, since, until, source, lang, min_usd, role, fetch, territory, changed
        )
        rows = reviewed.cooperations(self.db, rows, include_rejected)
        # A record whose type was corrected away from `type` no longer answers the filter.
        rows = [r for r in rows if not type or r["type"] == type]
        if changed:
            urls = set(changed)
            rows = [r for r in rows if r["article_url"] not in urls or _has_amount(r["amounts"], min_usd, role)]
        return rows[:limit]

    def companies(self, name=None, limit=None) -> list[dict]:
        return queries.companies(self.db, name, limit)

    def articles(
        self, source=None, lang=None, since=None, until=None, search=None, limit=None, run_id=None
    ) -> list[dict]:
        """Articles newest first; `search` is full-text (Chinese words, English words or prefix*);
        `run_id` keeps the articles that crawl run stored new or updated."""
        return queries.articles(self.db, source, lang, since, until, search, limit, run_id)

    def deals(
        self, company=None, type=None, since=None, limit=None, until=None, min_usd=None, include_rejected=False
    ) -> list[dict]:
        """Deals (merged cooperation records) by date of first report, newest first, with all evidence;
        rejected evidence is left out, and a deal with none left is hidden unless `include_rejected`."""
        changed = review.amount_changed_urls(self.db) if min_usd is not None else []
        fetch = self._padded(limit, "cooperation", changed)
        rows = queries.deals(self.db, company, type, since, fetch, until, min_usd, changed)
        rows = reviewed.deals(self.db, rows, include_rejected)
        rows = [d for d in rows if not type or d["type"] == type]
        if changed:
            urls = set(changed)
            rows = [
                d
                for d in rows
                if not urls & {e["article_url"] for e in d["evidence"]} or _has_amount(d["amounts"], min_usd)
            ]
        return rows[:limit]

    def export_records(self) -> Iterator[dict]:
        """Every article's extraction as JSON-lines records, with review verdicts applied."""
        if not review.reviewed_urls(self.db):
            return export.export_records(self.db)
        return reviewed.export_records(self.db)

    def _padded(self, limit, kind: str, recheck_urls=()):
        # Rows a verdict hides, and rows of `recheck_urls` fetched only to be checked again,
        # are dropped after the query: fetch enough to still fill `limit`.
        if limit is None:
            return limit
        return (
            max(int(limit), 0) + review.count_hiding(self.db, kind) + queries.cooperation_count(self.db, recheck_urls)
        )

    # review
    def review_queue(self, limit: int = 50, kind: str | None = None) -> list[dict]:
        """Unreviewed facts, least certain first: cooperations by confidence, unknown companies,
        amounts with role "other"; `kind` is cooperation, company or amount."""
        return review.review_queue(self.db, limit, kind)

    def record_verdict(
        self, kind: str, target_id: int, verdict: str, value: dict | None = None, reviewer: str | None = None
    ) -> dict:
        """Record accept / reject / correct (with `value`, a dict of fields) on a mention, amount or cooperation."""
        self._writable()
        return review.record_verdict(self.db, kind, target_id, verdict, value, reviewer)

    def reextract(self, extract_fn, urls=None) -> dict:
        """Re-run `extract_fn` (e.g. `nlp.extract`) over stored texts; verdicts stay attached by stable key."""
        self._writable()
        return reextract.reextract(self.db, extract_fn, urls)

    def review_gold(self, urls=None) -> Iterator[dict]:
        """Gold lines (eval GUIDELINES format, id = URL) of reviewed articles, verdicts applied."""
        return reviewed.review_gold(self.db, urls)

    def summary(self) -> dict:
        return queries.summary(self.db)

    def query_sql(self, sql: str, params=()) -> list[dict]:
        """Run one read-only statement on a separate read-only connection."""
        conn = open_readonly_connection(self.path)
        try:
            cursor = conn.execute(sql, params)
            if cursor.description is None:
                raise StoreError("query sql runs read-only statements only (SELECT, WITH, ...)")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        except (sqlite3.Error, ValueError, OverflowError) as e:
            raise StoreError(f"query failed: {e}") from e
        finally:
            conn.close()


def _has_amount(amounts: list[dict], min_usd=None, role=None) -> bool:
    """An amount of at least `min_usd` US dollars (and of `role`, when given) among `amounts`."""
    return any(
        (min_usd is None or (a.get("value_usd") is not None and a["value_usd"] >= float(min_usd)))
        and (not role or a.get("role") == role)
        for a in amounts
    )
