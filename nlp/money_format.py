"""Writing money amounts as the news does: `format_money(value, currency, style)`.

The inverse of `nlp.money`'s parser (``parse_money`` reads every style back);
currency symbols and Chinese words come from the same ``data/currencies.jsonl``
through `nlp.money.currency_names`.
"""

from __future__ import annotations

from decimal import Decimal

from nlp.money import clean_value, currency_names


def _plain(d: Decimal) -> str:
    return format(clean_value(d), "f")


def _int_to_cn(n: int, leading: bool = True) -> str:
    """Chinese numerals for a non-negative integer (十五亿, 两千五百万 style)."""
    digits = "零一二三四五六七八九"
    if n >= 10**8:
        hi, lo = divmod(n, 10**8)
        s = _int_to_cn(hi, leading) + "亿"
        return s + (("零" if lo < 10**7 else "") + _int_to_cn(lo, False) if lo else "")
    if n >= 10**4:
        hi, lo = divmod(n, 10**4)
        s = _int_to_cn(hi, leading) + "万"
        return s + (("零" if lo < 1000 else "") + _int_to_cn(lo, False) if lo else "")
    if n == 0:
        return "零"
    out, zero = "", False
    for unit, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero and out:
                out += "零"
            if not (unit == 10 and d == 1 and leading and not out):
                out += digits[d]
            out += char
            zero = False
        elif out:
            zero = True
    return out


def _en_scaled(value: Decimal, short: bool) -> str:
    for limit, word, abbr in ((10**12, "trillion", "tn"), (10**9, "billion", "bn"), (10**6, "million", "m")):
        if value >= limit:
            return _plain(value / limit) + (abbr if short else " " + word)
    return f"{clean_value(value):,f}"


def format_money(value: Decimal, currency: str, style: str) -> str:
    """Write an amount as the news does; `parse_money` reads every style back.

    Styles: "en_symbol" ($1.5 billion, HK$150 million, €20m), "en_code"
    (USD 1,500,000), "zh" (15亿美元, 1.5亿元人民币), "zh_numeral" (十五亿美元).
    """
    names = currency_names()
    value = Decimal(value)
    if currency not in names:
        raise ValueError(f"unknown currency {currency!r}; known: {', '.join(sorted(names))}")
    symbol, zh_word = names[currency]
    if style == "en_symbol":
        short = currency in ("EUR", "GBP")
        return f"{symbol}{_en_scaled(value, short)}"
    if style == "en_code":
        return f"{currency} {clean_value(value):,f}"
    if style == "zh":
        if value >= 10**8:
            num = _plain(value / 10**8) + "亿"
        elif value >= 10**4:
            num = _plain(value / 10**4) + "万"
        else:
            num = _plain(value)
        return num + zh_word
    if style == "zh_numeral":
        whole = int(value)
        frac = _plain(value - whole)
        num = _int_to_cn(whole)
        if frac != "0":
            num += "点" + "".join("零一二三四五六七八九"[int(c)] for c in frac.split(".")[1])
        return num + zh_word
    raise ValueError(f"unknown style {style!r}; use en_symbol, en_code, zh or zh_numeral")
