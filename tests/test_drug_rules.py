"""Drug rules on unseen text: Chinese INN stems of old drug classes, targets,
trial names and lab tools that are no drug, brand/code shapes, and the
well-known generics and vaccines of the gazetteer (sentences are invented)."""

import pytest

from nlp import extract


def drug_aliases(text: str, lang: str | None = None) -> set[str]:
    return {a for e in extract(text, lang).drugs for a in e.aliases}


def drug_groups(text: str, lang: str | None = None) -> list[set[str]]:
    return [set(e.aliases) for e in extract(text, lang).drugs]


@pytest.mark.parametrize(
    "text, lang, name",
    [
        ("华康制药宣布尼莫地平缓释片获批上市。", "zh", "尼莫地平"),
        ("该公司的普萘洛尔口服溶液提交了上市申请。", "zh", "普萘洛尔"),
        ("华康制药的厄他培南获得一致性评价。", "zh", "厄他培南"),
        ("华康制药与康桥医药就雷尼替丁达成合作。", "zh", "雷尼替丁"),
        ("华康制药的罗哌卡因注射液中标集采。", "zh", "罗哌卡因"),
        ("华康制药引进帕洛诺司琼用于化疗止吐。", "zh", "帕洛诺司琼"),
        ("Hualan Pharma filed nimodipine tablets in China.", "en", "nimodipine"),
        ("Hualan Pharma licensed quetiapine to Kestra Bio.", "en", "quetiapine"),
        ("Hualan Pharma launched ketoprofen gel.", "en", "ketoprofen"),
    ],
)
def test_chinese_and_english_stems_of_old_generics(text: str, lang: str, name: str) -> None:
    assert name in drug_aliases(text, lang)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("华康制药发布地平线战略，投资地平线机器人。", "zh"),
        ("全国各地平均价格下降，土地平整工作已完成。", "zh"),
        ("改革实现地平天成，飞机装有地平仪。", "zh"),
    ],
)
def test_dipine_stem_leaves_ordinary_words(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == set()


@pytest.mark.parametrize(
    "text, lang, expected",
    [
        ("华康制药与礼来就氨氯地平和吲达帕胺的复方制剂达成合作。", "zh", {"amlodipine", "indapamide"}),
        ("Hualan Pharma will co-market amlodipine and indapamide.", "en", {"amlodipine", "indapamide"}),
        ("华康制药的甲氨蝶呤注射液获批。", "zh", {"methotrexate"}),
        ("Hualan will distribute methotrexate in Brazil.", "en", {"methotrexate"}),
        ("赛诺菲授予华康制药六价疫苗Hexaxim的独家推广权。", "zh", {"Hexaxim"}),
        ("Valneva supplies Ixiaro and Dukoral to Hualan.", "en", {"Ixiaro", "Dukoral"}),
    ],
)
def test_gazetteer_generics_and_vaccines(text: str, lang: str, expected: set[str]) -> None:
    names = {e.name for e in extract(text, lang).drugs}
    assert expected <= names


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ZX-4021, an oral blocker of the TRPM8 ion channel, entered Phase 1.", "en"),
        ("华康制药的口服NLRP3抑制剂ZX-4021进入临床。", "zh"),
    ],
)
def test_targets_before_channel_or_inhibitor_are_no_drug(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == {"ZX-4021"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ZX-4021的III期临床研究ORBIT-2达到主要终点。", "zh"),
        ("ZX-4021 met its goal in the Phase 3 trial ORBIT-2 last week.", "en"),
    ],
)
def test_trial_names_after_study_are_no_drug(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == {"ZX-4021"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ZX-4021 cut fibrosis by 40% in a bleomycin mouse model.", "en"),
        ("ZX-4021 protected kidneys in a cisplatin-induced injury model.", "en"),
        ("ZX-4021在博来霉素诱导的肺纤维化小鼠模型中显示疗效。", "zh"),
    ],
)
def test_compounds_used_as_lab_tools_are_no_drug(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == {"ZX-4021"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ZX-4021 plus cisplatin improved survival.", "en"),
        ("ZX-4021联合顺铂治疗肺癌。", "zh"),
    ],
)
def test_the_same_compounds_as_treatment_stay_drugs(text: str, lang: str) -> None:
    assert len(drug_aliases(text, lang)) == 2


def test_listing_verbs_and_formula_granules_are_not_part_of_a_name() -> None:
    found = drug_aliases("华康药业核心产品包括银杏叶滴丸、丹参通络胶囊等，拥有配方颗粒品种300个。", "zh")
    assert found == {"银杏叶滴丸", "丹参通络胶囊"}


@pytest.mark.parametrize(
    "text, lang, group",
    [
        ("华康生物的口服伤寒疫苗HK-TYV(商品名:康伤宁)获WHO预认证。", "zh", {"HK-TYV", "康伤宁"}),
        ("Hualan's oral typhoid vaccine HK-TYV won WHO prequalification.", "en", {"HK-TYV"}),
        ("Hualan sold the earlier candidate XB2-Fc to Kestra Bio.", "en", {"XB2-Fc"}),
    ],
)
def test_codes_with_letters_after_the_hyphen_and_named_brands(text: str, lang: str, group: set[str]) -> None:
    assert group in drug_groups(text, lang)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("华康生物宣布疫苗PD-L1和CAR-T平台进展。", "zh"),
        ("The vaccine SARS-CoV-2 study and the COVID-19 vaccine.", "en"),
    ],
)
def test_letter_codes_need_a_product_word_and_no_class(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == set()


@pytest.mark.parametrize(
    "text, lang, group",
    [
        ("Kestra Bio will sell VORANZA (telmorexant) in Japan.", "en", {"VORANZA", "telmorexant"}),
        ("Kestra Bio will sell telmorexant (VORANZA) in Japan.", "en", {"VORANZA", "telmorexant"}),
        ("Kestra Bio will sell telmorexant (Voranza®) in Japan.", "en", {"Voranza", "telmorexant"}),
        ("康桥医药将在中国推出VORANZA (telmorexant)。", "zh", {"VORANZA", "telmorexant"}),
    ],
)
def test_brand_and_new_inn_pairs_both_ways(text: str, lang: str, group: set[str]) -> None:
    assert group in drug_groups(text, lang)
    assert {e.name for e in extract(text, lang).drugs} == {"telmorexant"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Kestra Bio hired a spokesman (Reuters) and a consultant (McKinsey).", "en"),
        ("(Responsible Editor: HN666)", "en"),
        ("责任编辑：HN666", "zh"),
    ],
)
def test_no_pair_or_code_from_bylines_and_plain_words(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == set()


@pytest.mark.parametrize(
    "text, name",
    [
        ("盐酸罗哌卡因注射液通过一致性评价。", "罗哌卡因"),
        ("华康制药的甲磺酸伊马替尼片中标。", "imatinib"),
        ("华康制药宣布尼群地平片获批。", "尼群地平"),
    ],
)
def test_salt_words_and_verbs_in_front_leave_the_name(text: str, name: str) -> None:
    assert name in {e.name for e in extract(text, "zh").drugs}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("ZX-4021在ORIENT-21研究中达到主要终点，CAPSTONE-2随后启动。", "zh"),
        ("ZX-4021 met the goal of HARBOR-12, and HARBOR-3 opens next year.", "en"),
    ],
)
def test_capital_words_with_short_numbers_are_trials(text: str, lang: str) -> None:
    assert drug_aliases(text, lang) == {"ZX-4021"}


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Semaglutide-induced weight loss reached 15% in the study.", "en"),
        ("司美格鲁肽诱导的体重下降达到15%。", "zh"),
    ],
)
def test_a_product_inducing_an_effect_stays_a_drug(text: str, lang: str) -> None:
    assert {e.name for e in extract(text, lang).drugs} == {"semaglutide"}
