"""One saved page per registered real source, checked against its expected fields (Fundus style).

A site that changes its layout, or a registry entry whose pattern no longer fits its URLs,
fails here by name. Pages live in crawlers/source_pages/<source>.html with <source>.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawlers.decode import decode_html
from crawlers.html_text import RELATED_HEADING, page_to_article
from crawlers.sources import DEFAULT_SOURCES, load_sources

PAGES = Path(__file__).resolve().parents[1] / "crawlers" / "source_pages"
SOURCES = {s.name: s for s in load_sources(DEFAULT_SOURCES)}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_source_page_gives_expected_fields(name: str) -> None:
    source = SOURCES[name]
    html_path, expected_path = PAGES / f"{name}.html", PAGES / f"{name}.json"
    assert html_path.exists() and expected_path.exists(), f"source {name!r} has no saved page"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert source.is_article(expected["url"]), f"{name}: article_pattern does not match {expected['url']}"
    # Decode as the spider does: the source's forced encoding, else what the page declares.
    html = decode_html(html_path.read_bytes(), source.encoding)
    article = page_to_article(html, expected["url"], source.selectors)
    assert article["title"] == expected["title"]
    assert article["published"] == expected["published"]
    assert article["canonical_url"] == expected["canonical_url"]
    for snippet in expected["text_contains"]:
        assert snippet in article["text"]
    # Chrome stays out; the related block's own heading line is ours, not the page's.
    ours = {f"\n{h}\n" for h in RELATED_HEADING.values()}
    text = article["text"]
    for heading in ours:
        text = text.replace(heading, "\n")
    for snippet in expected["text_excludes"]:
        assert snippet not in text
    assert "\ufffd" not in article["text"]


def test_every_saved_page_belongs_to_a_registered_source() -> None:
    assert {p.stem for p in PAGES.glob("*.json")} == set(SOURCES)
