"""Money in Chinese and English text: find and parse amounts exactly (formatting: nlp.money_format).

The project's one money parser; pure Python, no spaCy. The currency words,
symbols, qualifiers and vague-sum words live in ``data/currencies.jsonl``.

Rules (see ``../shared/eval/GUIDELINES.md``, "amounts"):

- An amount needs a currency: a prefix (``US$``, ``€``, ``RMB``, ``人民币``) or a
  suffix (``美元``, ``元``, ``亿元``, ``yuan``, ``euros``). A bare number is never
  money, so percentages, doses, patient counts, share counts (1.16亿股), counts
  with 亿 (3亿剂), stock codes and years are left alone.
- Numbers (Arabic, Chinese, mixed, scale words) are read by
  `nlp.money_numbers`; values are exact ``Decimal``.
- Vague sums are not amounts: a Chinese numeral run right after 数/几/若干
  (数十亿美元, 几百万元), or one starting with a bare unit (上亿, 百万美元, 亿元);
  English words such as "several billion" or "billions of dollars" never match.
- ``¥``/``￥`` is JPY or CNY from context: a suffix (yen, 日元, 元) decides;
  otherwise cue words within 300 characters (yen, 日元, Japan, Takeda ... versus
  yuan, 人民币, RMB, China ...) are counted and the larger count wins; on a tie,
  CNY when the text around has Han characters, else JPY.
- Ranges (``$1-2 billion``, ``1亿-2亿美元``, ``1 to 2 billion dollars``) give both
  stated bounds as two amounts; a bound with no scale or currency borrows the
  other's.
- Qualifiers in front (超, 逾, 约, 近, 最高, 不超过, up to, more than, about ...) or
  behind (以上, 左右, -plus), and 余/多 inside (10余亿), are kept in
  ``qualifier`` ("over", "about", "nearly", "up_to", "at_least"); the value is
  the stated number. A qualifier in front is part of the match's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from nlp.data_files import read_jsonl
from nlp.money_numbers import (
    CN_CLASS,
    EN_SCALES,
    EN_WORD_NUMBERS,
    NUMBER_PATTERN,
    NUMERAL_CHARS,
    SCALE_PATTERN,
    SCALE_WORDS,
    UNIT_CLASS,
    WORD_NUMBERS,
    clean_value,
    parse_number,
    scale_factor,
    trailing_units,
)
from nlp.regex_trees import tree_alternation

_DATA = Path(__file__).parent / "data" / "currencies.jsonl"

_AMBIGUOUS = "?YEN"  # currency placeholder for ¥ until context decides
_REACH_BACK = 48  # how far before a currency word its number may start
_REACH_AHEAD = 72  # how far after a currency symbol its number, scale and suffix may end
_MARGIN = 24
_RANGE_SEP = r"(?:\s?(?:-|–|—|~|～|至|到)\s?|\sto\s)"
# A number with nothing after it (no scale, unit or suffix) is not money when
# one of these follows: 5% / 2019年 / 10 mg.
_UNIT = re.compile(f"[{UNIT_CLASS}]")  # 万, 亿 ... in a number's text
_PLAIN_NUMBER = re.compile(r"\d+")
_SEPARATOR = re.compile(r"[,.]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_MONEY_AFTER = re.compile(r"\s?(?:[%％年月日个家名例股剂人倍次岁]|(?:mg|ml|mL|kg|μg|mcg|percent)\b)")


@dataclass(frozen=True)
class MoneyMatch:
    """One amount found in a text: char offsets, exact value, ISO currency."""

    start: int
    end: int
    text: str
    value: Decimal
    currency: str
    qualifier: str | None


@dataclass(frozen=True)
class _Grammar:
    regex: re.Pattern
    anchor: re.Pattern  # any currency word or symbol
    single: re.Pattern  # the same without ranges, tried when a range is not one
    prefixes: dict[str, str]
    suffixes: dict[str, str]
    weak_suffixes: frozenset[str]
    qual_before: re.Pattern
    qual_after: re.Pattern
    qual_map: dict[str, str]
    vague: tuple[str, ...]
    yen_cues: dict[str, tuple[str, ...]]
    yen_default_han: str
    yen_default_other: str
    symbols: dict[str, str]
    zh_words: dict[str, str]


def _alt(words: list[str]) -> str:
    """A regex alternation, longest first, with word boundaries on Latin edges.

    Words are grouped by their first character, written as a plain literal, so
    that re skips a group with one comparison (an alternative that opens with a
    look-behind is entered at every position); the word-edge look-behind comes
    right after that character and tests the same place.
    """
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[0], []).append(w)
    parts = []
    for first, group in groups.items():
        head = re.escape(first)
        if first.isascii() and (first.isalpha() or first == "$"):
            head += rf"(?<![A-Za-z]{re.escape(first)})"
        rests = []
        for w in group:  # still longest first: an empty rest comes last
            p = re.escape(w[1:])
            if w[-1].isascii() and w[-1].isalpha():
                p += r"(?![A-Za-z])"
            elif w in ("元", "圆"):
                p += r"(?![素件组器宵])"  # 元素, 元件: not money
            rests.append(p)
        parts.append(head + ("(?:" + "|".join(rests) + ")" if rests != [""] else ""))
    return "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    prefixes: dict[str, str] = {}
    suffixes: dict[str, str] = {}
    weak: set[str] = set()
    quals: dict[str, tuple[list[str], list[str]]] = {}
    vague: list[str] = []
    symbols: dict[str, str] = {}
    zh_words: dict[str, str] = {}
    yen: dict = {}
    for _, row in read_jsonl(_DATA):
        kind = row["kind"]
        if kind == "currency":
            for p in row["prefix"]:
                prefixes[p] = row["code"]
            for s in row["suffix"]:
                suffixes[s] = row["code"]
            weak.update(row.get("weak_suffix", []))
            symbols[row["code"]] = row["symbol"]
            zh_words[row["code"]] = row["zh"]
        elif kind == "ambiguous":
            for p in row["symbol"]:
                prefixes[p] = _AMBIGUOUS
            yen = row
        elif kind == "qualifier":
            quals[row["qualifier"]] = (row["before"], row["after"])
        elif kind == "vague":
            vague.extend(row["before"])
    qual_map = {}
    for q, (before, after) in quals.items():
        for w in before + after:
            qual_map[w.lower()] = q
    before_alt = _alt([w for b, _ in quals.values() for w in b])
    after_alt = _alt([w for _, a in quals.values() for w in a])

    pre, suf = _alt(list(prefixes)), _alt(list(suffixes))

    def bound(tag: str) -> str:
        return rf"(?P<{tag}num>{NUMBER_PATTERN})(?P<{tag}scale>{SCALE_PATTERN})?"

    # Every amount starts with a digit, a Chinese numeral, a currency prefix or a
    # number word: one class test turns away all other places before re enters
    # the branches (each opens with a group or look-behind, never skipped fast),
    # and each branch opens with the test of its own first characters, so a
    # place enters only the branches that can start there.
    firsts = "".join(sorted({re.escape(w[0]) for w in prefixes}))
    word_firsts = "".join(sorted({w[0] for w in EN_WORD_NUMBERS}))
    start = rf"(?=[\d{CN_CLASS}{firsts}]|(?<![A-Za-z])(?i:[{word_firsts}]))"
    at_pre, at_num, at_word = rf"(?=[{firsts}])", rf"(?=[\d{CN_CLASS}])", rf"(?=(?i:[{word_firsts}]))"
    singles = [
        # currency in front: $1.5 billion, 人民币254亿元, USD 1,500,000
        rf"{at_pre}(?P<apre>{pre})\s?{bound('a')}(?:\s?(?P<asuf>{suf}))?",
        # currency behind: 15亿美元, 1 billion yuan, 1,500,000 USD
        rf"{at_num}{bound('b')}\s?(?P<bsuf>{suf})",
        # English number words: two billion dollars
        rf"{at_word}(?<![A-Za-z])(?P<wnum>(?i:{WORD_NUMBERS}))\s(?P<wscale>(?i:{SCALE_WORDS}))\s(?P<wsuf>{suf})",
    ]
    pattern = "|".join(
        [
            # range with a currency in front: $1-2 billion, US$50-100 million
            rf"{at_pre}(?P<r1pre>{pre})\s?{bound('r1a')}{_RANGE_SEP}(?:(?P<r1pre2>{pre})\s?)?{bound('r1b')}"
            rf"(?:\s?(?P<r1suf>{suf}))?",
            # range with a currency behind: 1-2亿美元, 1 to 2 billion dollars
            rf"{at_num}{bound('r2a')}{_RANGE_SEP}{bound('r2b')}\s?(?P<r2suf>{suf})",
            *singles,
        ]
    )
    return _Grammar(
        regex=re.compile(f"{start}(?:{pattern})"),
        anchor=re.compile(tree_alternation({*prefixes, *suffixes})),
        single=re.compile(f"{start}(?:{'|'.join(singles)})"),
        prefixes=prefixes,
        suffixes=suffixes,
        weak_suffixes=frozenset(weak),
        qual_before=re.compile(rf"(?i:{before_alt})\s?$"),
        qual_after=re.compile(rf"\s?(?i:{after_alt})"),
        qual_map=qual_map,
        vague=tuple(vague),
        yen_cues={k: tuple(v) for k, v in yen.get("cues", {}).items()},
        yen_default_han=yen.get("default_han", "CNY"),
        yen_default_other=yen.get("default_other", "JPY"),
        symbols=symbols,
        zh_words=zh_words,
    )


def _resolve_yen(text: str, start: int, end: int) -> str:
    g = _grammar()
    window = text[max(0, start - 300) : end + 300]
    low = window.lower()
    scores = {code: sum(low.count(c.lower()) for c in cues) for code, cues in g.yen_cues.items()}
    jpy, cny = scores.get("JPY", 0), scores.get("CNY", 0)
    if jpy != cny:
        return "JPY" if jpy > cny else "CNY"
    return g.yen_default_han if _HAN.search(window) else g.yen_default_other


def _currency(text: str, start: int, end: int, pre: str | None, suf: str | None) -> str | None:
    g = _grammar()
    p = g.prefixes.get(pre) if pre else None
    s = g.suffixes.get(suf) if suf else None
    if p and s and p != s:
        # a specific word behind beats a generic symbol in front ($ / ¥)
        code = s if pre in ("$", "¥", "￥") else p
    else:
        code = p or s
    if code == _AMBIGUOUS:
        code = _resolve_yen(text, start, end)
    return code


def _is_vague(text: str, num_start: int, num_text: str) -> bool:
    if num_text[0].isdigit():
        return False
    before = text[max(0, num_start - 2) : num_start]
    return any(before.endswith(v) for v in _grammar().vague)


def _amount(
    text: str, start: int, end: int, num_text: str, num_start: int, scale: str | None,
    pre: str | None, suf: str | None, borrow_units: str = "",
) -> tuple[Decimal, str, bool] | None:  # fmt: skip
    """Value, currency and 余/多 flag of one amount, or None when it is not money."""
    g = _grammar()
    if _is_vague(text, num_start, num_text):
        return None
    parsed = parse_number(num_text + borrow_units)
    if parsed is None:
        return None
    value, over = parsed
    has_unit = bool(_UNIT.search(num_text + borrow_units))
    if not scale and not suf:
        if not has_unit and _NOT_MONEY_AFTER.match(text, end):
            return None
        if pre and not pre[0].isascii() and pre not in ("¥", "￥", "€", "£", "₩", "₹") and not has_unit:
            return None  # 人民币2023年...: a Chinese currency word needs 万/亿 or 元 behind
    if suf and not scale and not has_unit:
        plain = _PLAIN_NUMBER.fullmatch(num_text)
        if suf in g.weak_suffixes and not _SEPARATOR.search(num_text):
            return None  # "2019 won", "5 pounds" of weight
        if plain and suf[0].isascii() and 1900 <= int(num_text) <= 2100:
            return None  # "2019 dollars"
    currency = _currency(text, start, end, pre, suf)
    if currency is None:
        return None
    return clean_value(value * scale_factor(scale)), currency, over


def _qualifier(text: str, start: int, end: int) -> tuple[int, int, str | None]:
    g = _grammar()
    q = None
    m = g.qual_before.search(text, max(0, start - 24), start)
    if m:
        q = g.qual_map.get(m.group(0).strip().lower())
        start -= len(m.group(0))
    m = g.qual_after.match(text, end)
    if m and q is None:
        q = g.qual_map.get(m.group(0).strip().lower())
        end = m.end()
    return start, end, q


def _from_match(text: str, m: re.Match) -> list[tuple[int, int, Decimal, str, bool]]:
    """Turn one regex match into amounts (start, end, value, currency, over)."""
    out = []
    gd = m.groupdict()
    if gd.get("r1anum") is not None or gd.get("r2anum") is not None:
        tag = "r1" if gd["r1anum"] is not None else "r2"
        pre = gd.get(f"{tag}pre")
        pre2 = gd.get(f"{tag}pre2") or pre
        suf = gd[f"{tag}suf"]
        a_num, b_num = gd[f"{tag}anum"], gd[f"{tag}bnum"]
        a_scale = gd[f"{tag}ascale"] or gd[f"{tag}bscale"]
        borrow = "" if _UNIT.search(a_num) or gd[f"{tag}ascale"] else trailing_units(b_num)
        a_end = m.end(f"{tag}ascale") if gd[f"{tag}ascale"] else m.end(f"{tag}anum")
        a = _amount(text, m.start(), a_end, a_num, m.start(f"{tag}anum"), a_scale, pre, suf, borrow)
        b_start = m.start(f"{tag}pre2") if gd.get(f"{tag}pre2") else m.start(f"{tag}bnum")
        b = _amount(text, b_start, m.end(), b_num, m.start(f"{tag}bnum"), gd[f"{tag}bscale"], pre2, suf)
        # "$5 million to 3 partners" is no range: the second bound must look like money
        b_has = gd[f"{tag}bscale"] or suf or gd.get(f"{tag}pre2") or _UNIT.search(b_num)
        a_only = gd[f"{tag}ascale"] and not gd[f"{tag}bscale"]
        if a and b and b_has and not a_only:
            out.append((m.start(), a_end, *a))
            out.append((b_start, m.end(), *b))
        return out
    if gd["anum"] is not None:
        a = _amount(text, m.start(), m.end(), gd["anum"], m.start("anum"), gd["ascale"], gd["apre"], gd["asuf"])
    elif gd["bnum"] is not None:
        a = _amount(text, m.start(), m.end(), gd["bnum"], m.start("bnum"), gd["bscale"], None, gd["bsuf"])
    else:
        n = Decimal(EN_WORD_NUMBERS[gd["wnum"].lower()])
        cur = _currency(text, m.start(), m.end(), None, gd["wsuf"])
        a = (n * EN_SCALES[gd["wscale"].lower()], cur, False) if cur else None
    if a:
        out.append((m.start(), m.end(), *a))
    return out


def find_money(text: str) -> list[MoneyMatch]:
    """Every monetary amount in `text`, in order, non-overlapping, with char offsets."""
    if not isinstance(text, str) or not text:
        return []
    g = _grammar()
    found: list[MoneyMatch] = []
    pos = 0
    # Only the neighbourhood of a currency word or symbol can hold money, so the
    # full grammar runs in small windows around them: linear time on long texts.
    for anchor in g.anchor.finditer(text):
        if anchor.end() <= pos:
            continue
        lo = max(pos, anchor.start() - _REACH_BACK)
        floor = max(pos, lo - _REACH_BACK)
        while lo > floor and text[lo - 1] in NUMERAL_CHARS:  # never start inside a number
            lo -= 1
        hi = min(len(text), anchor.end() + _REACH_AHEAD)
        pos = _scan(text, lo, hi, anchor.start(), found)
    return found


def _scan(text: str, pos: int, hi: int, anchor: int, found: list[MoneyMatch]) -> int:
    """Add the amounts of text[pos:hi] to `found`; return where the next scan may start."""
    g = _grammar()
    while pos < hi:
        m = g.regex.search(text, pos, hi)
        if m is None:
            # every start before hi - _REACH_BACK was tried with room for a whole amount
            return max(pos, hi - _REACH_BACK) if hi < len(text) else hi
        if m.end() > hi - _MARGIN and hi < len(text) and m.start() > anchor:
            break  # may be cut short by the window; the next anchor's window sees it whole
        amounts = _from_match(text, m)
        if not amounts and (m.group("r1anum") or m.group("r2anum")):
            m2 = g.single.match(text, m.start(), hi)
            if m2:
                m, amounts = m2, _from_match(text, m2)
        if not amounts:
            pos = m.start() + 1  # not money here; a shorter match may start inside
            continue
        last = found[-1].end if found else 0
        for start, end, value, currency, over in amounts:
            qs, qe, q = _qualifier(text, start, end)
            if q is None and over:
                q = "over"
            qs = max(qs, last)
            found.append(MoneyMatch(qs, qe, text[qs:qe], value, currency, q))
            last = qe
        pos = max(m.end(), last)
    return pos


def parse_money(s: str) -> MoneyMatch | None:
    """The amount that `s` is exactly (surrounding blanks allowed), else None. Never raises."""
    if not isinstance(s, str):
        return None
    stripped = s.strip()
    if not stripped:
        return None
    try:
        found = find_money(stripped)
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        return None
    if len(found) != 1 or found[0].start != 0 or found[0].end != len(stripped):
        return None
    return found[0]


def currency_names() -> dict[str, tuple[str, str]]:
    """Each ISO code of data/currencies.jsonl with its symbol ($, HK$) and Chinese word (美元)."""
    g = _grammar()
    return {code: (g.symbols[code], g.zh_words[code]) for code in g.symbols}


def __getattr__(name: str) -> object:
    # format_money lives in nlp.money_format, which reads this module's
    # currency table; importing it lazily keeps `from nlp.money import
    # format_money` working without a circular import.
    if name == "format_money":
        from nlp.money_format import format_money

        return format_money
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
