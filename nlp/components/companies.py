"""The "pharmanews_companies" component: every company the text names.

Two sources of mentions, resolved together longest-first so a name that is
only part of a longer mention never stands alone:

- the gazetteer: every alias of a company (and of a non-company, which then
  blocks the place and is dropped) found in ``doc.text`` by `nlp.scanner.AliasScanner`, so Chinese aliases match whatever jieba did with them;
- rules (``nlp/data/company_rules.jsonl``) for companies the gazetteer does not
  know: English names ending in corporate words or legal forms, Chinese names
  ending in an industry word (医药, 生物科技 ...) with their legal form, and
  context cues (与X签署, agreement with X, X announced).

An unknown company gets the id ``new:<normalised name>``; its short forms in
the same text ("Rongchang Bio" for "Rongchang Biopharma (Yantai) Co., Ltd.")
share one id. Spans go to ``doc.spans["companies"]``.

The char-to-token helper here (`set_char_spans`) is shared with the drugs
component; the alias scanner lives in `nlp.scanner`.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import extensions
from nlp.doc_text import doc_text
from nlp.gazetteer import Gazetteer, default_gazetteer, has_cjk, normalise_name
from nlp.scanner import AliasScanner

extensions.register()

RULES_PATH = Path(__file__).resolve().parents[1] / "data" / "company_rules.jsonl"
STOP_PATH = Path(__file__).resolve().parents[1] / "data" / "company_stop_words.jsonl"
# Stop-list kinds that are never a company on their own (Germany, Polish, May).
NEVER_COMPANY = ("place", "demonym", "time")
SPAN_KEY = "companies"
# A Chinese word this frequent in jieba's dictionary is an ordinary word
# (开展, 代理), not part of a company name.
COMMON_WORD_FREQ = 2000
# Without a legal form (有限公司) the name part must be rarer still: 高端医疗,
# 东南亚医药 are phrases, 华海药业 a company.
RARE_WORD_FREQ = 200
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# Words in front of a name that are not part of it: years, "Copenhagen-based".
_LEAD_NOISE = re.compile(r"[0-9]+|[A-Za-z]+-(?:based|headquartered)")


# ---------------------------------------------------------------- char scanning


def token_edges(doc: Doc) -> set[int]:
    starts, ends = _token_offsets(doc)
    return set(starts) | set(ends)


def _token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Token start and end chars, read as arrays (iterating Tokens is slow)."""
    arr = doc.to_array([IDX, LENGTH])
    starts = arr[:, 0].tolist()
    ends = (arr[:, 0] + arr[:, 1]).tolist()
    return starts, ends


def cjk_aligned(text: str, start: int, end: int, edges: set[int]) -> bool:
    """False when a match starts or ends between two Chinese characters that
    jieba kept in one word: 国药 inside 中国药企 is no mention of 国药."""
    for off in (start, end):
        if 0 < off < len(text) and off not in edges:
            if _CJK_CHAR.match(text[off - 1]) and _CJK_CHAR.match(text[off]):
                return False
    return True


def _split_inside(doc: Doc, offsets: set[int]) -> None:
    """Split tokens so that each char offset falls on a token edge."""
    cuts: dict[int, list[int]] = {}
    starts = _token_offsets(doc)[0]
    for off in offsets:
        i = bisect.bisect_right(starts, off) - 1
        if i < 0:
            continue
        tok = doc[i]
        if tok.idx < off < tok.idx + len(tok.text):
            cuts.setdefault(i, []).append(off - tok.idx)
    if not cuts:
        return
    with doc.retokenize() as retok:
        for i, rel in cuts.items():
            tok = doc[i]
            edges = [0, *sorted(set(rel)), len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
            heads = [(tok, 0)] * len(orths)
            retok.split(tok, orths, heads=heads)


def set_char_spans(doc: Doc, key: str, items: list[tuple[int, int, dict]]) -> None:
    """Store spans for char ranges under doc.spans[key], with their attributes.

    Where a range cuts through a token, the token is split (jieba sometimes
    glues a name to the word beside it); spans already stored under other keys
    are rebuilt afterwards, since spaCy does not move them on a split."""
    needed = set()
    for start, end, _ in items:
        needed.add(start)
        needed.add(end)
    edges = token_edges(doc)
    if needed - edges:
        saved = {
            k: [(s.start_char, s.end_char, s.label_, dict(_span_attrs(s))) for s in group]
            for k, group in doc.spans.items()
        }
        _split_inside(doc, needed - edges)
        for k, rows in saved.items():
            doc.spans[k] = [_make_span(doc, s, e, attrs, label) for s, e, label, attrs in rows]
    doc.spans[key] = [sp for s, e, attrs in items if (sp := _make_span(doc, s, e, attrs, key.upper()))]


def _span_attrs(span: Span) -> Iterator[tuple[str, object]]:
    for name in extensions._SPAN_ATTRS:
        yield name, span._.get(name)


def _make_span(doc: Doc, start: int, end: int, attrs: dict, label: str) -> Span | None:
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    for name, value in attrs.items():
        span._.set(name, value)
    return span


# ---------------------------------------------------------------- rules


@dataclass(frozen=True)
class CompanyRules:
    """The rule words of company_rules.jsonl, grouped by kind."""

    words: dict[str, frozenset[str]]
    cues: dict[str, tuple[re.Pattern, ...]]
    stop: dict[str, frozenset[str]] | None = None  # company_stop_words.jsonl by kind

    def stopped(self, word: str, kinds: Iterable[str] = NEVER_COMPANY) -> bool:
        return any(word in (self.stop or {}).get(k, ()) for k in kinds)

    def has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, frozenset())


def load_stop_words(path: Path = STOP_PATH) -> dict[str, frozenset[str]]:
    """Words that are no company on their own, by kind: ordinary (Summit,
    Legend: a short form only where the document backs it), place, demonym,
    time."""
    out: dict[str, set[str]] = {}
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.setdefault(row["kind"], set()).add(row["word"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad stop-word line ({exc})") from exc
    return {k: frozenset(v) for k, v in out.items()}


@cache
def load_rules(path: Path = RULES_PATH, stop_path: Path = STOP_PATH) -> CompanyRules:
    words: dict[str, set[str]] = {}
    cue_src: dict[str, list[str]] = {}
    for line_no, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            kind = row["kind"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad rule line ({exc})") from exc
        if kind.endswith("_cue"):
            cue_src.setdefault(kind, []).append(row["regex"])
        else:
            words.setdefault(kind, set()).add(row.get("word") or row.get("suffix"))
    stop = load_stop_words(stop_path)
    countries = "|".join(sorted(words.get("country", ()), key=len, reverse=True))
    en_places = _alternation(stop.get("place", frozenset()) | stop.get("demonym", frozenset()))
    cues = {
        k: tuple(re.compile(src.replace("{country}", countries).replace("{en_place}", en_places)) for src in v)
        for k, v in cue_src.items()
    }
    return CompanyRules({k: frozenset(v) for k, v in words.items()}, cues, stop)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _en_name_regex(rules: CompanyRules) -> re.Pattern:
    corp = _alternation(rules.words["en_corp_word"])
    legal = _alternation(rules.words["en_legal"])
    word = r"(?:[A-Z][A-Za-z0-9'’&\-]*|[0-9][A-Za-z0-9\-]*|&|of|and|de|la)"
    # A run of capitalised words, then corporate words and/or legal forms,
    # with an optional "(Yantai)" and commas between legal forms.
    paren = r"(?:\s?\([A-Z][A-Za-z ]{1,20}\))?"
    legal_run = rf"(?:,?\s(?:{legal})(?![A-Za-z]))"
    corp_run = rf"(?:\s(?:{corp})(?![A-Za-z]))"
    return re.compile(
        rf"(?<![A-Za-z0-9])(?P<name>{word}(?:[ \-]{word}){{0,5}}?)"
        rf"(?P<tail>{corp_run}+{paren}{legal_run}*|{paren}{legal_run}+)"
    )


def _zh_name_regex(rules: CompanyRules) -> re.Pattern:
    strong = _alternation(rules.words["zh_suffix"])
    weak = _alternation(rules.words.get("zh_weak_suffix", ()))
    both = f"{strong}|{weak}" if weak else strong
    legal = _alternation(rules.words["zh_legal"])
    paren = r"(?:[（(][\u4e00-\u9fff]{2,4}[)）])?"
    # Weak industry words (疫苗, 健康, 股份) make a company only with a legal form;
    # the legal-form branch comes first so a full legal name stays one match.
    return re.compile(rf"{paren}(?:(?:(?:{both}))+{paren}(?:{legal})|(?:(?:{both}))*(?:{strong}){paren}(?:{legal})?)")


# ---------------------------------------------------------------- the component


@dataclass
class _Cand:
    start: int
    end: int
    entity_id: str
    canonical: str
    known: bool
    name_zh: str | None
    company: bool = True  # False: a non-company that only blocks its place
    priority: int = 0  # gazetteer 2, name rule 1, cue 0


class CompanyFinder:
    """Finds company mentions in a Doc (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, rules: CompanyRules) -> None:
        self.gaz = gazetteer
        self.rules = rules
        forms = {a: i for a, i in gazetteer.surface_forms("NON_COMPANY").items()}
        forms.update(gazetteer.surface_forms("COMPANY"))
        self.scanner = AliasScanner(forms)
        self.en_regex = _en_name_regex(rules)
        self.zh_regex = _zh_name_regex(rules)
        self._stop_words = rules.words.get("non_company_word", frozenset())
        tail_words = (
            set(rules.words.get("zh_suffix", ()))
            | set(rules.words.get("zh_weak_suffix", ()))
            | set(rules.words.get("zh_legal", ()))
            | set(rules.words.get("en_corp_word", ()))
            | set(rules.words.get("en_legal", ()))
        )
        self._tail_regex = re.compile(rf"(?:[ ,]*(?:{_alternation(tail_words)}))+")
        self.short = self._known_short_forms()
        # One exact-case pass finds every short form; a compiled alternation of
        # a few hundred words stays linear in the text.
        self.short_regex = (
            re.compile(rf"(?<![A-Za-z0-9\-])(?:{_alternation(self.short)})(?![A-Za-z0-9\-])") if self.short else None
        )
        name = r"[A-Z][A-Za-z0-9&\-]*(?: [A-Z][A-Za-z0-9&\-]*){0,2}"
        # A bare comma joins names only inside a list (", X," or ", X and").
        self._after = re.compile(rf"(?:,? and| &|,(?= {name}(?:,| and)))(?: the)? (?P<name>{name})(?![A-Za-z0-9\-])")
        self._before = re.compile(rf"(?:(?<=, )|(?<![A-Za-z0-9\-]))(?P<name>{name})(?P<joiner> and| &|,) \Z")
        # A development code (HS-20094, LX-siR01): letters first, a digit inside.
        self._code = re.compile(r"[A-Za-z][A-Za-z\-_]{0,8}[0-9][A-Za-z0-9\-_]*\Z")

    def _known_short_forms(self) -> dict[str, tuple[str, ...]]:
        """Distinctive first words of known names made of that word and
        corporate words only: Sutro for Sutro Biopharma, Summit for Summit
        Therapeutics. Entry ids per word, operating companies before investors."""
        rules = self.rules
        corp = rules.words.get("en_corp_word", frozenset()) | rules.words.get("en_legal", frozenset())
        taken = {f.lower() for f in self.gaz.surface_forms("COMPANY")}
        taken |= {f.lower() for f in self.gaz.surface_forms("NON_COMPANY")}
        out: dict[str, list[tuple[bool, str]]] = {}
        for entry in self.gaz.entries("COMPANY"):
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

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        known = list(self._gazetteer_cands(doc))
        rule = self._en_rule_cands(text) + self._zh_rule_cands(doc) + self._cue_cands(text)
        cands = known + [c for r in rule if (c := self._against_known(r, known, text))]
        chosen = _resolve(cands)
        chosen = [c for c in chosen if c.company]
        chosen = self._drop_outlets(chosen, text)
        chosen += self._coordinated(chosen, text)
        _group_unknown(chosen, text)
        chosen += self._short_forms(chosen, text)
        chosen += self._known_short_cands(chosen, text)
        chosen.sort(key=lambda c: c.start)
        items = [
            (
                c.start,
                c.end,
                {"entity_id": c.entity_id, "canonical": c.canonical, "known": c.known, "name_zh": c.name_zh},
            )
            for c in chosen
        ]
        set_char_spans(doc, SPAN_KEY, items)
        return doc

    # -- gazetteer
    def _gazetteer_cands(self, doc: Doc) -> Iterator[_Cand]:
        text = doc_text(doc)
        edges = token_edges(doc) if _CJK_CHAR.search(text) else set()
        media = [m for m in (self.rules.stop or {}).get("media", ()) if has_cjk(m)]
        for start, end, entry_id in self.scanner.finditer(text):
            # jieba may glue an outlet's name to 周报; it still marks the outlet.
            if not cjk_aligned(text, start, end, edges) and not any(text.startswith(m, end) for m in media):
                continue
            entry = self.gaz.get(entry_id)
            if entry is None:
                continue
            yield _Cand(start, end, entry.id, entry.name, True, entry.name_zh, entry.label == "COMPANY", priority=2)

    def _classify(self, start: int, end: int, text: str, priority: int) -> _Cand | None:
        """A rule candidate: known entry, non-company, or a new company."""
        surface = text[start:end].strip()
        if not surface or self._is_generic(surface):
            return None
        entry = self.gaz.lookup(surface, "COMPANY")
        if entry is not None:
            return _Cand(start, end, entry.id, entry.name, True, entry.name_zh, True, priority)
        if self.rules.stopped(surface) or self.rules.has("generic_tail", surface):
            return None
        if any(surface.startswith(w) for w in (self.rules.stop or {}).get("vague_lead", ())):
            return None  # 某中德医疗: an unnamed company
        if priority == 0 and (self._code.match(surface) or self.gaz.lookup(surface, "DRUG") is not None):
            return None  # a context cue met a drug (Kovaltry, HS-20094), not a party
        short = self.short.get(surface)
        if short:
            entry = self.gaz.get(short[0])
            return _Cand(start, end, entry.id, entry.name, True, entry.name_zh, True, priority)
        entry = self.gaz.lookup(surface, "NON_COMPANY")
        if entry is not None or any(w in surface for w in self._stop_words if has_cjk(w)):
            return _Cand(start, end, "", "", True, None, False, priority)
        if set(re.findall(r"[A-Za-z]+", surface)) & self._stop_words:
            return _Cand(start, end, "", "", True, None, False, priority)
        key = normalise_name(surface)
        if not key:
            return None
        zh = surface if has_cjk(surface) else None
        return _Cand(start, end, "new:" + key, surface, False, zh, True, priority)

    def _is_generic(self, surface: str) -> bool:
        if self.rules.has("generic", surface):
            return True
        words = surface.replace(",", " ").split()
        core = [
            w for w in words if not (self.rules.has("en_corp_word", w) or self.rules.has("en_legal", w.rstrip(",")))
        ]
        return not core and not has_cjk(surface)

    def _against_known(self, c: _Cand, known: list[_Cand], text: str) -> _Cand | None:
        """A rule name holding a gazetteer name: the same company when only a
        place, legal form or industry word is added (江苏恒瑞医药股份有限公司);
        else the rule overreached (默沙东疫苗) and the gazetteer name stands."""
        inner = [k for k in known if c.start <= k.start and k.end <= c.end and (k.start, k.end) != (c.start, c.end)]
        if c.known or not inner:
            return c
        k = inner[0]
        head = text[c.start : k.start].strip()
        tail = text[k.end : c.end]
        tail = re.sub(r"[（(][^()（）]*[)）]", "", tail).strip(" ,.")
        head_ok = not head or self.rules.has("place", head) or self.rules.has("country", head)
        tail_ok = not tail or bool(self._tail_regex.fullmatch(tail))
        if head_ok and tail_ok and k.company:
            return _Cand(c.start, c.end, k.entity_id, k.canonical, True, k.name_zh, True, c.priority)
        # "Atlas Venture and Lyra Capital": a second name after the known one.
        joiner = re.match(r"(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s+)(?=[A-Z])", text[k.end : c.end])
        if joiner and not head:
            rest = self._classify(k.end + joiner.end(), c.end, text, c.priority)
            if rest is not None and not self._is_generic(text[rest.start : rest.end]):
                return rest
        return None

    # -- English names ending in corporate words
    def _en_rule_cands(self, text: str) -> list[_Cand]:
        out = []
        for m in self.en_regex.finditer(text):
            tail = re.sub(r"\([^)]*\)", "", m.group("tail"))
            if not tail.strip(" ,"):
                continue
            words = m.group("name").split(" ")
            start = m.start("name")
            # Drop leading sentence words ("Under", "The", "Chinese") and
            # lowercase joiners left at the front.
            while words and (
                self.rules.has("en_lead_stop", words[0])
                or words[0] in ("of", "and", "&")
                or _LEAD_NOISE.fullmatch(words[0])
                # Chinese places stay: they belong to the legal name.
                or (self.rules.stopped(words[0]) and not self.rules.has("place", words[0]) and len(words) > 1)
            ):
                start += len(words[0]) + 1
                words = words[1:]
            if not words:
                continue
            if words[-1] in ("of", "and", "&", "de", "la"):
                continue
            end = m.end()
            while end > start and text[end - 1] in " ,":
                end -= 1
            # "Nordic Biotech Daily": a name that goes on with a media word is
            # the outlet (page chrome), never a company.
            after = re.match(r" ([A-Z][a-z]+)", text[end : end + 20])
            if after and self.rules.stopped(after.group(1), ("media",)):
                continue
            cand = self._classify(start, end, text, 1)
            if cand:
                out.append(cand)
        return out

    # -- Chinese names ending in an industry word
    def _zh_rule_cands(self, doc: Doc) -> list[_Cand]:
        text = doc_text(doc)
        if not has_cjk(text):
            return []
        # Token index by end char; Token objects are built only where a name ends.
        ends = {end: i for i, end in enumerate(_token_offsets(doc)[1])}
        out = []
        for m in self.zh_regex.finditer(text):
            legal = any(m.group().endswith(s) for s in self.rules.words["zh_legal"])
            start = self._zh_name_start(doc, text, m.start(), ends, legal)
            if start is None:
                continue
            cand = self._classify(start, m.end(), text, 1)
            if cand:
                out.append(cand)
        return out

    def _zh_name_start(self, doc: Doc, text: str, pos: int, ends: dict, legal: bool) -> int | None:
        """Walk back from the industry word over name-like tokens: at most two
        name tokens (or one Latin name), plus a place in front of a legal name."""
        last = ends.get(pos)
        if last is None:
            return None
        limit = COMMON_WORD_FREQ if legal else RARE_WORD_FREQ
        name_chars = 0
        start = pos
        i = last
        taken = 0
        while i >= 0 and taken < 3:
            t = doc[i]
            w = t.text
            if self.rules.has("zh_stop", w) or self.rules.has("country", w):
                break
            if self.rules.has("place", w):
                if name_chars:  # a place in front of a name belongs to the legal name
                    start = t.idx
                break
            if re.fullmatch(r"[\u4e00-\u9fff]+", w):
                if jieba.dt.FREQ.get(w, 0) >= limit and not self.rules.has("zh_suffix", w):
                    break
                if any(self.rules.has("zh_stop", ch) for ch in w) and len(w) <= 2:
                    break
                if len(w) > 4 or name_chars + len(w) > 5:
                    break
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9\-]*", w):
                if name_chars:
                    break
            else:
                break
            name_chars += len(w)
            start = t.idx
            taken += 1
            i -= 1
            if i >= 0 and doc[i].text.isspace():
                break
        if not name_chars:
            return None
        return start

    # -- context cues
    def _cue_cands(self, text: str) -> list[_Cand]:
        kinds = ("zh_cue",) if has_cjk(text) else ()
        kinds += ("en_cue",)
        out = []
        for kind in kinds:
            for regex in self.rules.cues.get(kind, ()):
                for m in regex.finditer(text):
                    start, end = m.span("name")
                    words = m.group("name").split(" ")
                    while words and self.rules.has("en_lead_stop", words[0]):
                        start += len(words[0]) + 1
                        words = words[1:]
                    while len(words) > 1 and self.rules.has("generic_tail", words[-1]):
                        end -= len(words[-1]) + 1
                        words = words[:-1]
                    if not words or len(" ".join(words)) < 3:
                        continue
                    if any(self.rules.has("place", w) or self.rules.has("en_lead_stop", w) for w in words):
                        continue
                    cand = self._classify(start, end, text, 0)
                    if cand:
                        out.append(cand)
        return out

    # -- short forms of new companies elsewhere in the text
    def _short_forms(self, chosen: list[_Cand], text: str) -> list[_Cand]:
        taken = [(c.start, c.end) for c in chosen]
        out: list[_Cand] = []
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
            for m in re.finditer(rf"(?<![A-Za-z0-9\-]){re.escape(first)}(?![A-Za-z0-9\-])", text):
                if any(s <= m.start() < e for s, e in taken):
                    continue
                out.append(_Cand(m.start(), m.end(), c.entity_id, c.canonical, False, None, True, 0))
                taken.append(m.span())
        return out

    # -- the outlet's own name in the page chrome
    def _drop_outlets(self, chosen: list[_Cand], text: str) -> list[_Cand]:
        """A name followed by a media word (Daily, 周报, 医药报) is the outlet
        that published the page: every mention of it goes."""
        media = (self.rules.stop or {}).get("media", frozenset())
        if not media:
            return chosen
        outlets = set()
        for c in chosen:
            nxt = text[c.end : c.end + 4]
            word = re.match(r" ([A-Z][a-z]+)", nxt)
            if (word and word.group(1) in media) or any(nxt.startswith(m) for m in media if has_cjk(m)):
                outlets.add(c.entity_id)
        return [c for c in chosen if c.entity_id not in outlets]

    # -- names listed with a found company ("Sofinnova Partners and Forbion")
    def _coordinated(self, chosen: list[_Cand], text: str) -> list[_Cand]:
        """A capitalised name joined by "and", "&" or a comma to a company
        found in the text is a company too (deal parties, investor lists);
        each found company costs two anchored matches."""
        taken = _Taken(chosen)
        added: list[tuple[int, int]] = []
        out: list[_Cand] = []
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

    def _plain_name(self, start: int, end: int, text: str) -> _Cand | None:
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
        return self._classify(start, end, text, 0)

    # -- short forms of known companies (Summit, Sutro)
    def _known_short_cands(self, chosen: list[_Cand], text: str) -> list[_Cand]:
        if self.short_regex is None:
            return []
        taken = _Taken(chosen)
        present = {c.entity_id for c in chosen if c.known}
        out: list[_Cand] = []
        for m in self.short_regex.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            entry_id = self._short_entry(m.group(), present)
            entry = self.gaz.get(entry_id) if entry_id else None
            if entry is None:
                continue
            out.append(_Cand(m.start(), m.end(), entry.id, entry.name, True, entry.name_zh, True, 0))
        return out


class _Taken:
    """The char ranges of resolved (non-overlapping) mentions, for overlap
    checks in log time."""

    def __init__(self, chosen: list[_Cand]) -> None:
        spans = sorted((c.start, c.end) for c in chosen)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.ends, start)
        return i < len(self.starts) and self.starts[i] < end


def _resolve(cands: list[_Cand]) -> list[_Cand]:
    """Longest first, then the more trusted source; overlapping losers dropped."""
    chosen: list[_Cand] = []
    occupied: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        chosen.append(c)
        occupied.append((c.start, c.end))
    return chosen


def _group_key(c: _Cand, text: str, places: frozenset[str]) -> str:
    key = normalise_name(re.sub(r"[(（][^()（）]*[)）]", " ", text[c.start : c.end]))
    for p in places:
        if key.startswith(p) and len(key) > len(p) + 1:
            return key[len(p) :].lstrip()
    return key


def _group_unknown(chosen: list[_Cand], text: str) -> None:
    """Give one id to the surface forms of one new company: the shorter form a
    prefix of the longer (after a place word), long enough to be distinctive."""
    rules = load_rules()
    places = frozenset(normalise_name(p) for p in rules.words.get("place", ()))
    new = [c for c in chosen if not c.known]
    keyed = sorted(((_group_key(c, text, places), c) for c in new), key=lambda kc: -len(kc[0]))
    for i, (short, c) in enumerate(keyed):
        cjk = len(re.findall(r"[\u4e00-\u9fff]", short))
        if cjk < 2 and len(short) - cjk < 4:
            continue
        for long_key, other in keyed[:i]:
            if other.entity_id != c.entity_id and long_key.startswith(short):
                c.entity_id, c.canonical = other.entity_id, other.canonical
                c.name_zh = c.name_zh or other.name_zh
                break


@Language.factory("pharmanews_companies")
def make_company_finder(nlp: Language, name: str) -> CompanyFinder:
    return _shared_finder()


@cache
def _shared_finder() -> CompanyFinder:
    # One finder for both pipelines: it keeps no per-Doc state, and building
    # its scanner and rule regexes is most of a pipeline's start-up.
    return CompanyFinder(default_gazetteer(), load_rules())
