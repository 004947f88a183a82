"""Company and drug components: what counts, what does not, and grouping."""

from pathlib import Path

import pytest

from nlp import extract
from nlp.pipelines import get_pipeline

DATA = Path(__file__).parents[1] / "nlp" / "data"
needs_drug_data = pytest.mark.skipif(
    not (DATA / "drug_rules.jsonl").exists() or not (DATA / "drugs.jsonl").exists(),
    reason="drug gazetteer or drug_rules.jsonl not present yet",
)


def companies(text, lang=None):
    return {e.entity_id: set(e.aliases) for e in extract(text, lang).companies}


def company_texts(text, lang=None):
    return {a for e in extract(text, lang).companies for a in e.aliases}


def drugs(text, lang=None):
    return {e.entity_id: set(e.aliases) for e in extract(text, lang).drugs}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pipeline_order(lang):
    names = get_pipeline(lang).pipe_names
    assert names.index("pharmanews_companies") < names.index("pharmanews_drugs")
    assert names[0] == "sentencizer"
    assert get_pipeline(lang) is get_pipeline(lang)


def test_hengrui_one_entity_across_languages():
    text = "恒瑞医药宣布与辉瑞达成合作。\n\nJiangsu Hengrui Pharmaceuticals said Hengrui will lead development."
    found = companies(text)
    assert found["company:hengrui"] == {"恒瑞医药", "Jiangsu Hengrui Pharmaceuticals", "Hengrui"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("江苏恒瑞医药股份有限公司与美国Incyte公司签署协议。", {"江苏恒瑞医药股份有限公司", "Incyte"}),
        ("公司与美国Array BioPharma达成许可协议。", {"Array BioPharma"}),
        ("Novartis and BeiGene, Ltd. today announced a collaboration.", {"Novartis", "BeiGene, Ltd."}),
    ],
)
def test_country_word_and_legal_forms(text, expected):
    assert company_texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "国家药品监督管理局批准上市,清华大学参与研究。",
        "The FDA and Tsinghua University reviewed the data; the company said Pharma is strong.",
        "国内药企和跨国药企都在布局医药创新。",
    ],
)
def test_non_companies_are_not_companies(text):
    found = company_texts(text)
    for bad in (
        "国家药品监督管理局",
        "清华大学",
        "FDA",
        "Tsinghua University",
        "国内药企",
        "跨国药企",
        "医药",
        "Pharma",
    ):
        assert bad not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lanxi Therapeutics announced a deal with Pfizer.", "Lanxi Therapeutics"),
        ("Pfizer signed an agreement with Qingmu Biosciences Inc. on Monday.", "Qingmu Biosciences Inc."),
        ("浙江澜溪生物科技有限公司宣布完成融资。", "浙江澜溪生物科技有限公司"),
        ("辉瑞与澜溪药业签署合作协议。", "澜溪药业"),
    ],
)
def test_unknown_companies_by_rule(text, name):
    ents = extract(text).companies
    match = [e for e in ents if name in e.aliases]
    assert match, [e.aliases for e in ents]
    assert match[0].entity_id.startswith("new:") and not match[0].known


def test_unknown_company_forms_group_into_one():
    text = (
        "Lanxi Biopharma (Yantai) Co., Ltd. signed a licence with Pfizer. "
        "Lanxi Biopharma will receive $50 million, and Lanxi Bio keeps Asian rights."
    )
    ents = [e for e in extract(text).companies if e.entity_id.startswith("new:")]
    assert len(ents) == 1
    assert set(ents[0].aliases) == {"Lanxi Biopharma (Yantai) Co., Ltd.", "Lanxi Biopharma", "Lanxi Bio"}


@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("杭州阿诺生物医药科技有限公司宣布,阿诺生物将获得首付款。", {"杭州阿诺生物医药科技有限公司", "阿诺生物"}),
        (
            "Hangzhou Arnovel Biopharma Co., Ltd. (Arnovel) licensed AV-3002.",
            {"Hangzhou Arnovel Biopharma Co., Ltd.", "Arnovel"},
        ),
    ],
)
def test_legal_name_and_short_name_of_a_new_company(text, aliases):
    groups = [set(e.aliases) for e in extract(text).companies if e.entity_id.startswith("new:")]
    assert aliases in groups, groups


def test_part_of_a_longer_name_is_no_mention():
    found = company_texts("上海医药集团股份有限公司与默沙东签署协议。")
    assert "上海医药集团股份有限公司" in found
    assert "上海医药" not in found


def test_product_phrases_are_no_company():
    assert company_texts("默沙东的四价HPV疫苗和进口药品在中国上市。") == {"默沙东"}


@needs_drug_data
@pytest.mark.parametrize(
    ("text", "aliases"),
    [
        ("The FDA approved XGEVA (denosumab) in 2010.", {"XGEVA", "denosumab"}),
        ("SHR-1210即后来的卡瑞利珠单抗(商品名:艾瑞卡)。", {"SHR-1210", "卡瑞利珠单抗", "艾瑞卡"}),
        ("tislelizumab (BGB-A317) is an antibody.", {"tislelizumab", "BGB-A317"}),
    ],
)
def test_drug_forms_group(text, aliases):
    groups = list(drugs(text).values())
    assert aliases in groups, groups


@needs_drug_data
@pytest.mark.parametrize(
    "text",
    [
        "PD-1抑制剂、ADC和CAR-T是热门方向,GLP-1也是。",
        "PD-1 inhibitors, ADC and CAR-T remain hot; HKEX: 1877; ISO 9001; in 2020.",
        "基石药业(港交所代码:2616)宣布。",
    ],
)
def test_classes_codes_and_years_are_not_drugs(text):
    assert drugs(text) == {}


@needs_drug_data
def test_drug_codes_and_inns_by_rule():
    found = {a for aliases in drugs("Lanxi licensed LX-2291 and zorvalimab to Pfizer.").values() for a in aliases}
    assert {"LX-2291", "zorvalimab"} <= found


@pytest.mark.parametrize("key", ["companies", "drugs"])
def test_spans_carry_attributes(key):
    doc = get_pipeline("en")("Novartis licensed tislelizumab from BeiGene.")
    for span in doc.spans.get(key, []):
        assert span._.entity_id and span._.canonical
