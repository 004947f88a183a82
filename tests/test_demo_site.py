"""The bundled demo site is sound: pages, encodings, links, feed, sitemap, pagination, gold, source entry."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.robotparser import RobotFileParser

import lxml.etree
import lxml.html
import pytest
import yaml

from crawlers.demo_site import build, lint
from crawlers.sources import load_sources

DEMO = Path(build.__file__).parent
SITE = DEMO / "site"
MANIFEST = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
GOLD = [json.loads(line) for line in build.GOLD_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
SCORE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
ARTICLE_PATHS = {m["path"] for m in MANIFEST}
HTML_FILES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))
LISTINGS = [p for p in HTML_FILES if re.search(r"news/(index|page/\d+)\.html$", p)]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
by_id = pytest.mark.parametrize("entry", MANIFEST, ids=[m["path"] for m in MANIFEST])


def read_page(rel: str) -> lxml.html.HtmlElement:
    """Parse a site page after decoding it with the charset its own <meta> declares."""
    data = (SITE / rel).read_bytes()
    head = data[:1024].decode("ascii", "replace")
    m = re.search(r'charset="?([\w-]+)', head)
    assert m, f"{rel} declares no charset"
    return lxml.html.document_fromstring(data.decode(m.group(1)))


def links_of(rel: str) -> list[str]:
    root = read_page(rel)
    return [v for el in root.iter() for k, v in el.attrib.items() if k in ("href", "src")]


def test_manifest_counts_and_files():
    langs = [m["lang"] for m in MANIFEST]
    assert len(MANIFEST) >= 26
    assert (langs.count("zh"), langs.count("en"), langs.count("mixed")) == (13, 11, 2)
    assert len(ARTICLE_PATHS) == len(MANIFEST)
    on_disk = {p for p in HTML_FILES if re.search(r"news/\d{4}/\d{2}/", p)}
    assert on_disk == ARTICLE_PATHS
    assert sum(m["encoding"] == "gbk" for m in MANIFEST) >= 2


@by_id
def test_article_page_structure(entry):
    root = read_page(entry["path"])
    url = "/" + entry["path"]
    assert re.search(rf"/{entry['published'][:4]}/{entry['published'][5:7]}/", url)
    assert root.findtext(".//title").startswith(entry["title"])
    assert root.xpath("//meta[@name='description']/@content")[0].strip()
    assert root.xpath("//link[@rel='canonical']/@href") == [url]
    assert root.xpath("//meta[@property='article:published_time']/@content")[0].startswith(entry["published"])
    (article,) = root.xpath("//article")
    assert article.findtext(".//h1") == entry["title"]
    year, month, day = (int(x) for x in entry["published"].split("-"))
    byline = article.xpath(".//p[@class='byline']")[0].text_content()
    assert f"{year}年{month}月{day}日" in byline or f"{day} " in byline and str(year) in byline
    assert len(article.xpath(".//div[@class='article-body']/p")) >= 3
    assert root.xpath("//nav//a") and root.xpath("//div[@class='breadcrumb']//a")
    related = root.xpath("//aside[@class='related']//a/@href")
    most_read = root.xpath("//aside[@class='most-read']//a/@href")
    assert len(related) == 3 and len(most_read) >= 3
    assert url not in related + most_read
    assert all(h.lstrip("/") in ARTICLE_PATHS for h in related + most_read)
    footer = root.xpath("//footer")[0].text_content()
    assert "©" in footer and "@" in footer


@pytest.mark.parametrize("entry", [m for m in MANIFEST if m["encoding"] == "gbk"], ids=lambda m: m["path"])
def test_gbk_pages_declare_charset_only_in_meta(entry):
    data = (SITE / entry["path"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("gbk")
    assert entry["title"] in text
    assert re.search(r'<meta (charset="gbk"|http-equiv="Content-Type" content="text/html; charset=GBK")>', text)
    assert lxml.html.document_fromstring(text).findtext(".//h1") == entry["title"]


@pytest.mark.parametrize("rel", HTML_FILES)
def test_every_internal_link_resolves(rel):
    for href in links_of(rel):
        if href.startswith(("mailto:", "http://", "https://", "#")):
            continue
        target = href.split("#")[0].split("?")[0]
        assert target.startswith("/"), f"{rel}: relative link {href}"
        assert (SITE / target.lstrip("/")).is_file(), f"{rel}: broken link {href}"


def test_rss_lists_newest_15_existing_articles():
    root = lxml.etree.fromstring((SITE / "rss.xml").read_bytes())
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    newest = sorted(MANIFEST, key=lambda m: m["published"], reverse=True)[:15]
    assert [i.findtext("link").lstrip("/") for i in items] == [m["path"] for m in newest]
    for item, entry in zip(items, newest, strict=True):
        assert item.findtext("title") == entry["title"]
        assert re.match(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0800$", item.findtext("pubDate"))


def test_sitemap_lists_every_article_with_lastmod():
    root = lxml.etree.fromstring((SITE / "sitemap.xml").read_bytes())
    urls = root.findall("s:url", SITEMAP_NS)
    locs = [u.findtext("s:loc", namespaces=SITEMAP_NS).lstrip("/") for u in urls]
    assert sorted(locs) == sorted(ARTICLE_PATHS)
    published = {m["path"]: m["published"] for m in MANIFEST}
    for u, loc in zip(urls, locs, strict=True):
        assert u.findtext("s:lastmod", namespaces=SITEMAP_NS) == published[loc]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("news/index.html", ARTICLE_PATHS),
        ("zh/news/index.html", {m["path"] for m in MANIFEST if m["path"].startswith("zh/")}),
    ],
)
def test_pagination_reaches_every_article(start, expected):
    seen, pages, rel = set(), 0, start
    while rel:
        root = read_page(rel)
        teasers = [h.lstrip("/") for h in root.xpath("//ul[@class='teasers']//h2/a/@href")]
        assert 1 <= len(teasers) <= 8
        seen.update(teasers)
        pages += 1
        nxt = root.xpath("//a[@rel='next']/@href")
        rel = nxt[0].lstrip("/") if nxt else None
        assert pages < 20
    assert seen == expected
    assert pages == -(-len(expected) // 8)


def test_robots_allows_all_but_admin():
    robots = RobotFileParser()
    robots.parse((SITE / "robots.txt").read_text().splitlines())
    assert robots.can_fetch("pharmanews", "http://127.0.0.1/news/index.html")
    assert not robots.can_fetch("pharmanews", "http://127.0.0.1/admin/login.html")


def test_gold_has_one_line_per_article():
    assert [g["id"] for g in GOLD] == [m["path"] for m in MANIFEST]
    langs = {m["path"]: m["lang"] for m in MANIFEST}
    for g in GOLD:
        assert g["lang"] == langs[g["id"]]
        assert set(g) == {"id", "lang", "companies", "drugs", "amounts", "cooperation_types", "cooperations"}
        assert g["cooperation_types"] == list(dict.fromkeys(c["type"] for c in g["cooperations"]))
        assert all(a["currency"] in {"USD", "EUR", "CNY", "GBP", "JPY", "HKD", "KRW"} for a in g["amounts"])
    outlets = {"MedDeal Daily", "医药交易观察"}
    assert not any(a in outlets for g in GOLD for c in g["companies"] for a in c["aliases"])


def test_gold_covers_the_guideline_cases():
    types = {t for g in GOLD for t in g["cooperation_types"]}
    assert types >= {
        "licensing",
        "acquisition",
        "equity_investment",
        "joint_venture",
        "manufacturing",
        "research_collaboration",
        "commercialization",
        "co_development",
        "technology_transfer",
    }
    currencies = {a["currency"] for g in GOLD for a in g["amounts"]}
    assert currencies >= {"USD", "EUR", "CNY", "GBP", "JPY", "HKD"}
    texts = {a["text"] for g in GOLD for a in g["amounts"]}
    assert {"十五亿元", "人民币叁仟万元", "约3.2亿港元", "€20m", "5,000,000 dollars", "about ¥12 billion"} <= texts


def test_gold_agrees_with_page_text():
    assert lint.problems() == []


def test_lint_reports_missing_and_unannotated_things():
    g = {"companies": {"Akeso": ["Akeso"]}, "drugs": {}, "amounts": [], "cooperations": []}
    text = "Akeso and Summit agree a $5 billion deal. MedDeal Daily"
    found = lint.check_page("x", text, g, {"Summit": "Summit Therapeutics"}, ["MedDeal Daily"])
    assert any("'Summit'" in p for p in found)
    assert any("'$5 billion'" in p for p in found)
    g["companies"]["MedDeal"] = ["MedDeal Daily"]
    assert any("outlet" in p for p in lint.check_page("x", text, g, {}, ["MedDeal Daily"]))


def test_committed_site_is_the_build_output():
    assert build.stale_files() == []


@pytest.mark.skipif(not SCORE.exists(), reason="shared scorer not present")
def test_scorer_reads_the_gold(tmp_path):
    out = subprocess.run(
        [sys.executable, str(SCORE), str(build.GOLD_FILE), str(build.GOLD_FILE), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(out.stdout)["all"]
    assert summary["docs"] == len(MANIFEST)
    for field in ("companies", "drugs", "amounts", "cooperation_types", "cooperations"):
        assert summary[field]["f1"] == 1.0


def test_sources_entry():
    raw = yaml.safe_load((DEMO / "sources.yaml").read_text(encoding="utf-8"))
    (entry,) = raw["sources"]
    assert entry["name"] == "demo" and entry["lang"] is None
    for key in ("start_urls", "feeds", "sitemaps", "article_pattern", "follow_pattern"):
        assert entry[key]
    (source,) = load_sources(DEMO / "sources.yaml", base_url="http://127.0.0.1:8765")
    base = "http://127.0.0.1:8765/"
    assert source.start_urls == [base + "news/index.html", base + "zh/news/index.html"]
    for rel in ARTICLE_PATHS:
        assert source.is_article(base + rel)
        assert not source.is_listing(base + rel)
    others = [p for p in HTML_FILES if p not in ARTICLE_PATHS] + ["rss.xml", "sitemap.xml", "robots.txt"]
    for rel in others:
        assert not source.is_article(base + rel), rel
    for rel in LISTINGS:
        assert source.is_listing(base + rel), rel
    assert len(LISTINGS) >= 6
