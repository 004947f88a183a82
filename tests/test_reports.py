"""Reports over a store built by hand: content, escaping, formats, and a real browser render."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import html as lxml_html

from nlp.model import Amount, Cooperation, Extraction, Mention, Party
from reports import render
from storage import ArticleRecord, Store

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _mention(label: str, text: str, start: int, eid: str, name: str, known: bool = True) -> Mention:
    return Mention(label, text, start, start + len(text), eid, name, known=known)


def _deal_article(store: Store, url: str, published: str, text: str, extraction: Extraction) -> None:
    store.save_article(
        ArticleRecord(url=url, source="demo", text=text, title=text[:40], published=published), extraction
    )


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    st = Store(tmp_path / "r.db")
    run = st.start_run(["demo"])
    en = f"Akeso granted Summit Therapeutics rights to ivonescimab for $500 million upfront. {HOSTILE}"
    amount = Amount("$500 million", 63, 75, Decimal("500000000"), "USD", "upfront", sentence=en)
    akeso = _mention("COMPANY", "Akeso", 0, "company:akeso", "Akeso")
    summit = _mention("COMPANY", "Summit Therapeutics", 14, "new:summittherapeutics", "Summit Therapeutics", False)
    drug = _mention("DRUG", "ivonescimab", 44, "drug:ivonescimab", "ivonescimab")
    coop = Cooperation(
        "licensing",
        (
            Party("company:akeso", "Akeso", "licensor"),
            Party("new:summittherapeutics", "Summit Therapeutics", "licensee"),
        ),
        ("ivonescimab",),
        ("drug:ivonescimab",),
        (amount,),
        "ex-China",
        en,
        0,
        len(en),
        0.9,
    )
    _deal_article(
        st, "https://a.example/1", "2024-05-02", en, Extraction("en", [akeso, summit, drug], [amount], [coop])
    )
    zh = "恒瑞医药宣布与默克达成合作。"
    hengrui = _mention("COMPANY", "恒瑞医药", 0, "company:hengrui", "Hengrui")
    merck = _mention("COMPANY", "默克", 7, "company:merck-kgaa", "Merck KGaA")
    low = Cooperation(
        "strategic_alliance",
        (Party("company:hengrui", "Hengrui"), Party("company:merck-kgaa", "Merck KGaA")),
        evidence=zh,
        evidence_end=len(zh),
        confidence=0.2,
    )
    _deal_article(st, "https://b.example/2", "2024-05-20", zh, Extraction("zh", [hengrui, merck], [], [low]))
    en2 = "Hengrui and Merck KGaA form a strategic alliance."
    hengrui_en = _mention("COMPANY", "Hengrui", 0, "company:hengrui", "Hengrui")
    merck_en = _mention("COMPANY", "Merck KGaA", 12, "company:merck-kgaa", "Merck KGaA")
    same = Cooperation(
        "strategic_alliance",
        (Party("company:hengrui", "Hengrui"), Party("company:merck-kgaa", "Merck KGaA")),
        evidence=en2,
        evidence_end=len(en2),
        confidence=0.4,
    )
    _deal_article(st, "https://c.example/4", "2024-05-21", en2, Extraction("en", [hengrui_en, merck_en], [], [same]))
    _deal_article(st, "https://b.example/3", "2024-05-21", "今日无新闻。", Extraction("zh"))
    st.record_source_stats(run, "demo", {"pages_fetched": 5, "articles_new": 3, "articles_updated": 0, "errors": {}})
    st.finish_run(run)
    yield st
    st.close()


def test_html_report_shows_runs_deals_review_and_charts(store: Store) -> None:
    page = render(store, fmt="html")
    tree = lxml_html.fromstring(page)
    deals = tree.xpath('//h2[@id="deals"]/following-sibling::table[1]//tr')
    assert len(deals) == 3  # header + two records
    newest = deals[1].text_content()
    assert "strategic_alliance" in newest and "Hengrui" in newest
    assert "ivonescimab" in deals[2].text_content()
    assert [m.text for m in deals[2].xpath(".//mark")] == [
        "Akeso",
        "Summit Therapeutics",
        "ivonescimab",
        "$500 million",
    ]
    assert len(tree.xpath("//svg")) == 4
    review = tree.xpath('//h2[@id="review"]/following-sibling::*')
    review_text = " ".join(e.text_content() for e in review)
    assert "Summit Therapeutics" in review_text  # not in the gazetteer
    assert "https://b.example/3" in page  # text but no company
    runs = tree.xpath('//h2[@id="runs"]/following-sibling::table[1]//tr')
    assert "demo" in runs[1].text_content()


def test_article_text_cannot_inject_markup(store: Store) -> None:
    page = render(store, fmt="html")
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    assert not lxml_html.fromstring(page).xpath("//img")


def test_markdown_and_json_reports(store: Store) -> None:
    md = render(store, fmt="md")
    assert md.startswith("# pharmanews report")
    assert (
        "| 2024-05-02 | licensing | Akeso, Summit Therapeutics | ivonescimab | $500M |  | [demo](https://a.example/1) |"
        in md
    )
    data = json.loads(render(store, fmt="json"))
    assert [d["type"] for d in data["deals"]] == ["strategic_alliance", "licensing"]
    assert data["charts"]["lang_mix"] == {"zh": 2, "en": 2}


def test_since_filters_the_report(store: Store) -> None:
    data = json.loads(render(store, fmt="json", since="2024-05-10"))
    assert [d["type"] for d in data["deals"]] == ["strategic_alliance"]


def test_unknown_format_is_an_error(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render(store, fmt="pdf")


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None and not os.environ.get("CI"), reason="Debian's chromium is not installed")
def test_report_renders_in_headless_chromium(store: Store, tmp_path: Path) -> None:
    browser = _chromium()
    assert browser, "CI must install chromium (see Makefile: browser)"
    page = tmp_path / "report.html"
    page.write_text(render(store, fmt="html"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    )
    assert dom.stdout.count("<svg") == 4
    assert "ivonescimab" in dom.stdout
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    subprocess.run(
        [browser, *flags, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000


def test_a_run_report_shows_what_that_run_brought_in(store: Store) -> None:
    run = store.start_run(["demo"])
    text = "Hansoh licensed HS-20093 to GSK."
    hansoh = _mention("COMPANY", "Hansoh", 0, "company:hansoh", "Hansoh")
    gsk = _mention("COMPANY", "GSK", 28, "company:gsk", "GSK")
    coop = Cooperation(
        "licensing", (Party("company:hansoh", "Hansoh"), Party("company:gsk", "GSK")), evidence=text, confidence=0.9
    )
    article = ArticleRecord(url="https://d.example/5", source="demo", text=text, title=text, published="2024-06-01")
    store.save_article(article, Extraction("en", [hansoh, gsk], [], [coop]), run_id=run)
    store.finish_run(run)
    data = json.loads(render(store, fmt="json", run_id=run))
    assert [d["type"] for d in data["deals"]] == ["licensing"]
    assert [p["name"] for p in data["deals"][0]["parties"]] == ["Hansoh", "GSK"]
    assert [r["id"] for r in data["runs"]] == [run]
    with pytest.raises(ValueError, match="no crawl run with id 99"):
        render(store, fmt="json", run_id=99)
