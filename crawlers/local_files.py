"""Article files on disk, the `extract` command's input: which files a path names, and their text.

The same decoding as a crawl (declared or sniffed charset, GBK/GB18030/Big5,
HTML main text plus the related-headlines block), so a saved page extracts
like the fetched one. Every failure is a ValueError or OSError naming the
reason, so a caller can report the file and go on with the next.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from crawlers.decode import decode_html, decode_text
from crawlers.html_text import html_to_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")


def article_files(paths: Iterable[str]) -> Iterator[Path]:
    """Each named file, and the .txt/.html/.htm files below each named directory (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield path


def read_article_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decoded plain text of one .txt or .html file; raises ValueError with the reason."""
    if not path.exists():
        raise ValueError("no such file")
    size = path.stat().st_size
    # Checked before reading: a stray multi-gigabyte file must not be loaded to be refused.
    if size > max_bytes:
        raise ValueError(f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (see --max-bytes)")
    data = path.read_bytes()
    if path.suffix.lower() in _HTML_SUFFIXES:
        return html_to_text(decode_html(data))
    return decode_text(data)
