"""Article text from HTML: title + main text + related headlines, chrome left out (offline)."""

from __future__ import annotations

import pytest

from crawlers.html_text import RELATED_HEADING, html_to_text, looks_like_headline, page_to_article

BODY = {
    "en": "<p>{}</p>".format(
        " ".join(
            [
                "Hengrui Pharma agreed to license its oral GLP-1 candidate HRS-7535 to Kailera "
                "for $110 million upfront and up to $6 billion in milestones."
            ]
            * 3
        )
    ),
    "zh": "<p>{}</p>".format(
        "恒瑞医药宣布将GLP-1产品组合授权给Kailera公司，获得1.1亿美元首付款及最高60亿美元里程碑付款。" * 3
    ),
}
TITLE = {"en": "Hengrui licenses GLP-1 portfolio to Kailera", "zh": "恒瑞医药授权GLP-1产品组合给Kailera"}
RELATED = {
    "en": [
        "Summit pays $500 million upfront for Akeso's ivonescimab",
        "AstraZeneca to acquire Gracell for up to $1.2 billion",
    ],
    "zh": ["百利天恒与百时美施贵宝达成BL-B01D1授权合作", "华润三九拟以62.12亿元收购天士力28%股份"],
}
MENU = {"en": "Pharma deals from China and the world today", "zh": "医药交易观察中文资讯频道首页"}


def page(lang: str, related_class: str = "related") -> str:
    items = "".join(f'<li><a href="/n/{i}.html">{t}</a></li>' for i, t in enumerate(RELATED[lang]))
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{TITLE[lang]} | Wire</title></head>
<body><header><ul><li><a href="/">{MENU[lang]}</a></li></ul></header>
<nav><ul><li><a href="/x">{MENU[lang]} nav</a></li></ul></nav>
<main><article><h1>{TITLE[lang]}</h1>{BODY[lang]}{BODY[lang]}</article>
<aside class="{related_class}"><h2>More</h2><ul>{items}<li><a href="/more">More news</a></li>
<li><a href="/n/0.html">{RELATED[lang][0]}</a></li></ul></aside></main>
<footer><ul><li><a href="/about">{MENU[lang]} footer</a></li></ul></footer></body></html>"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_text_is_title_main_then_related_block(lang: str) -> None:
    article = page_to_article(page(lang), "https://wire.example/n/9.html")
    lines = article["text"].split("\n")
    assert lines[0] == TITLE[lang]
    assert "Kailera" in article["main"]
    at = lines.index(RELATED_HEADING[lang])
    assert lines[at + 1 :] == RELATED[lang]  # deduplicated, in page order, one per line
    assert article["related"] == RELATED[lang]
    assert MENU[lang] not in article["text"] and "More news" not in article["text"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_to_text_gives_the_stored_text(lang: str) -> None:
    assert html_to_text(page(lang)) == page_to_article(page(lang), "file:///document.html")["text"]


def test_menu_classed_lists_are_not_headlines() -> None:
    article = page_to_article(page("en", related_class="site-menu"), "https://wire.example/n/9.html")
    assert article["related"] == []
    assert RELATED_HEADING["en"] not in article["text"]


def test_related_selector_overrides_generic_lists() -> None:
    html = page("en").replace(
        "</main>", '<div class="picks"><a href="/p">Novartis buys MorphoSys for $2.9 billion in cash</a></div></main>'
    )
    generic = page_to_article(html, "https://wire.example/n/9.html")
    assert "Novartis buys MorphoSys for $2.9 billion in cash" not in generic["related"]  # not in a list
    chosen = page_to_article(html, "https://wire.example/n/9.html", {"related": "div.picks"})
    assert chosen["related"] == ["Novartis buys MorphoSys for $2.9 billion in cash"]


def test_links_already_in_the_main_text_are_not_repeated() -> None:
    html = page("en").replace(
        "<article>", '<article><ul><li><a href="/k">Hengrui licenses GLP-1 portfolio to Kailera</a></li></ul>'
    )
    assert page_to_article(html, "https://wire.example/n/9.html")["text"].count(TITLE["en"]) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pfizer to buy Seagen for $43 billion", True),
        ("About us", False),
        ("Subscribe", False),
        ("百济神州一季度营收增长", True),
        ("中文资讯", False),
        ("newsdesk@meddeal-daily.example", False),
        ("Pharmaceuticals", False),
    ],
)
def test_looks_like_headline(text: str, expected: bool) -> None:
    assert looks_like_headline(text) is expected


@pytest.mark.parametrize("html", ["", "   ", "<html></html>"])
def test_pages_without_text_give_empty_text(html: str) -> None:
    assert html_to_text(html) == ""
