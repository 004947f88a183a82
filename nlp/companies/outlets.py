"""The outlet's own name in the page chrome ("Nordic Biotech Daily", 医药周报) is no company mention."""

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
    return [c for c in chosen if c.entity_id not in outlets]
