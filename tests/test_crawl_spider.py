"""NewsSpider callbacks offline: canned responses in, requests/items/counted errors out."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from crawlers.items import ArticleItem
from crawlers.pipelines import CleanPipeline
from crawlers.sources import Source
from crawlers.spiders.news import NewsSpider
from crawlers.urls import canonicalise

SITE = Path(__file__).resolve().parent / "fixtures" / "site"
BASE = "http://news.test"


def _source(**kw) -> Source:
    args = {
        "name": "t",
        "article_pattern": r"/news/\d{4}/",
        "follow_pattern": r"/news/(index|page/\d+)\.html$",
        "start_urls": [f"{BASE}/news/index.html"],
        "feeds": [f"{BASE}/feed.xml"],
        "sitemaps": [f"{BASE}/sitemap.xml"],
    }
    return Source(**{**args, **kw})


def _spider(source: Source | None = None, state: dict | None = None, since: str | None = None) -> NewsSpider:
    crawler = get_crawler(NewsSpider)
    crawler._apply_settings()
    return NewsSpider.from_crawler(
        crawler, source=source or _source(), since=since, article_state=lambda url: (state or {}).get(url)
    )


def _stats(spider: NewsSpider) -> dict:
    return {k.split("/", 1)[1]: v for k, v in spider.crawler.stats.get_stats().items() if k.startswith("pharmanews/")}


def _file(path: str, cls=XmlResponse, url: str | None = None, **kw) -> Response:
    return cls(url=url or f"{BASE}/{path}", body=(SITE / path).read_bytes(), **kw)


def _urls(results) -> list[str]:
    return [r.url for r in results if isinstance(r, Request)]


def test_start_requests_every_channel() -> None:
    async def collect(spider: NewsSpider) -> list:
        return [r async for r in spider.start()]

    requests = asyncio.run(collect(_spider()))
    assert [(r.url, r.callback.__name__) for r in requests] == [
        (f"{BASE}/feed.xml", "parse_feed"),
        (f"{BASE}/sitemap.xml", "parse_sitemap"),
        (f"{BASE}/news/index.html", "parse_listing"),
    ]


def test_feed_yields_only_article_urls_canonicalised() -> None:
    spider = _spider()
    urls = _urls(spider.parse_feed(_file("feed.xml")))
    assert urls == [f"{BASE}/news/2024/en-pfizer-deal.html", f"{BASE}/news/2024/zh-hengrui-merck.html"]
    assert _stats(spider)["pages_fetched"] == 1


def test_atom_feed() -> None:
    body = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
    <entry><title>x</title><link rel="alternate" href="http://news.test/news/2024/a.html"/><updated>2024-01-02T00:00:00Z</updated></entry>
    <entry><title>y</title><link rel="self" href="http://news.test/api/1"/><link href="http://news.test/news/2024/b.html"/></entry>
    </feed>"""
    urls = _urls(_spider().parse_feed(XmlResponse(url=f"{BASE}/atom.xml", body=body)))
    assert urls == [f"{BASE}/news/2024/a.html", f"{BASE}/news/2024/b.html"]


def test_sitemap_index_and_since() -> None:
    spider = _spider(since="2020-01-01")
    urls = _urls(spider.parse_sitemap(_file("sitemap.xml")))
    assert urls == [f"{BASE}/sitemap-news.xml"]  # sitemap-2019.xml's lastmod is before --since
    urls = _urls(spider.parse_sitemap(_file("sitemap-news.xml")))
    # en-old-story's only date is its news:publication_date (2019): skipped as too old.
    assert urls == [f"{BASE}/news/2024/zh-beigene-novartis.html", f"{BASE}/news/2024/en-pfizer-deal.html"]


def test_gzipped_sitemap() -> None:
    import gzip

    body = gzip.compress((SITE / "sitemap-2019.xml").read_bytes())
    urls = _urls(_spider().parse_sitemap(Response(url=f"{BASE}/sitemap.xml.gz", body=body)))
    assert urls == [f"{BASE}/news/2024/en-ancient.html"]


def test_listing_follows_pagination_and_stays_on_site() -> None:
    spider = _spider(_source(max_pages=1))
    results = list(spider.parse_listing(_file("news/page/2.html", HtmlResponse, encoding="utf-8")))
    urls = _urls(results)
    assert f"{BASE}/news/index.html" in urls  # only one listing allowed (max_pages=1) ...
    assert f"{BASE}/news/page/3.html" not in urls  # ... so page 3 waits
    assert not any("elsewhere.invalid" in u for u in urls)
    assert f"{BASE}/news/2024/filing.pdf" in urls


def test_stored_articles_are_skipped_unless_announced_changed() -> None:
    pfizer, hengrui = f"{BASE}/news/2024/en-pfizer-deal.html", f"{BASE}/news/2024/zh-hengrui-merck.html"
    state = {
        pfizer: {
            "etag": '"abc"',
            "last_modified": "Mon, 13 Mar 2023 01:00:00 GMT",
            "fetched_at": "2023-03-14T00:00:00+00:00",
        },
        hengrui: {"etag": None, "last_modified": None, "fetched_at": "2030-01-01T00:00:00+00:00"},
    }
    spider = _spider(state=state)
    assert _urls(spider.parse_feed(_file("feed.xml"))) == []  # both stored, feed dates older
    assert _stats(spider)["articles_skipped"] == 2
    # The sitemap now says Pfizer changed after we fetched it: conditional request.
    spider.source = _source()
    body = (SITE / "sitemap-news.xml").read_bytes().replace(b"2023-03-13T09:00:00+08:00", b"2024-01-01T00:00:00Z")
    requests = [r for r in spider.parse_sitemap(XmlResponse(url=f"{BASE}/s.xml", body=body)) if r.url == pfizer]
    assert len(requests) == 1
    assert requests[0].headers[b"If-None-Match"] == b'"abc"'
    assert requests[0].headers[b"If-Modified-Since"] == b"Mon, 13 Mar 2023 01:00:00 GMT"
    assert requests[0].meta["handle_httpstatus_list"] == [304]
    assert _stats(spider)["articles_skipped"] == 1  # Pfizer no longer counts as skipped


@pytest.mark.parametrize(
    ("body", "headers", "status", "kind"),
    [
        (b"%PDF-1.4 binary", {"Content-Type": "application/pdf"}, 200, "errors/not_html"),
        (b"", {"Content-Type": "text/html"}, 200, "errors/empty_body"),
        (b"", {}, 304, "articles_not_modified"),
    ],
)
def test_article_responses_that_yield_nothing_are_counted(body: bytes, headers: dict, status: int, kind: str) -> None:
    spider = _spider()
    url = f"{BASE}/news/2024/x.html"
    response = Response(url=url, body=body, headers=headers, status=status, request=Request(url))
    assert list(spider.parse_article(response)) == []
    assert _stats(spider)[kind] == 1


def test_gbk_article_becomes_a_clean_item() -> None:
    spider = _spider(_source(encoding=None))
    url = f"{BASE}/news/2024/zh-hengrui-merck.html?utm_source=x"
    response = _file(
        "news/2024/zh-hengrui-merck.html",
        HtmlResponse,
        url=url,
        request=Request(url),
        headers={"Content-Type": "text/html", "ETag": '"e1"'},
    )
    (item,) = list(spider.parse_article(response))
    assert isinstance(item, ArticleItem) and item.etag == '"e1"' and item.declared_encoding is None
    assert CleanPipeline.clean(item) is None
    assert item.title == "恒瑞医药与默沙东达成HRS-5346授权协议"
    assert "恒瑞医药将获得2亿美元首付款" in item.text
    assert item.canonical_url == canonicalise(url) == f"{BASE}/news/2024/zh-hengrui-merck.html"
    assert item.published == "2024-03-25"


def test_clean_reports_pages_without_text() -> None:
    item = ArticleItem(url=f"{BASE}/news/2024/e.html", source="t", body=b"<html><body><nav>Home</nav></body></html>")
    assert CleanPipeline.clean(item)[0] == "no_text"


def test_text_response_listing_of_a_non_html_page_counts_an_error() -> None:
    spider = _spider()
    assert list(spider.parse_listing(Response(url=f"{BASE}/news/index.html", body=b"\x00\x01"))) == []
    assert _stats(spider)["errors/not_html"] == 1
