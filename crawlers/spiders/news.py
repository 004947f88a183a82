"""NewsSpider: one config-driven spider for every source of the registry.

Discovery: RSS/Atom feeds, sitemaps (index, urlset, news sitemaps; `lastmod` against a `since`
date) and listing pages (following `follow_pattern` for pagination). Only URLs matching the
source's `article_pattern` are fetched as articles. An article already in the store is not
fetched again unless its feed/sitemap date is newer than what we stored, and then conditionally
(If-None-Match / If-Modified-Since). Every failure is counted by kind in the crawler stats
(`pharmanews/errors/<kind>`) and never stops the run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from scrapy.exceptions import CannotResolveHostError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawlers.decode import declared_charset
from crawlers.items import ArticleItem
from crawlers.sources import Source
from crawlers.urls import canonicalise

__all__ = ["NewsSpider", "STAT"]

STAT = "pharmanews"  # prefix of every stat this spider and the pipelines keep
_XML = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_HTML_TYPES = (b"text/html", b"application/xhtml")


def _when(value: str | None) -> datetime | None:
    """A timezone-aware datetime from an ISO date/time or an HTTP/RSS date; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _text(node: Any, *names: str) -> str | None:
    for name in names:
        found = node.xpath(f"./*[local-name()='{name}']")
        if found and (found[0].text or "").strip():
            return found[0].text.strip()
    return None


class NewsSpider(scrapy.Spider):
    """Crawl one `Source`; pass it as `source=`, plus optional `since` and `article_state`."""

    name = "news"

    def __init__(
        self,
        source: Source,
        since: str | None = None,
        article_state: Callable[[str], dict | None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.since = _when(since) if since else None
        self.article_state = article_state or (lambda url: None)
        self._listings = 0
        self._queued: set[str] = set()  # URLs requested (or listing pages queued) this run
        self._skipped: set[str] = set()  # stored articles seen but not requested

    # ------------------------------------------------------------------ stats

    def _inc(self, key: str, n: int = 1) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STAT}/{key}", n)

    def count_error(self, kind: str) -> None:
        self._inc(f"errors/{kind}")

    def _page(self, response: Response) -> None:
        self._inc("pages_fetched")

    # -------------------------------------------------------------- discovery

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.feeds:
            yield self._request(url, self.parse_feed, priority=20)
        for url in self.source.sitemaps:
            yield self._request(url, self.parse_sitemap, priority=20)
        for url in self.source.start_urls:
            yield self._request(url, self.parse_listing, priority=10)

    def _request(self, url: str, callback: Callable, **kwargs: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=callback, errback=self.on_error, **kwargs)

    def _too_old(self, lastmod: str | None) -> bool:
        when = _when(lastmod)
        return bool(self.since and when and when < self.since)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._page(response)
        root = self._xml(response)
        if root is None:
            return
        for item in root.xpath("//*[local-name()='item' or local-name()='entry']"):
            link = _text(item, "link")
            if not link:  # Atom: <link rel="alternate" href="..."/>
                hrefs = item.xpath("./*[local-name()='link'][not(@rel) or @rel='alternate']/@href")
                link = hrefs[0].strip() if hrefs else _text(item, "guid", "id")
            if link:
                date = _text(item, "updated", "pubDate", "date", "published")
                yield from self._article(response.urljoin(link), date)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self._page(response)
        root = self._xml(response)
        if root is None:
            return
        kind = etree.QName(root).localname
        for entry in root.xpath("./*[local-name()='sitemap' or local-name()='url']"):
            loc = _text(entry, "loc")
            if not loc:
                continue
            lastmod = _text(entry, "lastmod")
            news = entry.xpath("./*[local-name()='news']")
            if not lastmod and news:
                lastmod = _text(news[0], "publication_date")
            if self._too_old(lastmod):
                continue
            if kind == "sitemapindex":
                yield self._request(response.urljoin(loc), self.parse_sitemap, priority=20)
            else:
                yield from self._article(response.urljoin(loc), lastmod)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        self._page(response)
        if not isinstance(response, TextResponse):
            self.count_error("not_html")
            return
        for href in response.xpath("//a/@href").getall():
            url = canonicalise(response.urljoin(href.strip()))
            if urlsplit(url).hostname not in self.source.domains:
                continue  # listings only lead to the source's own articles
            if self.source.is_article(url):
                yield from self._article(url, None)
            elif self.source.is_listing(url):
                if url in self._queued or self._listings >= self.source.max_pages:
                    continue
                self._queued.add(url)
                self._listings += 1
                yield self._request(url, self.parse_listing, priority=10)

    def _xml(self, response: Response) -> Any:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=50 * 1024 * 1024)
            except OSError:
                self.count_error("bad_gzip")
                return None
        if not body.strip():
            self.count_error("empty_body")
            return None
        root = etree.fromstring(body, parser=_XML)
        if root is None:
            self.count_error("bad_xml")
        return root

    # -------------------------------------------------------------- articles

    def _changed_since_stored(self, lastmod: str | None, state: dict) -> bool:
        when = _when(lastmod)
        if when is None:
            return False
        for key in ("fetched_at", "last_modified", "published"):
            ref = _when(state.get(key))
            if ref is not None:
                # Date-only lastmods ("2024-05-03") compare by day, or every same-day article looks changed.
                if len(lastmod.strip()) <= 10:
                    return when.date() > ref.date()
                return when > ref
        return False

    def _article(self, url: str, lastmod: str | None) -> Iterator[scrapy.Request]:
        url = canonicalise(url)
        if not self.source.is_article(url) or url in self._queued or self._too_old(lastmod):
            return
        state = self.article_state(url)
        headers: dict[str, str] = {}
        if state:
            if not self._changed_since_stored(lastmod, state):
                # Known and not announced as changed: no request; it still counts as seen. A later
                # sighting (say the sitemap after the listing) may still announce a change.
                if url not in self._skipped:
                    self._skipped.add(url)
                    self._inc("articles_skipped")
                return
            if url in self._skipped:
                self._skipped.discard(url)
                self._inc("articles_skipped", -1)
            if state.get("etag"):
                headers["If-None-Match"] = state["etag"]
            if state.get("last_modified"):
                headers["If-Modified-Since"] = state["last_modified"]
        self._queued.add(url)
        yield self._request(
            url,
            self.parse_article,
            headers=headers,
            priority=0,
            meta={"feed_date": lastmod, "handle_httpstatus_list": [304]},
        )

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        self._page(response)
        if response.status == 304:
            self._inc("articles_not_modified")
            return
        content_type = response.headers.get(b"Content-Type") or b""
        body = response.body
        if not body.strip():
            self.count_error("empty_body")
            return
        if body.lstrip()[:5] == b"%PDF-" or (content_type and not content_type.lower().startswith(_HTML_TYPES)):
            self.count_error("not_html")
            return
        declared = self.source.encoding or declared_charset(content_type)
        yield ArticleItem(
            url=response.url,
            source=self.source.name,
            body=body,
            declared_encoding=declared,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            feed_date=_iso_day(response.meta.get("feed_date")),
            selectors=dict(self.source.selectors),
            requested_url=(response.meta.get("redirect_urls") or [response.url])[0],
        )

    # ---------------------------------------------------------------- errors

    def on_error(self, failure: Failure) -> None:
        self.count_error(error_kind(failure))


def _iso_day(value: str | None) -> str | None:
    when = _when(value)
    return when.date().isoformat() if when else None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def error_kind(failure: Failure) -> str:
    """A short stable name for why a request failed: http_404, timeout, dns, robots, ..."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "dns"
    if isinstance(exc, IgnoreRequest):
        # RobotsTxtMiddleware says "Forbidden by robots.txt"; other ignores are rare.
        return "robots" if "robots" in str(exc).lower() else "ignored"
    return type(exc).__name__.lower()
