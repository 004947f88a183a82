"""One id for the surface forms of one new company ("Rongchang Biopharma (Yantai)" and "Rongchang Biopharma")."""

from __future__ import annotations

import re

from nlp.companies.candidates import Cand
from nlp.companies.rules import load_rules
from nlp.gazetteer import normalise_name


def _group_key(c: Cand, text: str, places: frozenset[str]) -> str:
    key = normalise_name(re.sub(r"[(（][^()（）]*[)）]", " ", text[c.start : c.end]))
    for p in places:
        if key.startswith(p) and len(key) > len(p) + 1:
            return key[len(p) :].lstrip()
    return key


def group_unknown(chosen: list[Cand], text: str) -> None:
    """Give one id to the surface forms of one new company: the shorter form a
    prefix of the longer (after a place word), long enough to be distinctive."""
    rules = load_rules()
    places = frozenset(normalise_name(p) for p in rules.words.get("place", ()))
    new = [c for c in chosen if not c.known]
    keyed = sorted(((_group_key(c, text, places), c) for c in new), key=lambda kc: -len(kc[0]))
    for i, (short, c) in enumerate(keyed):
        cjk = len(re.findall(r"[\u4e00-\u9fff]", short))
        if cjk < 2 and len(short) - cjk < 4:
            continue
        for long_key, other in keyed[:i]:
            if other.entity_id != c.entity_id and long_key.startswith(short):
                c.entity_id, c.canonical = other.entity_id, other.canonical
                c.name_zh = c.name_zh or other.name_zh
                break
