"""Names listed with a found company ("Sofinnova Partners and Forbion", "X, Y and Z") are companies too."""

from __future__ import annotations

import re

from nlp.companies.candidates import Cand, Taken
from nlp.companies.classify import NameClassifier
from nlp.companies.rules import CompanyRules
from nlp.gazetteer import has_cjk


class ListedNames:
    """Finds capitalised names joined to a found company by "and", "&" or a list comma."""

    def __init__(self, rules: CompanyRules, classifier: NameClassifier) -> None:
        self.rules = rules
        self.classifier = classifier
        name = r"[A-Z][A-Za-z0-9&\-]*(?: [A-Z][A-Za-z0-9&\-]*){0,2}"
        # A bare comma joins names only inside a list (", X," or ", X and").
        self._after = re.compile(rf"(?:,? and| &|,(?= {name}(?:,| and)))(?: the)? (?P<name>{name})(?![A-Za-z0-9\-])")
        self._before = re.compile(rf"(?:(?<=, )|(?<![A-Za-z0-9\-]))(?P<name>{name})(?P<joiner> and| &|,) \Z")

    def coordinated(self, chosen: list[Cand], text: str) -> list[Cand]:
        """A capitalised name joined by "and", "&" or a comma to a company
        found in the text is a company too (deal parties, investor lists);
        each found company costs two anchored matches."""
        taken = Taken(chosen)
        added: list[tuple[int, int]] = []
        out: list[Cand] = []
        for c in list(chosen):
            if has_cjk(text[c.start : c.end]):
                continue
            spans = []
            m = self._after.match(text, c.end)
            if m:
                spans.append(m.span("name"))
            m = self._before.search(text[max(0, c.start - 60) : c.start])
            if m and m.group("joiner") == "," and not self._after.match(text, c.end):
                m = None
            if m:
                off = max(0, c.start - 60)
                spans.append((m.start("name") + off, m.end("name") + off))
            for start, end in spans:
                cand = self._plain_name(start, end, text)
                if cand is None or not cand.company or taken.overlaps(start, end):
                    continue
                if any(start < e and s < end for s, e in added):
                    continue
                out.append(cand)
                added.append((cand.start, cand.end))
        return out

    def _plain_name(self, start: int, end: int, text: str) -> Cand | None:
        """A bare capitalised name from a context rule, trimmed of sentence
        words in front and of modality words behind (Sutro ADC)."""
        words = text[start:end].split(" ")
        while words and (self.rules.has("en_lead_stop", words[0]) or self.rules.stopped(words[0])):
            start += len(words[0]) + 1
            words = words[1:]
        while len(words) > 1 and (self.rules.has("generic_tail", words[-1]) or self.rules.stopped(words[-1])):
            end -= len(words[-1]) + 1
            words = words[:-1]
        if not words:
            return None
        if any(self.rules.has("en_lead_stop", w) or self.rules.stopped(w) or self.rules.has("place", w) for w in words):
            return None
        name = " ".join(words)
        if len(name) < 2 or (len(name) < 4 and not name.isupper()):
            return None
        return self.classifier.classify(start, end, text, 0)
