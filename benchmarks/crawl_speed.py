"""Crawl speed: pages per second into the store with extraction on, beside a bare fetch-only spider.

Generates N article pages (default 2,000, Chinese and English, from the test site's articles)
plus a sitemap, serves them on 127.0.0.1 with crawlers.local_site, and runs in the same
invocation, each in its own process (one Scrapy reactor per process):
  1. a bare Scrapy spider that reads the sitemap and fetches every page, doing nothing else;
  2. the real crawl (NewsSpider + clean -> language -> extract -> store) into a fresh database.
Both use the same concurrency and no delays; the time is spider open to close (model loading
excluded). The bare spider runs before and after the crawl and its mean rate is the reference, so
other load on the machine weighs on both sides alike; CPU seconds (all processes of each step,
model loading included) and the load average are printed too, since wall rates on a shared
machine move with whatever else runs. Run by hand:
  .venv/bin/python benchmarks/crawl_speed.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SITE = ROOT / "tests" / "fixtures" / "site"
TEMPLATES = sorted((SITE / "news" / "2024").glob("*-*.html"))
SPEED = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "ROBOTSTXT_OBEY": False,
    "PHARMANEWS_PROGRESS_INTERVAL": 0,
}


def build_site(root: Path, pages: int) -> None:
    """N distinct article pages under /news/2024/ and a sitemap listing them."""
    (root / "news" / "2024").mkdir(parents=True)
    templates = [t.read_bytes() for t in TEMPLATES if t.stat().st_size > 0 and not t.name.startswith("amp-")]
    urls = []
    for i in range(pages):
        body = templates[i % len(templates)]
        # A distinct paragraph per page so every page is a new article for the store.
        marker = f"<p>Page {i} of the benchmark: story number {i}.</p></article>".encode("ascii")
        body = body.replace(b"</article>", marker, 1).replace(b'rel="canonical"', b'rel="x-canonical"')
        name = f"news/2024/story-{i:05d}.html"
        (root / name).write_bytes(body)
        urls.append(f"<url><loc>/{name}</loc></url>")
    (root / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(urls)
        + "</urlset>",
        encoding="utf-8",
    )
    (root / "sources.yaml").write_text(
        "- name: bench\n  sitemaps: ['{base_url}/sitemap.xml']\n  article_pattern: '/news/2024/story-'\n",
        encoding="utf-8",
    )


def bare(base_url: str) -> None:
    """Child process: fetch every sitemap URL with a do-nothing spider; print pages and seconds."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.sitemap import Sitemap

    class BareSpider(scrapy.Spider):
        name = "bare"
        pages = 0

        async def start(self):
            yield scrapy.Request(f"{base_url}/sitemap.xml", callback=self.parse_sitemap)

        def parse_sitemap(self, response):
            for entry in Sitemap(response.body):
                yield scrapy.Request(response.urljoin(entry["loc"]), callback=self.parse)

        def parse(self, response):
            BareSpider.pages += 1

    process = CrawlerProcess({**SPEED, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False})
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    stats = crawler.stats.get_stats()
    seconds = (stats["finish_time"] - stats["start_time"]).total_seconds()
    print(json.dumps({"pages": BareSpider.pages, "seconds": seconds}))


def _children_cpu() -> float:
    """CPU seconds of every finished child process (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--bare-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_child:
        bare(args.bare_child)
        return

    from crawlers.local_site import LocalSite

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        build_site(root, args.pages)
        with LocalSite(root) as site:
            bare_runs = []
            bare_cmd = [sys.executable, __file__, "--bare-child", site.base_url]
            cpu0 = _children_cpu()
            out = subprocess.run(bare_cmd, capture_output=True, text=True, check=True)
            bare_runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
            bare_cpu = _children_cpu() - cpu0
            started = time.monotonic()
            cpu0 = _children_cpu()
            cmd = [
                sys.executable,
                "-m",
                "crawlers.runner",
                "--sources",
                str(root / "sources.yaml"),
                "--db",
                str(Path(tmp) / "bench.db"),
                "--base-url",
                site.base_url,
            ]
            for key, value in SPEED.items():
                cmd += ["--set", f"{key}={json.dumps(value)}"]
            out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            if out.returncode:
                sys.exit(f"crawl failed:\n{out.stderr[-3000:]}")
            wall = time.monotonic() - started
            full_cpu = _children_cpu() - cpu0
            stats = json.loads(out.stdout)["sources"]["bench"]
            out = subprocess.run(bare_cmd, capture_output=True, text=True, check=True)
            bare_runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    rates = [r["pages"] / r["seconds"] for r in bare_runs]
    bare_rate = sum(rates) / len(rates)
    full_rate = stats["articles_new"] / stats["elapsed_seconds"]
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"bare spider : {bare_runs[0]['pages']} pages, {' / '.join(f'{r:.0f}' for r in rates)} pages/s "
        f"before / after, mean {bare_rate:.0f} pages/s ({bare_cpu:.1f} CPU s)"
    )
    print(
        f"full crawl  : {stats['articles_new']} articles stored in {stats['elapsed_seconds']:.1f} s "
        f"= {full_rate:.0f} pages/s (wall {wall:.1f} s incl. model loading, {full_cpu:.1f} CPU s)"
    )
    print(f"ratio       : {full_rate / bare_rate:.2f} (target >= 0.25)")
    if stats["errors"]:
        print(f"errors      : {stats['errors']}")


if __name__ == "__main__":
    main()
