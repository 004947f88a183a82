"""Consistency checks between the demo site's pages and their gold annotations.

The gold is only as good as its agreement with the text. These checks find
aliases or amounts the gold names but the page lacks, names the gold knows
from other pages that a page mentions without annotating, money the page
states that the gold misses, and cooperations that point at unknown entities.
`python -m crawlers.demo_site.lint` prints every problem; the tests call
`problems()` and expect none.
"""

from __future__ import annotations

import re
import sys

import lxml.html

from crawlers.demo_site import build
from crawlers.demo_site import gold as gold_mod

# Money as a reader sees it: a currency sign or word next to a number.
_NUM = r"\d[\d,]*(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+"
MONEY = re.compile(
    "|".join(
        [
            rf"(?:US\$|HK\$|\$|€|£|¥)\s?{_NUM}(?:\s?(?:billion|million|trillion|bn|m)\b)?",
            rf"{_NUM}\s?(?:billion |million |trillion )?(?:dollars|euros|pounds|yuan|yen|won)\b",
            rf"{_NUM}(?:万|亿|千万|百万)*(?:美元|港元|欧元|英镑|日元|韩元|元)",
            rf"{_CN_NUM}(?:美元|港元|欧元|英镑|日元|元)",
        ]
    )
)


def page_text(data: bytes, encoding: str) -> str:
    """Visible text of a page's body, decoded with its declared charset."""
    root = lxml.html.document_fromstring(data.decode(encoding))
    return root.body.text_content()


def _spans(needle: str, text: str) -> list[tuple[int, int]]:
    if re.search(r"[\u3400-\u9fff]", needle):
        pattern = re.escape(needle)
    else:
        pattern = rf"(?<![A-Za-z0-9]){re.escape(needle)}(?![A-Za-z0-9])"
    return [m.span() for m in re.finditer(pattern, text)]


def _covered(span: tuple[int, int], covers: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in covers)


def check_page(path: str, text: str, g: dict, pool: dict[str, str], outlets: list[str]) -> list[str]:
    """Problems of one page given its working gold and the site-wide name pool."""
    out = []
    names = {**g["companies"], **g["drugs"]}
    for name, aliases in names.items():
        for alias in aliases:
            if not _spans(alias, text):
                out.append(f"{path}: alias {alias!r} of {name!r} not in page")
    for alias in (a for al in g["companies"].values() for a in al):
        if any(o in alias or alias in o for o in outlets):
            out.append(f"{path}: outlet name {alias!r} annotated as a company")
    covers = [sp for aliases in names.values() for a in aliases for sp in _spans(a, text)]
    for alias, owner in pool.items():
        for span in _spans(alias, text):
            if not _covered(span, covers):
                out.append(f"{path}: {alias!r} ({owner}) appears but is not annotated")
    money_covers = []
    for amount in g["amounts"]:
        for form in gold_mod.amount_forms(amount):
            found = [m.span() for m in re.finditer(re.escape(form), text)]
            if form == amount["text"] and not found:
                out.append(f"{path}: amount text {form!r} not in page")
            money_covers += found
    for m in MONEY.finditer(text):
        if not _covered(m.span(), money_covers):
            out.append(f"{path}: money {m.group()!r} not in gold")
    values = {a["value"] for a in g["amounts"]}
    for coop in g["cooperations"]:
        for d in coop.get("drugs", []):
            if d not in g["drugs"]:
                out.append(f"{path}: cooperation drug {d!r} is not a gold drug")
        for v in coop.get("amounts", []):
            if v not in values:
                out.append(f"{path}: cooperation amount {v!r} is not a gold amount")
        for p in coop["parties"]:
            if p not in g["companies"] and not _spans(p, text):
                out.append(f"{path}: party {p!r} is neither a gold company nor in the text")
    return out


def problems() -> list[str]:
    """Every disagreement between the rendered site and the gold."""
    articles = build.load_articles()
    cfg = build.load_config()
    files = build.render_site(articles, cfg)
    pool: dict[str, str] = {}
    for art in articles:
        g = gold_mod.article_gold(art)
        for kind in ("companies", "drugs"):
            for name, aliases in g[kind].items():
                for alias in aliases:
                    pool.setdefault(alias, name)
    outlets = [ui["outlet"] for ui in cfg["ui"].values()]
    out = []
    for art in articles:
        shown = build.related_of(art, articles, cfg["related_count"]) + build.most_read_of(art, articles, cfg)
        g = gold_mod.page_working_gold(art, shown)
        text = page_text(files[art["path"]], art["encoding"])
        out += check_page(art["path"], text, g, pool, outlets)
    return out


def main() -> int:
    found = problems()
    for line in found:
        print(line)
    print(f"{len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
