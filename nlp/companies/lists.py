"""Names listed with a found company ("Sofinnova Partners and Forbion", "X, Y and Z") are companies too,
and so are the members of a Chinese investor list (投资方包括A、B和C; 由A领投，B、C跟投)."""

from __future__ import annotations

import re

import jieba

from nlp.companies.candidates import Cand, Taken
from nlp.companies.classify import NameClassifier
from nlp.companies.rules import CompanyRules
from nlp.gazetteer import has_cjk
from nlp.regex_anchors import may_match


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
                if text.startswith(" of ", end):
                    continue  # "Jane Roe of Foresite Capital": a person and her firm
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


# The list after an explicit investor lead: every member is an investor.
_ZH_LEAD = re.compile(
    r"(?:投资方|投资人|投资者|投资机构|参投方|参投机构|出资方|新股东|股东方)(?:包括|为|有(?!关)|是|涵盖)[：:]?"
    r"(?P<list>[^。；;\n，,（(]{2,120}?)(?=等|。|；|;|\n|，|,|（|\(|$)"
)
# 由A、B领投 / ，A、B等跟投: members count only when one of them is surely an
# investor (known, or named 资本/创投/基金/投资), since 由创始人领投 happens too.
_ZH_LED = re.compile(
    r"(?:由|获)(?P<list>[^。；;\n，,由获]{2,80}?)(?:等)?(?:共同|联合)?(?:领投|跟投|参投)"
    r"|(?:(?<=[，,。；;])|^)(?P<list2>[^。；;\n，,由获]{2,80}?)(?:等)?(?:共同|联合)?(?:跟投|参投)"
)
_INVESTOR_TAIL = re.compile(r"(?:资本|创投|基金|投资|集团|控股|Capital|Ventures|Partners)$")
# Members that are people or vague groups, not firms.
_NOT_FIRM = re.compile(r"的|股东|机构|个人|团队|创始人|管理层|员工|政府|多家|知名|其他|部分|一家|本轮|此前|公司$")


class ZhInvestorList:
    """Members of a Chinese investor list, known or not."""

    def __init__(self, rules: CompanyRules, classifier: NameClassifier) -> None:
        self.rules = rules
        self.classifier = classifier

    def cands(self, text: str) -> list[Cand]:
        if not has_cjk(text) or not ("投" in text or "股东" in text):
            return []
        out: list[Cand] = []
        # A list regex runs only on a text holding one of its anchor words.
        for m in _ZH_LEAD.finditer(text) if may_match(_ZH_LEAD, text) else ():
            out += [c for s, e in self._members(text, *m.span("list")) if (c := self._member(s, e, text))]
        for m in _ZH_LED.finditer(text) if may_match(_ZH_LED, text) else ():
            group = "list" if m.group("list") is not None else "list2"
            members = self._members(text, *m.span(group))
            cands = [(s, e, self._member(s, e, text)) for s, e in members]
            sure = any(c is not None and (c.known or _INVESTOR_TAIL.search(text[s:e])) for s, e, c in cands)
            if sure and all(c is not None for _, _, c in cands):
                out += [c for _, _, c in cands if c is not None]
        return out

    def _members(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The char ranges of the list's members: split at 、, the last also at 和/及/以及."""
        spans: list[tuple[int, int]] = []
        pos = start
        for part in re.split(r"(、|/)", text[start:end]):
            if part not in ("、", "/"):
                spans.append((pos, pos + len(part)))
            pos += len(part)
        if spans:
            s, e = spans.pop()
            seg = text[s:e]
            # 和/及 joins the last two members; a name may start with 和 (和铂医药).
            j = re.search(r"(?<=.{2})(?:以及|和|及|与)(?=.{2})", seg)
            if j:
                spans += [(s, s + j.start()), (s + j.end(), e)]
            else:
                spans.append((s, e))
        out = []
        for s, e in spans:
            while s < e and text[s] in " 　":
                s += 1
            while e > s and text[e - 1] in " 　":
                e -= 1
            out.append((s, e))
        return out

    def _member(self, start: int, end: int, text: str) -> Cand | None:
        name = text[start:end]
        if not 2 <= len(name) <= 16 or _NOT_FIRM.search(name):
            return None
        if any(self.rules.has("zh_stop", ch) for ch in name[:1]) or self.rules.stopped(name):
            return None
        if has_cjk(name) and re.fullmatch(r"[\u4e00-\u9fff]+", name) and jieba.dt.FREQ.get(name, 0) >= 200:
            return None  # an ordinary word (资金, 银行), not a name
        cand = self.classifier.classify(start, end, text, 0)
        return cand if cand is not None and cand.company else None
