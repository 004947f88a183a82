"""Render the bundled sample news site from its data files.

The articles live as YAML in `articles/` (text plus gold annotation), the page
chrome in `templates/` and `site.yaml`. This module turns them into the static
site under `site/` that `make demo` serves, the manifest, and the gold lines
of `tests/fixtures/demo_gold.jsonl`. The committed site is this module's
output; `python -m crawlers.demo_site.build --check` says where they differ.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape as xml_escape

import yaml

from crawlers.demo_site import gold as gold_mod

DEMO_DIR = Path(__file__).resolve().parent
SITE_DIR = DEMO_DIR / "site"
ARTICLES_DIR = DEMO_DIR / "articles"
TEMPLATES_DIR = DEMO_DIR / "templates"
MANIFEST = DEMO_DIR / "manifest.json"
GOLD_FILE = DEMO_DIR.parents[1] / "tests" / "fixtures" / "demo_gold.jsonl"

# The outlet's own clock: Beijing time, as a Chinese trade site would publish.
CST = timezone(timedelta(hours=8))


def load_config() -> dict:
    return yaml.safe_load((DEMO_DIR / "site.yaml").read_text(encoding="utf-8"))


def load_articles() -> list[dict]:
    """All articles, newest first (ties broken by path so the order is stable)."""
    articles = []
    for path in sorted(ARTICLES_DIR.glob("*.yaml")):
        art = yaml.safe_load(path.read_text(encoding="utf-8"))
        art["published"] = str(art["published"])
        art.setdefault("encoding", "utf-8")
        art["section"] = "zh" if art["path"].startswith("zh/") else "en"
        articles.append(art)
    articles.sort(key=lambda a: a["path"])
    articles.sort(key=lambda a: a["published"], reverse=True)
    return articles


def _template(name: str) -> Template:
    return Template((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def _charset_tag(art: dict) -> str:
    enc = art["encoding"]
    if enc == "utf-8":
        return '<meta charset="utf-8">'
    # GBK pages declare their charset only here, never in an HTTP header.
    if art.get("charset_decl") == "http-equiv":
        return f'<meta http-equiv="Content-Type" content="text/html; charset={enc.upper()}">'
    return f'<meta charset="{enc}">'


def _body_html(paragraphs: list[str]) -> str:
    out = []
    for para in paragraphs:
        if para.startswith("## "):
            out.append(f"<h2>{html.escape(para[3:])}</h2>")
        elif para.startswith("> "):
            out.append(f"<blockquote><p>{html.escape(para[2:])}</p></blockquote>")
        else:
            out.append(f"<p>{html.escape(para)}</p>")
    return "\n".join(out)


def _description(art: dict) -> str:
    first = next(p for p in art["body"] if not p.startswith(("## ", "> ")))
    for stop in ("。", ". "):
        if stop in first:
            return first.split(stop)[0] + stop.strip()
    return first


def _display_date(day: str, ui_lang: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.year}年{d.month}月{d.day}日" if ui_lang == "zh" else d.strftime("%-d %B %Y")


def _ui_lang(art: dict) -> str:
    return art["section"]


def related_of(art: dict, articles: list[dict], count: int) -> list[dict]:
    """The next `count` articles of the same section, wrapping round."""
    same = [a for a in articles if a["section"] == art["section"]]
    i = same.index(art)
    return [same[(i + k) % len(same)] for k in range(1, count + 1) if same[(i + k) % len(same)] is not art]


def most_read_of(art: dict, articles: list[dict], cfg: dict) -> list[dict]:
    by_path = {a["path"]: a for a in articles}
    return [by_path[p] for p in cfg["most_read"][art["section"]] if p != art["path"]]


def _link_list(items: list[dict]) -> str:
    return "\n".join(f'<li><a href="/{a["path"]}">{html.escape(a["title"])}</a></li>' for a in items)


def render_article(art: dict, articles: list[dict], cfg: dict) -> bytes:
    ui = cfg["ui"][_ui_lang(art)]
    related = related_of(art, articles, cfg["related_count"])
    most_read = most_read_of(art, articles, cfg)
    page = _template("article.html").substitute(
        html_lang={"en": "en", "zh": "zh-CN", "mixed": ui["html_lang"]}[art["lang"]],
        charset_tag=_charset_tag(art),
        title=html.escape(art["title"]),
        outlet=html.escape(ui["outlet"]),
        home=ui["home"],
        description=html.escape(_description(art)),
        url=f"/{art['path']}",
        published=f"{art['published']}T{art.get('time', '08:00')}:00+08:00",
        chrome=_chrome(ui, cfg),
        section_url=f"/{ui['listing']}/index.html",
        section_name=ui["section_name"],
        category=html.escape(art["category"]),
        byline=Template(ui["byline"]).substitute(
            author=html.escape(art["author"]), date=_display_date(art["published"], _ui_lang(art))
        ),
        body=_body_html(art["body"]),
        related_title=ui["related"],
        related=_link_list(related),
        most_read_title=ui["most_read"],
        most_read=_link_list(most_read),
        footer=_footer(ui, cfg),
    )
    return page.encode(art["encoding"])


def _chrome(ui: dict, cfg: dict) -> str:
    links = "".join(f'<li><a href="{href}">{html.escape(label)}</a></li>' for label, href in ui["nav"])
    return (
        f'<header class="masthead"><a class="logo" href="/index.html">{html.escape(ui["outlet"])}</a>'
        f'<span class="tagline">{html.escape(ui["tagline"])}</span>\n'
        f'<nav class="topnav"><ul>{links}</ul></nav></header>'
    )


def _footer(ui: dict, cfg: dict) -> str:
    return Template(ui["footer"]).substitute(outlet=html.escape(ui["outlet"]), email=cfg["contact_email"])


def render_listing(ui_lang: str, items: list[dict], cfg: dict) -> dict[str, bytes]:
    """Paginated listing pages of one section: index.html, page/2.html, ..."""
    ui = cfg["ui"][ui_lang]
    per = cfg["per_page"]
    pages = [items[i : i + per] for i in range(0, len(items), per)]
    base = ui["listing"]

    def url(n: int) -> str:
        return f"/{base}/index.html" if n == 1 else f"/{base}/page/{n}.html"

    out = {}
    for n, chunk in enumerate(pages, start=1):
        entries = "\n".join(
            f'<li class="teaser"><h2><a href="/{a["path"]}">{html.escape(a["title"])}</a></h2>'
            f'<time datetime="{a["published"]}">{_display_date(a["published"], ui_lang)}</time>'
            f"<p>{html.escape(_description(a))}</p></li>"
            for a in chunk
        )
        nav = []
        if n > 1:
            nav.append(f'<a class="prev" rel="prev" href="{url(n - 1)}">{ui["prev"]}</a>')
        nav.append(f'<span class="current">{Template(ui["page_of"]).substitute(n=n, total=len(pages))}</span>')
        if n < len(pages):
            nav.append(f'<a class="next" rel="next" href="{url(n + 1)}">{ui["next"]}</a>')
        page = _template("listing.html").substitute(
            html_lang=ui["html_lang"],
            title=html.escape(ui["listing_title"]) + (f" ({n})" if n > 1 else ""),
            outlet=html.escape(ui["outlet"]),
            url=url(n),
            chrome=_chrome(ui, cfg),
            heading=html.escape(ui["listing_title"]),
            entries=entries,
            pagination=" ".join(nav),
            footer=_footer(ui, cfg),
        )
        out[url(n).lstrip("/")] = page.encode("utf-8")
    return out


def _when(art: dict) -> datetime:
    hh, mm = art.get("time", "08:00").split(":")
    return datetime.fromisoformat(art["published"]).replace(hour=int(hh), minute=int(mm), tzinfo=CST)


def render_rss(articles: list[dict], cfg: dict) -> bytes:
    ui = cfg["ui"]["en"]
    items = "\n".join(
        "<item>"
        f"<title>{xml_escape(a['title'])}</title>"
        f"<link>/{a['path']}</link>"
        f'<guid isPermaLink="false">meddeal-{a["path"]}</guid>'
        f"<pubDate>{format_datetime(_when(a))}</pubDate>"
        f"<description>{xml_escape(_description(a))}</description>"
        "</item>"
        for a in articles[: cfg["rss_count"]]
    )
    return (
        _template("rss.xml")
        .substitute(outlet=xml_escape(ui["outlet"]), build_date=format_datetime(_when(articles[0])), items=items)
        .encode("utf-8")
    )


def render_sitemap(articles: list[dict]) -> bytes:
    urls = "\n".join(
        f"<url><loc>/{a['path']}</loc><lastmod>{a.get('updated', a['published'])}</lastmod></url>" for a in articles
    )
    return _template("sitemap.xml").substitute(urls=urls).encode("utf-8")


def render_simple(name: str, ui_lang: str, cfg: dict, content: str) -> bytes:
    ui = cfg["ui"][ui_lang]
    return (
        _template("page.html")
        .substitute(
            html_lang=ui["html_lang"],
            title=html.escape(name),
            outlet=html.escape(ui["outlet"]),
            chrome=_chrome(ui, cfg),
            content=content,
            footer=_footer(ui, cfg),
        )
        .encode("utf-8")
    )


def render_site(articles: list[dict] | None = None, cfg: dict | None = None) -> dict[str, bytes]:
    """Every file of the site, by path relative to `site/`."""
    articles = articles if articles is not None else load_articles()
    cfg = cfg or load_config()
    files: dict[str, bytes] = {}
    for art in articles:
        files[art["path"]] = render_article(art, articles, cfg)
    files.update(render_listing("en", articles, cfg))
    files.update(render_listing("zh", [a for a in articles if a["section"] == "zh"], cfg))
    files["rss.xml"] = render_rss(articles, cfg)
    files["sitemap.xml"] = render_sitemap(articles)
    files["robots.txt"] = (TEMPLATES_DIR / "robots.txt").read_bytes()
    files["static/site.css"] = (TEMPLATES_DIR / "site.css").read_bytes()
    latest = "\n".join(
        f'<li><a href="/{a["path"]}">{html.escape(a["title"])}</a></li>' for a in articles[: cfg["home_count"]]
    )
    files["index.html"] = render_simple(
        cfg["ui"]["en"]["outlet"], "en", cfg, cfg["home_html"].replace("$latest", latest)
    )
    files["about.html"] = render_simple("About", "en", cfg, cfg["about_html"])
    return files


def manifest(articles: list[dict]) -> list[dict]:
    return [
        {
            "path": a["path"],
            "lang": a["lang"],
            "encoding": a["encoding"],
            "published": a["published"],
            "title": a["title"],
        }
        for a in articles
    ]


def expected_outputs() -> dict[Path, bytes]:
    """Every generated file with its absolute path and content."""
    articles = load_articles()
    cfg = load_config()
    out = {SITE_DIR / rel: data for rel, data in render_site(articles, cfg).items()}
    out[MANIFEST] = (json.dumps(manifest(articles), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    related = {
        a["path"]: related_of(a, articles, cfg["related_count"]) + most_read_of(a, articles, cfg) for a in articles
    }
    lines = [json.dumps(g, ensure_ascii=False) for g in gold_mod.page_gold(articles, related)]
    out[GOLD_FILE] = ("\n".join(lines) + "\n").encode("utf-8")
    return out


def stale_files() -> list[str]:
    """Generated files whose committed content differs from the build, and stray site files."""
    expected = expected_outputs()
    bad = [str(p) for p, data in expected.items() if not p.exists() or p.read_bytes() != data]
    on_disk = {p for p in SITE_DIR.rglob("*") if p.is_file()}
    bad += [f"stray: {p}" for p in sorted(on_disk - set(expected))]
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the demo site (or --check it is up to date).")
    ap.add_argument("--check", action="store_true", help="report stale files, write nothing")
    args = ap.parse_args(argv)
    if args.check:
        bad = stale_files()
        for line in bad:
            print(line)
        return 1 if bad else 0
    for path in SITE_DIR.rglob("*"):
        if path.is_file():
            path.unlink()
    for path, data in expected_outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(f"wrote {SITE_DIR}, {MANIFEST.name} and {GOLD_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
