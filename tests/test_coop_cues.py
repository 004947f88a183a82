"""Cue phrasing families of the cooperation types, in both languages: which
kinds a sentence names (`match_cues`) and which records two named parties
get from it (`find_cooperations`). Sentences are invented, not eval text."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from nlp.coop import PartyMention, find_cooperations, find_institutions, load_rules, match_cues, merge_cooperations
from nlp.extraction import extract
from nlp.model import Amount, Cooperation, Party
from nlp.regex_anchors import anchors_of


def types_of(sentence: str) -> set[str]:
    typed, _neg, _sep = match_cues(sentence)
    return {h.rule.type for h in typed}


def records(text: str, names: list[str]) -> set[tuple[str, frozenset[str]]]:
    """(type, party names) of the records made when each of `names` is a party."""
    parties = [PartyMention(f"c:{n}", n, m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]
    ends = [m.end() for m in re.finditer(r"[。.!?]", text)]
    sentences, start = [], 0
    for e in ends or [len(text)]:
        sentences.append((start, e))
        start = e
    if start < len(text):
        sentences.append((start, len(text)))
    return {(c.type, frozenset(p.name for p in c.parties)) for c in find_cooperations(text, sentences, parties)}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # technology transfer: the process or know-how handed to a partner
        ("Helvon will transfer its manufacturing technology to Cardex at the Basel site.", "technology_transfer"),
        ("The deal covers the transfer of the production process to Cardex.", "technology_transfer"),
        ("Helvon has started the tech transfer of its antibody to Cardex.", "technology_transfer"),
        ("海文生物将其专利及相关技术转让给卡德斯制药。", "technology_transfer"),
        ("双方约定将生产工艺转移至卡德斯制药的工厂。", "technology_transfer"),
        # co-development: trials run, costs shared, development funded together
        ("Helvon and Cardex will jointly conduct a global Phase 3 of the drug.", "co_development"),
        ("The two companies will share global development costs equally.", "co_development"),
        (
            "The foundation will provide up to $30 million in funding to support development of the vaccine.",
            "co_development",
        ),
        ("双方将共同开展该药物在全球多个国家的多中心III期临床试验。", "co_development"),
        ("双方将共同推进其新型口服小分子抑制剂的I/II期临床开发。", "co_development"),
        ("双方将共同承担全球开发费用。", "co_development"),
        ("Helvon will collaborate on the clinical development of HV-101 with Cardex.", "co_development"),
        ("两家公司将携手推进该抗体的全球临床开发。", "co_development"),
        # commercialization partners
        ("Cardex was named the commercialization partner for HV-101 in Japan.", "commercialization"),
        ("卡德斯将作为HV-101在中国的独家经销商。", "commercialization"),
        ("该基金会将提供2000万美元资金,用于支持该疫苗的临床开发。", "co_development"),
        # research: discovery pacts, research run together, commissioned R&D
        ("Helvon signs an antibody discovery pact with Cardex.", "research_collaboration"),
        ("Cardex struck an AI drug discovery deal with Helvon.", "research_collaboration"),
        ("海文生物曾与卡德斯研究院合作开展制剂稳定性研究。", "research_collaboration"),
        ("海文生物与卡德斯大学签署技术开发合同,由后者开发新晶型。", "research_collaboration"),
        ("海文生物与卡德斯达成抗体发现合作。", "research_collaboration"),
        # licensing: rights named by region, rights handed over
        ("Cardex pays Helvon $50M for ex-China rights to HV-101.", "licensing"),
        ("海文生物将HV-101在东南亚的商业化权利授予卡德斯。", "licensing"),
        # commercialization: rights to sell only
        ("Cardex obtained exclusive rights to import, distribute and sell HV-101 in China.", "commercialization"),
        ("Helvon grants the venture sole rights to sell and promote HV-101.", "commercialization"),
        # equity: a round told with an approximate sum
        ("Cardex previously raised about $90 million from investors led by Polar Capital.", "equity_investment"),
    ],
)
def test_cue_family(sentence, kind):
    assert kind in types_of(sentence)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # rights of first negotiation / options not exercised
        ("Cardex received a right of first negotiation to acquire Helvon, which it has not exercised.", "acquisition"),
        ("Cardex holds an option to acquire Helvon, which it has not yet exercised.", "acquisition"),
        ("卡德斯同时获得未来收购海文生物的优先谈判权,但目前尚未行使。", "acquisition"),
        ("卡德斯获得收购海文生物的选择权。", "acquisition"),
        # rights to sell only are no licence
        ("Cardex obtained exclusive rights to import, distribute and sell HV-101 in China.", "licensing"),
        # buying doses is procurement
        ("Gavi agreed to buy future malaria vaccines for lower-income countries.", "acquisition"),
        ("The agency will purchase up to 10 million doses.", "acquisition"),
        # money put into capacity, a country or a venture's shares
        ("Helvon will invest a further $15 million in working capital.", "equity_investment"),
        ("Helvon has invested more than $1 billion in China over the decade.", "equity_investment"),
        ("Helvon holds 51% of the joint venture and Cardex 49%.", "equity_investment"),
        ("海文生物持有合资公司51%股权,卡德斯持有49%。", "equity_investment"),
        # a development contract for a drug developed together is co-development
        ("海文生物与卡德斯研究所签订《技术开发合同》,双方合作开发一个新药。", "research_collaboration"),
        # fill-finish capacity talk
        ("Novo bought the group partly to secure fill-finish sites.", "manufacturing"),
        # trend talk and market shares
        ("Chinese assets accounted for roughly 30% of in-licensing deals by big pharma.", "licensing"),
        ("中国资产占全球授权交易总额的30%以上。", "licensing"),
        ("Chinese biotechs increasingly rely on out-licensing deals.", "licensing"),
        # a clinical study run together is co-development, not research
        ("双方将合作开展III期临床研究。", "research_collaboration"),
    ],
)
def test_cue_negatives(sentence, absent):
    assert absent not in types_of(sentence)


def test_exercised_option_is_still_a_licence():
    assert "licensing" in types_of("Cardex exercised its option to license HV-101 from Helvon.")
    assert "licensing" not in types_of("Cardex has not exercised its option to license HV-101.")


def test_granted_sell_rights_give_licence_and_commercialization_zh():
    kinds = types_of("海文生物将HV-101在东南亚的商业化权利授予卡德斯。")
    assert {"licensing", "commercialization"} <= kinds


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        (
            "Helvon will transfer its manufacturing technology to Cardex.",
            ["Helvon", "Cardex"],
            ("technology_transfer", frozenset({"Helvon", "Cardex"})),
        ),
        (
            "海文生物将其专利及相关技术转让给卡德斯制药。",
            ["海文生物", "卡德斯制药"],
            ("technology_transfer", frozenset({"海文生物", "卡德斯制药"})),
        ),
        (
            "Helvon and Cardex will jointly conduct a global Phase 3 of HV-101.",
            ["Helvon", "Cardex"],
            ("co_development", frozenset({"Helvon", "Cardex"})),
        ),
        (
            "海文生物与卡德斯将共同开展HV-101的全球多中心III期临床试验。",
            ["海文生物", "卡德斯"],
            ("co_development", frozenset({"海文生物", "卡德斯"})),
        ),
        (
            "Helvon signs an antibody discovery pact with Cardex.",
            ["Helvon", "Cardex"],
            ("research_collaboration", frozenset({"Helvon", "Cardex"})),
        ),
        (
            "海文生物与卡德斯达成抗体发现合作。",
            ["海文生物", "卡德斯"],
            ("research_collaboration", frozenset({"海文生物", "卡德斯"})),
        ),
    ],
)
def test_records_of_new_cues(text, names, want):
    assert want in records(text, names)


@pytest.mark.parametrize(
    ("text", "names", "unwanted"),
    [
        (
            "Cardex received a right of first negotiation to acquire Helvon, which it has not exercised.",
            ["Cardex", "Helvon"],
            "acquisition",
        ),
        ("卡德斯同时获得未来收购海文生物的优先谈判权,但目前尚未行使。", ["卡德斯", "海文生物"], "acquisition"),
    ],
)
def test_no_record_from_unexercised_rights(text, names, unwanted):
    assert all(kind != unwanted for kind, _ in records(text, names))


def test_new_cue_patterns_keep_anchors():
    """Every cue added here has a literal prefilter, and each match holds one of its anchors."""
    rules = {r.id: r for r in load_rules().cues}
    for rid in (
        "en-tt-of",
        "zh-tt-object",
        "en-codev-costs",
        "en-codev-funding",
        "zh-codev-costs",
        "zh-codev-funding",
        "en-research-pact",
        "zh-research-run",
        "zh-research-contract",
        "en-lic-rights-region",
        "zh-lic-rights-granted",
        "en-comm-rights-to-sell",
        "en-block-purchase",
        "en-block-venture-stake",
        "zh-block-venture-stake",
    ):
        rule = rules[rid]
        assert rule.anchors, rid
        assert anchors_of(rule.regex.pattern) == rule.anchors, rid


# Round 2: change of control, plants sold, trials run "by both", research
# funding, and the remarks, plans and business lines that name no deal.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Phase 3 trial will be run jointly by Helvon and Cardex.", "co_development"),
        ("HV-101的II期临床将由双方共同开展。", "co_development"),
        ("海文生物已与卡德斯医院合作,开展HV-101治疗淋巴瘤的研究者发起临床研究。", "co_development"),
        ("Cardex will become the controlling shareholder of Helvon.", "acquisition"),
        ("Cardex takes a controlling stake in Helvon for $300 million.", "acquisition"),
        ("交易完成后,卡德斯将成为海文生物的控股股东。", "acquisition"),
        ("卡德斯拟协议受让海文生物控股股东海文集团所持海文生物25%的股份。", "acquisition"),
        ("海文生物将其位于江苏的生产基地以2亿元出售给卡德斯。", "acquisition"),
        ("Cardex will pay Helvon an upfront payment and research funding of $30 million.", "research_collaboration"),
        ("卡德斯将向海文生物支付首付款及研究经费合计3000万美元。", "research_collaboration"),
        # sell-only rights, and a maker supplying finished product
        ("Cardex acquired exclusive rights to commercialize HV-101 in Japan.", "commercialization"),
        ("Helvon keeps manufacturing and will supply finished product to Cardex.", "manufacturing"),
        ("HV-101将继续由海文生物的工厂生产并以成品形式供应给卡德斯。", "manufacturing"),
        # placements are financing rounds
        ("Helvon closed a $80 million private placement led by Polar Capital.", "equity_investment"),
        ("海文生物拟通过定向增发向卡德斯资本募资5亿元。", "equity_investment"),
    ],
)
def test_cue_family_round2(sentence, kind):
    assert kind in types_of(sentence)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        # a plant sold is no manufacturing deal; a business line names none
        ("海文生物将其位于江苏的生产基地以2亿元出售给卡德斯。", "manufacturing"),
        ("出售完成后,海文生物将集中资源发展CDMO业务。", "manufacturing"),
        ("出售完成后,海文生物将集中资源发展CDMO业务。", "acquisition"),
        ("卡德斯还将获得海文生物的两条注射剂生产线。", "manufacturing"),
        # a stage, a team or a venture's focus is no commercialization deal
        ("卡德斯为HV-101的临床及早期商业化阶段提供载体生产服务。", "commercialization"),
        ("合资公司将专注于双抗在东南亚市场的开发和商业化。", "commercialization"),
        # selling shares is a financing; booked IPR&D is accounting
        ("Helvon agreed to sell 2,000,000 shares of its common stock to Cardex.", "commercialization"),
        ("Cardex will record the payment as acquired in-process research and development expense.", "acquisition"),
        # an option to license, even one "to exercise", is not a licence yet
        ("卡德斯获得对每个项目行使独家许可的选择权。", "licensing"),
        # no plans, and a deal's benefit restated
        ("海文生物暂无对外授权HV-101的计划。", "licensing"),
        ("Helvon has no current plans to out-license HV-101.", "licensing"),
        ("Cardex acquired exclusive rights to commercialize HV-101 in Japan.", "licensing"),
        ("卡德斯表示,引进HV-101将进一步丰富其神经科产品线。", "licensing"),
    ],
)
def test_cue_negatives_round2(sentence, absent):
    assert absent not in types_of(sentence)


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        (
            "交易完成后,卡德斯将成为海文生物的控股股东。",
            ["卡德斯", "海文生物"],
            ("acquisition", frozenset({"卡德斯", "海文生物"})),
        ),
        (
            "Cardex will become the controlling shareholder of Helvon.",
            ["Cardex", "Helvon"],
            ("acquisition", frozenset({"Cardex", "Helvon"})),
        ),
        (
            "HV-101的II期临床将由海文生物与卡德斯共同开展。",
            ["海文生物", "卡德斯"],
            ("co_development", frozenset({"海文生物", "卡德斯"})),
        ),
    ],
)
def test_records_of_round2_cues(text, names, want):
    assert want in records(text, names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Cardex licensed HV-101 to Helvon. Helvon raised $50 million in a private placement in May.",
            ["Cardex", "Helvon"],
        ),
        ("卡德斯将HV-101授权给海文生物。海文生物今年还完成了定向增发。", ["卡德斯", "海文生物"]),
    ],
)
def test_placement_does_not_borrow_parties(text, names):
    # a placement's investors are named with it, never the last deal's partner
    assert all(kind != "equity_investment" for kind, _ in records(text, names))


# Round 3: production services and supply pacts, "to license", rights
# acquired (no takeover), options to co-promote, arbitration, a plant
# "licensed" (approved), money put into a lab, founders' venture shares.
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("卡德斯将为海文生物的HV-101提供原料药及制剂的临床样品生产服务。", "manufacturing"),
        ("海文生物与卡德斯签订商业化生产供应协议。", "manufacturing"),
        ("Cardex and Helvon sign $40 million supply pact for HV-101.", "manufacturing"),
        ("Helvon pays $90 million to license Cardex's antibody HV-101.", "licensing"),
        ("Helvon has acquired exclusive rights to develop and commercialize HV-101 in Korea.", "licensing"),
        ("In Europe, HV-101 is commercialized by our partner Cardex.", "commercialization"),
        ("Helvon raised HK$500 million in a top-up placement.", "equity_investment"),
        ("Nordar Capital took HK$100 million of the placing.", "equity_investment"),
        ("作为对价,海文生物将获得首付款及价值约1亿美元的卡德斯股权。", "equity_investment"),
    ],
)
def test_cue_family_round3(sentence, kind):
    assert kind in types_of(sentence)


@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("Helvon has acquired exclusive rights to develop and commercialize HV-101 in Korea.", "acquisition"),
        ("Helvon holds an option to co-promote HV-101 in Austria.", "commercialization"),
        (
            "Helvon is in arbitration with its former contract manufacturer Cardex over unpaid invoices.",
            "manufacturing",
        ),
        ("海文生物与其原代工方卡德斯就未付货款提起仲裁。", "manufacturing"),
        ("Until the plant is licensed, Helvon will ship bulk vaccine to Cardex.", "licensing"),
        ("Helvon will invest $8 million over five years in the joint lab with Cardex.", "equity_investment"),
        ("Helvon will invest $8 million in a new facility near Lyon.", "equity_investment"),
        ("Cardex will contribute $51 million in cash for a 51% stake, and Helvon will hold 49%.", "equity_investment"),
        ("海文生物获得1000万美元首付款及新公司19.9%的股权。", "equity_investment"),
        ("海文生物将HV-101授权给新成立的卡德斯,并获得其19.9%股权。", "equity_investment"),
        ("海文生物将根据一般性授权配售新股。", "licensing"),
        ("但我们不会为了首付款而授权,关键是合作方的能力。", "licensing"),
        # the terms of the original (ended) agreement told again
        ("根据原协议,卡德斯已向海文生物支付1000万美元首付款。", "licensing"),
        ("根据2021年的协议,卡德斯曾向海文生物支付首付款500万美元。", "licensing"),
        ("Helvon had received $40 million upfront under the deal.", "licensing"),
        ("Under the original agreement, Cardex paid $40 million upfront.", "licensing"),
        # a company's own line or plant, and page chrome, name no deal
        ("Cardex, which is preparing an IPO, operates an isotope production line in Sichuan.", "manufacturing"),
        ("Helvon owns two commercial manufacturing plants in Ohio.", "manufacturing"),
        ("© 海文医药网 版权所有 未经授权禁止转载", "licensing"),
    ],
)
def test_cue_negatives_round3(sentence, absent):
    assert absent not in types_of(sentence)


@pytest.mark.parametrize(
    ("text", "names", "want"),
    [
        (
            "海文生物与卡德斯签署合作协议,由后者为HV-101提供临床样品生产服务。",
            ["海文生物", "卡德斯"],
            ("manufacturing", frozenset({"海文生物", "卡德斯"})),
        ),
        (
            "Helvon signed a collaboration agreement with Cardex, which will provide clinical supply manufacturing services.",
            ["Helvon", "Cardex"],
            ("manufacturing", frozenset({"Helvon", "Cardex"})),
        ),
        (
            "Helvon pays $90 million to license Cardex's antibody HV-101.",
            ["Helvon", "Cardex"],
            ("licensing", frozenset({"Helvon", "Cardex"})),
        ),
        (
            "海文生物支付1亿元,获得卡德斯HV-101的独家许可。",
            ["海文生物", "卡德斯"],
            ("licensing", frozenset({"海文生物", "卡德斯"})),
        ),
    ],
)
def test_records_of_round3_cues(text, names, want):
    recs = records(text, names)
    assert want in recs
    # the firm kind replaces the bare agreement of the same parties
    assert ("strategic_alliance", want[1]) not in recs


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the full stop of "Inc." inside a Chinese sentence ends nothing
        (
            "海文生物公告,公司与美国Cardex Therapeutics, Inc.签订商业化生产供应协议。",
            {("manufacturing", frozenset({"海文生物", "Cardex Therapeutics, Inc."}))},
        ),
        (
            '海文生物公告,公司与Cardex Therapeutics, Inc.(以下简称"Cardex")签订商业化生产供应协议。',
            {("manufacturing", frozenset({"海文生物", "Cardex Therapeutics, Inc."}))},
        ),
    ],
)
def test_company_suffix_stop_ends_no_chinese_sentence(text, want):
    got = {(c.type, frozenset(p.name for p in c.parties)) for c in extract(text).cooperations}
    assert got == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # an institute followed by its parent body is one party
        (
            "Helvon opened a joint lab with the Suzhou Institute of Biophysics (SIB), Chinese Academy of Sciences.",
            ["Suzhou Institute of Biophysics"],
        ),
        (
            "Cardex works with the Lanmoor Institute of Virology, Ostend University on the study.",
            ["Lanmoor Institute of Virology"],
        ),
        # a list of universities stays a list
        ("Helvon funds labs at Lanmoor University, Ostend University.", ["Lanmoor University", "Ostend University"]),
    ],
)
def test_parent_body_after_comma_is_no_second_party(text, want):
    assert [m.name for m in find_institutions(text, [])] == want


@pytest.mark.parametrize(
    ("text", "names", "founders"),
    [
        (
            "Helvon and Cardex form a NewCo\nHelvon and Cardex launched Nordar Bio, a jointly owned company.",
            ["Helvon", "Cardex", "Nordar Bio"],
            {"Helvon", "Cardex"},
        ),
        (
            "海文生物与卡德斯成立新公司\n海文生物与卡德斯宣布共同出资成立合资公司诺达生物。",
            ["海文生物", "卡德斯", "诺达生物"],
            {"海文生物", "卡德斯"},
        ),
    ],
)
def test_headline_venture_word_names_no_venture_on_next_line(text, names, founders):
    # the first company of the next line is a founder, not the venture itself
    ventures = [ids for kind, ids in records(text, names) if kind == "joint_venture"]
    assert ventures and all(founders <= ids for ids in ventures)


def test_runs_naming_parties_apart_merge_on_the_drug_code():
    def coop(names, ids, drug):
        parties = tuple(Party(i, n, None) for i, n in zip(ids, names, strict=True))
        return Cooperation("equity_investment", parties, (drug,), (f"d:{drug}",), (), None, "", 0, 0, 0.8)

    en = coop(["Nordar Capital", "Helvon Bio"], ["c:nordar", "c:helvon"], "HV-101")
    other = coop(["Ostend Capital", "Helvon Bio"], ["c:ostend", "c:helvon"], "HV-202")
    zh = coop(["诺达资本", "海文生物"], ["new:诺达资本", "new:海文生物"], "HV-101")
    merged = merge_cooperations([en, other], [zh])
    # the Chinese run's record is the English one told again, not a third deal
    assert [c.parties[0].name for c in merged] == ["Nordar Capital", "Ostend Capital"]
    # a record with another drug and known parties stays apart
    known = coop(["Cardex", "Ivex"], ["c:cardex", "c:ivex"], "HV-101")
    assert len(merge_cooperations([en], [known])) == 2


def test_runs_naming_parties_apart_merge_on_money_and_a_like_name():
    def coop(names, ids, value):
        parties = tuple(Party(i, n, None) for i, n in zip(ids, names, strict=True))
        money = (Amount("8m", 0, 2, Decimal(value), "GBP", "investment"),)
        return Cooperation("research_collaboration", parties, (), (), money, None, "", 0, 0, 0.8)

    en = coop(["Helvon AI Ltd", "Lanmoor Institute of Virology"], ["new:helvon ai ltd", "inst:lanmoor"], 8_000_000)
    zh = coop(["Helvon", "兰摩病毒研究所"], ["new:helvon", "inst:兰摩病毒研究所"], 8_000_000)
    assert len(merge_cooperations([en], [zh])) == 1
    # other money, or no name alike, keeps two deals
    assert len(merge_cooperations([en], [coop(["Helvon", "兰摩病毒研究所"], ["new:helvon", "inst:x"], 9_000_000)])) == 2
    assert len(merge_cooperations([en], [coop(["卡德斯", "兰摩病毒研究所"], ["new:卡德斯", "inst:x"], 8_000_000)])) == 2


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("恒瑞医药与苏州市吴中区人民政府签署战略合作框架协议。", ["苏州市吴中区人民政府"]),
        ("Lumora Pharma signed an agreement with the Gujarat government.", ["Gujarat government"]),
        (
            "BeiGene signed an agreement with the Hangzhou Bay Administrative Committee.",
            ["Hangzhou Bay Administrative Committee"],
        ),
        ("The government approved it. Local government support was strong.", []),
    ],
)
def test_local_governments_are_institutions(text, names):
    assert [m.name for m in find_institutions(text, [])] == names


@pytest.mark.parametrize(
    "text",
    [
        "恒瑞医药与苏州市吴中区人民政府签署战略合作框架协议。",
        "BeiGene signed a strategic cooperation agreement with the Hangzhou Bay Administrative Committee.",
    ],
)
def test_a_framework_agreement_with_a_local_government_is_an_alliance(text):
    coops = extract(text).cooperations
    assert [c.type for c in coops] == ["strategic_alliance"]
    assert any(p.entity_id.startswith("inst:") for p in coops[0].parties)
