"""The joint venture named once and then called "合资公司" / "the venture".

"双方将成立合资公司复星凯特 ... Kite将权利授权给合资公司" and "will set up a
joint venture, Arcel Biologics ... transfer its platform to the venture": the
later deals are with the venture itself. Its name is the party standing right
after a venture word; every later bare reference becomes a mention of it, so
the cue and party logic see an ordinary company there.
"""

from __future__ import annotations

from nlp.coop.institutions import PartyMention
from nlp.coop.rules import Rules, load_rules
from nlp.regex_anchors import may_match

_LOOKBACK = 16  # characters before a name searched for the venture word


def find_venture(text: str, parties: list[PartyMention], rules: Rules | None = None) -> PartyMention | None:
    """The first party standing right after a venture word (合资公司X, NewCo X)."""
    rules = rules or load_rules()
    # Each window is a piece of `text`: an intro whose anchors are nowhere in
    # the text cannot match in any window.
    intros = [r for r in rules.by_kind.get("venture_intro", []) if may_match(r.regex, text)]
    if not intros:
        return None
    for p in parties:
        before = text[max(0, p.start - _LOOKBACK) : p.start]
        # A headline ending on "NewCo" names no venture on the next line
        # (and "$" would match before its newline).
        before = before[before.rfind("\n") + 1 :]
        if any(r.regex.search(before) for r in intros):
            return p
    return None


def venture_mentions(
    text: str, parties: list[PartyMention], rules: Rules | None = None, venture: PartyMention | None | bool = False
) -> list[PartyMention]:
    """Mentions of the named venture at its later bare references (none when
    the text names no venture). `venture`: `find_venture`'s answer when the
    caller has it already."""
    rules = rules or load_rules()
    refs = rules.by_kind.get("venture_ref", [])
    if venture is False:
        venture = find_venture(text, parties, rules)
    if venture is None or not refs:
        return []
    taken = [(p.start, p.end) for p in parties]
    out = []
    for rule in refs:
        for m in rule.regex.finditer(text, venture.end):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                out.append(PartyMention(venture.entity_id, venture.name, m.start(), m.end(), venture.institution))
    return out
