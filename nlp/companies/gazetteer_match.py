"""Gazetteer matching: every alias of a company (or non-company) in ``doc.text``, and rule names that hold one.

Aliases are found by `nlp.scanner.AliasScanner` on the characters, so
Chinese aliases match whatever jieba did with them; a non-company alias
blocks its place and is dropped later.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from spacy.tokens import Doc

from nlp.companies.candidates import Cand
from nlp.companies.classify import NameClassifier
from nlp.companies.rules import CompanyRules, alternation
from nlp.companies.spans import CJK_CHAR, cjk_aligned, token_edges
from nlp.doc_text import doc_text
from nlp.gazetteer import Gazetteer, has_cjk
from nlp.scanner import AliasScanner, for_cjk_text


class KnownSpans:
    """Gazetteer candidates indexed by start, so finding the known names held
    by a rule name looks only at those starting inside it rather than at all
    of them (a scan per rule name was quadratic on long texts)."""

    def __init__(self, known: list[Cand]) -> None:
        self.known = known
        self.order = sorted(range(len(known)), key=lambda i: known[i].start)
        self.starts = [known[i].start for i in self.order]

    def first_inside(self, start: int, end: int) -> Cand | None:
        """The earliest-listed candidate within start..end but not equal to it."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_right(self.starts, end)
        best = None
        for i in self.order[lo:hi]:
            k = self.known[i]
            if k.end <= end and (k.start, k.end) != (start, end) and (best is None or i < best):
                best = i
        return None if best is None else self.known[best]


class GazetteerMatcher:
    """Known company and non-company names in a Doc."""

    def __init__(self, gazetteer: Gazetteer, rules: CompanyRules, classifier: NameClassifier) -> None:
        self.gaz = gazetteer
        self.rules = rules
        self.classifier = classifier
        forms = {a: i for a, i in gazetteer.surface_forms("NON_COMPANY").items()}
        forms.update(gazetteer.surface_forms("COMPANY"))
        self.scanner = AliasScanner(forms)
        self._cjk_scanner: AliasScanner | None = None  # built for the first Chinese Doc
        tail_words = (
            set(rules.words.get("zh_suffix", ()))
            | set(rules.words.get("zh_weak_suffix", ()))
            | set(rules.words.get("zh_legal", ()))
            | set(rules.words.get("en_corp_word", ()))
            | set(rules.words.get("en_legal", ()))
        )
        self._tail_regex = re.compile(rf"(?:[ ,]*(?:{alternation(tail_words)}))+")

    def candidates(self, doc: Doc, offsets: tuple[list[int], list[int]] | None = None) -> Iterator[Cand]:
        """`offsets`: the Doc's `token_offsets`, when the caller has them already."""
        text = doc_text(doc)
        edges = set()
        cjk = CJK_CHAR.search(text) is not None
        if cjk:
            edges = token_edges(doc) if offsets is None else set(offsets[0]) | set(offsets[1])
        media = tuple(m for m in (self.rules.stop or {}).get("media", ()) if has_cjk(m))
        scanner = self.scanner
        if doc.lang_ == "zh":  # the same matches, found faster in Chinese text
            if self._cjk_scanner is None:
                self._cjk_scanner = for_cjk_text(self.scanner)
            scanner = self._cjk_scanner
        for start, end, entry_id in scanner.finditer(text):
            # jieba may glue an outlet's name to 周报; it still marks the outlet.
            # Without Chinese characters, or with both ends on token edges, the
            # match is aligned (the common case, decided without a call).
            aligned = not cjk or (start in edges and end in edges) or cjk_aligned(text, start, end, edges)
            if not aligned and not (media and text.startswith(media, end)):
                continue
            entry = self.gaz.get(entry_id)
            if entry is None:
                continue
            yield Cand(start, end, entry.id, entry.name, True, entry.name_zh, entry.label == "COMPANY", priority=2)

    def against_known(self, c: Cand, known: list[Cand] | KnownSpans, text: str) -> Cand | None:
        """A rule name holding a gazetteer name: the same company when only a
        place, legal form or industry word is added (江苏恒瑞医药股份有限公司);
        else the rule overreached (默沙东疫苗) and the gazetteer name stands."""
        index = known if isinstance(known, KnownSpans) else KnownSpans(known)
        k = index.first_inside(c.start, c.end)
        if c.known or k is None:
            return c
        head = text[c.start : k.start].strip()
        tail = text[k.end : c.end]
        tail = re.sub(r"[（(][^()（）]*[)）]", "", tail).strip(" ,.")
        head_ok = not head or self.rules.has("place", head) or self.rules.has("country", head)
        tail_ok = not tail or bool(self._tail_regex.fullmatch(tail))
        if head_ok and tail_ok and k.company:
            return Cand(c.start, c.end, k.entity_id, k.canonical, True, k.name_zh, True, c.priority)
        # "Atlas Venture and Lyra Capital": a second name after the known one.
        joiner = re.match(r"(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s+)(?=[A-Z])", text[k.end : c.end])
        if joiner and not head:
            rest = self.classifier.classify(k.end + joiner.end(), c.end, text, c.priority)
            if rest is not None and not self.classifier.is_generic(text[rest.start : rest.end]):
                return rest
        return None
