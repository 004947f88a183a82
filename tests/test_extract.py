"""extract(): the single entry point, over zh, en and mixed text and odd input."""

from pathlib import Path

import pytest

from nlp import Extraction, extract

FIXTURES = Path(__file__).parent / "fixtures" / "nlp"


@pytest.mark.parametrize(
    ("name", "lang", "must_have"),
    [
        ("zh_deal.txt", "zh", {"company:hengrui", "company:incyte"}),
        ("en_deal.txt", "en", {"company:hengrui", "company:incyte", "company:amgen"}),
        ("mixed_deal.txt", "mixed", {"company:pfizer", "company:cstone", "company:hengrui"}),
    ],
)
def test_fixtures(name, lang, must_have):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    result = extract(text)
    assert result.lang == lang
    ids = {e.entity_id for e in result.companies}
    assert must_have <= ids
    for m in result.mentions:
        assert text[m.start : m.end] == m.text
        assert m.sentence_start <= m.start and m.sentence in text


def test_mixed_text_merges_one_company_across_parts():
    text = (FIXTURES / "mixed_deal.txt").read_text(encoding="utf-8")
    by_id = {e.entity_id: set(e.aliases) for e in extract(text).companies}
    assert by_id["company:pfizer"] == {"辉瑞", "Pfizer"}
    assert by_id["company:hengrui"] == {"Jiangsu Hengrui Pharmaceuticals", "恒瑞医药"}
    assert by_id["company:cstone"] == {"基石药业", "CStone Pharmaceuticals"}


def test_offsets_shift_into_the_whole_text():
    text = "辉瑞与基石药业合作。\n\nPfizer also works with CStone Pharmaceuticals in China."
    result = extract(text)
    en = [m for m in result.mentions if m.text == "CStone Pharmaceuticals"]
    assert en and en[0].start == text.index("CStone")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_forced_language(lang):
    result = extract("Pfizer与辉瑞", lang=lang)
    assert result.lang == lang
    assert {e.entity_id for e in result.companies} == {"company:pfizer"}


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "\x00\x01\x02", "\ufffd" * 50, "💊" * 100, "(" * 500 + ")" * 3, "A" * 20000, "的" * 20000],
)
def test_odd_text_never_raises(text):
    result = extract(text)
    assert isinstance(result, Extraction)
    assert result.lang in ("zh", "en", "mixed")


@pytest.mark.parametrize(
    "text,company",
    [
        ("恒瑞医药\udcff与辉瑞合作。", "Hengrui"),  # a lone surrogate (bytes cut mid-character)
        ("Pfizer \ud800 and Hengrui agreed.", "Pfizer"),
        ("\udc80\udc81 恒瑞医药", "Hengrui"),
    ],
)
def test_lone_surrogates_are_spaces_and_offsets_hold(text, company):
    result = extract(text)
    assert company in {e.name for e in result.companies}
    for m in result.mentions:
        assert text[m.start : m.end] == m.text


def test_empty_text_is_empty_english_extraction():
    result = extract("")
    assert result.lang == "en" and result.mentions == [] and result.amounts == [] and result.cooperations == []


def test_record_round_trip_shape():
    record = extract((FIXTURES / "zh_deal.txt").read_text(encoding="utf-8")).to_record("zh-1")
    assert record["id"] == "zh-1" and record["lang"] == "zh"
    names = {c["name"] for c in record["companies"]}
    assert "Hengrui" in names and "Incyte" in names


@pytest.mark.parametrize(("lang", "var"), [("zh", "PHARMANEWS_SPACY_MODEL_ZH"), ("en", "PHARMANEWS_SPACY_MODEL_EN")])
def test_named_model_that_cannot_load_is_a_clear_error(monkeypatch, lang, var):
    from nlp import pipelines

    monkeypatch.setenv(var, "no_such_model_pharmanews")
    with pytest.raises(
        pipelines.PipelineError, match=f"{var}.*no_such_model_pharmanews|no_such_model_pharmanews.*{var}"
    ):
        pipelines._base(lang)


def test_unknown_pipeline_language():
    from nlp.pipelines import PipelineError, get_pipeline

    with pytest.raises(PipelineError, match="no pipeline for language 'fr'"):
        get_pipeline("fr")
