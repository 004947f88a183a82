"""The money parser: a table of zh/en cases (fixtures/money/cases.jsonl) and property tests."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.money import MoneyMatch, find_money, parse_money, parse_number
from nlp.money_format import format_money

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "fixtures" / "money" / "cases.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
CURRENCIES = ["USD", "CNY", "EUR", "GBP", "HKD", "JPY", "KRW", "CHF", "INR"]
STYLES = ["en_symbol", "en_code", "zh", "zh_numeral"]


def test_the_table_covers_both_languages_and_not_money():
    langs = {c["lang"] for c in CASES}
    assert langs == {"zh", "en"}
    assert sum(1 for c in CASES if not c["expected"]) >= 20
    assert {e[1] for c in CASES for e in c["expected"]} >= set(CURRENCIES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:30]}" for c in CASES])
def test_find_money_table(case):
    got = [(m.value, m.currency, m.qualifier) for m in find_money(case["text"])]
    expected = [(Decimal(v), cur, q) for v, cur, q in case["expected"]]
    assert got == expected


@pytest.mark.parametrize("case", [c for c in CASES if c["expected"]], ids=lambda c: c["text"][:30])
def test_offsets_point_at_the_text(case):
    text = case["text"]
    found = find_money(text)
    last = 0
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.start >= last  # in order, never overlapping
        last = m.end


@pytest.mark.parametrize(
    ("text", "value", "currency", "qualifier"),
    [
        ("超15亿美元", "1500000000", "USD", "over"),
        ("$52.3 billion", "52300000000", "USD", None),
        ("$174.85", "174.85", "USD", None),
        ("1.5亿元人民币", "150000000", "CNY", None),
        ("  US$150 million ", "150000000", "USD", None),
        ("叁仟万元", "30000000", "CNY", None),
    ],
)
def test_parse_money_exact(text, value, currency, qualifier):
    m = parse_money(text)
    assert isinstance(m, MoneyMatch)
    assert (m.value, m.currency, m.qualifier) == (Decimal(value), currency, qualifier)
    assert str(m.value) == value  # exact, no float rounding or exponent


@pytest.mark.parametrize(
    "text", ["", "   ", "hello", "15亿美元和2亿欧元", "$1-2 billion", "3亿剂", "数十亿美元", None, 42]
)
def test_parse_money_is_none_unless_exactly_one_amount(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("十五亿", 1_500_000_000), ("两亿", 200_000_000), ("1.16亿", 116_000_000), ("一千零五", 1005),
     ("叁仟万", 30_000_000), ("1亿5000万", 150_000_000), ("十点五", Decimal("10.5")), ("一万零五亿", 1_000_500_000_000)],
)  # fmt: skip
def test_parse_number(text, value):
    assert parse_number(text) == (Decimal(value), False)


@pytest.mark.parametrize("text", ["二〇二三", "亿", "万亿", "十十", "点五", "1.2.3x"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("value", "currency", "style", "expected"),
    [
        ("1500000000", "USD", "en_symbol", "$1.5 billion"),
        ("150000000", "HKD", "en_symbol", "HK$150 million"),
        ("20000000", "EUR", "en_symbol", "€20m"),
        ("1500000", "USD", "en_code", "USD 1,500,000"),
        ("1500000000", "USD", "zh", "15亿美元"),
        ("25000000", "USD", "zh", "2500万美元"),
        ("150000000", "CNY", "zh", "1.5亿元人民币"),
        ("1500000000", "USD", "zh_numeral", "十五亿美元"),
    ],
)
def test_format_money(value, currency, style, expected):
    assert format_money(Decimal(value), currency, style) == expected


@pytest.mark.parametrize(("currency", "style"), [("XXX", "zh"), ("USD", "fancy")])
def test_format_money_rejects_unknown(currency, style):
    with pytest.raises(ValueError, match="unknown"):
        format_money(Decimal(1), currency, style)


@pytest.mark.parametrize(
    ("text", "count"),
    [("$" * 20000, 0), ("1亿" * 10000 + "美元", 1), ("1元" * 5000, 5000), ("一" * 20000, 0),
     ("$1-" * 5000, 5000), ("1 " * 10000 + "美元", 1), ("neuro" * 5000, 0)],
)  # fmt: skip
def test_long_degenerate_text(text, count):
    found = find_money(text)
    assert len(found) == count
    assert all(text[m.start : m.end] == m.text for m in found)


# --- property tests -------------------------------------------------------------

MONEYISH = st.lists(
    st.sampled_from(list("0123456789.,-~ 亿万千百十零一二两三五叁仟元美港币人民$€£¥￥₩₹%股剂数约超近最高达")
                    + ["US$", "HK$", "RMB", "USD", " billion", " million", "bn", "m", "M", " yuan", " to "]),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), MONEYISH, st.lists(MONEYISH, max_size=5).map("".join)))
def test_find_money_never_raises(text):
    found = find_money(text)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.value > 0
    parse_money(text)


# Values as the news writes them: whole amounts and two-decimal prices.
AMOUNTS = st.one_of(
    st.integers(min_value=1, max_value=10**13).map(Decimal),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000000"), places=2).filter(lambda d: d > 0),
)


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, st.sampled_from(CURRENCIES), st.sampled_from(STYLES))
def test_format_then_parse_gives_the_value_back(value, currency, style):
    text = format_money(value, currency, style)
    m = parse_money(text)
    assert m is not None, text
    assert (m.value, m.currency) == (value, currency), text
