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


@pytest.mark.parametrize(
    ("text", "name", "leak"),
    [
        # announcement boilerplate and deal verbs in front of a name
        ("本公告乃由岚泽生物医药控股有限公司自愿作出。", "岚泽生物医药控股有限公司", "乃由岚泽生物医药控股有限公司"),
        ("公司拟受让岭川制药的股份。", "岭川制药", "受让岭川制药"),
        ("相关权益已全部返还诺川生物。", "诺川生物", "返还诺川生物"),
        ("这可以让睿川医药省去建厂投入。", "睿川医药", "让睿川医药"),
        ("港股上市生物药企康川生物宣布融资。", "康川生物", "企康川生物"),
        (
            "SOURCE Brightfield Therapeutics, Inc.",
            "Brightfield Therapeutics, Inc.",
            "SOURCE Brightfield Therapeutics, Inc.",
        ),
        (
            "Biogen to Acquire Threnwood Therapeutics for $38.50 per share.",
            "Threnwood Therapeutics",
            "Acquire Threnwood Therapeutics",
        ),
        ("Roche sold its Oregon site to Veranis Pharma Services.", "Veranis Pharma Services", "Veranis Pharma"),
    ],
)
def test_name_without_leading_chrome(text, name, leak):
    found = _companies(text)
    assert name in found
    assert leak not in found


@pytest.mark.parametrize(
    ("text", "not_company"),
    [
        ("投资者有关本集团的最新业务发展请参阅公告。", "关本集团的最新业务发展"),
        ("大会将举办ADC、AI制药等专题论坛。", "AI制药"),
        ("上海AI制药公司叶川生物宣布合作。", "上海AI制药公司"),
        ("全市集聚生物医药企业超千家。", "集聚生物医药"),
        ("Jane Roe of ARCH Venture Partners and Tom Doe of Foresite Capital joined the board.", "Tom Doe"),
        ("AGC Biologics will buy Boulder plant from Novavax.", "Boulder"),
        ("Funding came from the UK's Medical Research Council.", "UK's Medical"),
        ("Hansoh Pharmaceutical Group Company Limited agreed to buy it.", "Company Limited"),
        ("Novartis buys RNA player Keralon.", "RNA"),
    ],
)
def test_chrome_and_people_are_no_company(text, not_company):
    assert not_company not in _companies(text)


@pytest.mark.parametrize(
    ("text", "drug", "not_drug"),
    [
        ("获得偏头痛预防药物维洛普坦(veloprant)。", "维洛普坦", "物维洛普坦"),
        ("公司将独立推进奥洛替尼在美国的注册。", "奥洛替尼", "独立推进奥洛替尼"),
        ("抑制剂MC-1234在日本开展III期临床。", "MC-1234", "III"),
        ("In the Phase 2 ARC-3 study, THN-0012 restored TDP-43 function.", "THN-0012", "ARC-3"),
        ("In the Phase 2 ARC-3 study, THN-0012 restored TDP-43 function.", "THN-0012", "TDP-43"),
        ("(Exact name of registrant as specified in its charter) XYZ-1001 is its lead drug.", "XYZ-1001", "registrant"),
    ],
)
def test_drug_edges_and_look_alikes(text, drug, not_drug):
    found = _drugs(text)
    assert drug in found
    assert not_drug not in found


@pytest.mark.parametrize(
    ("text", "name", "not_company"),
    [
        # a name that ended before "and" is another party
        (
            "The Lister Institute and Velmora AI Inc., a London-based startup, signed a deal.",
            "Velmora AI Inc.",
            "Lister Institute and Velmora AI Inc.",
        ),
        # a plural possessive before a drug code names its owner
        ("Chugai takes Verantis' VRT-120 into Japan.", "Verantis", "Verantis'"),
        ("Chugai takes Verantis's VRT-120 into Japan.", "Verantis", "Verantis's"),
    ],
)
def test_name_after_and_and_possessive(text, name, not_company):
    found = _companies(text)
    assert name in found
    assert not_company not in found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a rare word and a common character (康, 达) that jieba split off
        ("· 莱米康生物将其双抗授权给辉瑞。", "莱米康生物"),
        ("诺华与泽利达医药签署许可协议。", "泽利达医药"),
        ("江苏沃睿达生物医药有限公司宣布完成融资。", "江苏沃睿达生物医药有限公司"),
        # a place, then a word of middling frequency, then the industry word
        ("该集团已收购昆明圣火药业。", "昆明圣火药业"),
        # the industry word starts inside jieba's token (星|衍生物): legal name
        ("杭州星衍生物科技有限公司宣布完成A轮融资。", "杭州星衍生物科技有限公司"),
    ],
)
def test_zh_name_judged_as_a_whole(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "国内医药企业加快出海步伐，创新药业迎来新机遇。",
        "中国生物医药产业规模持续扩大，全球医药市场回暖。",
        "该生物制品获批上市，其医药板块收入增长。",
        "上海高端医疗服务需求旺盛，苏州精准医疗产业园开园。",
        "杭州智慧医疗平台上线，北京中药制药行业稳定。",
        "新冠类生物制品需求下降，抗体类药业前景广阔。",
        "公司在广州新建生物药基地，并与昆明医药企业合作。",
        "从事创新型生物医药研发的企业获得更多资金。",
        "大型医药集团加速整合，小型生物科技公司融资困难。",
        "双方将在肿瘤免疫、细胞生物学等领域开展合作。",
    ],
)
def test_zh_sector_phrases_are_no_company(text):
    assert _companies(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a place, a name of no dictionary word and a firm word, no legal form
        ("我们和上海兆维科技签了长期供应协议。", "上海兆维科技"),
        ("公司与苏州璟澜实业达成合作。", "苏州璟澜实业"),
    ],
)
def test_zh_placed_firm_without_legal_form(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "上海人工智能技术发展迅速，北京数字科技企业增多。",
        "上海张江科技园区生物医药企业集聚。",
        "杭州未来科技城新增企业百家。",
        "深圳前海科技园区入驻企业众多。",
        "中国银屑病生物制剂市场规模持续扩大。",
    ],
)
def test_zh_places_and_products_are_no_firm(text):
    assert _companies(text) == set()


def _company_names(text: str) -> set[str]:
    return {e.name for e in extract(text).companies}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a place's possessive or "-based" leads a name in; it is no part of it
        ("Singapore's Velorin Therapeutics raised $50 million.", "Velorin Therapeutics"),
        ("Hong Kong's Tavira Biologics signed a licence deal with Pfizer.", "Tavira Biologics"),
        ("Suzhou-based Qimeng Biopharma entered a collaboration with Bayer.", "Qimeng Biopharma"),
        # a possessive that is no place is part of the name
        ("Dr. Reddy's Laboratories will acquire the brand.", "Dr. Reddy's"),
    ],
)
def test_en_place_possessive_is_no_part_of_the_name(text, name):
    names = _company_names(text)
    assert name in names
    assert not any(n.startswith(("Singapore", "Hong Kong", "Suzhou")) for n in names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("The round was led by EDBI and Marlow Capital, with Temasek joining.", {"EDBI", "Marlow Capital"}),
        ("GIC and Hillhouse Capital led the round.", {"GIC", "Hillhouse Capital"}),
    ],
)
def test_en_acronym_or_known_company_before_and_is_its_own_party(text, names):
    assert names <= _companies(text)
    assert not any(" and " in a for a in _companies(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # an investment partnership's legal form
        ("公司拟收购杭州瀚泽投资合伙企业(有限合伙)持有的股权。", "杭州瀚泽投资合伙企业(有限合伙)"),
        ("本次交易由苏州鼎元创业投资合伙企业（有限合伙）出资。", "苏州鼎元创业投资合伙企业（有限合伙）"),
    ],
)
def test_zh_partnership_legal_form(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        # the site's own name opening a line of menu items
        "Biopharma Lens Biotech | Latest | Deals | About\nPfizer signed a deal with Roche.",
        # a stock index, a stock market, a disease acronym, a vaccine body
        "Related: Hang Seng Healthcare index rises 3% on deal hopes\nPfizer signed a deal with Roche.",
        "Nuvance, listed on London's AIM market, said Pfizer signed a deal with Roche.",
        "FDA sets date for the COPD inhaler; Pfizer signed a deal with Roche.",
        "UNICEF allocates doses through the International Coordinating Group; Pfizer signed a deal with Roche.",
    ],
)
def test_en_page_chrome_indices_and_bodies_are_no_company(text):
    assert {e.name for e in extract(text).companies} == {"Pfizer", "Roche"}


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a trade descriptor in front of a name (vaccine maker X, biotech X)
        ("Lonza inks supply deal with UK vaccine maker Pellova", "Pellova"),
        ("The Chinese biotech Quenlix has raised $40 million.", "Quenlix"),
        ("Oxford spinout Tessmer raised $36 million.", "Tessmer"),
        # the firm whose analysts are quoted
        ("Analysts at Morvane estimate that the market will double.", "Morvane"),
    ],
)
def test_en_descriptor_and_analyst_cues(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "Shares of the biotech Series B round were priced higher.",
        "The largest biotech IPO of the year closed on Friday.",
        "The biotech ETF fell 3% on Friday.",
        "Researchers at Stanford said the drug works.",
    ],
)
def test_en_descriptor_cue_needs_a_name(text):
    assert _companies(text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a common character opening the name after a joiner (与|达|联康)
        ("辉瑞与达联康生物达成合作。", "达联康生物"),
        ("拜耳与恒诺达制药签署协议。", "恒诺达制药"),
        # a middling-low word before a split-off character (天明|康)
        ("赛诺菲与天明康生物达成合作。", "天明康生物"),
    ],
)
def test_zh_name_with_common_characters_at_its_edges(text, name):
    assert name in _companies(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a verb after 所 is no part of the name
        ("母公司转让所持南岭制药29.5%的股份。", "持南岭制药"),
        ("公司收购所持恒瑞康医药的股份。", "持恒瑞康医药"),
    ],
)
def test_zh_leading_character_is_not_always_the_name(text, wrong):
    assert wrong not in _companies(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pfizer signed a technology transfer deal with Roche and Bio-Manguinhos.",
        "Pfizer signed a deal with Roche; Instituto Butantan will fill the vials.",
    ],
)
def test_public_vaccine_institutes_are_no_company(text):
    assert {e.name for e in extract(text).companies} == {"Pfizer", "Roche"}
