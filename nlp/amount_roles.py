"""The role of a money amount (upfront, milestone, total ...) from the words around it.

Pure Python, no spaCy. Cue words and their priorities live in
``data/amount_roles.jsonl``; one line is a role, a language ("zh", "en" or
"any") and a priority shared by its cues.

Precedence rule:

1. The sentence is cut into clauses at ， , ； ; 、 。 and at "and", "plus",
   "but", "while", 以及, 另有, 此外 (a comma between digits, as in 1,500,000,
   does not cut).
2. Every cue in the amount's own clause is scored ``distance - 15 * priority``,
   where distance is the number of characters between the cue and the amount
   (0 when the cue is inside the amount's text, such as 最高可达). The lowest
   score wins, so a specific cue (首付款, per share) a little further away
   beats a weak one (收购, deal, market) right next to the amount. Overlapping
   cues count once, the longest (研发投入 is cost, not 投入 investment).
3. With no cue in its clause, the nearest earlier clause of the same
   sentence that has a cue decides, scored the same way (terms are listed after their kind: "里程碑款 ...;
   还将支付1.5亿美元").
4. Otherwise the role is "other".

Cues of both languages are used whatever `lang` says, because mixed documents
carry English sentences in Chinese text; `lang` only orders ties (cues of the
document's language first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.data_files import read_jsonl

_DATA = Path(__file__).parent / "data" / "amount_roles.jsonl"
_PRIORITY_WEIGHT = 15
# Every branch opens with a character or class (the digit test of "," comes
# after it), so re skips the other characters without entering the pattern.
_CLAUSE_SPLIT = re.compile(
    r",(?<!\d,)|,(?!\d)|[，；;、。！？!?]|\s(?:and|plus|but|while|whereas)\s|以及|另有|此外", re.IGNORECASE
)


@dataclass(frozen=True)
class _Cue:
    role: str
    lang: str
    priority: int


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, dict[str, _Cue]]:
    table: dict[str, _Cue] = {}
    for _, row in read_jsonl(_DATA):
        for cue in row["cues"]:
            key = cue.lower()
            old = table.get(key)
            if old is None or row["priority"] > old.priority:
                table[key] = _Cue(row["role"], row["lang"], row["priority"])
    # The cues as a trie of literals, longest first at each place as in a
    # longest-first alternation (a cue's end is tried after its longer
    # continuations). With IGNORECASE, re has no fast test for a branch's
    # first character and would enter every cue at every place; so each of
    # the two groups (Latin first letter, other first character) opens with a
    # one-class look-ahead of its first characters. A Latin cue starts a word:
    # no letter before it.
    trie: dict = {}
    for cue in table:
        node = trie
        for ch in cue:
            node = node.setdefault(ch, {})
        node[""] = cue

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if "" in node:
            cue = node[""]
            alts.append(r"(?:s|es)?(?![a-z])" if cue[-1].isascii() and cue[-1].isalpha() else "")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    latin = {first: child for first, child in trie.items() if first.isascii() and first.isalpha()}
    other = {first: child for first, child in trie.items() if first not in latin}
    parts = []
    for group, edge in ((latin, "(?<![a-z])"), (other, "")):
        if group:
            firsts = "".join(re.escape(first) for first in group)
            alts = "|".join(re.escape(first) + emit(child) for first, child in group.items())
            parts.append(f"(?=[{firsts}]){edge}(?:{alts})")
    return re.compile("|".join(parts), re.IGNORECASE), table


def _lookup(text: str) -> _Cue | None:
    table = _cues()[1]
    key = text.lower()
    for k in (key, key[:-1], key[:-2]):
        if k in table:
            return table[k]
    return None


@lru_cache(maxsize=256)
def _separators(sentence: str) -> tuple[tuple[int, int], ...]:
    """Where clause separators sit; a sentence with several amounts is split once."""
    return tuple((m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(sentence))


def _clause_bounds(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clauses of the sentence as (start, end), the amount's own clause merged whole."""
    cuts = [0]
    for cut_start, cut_end in _separators(sentence):
        if cut_end <= start or cut_start >= end:  # never cut inside the amount
            cuts.extend((cut_start, cut_end))
    cuts.append(len(sentence))
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]


def amount_role(sentence: str, start: int, end: int, lang: str) -> str:
    """The role of the amount at `sentence[start:end]` (see the module docstring)."""
    if not isinstance(sentence, str) or not 0 <= start <= end <= len(sentence):
        return "other"
    regex = _cues()[0]
    clauses = _clause_bounds(sentence, start, end)
    own = next((c for c in clauses if c[0] <= start and end <= c[1]), (0, len(sentence)))

    def best(lo: int, hi: int, earlier_only: bool) -> str | None:
        scored = []
        for m in regex.finditer(sentence, lo, hi):
            cue = _lookup(m.group(0))
            if cue is None:
                continue
            if m.end() <= start:
                distance = start - m.end()
            elif m.start() >= end:
                if earlier_only:
                    continue
                distance = m.start() - end
            else:
                distance = 0
            own_lang = 0 if cue.lang in (lang, "any") else 1
            scored.append((distance - _PRIORITY_WEIGHT * cue.priority, own_lang, cue.role))
        return min(scored)[2] if scored else None

    role = best(own[0], own[1], earlier_only=False)
    for lo, hi in reversed([c for c in clauses if c[1] <= own[0]]):
        if role is not None:
            break
        role = best(lo, hi, earlier_only=True)
    return role or "other"
