"""From a decoded HTML page to an article: title, main text, publication date, canonical URL.

The generic path needs no configuration: trafilatura for the body (favouring precision, so
navigation, related lists and footers stay out), htmldate for the original publication date
(it reads the given document only, it never fetches). A source may override title, date or body
with a CSS selector, or an XPath one when it starts with "/" or "(".
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import htmldate
import lxml.html
import trafilatura
from parsel import Selector

from crawlers.urls import canonicalise

__all__ = ["page_to_article", "html_to_text", "parse_date"]

_FALLBACK_BELOW = 200  # characters of main text under which the slow extractors get a try
_BLOCKS = "p|h1|h2|h3|h4|h5|li|blockquote|pre|td"
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")]
    )
    for m in names
}
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def parse_date(text: str | None) -> str | None:
    """An ISO date from a date-like string ("2024-05-03T08:00", "2024年5月3日", "May 3, 2024")."""
    if not text:
        return None
    parts: tuple[int, int, int] | None = None
    if m := _YMD.search(text):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif (m := _MDY.search(text)) and m[1].lower() in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    elif (m := _DMY.search(text)) and m[2].lower() in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if parts is None:
        return None
    try:
        return date(*parts).isoformat()
    except ValueError:
        return None


def _select(sel: Selector, query: str) -> list[Selector]:
    query = query.strip()
    try:
        return list(sel.xpath(query) if query.startswith(("/", "(")) else sel.css(query))
    except ValueError:  # a malformed selector must not stop the crawl; fall back to generic
        return []


def _node_text(node: Selector) -> str:
    root = node.root
    if not isinstance(root, lxml.html.HtmlElement):
        return str(root).strip()
    blocks = root.xpath(f".//*[self::{' or self::'.join(_BLOCKS.split('|'))}]")
    # Only outermost blocks, so a <p> inside an <li> is not read twice.
    blocks = [b for b in blocks if not any(a in blocks for a in b.iterancestors())]
    texts = [" ".join(b.text_content().split()) for b in blocks] if blocks else [root.text_content().strip()]
    return "\n".join(t for t in texts if t)


def _selected(sel: Selector, query: str | None) -> str:
    if not query:
        return ""
    return "\n".join(t for t in (_node_text(n) for n in _select(sel, query)) if t).strip()


def _canonical(sel: Selector, url: str) -> str:
    href = sel.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href").get()
    if href:
        absolute = urljoin(url, href.strip())
        # A canonical pointing at a site's home page is a template error, not the article's identity.
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).path not in ("", "/"):
            return canonicalise(absolute)
    return canonicalise(url)


def _trafilatura(html: str, url: str | None, fast: bool) -> tuple[str, str]:
    doc = trafilatura.bare_extraction(
        html, url=url, fast=fast, favor_precision=True, include_comments=False, include_tables=False,
        with_metadata=True, deduplicate=False,
    )
    if doc is None:
        return "", ""
    return (doc.title or "").strip(), (doc.text or "").strip()


def _main_text(html: str, url: str | None) -> tuple[str, str]:
    # The fast path (no fallback extractors) is ~3x quicker and enough for ordinary article
    # pages; only a thin result pays for the fallbacks (readability, jusText).
    title, text = _trafilatura(html, url, fast=True)
    if len(text) < _FALLBACK_BELOW:
        title2, text2 = _trafilatura(html, url, fast=False)
        if len(text2) > len(text):
            return title2 or title, text2
    return title, text


def _find_date(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    try:
        return htmldate.find_date(
            tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d"
        )
    except Exception:  # htmldate is heuristic and may trip on odd markup; a missing date is fine
        return None


def page_to_article(html: str, url: str, selectors: dict[str, str] | None = None) -> dict:
    """{"title", "text", "published", "canonical_url"} for one page; empty text when none is found."""
    selectors = selectors or {}
    empty = {"title": "", "text": "", "published": None, "canonical_url": canonicalise(url)}
    if not html or not html.strip():
        return empty
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return empty
    sel = Selector(root=tree, type="html")
    title, text = _main_text(html, url)
    if body := _selected(sel, selectors.get("body")):
        text = body
    if sel_title := _selected(sel, selectors.get("title")):
        title = " ".join(sel_title.split())
    published = parse_date(_selected(sel, selectors.get("date"))) or _find_date(tree, url)
    # The body usually opens with the headline; the record keeps the title apart.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()
    return {"title": title, "text": text, "published": published, "canonical_url": _canonical(sel, url)}


def html_to_text(html: str) -> str:
    """Main text of an HTML document with no URL (the `extract` CLI on .html files)."""
    article = page_to_article(html, "file:///document.html")
    if article["title"] and article["text"] and not article["text"].startswith(article["title"]):
        return f"{article['title']}\n{article['text']}"
    return article["text"] or article["title"]
