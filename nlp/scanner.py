"""`AliasScanner`: finds gazetteer surface forms in text, fast and cheap to build.

Matching rules (what the companies and drugs components rely on):

- Latin forms of at least 5 characters and every form holding Chinese are
  matched case-blind; short Latin forms (GSK, MSD) only as written.
- A form starting with a Latin letter or digit starts only at a word edge; a
  form ending in one ends only at a word edge. Chinese forms match anywhere
  (the components check them against jieba's words).
- Scanning goes left to right; at each place the longest form wins and the
  scan goes on after it, so matches of one pass never overlap. The
  case-blind pass runs first, then the exact-case pass.

Instead of one huge regular expression (slow to compile and, with
re.IGNORECASE, slow to run: the engine tries every branch at every
character), the forms are indexed by their first word (Latin) or first two
characters (others), then by length. The places a form can start are found
with two regular expressions, each a prefix tree (`nlp.regex_trees.tree_alternation`) so
the engine tries one branch per distinct next character: the first words
at a word start, and the first two characters of the other forms. Each
place then costs one dict lookup per distinct form length of its bucket.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator

from nlp.gazetteer import has_cjk
from nlp.regex_trees import tree_alternation

_ALNUM = "A-Za-z0-9"
# Where a Latin form can start: the first character of a run of letters/digits.
_RUN = re.compile(f"(?<![{_ALNUM}])[{_ALNUM}]+")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class _Pass:
    """The forms of one pass (case-blind or exact), bucketed for lookup."""

    def __init__(self, forms: dict[str, str], fold: bool) -> None:
        self.fold = fold
        self.forms = forms
        # Latin forms by their first run of letters/digits: the text's run at a
        # word start must equal it, since a form never ends inside a word.
        latin: dict[str, dict[int, dict[str, bool]]] = {}
        # Other forms by their first two characters (one-character forms apart).
        other: dict[str, dict[int, dict[str, bool]]] = {}
        self.single: dict[str, bool] = {}
        firsts: set[str] = set()
        for form in forms:
            bound = form[-1] in _ASCII_ALNUM
            if form[0] in _ASCII_ALNUM:
                run = _RUN.match(form)
                assert run is not None
                latin.setdefault(run.group(), {}).setdefault(len(form), {})[form] = bound
            elif len(form) == 1:
                self.single[form] = bound
                firsts.add(form)
            else:
                other.setdefault(form[:2], {}).setdefault(len(form), {})[form] = bound
                firsts.add(form[0])
        # Each bucket: (length, {form: needs a word edge after it}), longest first,
        # so a place costs one slice and one dict lookup per distinct length.
        self.latin = {k: sorted(v.items(), reverse=True) for k, v in latin.items()}
        self.other = {k: sorted(v.items(), reverse=True) for k, v in other.items()}
        self.latin_keys = frozenset(self.latin)
        # A whole run of letters/digits equal to a first word, found by one of
        # two equivalent regexes, whichever lets the engine skip more text at C
        # speed. Case-blind (lower-case keys: nearly every letter starts one):
        # the character before the run is matched too, so only non-word
        # characters are tried (runs are apart, so no match eats the next
        # one's; a run at the very start is looked up on its own). Exact case
        # (mostly capitalised keys): only the keys' first letters are tried,
        # the word edge before them checked by a look-behind.
        self.latin_run = self.latin_first = None
        if self.latin and fold:
            keys = tree_alternation(self.latin)
            self.latin_run = re.compile(f"[^{_ALNUM}]((?:{keys}))(?![{_ALNUM}])")
        elif self.latin:
            rests: dict[str, list[str]] = {}
            for key in self.latin:
                rests.setdefault(key[0], []).append(key[1:])
            branches = [
                f"{re.escape(first)}(?<![{_ALNUM}][\\s\\S]){tree_alternation(rest)}"
                for first, rest in sorted(rests.items())
            ]
            self.latin_first = re.compile("(?:" + "|".join(branches) + f")(?![{_ALNUM}])")
        # Where another form can start: a first character followed by any
        # form's second character, or a one-character form. Two character
        # classes keep the regex at C speed and drop most places that no form
        # could start at (the bucket lookup decides the rest). The text is
        # already lower-cased in a case-blind pass and buckets are looked up
        # exactly, so the classes need no re.IGNORECASE.
        self.starts = None
        if firsts:
            seconds = {pair[1] for pair in self.other}
            after = f"(?={_char_class(seconds)})" if seconds else "(?!)"
            if self.single:
                after = f"(?:(?<={_char_class(self.single)})|{after})"
            self.starts = re.compile(_char_class(firsts) + after)

    def _latin_places(self, s: str) -> list[tuple[int, int]]:
        """(start, end) of every run of letters/digits that starts a form."""
        if self.latin_first is not None:
            return [m.span() for m in self.latin_first.finditer(s)]
        places = [m.span(1) for m in self.latin_run.finditer(s)]
        first = _RUN.match(s)
        if first and first.group() in self.latin_keys:
            places.insert(0, first.span())
        return places

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        if not self.forms:
            return
        s = _fold(text) if self.fold else text
        places = self._latin_places(s) if self.latin else []
        if self.starts is not None:
            others = [(m.start(), -1) for m in self.starts.finditer(s)]
            if others:
                places += others
        places.sort()
        n = len(s)
        latin, other, single, forms = self.latin, self.other, self.single, self.forms
        last = 0
        for p, run_end in places:
            if p < last:
                continue
            bucket = latin[s[p:run_end]] if run_end >= 0 else other.get(s[p : p + 2])
            hit = None
            if bucket:
                for length, by_form in bucket:
                    form = s[p : p + length]
                    bound = by_form.get(form)
                    if bound is not None:
                        end = p + length
                        if not (bound and end < n and s[end] in _ASCII_ALNUM):
                            hit = form
                            break
            if hit is None and run_end < 0:
                bound = single.get(s[p])
                if bound is not None and not (bound and p + 1 < n and s[p + 1] in _ASCII_ALNUM):
                    hit = s[p]
            if hit is not None:
                last = p + len(hit)
                yield p, last, forms[hit]


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _fold(text: str) -> str:
    """Lower-cased text with every offset kept (a few characters, like İ,
    lower-case to two; those stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class AliasScanner:
    """Finds surface forms in text (rules in the module docstring). Gives
    (start, end, value) of the longest form at each place."""

    def __init__(self, forms: dict[str, str]) -> None:
        ci: dict[str, str] = {}
        cs: dict[str, str] = {}
        for form, value in forms.items():
            form = form.strip()
            if not form:
                continue
            if has_cjk(form) or len(form) >= 5:
                ci.setdefault(form.lower(), value)
            else:
                cs.setdefault(form, value)
        self._passes = (_Pass(ci, fold=True), _Pass(cs, fold=False))

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        for one in self._passes:
            yield from one.finditer(text)


def for_cjk_text(scanner: AliasScanner) -> AliasScanner:
    """A copy of `scanner` that finds the same matches, faster in text that is
    mostly Chinese.

    The case-blind pass finds its first words from the character in front of
    each run (few in English, where nearly every letter starts a key); in
    Chinese text nearly every character is such a place. The copy finds them
    from the keys' first letters instead, as the exact-case pass does: the
    same whole runs equal to a key, so the same places. The copy shares the
    buckets; only the places regex is new.
    """
    fast = copy.copy(scanner)
    fast._passes = tuple(_CjkPass.of(one) for one in scanner._passes)
    return fast


class _CjkPass(_Pass):
    """A `_Pass` for text that is mostly Chinese (see `for_cjk_text`): the same
    matches, found with less work per place."""

    @classmethod
    def of(cls, one: _Pass) -> _CjkPass:
        fast = cls.__new__(cls)
        fast.__dict__.update(one.__dict__)  # shares the buckets
        if fast.latin and fast.latin_first is None:
            fast.latin_first = _first_letter_regex(fast.latin)
        return fast

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        if not self.forms:
            return
        s = _fold(text) if self.fold else text
        # `_Pass.finditer` walks one sorted list of (place, run end) pairs. Here
        # the other forms' places stay plain ints, in order as the regex finds
        # them, and the few Latin places are taken in between: no place is in
        # both (a Latin form starts with an ASCII letter or digit, no other
        # form does), so the order and the skipping are the same.
        latin_places = self._latin_places(s) if self.latin else []
        others = [m.start() for m in self.starts.finditer(s)] if self.starts is not None else []
        n = len(s)
        others.append(n)  # past every place: takes the Latin places left
        latin, other_get, single, forms = self.latin, self.other.get, self.single, self.forms
        li, nl = 0, len(latin_places)
        next_latin = latin_places[0][0] if nl else n
        last = 0
        for p in others:
            while next_latin < p:
                lp, run_end = latin_places[li]
                li += 1
                next_latin = latin_places[li][0] if li < nl else n
                if lp >= last:
                    hit = _longest(latin[s[lp:run_end]], s, lp, n)
                    if hit is not None:
                        last = lp + len(hit)
                        yield lp, last, forms[hit]
            if p < last or p == n:
                continue
            bucket = other_get(s[p : p + 2])
            hit = _longest(bucket, s, p, n) if bucket else None
            if hit is None:
                bound = single.get(s[p])
                if bound is None or (bound and p + 1 < n and s[p + 1] in _ASCII_ALNUM):
                    continue
                hit = s[p]
            last = p + len(hit)
            yield p, last, forms[hit]


def _longest(bucket: list[tuple[int, dict[str, bool]]], s: str, p: int, n: int) -> str | None:
    """The longest form of `bucket` at s[p:], as `_Pass.finditer` picks it."""
    for length, by_form in bucket:
        form = s[p : p + length]
        bound = by_form.get(form)
        if bound is not None:
            end = p + length
            if not (bound and end < n and s[end] in _ASCII_ALNUM):
                return form
    return None


def _first_letter_regex(keys: Iterable[str]) -> re.Pattern:
    """A whole run of letters/digits equal to a key, found from the key's first
    character, the word edge before it checked by a look-behind."""
    rests: dict[str, list[str]] = {}
    for key in keys:
        rests.setdefault(key[0], []).append(key[1:])
    branches = [
        f"{re.escape(first)}(?<![{_ALNUM}][\\s\\S]){tree_alternation(rest)}" for first, rest in sorted(rests.items())
    ]
    return re.compile("(?:" + "|".join(branches) + f")(?![{_ALNUM}])")
