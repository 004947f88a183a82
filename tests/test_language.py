"""Language detection: per-paragraph segments and the document's language."""

from pathlib import Path

import pytest

from nlp.language import detect_language, segments

FIXTURES = Path(__file__).parent / "fixtures" / "nlp"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("zh_deal.txt", "zh"), ("en_deal.txt", "en"), ("mixed_deal.txt", "mixed")],
)
def test_fixture_languages(name, expected):
    assert detect_language((FIXTURES / name).read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize("text", ["", "   \n\n", "12345 %%% ---", None])
def test_no_letters_is_en_and_no_segments(text):
    assert detect_language(text or "") == "en"
    assert segments(text) == []


def test_chinese_with_english_names_stays_chinese():
    text = "2019年4月,云顶新耀(Everest Medicines)与美国Immunomedics签署许可协议,获得戈沙妥珠单抗在大中华区的权益。"
    assert segments(text) == [(0, len(text), "zh")]


def test_segments_merge_adjacent_paragraphs_and_cover_runs():
    zh = "恒瑞医药宣布与辉瑞达成合作,双方将共同开发肿瘤药物。\n恒瑞医药股价上涨。"
    en = "Under the agreement, Pfizer will pay an upfront fee and royalties on net sales in China."
    text = f"{zh}\n\n{en}\n"
    runs = segments(text)
    assert [lang for _, _, lang in runs] == ["zh", "en"]
    assert text[runs[0][0] : runs[0][1]] == zh
    assert text[runs[1][0] : runs[1][1]] == en


def test_short_line_takes_its_script():
    text = "Home | News | Deals\n恒瑞医药与辉瑞签署协议,双方将在中国共同开发三款抗肿瘤新药并分享销售收入。"
    runs = segments(text)
    assert runs[0][2] == "en" and runs[-1][2] == "zh"


def test_line_switching_language_mid_paragraph_is_cut_at_sentences():
    zh = "再鼎医药与Karuna Therapeutics签署独家许可协议,获得KarXT在中国的开发权利。"
    en = "Under the terms, Karuna receives $35 million upfront and is eligible for milestone payments."
    runs = segments(zh + en)
    assert [lang for _, _, lang in runs] == ["zh", "en"]
    assert (zh + en)[runs[1][0] : runs[1][1]] == en


def test_detection_is_deterministic():
    text = "Zai Lab 再鼎医药 partnership 合作 with Karuna 协议 in China 中国 today"
    assert len({detect_language(text) for _ in range(5)}) == 1
