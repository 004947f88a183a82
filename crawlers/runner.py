"""A crawl run: load sources, take the lock, run one NewsSpider per source, record the run.

Scrapy's reactor runs once per process, so `run_crawl` is called once per process (the CLI
does); tests and benchmarks start `python -m crawlers.runner ...` in a subprocess, which prints
the run summary as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.internet import task

from crawlers.lock import CrawlLockedError, crawl_lock
from crawlers.sources import DEFAULT_SOURCES, Source, SourceConfigError, load_sources
from crawlers.spiders.news import STAT, NewsSpider

__all__ = ["run_crawl", "default_sources_path", "crawl_settings", "Progress"]

_COUNTS = ("pages_fetched", "articles_new", "articles_updated", "articles_unchanged")


def default_sources_path() -> Path:
    """The registry of real sources shipped with pharmanews."""
    return DEFAULT_SOURCES


def crawl_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Our settings module with `overrides` on top (tests turn delays off this way)."""
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def source_stats(stats: dict[str, Any]) -> dict[str, Any]:
    """The per-source counts the store records, from one crawler's stats."""
    prefix = f"{STAT}/"
    ours = {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}
    out: dict[str, Any] = {k: int(ours.get(k, 0)) for k in _COUNTS}
    # Known articles we did not refetch (or that answered 304) are seen and unchanged:
    # that keeps a quiet incremental run from looking like a source that stopped yielding.
    out["articles_unchanged"] += int(ours.get("articles_skipped", 0)) + int(ours.get("articles_not_modified", 0))
    out["articles_skipped"] = int(ours.get("articles_skipped", 0))
    out["errors"] = {k[len("errors/") :]: int(v) for k, v in sorted(ours.items()) if k.startswith("errors/")}
    start, finish = stats.get("start_time"), stats.get("finish_time")
    if start is not None and finish is not None:
        out["elapsed_seconds"] = round((finish - start).total_seconds(), 2)
    return out


class Progress:
    """Extension: a progress line per source on stderr every PHARMANEWS_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        ext = cls(crawler, crawler.settings.getfloat("PHARMANEWS_PROGRESS_INTERVAL", 10.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self, final: bool = False) -> str:
        spider = self.crawler.spider
        name = spider.source.name if isinstance(spider, NewsSpider) else "?"
        s = source_stats(self.crawler.stats.get_stats())
        errors = sum(s["errors"].values())
        return (
            f"[{name}] {'done: ' if final else ''}{s['pages_fetched']} pages, {s['articles_new']} new, "
            f"{s['articles_updated']} updated, {s['articles_unchanged']} unchanged, {errors} errors"
        )

    def opened(self) -> None:
        if self.interval > 0:
            self.loop = task.LoopingCall(lambda: print(self.line(), file=sys.stderr, flush=True))
            self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        print(self.line(final=True), file=sys.stderr, flush=True)


_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Politeness protects other people's servers; a site on this machine (the demo) needs no delay.
_LOCAL_SPEED = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 8}


def _local_overrides(sources: list[Source]) -> dict[str, Any]:
    hosts = {h for s in sources for h in s.domains}
    return dict(_LOCAL_SPEED) if hosts and hosts <= _LOOPBACK else {}


def _state_lookup(store: Any) -> Any:
    """article_state for a link: the stored article under that URL, or under the canonical URL
    the page named when it was last fetched through this link."""

    def state(url: str) -> dict | None:
        found = store.article_state(url)
        if found is None:
            canonical = store.canonical_of(url)
            if canonical and canonical != url:
                found = store.article_state(canonical)
        return found

    return state


def _select(sources: list[Source], names: list[str] | None, path: Path) -> list[Source]:
    if not names:
        return sources
    known = {s.name: s for s in sources}
    missing = [n for n in names if n not in known]
    if missing:
        raise SourceConfigError(f"{path}: no source named {missing[0]!r} (known: {', '.join(known)})")
    return [known[n] for n in names]


def run_crawl(
    sources_path: Path,
    db_path: Path,
    names: list[str] | None = None,
    since: str | None = None,
    settings: dict | None = None,
    base_url: str | None = None,
) -> dict:
    """Crawl the sources (all, or those named) into the store; {"run_id", "sources", "zero_yield"}.

    Raises SourceConfigError for a bad sources file, source name or --since date, and
    CrawlLockedError when another crawl holds this database.
    """
    from storage import Store

    sources_path, db_path = Path(sources_path), Path(db_path)
    chosen = _select(load_sources(sources_path, base_url=base_url), names, sources_path)
    if since is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        raise SourceConfigError(f"--since must be a date like 2024-05-01, got {since!r}")
    with crawl_lock(db_path):
        store = Store(db_path)
        # We hold the lock, so a run still marked running belongs to a crawl that was killed.
        store.interrupt_stale_runs()
        run_id = store.start_run([s.name for s in chosen])
        overrides = {**_local_overrides(chosen), **(settings or {})}
        process = CrawlerProcess(
            crawl_settings({**overrides, "PHARMANEWS_DB": str(db_path), "PHARMANEWS_RUN_ID": run_id})
        )
        crawlers: dict[str, Crawler] = {}
        for src in chosen:
            crawler = process.create_crawler(NewsSpider)
            crawlers[src.name] = crawler
            process.crawl(crawler, source=src, since=since, article_state=_state_lookup(store))
        started = time.monotonic()
        process.start()
        per_source = {}
        for name, crawler in crawlers.items():
            stats = source_stats(crawler.stats.get_stats() if crawler.stats else {})
            store.record_source_stats(run_id, name, stats)
            per_source[name] = stats
        run = store.finish_run(run_id)
        close = getattr(store, "close", None)
        if close is not None:
            close()
    zero = run.get("zero_yield") if isinstance(run, dict) else None
    if zero is None:
        zero = [n for n, s in (run.get("stats") or {}).items() if s.get("zero_yield")]
    return {
        "run_id": run_id,
        "sources": per_source,
        "zero_yield": list(zero),
        "seconds": round(time.monotonic() - started, 2),
    }


def _setting(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def main(argv: list[str] | None = None) -> int:
    """`python -m crawlers.runner`: one crawl, its summary as JSON on stdout."""
    parser = argparse.ArgumentParser(prog="python -m crawlers.runner", description=main.__doc__)
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--source", dest="names", action="append")
    parser.add_argument("--since")
    parser.add_argument("--base-url")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        type=_setting,
        default=[],
        help="a Scrapy setting, KEY=VALUE (VALUE as JSON when it parses)",
    )
    args = parser.parse_args(argv)
    try:
        summary = run_crawl(args.sources, args.db, args.names, args.since, dict(args.overrides), args.base_url)
    except (SourceConfigError, CrawlLockedError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
