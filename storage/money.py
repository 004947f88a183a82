"""Convert an exact amount to US dollars with the dated rate table in `data/usd_rates.json`.

The rate is the one for the article's month if the table has it, else its
year, else the nearest year the table knows (so a 2026 article still gets a
value). An unknown currency converts to None, never to a guess.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

RATES_FILE = Path(__file__).parent / "data" / "usd_rates.json"


@cache
def _rates() -> dict[str, dict[str, float]]:
    return json.loads(RATES_FILE.read_text(encoding="utf-8"))["rates"]


def usd_rate(currency: str, date: str | None = None) -> float | None:
    """US dollars per unit of `currency` on `date` (ISO, may be None)."""
    table = _rates().get((currency or "").upper())
    if not table:
        return None
    date = date or ""
    if date[:7] in table:
        return table[date[:7]]
    years = sorted(k for k in table if len(k) == 4)
    if date[:4] in table:
        return table[date[:4]]
    if not years:
        return None
    if not date[:4].isdigit():
        return table[years[-1]]
    # Nearest known year: the closest earlier one, else the first.
    earlier = [y for y in years if y <= date[:4]]
    return table[earlier[-1] if earlier else years[0]]


def to_usd(value: Decimal | str | int | float, currency: str, date: str | None = None) -> float | None:
    """`value` units of `currency` in US dollars, rounded to cents; None when unknown."""
    rate = usd_rate(currency, date)
    if rate is None:
        return None
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        return None
    if not exact.is_finite():
        return None
    return round(float(exact * Decimal(str(rate))), 2)
