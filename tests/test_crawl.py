"""End to end: the real spider, pipelines, nlp and store against the local test site, run after run.

One server lives for the whole module (the store keys articles by URL, port included); the
crawls run in child processes because Scrapy's reactor runs once per process.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sitekit import SITE, copy_site, crawl

from crawlers.local_site import LocalSite
from crawlers.lock import crawl_lock
from storage import Store

GBK_TEXT = "根据协议，恒瑞医药将获得2亿美元首付款"
GB2312_TEXT = "百济神州将获得6.5亿美元的首付款"
BIG5_TEXT = "信達生物與禮來製藥宣佈擴大雙方在中國的戰略合作"
STORED_PATHS = [
    "/news/2024/en-pfizer-deal.html",
    "/news/2024/en-merck-kelun.html",
    "/news/2024/zh-hengrui-merck.html",
    "/news/2024/zh-beigene-novartis.html",
    "/news/2024/zh-innovent-lilly.html",
    "/news/2024/flaky.html",
    "/news/2024/truncated.html",
    "/news/2024/en-old-story.html",
    "/news/2024/en-ancient.html",
]


def _texts(db: Path) -> dict[str, dict]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        return {
            r["url"]: dict(r) for r in conn.execute("SELECT url, source, lang, title, published, text FROM articles")
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three runs on one site: first crawl; a page added and one sitemap date bumped; a broken pattern."""
    tmp = tmp_path_factory.mktemp("crawl")
    site_dir = copy_site(tmp / "site")
    db = tmp / "news.db"
    out: dict = {"db": db}
    with LocalSite(site_dir) as site:
        base = site.base_url
        site.flaky["/news/2024/flaky.html"] = 1  # 500 once, then 200: the retry must save it
        out["first"] = crawl(site_dir / "sources.yaml", db, base).summary
        out["first_requests"] = list(site.requests)
        out["first_texts"] = _texts(db)

        # Between runs: a new article on page 1, and the sitemap announces a change to one stored article.
        (site_dir / "news/2024/en-astrazeneca-gracell.html").write_bytes(
            (SITE / "_additions/en-astrazeneca-gracell.html").read_bytes()
        )
        index = site_dir / "news/index.html"
        index.write_text(
            index.read_text(encoding="utf-8").replace(
                '<ul class="list">',
                '<ul class="list">\n<li><a href="/news/2024/en-astrazeneca-gracell.html">AZ</a></li>',
            ),
            encoding="utf-8",
        )
        sitemap = site_dir / "sitemap-news.xml"
        sitemap.write_text(
            sitemap.read_text(encoding="utf-8").replace("2023-03-13T09:00:00+08:00", "2099-01-01T00:00:00Z"),
            encoding="utf-8",
        )
        site.requests.clear()
        out["second"] = crawl(site_dir / "sources.yaml", db, base).summary
        out["second_requests"] = list(site.requests)
        out["second_conditional"] = list(site.conditional)
        out["second_texts"] = _texts(db)

        # Third run: the site "changed its layout" (no URL matches any more) -> zero-yield flag.
        broken = tmp / "broken.yaml"
        broken.write_text(
            (site_dir / "sources.yaml")
            .read_text(encoding="utf-8")
            .replace("article_pattern: '/(news|private)/", "article_pattern: '/nothing-here/"),
            encoding="utf-8",
        )
        proc = crawl(broken, db, base)
        out["third"] = proc.summary
        out["third_stderr"] = proc.stderr
        out["base"] = base
    return out


def test_first_run_stores_each_article_once(runs: dict) -> None:
    base, texts = runs["base"], runs["first_texts"]
    assert sorted(texts) == sorted(base + p for p in STORED_PATHS)
    stats = runs["first"]["sources"]["testwire"]
    # amp-merck-kelun.html declares en-merck-kelun.html canonical, and the listing's utm link is
    # stripped: the Merck/Kelun article is one row, its second sighting "unchanged".
    assert stats["articles_new"] == len(STORED_PATHS)
    assert stats["articles_unchanged"] == 1
    assert all(url.startswith(base) and "utm_" not in url for url in texts)


@pytest.mark.parametrize(
    ("path", "snippet", "lang"),
    [
        ("/news/2024/zh-hengrui-merck.html", GBK_TEXT, "zh"),  # GBK, <meta charset> only
        ("/news/2024/zh-beigene-novartis.html", GB2312_TEXT, "zh"),  # GB2312 in http-equiv only
        ("/news/2024/zh-innovent-lilly.html", BIG5_TEXT, "zh"),  # Big5
        ("/news/2024/en-pfizer-deal.html", "total enterprise value of $43 billion", "en"),
    ],
)
def test_text_language_and_date_are_right(runs: dict, path: str, snippet: str, lang: str) -> None:
    row = runs["first_texts"][runs["base"] + path]
    assert snippet in row["text"]
    assert "\ufffd" not in row["text"]
    assert row["lang"] == lang
    assert row["published"] and row["published"][:2] in ("20",)
    # Navigation and footer stay out of the main text.
    assert "All rights reserved" not in row["text"] and "Home | " not in row["text"]


def test_published_dates_come_from_the_pages(runs: dict) -> None:
    texts, base = runs["first_texts"], runs["base"]
    assert texts[base + "/news/2024/zh-hengrui-merck.html"]["published"] == "2024-03-25"
    assert texts[base + "/news/2024/en-pfizer-deal.html"]["published"] == "2023-03-13"


def test_errors_are_counted_by_kind_and_robots_obeyed(runs: dict) -> None:
    stats = runs["first"]["sources"]["testwire"]
    assert stats["errors"] == {"http_404": 1, "not_html": 1, "empty_body": 1, "robots": 1}
    assert not any(p.startswith("/private/") for p in runs["first_requests"])
    assert not any("/private/" in url for url in runs["first_texts"])
    # The 500-then-200 page was retried and stored.
    assert runs["first_requests"].count("/news/2024/flaky.html") == 2
    assert "Novartis agreed to acquire MorphoSys" in runs["first_texts"][runs["base"] + "/news/2024/flaky.html"]["text"]
    assert stats["pages_fetched"] >= 4 + len(STORED_PATHS)  # 3 listings + feed + 3 sitemaps + articles


def test_pagination_and_discovery_reach_every_channel(runs: dict) -> None:
    requests = runs["first_requests"]
    for path in ("/news/page/2.html", "/news/page/3.html", "/feed.xml", "/sitemap-news.xml", "/sitemap-2019.xml"):
        assert path in requests
    # Only sitemap-2019 links en-ancient.html; the feed's /about.html is no article.
    assert "/news/2024/en-ancient.html" in requests
    assert "/about.html" not in requests


def test_second_run_fetches_only_new_or_announced_changes(runs: dict) -> None:
    stats = runs["second"]["sources"]["testwire"]
    assert stats["articles_new"] == 1
    assert runs["base"] + "/news/2024/en-astrazeneca-gracell.html" in runs["second_texts"]
    requested = runs["second_requests"]
    for path in STORED_PATHS:
        if path == "/news/2024/en-pfizer-deal.html":
            continue
        assert path not in requested, f"{path} was fetched again"
    # The AMP link named en-merck-kelun.html canonical last run: remembered, so not fetched again.
    assert "/news/2024/amp-merck-kelun.html" in runs["first_requests"]
    assert "/news/2024/amp-merck-kelun.html" not in requested
    # The sitemap said Pfizer changed: asked again, conditionally, answered 304.
    assert runs["second_conditional"] == ["/news/2024/en-pfizer-deal.html"]
    assert stats["articles_updated"] == 0
    assert stats["articles_unchanged"] >= len(STORED_PATHS) - 1
    assert len(runs["second_texts"]) == len(STORED_PATHS) + 1
    assert runs["second"]["zero_yield"] == []


def test_a_source_that_stops_yielding_is_flagged(runs: dict) -> None:
    assert runs["third"]["zero_yield"] == ["testwire"]
    assert runs["third"]["sources"]["testwire"]["articles_new"] == 0
    assert "[testwire] done:" in runs["third_stderr"]
    with Store(runs["db"], readonly=True) as store:
        last = store.runs(1)[0]
    assert last["zero_yield"] == ["testwire"] and last["finished_at"]


def test_second_crawl_on_a_locked_db_exits_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    with crawl_lock(db), LocalSite(SITE) as site:
        proc = crawl(SITE / "sources.yaml", db, site.base_url, check=False)
        assert site.requests == []
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"Error: another crawl is running on {db} (pid {os.getpid()})"
