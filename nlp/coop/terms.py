"""Deal terms: which record of a sentence takes its money and drugs, and the
territory named in a record's evidence."""

from __future__ import annotations

import re

from nlp.coop.cues import Hit, clause_of
from nlp.coop.rules import Rules, langs_of, load_rules
from nlp.regex_anchors import literals_in, regex_anchors
from nlp.regex_trees import tree_alternation

# Which record of a sentence takes its money when the sentence has several.
MONEY_ORDER = (
    "acquisition",
    "licensing",
    "equity_investment",
    "joint_venture",
    "technology_transfer",
    "manufacturing",
    "commercialization",
    "research_collaboration",
    "co_development",
    "strategic_alliance",
)
# Roles of money that belongs to a deal (market sizes, revenue, costs do not).
DEAL_MONEY = frozenset({"upfront", "milestone", "total", "royalty", "equity", "investment", "other"})
TERM_REACH = 3  # sentences after a deal whose terms still attach to it


def money_rank(rec) -> int:
    return MONEY_ORDER.index(rec.type)


def record_for(made: list[tuple[object, Hit]], bounds: list[tuple[int, int]], pos: int):
    """The record of this unit that a term at `pos` belongs to: one of its
    own clause, else the unit's main record; None when the unit made none."""
    if not made:
        return None
    clause = clause_of(bounds, pos)
    same = [r for r, h in made if clause_of(bounds, h.start) == clause]
    pool = same or [r for r, _ in made]
    return min(pool, key=money_rank)


def find_territory(text: str, rules: Rules | None = None) -> str | None:
    """The canonical territory code named in `text`; the most specific wins."""
    rules = rules or load_rules()
    langs = langs_of(text)
    # Most evidence names no territory: one scan with all of a language's
    # patterns together rules that out before each is tried on its own.
    anywhere, anchored, scan = _territory_index(rules)
    if all(lang in anywhere and not anywhere[lang].search(text) for lang in langs):
        return None
    # A rule none of whose anchors is in the text cannot match it.
    found = literals_in(text, *scan) if scan else set()
    best: tuple[int, int, str] | None = None
    for rule, anchors in anchored:
        if rule.lang in langs and (anchors is None or not found.isdisjoint(anchors)):
            m = rule.regex.search(text)
            if m and (best is None or (rule.priority, -m.start()) > best[:2]):
                best = (rule.priority, -m.start(), rule.type or "")
    return best[2] if best else None


_INDEXES: dict[int, tuple] = {}
# Group numbers shift inside a joined pattern: back-references would break.
_BACKREF = re.compile(r"\\[1-9]|\(\?\(")


def _territory_index(rules: Rules) -> tuple:
    """Per language, one regex matching wherever any territory rule would (a
    language whose patterns cannot be joined, for mixed flags or named
    groups, has none, and every rule is tried then); each rule with its
    literal anchors (`nlp.regex_anchors`; None for a case-blind pattern,
    whose literals may appear in another case); and the trie regex and
    prefix table (`nlp.regex_anchors.literals_in`) of all those anchors."""
    cached = _INDEXES.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1:]
    unions: dict[str, re.Pattern] = {}
    for lang in {r.lang for r in rules.territories}:
        pats = [r.regex for r in rules.territories if r.lang == lang]
        if len({p.flags for p in pats}) != 1 or any(p.groupindex or _BACKREF.search(p.pattern) for p in pats):
            continue
        try:
            unions[lang] = re.compile("|".join(f"(?:{p.pattern})" for p in pats), pats[0].flags)
        except re.error:
            continue
    anchored = [(r, regex_anchors(r.regex)) for r in rules.territories]
    # One scan of the evidence for the anchors of every rule.
    words = sorted({a for _, anchors in anchored for a in anchors or ()})
    scan = (
        (re.compile(tree_alternation(words)), {a: [b for b in words if a.startswith(b)] for a in words})
        if words
        else None
    )
    if len(_INDEXES) > 8:  # rule sets made by tests come and go
        _INDEXES.clear()
    _INDEXES[id(rules)] = (rules, unions, anchored, scan)
    return unions, anchored, scan
