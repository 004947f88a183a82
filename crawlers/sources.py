"""The sources registry: read and validate a sources YAML file into Source entries.

Adding a site is adding a YAML entry; every mistake in one is reported as one line that names
the file, the source and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from crawlers.decode import normalize_encoding

__all__ = ["Source", "SourceConfigError", "load_sources", "DEFAULT_SOURCES"]

DEFAULT_SOURCES = Path(__file__).with_name("sources.yaml")
_LANGS = {"zh", "en", "mixed"}
_SELECTOR_KEYS = {"title", "date", "body", "related"}
_KNOWN = {
    "name",
    "lang",
    "start_urls",
    "feeds",
    "sitemaps",
    "article_pattern",
    "follow_pattern",
    "encoding",
    "selectors",
    "max_pages",
    "notes",
    "homepage",
}


class SourceConfigError(ValueError):
    """A sources file that cannot be used; the message is one line naming file, source and field."""


@dataclass
class Source:
    """One news site: where to discover its articles and how to recognise and read them."""

    name: str
    article_pattern: str
    lang: str | None = None
    start_urls: list[str] = field(default_factory=list)  # listing pages
    feeds: list[str] = field(default_factory=list)  # RSS / Atom
    sitemaps: list[str] = field(default_factory=list)  # sitemap, sitemap index or news sitemap
    follow_pattern: str | None = None  # listing/pagination pages worth following
    encoding: str | None = None  # forced charset when the site lies about it
    selectors: dict[str, str] = field(
        default_factory=dict
    )  # title/date/body/related: CSS, or XPath if it starts with /
    max_pages: int = 200  # listing pages followed per run
    notes: str = ""

    def __post_init__(self) -> None:
        self._article_re = re.compile(self.article_pattern)
        self._follow_re = re.compile(self.follow_pattern) if self.follow_pattern else None

    def is_article(self, url: str) -> bool:
        return bool(self._article_re.search(url))

    def is_listing(self, url: str) -> bool:
        return bool(self._follow_re and self._follow_re.search(url)) and not self.is_article(url)

    @property
    def domains(self) -> list[str]:
        """Hosts of the configured URLs: discovery never leaves them."""
        hosts = {urlsplit(u).hostname for u in [*self.start_urls, *self.feeds, *self.sitemaps]}
        return sorted(h for h in hosts if h)


def _fail(path: Path, source: str | None, fld: str | None, msg: str) -> SourceConfigError:
    where = str(path)
    if source is not None:
        where += f": source {source!r}"
    if fld is not None:
        where += f": field {fld!r}"
    return SourceConfigError(f"{where}: {msg}")


def _url_list(path: Path, name: str, key: str, value: Any, base_url: str | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, name, key, "must be a URL or a list of URLs")
    urls = []
    for v in value:
        if "{base_url}" in v:
            if base_url is None:
                raise _fail(path, name, key, "uses {base_url} but no base URL was given")
            v = v.replace("{base_url}", base_url.rstrip("/"))
        if urlsplit(v).scheme not in ("http", "https") or not urlsplit(v).hostname:
            raise _fail(path, name, key, f"not an http(s) URL: {v!r}")
        urls.append(v)
    return urls


def _regex(path: Path, name: str, key: str, value: Any, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise _fail(path, name, key, "missing (a regular expression is required)")
    try:
        re.compile(value)
    except re.error as exc:
        raise _fail(path, name, key, f"bad regular expression: {exc}") from None
    return value


def _source(path: Path, index: int, entry: Any, base_url: str | None) -> Source:
    if not isinstance(entry, dict):
        raise _fail(path, f"#{index + 1}", None, "each source must be a mapping")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(path, f"#{index + 1}", "name", "missing")
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise _fail(path, name, unknown[0], f"unknown field (known: {', '.join(sorted(_KNOWN))})")
    lang = entry.get("lang")
    if lang is not None and lang not in _LANGS:
        raise _fail(path, name, "lang", f"must be one of {sorted(_LANGS)}, got {lang!r}")
    start_urls = _url_list(path, name, "start_urls", entry.get("start_urls"), base_url)
    feeds = _url_list(path, name, "feeds", entry.get("feeds"), base_url)
    sitemaps = _url_list(path, name, "sitemaps", entry.get("sitemaps"), base_url)
    if not (start_urls or feeds or sitemaps):
        raise _fail(path, name, "start_urls", "a source needs start_urls, feeds or sitemaps")
    article = _regex(path, name, "article_pattern", entry.get("article_pattern"), required=True)
    follow = _regex(path, name, "follow_pattern", entry.get("follow_pattern"), required=False)
    encoding = entry.get("encoding")
    if encoding is not None and normalize_encoding(str(encoding)) is None:
        raise _fail(path, name, "encoding", f"unknown encoding {encoding!r}")
    selectors = entry.get("selectors") or {}
    if not isinstance(selectors, dict) or not set(selectors) <= _SELECTOR_KEYS:
        raise _fail(path, name, "selectors", f"must map some of {sorted(_SELECTOR_KEYS)} to a selector")
    if not all(isinstance(v, str) and v.strip() for v in selectors.values()):
        raise _fail(path, name, "selectors", "each selector must be a non-empty string")
    max_pages = entry.get("max_pages", 200)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise _fail(path, name, "max_pages", "must be a positive integer")
    return Source(
        name=name.strip(),
        lang=lang,
        start_urls=start_urls,
        feeds=feeds,
        sitemaps=sitemaps,
        article_pattern=article,
        follow_pattern=follow,
        encoding=encoding,
        selectors=dict(selectors),
        max_pages=max_pages,
        notes=str(entry.get("notes") or ""),
    )


def load_sources(path: Path | str, base_url: str | None = None) -> list[Source]:
    """Read a sources YAML file (a list, or a mapping with a `sources:` list).

    `base_url` replaces "{base_url}" in URLs (the bundled demo and the test site use it).
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise _fail(path, None, None, f"cannot read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise _fail(path, None, None, f"not valid YAML{line}") from None
    if isinstance(raw, dict):
        raw = raw.get("sources")
    if not isinstance(raw, list) or not raw:
        raise _fail(path, None, None, "expected a list of sources (or a mapping with a 'sources' list)")
    sources = [_source(path, i, entry, base_url) for i, entry in enumerate(raw)]
    seen: set[str] = set()
    for src in sources:
        if src.name in seen:
            raise _fail(path, src.name, "name", "duplicate source name")
        seen.add(src.name)
    return sources
