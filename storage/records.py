"""What the crawler hands the store for one article (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ArticleRecord:
    """One fetched article after cleaning: main text, metadata, HTTP validators."""

    url: str  # canonical URL: the article's identity in the store
    source: str  # name of the source in sources.yaml ("file" for `extract`-only input)
    text: str  # main text (title not repeated unless the page repeats it)
    title: str = ""
    published: str | None = None  # ISO date, "2024-05-01"
    lang: str | None = None  # zh, en or mixed
    fetched_at: str | None = None  # ISO timestamp
    etag: str | None = None
    last_modified: str | None = None
