"""Literal anchors of a regular expression: strings one of which every match
must contain.

They let the cue matcher skip a pattern for a sentence (or a whole document)
that holds none of its anchors, with one cheap substring test instead of a
regex scan. Derived from the parsed pattern, so the data files need no extra
field; a pattern with no usable literal gets None and is always run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import _parser  # the stdlib regex parser; only read, never patched

_MIN = 2  # shorter Latin literals would match nearly every sentence


def anchors_of(pattern: str) -> tuple[str, ...] | None:
    """The anchors of `pattern`, or None when it has no literal worth testing."""
    try:
        found = _sequence(list(_parser.parse(pattern)))
    except Exception:  # noqa: BLE001 - an unparseable pattern just runs everywhere
        return None
    return tuple(sorted(found)) if found else None


@lru_cache(maxsize=512)
def regex_anchors(regex: re.Pattern) -> tuple[str, ...] | None:
    """The anchors of a compiled regex; None when it ignores case, even in
    part (its literals may then appear in another case)."""
    if regex.flags & re.IGNORECASE or _INLINE_IGNORECASE.search(regex.pattern):
        return None
    return anchors_of(regex.pattern)


_INLINE_IGNORECASE = re.compile(r"\(\?[aiLmsux-]*i")


def may_match(regex: re.Pattern, text: str) -> bool:
    """False only when `text` holds none of `regex`'s anchors, so the regex
    cannot match there and need not run."""
    anchors = regex_anchors(regex)
    return anchors is None or any(a in text for a in anchors)


def literals_in(text: str, regex: re.Pattern, prefixes: dict[str, list[str]]) -> set[str]:
    """The words of a `tree_alternation` regex found anywhere in `text`, overlapping ones
    included: at each place the longest, plus the words it starts with
    (`prefixes`), then a search from the next character."""
    found: set[str] = set()
    m = regex.search(text)
    while m is not None:
        found.update(prefixes[m.group()])
        m = regex.search(text, m.start() + 1)
    return found


def required_sets(pattern: str, limit: int = 8) -> tuple[tuple[str, ...], ...]:
    """Every anchor set of the top-level sequence of `pattern` (at most `limit`
    words each): a match holds a word of each set, not only of the one
    `anchors_of` picks. A sentence lacking any set cannot match, so the cue
    matcher tests them all (cheap substring tests) before running the regex;
    rules such as "holds 30% of the venture" thus skip every sentence with
    "the" but no "%"."""
    if _INLINE_IGNORECASE.search(pattern):  # its literals may appear in another case
        return ()
    try:
        found = _candidates(list(_parser.parse(pattern)))
    except Exception:  # noqa: BLE001 - an unparseable pattern just runs everywhere
        return ()
    return tuple(tuple(sorted(c)) for c in found if len(c) <= limit)


def _sequence(items: list) -> set[str] | None:
    """The best anchor set of a sequence: its longest literal run, or a group
    (or alternation) every branch of which has anchors."""
    candidates = _candidates(items)
    if not candidates:
        return None
    # The set whose shortest member is longest filters best.
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _candidates(items: list) -> list[set[str]]:
    """The anchor sets of a sequence, each of which every match must hold a
    word of: its literal runs and its groups (or alternations) every branch
    of which has anchors."""
    candidates: list[set[str]] = []
    run: list[str] = []

    def flush() -> None:
        # One Chinese character already picks out few sentences (轮 of 融资轮).
        if len(run) >= _MIN or (run and run[0] >= "\u3400"):
            candidates.append({"".join(run)})
        run.clear()

    for op, av in items:
        if op is _parser.LITERAL:
            run.append(chr(av))
            continue
        flush()
        inner = None
        if op is _parser.SUBPATTERN:
            inner = _sequence(list(av[-1]))
        elif op is _parser.BRANCH:
            branches = [_sequence(list(b)) for b in av[1]]
            inner = set().union(*branches) if all(branches) else None
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and av[0] >= 1:
            inner = _sequence(list(av[2]))
        if inner:
            candidates.append(inner)
    flush()
    return candidates
