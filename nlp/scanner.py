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
characters (others); the text is scanned once by a small regex for the
places a form can start, and each place is checked against the few forms of
its bucket with ``str.startswith``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.gazetteer import has_cjk

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
        self.latin: dict[str, list[tuple[str, int, bool]]] = {}
        # Other forms by their first two characters (one-character forms apart).
        self.other: dict[str, list[tuple[str, int, bool]]] = {}
        self.single: dict[str, bool] = {}
        firsts: set[str] = set()
        for form in forms:
            bound = form[-1] in _ASCII_ALNUM
            if form[0] in _ASCII_ALNUM:
                run = _RUN.match(form)
                assert run is not None
                self.latin.setdefault(run.group(), []).append((form, len(form), bound))
            elif len(form) == 1:
                self.single[form] = bound
                firsts.add(form)
            else:
                self.other.setdefault(form[:2], []).append((form, len(form), bound))
                firsts.add(form[0])
        for bucket in (*self.latin.values(), *self.other.values()):
            bucket.sort(key=lambda f: -f[1])  # longest first
        self.starts = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(firsts)) + "]", re.IGNORECASE if fold else 0)
            if firsts
            else None
        )

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        if not self.forms:
            return
        s = _fold(text) if self.fold else text
        places: list[tuple[int, int]] = []
        if self.latin:
            places = [(m.start(), m.end()) for m in _RUN.finditer(s)]
        if self.starts is not None:
            others = [(m.start(), -1) for m in self.starts.finditer(s)]
            if others:
                places = sorted(places + others) if places else others
        n = len(s)
        latin, other, single, forms = self.latin, self.other, self.single, self.forms
        last = 0
        for p, run_end in places:
            if p < last:
                continue
            if run_end >= 0:
                bucket = latin.get(s[p:run_end])
            else:
                bucket = other.get(s[p : p + 2])
            hit = None
            if bucket:
                for form, length, bound in bucket:
                    end = p + length
                    if s.startswith(form, p) and not (bound and end < n and s[end] in _ASCII_ALNUM):
                        hit = form
                        break
            if hit is None and run_end < 0:
                bound = single.get(s[p])
                if bound is not None and not (bound and p + 1 < n and s[p + 1] in _ASCII_ALNUM):
                    hit = s[p]
            if hit is not None:
                last = p + len(hit)
                yield p, last, forms[hit]


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
