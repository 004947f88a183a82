"""Short forms: Sutro for Sutro Biopharma (a known company), Arnovel for Hangzhou Arnovel Biopharma (a new one)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlp.companies.candidates import Cand, Taken
from nlp.companies.rules import CompanyRules, alternation
from nlp.gazetteer import Gazetteer, has_cjk


def known_short_forms(gaz: Gazetteer, rules: CompanyRules) -> dict[str, tuple[str, ...]]:
    """Distinctive first words of known names made of that word and
    corporate words only: Sutro for Sutro Biopharma, Summit for Summit
    Therapeutics. Entry ids per word, operating companies before investors."""
    corp = rules.words.get("en_corp_word", frozenset()) | rules.words.get("en_legal", frozenset())
    taken = {f.lower() for f in gaz.surface_forms("COMPANY")}
    taken |= {f.lower() for f in gaz.surface_forms("NON_COMPANY")}
    out: dict[str, list[tuple[bool, str]]] = {}
    for entry in gaz.entries("COMPANY"):
        for alias in entry.aliases:
            if has_cjk(alias):
                continue
            words = alias.replace(",", " ").split()
            while len(words) > 1 and rules.has("place", words[0]):
                words = words[1:]
            if len(words) < 2 or not all(w.rstrip(".") in corp for w in words[1:]):
                continue
            first = words[0]
            if (
                len(first) < 4
                or not first[0].isupper()
                or not first.isalpha()
                or first in corp
                or rules.has("en_lead_stop", first)
                or rules.stopped(first)
                or first.lower() in taken
            ):
                continue
            row = (entry.kind == "investor", entry.id)
            if row not in out.setdefault(first, []):
                out[first].append(row)
    return {w: tuple(i for _, i in sorted(rows)) for w, rows in out.items()}


_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")


def _word_places(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands alone (no letter, digit or hyphen either side), left
    to right, not overlapping: what a regex with those edges finds, without
    compiling a regex for every new company's name."""
    out = []
    size = len(word)
    p = text.find(word)
    while p >= 0:
        end = p + size
        if (p == 0 or text[p - 1] not in _WORD_CHARS) and (end == len(text) or text[end] not in _WORD_CHARS):
            out.append((p, end))
            p = text.find(word, end)
        else:
            p = text.find(word, p + 1)
    return out


def _short_form_regex(words: Iterable[str]) -> re.Pattern:
    """Any of `words` standing alone (no letter, digit or hyphen either side).

    Written as one branch per first character, the word edge before it
    checked by a look-behind after that character: the same matches as a
    look-behind in front of one prefix tree, but a regex that starts with a
    character lets the engine skip at C speed to the places where a word can
    start instead of trying the look-behind at every character."""
    words = sorted(set(words))
    if any(len(w) < 2 for w in words):  # no rest after the first character: keep the plain form
        return re.compile(rf"(?<![A-Za-z0-9\-])(?:{alternation(words)})(?![A-Za-z0-9\-])")
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    branches = [
        f"{re.escape(first)}(?<![A-Za-z0-9\\-][\\s\\S])(?:{alternation(rest)})" for first, rest in rests.items()
    ]
    return re.compile("(?:" + "|".join(branches) + ")(?![A-Za-z0-9\\-])")


class ShortForms:
    """Finds short forms of the companies a document names (see the module docstring)."""

    def __init__(self, gaz: Gazetteer, rules: CompanyRules) -> None:
        self.gaz = gaz
        self.rules = rules
        self.short = known_short_forms(gaz, rules)
        # One exact-case pass finds every short form; a compiled alternation of
        # a few hundred words stays linear in the text.
        self.short_regex = _short_form_regex(self.short) if self.short else None

    def _short_entry(self, word: str, present: set[str]) -> str | None:
        """The known company a short form stands for: one the document names
        in full, else (for a distinctive word only) the first candidate."""
        ids = self.short.get(word)
        if not ids:
            return None
        for i in ids:
            if i in present:
                return i
        if self.rules.stopped(word, ("ordinary",)):
            return None
        return ids[0]

    # -- short forms of new companies elsewhere in the text
    def new_company_cands(self, chosen: list[Cand], text: str) -> list[Cand]:
        taken = [(c.start, c.end) for c in chosen]
        out: list[Cand] = []
        seen: set[str] = set()
        for c in chosen:
            if c.known or has_cjk(text[c.start : c.end]):
                continue
            words = [w.rstrip(",") for w in text[c.start : c.end].split(" ")]
            while len(words) > 1 and self.rules.has("place", words[0]):
                words = words[1:]  # "Hangzhou Arnovel Biopharma" is called "Arnovel"
            first = words[0]
            if (
                len(first) < 4
                or first in seen
                or not first[0].isupper()
                or self.rules.has("en_lead_stop", first)
                or self.rules.has("place", first)
                or self.rules.has("en_corp_word", first)
                or first == text[c.start : c.end]
            ):
                continue
            seen.add(first)
            for start, end in _word_places(text, first):
                if any(s <= start < e for s, e in taken):
                    continue
                out.append(Cand(start, end, c.entity_id, c.canonical, False, None, True, 0))
                taken.append((start, end))
        return out

    # -- short forms of known companies (Summit, Sutro)
    def known_cands(self, chosen: list[Cand], text: str) -> list[Cand]:
        if self.short_regex is None:
            return []
        taken = Taken(chosen)
        present = {c.entity_id for c in chosen if c.known}
        out: list[Cand] = []
        for m in self.short_regex.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            entry_id = self._short_entry(m.group(), present)
            entry = self.gaz.get(entry_id) if entry_id else None
            if entry is None:
                continue
            out.append(Cand(m.start(), m.end(), entry.id, entry.name, True, entry.name_zh, True, 0))
        return out
