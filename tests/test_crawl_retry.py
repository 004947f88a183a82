"""Retries with exponential backoff: 5xx and timeouts are retried, each wait longer than the last."""

from __future__ import annotations

import sqlite3

import pytest
from sitekit import copy_site, crawl

from crawlers.local_site import LocalSite
from crawlers.middlewares import backoff_delay

BASE = 0.25  # seconds; retry n waits BASE * 2**n
FLAKY = "/news/2024/flaky.html"  # 500, 500, then 200
SLOW = "/news/2024/en-old-story.html"  # answers after the download timeout, every time


@pytest.mark.parametrize(
    ("retry", "base", "cap", "expected"),
    [
        (1, 1.0, 60, 2.0),
        (2, 1.0, 60, 4.0),
        (3, 0.5, 60, 4.0),
        (6, 1.0, 60, 60.0),
        (0, 1.0, 60, 0.0),
        (2, 0.0, 60, 0.0),
        (10_000, 1.0, 60, 60.0),
    ],
)
def test_backoff_delay(retry: int, base: float, cap: float, expected: float) -> None:
    assert backoff_delay(retry, base, cap) == expected


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("retry")
    site_dir = copy_site(tmp / "site")
    db = tmp / "news.db"
    with LocalSite(site_dir) as site:
        site.flaky[FLAKY] = 2
        site.slow[SLOW] = 2.0
        proc = crawl(
            site_dir / "sources.yaml",
            db,
            site.base_url,
            settings={
                "PHARMANEWS_RETRY_BACKOFF_BASE": BASE,
                "PHARMANEWS_RETRY_BACKOFF_MAX": 10,
                "RETRY_TIMES": 2,
                "DOWNLOAD_TIMEOUT": 0.5,
                "PHARMANEWS_EXTRACT": False,
            },
        )
        arrivals = {p: site.arrivals(p) for p in (FLAKY, SLOW)}
        base = site.base_url
    conn = sqlite3.connect(db)
    urls = {r[0] for r in conn.execute("SELECT url FROM articles")}
    conn.close()
    return {"summary": proc.summary, "arrivals": arrivals, "urls": urls, "base": base}


@pytest.mark.parametrize("path", [FLAKY, SLOW], ids=["5xx", "timeout"])
def test_waits_grow_exponentially(run: dict, path: str) -> None:
    times = run["arrivals"][path]
    assert len(times) == 3  # the first try and RETRY_TIMES retries
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # Lower bounds only (a loaded machine may wait longer, never shorter): 2*BASE, then 4*BASE.
    assert gaps[0] >= backoff_delay(1, BASE, 10) - 0.01
    assert gaps[1] >= backoff_delay(2, BASE, 10) - 0.01


def test_retried_page_is_stored_and_give_up_is_counted(run: dict) -> None:
    assert run["base"] + FLAKY in run["urls"]
    assert run["base"] + SLOW not in run["urls"]
    errors = run["summary"]["sources"]["testwire"]["errors"]
    assert errors.get("timeout") == 1
