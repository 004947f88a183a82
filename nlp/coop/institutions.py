"""Institutions that can be parties of a cooperation: universities, institutes,
public bodies, governments and funders (CEPI, Gavi, BARDA).

They are not companies (the company component leaves them out), but the
guidelines let them be `parties`. Companies win where both match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.char_ranges import FixedRanges
from nlp.coop.rules import Rules, load_rules
from nlp.regex_anchors import may_match

_CJK = re.compile(r"[\u3400-\u9fff]")
# "Institute of Materia Medica (SIMM), Chinese Academy of Sciences": the body
# after the comma is the parent of the one before, not a second party.
_PARENT_GAP = re.compile(r"\s*(?:\([^()]{1,16}\)\s*)?,\s*(?:the\s+)?")
_CHILD = re.compile(r"\b(?:Institute|School|College|Department|Center|Centre|Laboratory|Faculty)\b")
_PARENT = re.compile(r"\b(?:Academy|University)\b")


@dataclass(frozen=True)
class PartyMention:
    """A company or institution in the text (offsets in the analysed text)."""

    entity_id: str
    name: str
    start: int
    end: int
    institution: bool = False


def find_institutions(text: str, taken: list[tuple[int, int]], rules: Rules | None = None) -> list[PartyMention]:
    """Universities, institutes, public bodies and governments named in `text`,
    outside the spans in `taken` (companies win where both match)."""
    rules = rules or load_rules()
    found: list[PartyMention] = []
    spans = FixedRanges(taken)

    def free(s: int, e: int) -> bool:
        return not spans.overlaps(s, e) and all(e <= m.start or s >= m.end for m in found)

    for rule in rules.by_kind.get("institution", []):
        if not may_match(rule.regex, text):
            continue  # every match holds an anchor: the rule cannot match here
        if rule.lang == "en":
            for m in rule.regex.finditer(text):
                name = rule.name or m.group(0)
                if free(m.start(), m.end()):
                    found.append(
                        PartyMention(rule.id if rule.name else "inst:" + name.lower(), name, m.start(), m.end(), True)
                    )
            continue
        ends = [(m.start(), m.end()) for m in rule.regex.finditer(text)]
        for s, e in _chains(text, ends, rules.stop_chars):
            name = text[s:e]
            for p in rules.prefixes:
                if name.startswith(p) and len(name) - len(p) >= 4:
                    name, s = name[len(p) :], s + len(p)
            if len(name) >= 4 and free(s, e):
                found.append(PartyMention("inst:" + name, name, s, e, True))
    found.sort(key=lambda m: m.start)
    return [m for i, m in enumerate(found) if not (i and _is_parent(text, found[i - 1], m))]


def _is_parent(text: str, before: PartyMention, m: PartyMention) -> bool:
    """`m` follows `before` as its parent body, after a comma: an institute
    or school then an academy or university ("Peking University, Fudan
    University" is a list)."""
    if not (_CHILD.search(before.name) and _PARENT.search(m.name)) or _PARENT.search(before.name):
        return False
    return _PARENT_GAP.fullmatch(text, before.end, m.start) is not None


def _chains(text: str, hits: list[tuple[int, int]], stops: frozenset[str]) -> list[tuple[int, int]]:
    """Chinese institution names: suffix hits joined into chains
    (中国科学院上海药物研究所), extended left over name characters."""
    out: list[tuple[int, int]] = []
    for s, e in hits:
        if out and 0 <= s - out[-1][1] <= 8 and all(_CJK.match(c) and c not in stops for c in text[out[-1][1] : s]):
            out[-1] = (out[-1][0], e)
            continue
        if out and s < out[-1][1]:
            continue
        start = s
        while start > 0 and s - start < 12 and _CJK.match(text[start - 1]) and text[start - 1] not in stops:
            if any(text.endswith(w, 0, start) for w in stops if len(w) > 1):
                start = -1  # 共建/成立 X研究院: the body being set up, not a party
                break
            start -= 1
        if start >= 0:
            out.append((start, e))
    return out
