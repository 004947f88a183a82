"""Helpers for the crawl tests: a private copy of the test site, served, and crawls in a subprocess.

Scrapy's reactor cannot restart inside one process, so every crawl runs as
`python -m crawlers.runner` in a child process; the site is served by the test process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "fixtures" / "site"

# Fast but still through every middleware (robots, retry, redirects): no delays for tests.
FAST = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 2,
    "DOWNLOAD_TIMEOUT": 20,
    "PHARMANEWS_PROGRESS_INTERVAL": 0,
}


def copy_site(dest: Path) -> Path:
    """A writable copy of the test site (tests add pages between runs)."""
    shutil.copytree(SITE, dest)
    return dest


def crawl_args(sources: Path, db: Path, base_url: str, *extra: str, settings: dict | None = None) -> list[str]:
    """The command line of one crawl in a child process (`python -m crawlers.runner ...`)."""
    args = [
        sys.executable,
        "-m",
        "crawlers.runner",
        "--sources",
        str(sources),
        "--db",
        str(db),
        "--base-url",
        base_url,
        *extra,
    ]
    for key, value in {**FAST, **(settings or {})}.items():
        args += ["--set", f"{key}={json.dumps(value)}"]
    return args


def crawl(
    sources: Path, db: Path, base_url: str, *extra: str, settings: dict | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    """Run one crawl in a child process; its JSON summary is in .summary when it succeeded."""
    args = crawl_args(sources, db, base_url, *extra, settings=settings)
    proc = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"crawl failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    proc.summary = json.loads(proc.stdout) if proc.returncode == 0 and proc.stdout.strip() else None
    return proc
