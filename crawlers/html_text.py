"""From a decoded HTML page to an article: title, text, publication date, canonical URL.

The article text is the whole document as the annotation guidelines count it: the headline,
the main text, and a final block of the page's related / most-read headlines (they often report
deals of their own), under a "Related headlines" / "相关阅读" line. The generic path needs no
configuration: trafilatura for the main text (favouring precision, so navigation and footers stay
out), headline-like link texts from lists, asides and sections outside nav/header/footer for the
related block, htmldate for the original publication date (it reads the given document only, it
never fetches). A source may override title, date, body or related with a CSS selector, or an
XPath one when it starts with "/" or "(".
"""

from __future__ import annotations

import re
from copy import copy
from datetime import date
from urllib.parse import urljoin, urlsplit

import htmldate
import lxml.html
import trafilatura
from lxml.etree import XPath
from parsel import Selector
from trafilatura.settings import Extractor

from crawlers.urls import canonicalise

__all__ = ["page_to_article", "html_to_text", "parse_date"]

RELATED_HEADING = {"en": "Related headlines", "zh": "相关阅读"}
_FALLBACK_BELOW = 200  # characters of main text under which the slow extractors get a try
_BLOCKS = "p|h1|h2|h3|h4|h5|li|blockquote|pre|td"
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# Related headlines: link texts in lists/asides/sections, never in the page chrome or in menus.
_CHROME = {"nav", "header", "footer", "script", "style", "noscript", "form", "select", "button", "template"}
_CONTAINERS = {"li", "ul", "ol", "aside", "section", "dl", "dd", "dt", "table"}
_MENU_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|pagination|pager|share|social|"
    r"skip|toolbar|footer|header|masthead|login|signup|subscribe)(?:$|[\s_-])",
    re.I,
)
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MAX_HEADLINE = 300
_VISIBLE_TEXT = XPath(
    "//body//text()[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"
    " or ancestor::script or ancestor::style or ancestor::noscript or ancestor::form)]"
)
# Precision over recall (navigation, comments and footers out); tables stay out of the text.
_OPTIONS = {
    fast: Extractor(
        output_format="python", fast=fast, precision=True, comments=False, tables=False, dedup=False, with_metadata=True
    )
    for fast in (True, False)
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


def looks_like_headline(text: str) -> bool:
    """A link text that reads as a headline: >= 12 Latin letters in 3+ words, or >= 8 CJK characters."""
    if not text or len(text) > _MAX_HEADLINE or "@" in text or "://" in text:
        return False
    if len(_CJK.findall(text)) >= 8:
        return True
    return len(_LATIN.findall(text)) >= 12 and len(text.split()) >= 3


def _is_menu(el: lxml.html.HtmlElement) -> bool:
    if el.tag in _CHROME or (el.get("role") or "").lower() in ("navigation", "banner", "contentinfo", "menu"):
        return True
    return bool(_MENU_HINT.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def _generic_related(tree: lxml.html.HtmlElement) -> list[str]:
    texts = []
    for a in tree.iter("a"):
        ancestors = list(a.iterancestors())
        if not any(isinstance(x.tag, str) and x.tag in _CONTAINERS for x in ancestors):
            continue
        if any(isinstance(x.tag, str) and _is_menu(x) for x in ancestors):
            continue
        texts.append(a.text_content())
    return texts


def _selected_related(sel: Selector, query: str) -> list[str]:
    texts = []
    for node in _select(sel, query):
        root = node.root
        if not isinstance(root, lxml.html.HtmlElement):
            continue
        links = [root] if root.tag == "a" else list(root.iter("a"))
        texts.extend(a.text_content() for a in links)
    return texts


def _related(tree: lxml.html.HtmlElement, sel: Selector, query: str | None, known: str) -> list[str]:
    """Headline-like link texts of the page, outside the chrome and not already in `known`."""
    raw = _selected_related(sel, query) if query else _generic_related(tree)
    known_flat = " ".join(known.split())
    seen: set[str] = set()
    out = []
    for text in raw:
        text = " ".join(text.split())
        if text in seen or not looks_like_headline(text) or text in known_flat:
            continue
        seen.add(text)
        out.append(text)
    return out


def _page_lang(tree: lxml.html.HtmlElement, text: str) -> str:
    declared = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").lower()
    if declared.startswith("zh"):
        return "zh"
    if declared.startswith("en"):
        return "en"
    return "zh" if len(_CJK.findall(text)) > len(_LATIN.findall(text)) / 4 else "en"


def _canonical(sel: Selector, url: str) -> str:
    href = sel.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href").get()
    if href:
        absolute = urljoin(url, href.strip())
        # A canonical pointing at a site's home page is a template error, not the article's identity.
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).path not in ("", "/"):
            return canonicalise(absolute)
    return canonicalise(url)


def _options(fast: bool, url: str | None) -> Extractor:
    # Building an Extractor reads trafilatura's config each time (~0.3 ms); build two once, copy.
    opts = copy(_OPTIONS[fast])
    opts.url = opts.source = url
    return opts


def _trafilatura(tree: lxml.html.HtmlElement, url: str | None, fast: bool) -> tuple[str, str]:
    # trafilatura copies a tree it is given, so the caller's parsed page stays untouched.
    doc = trafilatura.bare_extraction(tree, options=_options(fast, url))
    if doc is None:
        return "", ""
    return (doc.title or "").strip(), (doc.text or "").strip()


def _visible_chars(tree: lxml.html.HtmlElement) -> int:
    """Characters of text outside the page chrome: what a main text could at most be."""
    return sum(len(t.strip()) for t in _VISIBLE_TEXT(tree))


def _main_text(tree: lxml.html.HtmlElement, url: str | None) -> tuple[str, str]:
    # The fast path (no fallback extractors) is ~3x quicker and enough for ordinary article
    # pages; only a thin result on a page with much more text pays for the fallbacks
    # (readability, jusText). A short article whose whole text was found does not.
    title, text = _trafilatura(tree, url, fast=True)
    if len(text) < _FALLBACK_BELOW and _visible_chars(tree) > 2 * len(text) + _FALLBACK_BELOW // 2:
        title2, text2 = _trafilatura(tree, url, fast=False)
        if len(text2) > len(text):
            return title2 or title, text2
    return title, text


def _find_date(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    try:
        return htmldate.find_date(tree, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is heuristic and may trip on odd markup; a missing date is fine
        return None


def page_to_article(html: str, url: str, selectors: dict[str, str] | None = None) -> dict:
    """{"title", "text", "main", "related", "published", "canonical_url"} for one page.

    `text` = title + main text + the related-headlines block; `main` the main text alone (empty
    when none is found: a page without one is not an article), `related` the headlines.
    """
    selectors = selectors or {}
    empty = {"title": "", "text": "", "main": "", "related": [], "published": None, "canonical_url": canonicalise(url)}
    if not html or not html.strip():
        return empty
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return empty
    sel = Selector(root=tree, type="html")
    title, text = _main_text(tree, url)
    if body := _selected(sel, selectors.get("body")):
        text = body
    if sel_title := _selected(sel, selectors.get("title")):
        title = " ".join(sel_title.split())
    published = parse_date(_selected(sel, selectors.get("date"))) or _find_date(tree, url)
    # The body usually opens with the headline; it is put back once, in front.
    first, _, rest = text.partition("\n")
    if title and first.strip() == title:
        text = rest.strip()
    related = _related(tree, sel, selectors.get("related"), f"{title}\n{text}") if text else []
    parts = [title, text]
    if related:
        parts.append(RELATED_HEADING[_page_lang(tree, f"{title}\n{text}")] + "\n" + "\n".join(related))
    return {
        "title": title,
        "text": "\n".join(p for p in parts if p),
        "main": text,
        "related": related,
        "published": published,
        "canonical_url": _canonical(sel, url),
    }


def html_to_text(html: str) -> str:
    """The article text of an HTML document with no URL (the `extract` CLI on .html files):
    the same title + main text + related headlines that a crawl stores."""
    article = page_to_article(html, "file:///document.html")
    return article["text"] or article["title"]
