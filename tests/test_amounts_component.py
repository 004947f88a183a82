"""The pharmanews_amounts component on blank zh (jieba) and en pipelines."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import spacy

import nlp.components.amounts  # noqa: F401 - registers the component
from nlp.model import Amount

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "fixtures" / "money" / "component_cases.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]


def _pipeline(lang: str, sentencizer: bool = True):
    if lang == "zh":
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    else:
        nlp = spacy.blank("en")
    if sentencizer:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("pharmanews_amounts")
    return nlp


@pytest.fixture(scope="module")
def pipelines():
    return {"zh": _pipeline("zh"), "en": _pipeline("en")}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['lang']}:{c['text'][:25]}" for c in CASES])
def test_amounts_spans_values_roles(pipelines, case):
    doc = pipelines[case["lang"]](case["text"])
    amounts = [span._.amount for span in doc.spans["amounts"]]
    got = [(a.text, a.value, a.currency, a.role) for a in amounts]
    assert got == [(t, Decimal(v), c, r) for t, v, c, r in case["expected"]]
    for span, a in zip(doc.spans["amounts"], amounts, strict=True):
        assert isinstance(a, Amount)
        assert doc.text[a.start : a.end] == a.text
        assert span.start_char <= a.start and a.end <= span.end_char
        assert doc.text[a.sentence_start : a.sentence_start + len(a.sentence)] == a.sentence
        assert a.text in a.sentence


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_qualifier_is_kept(pipelines, lang):
    text = {"zh": "首付款超过1亿美元。", "en": "It pays more than $100 million upfront."}[lang]
    doc = pipelines[lang](text)
    (span,) = doc.spans["amounts"]
    assert span._.amount.qualifier == "over"
    assert span._.amount.value == Decimal(100_000_000)
    assert span._.amount.role == "upfront"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_without_sentencizer_the_whole_text_is_the_sentence(lang):
    text = "Novartis pays $650 million upfront. 总额最高可达22亿美元。"
    doc = _pipeline(lang, sentencizer=False)(text)
    amounts = [s._.amount for s in doc.spans["amounts"]]
    assert [a.value for a in amounts] == [Decimal(650_000_000), Decimal(2_200_000_000)]
    assert all(a.sentence == text and a.sentence_start == 0 for a in amounts)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("text", ["", " ", "\x00\ufffd", "没有金额的句子。"])
def test_no_money_gives_an_empty_group(lang, text, pipelines):
    doc = pipelines[lang](text)
    assert list(doc.spans["amounts"]) == []
