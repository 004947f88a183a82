"""Entity rules that generalise: company names of any characters, investor and
fund cues, institutions, drug pairs and codes, and the look-alikes that are
no company or drug. Short invented sentences, one rule shape per test."""

import pytest

from nlp import extract


def _companies(text: str) -> set[str]:
    return {a for e in extract(text).companies for a in e.aliases}


def _drugs(text: str) -> set[str]:
    return {a for e in extract(text).drugs for a in e.aliases}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # jieba cuts an unknown name of rarer characters into single ones
        ("诺华与苏州霁岚药业签署协议。", "苏州霁岚药业"),
        ("辉瑞与上海昶璐医药签署许可协议。", "上海昶璐医药"),
        ("拜耳与南京珩曦生物科技有限公司达成合作。", "南京珩曦生物科技有限公司"),
        # a joiner glued to the unknown name by jieba's guesser
        ("罗氏与晟科药业签署协议。", "晟科药业"),
    ],
)
def test_zh_name_of_rare_characters(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "案例某中德医疗器械合作项目进展顺利。",
        "推动我国生物医药产业发展，打造医疗高地。",
        "双方在细胞治疗与基因治疗领域开展研究。",
    ],
)
def test_zh_phrases_are_no_company(text):
    assert _companies(text) == set()


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("该公司完成B轮融资，投资方包括启明创投、华岳资本和钧岚创合等机构。", {"华岳资本", "钧岚创合"}),
        ("本轮融资由礼来亚洲基金领投，钧岚创合、启明创投跟投。", {"钧岚创合"}),
        ("公司全资附属公司恒拓投资将收购该资产。", {"恒拓投资"}),
        ("苏州生物医药产业基金参与本轮融资。", {"苏州生物医药产业基金"}),
    ],
)
def test_zh_investors_and_funds(text, names):
    assert names <= _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "本轮由公司创始人领投，老股东跟投。",
        "公司旗下子公司加大投资。",
        "苏州市将设立产业基金。",
        "投资方包括多家知名机构。",
    ],
)
def test_zh_investor_look_alikes(text):
    assert _companies(text) == set()


@pytest.mark.parametrize(
    ("text", "not_company"),
    [
        ("Novartis will pay CHF 30 million upfront to Xilio.", "CHF"),
        ("Roche will pay SEK 200 million for the rights.", "SEK"),
        ("另一家中国CDMO企业药明生物此前收购了该工厂。", "CDMO"),
        ("The lab sits in Shanghai's Minhang district, where it runs trials.", "Minhang"),
        ("Pfizer licensed the drug to Zymeworks.\n\n(c) 2025 Pharma Weekly Media LLC", "Pharma Weekly Media LLC"),
        ("医药魔方网｜资讯｜数据\n\n百济神州与诺华合作。", "医药魔方"),
    ],
)
def test_look_alikes_are_no_company(text, not_company):
    names = _companies(text)
    assert not any(not_company in n for n in names), names


@pytest.mark.parametrize(
    ("text", "alias_sets"),
    [
        ("Helsinn markets Varubi (rolapitant) in Europe.", [{"Varubi", "rolapitant"}]),
        ("Kelora launched Migravo (tizogepant) for migraine.", [{"Migravo", "tizogepant"}]),
        ("The fixed combination pairs palonosetron with fosnetupitant.", [{"palonosetron"}, {"fosnetupitant"}]),
        ("Zenvar licensed ZX-CAR22 to a partner in Japan.", [{"ZX-CAR22"}]),
        ("该公司的JK-CAR07获批临床。", [{"JK-CAR07"}]),
    ],
)
def test_drug_pairs_stems_and_codes(text, alias_sets):
    drugs = [set(e.aliases) for e in extract(text).drugs]
    for aliases in alias_sets:
        assert aliases in drugs, drugs


@pytest.mark.parametrize(
    "text",
    [
        "NK1 receptor antagonists prevent nausea.",
        "The TACR1 and 5-HT3 receptors are targets.",
        "该平台采用脂质纳米颗粒递送mRNA。",
        "The company (previously) said patients (combined) improved.",
        "Revenue (unaudited) rose; Europe (including Switzerland) grew.",
        "Patients had lower cholesterol after treatment.",
    ],
)
def test_drug_look_alikes(text):
    assert _drugs(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sales will double by 2030, according to Meridian Insights.", "Meridian Insights"),
        ("Halvora Research estimates that the market will grow.", "Halvora Research"),
        ("Quorvex's QX-2201 entered a phase 2 trial.", "Quorvex"),
        ("Kenvue and Haleon compete in consumer health.", "Kenvue"),
        ("Opella, Sanofi's consumer health unit, was sold.", "Opella"),
    ],
)
def test_en_company_cues_and_gazetteer(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "According to John Smith, the deal closes soon.",
        "China's SHR-1701 data were presented.",
    ],
)
def test_en_cue_look_alikes(text):
    assert not {"John Smith", "China"} & _companies(text)
