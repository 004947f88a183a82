"""Cue matching: which cooperation kinds a sentence names, and where.

A document is scanned once for the literal anchors of every cue rule
(`nlp.regex_anchors`); a sentence then runs only the rules whose anchors it
holds, so most sentences run none. Within a sentence a longer or
higher-priority hit consumes the text under it ("rights to develop,
manufacture and commercialize" is one licensing hit, not three); blocks
consume without a type; fallbacks count only in a sentence with no other
typed hit; negatives cancel the hits of their clause, and
negative_sentence rules the whole sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from nlp.coop.rules import Rule, Rules, langs_of, load_rules
from nlp.regex_trees import tree_alternation

# A space between Chinese words parts the clauses of a headline (X签署协议 联手Y共建平台).
COMMA = re.compile(r"[,，:：;；]|(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")
SEMI = re.compile(r"[;；]")


@dataclass
class Hit:
    rule: Rule
    start: int
    end: int


def lower_same_length(text: str) -> str:
    """`text` lower-cased with every offset kept (a few letters grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def rules_per_unit(text: str, unit_starts: list[int], rules: Rules | None = None) -> list[list[Rule]]:
    """For each unit (given by its start offset, in order), the cue rules
    whose anchors occur in it, in data-file order."""
    rules = rules or load_rules()
    lower = lower_same_length(text)
    per_unit: list[set[int]] = [set() for _ in unit_starts]
    scans, always = _anchor_index(rules)
    if always:
        for idx in per_unit:
            idx.update(always)
    for lang_en, (regex, rules_at) in scans.items():
        hay = lower if lang_en else text
        # Every position some anchor starts at, overlapping ones included
        # (hence a search from the next character, not finditer).
        m = regex.search(hay)
        while m is not None:
            u = bisect_right(unit_starts, m.start()) - 1
            if u >= 0:
                per_unit[u].update(rules_at[m.group()])
            m = regex.search(hay, m.start() + 1)
    return [[rules.cues[i] for i in sorted(idx)] for idx in per_unit]


_INDEXES: dict[int, tuple[Rules, dict, list[int]]] = {}


def _anchor_index(rules: Rules) -> tuple[dict[bool, tuple[re.Pattern, dict[str, list[int]]]], list[int]]:
    """One regex over all anchors per haystack (English rules read the
    lower-cased text, the others the text itself), with, for each anchor it
    can return, the cue rules (indexes) whose anchors start at that place;
    and the rules with no anchors, which every unit runs.

    The regex is a trie of the anchors, so at a position it returns the
    longest anchor starting there; every other anchor starting there is a
    prefix of that one, so its rules are listed under it too. One scan thus
    finds the same (anchor, position) pairs as a `str.find` loop per anchor."""
    cached = _INDEXES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1], cached[2]
    owners: dict[bool, dict[str, set[int]]] = {True: {}, False: {}}
    always = []
    for index, rule in enumerate(rules.cues):
        if rule.anchors is None or "" in rule.anchors:
            always.append(index)
            continue
        for anchor in rule.anchors:
            owners[rule.lang == "en"].setdefault(anchor, set()).add(index)
    scans = {}
    for lang_en, by_anchor in owners.items():
        if not by_anchor:
            continue
        rules_at = {a: sorted({i for b, idx in by_anchor.items() if a.startswith(b) for i in idx}) for a in by_anchor}
        scans[lang_en] = (re.compile(tree_alternation(sorted(by_anchor))), rules_at)
    if len(_INDEXES) > 8:  # rule sets made by tests come and go
        _INDEXES.clear()
    _INDEXES[id(rules)] = (rules, scans, always)
    return scans, always


def match_cues(
    sentence: str, rules: Rules | None = None, candidates: list[Rule] | None = None
) -> tuple[list[Hit], list[Hit], list[Hit]]:
    """(typed hits, negative hits, separate-agreement hits) of one sentence.

    `candidates` limits the rules tried (from `rules_per_unit`); by default all."""
    rules = rules or load_rules()
    if candidates is None:
        candidates = rules.cues
    if not candidates:
        return [], [], []
    langs = langs_of(sentence)
    lower = lower_same_length(sentence)
    cands: list[Hit] = []
    neg: list[Hit] = []
    sep: list[Hit] = []
    for rule in candidates:
        if rule.lang not in langs:
            continue
        hay = lower if rule.lang == "en" else sentence
        # A sentence missing every word of one of the pattern's literal parts
        # cannot match it: cheap substring tests spare most regex scans.
        if rule.requires and not all(any(w in hay for w in words) for words in rule.requires):
            continue
        for m in rule.regex.finditer(hay):
            if m.end() == m.start():
                continue
            hit = Hit(rule, m.start(), m.end())
            if rule.kind in ("negative", "negative_sentence"):
                neg.append(hit)
            elif rule.kind == "separate":
                sep.append(hit)
            else:
                cands.append(hit)
    cands.sort(key=lambda h: (-h.rule.priority, -(h.end - h.start), h.start))
    kept: list[Hit] = []
    for h in cands:
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    # Fallback cues (money paid "upfront", 首付款) type a deal only when the
    # sentence names no kind of its own.
    typed = [h for h in kept if h.rule.kind == "type"] or [h for h in kept if h.rule.kind == "fallback"]
    if any(n.rule.kind == "negative_sentence" for n in neg):
        return [], neg, sep
    if neg:
        bounds = clause_bounds(sentence, COMMA)
        dead = {clause_of(bounds, n.start) for n in neg}
        typed = [h for h in typed if clause_of(bounds, h.start) not in dead]
    return sorted(typed, key=lambda h: h.start), neg, sep


def clause_bounds(text: str, sep: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of the pieces of `text` between matches of `sep`."""
    bounds, start = [], 0
    for m in sep.finditer(text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def clause_of(bounds: list[tuple[int, int]], pos: int) -> int:
    """Index of the clause holding `pos`."""
    for i, (s, e) in enumerate(bounds):
        if s <= pos <= e:
            return i
    return len(bounds) - 1
