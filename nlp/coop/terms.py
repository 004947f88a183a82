"""Deal terms: which record of a sentence takes its money and drugs, and the
territory named in a record's evidence."""

from __future__ import annotations

from nlp.coop.cues import Hit, clause_of
from nlp.coop.rules import Rules, langs_of, load_rules

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
    best: tuple[int, int, str] | None = None
    for rule in rules.territories:
        if rule.lang in langs:
            m = rule.regex.search(text)
            if m and (best is None or (rule.priority, -m.start()) > best[:2]):
                best = (rule.priority, -m.start(), rule.type or "")
    return best[2] if best else None
