"""The outlet's own name in the page chrome ("Nordic Biotech Daily", 医药周报, 医药魔方网 | 首页) and the
publisher on the copyright line are no company mentions."""

from __future__ import annotations

import re

from nlp.companies.candidates import Cand
from nlp.companies.rules import CompanyRules
from nlp.gazetteer import has_cjk


def drop_outlets(chosen: list[Cand], text: str, rules: CompanyRules) -> list[Cand]:
    """A name followed by a media word (Daily, 周报, 医药报) is the outlet
    that published the page: every mention of it goes."""
    media = (rules.stop or {}).get("media", frozenset())
    if not media:
        return chosen
    zh_media = tuple(m for m in media if has_cjk(m))
    outlets = set()
    for c in chosen:
        nxt = text[c.end : c.end + 4]
        word = re.match(r" ([A-Z][a-z]+)", nxt)
        if (word and word.group(1) in media) or (zh_media and nxt.startswith(zh_media)):
            outlets.add(c.entity_id)
    nav = (rules.stop or {}).get("nav", frozenset())
    for c in chosen:
        # 医药魔方网 | 首页 ...: a name + 网 in the page chrome is the site.
        if _ZH_SITE.match(text, c.end):
            outlets.add(c.entity_id)
        # "FierceLine Biotech | Latest | Deals": a name opening a line of
        # menu items is the site's own name.
        item = _NAV_ITEM.match(text, c.end)
        if item and item.group(1) in nav and _starts_line(text, c.start):
            outlets.add(c.entity_id)
    return [c for c in chosen if c.entity_id not in outlets and not _in_copyright_line(text, c.start)]


# 网 (site) after a name, then a nav bar, a copyright or the line's end.
_ZH_SITE = re.compile(r"网(?:站)?(?:\s*[|｜]|\s*版权|\s*©|\s*$)", re.M)
_NAV_ITEM = re.compile(r"[ \t]*[|｜][ \t]*([A-Z][A-Za-z]*(?: [a-z]+)?)")
_COPYRIGHT = re.compile(r"©|\([cC]\)|Copyright|版权所有|All [Rr]ights [Rr]eserved")


def _starts_line(text: str, pos: int) -> bool:
    start = text.rfind("\n", 0, pos) + 1
    return not text[start:pos].strip()


def _in_copyright_line(text: str, pos: int) -> bool:
    """A name on the copyright line is the page's publisher, not a party of the story."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)]
    return len(line) < 200 and _COPYRIGHT.search(line) is not None
