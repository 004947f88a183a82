"""Item pipelines, one job each, in order: clean -> language -> extract -> store.

Extraction runs off the reactor (a shared forked process pool by default, Twisted's thread pool
with PHARMANEWS_EXTRACT_PROCESSES=0) so fetching never waits on spaCy; cleaning (~3 ms) and
storing run on the reactor thread, so one SQLite connection is used from one thread only.
Per-source counts go to the crawler stats under `pharmanews/...`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sqlite3
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawlers.decode import decode_html
from crawlers.html_text import page_to_article
from crawlers.items import ArticleItem
from crawlers.spiders.news import STAT
from crawlers.urls import canonicalise

__all__ = ["CleanPipeline", "LanguagePipeline", "ExtractPipeline", "StorePipeline"]

logger = logging.getLogger(__name__)

# A page whose text is more than this share of U+FFFD did not really decode.
_MAX_REPLACEMENT_SHARE = 0.02
# Shorter "main text" is a menu or a caption that the extractor fell back to, not an article.
_MIN_TEXT_CHARS = 20


class _Counting:
    """Shared bits: the crawler, and counting into its stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    def inc(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"{STAT}/{key}", n)

    def drop(self, kind: str, reason: str) -> DropItem:
        self.inc(f"errors/{kind}")
        return DropItem(reason)


def clean_page(body: bytes, encoding: str | None, url: str, selectors: dict[str, str]) -> tuple[str, str] | dict:
    """The article fields of a raw page, or (error kind, reason) when it is unusable."""
    html = decode_html(body, encoding)
    if html.count("\ufffd") > max(10, len(html) * _MAX_REPLACEMENT_SHARE):
        return "decode", f"undecodable page {url}"
    article = page_to_article(html, url, selectors)
    if len(article["main"].strip()) < _MIN_TEXT_CHARS:
        return "no_text", f"no main text found on {url}"
    return {k: article[k] for k in ("title", "text", "published", "canonical_url")}


class CleanPipeline(_Counting):
    """Decode the page, find its article text, date and canonical URL; drop pages without text.

    Runs in the extraction process pool when there is one (trafilatura is the crawl's largest
    per-page cost after nlp, ~3.5 ms: on the reactor thread it capped the whole crawl), on the
    reactor thread otherwise.
    """

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        args = (item.body, item.declared_encoding, item.url, item.selectors)
        pool = _SharedPool.pool
        if pool is None:
            result = clean_page(*args)
        else:
            result = await maybe_deferred_to_future(_pool_call(pool, _safe_clean, *args))
            if result is None:  # the worker died: clean here rather than lose the page
                result = clean_page(*args)
        if isinstance(result, tuple):
            raise self.drop(*result)
        item.title = result["title"]
        item.text = result["text"]
        item.published = result["published"] or item.feed_date
        item.canonical_url = result["canonical_url"]
        item.body = b""  # the raw page is not needed past this point; keep memory flat
        return item

    @staticmethod
    def clean(item: ArticleItem) -> tuple[str, str] | None:
        """Fill title, text, date and canonical URL in place; (error kind, reason) when unusable."""
        result = clean_page(item.body, item.declared_encoding, item.url, item.selectors)
        if isinstance(result, tuple):
            return result
        item.title, item.text = result["title"], result["text"]
        item.published = result["published"] or item.feed_date
        item.canonical_url = result["canonical_url"]
        item.body = b""
        return None


def _safe_clean(body: bytes, encoding: str | None, url: str, selectors: dict[str, str]) -> tuple[str, str] | dict:
    try:
        return clean_page(body, encoding, url, selectors)
    except Exception as exc:  # a parser crash on one odd page is that page's problem only
        return "clean", f"{type(exc).__name__} on {url}: {exc}"


def _pool_call(pool: ProcessPoolExecutor, fn: Any, *args: Any) -> Deferred:
    """Run fn(*args) in the pool; a Deferred fired on the reactor thread with its result,
    or with None when the worker died or the job could not be pickled."""
    from twisted.internet import reactor

    d: Deferred = Deferred()
    future = pool.submit(fn, *args)

    def done(f: Future) -> None:
        try:
            result = f.result()
        except Exception as exc:  # a dead worker (BrokenProcessPool) or a pickling problem
            logger.warning("%s failed in the pool: %s: %s", fn.__name__, type(exc).__name__, exc)
            result = None
        reactor.callFromThread(d.callback, result)

    future.add_done_callback(done)
    return d


class LanguagePipeline(_Counting):
    """Tag the article zh, en or mixed."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from nlp import detect_language

        self.detect = detect_language

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.lang = self.detect(f"{item.title}\n{item.text}")
        return item


def _extract(text: str, lang: str | None, url: str) -> Any:
    """nlp.extract that never raises (runs in a worker thread or process)."""
    from nlp import extract

    try:
        return extract(text, lang=lang)
    except Exception as exc:  # bad input never stops a crawl; the article is still stored
        logger.warning("extraction failed on %s: %s: %s", url, type(exc).__name__, exc)
        return None


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; only the parent decides how the crawl stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _SharedPool:
    """One process pool for every ExtractPipeline of the process (one per source), forked after
    the parent loaded the nlp pipelines so workers start warm; closed when the last user leaves."""

    pool: ProcessPoolExecutor | None = None
    users = 0

    @classmethod
    def acquire(cls, workers: int) -> ProcessPoolExecutor:
        if cls.pool is None:
            ctx = multiprocessing.get_context("fork")
            cls.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
        cls.users += 1
        return cls.pool

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users <= 0 and cls.pool is not None:
            cls.pool.shutdown(wait=True, cancel_futures=True)
            cls.pool = None


def _workers_setting(crawler: Crawler) -> int:
    value = crawler.settings.get("PHARMANEWS_EXTRACT_PROCESSES", "auto")
    if value == "auto":
        # One worker per core (up to 4); the parent mostly waits on sockets and SQLite.
        return min(4, os.cpu_count() or 1) if "fork" in multiprocessing.get_all_start_methods() else 0
    return int(value)


class ExtractPipeline(_Counting):
    """Run nlp.extract off the reactor: in worker processes (spaCy holds the GIL, so threads
    would not add CPU) or, with PHARMANEWS_EXTRACT_PROCESSES=0, in the reactor's thread pool.
    A failed extraction stores the article without one."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        if not crawler.settings.getbool("PHARMANEWS_EXTRACT", True):
            raise NotConfigured("extraction turned off")
        # Build both language pipelines now, once, so workers (forked or threads) find them ready.
        for sample, lang in (("恒瑞医药与默沙东达成合作。", "zh"), ("Pfizer acquires Seagen.", "en")):
            _extract(sample, lang, "warm-up")
        self.workers = _workers_setting(crawler)
        self.pool = _SharedPool.acquire(self.workers) if self.workers > 0 else None

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        if self.pool is not None:
            d = _pool_call(self.pool, _extract, item.text, item.lang, item.url)
        else:
            d = deferToThread(_extract, item.text, item.lang, item.url)
        item.extraction = await maybe_deferred_to_future(d)
        if item.extraction is None:
            self.inc("errors/extract")
        return item

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool = None
            _SharedPool.release()


class _Writer:
    """State of the store-writer process: its own Store connection."""

    store: Any = None


def _writer_init(db_path: str) -> None:
    _worker_init()
    from storage import Store

    _Writer.store = Store(db_path)


def _save(store: Any, record: Any, extraction: Any, run_id: int | None, aliases: dict[str, str]) -> tuple[str, str]:
    """("ok", outcome) or ("error", reason); the store's errors never escape."""
    from storage import StoreError

    try:
        outcome = store.save_article(record, extraction, run_id)
    except StoreError as exc:
        return "error", str(exc)
    if aliases:
        try:
            store.remember_aliases(aliases)
        except (StoreError, sqlite3.Error) as exc:
            logger.warning("could not remember aliases of %s: %s", record.url, exc)
    return "ok", outcome


def _save_in_writer(record: Any, extraction: Any, run_id: int | None, aliases: dict[str, str]) -> tuple[str, str]:
    return _save(_Writer.store, record, extraction, run_id, aliases)


def _close_writer() -> None:
    if _Writer.store is not None:
        _Writer.store.close()
        _Writer.store = None


class StorePipeline(_Counting):
    """Save each article with its extraction in the current run; count new/updated/unchanged.

    With an extraction pool the writes go to one store-writer process (its own connection, one
    transaction per article as before): linking deals and indexing text cost ~10 ms an article
    and on the reactor thread they capped the crawl. Without one, they run here.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        db_path = crawler.settings.get("PHARMANEWS_DB")
        if not db_path:
            raise NotConfigured("PHARMANEWS_DB not set")
        from storage import Store
        from storage.records import ArticleRecord

        self.record_cls = ArticleRecord
        self.db_path = str(db_path)
        self.run_id = crawler.settings.getint("PHARMANEWS_RUN_ID")
        self.writer: ProcessPoolExecutor | None = None
        self.store: Any = None
        if crawler.settings.getbool("PHARMANEWS_EXTRACT", True) and _workers_setting(crawler) > 0:
            ctx = multiprocessing.get_context("fork")
            self.writer = ProcessPoolExecutor(1, mp_context=ctx, initializer=_writer_init, initargs=(self.db_path,))
        else:
            self.store = Store(db_path)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        record = self.record_cls(
            url=item.canonical_url or item.url,
            source=item.source,
            text=item.text,
            title=item.title,
            published=item.published,
            lang=item.lang,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            etag=item.etag,
            last_modified=item.last_modified,
        )
        # Links that led to a page naming another canonical URL: remembered, so the next run
        # finds the stored article from the link instead of fetching it again.
        aliases = {canonicalise(u): record.url for u in {item.url, item.requested_url} if u}
        aliases = {u: c for u, c in aliases.items() if u != c}
        if self.writer is None:
            result = _save(self.store, record, item.extraction, self.run_id, aliases)
        else:
            d = _pool_call(self.writer, _save_in_writer, record, item.extraction, self.run_id, aliases)
            result = await maybe_deferred_to_future(d) or ("error", "the store writer process died")
        status, detail = result
        if status != "ok":
            raise self.drop("store", detail)
        self.inc(f"articles_{detail}")
        return item

    def close_spider(self) -> None:
        if self.writer is not None:
            self.writer.submit(_close_writer).result()
            self.writer.shutdown(wait=True)
            self.writer = None
        if self.store is not None:
            self.store.close()
            self.store = None
