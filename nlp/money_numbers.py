"""Numbers in money amounts: the numeral tables (``data/numerals.jsonl``) and `parse_number`.

Pure Python, exact ``Decimal`` values; `nlp.money` finds the amounts and
calls these to read their numbers. What is read:

- Arabic with ``,`` thousands separators; ``1.500.000`` is read as thousands
  only with two or more dot groups (``1.500`` stays 1.5);
- Chinese numerals, financial ones too (十五亿, 叁仟万, 两亿, 一点五亿), and mixes
  (1.16亿, 1亿5000万, 5千万), with 余/多 inside (10余亿) flagged as "over";
- English scale words (million/billion/bn/m/M/mn/k/thousand/trillion, crore,
  lakh) and number words (two billion).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from nlp.data_files import read_jsonl

NUMERALS_PATH = Path(__file__).parent / "data" / "numerals.jsonl"


def _load_tables(path: Path = NUMERALS_PATH) -> dict[str, dict[str, int]]:
    """The numeral tables by kind, in file order (regex alternations are built in that order)."""
    tables: dict[str, dict[str, int]] = {}
    for line_no, row in read_jsonl(path):
        try:
            tables.setdefault(row["kind"], {})[row.get("char") or row["word"]] = int(row["value"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{line_no}: bad numeral line ({exc})") from exc
    return tables


_TABLES = _load_tables()
CN_DIGITS = _TABLES["cn_digit"]  # 一 1, 壹 1, 两 2 ...
CN_SMALL = _TABLES["cn_small"]  # 十 百 千 and their financial forms
CN_BIG = _TABLES["cn_big"]  # 万 亿
EN_SCALES = _TABLES["en_scale"]  # billion, bn, m, crore, lakh ...
EN_WORD_NUMBERS = _TABLES["en_number"]  # a, one, two ... hundred
# Regex character classes: any Chinese numeral char, and the unit chars alone.
CN_CLASS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG) + "点"
UNIT_CLASS = "".join(CN_SMALL) + "".join(CN_BIG)
# Compiled once: parse_number runs for every amount candidate.
_BLANK = re.compile(r"\s")
_TOKEN = re.compile(r"\d[\d,.]*|.")
_TRAILING_UNITS = re.compile(rf"[\d.,]+([{UNIT_CLASS}]+)")
# Chars that may sit inside a written number: a money window never starts among them.
NUMERAL_CHARS = frozenset("0123456789.,点余多" + "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG))

# Regex sources for `nlp.money`'s grammar. An Arabic number: dotted thousands
# (two or more groups), comma thousands, or plain digits with a decimal part.
_ARABIC = r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?)"
# possessive and with one way only to read each char: no backtracking blow-up
NUMBER_PATTERN = (
    rf"(?:{_ARABIC}|[{CN_CLASS}])(?:{_ARABIC}|[{CN_CLASS}]|\s(?=[{UNIT_CLASS}])|[余多](?=\s?[{UNIT_CLASS}]))*+"
)
SCALE_WORDS = "|".join(sorted((k for k in EN_SCALES if len(k) > 1), key=len, reverse=True))
SCALE_PATTERN = rf"(?:[\s-]?(?i:{SCALE_WORDS})|[mMbBkK])(?![A-Za-z])"
WORD_NUMBERS = "|".join(sorted(EN_WORD_NUMBERS, key=len, reverse=True))


def _arabic(tok: str) -> Decimal | None:
    """An Arabic number as written: 1,500,000 / 1.500.000 / 1.500.000,50 / 52.3."""
    if tok.count(".") >= 2:
        tok = tok.replace(".", "").replace(",", ".")
    else:
        tok = tok.replace(",", "")
    try:
        d = Decimal(tok)
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def parse_number(s: str) -> tuple[Decimal, bool] | None:
    """Value of a Chinese/Arabic number expression (十五亿, 1.16亿, 1亿5000万, 叁仟万).

    Returns (value, has_over) where has_over is true for 余/多 (10余亿), or None
    when `s` is not a well-formed number (二〇二三, a bare unit like 亿).
    """
    s = _BLANK.sub("", s)
    over = "余" in s or "多" in s
    s = s.replace("余", "").replace("多", "")
    tokens = _TOKEN.findall(s)
    if not tokens or not (tokens[0][0].isdigit() or tokens[0] in CN_DIGITS or tokens[0] in ("十", "拾")):
        return None
    yi = wan = sec = Decimal(0)
    num: Decimal | None = None
    frac: str | None = None  # digits after 点
    prev_zero = False
    last_small = 10**5
    seen_big: set[int] = set()
    wan_yi = False  # the last 亿 closed a 万亿

    def close_frac() -> bool:
        nonlocal num, frac
        if frac is not None:
            if not frac or num is None:
                return False
            num = Decimal(f"{int(num)}.{frac}")
            frac = None
        return True

    for tok in tokens:
        if tok[0].isdigit():
            if num is not None or frac is not None:
                return None
            num = _arabic(tok)
            if num is None:
                return None
            prev_zero = False
        elif tok in CN_DIGITS:
            d = CN_DIGITS[tok]
            if frac is not None:
                frac += str(d)
                continue
            if num is not None and not prev_zero:
                return None
            num, prev_zero = Decimal(d), d == 0
        elif tok == "点":
            if num is None:  # 十点五: the integer part is still in `sec`
                num, sec = sec, Decimal(0)
            if frac is not None or num != num.to_integral_value():
                return None
            frac = ""
        elif tok in CN_SMALL:
            if not close_frac():
                return None
            u = CN_SMALL[tok]
            if u >= last_small:
                return None
            sec += (num if num is not None else Decimal(1)) * u
            num, last_small, prev_zero = None, u, False
        elif tok in CN_BIG:
            if not close_frac():
                return None
            u = CN_BIG[tok]
            part = sec + (num if num is not None else Decimal(0))
            if u == 10**4:
                if 10**4 in seen_big and 10**8 not in seen_big or part == 0:
                    return None
                wan = part * u
            else:
                if part == 0 and wan == 0:
                    return None
                if 10**8 in seen_big and not (wan_yi and wan == 0 and part < 10**4):
                    return None  # 1亿1亿: only 3万亿5000亿 may repeat 亿
                if 10**8 in seen_big:
                    yi += part * u
                else:
                    yi = (yi + wan + part) * u
                wan_yi = wan != 0 and part == 0
                wan = Decimal(0)
                seen_big.discard(10**4)
            seen_big.add(u)
            sec, num, last_small, prev_zero = Decimal(0), None, 10**5, False
        else:
            return None
    if not close_frac():
        return None
    value = yi + wan + sec + (num if num is not None else Decimal(0))
    if value <= 0:
        return None
    return value, over


def clean_value(value: Decimal) -> Decimal:
    """`value` written plainly: 1.5E+9 as 1500000000, 2.50 as 2.5."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def scale_factor(word: str | None) -> int:
    """The multiplier of an English scale word as matched (" billion", "-bn", "M"); 1 for none."""
    return EN_SCALES.get(word.strip().lstrip("-").strip().lower(), 1) if word else 1


def trailing_units(num_text: str) -> str:
    """The Chinese units closing an Arabic number (亿 of 2亿, 万亿 of 3万亿), else ""."""
    m = _TRAILING_UNITS.fullmatch(num_text.replace(" ", ""))
    return m.group(1) if m else ""
