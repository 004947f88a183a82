"""Scrapy settings for pharmanews crawls: polite by default, quiet, and wired to our pipelines."""

from __future__ import annotations

BOT_NAME = "pharmanews"
USER_AGENT = "pharmanews/0.1 (+https://github.com/pharmanews/pharmanews)"

# Politeness: robots.txt, one request at a time per site, a delay that AutoThrottle adapts.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024

# Retries on server errors and timeouts; 4xx other than 408/429 are final. Retry n waits
# BASE * 2**n seconds (at most MAX) first: crawlers.middlewares.BackoffRetryMiddleware.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
PHARMANEWS_RETRY_BACKOFF_BASE = 1.0
PHARMANEWS_RETRY_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.BackoffRetryMiddleware": 550,
}

# Scrapy runs each callback's output through CONCURRENT_ITEMS asyncio tasks (default 100), spawned
# per response; an article page yields one item, so 100 tasks a page were ~5 ms of pure overhead.
CONCURRENT_ITEMS = 4

HTTPCACHE_ENABLED = False
TELNETCONSOLE_ENABLED = False
COOKIES_ENABLED = False
LOG_LEVEL = "WARNING"
LOGSTATS_INTERVAL = 0  # our own progress line replaces Scrapy's
FEED_EXPORT_ENCODING = "utf-8"
DEPTH_PRIORITY = 0

ITEM_PIPELINES = {
    "crawlers.pipelines.CleanPipeline": 100,
    "crawlers.pipelines.LanguagePipeline": 200,
    "crawlers.pipelines.ExtractPipeline": 300,
    "crawlers.pipelines.StorePipeline": 400,
}
EXTENSIONS = {
    "crawlers.runner.Progress": 500,
}
