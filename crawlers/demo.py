"""The offline demo: serve the bundled sample site on 127.0.0.1 and crawl it.

`pharmanews demo` calls `run_demo`; the site and its source entry live in
`crawlers/demo_site/` beside this module.
"""

from __future__ import annotations

from pathlib import Path

from crawlers.local_site import serve_directory
from crawlers.runner import run_crawl

DEMO_DIR = Path(__file__).parent / "demo_site"


def run_demo(db_path: Path) -> dict:
    """Crawl the sample site into `db_path` and return the run summary."""
    with serve_directory(DEMO_DIR / "site") as base_url:
        return run_crawl(DEMO_DIR / "sources.yaml", db_path, base_url=base_url)
