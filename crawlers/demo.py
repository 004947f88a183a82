"""The offline demo: serve the bundled sample site on 127.0.0.1 and crawl it.

`pharmanews demo` calls `run_demo`; the site and its source entry live in
`crawlers/demo_site/` beside this module.
"""

from __future__ import annotations

from pathlib import Path

from crawlers.local_site import serve_directory
from crawlers.runner import run_crawl

DEMO_DIR = Path(__file__).parent / "demo_site"
# A fixed port: article URLs are the store's identity, so a second demo run must
# see the same URLs to find that it already has them.
DEMO_PORT = 8765


class DemoPortBusyError(OSError):
    """The demo's port is taken by another program."""


def run_demo(db_path: Path, port: int = DEMO_PORT) -> dict:
    """Crawl the sample site into `db_path` and return the run summary."""
    try:
        server = serve_directory(DEMO_DIR / "site", port=port)
        base_url = server.__enter__()
    except OSError as exc:
        raise DemoPortBusyError(
            f"cannot serve the demo site on 127.0.0.1:{port} ({exc.strerror}); pick another port with --port"
        ) from exc
    try:
        return run_crawl(DEMO_DIR / "sources.yaml", db_path, base_url=base_url)
    finally:
        server.__exit__(None, None, None)
