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


# ---------------------------------------------------------------- generalisation rules
# Invented names (Zorvex, Kestrel Ventures ...) stand for companies no gazetteer knows.


@pytest.mark.parametrize(
    ("text", "entity_id", "alias"),
    [
        (
            "Deals in brief: Novartis buys MorphoSys, AstraZeneca adds Amolyt, Ipsen licenses Sutro ADC",
            "company:amolyt",
            "Amolyt",
        ),
        (
            "Deals in brief: Novartis buys MorphoSys, AstraZeneca adds Amolyt, Ipsen licenses Sutro ADC",
            "company:sutro",
            "Sutro",
        ),
        ("阿斯利康宣布收购Amolyt，交易总额10.5亿美元。", "company:amolyt", "Amolyt"),
        ("Summit Therapeutics licensed ivonescimab. Summit will pay $500 million upfront.", "company:summit", "Summit"),
        ("Summit Therapeutics与康方生物达成合作。Summit将支付5亿美元首付款。", "company:summit", "Summit"),
        ("Janssen pays $350 million upfront to partner with Legend on BCMA CAR-T", "company:legend", "Legend"),
    ],
)
def test_short_form_of_a_known_company(text, entity_id, alias):
    assert alias in companies(text).get(entity_id, set())


@pytest.mark.parametrize(
    "text",
    ["The summit on drug pricing ended. Summit talks went on.", "峰会在北京举行，Summit会议讨论了药价。"],
)
def test_ordinary_word_short_form_needs_the_document_to_back_it(text):
    assert "company:summit" not in companies(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The round was led by Kestrel Ventures and Zorvex, with a grant.", "Zorvex"),
        ("Funding came from ARCH Venture Partners and GV. It competes with others.", "GV"),
        ("new investors Sofinnova Partners and Zorvex, and existing backers.", "Zorvex"),
        ("Kailera raised money from Bain Capital Life Sciences, Atlas Venture and Lyra Capital.", "Lyra Capital"),
    ],
)
def test_names_listed_with_a_found_company(text, name):
    assert name in company_texts(text, "en")


@pytest.mark.parametrize(
    ("text", "name", "lang"),
    [
        ("Zorvex pays $50 million upfront for Hansoh's ADC", "Zorvex", "en"),
        ("- Brightwell to acquire Germany's Velmora stake for $30 million", "Velmora", "en"),
        ("The deal was led by Zorvex with Novo Holdings.", "Zorvex", "en"),
        ("Kestrel, a contract manufacturer backed by private equity firm Zorvex, will take over.", "Zorvex", "en"),
        ("Lirui licensed LX-siR01 and LX-siR07 to Zorvex.", "Zorvex", "en"),
        ("Lirui licensed LX-siR01 and LX-siR07 to Zorvex.", "Lirui", "en"),
        ("该公司完成A轮融资，由Zorvex领投。", "Zorvex", "zh"),
        ("本轮融资由瑞林基金领投，星河创投跟投。", "瑞林基金", "zh"),
        ("康希诺向墨西哥Drugmex转移新冠疫苗灌装技术", "Drugmex", "zh"),
        ("武田完成对Zorvex旗下TYK2抑制剂项目的收购", "Zorvex", "zh"),
    ],
)
def test_unknown_parties_by_context_cue(text, name, lang):
    assert name in company_texts(text, lang)


@pytest.mark.parametrize(
    ("text", "country", "name", "lang"),
    [
        ("Hikma signed a supply agreement with Poland's Polpharma for injectables.", "Poland", "Polpharma", "en"),
        ("Fosun set up a joint venture with Germany's BioNTech SE.", "Germany", "BioNTech SE", "en"),
        ("复星医药与德国BioNTech公司成立合资公司。", "德国", "BioNTech", "zh"),
    ],
)
def test_country_word_is_no_company(text, country, name, lang):
    found = company_texts(text, lang)
    assert name in found
    assert not any(country in a and name not in a for a in found)


@pytest.mark.parametrize(
    ("text", "outlet", "lang"),
    [
        (
            "Posted by Nordic Biotech Daily staff.\nPfizer signed a deal with Regor Therapeutics.",
            "Nordic Biotech",
            "en",
        ),
        ("本文版权归齐鲁医药报所有。恒瑞医药与辉瑞达成合作。", "齐鲁医药", "zh"),
    ],
)
def test_outlet_in_page_chrome_is_no_company(text, outlet, lang):
    found = company_texts(text, lang)
    assert not any(outlet in a for a in found)
    assert found  # the deal's parties are still there


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("案例某中德医疗器械合作项目，德方团队强调流程。", "zh"),
        ("Copenhagen-based Halden Biosciences raised money.", "en"),
    ],
)
def test_vague_or_place_words_stay_out_of_names(text, lang):
    found = company_texts(text, lang)
    assert not any(a.startswith(("某", "Copenhagen")) for a in found)


@pytest.mark.parametrize(
    "text",
    [
        "Hengrui licenses GLP-1 portfolio to US NewCo Zorvion for $110 million. Zorvion Therapeutics was formed by Bain Capital.",
        "恒瑞医药将GLP-1产品授权给美国NewCo Zorvion。Zorvion Therapeutics将支付1.1亿美元首付款。",
    ],
)
def test_short_form_of_a_new_company_shares_its_long_form_id(text):
    ids = {i for i, aliases in companies(text).items() if any("Zorvion" in a for a in aliases)}
    assert ids == {"new:zorvion therapeutics"}
    assert companies(text)["new:zorvion therapeutics"] == {"Zorvion", "Zorvion Therapeutics"}


@pytest.mark.parametrize(
    ("text", "expected", "lang"),
    [
        ("国家药监局批准百济神州替雷利珠单抗一线治疗胃癌新适应症", {"替雷利珠单抗"}, "zh"),
        ("百济神州泽布替尼上半年全球销售额同比增长超60%", {"泽布替尼"}, "zh"),
        ("药业与华东医药就CAR-T产品泽沃基奥仑赛注射液达成合作", {"泽沃基奥仑赛"}, "zh"),
        ("天士力的复方丹参滴丸和鼎康咳喘宁颗粒销售额增长", {"复方丹参滴丸", "鼎康咳喘宁颗粒"}, "zh"),
        ("该公司的非苏拉赞获批上市", {"非苏拉赞"}, "zh"),
        ("Lirui licensed LX-siR01 and LX-siR07 to Zorvex.", {"LX-siR01", "LX-siR07"}, "en"),
        ("Insilico said INS018_055 entered Phase II.", {"INS018_055"}, "en"),
        ("Novartis bought MorphoSys, gaining pelabresib, a BET inhibitor.", {"pelabresib"}, "en"),
    ],
)
def test_drug_rules_generalise(text, expected, lang):
    found = {a for aliases in drugs(text, lang).values() for a in aliases}
    assert expected <= found
    assert not any(a.startswith(("产品", "济神州", "神州")) for a in found)


@pytest.mark.parametrize(
    ("text", "lang"),
    [("治疗16周时EASI-75应答率达到68.2%", "zh"), ("ATXN2 is the target of the antisense drug.", "en")],
)
def test_endpoints_and_genes_are_no_drug_codes(text, lang):
    assert not any(a in ("EASI-75", "ATXN2") for aliases in drugs(text, lang).values() for a in aliases)
