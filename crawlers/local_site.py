"""A real threaded HTTP server over a directory, for the demo and the crawl tests (127.0.0.1 only).

Unlike `python -m http.server` it has a large accept backlog, serves .html as text/html WITHOUT
a charset (so the pages' own <meta> declarations are what the crawler must honour), answers
conditional requests (ETag / If-None-Match, Last-Modified / If-Modified-Since -> 304), and
takes hooks that tests use: paths that fail N times with 500 first, forced statuses, slow paths.
It records every request path so tests can assert what was (not) fetched again.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

__all__ = ["LocalSite", "serve_directory"]

_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".css": "text/css",
    ".gz": "application/gzip",
}


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        # A client that gave up (a crawler's download timeout) is expected, not a server bug.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    site: LocalSite
    protocol_version = "HTTP/1.1"  # keep-alive: crawlers reuse connections as with real sites

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass  # the request log below is what tests read; stderr stays quiet

    def _hook(self) -> bool:
        """Apply the test hooks for this path; True when a response was already sent."""
        path = self.path.split("?", 1)[0]
        site = self.site
        with site._lock:
            site.requests.append(self.path)
            site.log.append((time.monotonic(), self.path))
            if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                site.conditional.append(self.path)
            delay = site.slow.get(path, 0.0)
            status = site.status.get(path)
            if status is None and site.flaky.get(path, 0) > 0:
                site.flaky[path] -= 1
                status = 500
        if delay:
            time.sleep(delay)
        if status is None:
            return False
        body = f"<html><body><h1>{status}</h1></body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return True

    def do_GET(self) -> None:
        if not self._hook():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._hook():
            super().do_HEAD()

    def guess_type(self, path: str | Path) -> str:
        return _TYPES.get(Path(path).suffix.lower(), "application/octet-stream")

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_file():
            stat = path.stat()
            etag = '"' + hashlib.sha1(f"{stat.st_mtime_ns}-{stat.st_size}".encode()).hexdigest()[:16] + '"'
            inm = self.headers.get("If-None-Match")
            if inm and etag in [t.strip() for t in inm.split(",")]:
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            self._etag = etag
        return super().send_head()

    def end_headers(self) -> None:
        etag = getattr(self, "_etag", None)
        if etag:
            self.send_header("ETag", etag)
            self._etag = None
        super().end_headers()


class LocalSite:
    """Serve `root` on host:port (0 = any free port); use as a context manager."""

    def __init__(self, root: Path | str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root)
        self.requests: list[str] = []
        self.log: list[tuple[float, str]] = []  # (time.monotonic() on arrival, path), in order
        self.conditional: list[str] = []  # paths asked with If-None-Match / If-Modified-Since
        self.flaky: dict[str, int] = {}  # path -> number of 500s before it succeeds
        self.status: dict[str, int] = {}  # path -> status always returned
        self.slow: dict[str, float] = {}  # path -> seconds to wait before answering
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = _Server((host, port), partial(handler, directory=str(self.root)))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def arrivals(self, path: str) -> list[float]:
        """When each request for `path` arrived (time.monotonic(), query string ignored)."""
        with self._lock:
            return [t for t, p in self.log if p.split("?", 1)[0] == path]

    def fetched(self, path: str) -> int:
        """How many requests asked for `path` (query string ignored)."""
        with self._lock:
            return sum(1 for p in self.requests if p.split("?", 1)[0] == path)


@contextmanager
def serve_directory(root: Path | str, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve a directory while the block runs and yield its base URL ("http://127.0.0.1:PORT")."""
    with LocalSite(root, host, port) as site:
        yield site.base_url
