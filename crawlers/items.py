"""The item the spider yields: one fetched article page, filled in as it passes the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """Raw page from the spider (url .. feed_date), then cleaned text, language and extraction."""

    url: str  # URL as fetched (after redirects)
    source: str
    body: bytes
    declared_encoding: str | None = None  # HTTP charset, or the source's forced encoding
    etag: str | None = None
    last_modified: str | None = None
    feed_date: str | None = None  # date the feed or sitemap gave, when the page has none
    selectors: dict[str, str] = field(default_factory=dict)
    requested_url: str | None = None  # the link as discovered, before redirects
    # Filled by CleanPipeline
    canonical_url: str | None = None
    title: str = ""
    text: str = ""
    published: str | None = None
    # Filled by LanguagePipeline / ExtractPipeline
    lang: str | None = None
    extraction: Any = None  # nlp.model.Extraction
