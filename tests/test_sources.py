"""crawlers.sources: loading the registry, and one-line errors naming file, source and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.sources import DEFAULT_SOURCES, SourceConfigError, load_sources

GOOD = """
- name: wire
  lang: en
  start_urls: ["{base_url}/news/"]
  feeds: "{base_url}/feed.xml"
  article_pattern: '/news/\\d{4}/'
  follow_pattern: '/news/page/\\d+'
  selectors: {title: "h1.headline", date: "//time/@datetime"}
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_and_substitutes_base_url(tmp_path: Path) -> None:
    (src,) = load_sources(_write(tmp_path, GOOD), base_url="http://127.0.0.1:8123/")
    assert src.start_urls == ["http://127.0.0.1:8123/news/"]
    assert src.feeds == ["http://127.0.0.1:8123/feed.xml"]
    assert src.domains == ["127.0.0.1"]
    assert src.is_article("http://127.0.0.1:8123/news/2024/x.html")
    assert src.is_listing("http://127.0.0.1:8123/news/page/2")
    assert not src.is_listing("http://127.0.0.1:8123/news/2024/page/2")  # an article is never a listing
    assert src.selectors["date"] == "//time/@datetime"


def test_mapping_with_sources_key(tmp_path: Path) -> None:
    text = "sources:\n" + "\n".join("  " + line for line in GOOD.strip().splitlines())
    assert [s.name for s in load_sources(_write(tmp_path, text), base_url="http://x.test")] == ["wire"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: a\n  feeds: [http://x.test/f]\n", "source 'a': field 'article_pattern': missing"),
        (
            "- name: a\n  feeds: [http://x.test/f]\n  article_pattern: '(unclosed'\n",
            "source 'a': field 'article_pattern': bad regular expression",
        ),
        ("- name: a\n  article_pattern: x\n", "source 'a': field 'start_urls': a source needs"),
        ("- name: a\n  feeds: [ftp://x.test/f]\n  article_pattern: x\n", "field 'feeds': not an http(s) URL"),
        ("- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n  lang: fr\n", "field 'lang': must be one of"),
        (
            "- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n  encoding: klingon\n",
            "field 'encoding': unknown encoding",
        ),
        (
            "- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n  selectors: {author: x}\n",
            "field 'selectors'",
        ),
        ("- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n  max_pages: 0\n", "field 'max_pages'"),
        (
            "- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n  colour: red\n",
            "field 'colour': unknown field",
        ),
        ("- feeds: [http://x.test/f]\n  article_pattern: x\n", "source '#1': field 'name': missing"),
        (
            "- name: a\n  feeds: [http://x.test/f]\n  article_pattern: x\n- name: a\n  feeds: [http://x.test/g]\n"
            "  article_pattern: x\n",
            "source 'a': field 'name': duplicate",
        ),
        ("- name: a\n  feeds: ['{base_url}/f']\n  article_pattern: x\n", "uses {base_url} but no base URL"),
        ("- name: [a\n", "not valid YAML at line"),
        ("just a string\n", "expected a list of sources"),
        ("", "expected a list of sources"),
    ],
)
def test_errors_are_one_line_naming_file_source_field(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SourceConfigError) as info:
        load_sources(path)
    error = str(info.value)
    assert error.startswith(str(path))
    assert message in error
    assert "\n" not in error


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceConfigError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")


def test_shipped_registry_has_six_chinese_and_six_english_sources() -> None:
    sources = load_sources(DEFAULT_SOURCES)
    langs = [s.lang for s in sources]
    assert langs.count("zh") >= 6 and langs.count("en") >= 6
    for src in sources:
        assert src.feeds or src.sitemaps or src.start_urls
        assert all(
            u.startswith("https://") or u.startswith("http://") for u in src.start_urls + src.feeds + src.sitemaps
        )
