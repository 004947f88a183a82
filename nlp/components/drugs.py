"""The "pharmanews_drugs" component: every drug or candidate the text names.

Sources, resolved longest-first like companies:

- gazetteer aliases (INN, Chinese INN, brands, codes) of ``drugs.jsonl``;
- rules of ``nlp/data/drug_rules.jsonl``: INN stems (-mab, -tinib, 单抗,
  替尼 ...), development codes (SHR-A1811, BL-B01D1, RC18) told apart from
  stock codes, years, standards and targets (PD-1, HER2), and classes that
  are never a drug on their own (ADC, CAR-T, PD-1抑制剂).

Grouping: forms of one product written together become one entity: a brand
and its INN in parentheses (XGEVA (denosumab), 卡瑞利珠单抗(商品名:艾瑞卡)),
a code and its INN joined by 即/also known as, and parallel lists
("SHR1459和SHR1266(美方代号分别为TG-1701和TG-1702)"). The group's id is the
gazetteer id when one member is known, else the INN, so the same product
gets the same id in the Chinese and English parts of a text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from nlp import extensions
from nlp.char_ranges import FixedRanges
from nlp.companies.candidates import Cand, resolve
from nlp.companies.spans import set_char_spans
from nlp.data_files import read_jsonl
from nlp.doc_text import doc_text
from nlp.gazetteer import Gazetteer, default_gazetteer, has_cjk, normalise_name
from nlp.regex_trees import tree_alternation
from nlp.scanner import AliasScanner, for_cjk_text

extensions.register()
log = logging.getLogger(__name__)

RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "drug_rules.jsonl"
SPAN_KEY = "drugs"
# Characters that never belong to a transliterated Chinese INN: grammar words
# and the commonest verbs around drug names.
_ZH_NOT_INN = frozenset(
    "的了和与及是在将其为即等对用从把该款个种新药抗或并由向获于也已被以此这那后前中物视推进独展计划启动完研究作评估支持继续"
    "就包括拥宣含售购供"
)
# Second words of two-word INNs (ADC payloads, conjugates).
_INN_TAIL = re.compile(
    r"\s(?:vedotin|govitecan|deruxtecan|emtansine|mafodotin|tirumotecan|ozogamicin|pegol|tesirine|"
    r"alfa|beta|pegol|soravtansine|ravtansine|duocarmazine)\b",
    re.IGNORECASE,
)
# Text between a drug and a second form of it that makes them one product.
_SAME_LINK = re.compile(
    r"^\s*(?:®|™)?\s*(?:[(（]\s*(?:商品名|通用名|英文名|代号|研发代号|产品代号|brand name|trade name|code)?\s*[:：]?\s*"
    r"|即(?:后来的|此前的|为)?|(?:,|，)?\s*(?:also known as|formerly|now known as|marketed as|sold as)\s+)$",
    re.IGNORECASE,
)


# The word edge every code regex of drug_rules.jsonl opens with; codes are
# looked for only where such an edge can meet a digit (DrugFinder._code_matches).
_CODE_EDGE = r"(?<![A-Za-z0-9./_-])"
# What a code may hold before its first digit (besides one space), exactly the
# edge's characters but "." and "/": ASCII only, as in the edge.
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# Runs of ASCII digits, and any other digit alone: a code may start right
# after a non-ASCII digit, which the edge lets through.
_DIGITS = re.compile(r"[0-9]+|\d")

# How INNs end (the common WHO stem endings), for an INN no stem rule knows.
_PAIR_INN_ENDING = re.compile(
    r"(?:ant|ide|ine|one|ate|ole|ol|il|in|ast|at|ir|ib|ab|ept|ase|im|ox|ene|yl|ium|an|stat|cel)$"
)
# "Reyvolta (lornitepant)": a brand, then one lower-case word in parentheses.
# It opens with the capital, so re skips other characters without entering the
# pattern; the word edge in front is tested right after that capital.
_BRAND_INN = re.compile(
    r"(?P<brand>[A-Z](?<![A-Za-z0-9\-].)(?:[a-z]{3,14}(?:[A-Z][a-z]+)?|[A-Z]{3,11}(?![A-Za-z0-9-])))"
    r"\s?(?:®|™)?\s?[(（](?P<inn>[a-z]{7,22})[)）]"
)
# "lornitepant (REYVOLTA)": the same pair the other way round; the brand in
# capitals or marked ®/™, as press releases write it (a capitalised word in
# parentheses after a lower-case word is as often a company or a place).
# Found from the parenthesis (few places), then the word right before it.
_INN_BRAND = re.compile(r"[(（](?P<brand>[A-Z]{4,12}(?:®|™)?|[A-Z][a-z]{3,14}(?:®|™))[)）]")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9\-])(?P<inn>[a-z]{7,22})\s?$")


@cache
def _pair_stop() -> frozenset[str]:
    """Capitalised words that open sentences or name places, never a brand."""
    from nlp.companies.rules import load_rules as company_rules

    rules = company_rules()
    words = set(rules.words.get("en_lead_stop", ()))
    for kind in ("place", "demonym", "time", "ordinary"):
        words |= set((rules.stop or {}).get(kind, ()))
    return frozenset(words)


# What follows a compound used as a lab tool, not as a product: "a
# bleomycin mouse model", "cisplatin-induced kidney injury model",
# "博来霉素诱导的小鼠模型" (not "semaglutide-induced weight loss").
_TOOL_USE = re.compile(
    r"(?:\s(?:(?:mouse|mice|murine|rat|rodent|animal|primate|zebrafish)\s)?models?\b"
    r"|[\s-](?:induced|challenged)\s+(?:[\w-]+\s+){0,3}?(?:models?|mice|rats)\b"
    r"|\s?诱导(?:的|性)?[\u4e00-\u9fff]{0,8}?(?:模型|小鼠|大鼠))"
)


# "(商品名:康弧宁)", "(brand name: Zelvari)": whatever the parenthesis names
# is a brand; grouping joins it to the drug in front.
_BRAND_NAMED = re.compile(
    r"[(（]\s*(?:商品名(?:称)?|brand name|trade name)\s*[:：为]?\s*"
    r"(?P<brand>[\u4e00-\u9fff]{2,6}|[A-Z][A-Za-z0-9-]{2,20})\s*(?:®|™)?\s*[)）]",
    re.IGNORECASE,
)


# "(... 分别为": a parenthesis pairing two lists; the closing parenthesis; list joiners.
_RESPECTIVELY = re.compile(r"\s*[(（]\s*(?:[^()（）]{0,10}?分别(?:为|是)?)\s*")
_CLOSE = re.compile(r"[)）]")
_LIST_JOIN = re.compile(r"\s*(?:和|与|及|、|,|，|and|,\s*and)\s*")


@dataclass(frozen=True)
class DrugRules:
    inn_suffixes: tuple[str, ...] = ()
    zh_suffixes: tuple[tuple[str, int], ...] = ()
    code_regexes: tuple[re.Pattern, ...] = ()
    code_stops: tuple[re.Pattern, ...] = ()
    # (regex on the text just before a code, window): "责任编辑：HN666".
    code_context_stops: tuple[tuple[re.Pattern, int], ...] = ()
    class_stop: frozenset[str] = frozenset()
    inn_stop: frozenset[str] = frozenset()
    zh_prefix_stop: tuple[str, ...] = ()  # 产品, 候选: words in front of a Chinese name, not of it
    # Characters that may not follow a Chinese stem (地平 of 氨氯地平, not of 地平线).
    zh_not_followed: tuple[tuple[str, str], ...] = ()


@cache
def load_rules(path: Path = RULES_PATH) -> DrugRules:
    """Read drug_rules.jsonl; a missing file gives no rules (gazetteer only)."""
    path = Path(path)
    if not path.exists():
        log.warning("drug rules %s are missing; drugs come from the gazetteer only", path)
        return DrugRules()
    inn, zh, codes, stops, cls, inn_stop, zh_prefix = [], [], [], [], set(), set(), set()
    zh_not: dict[str, str] = {}
    contexts: list[tuple[re.Pattern, int]] = []
    for line_no, row in read_jsonl(path):
        try:
            kind = row["kind"]
            if kind == "inn_suffix":
                inn.append(row["suffix"])
            elif kind == "zh_suffix":
                zh.append((row["suffix"], int(row.get("min_prefix", 2))))
                if row.get("not_followed_by"):
                    zh_not[row["suffix"]] = str(row["not_followed_by"])
            elif kind == "code_regex":
                codes.append(re.compile(row["regex"]))
            elif kind == "code_stop_regex":
                stops.append(re.compile(row["regex"]))
            elif kind == "code_context_stop":
                contexts.append((re.compile(row["regex"]), int(row["window"])))
            elif kind == "class_stop":
                cls.add(row["word"].lower())
            elif kind == "inn_stop":
                inn_stop.add(row["word"].lower())
            elif kind == "zh_prefix_stop":
                zh_prefix.add(row["word"])
        except (ValueError, KeyError, TypeError, re.error) as exc:
            raise ValueError(f"{path}:{line_no}: bad drug rule ({exc})") from exc
    return DrugRules(
        tuple(sorted(set(inn), key=len, reverse=True)),
        tuple(sorted(set(zh), key=lambda s: -len(s[0]))),
        tuple(codes),
        tuple(stops),
        tuple(contexts),
        frozenset(cls),
        frozenset(inn_stop),
        tuple(sorted(zh_prefix, key=len, reverse=True)),
        tuple(sorted(zh_not.items())),
    )


@dataclass
class _Drug(Cand):
    """A drug candidate: the companies' candidate record, plus the indexes of
    the candidates it is linked to as one product (brand, INN, code)."""

    links: list[int] = field(default_factory=list)


class DrugFinder:
    """Finds drug mentions in a Doc (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, rules: DrugRules) -> None:
        self.gaz = gazetteer
        self.rules = rules
        forms = dict(gazetteer.surface_forms("DRUG"))
        # Company and organisation names block their place: "Bio Farma" or an
        # INN-looking company name is no drug.
        blockers = {a: "" for a in gazetteer.surface_forms("COMPANY")}
        blockers.update({a: "" for a in gazetteer.surface_forms("NON_COMPANY")})
        for a in blockers:
            forms.setdefault(a, "")
        self.scanner = AliasScanner(forms)
        self._cjk_scanner: AliasScanner | None = None  # built for the first Chinese text
        self.inn_regex, self.inn_stems = _inn_regex(rules.inn_suffixes)
        self.zh_regex = _zh_regex(rules)
        self.zh_min = dict(rules.zh_suffixes)
        self.zh_prefix_re = re.compile("|".join(map(re.escape, rules.zh_prefix_stop))) if rules.zh_prefix_stop else None
        self._zh_class_words = tuple(w for w in rules.class_stop if has_cjk(w) and len(w) >= 3)
        self.code_gated = [r for r in rules.code_regexes if r.pattern.startswith(_CODE_EDGE)]
        # One test for "any code here", so most places cost one re call, not
        # one per regex; not when a pattern has groups (a back-reference would
        # change meaning once joined) or cannot be joined (a global flag).
        self.code_any = None
        if all(r.groups == 0 for r in self.code_gated):
            try:
                self.code_any = re.compile("|".join(f"(?:{r.pattern})" for r in self.code_gated))
            except re.error:
                pass

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        known = self._gazetteer(text, doc.lang_ == "zh")
        cands = (
            known
            + self._inn(text)
            + self._zh(text, known)
            + self._codes(text)
            + self._pairs(text)
            + self._named_brands(text)
        )
        chosen = resolve(cands)
        companies = FixedRanges((s.start_char, s.end_char) for s in doc.spans.get("companies", []))
        chosen = [
            d
            for d in chosen
            if d.entity_id and not companies.overlaps(d.start, d.end) and not _TOOL_USE.match(text, d.end)
        ]
        chosen.sort(key=lambda d: d.start)
        _group(chosen, text)
        items = [
            (
                d.start,
                d.end,
                {"entity_id": d.entity_id, "canonical": d.canonical, "known": d.known, "name_zh": d.name_zh},
            )
            for d in chosen
        ]
        set_char_spans(doc, SPAN_KEY, items)
        return doc

    def _gazetteer(self, text: str, cjk: bool = False) -> list[_Drug]:
        scanner = self.scanner
        if cjk:  # the same matches, found faster in Chinese text
            if self._cjk_scanner is None:
                self._cjk_scanner = for_cjk_text(self.scanner)
            scanner = self._cjk_scanner
        out = []
        for start, end, entry_id in scanner.finditer(text):
            if not entry_id:  # a company or organisation name: blocks only
                out.append(_Drug(start, end, "", "", True, None, priority=3))
                continue
            entry = self.gaz.get(entry_id)
            if entry is not None:
                out.append(_Drug(start, end, entry.id, entry.name, True, entry.name_zh, priority=2))
        return out

    def _new(self, start: int, end: int, text: str, priority: int) -> _Drug | None:
        surface = text[start:end]
        if surface.lower() in self.rules.class_stop:
            return None
        entry = self.gaz.lookup(surface, "DRUG")
        if entry is not None:
            return _Drug(start, end, entry.id, entry.name, True, entry.name_zh, priority=priority)
        key = normalise_name(surface)
        if not key:
            return None
        return _Drug(start, end, "new:" + key, surface, False, surface if has_cjk(surface) else None, priority=priority)

    def _inn(self, text: str) -> list[_Drug]:
        if self.inn_regex is None:
            return []
        out = []
        stems = self.inn_stems
        for m in self.inn_regex.finditer(text):
            word = m.group()
            if stems is not None and not any(len(word) >= size and word.endswith(s) for s, size in stems[word[-3:]]):
                continue
            # A capital only at a sentence start: brands in capitals come from the gazetteer.
            if word[1:] != word[1:].lower() or word.lower() in self.rules.inn_stop:
                continue
            end = m.end()
            tail = _INN_TAIL.match(text, end)
            if tail:
                end = tail.end()
            d = self._new(m.start(), end, text, 1)
            if d:
                d.canonical = d.canonical.lower() if not d.known else d.canonical
                out.append(d)
        return out

    def _pairs(self, text: str) -> list[_Drug]:
        """ "Brand (inn)": a capitalised word with a lower-case word in
        parentheses that ends like an INN is a brand and its INN, even when
        no stem rule knows the INN; grouping joins the two."""
        if "(" not in text and "（" not in text:
            return []
        out = []
        pairs = [
            (m.start("brand"), m.group("brand"), m.start("inn"), m.group("inn")) for m in _BRAND_INN.finditer(text)
        ]
        for m in _INN_BRAND.finditer(text):
            w = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
            if w:
                pairs.append((m.start("brand"), m.group("brand"), w.start("inn"), w.group("inn")))
        for brand_start, brand, inn_start, inn in pairs:
            brand = brand.rstrip("®™")
            if not _PAIR_INN_ENDING.search(inn):
                continue
            if {brand.lower(), inn} & (self.rules.class_stop | self.rules.inn_stop):
                continue
            if self.gaz.lookup(brand, "COMPANY") is not None or self.gaz.lookup(brand, "NON_COMPANY") is not None:
                continue
            if brand in _pair_stop():
                continue
            for start, end, prio in ((brand_start, brand_start + len(brand), 0), (inn_start, inn_start + len(inn), 1)):
                d = self._new(start, end, text, prio)
                if d:
                    if not d.known and prio == 1:
                        d.canonical = d.canonical.lower()
                    out.append(d)
        return out

    def _named_brands(self, text: str) -> list[_Drug]:
        if "商品名" not in text and " name" not in text:
            return []
        out = []
        for m in _BRAND_NAMED.finditer(text):
            brand = m.group("brand")
            if brand.lower() in self.rules.class_stop or self.gaz.lookup(brand, "COMPANY") is not None:
                continue
            d = self._new(m.start("brand"), m.end("brand"), text, 0)
            if d:
                out.append(d)
        return out

    def _zh(self, text: str, known: list[_Drug]) -> list[_Drug]:
        if self.zh_regex is None or not has_cjk(text):
            return []
        # A stem never walks back into a gazetteer name (百济神州替雷利珠单抗):
        # the name ends where a known company or drug ends.
        known_ends = {d.end for d in known}
        known_at = {d.start: d.end for d in known}
        in_drug = {i for d in known if d.entity_id for i in range(d.start, d.end)}
        out = []
        for m in self.zh_regex.finditer(text):
            if m.end() - 1 in in_drug:
                continue  # the stem sits inside a known drug: the gazetteer has it
            start = m.start()
            while start > 0 and start > m.start() - 6 and start not in known_ends:
                ch = text[start - 1]
                if not ("\u4e00" <= ch <= "\u9fff") or ch in _ZH_NOT_INN:
                    break
                start -= 1
            # The last word like 产品/宣布 in front ends the context, wherever it
            # sits: the walk above stops at single characters only.
            if self.zh_prefix_re is not None:
                cut = None
                # From a little before: a word may straddle where the walk stopped (宣|布).
                for pm in self.zh_prefix_re.finditer(text, max(0, start - 3), m.start()):
                    cut = pm.end()
                if cut is not None and cut > start and m.start() - cut >= self.zh_min.get(m.group(), 2):
                    start = cut
            if start in known_at and known_at[start] < m.start():
                start = known_at[start]
            if m.start() - start < self.zh_min.get(m.group(), 2):
                continue
            if text[start : m.end()].endswith(self._zh_class_words):
                continue  # 脂质纳米颗粒: a class or technology word ends it, not a product
            d = self._new(start, m.end(), text, 1)
            if d and text[start : m.end()].lower() not in self.rules.inn_stop:
                out.append(d)
        return out

    def _codes(self, text: str) -> list[_Drug]:
        out = []
        for m in self._code_matches(text):
            code = m.group()
            if code.lower() in self.rules.class_stop:
                continue
            if self._stopped(text, m.start(), m.end()):
                continue
            if any(c.search(text, max(0, m.start() - w), m.start()) for c, w in self.rules.code_context_stops):
                continue  # a byline or ticker: "责任编辑：HN666", "NASDAQ: ZLAB"
            d = self._new(m.start(), m.end(), text, 0)
            if d:
                out.append(d)
        return out

    def _code_matches(self, text: str) -> list[re.Match]:
        """What ``regex.finditer(text)`` gives for each code regex, regex by regex.

        Every code holds a digit, and what comes before its first digit is
        ASCII letters, "_" and "-", or that and one space (drug_rules.jsonl:
        SHR-A1811, AMG 510, INS018_055). A regex that opens with the word
        edge `_CODE_EDGE` therefore starts where the run of such characters
        that holds a digit starts, or the run that ends one space before a
        digit; re's own ``match`` is tried at those places only, skipping
        places inside the regex's previous match, which is what ``finditer``
        finds (it tries every place left to right, and everywhere else the
        edge or the digit fails). Without this, re tests the opening
        look-behind at every character of the text, once per regex.
        """
        gated, any_code = self.code_gated, self.code_any
        found: dict[re.Pattern, list[re.Match]] = {r: [] for r in gated}
        if gated:
            ends = dict.fromkeys(gated, 0)
            for p in _code_places(text):
                if any_code is not None and any_code.match(text, p) is None:
                    continue  # no code regex matches here
                for r in gated:
                    if p >= ends[r]:
                        m = r.match(text, p)
                        if m:
                            found[r].append(m)
                            ends[r] = m.end()
        out: list[re.Match] = []
        for r in self.rules.code_regexes:
            out.extend(found[r] if r in found else r.finditer(text))
        return out

    def _stopped(self, text: str, start: int, end: int) -> bool:
        """A stop pattern (stock code, year, standard, target) covers the whole
        code, looking a little to each side for "HKEX:" or "ISO"."""
        # Sixteen characters after: room for " study" after a trial acronym
        # and " ion channel" after a target.
        lo, hi = max(0, start - 15), min(len(text), end + 16)
        window = text[lo:hi]
        code = text[start:end]
        stops = self.rules.code_stops
        if any(stop.fullmatch(code) for stop in stops):
            return True
        for stop in stops:
            for sm in stop.finditer(window):
                if sm.start() + lo > start:
                    break  # later matches start later still: none covers the code
                if end <= sm.end() + lo:
                    return True
        return False


def _zh_regex(rules: DrugRules) -> re.Pattern | None:
    """All Chinese stems in one alternation (longest first), each with the
    characters that may not follow it as a look-ahead."""
    if not rules.zh_suffixes:
        return None
    not_followed = dict(rules.zh_not_followed)
    parts = []
    for suffix, _ in rules.zh_suffixes:
        chars = not_followed.get(suffix)
        parts.append(re.escape(suffix) + (f"(?![{re.escape(chars)}])" if chars else ""))
    return re.compile("|".join(parts))


def _inn_regex(
    stems: tuple[str, ...],
) -> tuple[re.Pattern | None, dict[str, tuple[tuple[str, int], ...]] | None]:
    """The INN word regex, and the (stem, shortest word) pairs a found word
    must still be checked against, by the word's last three letters (None: the
    regex checks the stem itself).

    The rule: a letter, at least two lower-case letters, then a stem, with no
    letter, digit or "-" touching either end. When every stem is lower-case
    letters (the data file's case), the stem ends the word's lower-case run,
    so the rule is: a whole word of that shape whose end is a stem, with two
    letters left in front of it. One plain word regex finds those words fast
    (its first item is a class, so re skips other characters without entering
    the pattern; the word edge in front is tested right after that first
    character); a width-3 look-behind on the stems' last three letters turns
    away nearly all words in C; `DrugFinder._inn` checks the whole stem. A
    one-regex alternation of a hundred stems, tried at every word and backtracked
    over each of its letters, was the slow form of the same rule.
    """
    if not stems:
        return None, None
    if all(len(s) >= 3 and s.isascii() and s.isalpha() and s.islower() for s in stems):
        # As a prefix tree, a word's last letters are tested against a few
        # branches, not against every stem ending in turn.
        tails = tree_alternation({s[-3:] for s in stems})
        regex = re.compile(rf"[A-Za-z](?<![A-Za-z0-9\-].)[a-z]{{2,}}+(?![A-Za-z0-9])(?<={tails})")
        by_tail: dict[str, list[tuple[str, int]]] = {}
        for s in stems:
            by_tail.setdefault(s[-3:], []).append((s, len(s) + 3))
        return regex, {tail: tuple(pairs) for tail, pairs in by_tail.items()}
    alt = "|".join(map(re.escape, stems))
    return re.compile(rf"(?<![A-Za-z0-9\-])[A-Za-z][a-z]{{2,}}(?:{alt})(?![A-Za-z0-9])"), None


def _code_places(text: str) -> list[int]:
    """Sorted places where a code can start (see DrugFinder._code_matches):
    for each run of digits, the start of the code-character run holding it
    and, after a space, of the run before that space."""
    places = set()
    for m in _DIGITS.finditer(text):
        d = m.start()
        p = d
        while p > 0 and text[p - 1] in _CODE_CHARS:
            p -= 1
        places.add(p)
        if p == d and d > 0 and text[d - 1] == " ":
            p = d - 1
            while p > 0 and text[p - 1] in _CODE_CHARS:
                p -= 1
            places.add(p)
    return sorted(places)


def _rank(d: _Drug, text: str) -> tuple:
    """Which member names a group: known first, then a lower-case INN."""
    surface = text[d.start : d.end]
    return (not d.known, not (surface[:1].islower() and surface.isascii()), has_cjk(surface), d.start)


def _group(drugs: list[_Drug], text: str) -> None:
    """Give one id to forms of one product written together (module docstring)."""
    parent = list(range(len(drugs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    for i in range(len(drugs) - 1):
        a, b = drugs[i], drugs[i + 1]
        gap = text[a.end : b.start]
        if len(gap) <= 12 and _SAME_LINK.match(gap):
            # "X和Y(分别为P和Q)": pair up parallel lists.
            inside = _paren_members(drugs, i + 1, text)
            before = _list_before(drugs, i, text)
            if len(inside) > 1 and len(inside) == len(before):
                for x, y in zip(before, inside, strict=True):
                    union(x, y)
            else:
                union(i, i + 1)
                for k in inside[1:]:
                    if len(inside) > 1 and len(before) == 1:
                        union(i, k)
        elif _RESPECTIVELY.fullmatch(gap):
            inside = _paren_members(drugs, i + 1, text)
            before = _list_before(drugs, i, text)
            if len(inside) == len(before):
                for x, y in zip(before, inside, strict=True):
                    union(x, y)
    groups: dict[int, list[int]] = {}
    for i in range(len(drugs)):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        best = min((drugs[i] for i in members), key=lambda d: _rank(d, text))
        for i in members:
            d = drugs[i]
            d.entity_id, d.canonical = best.entity_id, best.canonical
            d.known = best.known
            d.name_zh = d.name_zh or best.name_zh


def _paren_members(drugs: list[_Drug], j: int, text: str) -> list[int]:
    """Indices of the drugs inside the parenthesis that holds drug j."""
    close = _CLOSE.search(text, drugs[j].end)  # from there, not on a copy of the text's rest
    if close is None:
        return [j]
    limit = close.start()
    return [k for k in range(j, len(drugs)) if drugs[k].end <= limit]


def _list_before(drugs: list[_Drug], i: int, text: str) -> list[int]:
    """Drug i and the drugs listed right before it with 和/、/and/,."""
    out = [i]
    while out[0] > 0:
        prev = drugs[out[0] - 1]
        gap = text[prev.end : drugs[out[0]].start]
        if _LIST_JOIN.fullmatch(gap):
            out.insert(0, out[0] - 1)
        else:
            break
    return out


@Language.factory("pharmanews_drugs")
def make_drug_finder(nlp: Language, name: str) -> DrugFinder:
    return _shared_finder()


@cache
def _shared_finder() -> DrugFinder:
    # One finder for both pipelines: it keeps no per-Doc state.
    return DrugFinder(default_gazetteer(), load_rules())
