"""What a rule's surface is: a known company, a non-company that only blocks its place, or a new company.

Every rule pass (name rules, context cues, lists) ends here, so the checks
against the gazetteer and the stop lists are made in one place.
"""

from __future__ import annotations

import re

from nlp.companies.candidates import Cand
from nlp.companies.rules import CompanyRules
from nlp.gazetteer import Gazetteer, has_cjk, normalise_name


class NameClassifier:
    """Turns a char range found by a rule into a candidate, or None."""

    def __init__(self, gazetteer: Gazetteer, rules: CompanyRules, short: dict[str, tuple[str, ...]]) -> None:
        self.gaz = gazetteer
        self.rules = rules
        self.short = short  # known short forms (Sutro), see `nlp.companies.short_forms`
        self._stop_words = rules.words.get("non_company_word", frozenset())
        # Chosen once: every rule candidate is checked against these.
        self._cjk_stop_words = tuple(w for w in self._stop_words if has_cjk(w))
        self._vague_lead = tuple((rules.stop or {}).get("vague_lead", ()))
        # A development code (HS-20094, LX-siR01): letters first, a digit inside.
        self._code = re.compile(r"[A-Za-z][A-Za-z\-_]{0,8}[0-9][A-Za-z0-9\-_]*\Z")

    def classify(self, start: int, end: int, text: str, priority: int) -> Cand | None:
        """A rule candidate: known entry, non-company, or a new company."""
        surface = text[start:end].strip()
        if not surface or self.is_generic(surface):
            return None
        entry = self.gaz.lookup(surface, "COMPANY")
        if entry is not None:
            return Cand(start, end, entry.id, entry.name, True, entry.name_zh, True, priority)
        if self.rules.stopped(surface) or self.rules.has("generic_tail", surface):
            return None
        if self._vague_lead and surface.startswith(self._vague_lead):
            return None  # 某中德医疗: an unnamed company
        if priority == 0 and (self._code.match(surface) or self.gaz.lookup(surface, "DRUG") is not None):
            return None  # a context cue met a drug (Kovaltry, HS-20094), not a party
        short = self.short.get(surface)
        if short:
            entry = self.gaz.get(short[0])
            return Cand(start, end, entry.id, entry.name, True, entry.name_zh, True, priority)
        entry = self.gaz.lookup(surface, "NON_COMPANY")
        if entry is not None or any(w in surface for w in self._cjk_stop_words):
            return Cand(start, end, "", "", True, None, False, priority)
        if set(re.findall(r"[A-Za-z]+", surface)) & self._stop_words:
            return Cand(start, end, "", "", True, None, False, priority)
        key = normalise_name(surface)
        if not key:
            return None
        zh = surface if has_cjk(surface) else None
        return Cand(start, end, "new:" + key, surface, False, zh, True, priority)

    def is_generic(self, surface: str) -> bool:
        if self.rules.has("generic", surface):
            return True
        words = surface.replace(",", " ").split()
        core = [
            w for w in words if not (self.rules.has("en_corp_word", w) or self.rules.has("en_legal", w.rstrip(",")))
        ]
        return not core and not has_cjk(surface)
